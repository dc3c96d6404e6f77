import Foundation
import SQLKit
import Synchronization
import TillitFormats
import TillitPlatform
import TillitStorage

/// Sums over a set of signals, from which the follow-up figures are made. Sums of parts add up to
/// the sums of the whole, so a unit's figures and the breakdown by the units below it come from
/// the same counts.
public struct SignalSums: Sendable, Hashable {
    public var raised = 0, open = 0, overdue = 0, inTime = 0, dueOrAnswered = 0
    public var forwardedUpward = 0, mostLevelsUp = 0, decided = 0, decidedWhereLanded = 0
    /// Signals by the month they were raised (`YYYY-MM`, Swedish time), then by kind.
    public var byMonthAndKind: [String: [String: Int]] = [:]
    /// Decided signals by the month they were raised, and of them those decided where they landed.
    public var decidedByMonth: [String: Int] = [:]
    public var landedByMonth: [String: Int] = [:]
    /// Answered signals by whole days from raising to the first answer.
    public var daysToFirstAnswer: [Int: Int] = [:]

    public init() {}

    mutating func add(_ other: SignalSums) {
        raised += other.raised
        open += other.open
        overdue += other.overdue
        inTime += other.inTime
        dueOrAnswered += other.dueOrAnswered
        forwardedUpward += other.forwardedUpward
        mostLevelsUp = max(mostLevelsUp, other.mostLevelsUp)
        decided += other.decided
        decidedWhereLanded += other.decidedWhereLanded
        for (month, kinds) in other.byMonthAndKind {
            for (kind, n) in kinds { byMonthAndKind[month, default: [:]][kind, default: 0] += n }
        }
        decidedByMonth.merge(other.decidedByMonth, uniquingKeysWith: +)
        landedByMonth.merge(other.landedByMonth, uniquingKeysWith: +)
        daysToFirstAnswer.merge(other.daysToFirstAnswer, uniquingKeysWith: +)
    }

    /// The figures these sums make (the same as ``SignalStats/compute(_:paths:now:responseDays:topUnits:)``
    /// over the same signals).
    public func stats(waitingAtTop: Int = 0) -> SignalStats {
        var stats = SignalStats()
        stats.raised = raised
        stats.open = open
        stats.overdue = overdue
        stats.forwardedUpward = forwardedUpward
        stats.mostLevelsUp = mostLevelsUp
        stats.waitingAtTop = waitingAtTop
        for (month, kinds) in byMonthAndKind {
            for (kind, n) in kinds {
                stats.byKind[kind, default: 0] += n
                stats.byMonth[month, default: 0] += n
            }
        }
        stats.medianDaysToFirstAnswer = SignalStats.median(histogram: daysToFirstAnswer)
        stats.answeredInTimeShare = dueOrAnswered == 0 ? nil : Double(inTime) / Double(dueOrAnswered)
        stats.proximityShare = decided == 0 ? nil : Double(decidedWhereLanded) / Double(decided)
        return stats
    }
}

/// A unit's (or an organisation's) follow-up figures with what the charts need: the sums by
/// month, kind and days, and the same figures for each unit one level down, in tree order.
public struct SignalFigures: Sendable {
    /// One unit one level down and everything below it.
    public struct Part: Sendable {
        public let unit: OrgUnit
        public let stats: SignalStats
    }

    public let stats: SignalStats
    public let sums: SignalSums
    /// The units one level down in tree order (never ranked), each with its subtree's figures;
    /// only those the reader may see. Signals about the unit itself are not in any part.
    public let parts: [Part]
    public let responseDays: Int
}

extension SignalStats {
    /// The median of values given as value → how many times it occurs.
    static func median(histogram: [Int: Int]) -> Double? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        let sorted = histogram.sorted { $0.key < $1.key }
        func value(at index: Int) -> Double {
            var seen = 0
            for (value, n) in sorted {
                seen += n
                if index < seen { return Double(value) }
            }
            return Double(sorted.last!.key)
        }
        return total % 2 == 1 ? value(at: total / 2) : (value(at: total / 2 - 1) + value(at: total / 2)) / 2
    }
}

extension Signals {
    /// The follow-up figures for a unit and everything below it, with the charts' sums and the
    /// units one level down that the actor may see, for signals raised in [`from`, `to`).
    public func figures(actor: Actor, unitID: Int64, from: Date?, to: Date?) async throws -> SignalFigures {
        let unit = try await platform.unit(actor: actor, id: unitID)
        return try await figures(organisationID: unit.organisationID, scopeUnit: unitID, from: from, to: to) { tree in
            guard Self.canSeeStats(actor, unitID: unitID, organisationID: unit.organisationID, tree: tree) else { throw AppError.forbidden }
            return { Self.canSeeStats(actor, unitID: $0, organisationID: unit.organisationID, tree: tree) }
        }
    }

