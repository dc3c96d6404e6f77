import Foundation
import PropertyBased
import Testing
import TillitPlatform
@testable import TillitPrune
import TillitTestSupport

/// The arithmetic of the Standard Cost Model over generated organisations and inventories.
@Suite("Prune: cost model properties")
struct CostModelPropertyTests {
    static let organisations = Gen.int(in: 0...1000).array(of: 0...20)
    static let frequencies = Gen.int(in: 0...(Frequency.allCases.count - 1)).map { Frequency.allCases[$0] }
    static let workloads = zip(frequencies, Gen.int(in: CostModel.Limits.casesPerYear), Gen.int(in: CostModel.Limits.minutes),
                               Gen.int(in: CostModel.Limits.population))
        .map { t in Workload(frequency: t.0, casesPerYear: Int64(t.1), minutes: Int64(t.2), population: Int64(t.3)) }
    /// Requirements as (workload, type index, unit picks, hourly cost).
    static let inventories = zip(workloads, Gen.int(in: 0...5), Gen.int(in: 1...21).array(of: 1...4), Gen.int(in: 100...5000))
        .array(of: 0...12)

    static func items(_ inventory: [(Workload, Int, [Int], Int)], units: Int) -> [CostModel.Item] {
        inventory.enumerated().map { index, entry in
            CostModel.Item(id: Int64(index + 1), type: RequirementType.allCases[entry.1], issuer: "issuer \(entry.1 % 3)",
                           minutesPerYear: entry.0.minutesPerYear, hourlyCost: Double(entry.3),
                           units: entry.2.map { Int64(($0 - 1) % units + 1) })
        }
    }

    @Test("minutes per year are minutes × occurrences × population, and hours are those minutes over 60")
    func standardCostModel() async {
        await propertyCheck(count: 300, input: Self.workloads) { workload in
            let occurrences: Int64 = switch workload.frequency {
            case .dag: 220
            case .vecka: 46
            case .manad: 12
            case .kvartal: 4
            case .ar: 1
            case .perArende: workload.casesPerYear!
            }
            #expect(workload.minutesPerYear == workload.minutes * occurrences * workload.population)
            #expect(abs(workload.hoursPerYear * 60 - Double(workload.minutesPerYear)) <= 1e-12 * Double(workload.minutesPerYear))
        }
    }

    @Test("a requirement's parts over its units add up to the whole, and differ by at most one minute")
    func allocation() async {
        await propertyCheck(count: 300, input: Self.workloads, Gen.int(in: 1...50).array(of: 1...8)) { workload, picks in
            let parts = CostModel.allocation(minutesPerYear: workload.minutesPerYear, units: picks.map(Int64.init))
            #expect(Set(parts.keys) == Set(picks.map(Int64.init)))
            #expect(parts.values.reduce(0, +) == workload.minutesPerYear)
            #expect((parts.values.max() ?? 0) - (parts.values.min() ?? 0) <= 1)
        }
    }

    @Test("the part of a requirement in a set of units is the sum of its allocation there, whatever order its units come in")
    func partInScope() async {
        await propertyCheck(count: 400, input: Self.workloads, Gen.int(in: 1...30).array(of: 0...8), Gen.int(in: 1...30).array(of: 0...12),
                            Gen.bool) { workload, picks, scopePicks, sorted in
            let units = sorted ? Array(Set(picks.map(Int64.init))).sorted() : picks.map(Int64.init)
            let scope = Set(scopePicks.map(Int64.init))
            let expected = CostModel.allocation(minutesPerYear: workload.minutesPerYear, units: units)
                .filter { scope.contains($0.key) }.map(\.value).reduce(0, +)
            #expect(CostModel.part(minutesPerYear: workload.minutesPerYear, units: units, in: scope) == expected)
        }
    }

