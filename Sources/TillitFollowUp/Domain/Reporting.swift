import Foundation
import Synchronization
import TillitPlatform

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

/// A round's responses by column, compact enough for a national round (1.5 million responses of
/// two dozen items): for each response its unit and, for each counted item, one small code. No time
/// and no order: reports never need them.
public struct ResponseTable: Sendable {
    /// The likert and choice items, in the questionnaire's order.
    public let counted: [Questionnaire.Item]
    /// The free-text items, in the questionnaire's order.
    public let textItems: [Questionnaire.Item]
    let countedPlace: [String: Int]
    let textPlace: [String: Int]
    let optionCode: [[String: UInt16]]
    /// The distinct units responses were given for, and each response's index into them.
    private(set) var unitList: [Int64] = []
    private var unitSlot: [Int64: Int32] = [:]
    private(set) var rowUnit: [Int32] = []
    /// `codes[item][row]`: 0 skipped, 1…5 a scale answer, ``dontKnowCode``, or
    /// ``firstOptionCode`` + the option's index.
    private(set) var codes: [[UInt16]]
    /// Free-text answers by text item: the row and the text.
    private(set) var texts: [[(row: Int32, text: String)]]

    static let dontKnowCode: UInt16 = 6
    static let firstOptionCode: UInt16 = 7

    public init(questionnaire: Questionnaire) {
        counted = questionnaire.items.filter { $0.kind != .text }
        textItems = questionnaire.items.filter { $0.kind == .text }
        countedPlace = Dictionary(uniqueKeysWithValues: counted.enumerated().map { ($1.id, $0) })
        textPlace = Dictionary(uniqueKeysWithValues: textItems.enumerated().map { ($1.id, $0) })
        optionCode = counted.map { item in
            guard case .choice(let options) = item.kind else { return [:] }
            return Dictionary(uniqueKeysWithValues: options.enumerated().map { ($1.id, ResponseTable.firstOptionCode + UInt16(truncatingIfNeeded: $0)) })
        }
        codes = counted.map { _ in [] }
        texts = textItems.map { _ in [] }
    }

    public var count: Int { rowUnit.count }

    public mutating func reserveCapacity(_ rows: Int) {
        rowUnit.reserveCapacity(rows)
        for index in codes.indices { codes[index].reserveCapacity(rows) }
    }

    /// Adds one response with its unit; answers to unknown items, or of the wrong kind, count as skipped.
    public mutating func append(unit: Int64, answers: [String: Answer]) {
        let row = beginRow(unit: unit)
        for (item, answer) in answers {
            switch answer {
            case .text(let text):
                if let place = textPlace[item] { texts[place].append((row, text)) }
            default:
                if let place = countedPlace[item], let code = code(answer, place: place) { codes[place][Int(row)] = code }
            }
        }
    }

    /// Starts a row with every counted item skipped; returns its index.
    mutating func beginRow(unit: Int64) -> Int32 {
        let slot: Int32
        if let known = unitSlot[unit] { slot = known } else {
            slot = Int32(truncatingIfNeeded: unitList.count)
            unitSlot[unit] = slot
            unitList.append(unit)
        }
        let row = Int32(truncatingIfNeeded: rowUnit.count)
        rowUnit.append(slot)
        for index in codes.indices { codes[index].append(0) }
        return row
    }

    /// Sets the code of a counted item (by place) in the row just begun.
    mutating func setCode(row: Int32, place: Int, _ code: UInt16) {
        codes[place][Int(row)] = code
    }

    /// Adds a free-text answer of a text item (by place) to the row just begun.
    mutating func addText(row: Int32, place: Int, _ text: String) {
        texts[place].append((row, text))
    }

    private func code(_ answer: Answer, place: Int) -> UInt16? {
        switch (counted[place].kind, answer) {
        case (.likert, .scale(let value)): (1...5).contains(value) ? UInt16(value) : nil
        case (.likert, .dontKnow), (.choice, .dontKnow): Self.dontKnowCode
        case (.choice, .choice(let option)): optionCode[place][option]
        default: nil
        }
    }
}

