import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// What Learn holds about a person: examples and versions they wrote, where they are an example's
/// contact, the pilots that name them, their log entries and the problem reports they handled.
/// Problem reports themselves are anonymous and never in a download.
public enum LearnPersonalData {
    public static let part = PersonalDataPart(
        name: "learn",
        export: { db, person in
            let examples = try await db.raw("""
                SELECT id, title, status, created_at, published_at FROM examples WHERE created_by = \(bind: person.id) ORDER BY id
                """).all()
            let revisions = try await db.raw("""
                SELECT example_id, revision, created_at FROM example_revisions WHERE created_by = \(bind: person.id) ORDER BY example_id, revision
                """).all()
            let contacts = try await db.raw("""
                SELECT id, title, contact_name, contact_role, contact_email FROM examples WHERE LOWER(contact_email) = \(bind: person.email.lowercased()) ORDER BY id
                """).all()
            let pilots = try await db.raw("""
                SELECT pp.pilot_id, p.name AS title, pp.role, pp.name, pp.affiliation, pp.email FROM pilot_people pp JOIN pilots p ON p.id = pp.pilot_id
                WHERE LOWER(pp.email) = \(bind: person.email.lowercased()) ORDER BY pp.pilot_id, pp.role, pp.position
                """).all()
            let log = try await db.raw("""
                SELECT pilot_id, entry_date, kind, title, text, is_public FROM pilot_log WHERE author_id = \(bind: person.id) ORDER BY pilot_id, entry_date, id
                """).all()
            let handled = try await db.raw("""
                SELECT example_id, handled_at, handled_note FROM example_problems WHERE handled_by = \(bind: person.id) ORDER BY handled_at, example_id
                """).all()
            return [
                try PersonalFile(name: "exempel.json", title: BothLanguages(sv: "Exempel du har skrivit", en: "Examples you wrote"), records: examples.map { row in [
                    "id": try row.int64("id"), "titel": try row.string("title"), "status": try row.string("status"),
                    "skapat": JSONTime.iso(try row.int64("created_at")), "publicerat": try JSONTime.isoOrNull(row, "published_at"),
                ] }),
                try PersonalFile(name: "exempelversioner.json", title: BothLanguages(sv: "Versioner av exempel du har sparat", en: "Example versions you saved"), records: revisions.map { row in [
                    "exempel": try row.int64("example_id"), "version": try row.int64("revision"), "sparad": JSONTime.iso(try row.int64("created_at")),
                ] }),
                try PersonalFile(name: "kontaktperson.json", title: BothLanguages(sv: "Exempel där du står som kontakt", en: "Examples naming you as contact"), records: contacts.map { row in [
                    "exempel": try row.int64("id"), "titel": try row.string("title"), "namn": try row.string("contact_name"),
                    "roll": try row.string("contact_role"), "email": try row.string("contact_email"),
                ] }),
                try PersonalFile(name: "forsok.json", title: BothLanguages(sv: "Försök där du står som forskare eller kontakt", en: "Pilots naming you as researcher or contact"), records: pilots.map { row in [
                    "forsok": try row.int64("pilot_id"), "titel": try row.string("title"), "roll": try row.string("role"),
                    "namn": try row.string("name"), "organisation": try row.string("affiliation"), "email": try row.string("email"),
                ] }),
                try PersonalFile(name: "forsokslogg.json", title: BothLanguages(sv: "Dina anteckningar i försöksloggar", en: "Your entries in pilot logs"), records: log.map { row in [
                    "forsok": try row.int64("pilot_id"), "datum": try row.string("entry_date"), "slag": try row.string("kind"),
                    "titel": try row.string("title"), "text": try row.string("text"), "offentlig": try row.decode(column: "is_public", as: Bool.self),
                ] }),
                try PersonalFile(name: "hanterade-anmalningar.json", title: BothLanguages(sv: "Anmälningar du har hanterat", en: "Problem reports you handled"), records: handled.map { row in [
                    "exempel": try row.int64("example_id"), "hanterad": try JSONTime.isoOrNull(row, "handled_at"),
                    "anteckning": PersonalFile.orNull(try row.optionalString("handled_note")),
                ] }),
            ]
        },
        remove: { db, person, rule in
            let email = person.email.lowercased()
            // Contact details are the person's own: they go from the example and its versions.
            try await db.raw("""
                UPDATE examples SET contact_name = '', contact_role = '', contact_email = '' WHERE LOWER(contact_email) = \(bind: email)
                """).run()
            for (text, replacement) in [(person.email, ""), (person.name, FormerPerson.name)] where text.count >= 3 {
                try await db.raw("""
                    UPDATE example_revisions SET snapshot = REPLACE(snapshot, \(bind: text), \(bind: replacement))
                    WHERE snapshot LIKE \(bind: "%" + SQLText.likeEscaped(text) + "%") ESCAPE '\\'
                    """).run()
            }
            try await db.raw("DELETE FROM pilot_people WHERE LOWER(email) = \(bind: email)").run()
            // Log entries stay for the pilot's history, without the text where the organisation says so.
            let organisations = try await db.raw("""
                SELECT DISTINCT ph.organisation_id FROM pilot_log l JOIN pilot_hosts ph ON ph.pilot_id = l.pilot_id WHERE l.author_id = \(bind: person.id)
                """).all().map { try $0.int64("organisation_id") }
            if organisations.contains(where: { rule($0) == .delete }) {
                try await db.raw("UPDATE pilot_log SET text = '' WHERE author_id = \(bind: person.id)").run()
            }
        },
        retention: { db, today, keepYears in
            var cleared = 0
            let organisations = try await Directory.organisationIDs(db)
            for organisation in organisations {
                let years = keepYears(organisation, PrivacySettings.problemTextYearsKey)
                guard years > 0 else { continue }
                let before = today.yearsEarlier(years).description
                let ids = try await db.raw("""
                    SELECT p.id FROM example_problems p JOIN examples e ON e.id = p.example_id
                    WHERE e.organisation_id = \(bind: organisation) AND p.handled_at IS NOT NULL AND p.reported_on < \(bind: before) AND p.text <> ''
                    """).all().map { try $0.int64("id") }
                guard !ids.isEmpty else { continue }
                try await db.raw("UPDATE example_problems SET text = '', handled_note = NULL WHERE id IN \(SQLQueryString.list(ids))").run()
                cleared += ids.count
            }
            return cleared
        })
}
