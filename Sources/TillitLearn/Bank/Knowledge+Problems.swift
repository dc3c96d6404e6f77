import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

/// Why a reader reports a problem with an example.
public enum ProblemReason: String, Sendable, CaseIterable {
    case fel, personuppgifter, upphovsratt, olampligt, annat

    public var label: BothLanguages {
        switch self {
        case .fel: BothLanguages(sv: "Felaktiga eller inaktuella uppgifter", en: "Wrong or outdated information")
        case .personuppgifter: BothLanguages(sv: "Personuppgifter som inte borde finnas här", en: "Personal data that should not be here")
        case .upphovsratt: BothLanguages(sv: "Upphovsrätt", en: "Copyright")
        case .olampligt: BothLanguages(sv: "Olämpligt innehåll", en: "Inappropriate content")
        case .annat: BothLanguages(sv: "Annat", en: "Other")
        }
    }
}

/// A reader's report of a problem with a published example, for the editors.
public struct ProblemReport: Sendable, Identifiable {
    public let id: Int64
    public let exampleID: Int64
    public let exampleTitle: String
    public let reason: ProblemReason
    public let text: String
    /// The day only: the report is anonymous and the time of day would say more than needed.
    public let reportedOn: String
    public let handledAt: Date?
    public let handledNote: String?
}

extension Knowledge {
    /// Anyone, signed in or not, may report a problem with a published example. Nothing about the
    /// reader is stored; the editors are told.
    public func reportProblem(exampleID: Int64, reason: String?, text: String?) async throws -> ProblemReport {
        var v = Validator()
        let reason = v.choice("reason", reason, as: ProblemReason.self)
        let text = v.multilineText("text", text, maxLength: 2000)
        try v.check()
        let now = self.now
        return try await database.transaction { db in
            guard let example = try await Self.load(db, id: exampleID), example.status == .published else { throw AppError.notFound }
            let day = LocalTime(now).dateOnly
            let id = Secrets.randomID()
            try await db.raw("""
                INSERT INTO example_problems (id, example_id, reason, text, reported_on)
                VALUES (\(bind: id), \(bind: exampleID), \(bind: reason!.rawValue), \(bind: text!), \(bind: day))
                """).run()
            let editors = try await Directory.holders(db, role: .redaktor, organisationID: nil)
            try await Notifications.add(db, at: now, editors.map { user in
                NotificationDraft(userID: user, organisationID: nil, kind: "example.problem",
                                  message: KnowledgeText.problemReported, target: NoticeTarget("problem-reports"), digestOnly: true)
            })
            return ProblemReport(id: id, exampleID: exampleID, exampleTitle: example.title, reason: reason!, text: text!, reportedOn: day,
                                 handledAt: nil, handledNote: nil)
        }
    }

    /// The reports for the editors: open ones first, then the latest handled.
    public func problemReports(actor: Actor) async throws -> (open: [ProblemReport], handled: [ProblemReport]) {
        guard Policy.isEditor(actor) else { throw AppError.forbidden }
        return try await database.read { db in
            func load(_ filter: SQLQueryString) async throws -> [ProblemReport] {
                try await db.raw("""
                    SELECT p.id, p.example_id, e.title, p.reason, p.text, p.reported_on, p.handled_at, p.handled_note
                    FROM example_problems p JOIN examples e ON e.id = p.example_id \(filter)
                    """).all().map { row in
                    ProblemReport(id: try row.int64("id"), exampleID: try row.int64("example_id"), exampleTitle: try row.string("title"),
                                  reason: ProblemReason(rawValue: try row.string("reason")) ?? .annat, text: try row.string("text"),
                                  reportedOn: try row.string("reported_on"), handledAt: try row.optionalDate("handled_at"),
                                  handledNote: try row.optionalString("handled_note"))
                }
            }
            // Open reports by day, and within a day by example: never in the order they came.
            return (try await load("WHERE p.handled_at IS NULL ORDER BY p.reported_on, e.title, p.id"),
                    try await load("WHERE p.handled_at IS NOT NULL ORDER BY p.handled_at DESC, p.id DESC LIMIT 50"))
        }
    }

    /// An editor marks a report handled, with an optional note of what was done.
    public func handleProblem(actor: Actor, id: Int64, note: String?) async throws {
        guard Policy.isEditor(actor) else { throw AppError.forbidden }
        var v = Validator()
        let note = v.multilineText("note", note, maxLength: 2000, required: false)
        try v.check()
        let now = self.now
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT example_id, handled_at FROM example_problems WHERE id = \(bind: id)").first() else { throw AppError.notFound }
            guard try row.optionalInt64("handled_at") == nil else {
                throw AppError(.conflict, code: "already-handled", message: LearnText.alreadyHandled)
            }
            try await db.raw("""
                UPDATE example_problems SET handled_at = \(bind: now.epochSeconds), handled_by = \(bind: actor.userID), handled_note = \(bind: note)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "example.problem.handle", objectType: "example",
                                      objectID: String(try row.int64("example_id")), organisationID: nil)
        }
    }
}
