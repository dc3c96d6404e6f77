import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// A unit's published code for the participant's voice (deltagarens röst).
public struct ParticipantCode: Sendable, Equatable {
    public let id: Int64
    public let organisationID: Int64
    public let unitID: Int64
    public let code: String
    public let createdAt: Date
    public let withdrawnAt: Date?
}

/// Where a participant code leads: the unit, for the feedback page.
public struct ParticipantTarget: Sendable {
    public let code: ParticipantCode
    public let unit: OrgUnit
    public let organisation: Organisation
}

/// The kinds a participant chooses between, in plain words.
public enum ParticipantKind: String, Sendable, CaseIterable {
    case hinder, ide, fraga

    public var signalKind: SignalKind {
        switch self {
        case .hinder: .hinder
        case .ide: .ide
        case .fraga: .fraga
        }
    }
}

extension Signals {
    /// A new code: six letters and digits without look-alikes (about 30 bits), short enough to type
    /// from a poster.
    static func newParticipantCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func loadCode(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> ParticipantCode? {
        try await db.raw("SELECT id, organisation_id, unit_id, code, created_at, withdrawn_at FROM participant_codes \(filter)").first().map { row in
            ParticipantCode(id: try row.int64("id"), organisationID: try row.int64("organisation_id"), unitID: try row.int64("unit_id"),
                            code: try row.string("code"), createdAt: try row.date("created_at"), withdrawnAt: try row.optionalDate("withdrawn_at"))
        }
    }

    /// Who may publish and withdraw a unit's code: its managers (and those above) and the organisation's administrators.
    private func mayManageCode(_ actor: Actor, unit: OrgUnit) async throws -> Bool {
        let tree = try await platform.unitTree(organisationID: unit.organisationID)
        return Policy.manages(actor, unit: unit.id, in: tree) || Policy.canAdministerOrganisation(actor, unit.organisationID)
    }

    /// The unit's code in use, if any, for those who may manage it.
    public func participantCode(actor: Actor, unitID: Int64) async throws -> ParticipantCode? {
        let unit = try await platform.unit(actor: actor, id: unitID)
        guard try await mayManageCode(actor, unit: unit) else { throw AppError.forbidden }
        return try await database.read { db in
            try await Self.loadCode(db, "WHERE unit_id = \(bind: unitID) AND withdrawn_at IS NULL ORDER BY created_at DESC LIMIT 1")
        }
    }

    /// Publishes a new code for the unit; a code already in use is withdrawn (a new poster replaces the old).
    public func publishParticipantCode(actor: Actor, unitID: Int64) async throws -> ParticipantCode {
        let unit = try await platform.unit(actor: actor, id: unitID)
        guard try await mayManageCode(actor, unit: unit) else { throw AppError.forbidden }
        guard !unit.isClosed else { throw AppError(.conflict, code: "unit-closed", message: SignalText.unitClosed) }
        let now = self.now
        return try await database.transaction { db in
            try await db.raw("UPDATE participant_codes SET withdrawn_at = \(bind: now.epochSeconds) WHERE unit_id = \(bind: unitID) AND withdrawn_at IS NULL").run()
            var code = Self.newParticipantCode()
            while try await Self.loadCode(db, "WHERE code = \(bind: code)") != nil { code = Self.newParticipantCode() }
            let id = Self.randomID()
            try await db.raw("""
                INSERT INTO participant_codes (id, organisation_id, unit_id, code, created_at, created_by)
                VALUES (\(bind: id), \(bind: unit.organisationID), \(bind: unitID), \(bind: code), \(bind: now.epochSeconds), \(bind: actor.userID))
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "participant_code.publish", objectType: "unit", objectID: String(unitID),
                                      organisationID: unit.organisationID)
            return try await Self.loadCode(db, "WHERE id = \(bind: id)")!
        }
    }

    /// Withdraws the unit's code: the poster's link then says it no longer works.
    public func withdrawParticipantCode(actor: Actor, unitID: Int64) async throws {
        let unit = try await platform.unit(actor: actor, id: unitID)
        guard try await mayManageCode(actor, unit: unit) else { throw AppError.forbidden }
        let now = self.now
        try await database.transaction { db in
            try await db.raw("UPDATE participant_codes SET withdrawn_at = \(bind: now.epochSeconds) WHERE unit_id = \(bind: unitID) AND withdrawn_at IS NULL").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "participant_code.withdraw", objectType: "unit", objectID: String(unitID),
                                      organisationID: unit.organisationID)
        }
    }

    /// The unit a code leads to. An unknown code is not found; a withdrawn one (or one of a closed
    /// unit) is gone.
    public func participantTarget(code raw: String) async throws -> ParticipantTarget {
        let code = Anonymity.normalise(receipt: raw)
        guard code.count == 6, let found = try await database.read({ db in try await Self.loadCode(db, "WHERE code = \(bind: code)") }) else {
            throw AppError(.notFound, code: "code-unknown", message: SignalText.codeUnknown)
        }
        let unit = try await platform.unit(id: found.unitID)
        guard found.withdrawnAt == nil, !unit.isClosed else { throw AppError(.gone, code: "code-withdrawn", message: SignalText.codeWithdrawn) }
        return ParticipantTarget(code: found, unit: unit, organisation: try await platform.organisation(id: found.organisationID))
    }

    /// Feedback from a participant through a unit's code: no account, nothing about the sender
    /// (no address, no browser, the day only), landing with the unit's manager like a signal.
    /// Returns the receipt code the participant can follow the answer with. Refused once the code
    /// has taken its daily limit.
    public func raise(participantCode raw: String, kind: String?, text: String?) async throws -> (signal: Signal, receipt: String) {
        let target = try await participantTarget(code: raw)
        var v = Validator()
        let kind = v.choice("kind", kind, as: ParticipantKind.self)
        let text = v.multilineText("text", text, maxLength: 2000)
        try v.check()
        let limit = Int(try await platform.settingValues(organisationID: target.organisation.id)["participant_daily_limit"] ?? "30") ?? 30
        let day = Anonymity.coarsen(now)
        let result = try await database.transaction { db in
            // Parallel messages through one code count one after the other: the code's row is
            // locked until commit (PostgreSQL; SQLite's single writer does this already).
            _ = try await db.raw("SELECT id FROM participant_codes WHERE id = \(bind: target.code.id)\(db.lockRowsClause)").all()
            let today = try await db.raw("""
                SELECT COUNT(*) AS n FROM signals WHERE participant_code_id = \(bind: target.code.id) AND created_at >= \(bind: day.epochSeconds)
                """).first()!.decode(column: "n", as: Int.self)
            guard today < limit else { throw AppError(.tooManyRequests, code: "code-limit", message: SignalText.codeLimit) }
            return try await insert(db, unit: target.unit, kind: kind!.signalKind, text: text!, affects: .citizens, suggestion: nil,
                                    anonymous: true, raisedBy: nil, source: .participant, codeID: target.code.id)
        }
        return (result.signal, result.receipt!)
    }
}