/// Everything a round's report is computed from.
public struct RoundData: Sendable {
    public let questionnaire: Questionnaire
    public let tree: SurveyTree
    /// How many were invited for each unit itself (not its subtree).
    public let invited: [Int64: Int]
    public let table: ResponseTable
    public init(questionnaire: Questionnaire, tree: SurveyTree, invited: [Int64: Int], table: ResponseTable) {
        self.questionnaire = questionnaire
        self.tree = tree
        self.invited = invited
        self.table = table
    }

    public init(questionnaire: Questionnaire, tree: SurveyTree, invited: [Int64: Int], responses: [ResponseRecord]) {
        var table = ResponseTable(questionnaire: questionnaire)
        table.reserveCapacity(responses.count)
        for response in responses { table.append(unit: response.unit, answers: response.answers) }
        self.init(questionnaire: questionnaire, tree: tree, invited: invited, table: table)
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
    /// Free-text answers by item id, in alphabetical order (never the order they were written in);
    /// nil when the group is too small for free text.
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
        // One pass over the items, summing each dimension's shown likert means.
        var sums: [String: (total: Double, count: Int)] = [:]
        for index in questionnaire.items.indices {
            guard let dimension = questionnaire.items[index].dimension, case .likert = questionnaire.items[index].kind,
                  let mean = items[questionnaire.items[index].id]?.mean else { continue }
            sums[dimension, default: (0, 0)].total += mean
            sums[dimension, default: (0, 0)].count += 1
        }
        var result: [String: Double?] = [:]
        for dimension in questionnaire.dimensions {
            guard let sum = sums[dimension.id] else { continue }
            result[dimension.id] = sum.total / Double(sum.count)
        }
        return result
    }
}

/// A round's report for every unit of its tree, with disclosure control applied. Each unit's
/// figures are put together when asked for (``figures(of:)``), from sums kept per unit.
public struct RoundReport: Sendable {
    public let k: Int
    public let freeTextThreshold: Int
    private let fixed: [Int64: UnitFigures]?
    let aggregates: Reporting.Aggregates?
    /// Units' figures, and apart from them their free texts, once put together (a report is kept
    /// and read by many requests, and neither ever changes).
    private let made = FiguresMemo()

    final class FiguresMemo: Sendable {
        static let limit = 4096
        let figures = Mutex<[Int64: UnitFigures]>([:])
        let texts = Mutex<[Int64: [String: [String]?]]>([:])

        /// What `store` holds for `unit`, or what `make` makes (kept while the store has room).
        static func value<T: Sendable>(_ store: borrowing Mutex<[Int64: T]>, _ unit: Int64, _ make: () -> T?) -> T? {
            if let known = store.withLock({ $0[unit] }) { return known }
            guard let made = make() else { return nil }
            store.withLock { kept in
                if kept.count < limit { kept[unit] = made }
            }
            return made
        }
    }

    /// A report of given figures (a part of a publication, as a reader got it).
    public init(k: Int, freeTextThreshold: Int, units: [Int64: UnitFigures]) {
        self.k = k
        self.freeTextThreshold = freeTextThreshold
        fixed = units
        aggregates = nil
    }

    init(k: Int, freeTextThreshold: Int, aggregates: Reporting.Aggregates) {
        self.k = k
        self.freeTextThreshold = freeTextThreshold
        fixed = nil
        self.aggregates = aggregates
    }

    /// A unit's figures, nil for a unit outside the round; without `texts`, its free-text answers
    /// are left out, for a reader who wants only the figures.
    public func figures(of unit: Int64, texts: Bool = true) -> UnitFigures? {
        if let fixed { return fixed[unit] }
        guard let aggregates else { return nil }
        guard let figures = FiguresMemo.value(made.figures, unit, { aggregates.figures(of: unit, texts: false) }) else { return nil }
        guard texts, let place = aggregates.tree.position[unit],
              let unitTexts = FiguresMemo.value(made.texts, unit, { aggregates.texts(at: place) }) else { return figures }
        return UnitFigures(unitID: figures.unitID, parentID: figures.parentID, invited: figures.invited,
                           respondents: figures.respondents, items: figures.items, texts: unitTexts)
    }

