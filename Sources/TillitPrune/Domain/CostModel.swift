import Foundation
import TillitPlatform

/// The Standard Cost Model as plain functions: minutes × occurrences per year × population, split
/// over the units a requirement applies to, summed per unit and subtree, per type and per issuer,
/// and what a decision changes. Time is counted in whole minutes per year, so sums are exact.
public enum CostModel {
    /// What a requirement's numbers may be: anything outside is refused with a message.
    public enum Limits {
        /// Minutes per occurrence: up to a working week.
        public static let minutes: ClosedRange<Int> = 1...2400
        /// A staff member's own estimate may be zero ("it takes me no time").
        public static let assessedMinutes: ClosedRange<Int> = 0...2400
        /// People or cases.
        public static let population: ClosedRange<Int> = 1...100_000
        /// Cases per year for `per_arende`.
        public static let casesPerYear: ClosedRange<Int> = 1...100_000
        public static let usefulness: ClosedRange<Int> = 1...5
    }

    /// The product of non-negative factors, saturating at `Int64.max` instead of trapping.
    public static func product(_ factors: [Int64]) -> Int64 {
        var result: Int64 = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: max(0, factor))
            if overflow { return .max }
            result = value
        }
        return result
    }

    /// A sum of non-negative terms, saturating at `Int64.max`.
    public static func sum(_ terms: some Sequence<Int64>) -> Int64 {
        var result: Int64 = 0
        for term in terms {
            let (value, overflow) = result.addingReportingOverflow(max(0, term))
            if overflow { return .max }
            result = value
        }
        return result
    }

    /// The hourly cost of a requirement's work: the mean of its roles' hourly costs where set
    /// (each role without its own falls back to the organisation's), else the organisation's.
    public static func hourlyCost(roles: [RequirementRole], organisation: Int, perRole: [RequirementRole: Int]) -> Double {
        let distinct = Array(Set(roles))
        guard !distinct.isEmpty else { return Double(organisation) }
        let total = distinct.reduce(0) { $0 + (perRole[$1] ?? organisation) }
        return Double(total) / Double(distinct.count)
    }

    /// The yearly cost in kronor of `minutesPerYear` at `hourlyCost`.
    public static func cost(minutesPerYear: Int64, hourlyCost: Double) -> Double {
        Double(minutesPerYear) / 60 * hourlyCost
    }

    /// How a requirement's minutes per year are split over the units it applies to: evenly, the
    /// remainder one minute each to the units with the lowest ids, so the parts add up exactly.
    public static func allocation(minutesPerYear: Int64, units: [Int64]) -> [Int64: Int64] {
        let distinct = Array(Set(units)).sorted()
        var parts: [Int64: Int64] = [:]
        for (index, unit) in distinct.enumerated() {
            parts[unit] = share(of: minutesPerYear, at: index, among: distinct.count)
        }
        return parts
    }

    /// The part of `minutesPerYear` that falls on the unit at `index` among `count` distinct units
    /// in id order: an even share, and one minute more for each of the first `remainder` units.
    static func share(of minutesPerYear: Int64, at index: Int, among count: Int) -> Int64 {
        let n = Int64(count)
        return minutesPerYear / n + (Int64(index) < minutesPerYear % n ? 1 : 0)
    }

    /// The sum of ``allocation(minutesPerYear:units:)``'s parts for the units in `scope`, without
    /// building the allocation when the units come sorted and distinct (as they are stored).
    public static func part(minutesPerYear: Int64, units: [Int64], in scope: Set<Int64>) -> Int64 {
        guard zip(units, units.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return sum(allocation(minutesPerYear: minutesPerYear, units: units).filter { scope.contains($0.key) }.map(\.value))
        }
        return sum(units.indices.filter { scope.contains(units[$0]) }.map { share(of: minutesPerYear, at: $0, among: units.count) })
    }

    /// One requirement as the figures see it: its minutes per year, hourly cost and where they fall.
    public struct Item: Sendable, Equatable {
        public let id: Int64
        public let type: RequirementType
        public let issuer: String
        public let minutesPerYear: Int64
        public let hourlyCost: Double
        public let units: [Int64]

        public init(id: Int64, type: RequirementType, issuer: String, minutesPerYear: Int64, hourlyCost: Double, units: [Int64]) {
            self.id = id
            self.type = type
            self.issuer = issuer
            self.minutesPerYear = minutesPerYear
            self.hourlyCost = hourlyCost
            self.units = units
        }

        public init(_ requirement: Requirement, hourlyCost: Double) {
            self.init(id: requirement.id, type: requirement.type, issuer: requirement.issuer, minutesPerYear: requirement.workload.minutesPerYear,
                      hourlyCost: hourlyCost, units: requirement.unitIDs)
        }
    }

    /// Minutes per year and kronor per year.
    public struct Amount: Sendable, Equatable {
        public var minutesPerYear: Int64 = 0
        public var costPerYear: Double = 0
        public init(minutesPerYear: Int64 = 0, costPerYear: Double = 0) {
            self.minutesPerYear = minutesPerYear
            self.costPerYear = costPerYear
        }
        public var hoursPerYear: Double { Double(minutesPerYear) / 60 }

        mutating func add(minutes: Int64, hourlyCost: Double) {
            minutesPerYear = CostModel.sum([minutesPerYear, minutes])
            costPerYear += CostModel.cost(minutesPerYear: minutes, hourlyCost: hourlyCost)
        }
    }

    /// The administrative burden on a set of units (a unit and its subtree).
    public struct Burden: Sendable, Equatable {
        public var total = Amount()
        public var byType: [RequirementType: Amount] = [:]
        public var byIssuer: [String: Amount] = [:]
        /// Each requirement's part that falls on the units, by requirement id (only those with a part).
        public var byRequirement: [Int64: Int64] = [:]
        public init() {}
    }

    /// What the requirements cost the units in `scope`: each requirement's part for those of its
    /// units inside the scope.
    public static func burden(of scope: Set<Int64>, _ items: [Item]) -> Burden {
        var burden = Burden()
        for item in items {
            let part = self.part(minutesPerYear: item.minutesPerYear, units: item.units, in: scope)
            guard part > 0 else { continue }
            burden.byRequirement[item.id] = part
            burden.total.add(minutes: part, hourlyCost: item.hourlyCost)
            burden.byType[item.type, default: Amount()].add(minutes: part, hourlyCost: item.hourlyCost)
            burden.byIssuer[item.issuer, default: Amount()].add(minutes: part, hourlyCost: item.hourlyCost)
        }
        return burden
    }

    /// The share of working time: hours over the hours the people of the units work in a year;
    /// nil when nobody works there.
    public static func shareOfWorkingTime(minutesPerYear: Int64, people: Int, annualHoursPerPerson: Int) -> Double? {
        guard people > 0, annualHoursPerPerson > 0 else { return nil }
        return Double(minutesPerYear) / 60 / (Double(people) * Double(annualHoursPerPerson))
    }

    /// Why a decision cannot be taken.
    public enum Refusal: Error, Sendable, Equatable {
        /// `ta_bort` on an act or ordinance.
        case bindingCannotBeRemoved
        /// `förenkla` without a new number of minutes or a new frequency.
        case simplificationNeedsChange
        /// `förenkla` to something that takes as long or longer.
        case notSimpler
        /// A new frequency `per_arende` without a number of cases.
        case casesRequired
    }

    /// What a decision does to a requirement's workload, and the minutes per year it frees.
    public static func effect(of kind: RequirementDecisionKind, type: RequirementType, on before: Workload,
                              newMinutes: Int64? = nil, newFrequency: Frequency? = nil, newCasesPerYear: Int64? = nil) -> Result<(after: Workload, freed: Int64), Refusal> {
        switch kind {
        case .behall, .utred:
            return .success((before, 0))
        case .taBort:
            if type.isBinding { return .failure(.bindingCannotBeRemoved) }
            return .success((before, before.minutesPerYear))
        case .forenkla:
            guard newMinutes != nil || newFrequency != nil || newCasesPerYear != nil else { return .failure(.simplificationNeedsChange) }
            let frequency = newFrequency ?? before.frequency
            let cases = frequency == .perArende ? (newCasesPerYear ?? before.casesPerYear) : nil
            if frequency == .perArende, cases == nil { return .failure(.casesRequired) }
            let after = Workload(frequency: frequency, casesPerYear: cases, minutes: newMinutes ?? before.minutes, population: before.population)
            guard after.minutesPerYear < before.minutesPerYear else { return .failure(.notSimpler) }
            return .success((after, before.minutesPerYear - after.minutesPerYear))
        }
    }
}