    /// The follow-up figures for a whole organisation, by its top-level units, for its board and administrators.
    public func organisationFigures(actor: Actor, organisationID: Int64, from: Date?, to: Date?) async throws -> SignalFigures {
        guard Policy.canReadGovernance(actor, organisationID) else { throw AppError.forbidden }
        return try await figures(organisationID: organisationID, scopeUnit: nil, from: from, to: to) { _ in { _ in true } }
    }

    /// The figures of `scopeUnit`'s subtree (nil: the whole organisation), from the cache while no
    /// signal of the organisation has changed, the tree and the response time are the same, and
    /// no signal has come to its answer time since they were counted; else counted in SQL.
    /// `allow` checks the reader against the tree (throwing when they may not see the figures) and
    /// says which units one level down they may see.
    private func figures(organisationID: Int64, scopeUnit: Int64?, from: Date?, to: Date?,
                         allow: @escaping @Sendable (UnitTree) throws -> @Sendable (Int64) -> Bool) async throws -> SignalFigures {
        let now = self.now
        let platform = self.platform
        return try await database.read { db in
            let tree = try await platform.unitTree(db, organisationID: organisationID)
            if let scopeUnit, tree[scopeUnit] == nil { throw AppError.notFound }
            let mayShow = try allow(tree)
            let responseDays = Int(try await platform.settingValues(db, organisationID: organisationID)["signal_response_days"] ?? "14") ?? 14
            let key = SignalFiguresCache.Key(
                organisationID: organisationID, scopeUnit: scopeUnit, from: from?.epochSeconds, to: to?.epochSeconds,
                responseDays: responseDays, signals: try await Self.figuresVersion(db, organisationID: organisationID), tree: tree.version)
            let cache = platform.caches.cache(SignalFiguresCache.self) { SignalFiguresCache(capacity: 512) }
            let counted: SignalFiguresCache.Counted
            if let known = cache.get(key, now: now) {
                counted = known
            } else {
                counted = try await Self.count(db, organisationID: organisationID, tree: tree, scopeUnit: scopeUnit, from: from, to: to,
                                               now: now, responseDays: responseDays)
                cache.put(key, counted)
            }
            let parts = counted.parts.compactMap { part -> SignalFigures.Part? in
                guard let unit = tree[part.unitID], mayShow(part.unitID) else { return nil }
                return SignalFigures.Part(unit: unit, stats: part.sums.stats())
            }
            return SignalFigures(stats: counted.total.stats(waitingAtTop: counted.waitingAtTop), sums: counted.total,
                                 parts: parts, responseDays: responseDays)
        }
    }

    /// The organisation's change counter for its signals (0 before the first change).
    static func figuresVersion(_ db: any SQLDatabase, organisationID: Int64) async throws -> Int64 {
        try await db.raw("SELECT version FROM signal_figure_versions WHERE organisation_id = \(bind: organisationID)").first()?.int64("version") ?? 0
    }

    /// Counts a change to the signal's organisation's signals, in the caller's transaction.
    static func bumpFiguresVersion(_ db: any SQLDatabase, signalID: Int64) async throws {
        try await db.raw("""
            INSERT INTO signal_figure_versions (organisation_id, version)
            SELECT organisation_id, 1 FROM signals WHERE id = \(bind: signalID)
            ON CONFLICT (organisation_id) DO UPDATE SET version = signal_figure_versions.version + 1
            """).run()
    }