    /// Every unit's figures (for a whole publication; a page asks ``figures(of:)`` for its units).
    public var units: [Int64: UnitFigures] {
        if let fixed { return fixed }
        guard let aggregates else { return [:] }
        return Dictionary(uniqueKeysWithValues: aggregates.tree.postOrder.map { ($0, aggregates.figures(of: $0)!) })
    }
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
        let sums = Aggregates.own(data)
        let units = data.tree.postOrder
        func byUnit(_ values: [Int]) -> [Int64: Int] {
            var result: [Int64: Int] = [:]
            for (place, value) in values.enumerated() where value != 0 { result[units[place]] = value }
            return result
        }
        var counts = OwnCounts()
        counts.respondents = byUnit(sums.respondents)
        for (index, item) in data.table.counted.enumerated() {
            let column = byUnit(sums.column(index))
            if !column.isEmpty { counts.answers[item.id] = column }
        }
        for (index, item) in data.table.textItems.enumerated() {
            let column = byUnit(sums.textCounts[index])
            if !column.isEmpty { counts.texts[item.id] = column }
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
        RoundReport(k: k, freeTextThreshold: textK, aggregates: Aggregates(data, k: k, textK: textK))
    }

    /// A round's sums for every unit's subtree, in flat arrays by place in the tree's post-order,
    /// and which places each figure may be shown for. Built in three steps — the units' own sums
    /// (``own(_:)``), the decisions of disclosure control on them (``decide(k:textK:)``) and the
    /// sums up the tree (``rollUp()``) — which a report does in one (``Reporting/report(_:k:freeTextThreshold:)``).
    public struct Aggregates: Sendable {
        let tree: SurveyTree
        let table: ResponseTable
        let width: Int            // counted items
        let binStart: [Int]       // where each counted item's bins start in a unit's run of bins
        let binWidth: Int         // bins per unit
        var invited: [Int]
        var respondents: [Int]
        var count: [Int]          // place × width + item
        var sum: [Int]
        var bins: [Int]           // place × binWidth + binStart[item] + bin
        var textCounts: [[Int]]   // by text item, by place
        /// Where in the table's texts each text item's answers are, by place (the unit's own members).
        var textRows: [[[Int32]]] = []
        var shownRespondents: [Bool] = []
        var shownItems: [[Bool]] = []
        var shownTexts: [[Bool]] = []

        func column(_ item: Int) -> [Int] {
            (0..<tree.postOrder.count).map { count[$0 * width + item] }
        }

        /// The unit's own members' sums (nothing added up the tree, nothing decided).
        public static func own(_ data: RoundData) -> Aggregates {
            let tree = data.tree
            let table = data.table
            let places = tree.postOrder.count
            let width = table.counted.count
            var binStart: [Int] = []
            var binWidth = 0
            for item in table.counted {
                binStart.append(binWidth)
                if case .choice(let options) = item.kind { binWidth += options.count } else { binWidth += 5 }
            }
            var sums = Aggregates(tree: tree, table: table, width: width, binStart: binStart, binWidth: binWidth,
                                  invited: tree.postOrder.map { data.invited[$0] ?? 0 },
                                  respondents: [Int](repeating: 0, count: places),
                                  count: [Int](repeating: 0, count: places * width),
                                  sum: [Int](repeating: 0, count: places * width),
                                  bins: [Int](repeating: 0, count: places * binWidth),
                                  textCounts: table.textItems.map { _ in [Int](repeating: 0, count: places) })
            // Each response's place (−1: a unit outside the round's tree).
            let slotPlace = table.unitList.map { tree.position[$0] ?? -1 }
            let rowPlace = table.rowUnit.map { slotPlace[Int($0)] }
            for place in rowPlace where place >= 0 { sums.respondents[place] += 1 }
            for item in 0..<width {
                let column = table.codes[item]
                let start = binStart[item]
                let likert = table.counted[item].kind.name == "likert"
                sums.count.withUnsafeMutableBufferPointer { count in
                    sums.sum.withUnsafeMutableBufferPointer { sum in
                        sums.bins.withUnsafeMutableBufferPointer { bins in
                            for row in 0..<rowPlace.count {
                                let code = column[row]
                                let place = rowPlace[row]
                                guard code != 0, code != ResponseTable.dontKnowCode, place >= 0 else { continue }
                                count[place * width + item] += 1
                                if likert {
                                    sum[place * width + item] += Int(code)
                                    bins[place * binWidth + start + Int(code) - 1] += 1
                                } else {
                                    bins[place * binWidth + start + Int(code - ResponseTable.firstOptionCode)] += 1
                                }
                            }
                        }
                    }
                }
            }
            sums.textRows = table.textItems.map { _ in [[Int32]](repeating: [], count: places) }
            for (item, answers) in table.texts.enumerated() {
                for (offset, answer) in answers.enumerated() {
                    let place = rowPlace[Int(answer.row)]
                    guard place >= 0 else { continue }
                    sums.textCounts[item][place] += 1
                    sums.textRows[item][place].append(Int32(truncatingIfNeeded: offset))
                }
            }
            return sums
        }