/// What staff say about a requirement, shown only when enough people answered.
public struct StaffView: Sendable, Hashable {
    public let n: Int
    public let medianMinutes: Double
    /// How many answered 1 … 5.
    public let usefulness: UsefulnessCounts
    /// The mean usefulness, 1 … 5.
    public let meanUsefulness: Double
    /// Comments, in alphabetical order (never the order they were written in).
    public let comments: [String]

    /// The aggregate of `assessments`, or nil when fewer than `threshold` answered.
    public static func compute(_ assessments: [Assessment], threshold: Int) -> StaffView? {
        guard !assessments.isEmpty, assessments.count >= max(1, threshold) else { return nil }
        let minutes = assessments.map(\.minutes).sorted()
        let middle = minutes.count / 2
        let median = minutes.count % 2 == 1 ? Double(minutes[middle]) : (Double(minutes[middle - 1]) + Double(minutes[middle])) / 2
        let usefulness = UsefulnessCounts(assessments.lazy.map(\.usefulness))
        let total = assessments.reduce(0.0) { $0 + Double($1.usefulness) }
        let comments = assessments.compactMap { $0.comment.flatMap { $0.isEmpty ? nil : $0 } }.sorted { SwedishCollation.precedes($0, $1) }
        return StaffView(n: assessments.count, medianMinutes: median, usefulness: usefulness,
                         meanUsefulness: total / Double(assessments.count), comments: comments)
    }

