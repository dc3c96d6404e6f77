import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Signals {
    /// Answers an open signal inside the caller's transaction, because of a decision taken
    /// elsewhere (an owner's decision on a requirement the signal was linked to). The caller has
    /// decided who may; the answer is recorded, audited and told to the raiser and supporters like
    /// any other. Returns false for a signal that is no longer open (answered meanwhile).
    public func answer(_ db: any SQLDatabase, actor: Actor, id: Int64, decision: Decision, text: String) async throws -> Bool {
        guard let signal = try await Self.loadForChange(db, id: id), signal.status == .open else { return false }
        let now = self.now
        let tree = try await platform.unitTree(db, organisationID: signal.organisationID)
        try await db.raw("""
            UPDATE signals SET status = \(bind: SignalStatus.decided.rawValue), decision = \(bind: decision.rawValue), decision_text = \(bind: text),
            first_answered_at = COALESCE(first_answered_at, \(bind: now.epochSeconds)), decided_by = \(bind: actor.userID)
            WHERE id = \(bind: id)
            """).run()
        try await Self.recordHop(db, signalID: id, at: now, kind: .decided, from: nil, to: signal.currentUnitID, reason: nil)
        try await notifyFollowers(db, signal, tree: tree, at: now, kind: "signal.decided",
                                  raiser: .decidedToRaiser(unit: tree[signal.unitID]?.name ?? "–", decision: decision),
                                  supporter: .decidedToSupporter(unit: tree[signal.unitID]?.name ?? "–", decision: decision),
                                  except: actor.userID)
        try await AuditLog.record(db, at: now, actor: actor, action: "signal.decide", objectType: "signal", objectID: String(id),
                                  organisationID: signal.organisationID, details: ["decision": decision.rawValue])
        return true
    }
}
