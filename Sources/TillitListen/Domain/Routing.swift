import Foundation
import TillitPlatform

/// The proximity principle as rules: a signal lands with the manager closest to the unit it
/// concerns, goes upward only with a reason, and rises by itself when nobody answers in time.
///
/// "Has a manager" means some person holds the chef role on that unit. Pure functions: the caller
/// passes the organisation's tree and the set of units with a chef.
public enum Routing {
    /// The lowest unit at or above `unitID` with a manager: where a new signal lands. When no unit on
    /// the way up has one, the signal lands at the top-level unit, where the organisation's
    /// administrators see it.
    public static func landingUnit(for unitID: Int64, in tree: UnitTree, managed: Set<Int64>) -> Int64 {
        let chain = [unitID] + tree.ancestors(of: unitID).map(\.id).reversed()
        return chain.first(where: managed.contains) ?? chain.last ?? unitID
    }

    /// The next unit above `unitID` with a manager, if any.
    public static func nextUp(from unitID: Int64, in tree: UnitTree, managed: Set<Int64>) -> Int64? {
        // Up the parents, nearest first; never more steps than the tree has units.
        var current = tree[unitID]?.parentID
        for _ in 0..<tree.units.count {
            guard let id = current, let unit = tree[id], id != unitID else { return nil }
            if managed.contains(id) { return id }
            current = unit.parentID
        }
        return nil
    }

    /// The units that see an unanswered signal as overdue: one managed level up for every full
    /// response period that has passed since it arrived where it is. Empty while it is in time or
    /// once it has been answered.
    public static func escalation(of signal: some SignalFacts, now: Date, responseDays: Int, in tree: UnitTree, managed: Set<Int64>) -> [Int64] {
        guard signal.firstAnsweredAt == nil, signal.status == .open, responseDays > 0 else { return [] }
        let periods = Int(now.timeIntervalSince(signal.arrivedAt) / Double(responseDays * 86_400))
        guard periods >= 1 else { return [] }
        var levels: [Int64] = []
        var current = signal.currentUnitID
        for _ in 0..<periods {
            guard let up = nextUp(from: current, in: tree, managed: managed) else { break }
            levels.append(up)
            current = up
        }
        return levels
    }

    /// Whether the signal is past its answer time.
    public static func isOverdue(_ signal: some SignalFacts, now: Date, responseDays: Int) -> Bool {
        signal.firstAnsweredAt == nil && signal.status == .open && now.timeIntervalSince(signal.arrivedAt) >= Double(responseDays * 86_400)
    }

    /// Whether forwarding to `target` goes upward (to an ancestor) or sideways (anywhere else in the tree).
    public static func direction(from unitID: Int64, to target: Int64, in tree: UnitTree) -> HopKind {
        tree.ancestors(of: unitID).contains { $0.id == target } ? .forwardedUp : .forwardedSideways
    }
}

/// Anonymity as rules: what is kept of an anonymous signal, and its receipt codes.
public enum Anonymity {
    /// The creation time kept for an anonymous signal: the start of its day (UTC), so the time of
    /// day cannot be matched against who was at work.
    public static func coarsen(_ date: Date) -> Date {
        Date(epochSeconds: date.epochSeconds - date.epochSeconds % 86_400)
    }

    /// A receipt code people can read out and type: 12 letters and digits without look-alikes,
    /// grouped by four (about 60 bits).
    public static func newReceiptCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 12, by: 4).map { String(chars[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The form a typed receipt code is compared in: upper-case, without spaces and hyphens.
    public static func normalise(receipt: String) -> String {
        String(receipt.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