    /// Counts the figures in SQL: per group of units (the scope unit itself and each unit one
    /// level down with its subtree, or each top-level unit), sums by kind and month and a
    /// histogram of days to the first answer; then the signals waiting at the top, and when the
    /// next signal of the organisation comes to its answer time (until then the counts hold).
    static func count(_ db: any SQLDatabase, organisationID: Int64, tree: UnitTree, scopeUnit: Int64?, from: Date?, to: Date?,
                      now: Date, responseDays: Int) async throws -> SignalFiguresCache.Counted {
        let period = Int64(responseDays) * 86_400
        // Overdue: open, unanswered and arrived at least the response time ago; due: raised more
        // than the response time ago (see `Routing.isOverdue` and `SignalStats.compute`).
        let overdueCut = Int64((now.timeIntervalSince1970 - Double(period)).rounded(.down))
        let dueCut = Int64((now.timeIntervalSince1970 - Double(period)).rounded(.up))
        var range: SQLQueryString = ""
        if let from { range = range + " AND created_at >= \(bind: from.epochSeconds)" }
        if let to { range = range + " AND created_at < \(bind: to.epochSeconds)" }

        let bounds = try await db.raw("""
            SELECT MIN(created_at) AS first, MAX(created_at) AS last FROM signals WHERE organisation_id = \(bind: organisationID)\(range)
            """).first()
        let months = MonthBuckets(first: try bounds?.optionalInt64("first"), last: try bounds?.optionalInt64("last"))

        let groups: [(unitID: Int64, units: Set<Int64>)]
        let top: Set<Int64>
        var itself: Set<Int64> = []
        if let scopeUnit {
            groups = tree.children(of: scopeUnit).map { ($0.id, tree.subtree(of: $0.id)) }
            top = [scopeUnit]
            itself = [scopeUnit]
        } else {
            groups = tree.roots.map { ($0.id, tree.subtree(of: $0.id)) }
            top = Set(tree.roots.map(\.id))
        }
        var total = SignalSums()
        var parts: [SignalFiguresCache.Counted.Part] = []
        for group in groups {
            let sums = try await sums(db, units: group.units, range: range, months: months, overdueCut: overdueCut, dueCut: dueCut, period: period)
            total.add(sums)
            parts.append(.init(unitID: group.unitID, sums: sums))
        }
        if !itself.isEmpty {
            total.add(try await sums(db, units: itself, range: range, months: months, overdueCut: overdueCut, dueCut: dueCut, period: period))
        }

        let scope: SQLQueryString = scopeUnit.map { "unit_id IN \(idList(tree.subtree(of: $0)))" }
            ?? "organisation_id = \(bind: organisationID)"
        let waiting = top.isEmpty ? 0 : try await db.raw("""
            SELECT COUNT(*) AS n FROM signals WHERE \(scope) AND status = 'open' AND current_unit_id IN \(idList(top))\(range)
            """).first()!.decode(column: "n", as: Int.self)

        let next = try await db.raw("""
            SELECT MIN(CASE WHEN status = 'open' AND arrived_at > \(bind: overdueCut) THEN arrived_at END) AS arrived,
                   MIN(CASE WHEN created_at >= \(bind: dueCut) THEN created_at END) AS created
            FROM signals WHERE organisation_id = \(bind: organisationID) AND first_answered_at IS NULL
            """).first()
        let crossings = [try next?.optionalInt64("arrived"), try next?.optionalInt64("created")].compactMap { $0.map { $0 + period } }
        return SignalFiguresCache.Counted(total: total, parts: parts, waitingAtTop: waiting, validUntil: crossings.min() ?? Int64.max)
    }