    @Test("a unit's burden is the sum of its requirements' parts, and equals its own part plus its children's")
    func unitSums() async {
        await propertyCheck(count: 200, input: Self.organisations, Self.inventories, Gen.int(in: 1...21)) { parents, inventory, pick in
            let tree = UnitTree.generated(parents)
            let count = parents.count + 1
            let items = Self.items(inventory, units: count)
            let unit = Int64((pick - 1) % count + 1)
            let burden = CostModel.burden(of: tree.subtree(of: unit), items)
            // the unit's sum is the sum of its requirements
            #expect(burden.total.minutesPerYear == burden.byRequirement.values.reduce(0, +))
            #expect(burden.total.minutesPerYear == burden.byType.values.map(\.minutesPerYear).reduce(0, +))
            #expect(burden.total.minutesPerYear == burden.byIssuer.values.map(\.minutesPerYear).reduce(0, +))
            #expect(abs(burden.total.costPerYear - burden.byType.values.map(\.costPerYear).reduce(0, +)) <= 1e-6 * max(1, burden.total.costPerYear))
            // a subtree is its own unit plus its children's subtrees
            let own = CostModel.burden(of: [unit], items).total.minutesPerYear
            let children = tree.children(of: unit).map { CostModel.burden(of: tree.subtree(of: $0.id), items).total.minutesPerYear }
            #expect(burden.total.minutesPerYear == own + children.reduce(0, +))
            // the whole organisation carries every requirement in full
            let all = CostModel.burden(of: Set(tree.units.keys), items)
            #expect(all.total.minutesPerYear == items.map(\.minutesPerYear).reduce(0, +))
        }
    }

    @Test("a decision changes exactly what it should: keep and investigate nothing, remove all of it, simplify the difference")
    func decisions() async {
        await propertyCheck(count: 400, input: Self.workloads, Gen.int(in: 0...5), Gen.int(in: 0...3),
                            Gen.int(in: CostModel.Limits.minutes), Self.frequencies) { before, typeIndex, kindIndex, newMinutes, newFrequency in
            let type = RequirementType.allCases[typeIndex]
            let kind = RequirementDecisionKind.allCases[kindIndex]
            let result = CostModel.effect(of: kind, type: type, on: before, newMinutes: Int64(newMinutes), newFrequency: newFrequency,
                                          newCasesPerYear: newFrequency == .perArende ? 10 : nil)
            switch (kind, result) {
            case (.behall, .success(let effect)), (.utred, .success(let effect)):
                #expect(effect.after == before && effect.freed == 0)
            case (.taBort, .success(let effect)):
                #expect(!type.isBinding)
                #expect(effect.freed == before.minutesPerYear)
            case (.taBort, .failure(let refusal)):
                #expect(type.isBinding && refusal == .bindingCannotBeRemoved)
            case (.forenkla, .success(let effect)):
                #expect(effect.after.population == before.population)
                #expect(effect.after.minutes == Int64(newMinutes) && effect.after.frequency == newFrequency)
                #expect(effect.freed > 0 && effect.freed == before.minutesPerYear - effect.after.minutesPerYear)
            case (.forenkla, .failure(let refusal)):
                #expect(refusal == .notSimpler)
                let after = Workload(frequency: newFrequency, casesPerYear: 10, minutes: Int64(newMinutes), population: before.population)
                #expect(after.minutesPerYear >= before.minutesPerYear)
            default:
                Issue.record("unexpected \(kind) → \(result)")
            }
        }
    }

    @Test("staff aggregates appear only from the threshold, and count every answer once")
    func staffView() async {
        let answers = zip(Gen.int(in: CostModel.Limits.assessedMinutes), Gen.int(in: CostModel.Limits.usefulness))
            .map { t in Assessment(minutes: Int64(t.0), usefulness: t.1, comment: nil) }.array(of: 0...15)
        await propertyCheck(count: 300, input: answers, Gen.int(in: 3...10)) { assessments, threshold in
            let view = StaffView.compute(assessments, threshold: threshold)
            if assessments.count < threshold {
                #expect(view == nil)
            } else {
                #expect(view?.n == assessments.count)
                for rating in CostModel.Limits.usefulness {
                    #expect(view?.usefulness[rating] == assessments.filter { $0.usefulness == rating }.count)
                }
                #expect(CostModel.Limits.usefulness.map { view!.usefulness[$0] }.reduce(0, +) == assessments.count)
                #expect(view!.meanUsefulness == Double(assessments.map(\.usefulness).reduce(0, +)) / Double(assessments.count))
                let sorted = assessments.map(\.minutes).sorted()
                #expect(Double(sorted.first!) <= view!.medianMinutes && view!.medianMinutes <= Double(sorted.last!))
                #expect((1.0...5.0).contains(view!.meanUsefulness))
            }
        }
    }