        /// Every unit's subtree sums, and what disclosure control lets be shown.
        init(_ data: RoundData, k: Int, textK: Int) {
            self = Aggregates.own(data)
            decide(k: k, textK: textK)
            rollUp()
        }

        /// Which figures may be shown, decided on the units' own counts (before ``rollUp()``).
        public mutating func decide(k: Int, textK: Int) {
            shownRespondents = Disclosure.shown(tree: tree, ownAt: respondents, k: k)
            shownItems = (0..<width).map { Disclosure.shown(tree: tree, ownAt: column($0), k: k) }
            shownTexts = textCounts.map { Disclosure.shown(tree: tree, ownAt: $0, k: textK) }
        }

        /// The own sums added up: every unit's subtree. Children come before their parent in post-order.
        public mutating func rollUp() {
            let places = tree.postOrder.count
            let width = width, binWidth = binWidth
            for place in 0..<places {
                let up = tree.parentPosition[place]
                guard up >= 0 else { continue }
                invited[up] += invited[place]
                respondents[up] += respondents[place]
                for item in 0..<width {
                    count[up * width + item] += count[place * width + item]
                    sum[up * width + item] += sum[place * width + item]
                }
                for bin in 0..<binWidth { bins[up * binWidth + bin] += bins[place * binWidth + bin] }
                for item in textCounts.indices { textCounts[item][up] += textCounts[item][place] }
            }
        }

        init(tree: SurveyTree, table: ResponseTable, width: Int, binStart: [Int], binWidth: Int, invited: [Int], respondents: [Int],
             count: [Int], sum: [Int], bins: [Int], textCounts: [[Int]]) {
            self.tree = tree
            self.table = table
            self.width = width
            self.binStart = binStart
            self.binWidth = binWidth
            self.invited = invited
            self.respondents = respondents
            self.count = count
            self.sum = sum
            self.bins = bins
            self.textCounts = textCounts
        }

        /// One unit's subtree count and sum of a counted item (by its place among the counted
        /// items), whatever disclosure control decided: for checks against another computation.
        public func subtreeTotals(of unit: Int64, item: Int) -> (n: Int, sum: Int)? {
            guard let place = tree.position[unit], (0..<width).contains(item) else { return nil }
            return (count[place * width + item], sum[place * width + item])
        }

        /// A unit's figures as they may be shown.
        func figures(of unit: Int64, texts withTexts: Bool = true) -> UnitFigures? {
            guard let place = tree.position[unit] else { return nil }
            var items: [String: ItemFigures] = [:]
            for (index, item) in table.counted.enumerated() {
                guard shownItems[index][place] else { items[item.id] = .hidden; continue }
                let start = place * binWidth + binStart[index]
                var distribution: [String: Int] = [:]
                if case .choice(let options) = item.kind {
                    for (offset, option) in options.enumerated() { distribution[option.id] = bins[start + offset] }
                } else {
                    for value in 1...5 { distribution[String(value)] = bins[start + value - 1] }
                }
                items[item.id] = ItemFigures(n: count[place * width + index], sum: item.kind.name == "likert" ? sum[place * width + index] : nil,
                                             distribution: distribution)
            }
            return UnitFigures(unitID: unit, parentID: tree.parent[unit], invited: invited[place],
                               respondents: shownRespondents[place] ? respondents[place] : nil, items: items,
                               texts: withTexts ? texts(at: place) : [:])
        }