    /// The sums over the signals about `units`.
    private static func sums(_ db: any SQLDatabase, units: Set<Int64>, range: SQLQueryString, months: MonthBuckets,
                             overdueCut: Int64, dueCut: Int64, period: Int64) async throws -> SignalSums {
        var sums = SignalSums()
        guard !months.starts.isEmpty else { return sums }
        let scope: SQLQueryString = "unit_id IN \(idList(units))\(range)"
        let rows = try await db.raw("""
            SELECT kind, \(months.expression) AS month, COUNT(*) AS n,
                SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS open,
                SUM(CASE WHEN status = 'open' AND first_answered_at IS NULL AND arrived_at <= \(bind: overdueCut) THEN 1 ELSE 0 END) AS overdue,
                SUM(CASE WHEN first_answered_at IS NOT NULL AND first_answered_at - created_at <= \(bind: period) THEN 1 ELSE 0 END) AS in_time,
                SUM(CASE WHEN first_answered_at IS NOT NULL OR created_at < \(bind: dueCut) THEN 1 ELSE 0 END) AS due,
                SUM(CASE WHEN up_hops > 0 THEN 1 ELSE 0 END) AS up,
                MAX(up_hops) AS most_up,
                SUM(CASE WHEN status <> 'open' THEN 1 ELSE 0 END) AS decided,
                SUM(CASE WHEN status <> 'open' AND up_hops = 0 AND side_hops = 0 THEN 1 ELSE 0 END) AS landed
            FROM signals WHERE \(scope)
            GROUP BY kind, month
            """).all()
        for row in rows {
            func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
            let month = months.label(try int("month"))
            let n = try int("n")
            sums.raised += n
            sums.open += try int("open")
            sums.overdue += try int("overdue")
            sums.inTime += try int("in_time")
            sums.dueOrAnswered += try int("due")
            sums.forwardedUpward += try int("up")
            sums.mostLevelsUp = max(sums.mostLevelsUp, try int("most_up"))
            let decided = try int("decided"), landed = try int("landed")
            sums.decided += decided
            sums.decidedWhereLanded += landed
            sums.byMonthAndKind[month, default: [:]][try row.string("kind"), default: 0] += n
            if decided > 0 {
                sums.decidedByMonth[month, default: 0] += decided
                sums.landedByMonth[month, default: 0] += landed
            }
        }
        guard sums.raised > 0 else { return sums }
        for row in try await db.raw("""
            SELECT (first_answered_at - created_at) / 86400 AS days, COUNT(*) AS n FROM signals
            WHERE \(scope) AND first_answered_at IS NOT NULL GROUP BY (first_answered_at - created_at) / 86400
            """).all() {
            sums.daysToFirstAnswer[try row.decode(column: "days", as: Int.self), default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return sums
    }

    /// Unit ids written into the statement as numbers, `(1, 2, …)` in order (so a set gives one
    /// statement's text each time): a subtree can hold more units than a statement may take
    /// parameters.
    static func idList(_ ids: Set<Int64>) -> SQLQueryString {
        .list(ids.sorted())
    }
}

/// The Swedish months from the first signal's to the last's, as a SQL expression that gives each
/// `created_at` its month's number (a balanced CASE over the months' first seconds).
struct MonthBuckets {
    /// The first second of each month, oldest first, and its label.
    let starts: [Int64]
    let labels: [String]

    init(first: Int64?, last: Int64?) {
        guard let first, let last, first <= last else {
            (starts, labels) = ([], [])
            return
        }
        let from = LocalTime(Date(epochSeconds: first)), to = LocalTime(Date(epochSeconds: last))
        var starts: [Int64] = [], labels: [String] = []
        var (year, month) = (from.year, from.month)
        while (year, month) <= (to.year, to.month) {
            let start = CivilDate(year: year, month: month, day: 1)!.start(in: LocalTime.zone)
            starts.append(start.epochSeconds)
            labels.append(LocalTime(start).monthOnly)
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        self.starts = starts
        self.labels = labels
    }

    func label(_ index: Int) -> String { labels[max(0, min(index, labels.count - 1))] }

    var expression: SQLQueryString { Self.caseExpression(starts[...]) }

    /// The number of the month `created_at` falls in, by halving the months (a slice keeps the
    /// numbers of the whole).
    private static func caseExpression(_ starts: ArraySlice<Int64>) -> SQLQueryString {
        guard starts.count > 1 else { return "\(literal: starts.startIndex)" }
        let middle = starts.startIndex + starts.count / 2
        return "(CASE WHEN created_at < \(literal: starts[middle]) THEN \(caseExpression(starts[..<middle])) ELSE \(caseExpression(starts[middle...])) END)"
    }
}

/// Figures counted once, kept until a signal of the organisation changes, the unit tree or the
/// response time changes, or a signal comes to its answer time (`validUntil`). Only sums are kept,
/// in this process's memory (on the platform's `caches`, so one per database); who may see them is
/// asked on every request. Every instance reads the organisation's counter in the same request,
/// so a change made by another instance or the command line is seen at once.
final class SignalFiguresCache: Sendable {
    struct Key: Hashable, Sendable {
        let organisationID: Int64
        let scopeUnit: Int64?
        let from: Int64?
        let to: Int64?
        let responseDays: Int
        /// The organisation's `signal_figure_versions` counter and its unit tree's `units_version`.
        let signals: Int64
        let tree: Int64?
    }

    struct Counted: Sendable {
        struct Part: Sendable {
            let unitID: Int64
            let sums: SignalSums
        }
        let total: SignalSums
        let parts: [Part]
        let waitingAtTop: Int
        /// The first second at which a signal's answer time runs out and a count would change.
        let validUntil: Int64
    }

    private let capacity: Int
    private let entries = Mutex<[(key: Key, value: Counted)]>([])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func get(_ key: Key, now: Date) -> Counted? {
        guard key.tree != nil else { return nil }
        return entries.withLock { list in
            guard let index = list.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = list.remove(at: index)
            guard now.timeIntervalSince1970 < Double(entry.value.validUntil) else { return nil }
            list.append(entry)  // most recently used last
            return entry.value
        }
    }

    func put(_ key: Key, _ value: Counted) {
        guard key.tree != nil else { return }
        entries.withLock { list in
            // An older count of the same figures can never be asked for again.
            list.removeAll { $0.key == key || ($0.key.organisationID == key.organisationID && ($0.key.signals < key.signals || $0.key.tree != key.tree)) }
            list.append((key, value))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }
}
