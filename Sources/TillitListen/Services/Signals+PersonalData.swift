import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Signals {
    /// What Listen holds about a person: the signals they raised in their own name, their comments,
    /// what they supported and what they decided. Anonymous signals are linked to no one and are
    /// never in a download or touched by a removal.
    public static let personalData = PersonalDataPart(
        name: "listen",
        export: { db, person in
            let raised = try await db.raw("""
                SELECT s.id, s.kind, s.text, s.affects, s.suggestion, s.status, s.decision, s.decision_text, s.created_at, s.unit_id
                FROM signals s
                WHERE s.raised_by = \(bind: person.id) AND s.anonymous = 0 ORDER BY s.created_at, s.id
                """).all()
            let unitNames = try await Directory.unitNames(db, ids: Set(try raised.map { try $0.int64("unit_id") }))
            let comments = try await db.raw("""
                SELECT c.signal_id, c.text, c.created_at FROM signal_comments c
                WHERE c.author_id = \(bind: person.id) ORDER BY c.created_at, c.signal_id, c.seq
                """).all()
            let supports = try await db.raw("SELECT signal_id FROM signal_supports WHERE user_id = \(bind: person.id) ORDER BY signal_id").all()
            let decided = try await db.raw("SELECT id, decision, decision_text FROM signals WHERE decided_by = \(bind: person.id) ORDER BY id").all()
            return [
                try PersonalFile(name: "signaler.json", title: BothLanguages(sv: "Signaler du har lyft i eget namn", en: "Signals you raised in your own name"), records: raised.map { row in [
                    "id": try row.int64("id"), "slag": try row.string("kind"), "text": try row.string("text"),
                    "berorda": PersonalFile.orNull(try row.optionalString("affects")), "forslag": PersonalFile.orNull(try row.optionalString("suggestion")),
                    "enhet": unitNames[try row.int64("unit_id")] ?? "", "status": try row.string("status"),
                    "beslut": PersonalFile.orNull(try row.optionalString("decision")), "beslutstext": PersonalFile.orNull(try row.optionalString("decision_text")),
                    "lyft": JSONTime.iso(try row.int64("created_at")),
                ] }),
                try PersonalFile(name: "kommentarer.json", title: BothLanguages(sv: "Dina kommentarer på signaler", en: "Your comments on signals"), records: comments.map { row in [
                    "signal": try row.int64("signal_id"), "text": try row.string("text"), "tid": JSONTime.iso(try row.int64("created_at")),
                ] }),
                try PersonalFile(name: "stod.json", title: BothLanguages(sv: "Signaler du har stött", en: "Signals you supported"), records: supports.map { row in [
                    "signal": try row.int64("signal_id"),
                ] }),
                try PersonalFile(name: "beslut.json", title: BothLanguages(sv: "Signaler du har beslutat om", en: "Signals you decided"), records: decided.map { row in [
                    "signal": try row.int64("id"), "beslut": PersonalFile.orNull(try row.optionalString("decision")),
                    "beslutstext": PersonalFile.orNull(try row.optionalString("decision_text")),
                ] }),
            ]
        },
        remove: { db, person, rule in
            // The rows stay for the figures and for others' conversations; they point to the
            // nameless placeholder the account becomes. Where the organisation says so, the text goes.
            let organisations = try await db.raw("""
                SELECT DISTINCT s.organisation_id FROM signals s
                WHERE s.raised_by = \(bind: person.id) OR s.id IN (SELECT signal_id FROM signal_comments WHERE author_id = \(bind: person.id))
                """).all().map { try $0.int64("organisation_id") }
            for organisation in organisations where rule(organisation) == .delete {
                try await db.raw("""
                    UPDATE signals SET text = '', affects = NULL, suggestion = NULL
                    WHERE raised_by = \(bind: person.id) AND organisation_id = \(bind: organisation)
                    """).run()
                try await db.raw("""
                    UPDATE signal_comments SET text = '' WHERE author_id = \(bind: person.id)
                    AND signal_id IN (SELECT id FROM signals WHERE organisation_id = \(bind: organisation))
                    """).run()
            }
        },
        retention: { db, today, keepYears in
            var cleared = 0
            let organisations = try await Directory.organisationIDs(db)
            for organisation in organisations {
                for (source, key) in [("staff", PrivacySettings.signalTextYearsKey), ("participant", PrivacySettings.participantTextYearsKey)] {
                    let years = keepYears(organisation, key)
                    guard years > 0 else { continue }
                    let before = today.yearsEarlier(years).startEpochSeconds
                    let chosen = SQLQueryString("""
                        SELECT id FROM signals WHERE organisation_id = \(bind: organisation) AND source = \(bind: source)
                        AND status <> 'open' AND created_at < \(bind: before) AND text <> ''
                        """)
                    let ids = try await db.raw(chosen).all().map { try $0.int64("id") }
                    guard !ids.isEmpty else { continue }
                    for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                        let list = SQLQueryString.list(chunk)
                        try await db.raw("""
                            UPDATE signals SET text = '', affects = NULL, suggestion = NULL, decision_text = CASE WHEN decision_text IS NULL THEN NULL ELSE '' END,
                                implemented_note = CASE WHEN implemented_note IS NULL THEN NULL ELSE '' END
                            WHERE id IN \(list)
                            """).run()
                        try await db.raw("UPDATE signal_comments SET text = '' WHERE signal_id IN \(list)").run()
                        try await db.raw("UPDATE signal_hops SET reason = NULL WHERE signal_id IN \(list)").run()
                    }
                    cleared += ids.count
                }
            }
            return cleared
        })
}