        /// The free-text answers of a unit's subtree (by its place), by item, in Swedish alphabetical
        /// order and among equals by their characters, so that nothing of the order they were
        /// written or read in is left; nil for an item whose group is too small for free text.
        func texts(at place: Int) -> [String: [String]?] {
            var texts: [String: [String]?] = [:]
            for (index, item) in table.textItems.enumerated() {
                guard shownTexts[index][place] else { texts[item.id] = .some(nil); continue }
                let answers = tree.subtreeRange(at: place).flatMap { textRows[index][$0] }
                texts[item.id] = Self.alphabetical(answers.map { table.texts[index][Int($0)].text })
            }
            return texts
        }

        /// `texts` in Swedish alphabetical order, and texts that collate alike (differing in case or
        /// accent, or equal to Swift but written in other characters) by their Unicode scalars:
        /// the order comes from the texts alone.
        static func alphabetical(_ texts: [String]) -> [String] {
            texts.map { (key: SwedishCollation.key($0), text: $0) }
                .sorted { a, b in
                    a.key != b.key ? a.key.lexicographicallyPrecedes(b.key) : a.text.unicodeScalars.lexicographicallyPrecedes(b.text.unicodeScalars)
                }
                .map(\.text)
        }
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
    public static func check(_ published: [UnitFigures], data: RoundData, k requested: Int, freeTextThreshold requestedText: Int,
                             method: DisclosureAudit.Method = .tree) throws(DisclosureAudit.Overflow) -> Findings {
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
        let leaks = try DisclosureAudit.leaks(tree: data.tree, figures: figures, method: method)
        // The true figures, recomputed from the responses one subtree at a time.
        let truth = Reporting.compute(data, k: 1, textK: 1)
        var mismatches: [Mismatch] = []
        for figures in published {
            guard let real = truth.figures(of: figures.unitID) else {
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

    /// The leak half of ``check`` for everything `report` would show to anyone, read straight from
    /// its decisions (no figures put together): run before any part of a round is shown.
    public static func leaks(of report: RoundReport, data: RoundData, k requested: Int, freeTextThreshold requestedText: Int) throws(DisclosureAudit.Overflow) -> [DisclosureAudit.Leak] {
        let k = max(requested, Reporting.minimumThreshold)
        let textK = max(requestedText, k)
        guard let aggregates = report.aggregates else {
            return try check(Array(report.units.values), data: data, k: k, freeTextThreshold: textK).leaks
        }
        let units = data.tree.postOrder
        func shown(_ mask: [Bool]) -> Set<Int64> { Set(mask.indices.filter { mask[$0] }.map { units[$0] }) }
        let own = Reporting.ownCounts(data)
        var figures: [DisclosureAudit.Figure] = [.init(name: "respondents", shown: shown(aggregates.shownRespondents), own: own.respondents, k: k)]
        for (index, item) in data.table.counted.enumerated() {
            let answers = own.answers[item.id] ?? [:]
            let places = shown(aggregates.shownItems[index])
            figures.append(.init(name: "\(item.id): count", shown: places, own: answers, k: k))
            figures.append(.init(name: "\(item.id): sum", shown: item.kind.name == "likert" ? places : [], own: answers, k: k))
            figures.append(.init(name: "\(item.id): distribution", shown: places, own: answers, k: k))
        }
        for (index, item) in data.table.textItems.enumerated() {
            figures.append(.init(name: "\(item.id): texts", shown: shown(aggregates.shownTexts[index]), own: own.texts[item.id] ?? [:], k: textK))
        }
        return try DisclosureAudit.leaks(tree: data.tree, figures: figures)
    }
}
