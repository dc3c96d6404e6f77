import Foundation

/// One submitted response as the report sees it: the unit it was given for and its answers. No
/// time and no order: reports never need them.
public struct ResponseRecord: Sendable {
    public let unit: Int64
    public let answers: [String: Answer]
    public init(unit: Int64, answers: [String: Answer]) {
        self.unit = unit
        self.answers = answers
    }
}

/// Everything a round's report is computed from.
public struct RoundData: Sendable {
    public let questionnaire: Questionnaire
    public let tree: SurveyTree
    /// How many were invited for each unit itself (not its subtree).
    public let invited: [Int64: Int]
    public let responses: [ResponseRecord]
    public init(questionnaire: Questionnaire, tree: SurveyTree, invited: [Int64: Int], responses: [ResponseRecord]) {
        self.questionnaire = questionnaire
        self.tree = tree
        self.invited = invited
        self.responses = responses
    }
}

/// One item's figures for a unit's subtree; all nil when suppressed.
public struct ItemFigures: Sendable, Equatable {
    public let n: Int?
    /// The sum of the 1–5 answers (likert items only).
    public let sum: Int?
    /// How many gave each answer: `"1"`…`"5"`, or each option's id.
    public let distribution: [String: Int]?

    public var suppressed: Bool { n == nil }
    /// The mean of the 1–5 answers, when shown and there are any.
    public var mean: Double? {
        guard let n, let sum, n > 0 else { return nil }
        return Double(sum) / Double(n)
    }
    static let hidden = ItemFigures(n: nil, sum: nil, distribution: nil)
}

/// A unit's figures for its subtree, as far as disclosure control lets them be shown.
public struct UnitFigures: Sendable {
    public let unitID: Int64
    public let parentID: Int64?
    /// How many were invited in the subtree (not sensitive: it says nothing about answers).
    public let invited: Int
    /// Respondents in the subtree; nil when suppressed.
    public let respondents: Int?
    /// By item id (likert and choice items).
    public let items: [String: ItemFigures]
    /// Free-text answers by item id, shuffled; nil when the group is too small for free text.
    public let texts: [String: [String]?]

    public var suppressed: Bool { respondents == nil }
    public var responseRate: Double? {
        guard let respondents, invited > 0 else { return nil }
        return Double(respondents) / Double(invited)
    }

    /// A copy with nothing shown (for a unit the reader may not see yet).
    public func withheld() -> UnitFigures {
        UnitFigures(unitID: unitID, parentID: parentID, invited: invited, respondents: nil,
                    items: items.mapValues { _ in .hidden }, texts: texts.mapValues { _ in nil })
    }

    /// The mean of each dimension: the mean of its shown likert items' means (nil when none is shown).
    public func dimensionMeans(_ questionnaire: Questionnaire) -> [String: Double?] {
        var result: [String: Double?] = [:]
        for dimension in questionnaire.dimensions {
            let means = questionnaire.items.filter { $0.dimension == dimension.id && $0.kind.name == "likert" }
                .compactMap { items[$0.id]?.mean }
            result[dimension.id] = means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
        }
        return result
    }
}

/// A round's report for every unit of its tree, with disclosure control applied.
public struct RoundReport: Sendable {
    public let k: Int
    public let freeTextThreshold: Int
    public let units: [Int64: UnitFigures]
}

/// Computes reports: the true subtree figures, then only what ``Disclosure`` lets be shown.
public enum Reporting {
    /// The smallest threshold the platform accepts, whatever a setting says.
    public static let minimumThreshold = 3

    /// How many people each unit's own members count for each figure of the round.
    public struct OwnCounts: Sendable {
        public var respondents: [Int64: Int] = [:]
        /// Answers that count (1–5 or an option; not "don't know", not skipped) by item, by unit.
        public var answers: [String: [Int64: Int]] = [:]
        /// Free-text answers by item, by unit.
        public var texts: [String: [Int64: Int]] = [:]
    }

