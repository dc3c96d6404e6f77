import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import TillitFollowUp
import TillitPlatform
import TillitTestSupport

enum Trees {
    /// A tree of `parents.count + 1` units: unit 1 is the root, unit i + 2 hangs under one of the units before it.
    static func generated(_ parents: [Int]) -> SurveyTree {
        var links: [Int64: Int64?] = [1: nil]
        for (index, pick) in parents.enumerated() { links[Int64(index + 2)] = Int64(pick % (index + 1) + 1) }
        return SurveyTree(root: 1, parents: links)
    }

    /// A tree from "child: parent" pairs, rooted at 1.
    static func of(_ pairs: [Int64: Int64]) -> SurveyTree {
        var links: [Int64: Int64?] = [1: nil]
        for (child, parent) in pairs { links[child] = parent }
        return SurveyTree(root: 1, parents: links)
    }

    static let likert = Questionnaire.Scale(steps: (1...5).map { BothLanguages(sv: "\($0)", en: "\($0)") }, dontKnow: BothLanguages(sv: "Vet ej", en: "Don't know"))
    static let questionnaire = Questionnaire(
        key: "test", version: 1, title: BothLanguages(sv: "Test", en: "Test"), audience: .staff,
        dimensions: [.init(id: "d", title: BothLanguages(sv: "D", en: "D"))],
        items: [
            .init(id: "a", kind: .likert(likert), dimension: "d", text: BothLanguages(sv: "A", en: "A")),
            .init(id: "b", kind: .likert(likert), dimension: "d", text: BothLanguages(sv: "B", en: "B")),
            .init(id: "c", kind: .choice([.init(id: "ja", label: BothLanguages(sv: "Ja", en: "Yes")), .init(id: "nej", label: BothLanguages(sv: "Nej", en: "No"))]),
                  dimension: nil, text: BothLanguages(sv: "C", en: "C")),
            .init(id: "f", kind: .text, dimension: nil, text: BothLanguages(sv: "F", en: "F")),
        ])

    /// `people[u]` respondents at unit u, each answering at random (with "don't know", skips and texts).
    static func responses(_ tree: SurveyTree, people: [Int64: Int], seed: Int) -> [ResponseRecord] {
        var random = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
        var result: [ResponseRecord] = []
        for unit in tree.units {
            for _ in 0..<(people[unit] ?? 0) {
                var answers: [String: Answer] = [:]
                for item in ["a", "b"] {
                    switch Int.random(in: 0..<10, using: &random) {
                    case 0: answers[item] = .dontKnow
                    case 1: break
                    default: answers[item] = .scale(Int.random(in: 1...5, using: &random))
                    }
                }
                if Bool.random(using: &random) { answers["c"] = .choice(Bool.random(using: &random) ? "ja" : "nej") }
                if Int.random(in: 0..<3, using: &random) == 0 { answers["f"] = .text("text \(Int.random(in: 0..<1_000_000, using: &random))") }
                result.append(ResponseRecord(unit: unit, answers: answers))
            }
        }
        return result
    }
}