    /// Minutes per year with staff's median minutes in place of the registered minutes.
    public func minutesPerYear(_ workload: Workload) -> Int64 {
        CostModel.product([Int64(medianMinutes.rounded()), workload.occurrencesPerYear, workload.population])
    }
}

/// How many answered each usefulness rating, 1 … 5: five counts in a row, cheap to make, compare
/// and hash (every list of requirements makes one per requirement and keys its kept page by them).
public struct UsefulnessCounts: Sendable, Hashable {
    private var counts: [Int]

    /// The counts of `ratings`; a rating outside 1 … 5 is counted in none.
    public init(_ ratings: some Sequence<Int>) {
        var counts = [Int](repeating: 0, count: CostModel.Limits.usefulness.count)
        for rating in ratings where CostModel.Limits.usefulness.contains(rating) {
            counts[rating - CostModel.Limits.usefulness.lowerBound] += 1
        }
        self.counts = counts
    }

    /// How many answered `rating` (0 for a rating outside 1 … 5).
    public subscript(rating: Int) -> Int {
        CostModel.Limits.usefulness.contains(rating) ? counts[rating - CostModel.Limits.usefulness.lowerBound] : 0
    }
}

/// The order in which requirements are best reviewed: high cost and low usefulness first.
public enum ReviewOrder {
    /// The weight of a requirement in the review list: its cost, weighed by how little staff find it
    /// helps (usefulness 1 weighs 1, 5 weighs 1/5); without enough answers, as a neutral 3.
    public static func priority(costPerYear: Double, meanUsefulness: Double?) -> Double {
        let usefulness = min(5, max(1, meanUsefulness ?? 3))
        return costPerYear * (6 - usefulness) / 5
    }
}
