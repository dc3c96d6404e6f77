import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// What Follow up holds about a person: the rounds they started and the dialogue notes they wrote
/// last. Answers are not here: no response is linked to anyone (docs/DISCLOSURE.md).
public enum FollowUpPersonalData {
    public static let part = PersonalDataPart(
        name: "followup",
        export: { db, person in
            let rounds = try await db.raw("""
                SELECT q.title, r.opens_on, r.closes_on, r.unit_id FROM survey_rounds r
                JOIN questionnaires q ON q.id = r.questionnaire_id
                WHERE r.created_by = \(bind: person.id) ORDER BY r.opens_on, r.id
                """).all()
            let notes = try await db.raw("""
                SELECT q.title, r.opens_on, n.unit_id, n.what_we_see, n.what_we_do, n.what_we_need, n.updated_at FROM survey_dialogue_notes n
                JOIN survey_rounds r ON r.id = n.round_id JOIN questionnaires q ON q.id = r.questionnaire_id
                WHERE n.updated_by = \(bind: person.id) ORDER BY r.opens_on, n.unit_id
                """).all()
            let unitNames = try await Directory.unitNames(db, ids: Set(try (rounds + notes).map { try $0.int64("unit_id") }))
            return [
                try PersonalFile(name: "enkatomgangar.json", title: BothLanguages(sv: "Enkätomgångar du har startat", en: "Survey rounds you started"),
                                 records: rounds.map { row in [
                                     "enkat": try row.string("title"), "enhet": unitNames[try row.int64("unit_id")] ?? "",
                                     "oppnar": try row.string("opens_on"), "stanger": try row.string("closes_on"),
                                 ] }),
                try PersonalFile(name: "dialoganteckningar.json", title: BothLanguages(sv: "Dialoganteckningar du skrev senast", en: "Dialogue notes you wrote last"),
                                 records: notes.map { row in [
                                     "enkat": try row.string("title"), "omgang_oppnade": try row.string("opens_on"), "enhet": unitNames[try row.int64("unit_id")] ?? "",
                                     "det_vi_ser": try row.string("what_we_see"), "det_vi_gor": try row.string("what_we_do"),
                                     "det_vi_behover": try row.string("what_we_need"), "andrad": JSONTime.iso(try row.int64("updated_at")),
                                 ] }),
            ]
        },
        // The notes are the team's, not the writer's: they stay, pointing to the nameless account.
        remove: { _, _, _ in })
}