@Suite("Follow up: disclosure control, hand-made cases")
struct DisclosureTests {
    @Test("a unit's own members beside its children are a group: a parent that would give away a manager's answers is hidden")
    func ownMembersAreAGroup() throws {
        // 1 → 2 → {3, 4}; unit 2 has one person of its own; 3 and 4 have six each.
        let tree = Trees.of([2: 1, 3: 2, 4: 2])
        let own: [Int64: Int] = [1: 5, 2: 1, 3: 6, 4: 6]
        let shown = Disclosure.shown(tree: tree, own: own, k: 5)
        #expect(shown.contains(3) && shown.contains(4), "the teams keep their own figures")
        #expect(!shown.contains(2), "2 minus 3 and 4 would be the one person of unit 2")
        #expect(shown.contains(1))
        let leaks = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: shown, own: own, k: 5)])
        #expect(leaks.isEmpty)
        // and the audit does see the leak when the parent is shown as well
        let naive = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: shown.union([2]), own: own, k: 5)])
        #expect(naive.contains { $0.group == [2] && $0.people == 1 })
    }

    @Test("a small child cannot be had by subtracting its visible siblings from the parent")
    func siblingSubtraction() throws {
        // 1 → {2, 3, 4}; 2 has two people, 3 and 4 have ten each, the top has none of its own.
        let tree = Trees.of([2: 1, 3: 1, 4: 1])
        let own: [Int64: Int] = [2: 2, 3: 10, 4: 10]
        let shown = Disclosure.shown(tree: tree, own: own, k: 5)
        #expect(!shown.contains(2), "primary suppression")
        // The level above gives way, also at the top: the teams keep their figures.
        #expect(!shown.contains(1))
        #expect(shown.isSuperset(of: [3, 4]))
        #expect(try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: shown, own: own, k: 5)]).isEmpty)
        // primary suppression alone leaks
        let naive = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: [1, 3, 4], own: own, k: 5)])
        #expect(naive.contains { $0.group == [2] })
    }

    @Test("across levels: a grandparent less a visible parent is no way round")
    func acrossLevels() throws {
        // 1 → {2 → {4, 5}, 3}; 3 has two people: 1 − 2 = 3 (and 1's own).
        let tree = Trees.of([2: 1, 3: 1, 4: 2, 5: 2])
        let own: [Int64: Int] = [3: 2, 4: 6, 5: 7]
        let shown = Disclosure.shown(tree: tree, own: own, k: 5)
        #expect(try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: shown, own: own, k: 5)]).isEmpty)
        #expect(!shown.contains(3))
        #expect(!(shown.contains(1) && shown.contains(2)), "1 and 2 together give 3")
        let naive = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: [1, 2, 4, 5], own: own, k: 5)])
        #expect(naive.contains { $0.people == 2 })
    }

    @Test("per item: 'don't know' lowers an item's count below k although the unit has enough respondents")
    func perItem() throws {
        let tree = Trees.of([2: 1, 3: 1])
        var responses: [ResponseRecord] = []
        for _ in 0..<6 { responses.append(ResponseRecord(unit: 2, answers: ["a": .scale(4), "b": .dontKnow])) }
        for _ in 0..<8 { responses.append(ResponseRecord(unit: 3, answers: ["a": .scale(2), "b": .scale(3)])) }
        let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [2: 8, 3: 10], responses: responses)
        let report = Reporting.report(data, k: 5, freeTextThreshold: 10)
        #expect(report.units[2]!.respondents == 6)
        #expect(report.units[2]!.items["a"]!.n == 6)
        #expect(report.units[2]!.items["a"]!.mean == 4)
        #expect(report.units[2]!.items["b"]!.suppressed == false, "no one answered b in unit 2: an empty group discloses nothing")
        #expect(report.units[2]!.items["b"]!.n == 0)
        #expect(report.units[3]!.items["b"]!.mean == 3)
        #expect(report.units[1]!.items["b"]!.n == 8)
        #expect(try RoundAudit.check(Array(report.units.values), data: data, k: 5, freeTextThreshold: 10).isClean)
    }

    @Test("a response rate is a count: it is hidden with the count")
    func responseRates() throws {
        let tree = Trees.of([2: 1, 3: 1])
        let responses = (0..<3).map { _ in ResponseRecord(unit: 2, answers: [:]) } + (0..<9).map { _ in ResponseRecord(unit: 3, answers: [:]) }
        let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [2: 4, 3: 12], responses: responses)
        let report = Reporting.report(data, k: 5, freeTextThreshold: 10)
        #expect(report.units[2]!.responseRate == nil && report.units[2]!.invited == 4)
        #expect(report.units[3]!.responseRate == nil || report.units[1]!.responseRate == nil)
        // a publication that shows every rate is caught
        let leaky = report.units.values.map { figures in
            UnitFigures(unitID: figures.unitID, parentID: figures.parentID, invited: figures.invited,
                        respondents: responses.filter { tree.subtree(of: figures.unitID).contains($0.unit) }.count, items: [:], texts: [:])
        }
        #expect(try !RoundAudit.check(leaky, data: data, k: 5, freeTextThreshold: 10).leaks.isEmpty)
    }

    @Test("free text only for groups of at least the free-text threshold, and not by set difference either")
    func freeText() throws {
        let tree = Trees.of([2: 1, 3: 1])
        let responses = (0..<12).map { ResponseRecord(unit: 2, answers: ["f": .text("två \($0)")]) }
            + (0..<4).map { ResponseRecord(unit: 3, answers: ["f": .text("tre \($0)")]) }
        let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [:], responses: responses)
        let report = Reporting.report(data, k: 3, freeTextThreshold: 10)
        #expect((report.units[2]!.texts["f"] ?? nil)?.count == 12)
        #expect((report.units[3]!.texts["f"] ?? nil) == nil)
        #expect((report.units[1]!.texts["f"] ?? nil) == nil, "the top's texts less unit 2's would be unit 3's four")
        #expect(try RoundAudit.check(Array(report.units.values), data: data, k: 3, freeTextThreshold: 10).isClean)
    }

    @Test("a unit's figures asked for again are the same, kept once put together; free texts come only when asked, all of them, in alphabetical order")
    func figuresAgain() throws {
        let tree = Trees.of([2: 1, 3: 1])
        var responses: [ResponseRecord] = []
        for index in 0..<12 {
            let answers: [String: Answer] = ["a": .scale(index % 5 + 1), "f": .text("svar \(index)")]
            responses.append(ResponseRecord(unit: 2, answers: answers))
        }
        for _ in 0..<6 { responses.append(ResponseRecord(unit: 3, answers: ["a": .scale(2)])) }
        let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [2: 20, 3: 6], responses: responses)
        let report = Reporting.report(data, k: 5, freeTextThreshold: 10)
        func sortedTexts(_ figures: UnitFigures) -> [String: [String]] {
            figures.texts.mapValues { ($0 ?? ["(hidden)"]).sorted() }
        }
        for unit: Int64 in [1, 2, 3] {
            let whole = report.units[unit]!
            let bare = report.figures(of: unit, texts: false)!
            #expect(bare.items == whole.items)
            #expect(bare.respondents == whole.respondents)
            #expect(bare.invited == whole.invited)
            #expect(bare.texts.isEmpty)
            let again = report.figures(of: unit)!
            #expect(again.items == whole.items)
            #expect(again.respondents == whole.respondents)
            #expect(sortedTexts(again) == sortedTexts(whole))
        }
        let unitTwo: [String] = (report.figures(of: 2)!.texts["f"] ?? nil) ?? []
        #expect(unitTwo.count == 12)
        #expect(unitTwo == ["svar 0", "svar 1", "svar 10", "svar 11", "svar 2", "svar 3", "svar 4", "svar 5", "svar 6", "svar 7", "svar 8", "svar 9"])
        #expect(report.figures(of: 99) == nil)
    }

    @Test("free texts come in Swedish alphabetical order whatever order they were written in: case, accents and equal texts in other bytes included")
    func freeTextOrder() throws {
        let tree = Trees.of([2: 1])
        // "é" written two ways, precomposed and as e with a combining accent: equal to Swift, so
        // the order is checked byte for byte.
        let written = ["öka tiden", "Bra", "bra", "ärligt", "zon", "åter", "Café", "Cafe\u{301}", "Cafe", "alla", "10 minuter", "2 minuter", "Ängel"]
        let expected = ["10 minuter", "2 minuter", "alla", "Bra", "bra", "Cafe", "Café", "Cafe\u{301}", "zon", "åter", "Ängel", "ärligt", "öka tiden"]
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<12 {
            let order = attempt == 0 ? written : written.shuffled(using: &generator)
            let responses = order.map { ResponseRecord(unit: 2, answers: ["a": .scale(3), "f": .text($0)]) }
            let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [2: 20], responses: responses)
            let texts = (Reporting.report(data, k: 5, freeTextThreshold: 10).figures(of: 2)!.texts["f"] ?? nil) ?? []
            #expect(texts.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "written in the order \(order)")
        }
    }

    @Test("a report that would publish too much is refused whole before any part of it is shown")
    func refusal() throws {
        let tree = Trees.of([2: 1, 3: 1])
        let responses = (0..<2).map { _ in ResponseRecord(unit: 2, answers: ["a": .scale(1)]) } + (0..<9).map { _ in ResponseRecord(unit: 3, answers: ["a": .scale(5)]) }
        let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [:], responses: responses)
        let safe = Reporting.report(data, k: 5, freeTextThreshold: 10)
        #expect(throws: Never.self) { try FollowUp.refuseLeaks(safe, data: data, k: 5, textK: 10) }
        // everything shown, as if disclosure control had failed: unit 2's two are the top less unit 3
        let everything = Reporting.compute(data, k: 1, textK: 1)
        let leaky = RoundReport(k: 5, freeTextThreshold: 10, units: everything.units.filter { $0.key != 2 })
        #expect(throws: DisclosureRefused.self) { try FollowUp.refuseLeaks(leaky, data: data, k: 5, textK: 10) }
    }

    @Test("the threshold is never below 3, whatever is asked")
    func minimumThreshold() {
        let tree = Trees.of([2: 1])
        let responses = (0..<2).map { _ in ResponseRecord(unit: 2, answers: ["a": .scale(5)]) }
        let report = Reporting.report(RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: [:], responses: responses), k: 1, freeTextThreshold: 1)
        #expect(report.k == 3)
        #expect(report.units[2]!.respondents == nil && report.units[1]!.respondents == nil)
    }

    @Test("the audit's arithmetic is exact: a determined group is found however the equations are arranged")
    func eliminationFindsCombinations() throws {
        // 1 → {2, 3}, 2 → {4}; shown: 1, 2, 3, 4 → own(1) = s1 − s2 − s3 and own(2) = s2 − s4 are both determined.
        let tree = Trees.of([2: 1, 3: 1, 4: 2])
        let leaks = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: [1, 2, 3, 4], own: [1: 1, 2: 2, 3: 9, 4: 9], k: 5)])
        #expect(Set(leaks.map(\.group)).isSuperset(of: [[1], [2]]))
        // With 3 hidden, s1 − s2 = own(1) + s3 is a group of 10: no leak for 1; 2 is still determined.
        let fewer = try DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: [1, 2, 4], own: [1: 1, 2: 2, 3: 9, 4: 9], k: 5)])
        #expect(!fewer.contains { $0.group == [1] })
        #expect(fewer.contains { $0.group == [2] })
    }
}