    public static func ownCounts(_ data: RoundData) -> OwnCounts {
        var counts = OwnCounts()
        let kinds = Dictionary(uniqueKeysWithValues: data.questionnaire.items.map { ($0.id, $0.kind) })
        for response in data.responses where data.tree.contains(response.unit) {
            counts.respondents[response.unit, default: 0] += 1
            for (item, answer) in response.answers {
                switch (kinds[item], answer) {
                case (.likert?, .scale), (.choice?, .choice):
                    counts.answers[item, default: [:]][response.unit, default: 0] += 1
                case (.text?, .text):
                    counts.texts[item, default: [:]][response.unit, default: 0] += 1
                default:
                    break
                }
            }
        }
        return counts
    }

    /// The report of `data` with groups below `k` (never below 3) and free text below
    /// `freeTextThreshold` (never below k) suppressed, including every figure from which one could
    /// be computed.
    public static func report(_ data: RoundData, k requested: Int, freeTextThreshold requestedText: Int) -> RoundReport {
        let k = max(requested, minimumThreshold)
        return compute(data, k: k, textK: max(requestedText, k))
    }

    /// The report with exactly these thresholds (1 shows everything: the true figures).
    static func compute(_ data: RoundData, k: Int, textK: Int) -> RoundReport {
        let tree = data.tree
        let own = ownCounts(data)
        let shownRespondents = Disclosure.shown(tree: tree, own: own.respondents, k: k)
        var shownItems: [String: Set<Int64>] = [:]
        var shownTexts: [String: Set<Int64>] = [:]
        for item in data.questionnaire.items {
            if item.kind == .text {
                shownTexts[item.id] = Disclosure.shown(tree: tree, own: own.texts[item.id] ?? [:], k: textK)
            } else {
                shownItems[item.id] = Disclosure.shown(tree: tree, own: own.answers[item.id] ?? [:], k: k)
            }
        }
        // The true figures of each unit's own members, then summed up the tree.
        struct Totals {
            var invited = 0
            var respondents = 0
            var count: [String: Int] = [:]
            var sum: [String: Int] = [:]
            var distribution: [String: [String: Int]] = [:]
            var texts: [String: [String]] = [:]
            mutating func add(_ other: Totals) {
                invited += other.invited
                respondents += other.respondents
                count.merge(other.count, uniquingKeysWith: +)
                sum.merge(other.sum, uniquingKeysWith: +)
                for (item, bins) in other.distribution { distribution[item, default: [:]].merge(bins, uniquingKeysWith: +) }
                for (item, list) in other.texts { texts[item, default: []].append(contentsOf: list) }
            }
        }
        var totals: [Int64: Totals] = [:]
        for unit in tree.postOrder { totals[unit] = Totals(invited: data.invited[unit] ?? 0) }
        for response in data.responses where tree.contains(response.unit) {
            var t = totals[response.unit]!
            t.respondents += 1
            for (item, answer) in response.answers {
                switch answer {
                case .scale(let value):
                    t.count[item, default: 0] += 1
                    t.sum[item, default: 0] += value
                    t.distribution[item, default: [:]][String(value), default: 0] += 1
                case .choice(let option):
                    t.count[item, default: 0] += 1
                    t.distribution[item, default: [:]][option, default: 0] += 1
                case .text(let text):
                    t.texts[item, default: []].append(text)
                case .dontKnow:
                    break
                }
            }
            totals[response.unit] = t
        }
        for unit in tree.postOrder {
            if let parent = tree.parent[unit] { totals[parent]!.add(totals[unit]!) }
        }
        var units: [Int64: UnitFigures] = [:]
        var generator = SystemRandomNumberGenerator()
        for unit in tree.postOrder {
            let t = totals[unit]!
            var items: [String: ItemFigures] = [:]
            var texts: [String: [String]?] = [:]
            for item in data.questionnaire.items {
                switch item.kind {
                case .likert, .choice:
                    guard shownItems[item.id]!.contains(unit) else { items[item.id] = .hidden; continue }
                    var bins: [String: Int] = [:]
                    if case .choice(let options) = item.kind {
                        for option in options { bins[option.id] = t.distribution[item.id]?[option.id] ?? 0 }
                    } else {
                        for value in 1...5 { bins[String(value)] = t.distribution[item.id]?[String(value)] ?? 0 }
                    }
                    items[item.id] = ItemFigures(n: t.count[item.id] ?? 0, sum: item.kind.name == "likert" ? (t.sum[item.id] ?? 0) : nil,
                                                 distribution: bins)
                case .text:
                    texts[item.id] = shownTexts[item.id]!.contains(unit) ? (t.texts[item.id] ?? []).shuffled(using: &generator) : nil
                }
            }
            units[unit] = UnitFigures(unitID: unit, parentID: tree.parent[unit], invited: t.invited,
                                      respondents: shownRespondents.contains(unit) ? t.respondents : nil,
                                      items: items, texts: texts)
        }
        return RoundReport(k: k, freeTextThreshold: textK, units: units)
    }
}

