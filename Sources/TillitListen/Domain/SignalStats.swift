import Foundation
import TillitFormats
import TillitPlatform

/// The follow-up figures for a unit and its subtree (or a whole organisation) over a period.
/// They describe units, never people: nothing here counts per person.
public struct SignalStats: Sendable, Hashable, Encodable {
    public var raised = 0
    public var open = 0
    public var overdue = 0
    /// Median whole days from raising to the first answer, over the answered signals.
    public var medianDaysToFirstAnswer: Double?
    /// Answered within the response time, as a share of all signals whose time has run out or that were answered.
    public var answeredInTimeShare: Double?
    /// Närhetsgrad: of the decided signals, the share decided where they landed (not forwarded).
    public var proximityShare: Double?
    /// Signals forwarded upward at least once, and the most levels any went up.
    public var forwardedUpward = 0
    public var mostLevelsUp = 0
    /// Signals by kind.
    public var byKind: [String: Int] = [:]
    /// Signals raised per month, `YYYY-MM`.
    public var byMonth: [String: Int] = [:]
    /// Open signals currently at the top of the scope (waiting for the highest level).
    public var waitingAtTop = 0

    /// Computes the figures. `paths` holds each signal's hops in order.
    public static func compute(_ signals: [Signal], paths: [Int64: [SignalHop]], now: Date, responseDays: Int, topUnits: Set<Int64>) -> SignalStats {
        var stats = SignalStats()
        stats.raised = signals.count
        var days: [Double] = []
        var inTime = 0, dueOrAnswered = 0, decided = 0, decidedWhereLanded = 0
        let period = Double(responseDays * 86_400)
        for signal in signals {
            stats.byKind[signal.kind.rawValue, default: 0] += 1
            stats.byMonth[LocalTime(signal.createdAt).monthOnly, default: 0] += 1
            if signal.status == .open {
                stats.open += 1
                if topUnits.contains(signal.currentUnitID) { stats.waitingAtTop += 1 }
            }
            if Routing.isOverdue(signal, now: now, responseDays: responseDays) { stats.overdue += 1 }
            if let answered = signal.firstAnsweredAt {
                let waited = answered.timeIntervalSince(signal.createdAt)
                days.append((waited / 86_400).rounded(.down))
                dueOrAnswered += 1
                if waited <= period { inTime += 1 }
            } else if now.timeIntervalSince(signal.createdAt) > period {
                dueOrAnswered += 1
            }
            let hops = paths[signal.id] ?? []
            let upward = hops.filter { $0.kind == .forwardedUp }.count
            if upward > 0 {
                stats.forwardedUpward += 1
                stats.mostLevelsUp = max(stats.mostLevelsUp, upward)
            }
            if signal.status != .open {
                decided += 1
                if !hops.contains(where: { $0.kind == .forwardedUp || $0.kind == .forwardedSideways }) { decidedWhereLanded += 1 }
            }
        }
        stats.medianDaysToFirstAnswer = median(days)
        stats.answeredInTimeShare = dueOrAnswered == 0 ? nil : Double(inTime) / Double(dueOrAnswered)
        stats.proximityShare = decided == 0 ? nil : Double(decidedWhereLanded) / Double(decided)
        return stats
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