@Suite("Follow up: disclosure control over generated trees")
struct DisclosurePropertyTests {
    static let shapes = Gen.int(in: 0...1000).array(of: 0...18)
    static let sizes = Gen.int(in: 0...14).array(of: 19...19)

    @Test("no group of 1 … k − 1 people is computable from what is shown, for any tree and any counts")
    func noLeaks() async throws {
        let tally = Mutex((cases: 0, naiveLeaks: 0, hidden: 0))
        await propertyCheck(count: 2000, input: Self.shapes, Self.sizes, Gen.int(in: 3...7)) { parents, sizes, k in
            let tree = Trees.generated(parents)
            // Small groups are common in real trees: make zeros and ones and twos likely.
            let own = Dictionary(uniqueKeysWithValues: tree.units.enumerated().map { ($1, sizes[$0 % sizes.count] % 3 == 0 ? sizes[$0 % sizes.count] / 4 : sizes[$0 % sizes.count]) })
            let shown = Disclosure.shown(tree: tree, own: own, k: k)
            let leaks = try? DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: shown, own: own, k: k)])
            #expect(leaks == [])
            // the same tree with primary suppression alone, for comparison: the audit must see its leaks
            let primaryOnly = Set(tree.units.filter { unit in
                let people = tree.subtree(of: unit).reduce(0) { $0 + own[$1]! }
                return people == 0 || people >= k
            })
            let naive = (try? DisclosureAudit.leaks(tree: tree, figures: [.init(name: "n", shown: primaryOnly, own: own, k: k)])) ?? []
            tally.withLock {
                $0.cases += 1
                $0.naiveLeaks += naive.isEmpty ? 0 : 1
                $0.hidden += tree.units.count - shown.count
            }
            // the rule the method keeps: every shown unit's residual is empty or has k people
            for (_, residual) in Disclosure.residuals(tree: tree, own: own, shown: shown) {
                #expect(residual == 0 || residual >= k)
            }
            // primary suppression: no small subtree is shown
            for unit in shown {
                let people = tree.subtree(of: unit).reduce(0) { $0 + own[$1]! }
                #expect(people == 0 || people >= k)
            }
        }
        let seen = tally.withLock { $0 }
        #expect(seen.cases == 2000)
        // the generated trees are hard: primary suppression alone leaks in many of them
        #expect(seen.naiveLeaks > 200, "\(seen)")
        #expect(seen.hidden > 0)
    }

    @Test("the audit's elimination in the tree's basis finds exactly what dense elimination finds, for any shown set")
    func treeEliminationIsExact() async throws {
        let tally = Mutex((cases: 0, leaky: 0))
        await propertyCheck(count: 3000, input: Self.shapes, Self.sizes, Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 3...7)) { parents, sizes, pick, k in
            let tree = Trees.generated(parents)
            let own = Dictionary(uniqueKeysWithValues: tree.units.enumerated().map { ($1, sizes[$0 % sizes.count] % 3 == 0 ? sizes[$0 % sizes.count] / 4 : sizes[$0 % sizes.count]) })
            // any shown set, not only what the rule would show: most of them leak
            let shown = Set(tree.units.enumerated().filter { (pick >> ($0.offset % 31)) & 1 == 1 }.map(\.element))
            let figures: [DisclosureAudit.Figure] = [.init(name: "n", shown: shown, own: own, k: k)]
            let byTree = try? DisclosureAudit.leaks(tree: tree, figures: figures, method: .tree)
            let byDense = try? DisclosureAudit.leaks(tree: tree, figures: figures, method: .dense)
            #expect(byTree != nil && byTree == byDense, "tree \(byTree ?? []) dense \(byDense ?? [])")
            tally.withLock {
                $0.cases += 1
                $0.leaky += (byDense ?? []).isEmpty ? 0 : 1
            }
        }
        let seen = tally.withLock { $0 }
        #expect(seen.cases == 3000)
        #expect(seen.leaky > 500, "\(seen)")
    }

    @Test("a round's stored answers read the same through the fast reader as through the JSON parser")
    func storedAnswers() async {
        let texts = ["kort", "med \"citat\" och \\ snedstreck", "rad\nbrytning", "åäö ÅÄÖ", "a/b", "", "emoji 🙂", "tab\t"]
        await propertyCheck(count: 500, input: Gen.int(in: 0...1_000_000)) { seed in
            var random = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
            var fast = ResponseTable(questionnaire: Trees.questionnaire)
            var reference = ResponseTable(questionnaire: Trees.questionnaire)
            let reader = StoredAnswerReader(questionnaire: Trees.questionnaire)
            var scratch = StoredAnswerReader.Scratch()
            var fastPaths = 0
            for row in 0..<20 {
                var answers: [String: Answer] = [:]
                for item in ["a", "b"] {
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0: answers[item] = .dontKnow
                    case 1: break
                    default: answers[item] = .scale(Int.random(in: 1...5, using: &random))
                    }
                }
                if Bool.random(using: &random) { answers["c"] = .choice(Bool.random(using: &random) ? "ja" : "nej") }
                if Bool.random(using: &random) { answers["f"] = .text(texts[Int.random(in: 0..<texts.count, using: &random)]) }
                // kinds and items that do not fit count as skipped on both paths
                if Int.random(in: 0..<8, using: &random) == 0 { answers["a"] = .choice("ja") }
                if Int.random(in: 0..<8, using: &random) == 0 { answers["okänd"] = .scale(3) }
                let stored = FollowUp.encodeAnswers(answers)
                let unit = Int64(row % 3 + 1)
                if reader.appendFast(stored, unit: unit, to: &fast, scratch: &scratch) { fastPaths += 1 } else {
                    reader.append(stored, unit: unit, to: &fast, scratch: &scratch)
                }
                reference.append(unit: unit, answers: FollowUp.decodeAnswers(stored, Trees.questionnaire))
            }
            #expect(fast.count == reference.count)
            #expect(fast.codes == reference.codes)
            #expect(fast.rowUnit == reference.rowUnit && fast.unitList == reference.unitList)
            #expect(fast.texts.map { $0.map(\.row) } == reference.texts.map { $0.map(\.row) })
            #expect(fast.texts.map { $0.map(\.text) } == reference.texts.map { $0.map(\.text) })
            #expect(fastPaths > 0)
        }
    }

    @Test("when every group is large enough, everything is shown")
    func nothingHiddenNeedlessly() async {
        await propertyCheck(count: 500, input: Self.shapes, Gen.int(in: 3...7)) { parents, k in
            let tree = Trees.generated(parents)
            let own = Dictionary(uniqueKeysWithValues: tree.units.map { ($0, $0 % 2 == 0 ? 0 : k + Int($0 % 3)) })
            #expect(Disclosure.shown(tree: tree, own: own, k: k) == Set(tree.units))
        }
    }

    @Test("whole reports: nothing computable per item, from rates or from free text, and every shown figure is the true one")
    func reports() async throws {
        await propertyCheck(count: 600, input: Gen.int(in: 0...1000).array(of: 0...12), Self.sizes, Gen.int(in: 3...6), Gen.int(in: 0...1_000_000)) { parents, sizes, k, seed in
            let tree = Trees.generated(parents)
            let people = Dictionary(uniqueKeysWithValues: tree.units.enumerated().map { ($1, sizes[$0 % sizes.count]) })
            let responses = Trees.responses(tree, people: people, seed: seed)
            let invited = people.mapValues { $0 + 2 }
            let data = RoundData(questionnaire: Trees.questionnaire, tree: tree, invited: invited, responses: responses)
            let report = Reporting.report(data, k: k, freeTextThreshold: 8)
            let findings = try? RoundAudit.check(Array(report.units.values), data: data, k: k, freeTextThreshold: 8)
            #expect(findings?.leaks == [])
            #expect(findings?.mismatches == [])
            // any part of the publication (one reader's view, one depth) is as safe
            let part = report.units.values.filter { $0.unitID % 2 == Int64(seed % 2) }
            #expect((try? RoundAudit.check(part, data: data, k: k, freeTextThreshold: 8))?.isClean == true)
            // the top's shown count is the number of responses
            if let n = report.units[1]!.respondents { #expect(n == responses.count) }
        }
    }
}
