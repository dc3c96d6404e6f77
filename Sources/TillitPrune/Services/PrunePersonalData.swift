import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// What Prune holds about a person: their own assessments of requirements, the requirements they
/// proposed and the decisions they made.
public enum PrunePersonalData {
    public static let part = PersonalDataPart(
        name: "prune",
        export: { db, person in
            let assessments = try await db.raw("""
                SELECT r.name, a.minutes, a.usefulness, a.comment FROM prune_assessments a JOIN prune_requirements r ON r.id = a.requirement_id
                WHERE a.user_id = \(bind: person.id) ORDER BY r.name
                """).all()
            let proposed = try await db.raw("""
                SELECT name, status, created_at FROM prune_requirements WHERE proposed_by = \(bind: person.id) ORDER BY name
                """).all()
            let decided = try await db.raw("""
                SELECT r.name, d.decision, d.reason, d.decided_at FROM prune_decisions d JOIN prune_requirements r ON r.id = d.requirement_id
                WHERE d.decided_by = \(bind: person.id) ORDER BY d.decided_at, r.name
                """).all()
            return [
                try PersonalFile(name: "kravbedomningar.json", title: BothLanguages(sv: "Dina bedömningar av krav", en: "Your assessments of requirements"),
                                 records: assessments.map { row in [
                                     "krav": try row.string("name"), "minuter": try row.int64("minutes"), "nytta": try row.int64("usefulness"),
                                     "kommentar": PersonalFile.orNull(try row.optionalString("comment")),
                                 ] }),
                try PersonalFile(name: "foreslagna-krav.json", title: BothLanguages(sv: "Krav du har föreslagit", en: "Requirements you proposed"),
                                 records: proposed.map { row in [
                                     "krav": try row.string("name"), "status": try row.string("status"), "foreslaget": JSONTime.iso(try row.int64("created_at")),
                                 ] }),
                try PersonalFile(name: "kravbeslut.json", title: BothLanguages(sv: "Beslut om krav du har fattat", en: "Decisions on requirements you made"),
                                 records: decided.map { row in [
                                     "krav": try row.string("name"), "beslut": try row.string("decision"), "motivering": try row.string("reason"),
                                     "beslutat": JSONTime.iso(try row.int64("decided_at")),
                                 ] }),
            ]
        },
        remove: { db, person, rule in
            // Assessments stay for the aggregates, pointing to the nameless account; where the
            // organisation says so, the person's own comments go.
            let organisations = try await db.raw("""
                SELECT DISTINCT r.organisation_id FROM prune_assessments a JOIN prune_requirements r ON r.id = a.requirement_id
                WHERE a.user_id = \(bind: person.id)
                """).all().map { try $0.int64("organisation_id") }
            for organisation in organisations where rule(organisation) == .delete {
                try await db.raw("""
                    UPDATE prune_assessments SET comment = NULL WHERE user_id = \(bind: person.id)
                    AND requirement_id IN (SELECT id FROM prune_requirements WHERE organisation_id = \(bind: organisation))
                    """).run()
            }
        })
}