/// The audit of a whole publication: what was shown to a reader (any subset of a round's report)
/// against the responses themselves.
public enum RoundAudit {
    /// A shown figure that is not the true one.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        public let unit: Int64
        public let figure: String
        public var description: String { "unit \(unit): \(figure) is not the true figure" }
    }

    public struct Findings: Sendable {
        public let leaks: [DisclosureAudit.Leak]
        public let mismatches: [Mismatch]
        public var isClean: Bool { leaks.isEmpty && mismatches.isEmpty }
    }

    /// Checks `published` (the figures a reader got, any units of the round) against `data`: that no
    /// group of 1 … k − 1 people (free text: below the free-text threshold) is computable from the
    /// shown figures, counting a shown response rate as a shown number of respondents, and that
    /// every shown figure is the true one.
    public static func check(_ published: [UnitFigures], data: RoundData, k requested: Int, freeTextThreshold requestedText: Int) throws(DisclosureAudit.Overflow) -> Findings {
        let k = max(requested, Reporting.minimumThreshold)
        let textK = max(requestedText, k)
        let own = Reporting.ownCounts(data)
        var figures: [DisclosureAudit.Figure] = []
        func shown(_ predicate: (UnitFigures) -> Bool) -> Set<Int64> {
            Set(published.filter(predicate).map(\.unitID))
        }
        figures.append(.init(name: "respondents", shown: shown { $0.respondents != nil || $0.responseRate != nil }, own: own.respondents, k: k))
        for item in data.questionnaire.items {
            if item.kind == .text {
                figures.append(.init(name: "\(item.id): texts", shown: shown { ($0.texts[item.id] ?? nil) != nil }, own: own.texts[item.id] ?? [:], k: textK))
                continue
            }
            let answers = own.answers[item.id] ?? [:]
            figures.append(.init(name: "\(item.id): count", shown: shown { $0.items[item.id]?.n != nil }, own: answers, k: k))
            figures.append(.init(name: "\(item.id): sum", shown: shown { $0.items[item.id]?.sum != nil }, own: answers, k: k))
            figures.append(.init(name: "\(item.id): distribution", shown: shown { $0.items[item.id]?.distribution != nil }, own: answers, k: k))
        }
        let leaks = try DisclosureAudit.leaks(tree: data.tree, figures: figures)
        // The true figures, recomputed from the responses one subtree at a time.
        let truth = Reporting.compute(data, k: 1, textK: 1)
        var mismatches: [Mismatch] = []
        for figures in published {
            guard let real = truth.units[figures.unitID] else {
                mismatches.append(Mismatch(unit: figures.unitID, figure: "unit"))
                continue
            }
            if figures.invited != real.invited { mismatches.append(Mismatch(unit: figures.unitID, figure: "invited")) }
            if let shown = figures.respondents, shown != real.respondents { mismatches.append(Mismatch(unit: figures.unitID, figure: "respondents")) }
            for (item, shown) in figures.items {
                let actual = real.items[item]
                if let n = shown.n, n != actual?.n { mismatches.append(Mismatch(unit: figures.unitID, figure: "\(item): count")) }
                if let sum = shown.sum, sum != actual?.sum { mismatches.append(Mismatch(unit: figures.unitID, figure: "\(item): sum")) }
                if let bins = shown.distribution, bins != actual?.distribution { mismatches.append(Mismatch(unit: figures.unitID, figure: "\(item): distribution")) }
            }
            for (item, shown) in figures.texts {
                if let list = shown ?? nil, list.sorted() != ((real.texts[item] ?? nil) ?? []).sorted() {
                    mismatches.append(Mismatch(unit: figures.unitID, figure: "\(item): texts"))
                }
            }
        }
        return Findings(leaks: leaks, mismatches: mismatches)
    }
}