    @Test("the review order puts higher cost first at equal usefulness, and lower usefulness first at equal cost")
    func reviewOrder() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...1_000_000), Gen.int(in: 1...5), Gen.int(in: 1...5)) { a, b, u, w in
            if a > b { #expect(ReviewOrder.priority(costPerYear: Double(a), meanUsefulness: Double(u)) > ReviewOrder.priority(costPerYear: Double(b), meanUsefulness: Double(u))) }
            if u < w, a > 0 { #expect(ReviewOrder.priority(costPerYear: Double(a), meanUsefulness: Double(u)) > ReviewOrder.priority(costPerYear: Double(a), meanUsefulness: Double(w))) }
        }
    }
}

@Suite("Prune: cost model examples")
struct CostModelTests {
    @Test("a monthly report of 30 minutes for 40 people is 240 hours a year; per case counts the cases")
    func examples() {
        let monthly = Workload(frequency: .manad, casesPerYear: 99, minutes: 30, population: 40)
        #expect(monthly.casesPerYear == nil)
        #expect(monthly.hoursPerYear == 240)
        let perCase = Workload(frequency: .perArende, casesPerYear: 800, minutes: 10, population: 12)
        #expect(perCase.minutesPerYear == 96_000)
        #expect(CostModel.cost(minutesPerYear: perCase.minutesPerYear, hourlyCost: 450) == 720_000)
    }

    @Test("per-role hourly costs: the mean of the roles', each falling back to the organisation's")
    func hourlyCost() {
        #expect(CostModel.hourlyCost(roles: [], organisation: 450, perRole: [.chef: 700]) == 450)
        #expect(CostModel.hourlyCost(roles: [.chef], organisation: 450, perRole: [.chef: 700]) == 700)
        #expect(CostModel.hourlyCost(roles: [.chef, .medarbetare], organisation: 450, perRole: [.chef: 700]) == 575)
    }

    @Test("share of working time against annual hours × people; nobody working there gives none")
    func share() {
        #expect(CostModel.shareOfWorkingTime(minutesPerYear: 160 * 60, people: 10, annualHoursPerPerson: 1600) == 0.01)
        #expect(CostModel.shareOfWorkingTime(minutesPerYear: 60, people: 0, annualHoursPerPerson: 1600) == nil)
    }

    @Test("simplifying to a per-case frequency needs a number of cases")
    func casesRequired() {
        let before = Workload(frequency: .manad, casesPerYear: nil, minutes: 30, population: 40)
        func refusal(_ result: Result<(after: Workload, freed: Int64), CostModel.Refusal>) -> CostModel.Refusal? {
            if case .failure(let refusal) = result { return refusal }
            return nil
        }
        #expect(refusal(CostModel.effect(of: .forenkla, type: .riktlinje, on: before, newFrequency: .perArende)) == .casesRequired)
        #expect(refusal(CostModel.effect(of: .forenkla, type: .riktlinje, on: before)) == .simplificationNeedsChange)
        if case .success(let effect) = CostModel.effect(of: .forenkla, type: .lag, on: before, newFrequency: .kvartal) {
            #expect(effect.freed == before.minutesPerYear - 30 * 4 * 40)
        } else { Issue.record("a law may be simplified") }
    }

    @Test("the median of an even number of answers is the mean of the middle two; comments come in alphabetical order")
    func median() {
        let view = StaffView.compute([
            Assessment(minutes: 10, usefulness: 1, comment: "Öde"), Assessment(minutes: 20, usefulness: 2, comment: "Bra"),
            Assessment(minutes: 40, usefulness: 2, comment: nil), Assessment(minutes: 5, usefulness: 5, comment: "Ärlig"),
        ], threshold: 3)
        #expect(view?.medianMinutes == 15)
        #expect((0...6).map { view!.usefulness[$0] } == [0, 1, 2, 0, 0, 1, 0])
        #expect(view?.meanUsefulness == 2.5)
        // Counts compare and hash as the ratings they count, whatever order those came in.
        #expect(UsefulnessCounts([5, 1, 2, 2]) == view?.usefulness)
        #expect(UsefulnessCounts([5, 1, 2, 2]).hashValue == UsefulnessCounts([2, 5, 2, 1]).hashValue)
        #expect(UsefulnessCounts([5, 1, 2, 2]) != UsefulnessCounts([5, 1, 2, 3]))
        #expect(UsefulnessCounts([0, 6, -1]) == UsefulnessCounts([]))
        #expect(view?.comments == ["Bra", "Ärlig", "Öde"])
    }
}
