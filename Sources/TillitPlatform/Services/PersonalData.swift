import Foundation
import SQLKit
import TillitFormats
import TillitStorage

/// The person whose data is exported or removed, as the account held them before.
public struct PersonRecord: Sendable {
    public let id: Int64
    public let email: String
    public let name: String
}

/// What happens to named content (signals, comments, log entries) when its writer is removed:
/// an organisation setting (`removed_person_content`), applied per organisation the content is in.
public enum NamedContentRule: String, Sendable, CaseIterable {
    /// The text stays; the writer is shown as "en tidigare medarbetare".
    case deidentify = "avidentifiera"
    /// The text is deleted too; what the figures need (kind, unit, dates, status) stays.
    case delete = "radera"
}

/// One file of a person's data download.
public struct PersonalFile: Sendable {
    public let name: String
    public let content: Data
    /// How many records the file holds, for the readable summary.
    public let count: Int
    public let title: BothLanguages

    public init(name: String, title: BothLanguages, records: [[String: Any]]) throws {
        self.name = name
        self.title = title
        self.count = records.count
        self.content = try JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// A value for a record, JSON `null` when absent.
    public static func orNull(_ value: String?) -> Any { value ?? NSNull() }
}

/// One module's share of the people's rights: what it holds about a person, how it forgets them,
/// and how long its free text is kept. Every function runs on the caller's transaction (`db`).
public struct PersonalDataPart: Sendable {
    public let name: String
    /// Everything this module holds about the person, named. Anonymous content is never in it.
    public let export: @Sendable (_ db: any SQLDatabase, _ person: PersonRecord) async throws -> [PersonalFile]
    /// Removes or de-identifies what this module holds about the person. `rule` gives the
    /// organisation's choice for named content in that organisation.
    public let remove: @Sendable (_ db: any SQLDatabase, _ person: PersonRecord, _ rule: @Sendable (Int64?) -> NamedContentRule) async throws -> Void
    /// Clears free text older than the organisation's retention settings allow; returns how many
    /// records were cleared. `keepYears` gives a setting's value for an organisation (0: kept).
    public let retention: (@Sendable (_ db: any SQLDatabase, _ today: CivilDate, _ keepYears: @Sendable (Int64, String) -> Int) async throws -> Int)?

    public init(name: String,
                export: @escaping @Sendable (any SQLDatabase, PersonRecord) async throws -> [PersonalFile],
                remove: @escaping @Sendable (any SQLDatabase, PersonRecord, @Sendable (Int64?) -> NamedContentRule) async throws -> Void,
                retention: (@Sendable (any SQLDatabase, CivilDate, @Sendable (Int64, String) -> Int) async throws -> Int)? = nil) {
        self.name = name
        self.export = export
        self.remove = remove
        self.retention = retention
    }
}

extension CivilDate {
    /// Today in Sweden.
    public static func today(_ now: Date) -> CivilDate {
        let local = LocalTime(now)
        return CivilDate(year: local.year, month: local.month, day: local.day)!
    }

    /// The same day `years` earlier (28 February for a 29th in a year without one).
    public func yearsEarlier(_ years: Int) -> CivilDate {
        let year = self.year - years
        return CivilDate(year: year, month: month, day: min(day, CivilDate.daysInMonth(year: year, month: month)))!
    }

    /// The first second of the day in Sweden, as epoch seconds.
    public var startEpochSeconds: Int64 { Int64(start(in: LocalTime.zone).timeIntervalSince1970) }
}

/// The settings of the people's rights.
public enum PrivacySettings {
    public static let removedContentKey = "removed_person_content"
    public static let selfRemovalKey = "self_removal"
    public static let signalTextYearsKey = "retention_signal_text_years"
    public static let participantTextYearsKey = "retention_participant_text_years"
    public static let problemTextYearsKey = "retention_problem_text_years"

    public static let definitions: [SettingDefinition] = [
        SettingDefinition(
            key: removedContentKey,
            label: BothLanguages(sv: "Det en borttagen person har skrivit", en: "What a removed person wrote"),
            help: BothLanguages(sv: "avidentifiera: texten finns kvar men visas som skriven av en tidigare medarbetare. radera: texten tas bort; det som behövs för statistiken finns kvar.",
                                en: "avidentifiera: the text stays but is shown as written by a former member of staff. radera: the text is deleted; what the figures need stays."),
            kind: .choice(NamedContentRule.allCases.map(\.rawValue)),
            defaultValue: NamedContentRule.deidentify.rawValue),
        SettingDefinition(
            key: selfRemovalKey,
            label: BothLanguages(sv: "Personer får ta bort sitt eget konto", en: "People may remove their own account"),
            help: BothLanguages(sv: "ja: under Mina uppgifter kan var och en ta bort sitt konto. nej: bara en administratör kan.",
                                en: "ja: anyone can remove their own account under My data. nej: only an administrator can."),
            kind: .choice(["ja", "nej"]),
            defaultValue: "nej"),
        SettingDefinition(
            key: signalTextYearsKey,
            label: BothLanguages(sv: "Gallra text i avslutade signaler efter (år)", en: "Clear the text of closed signals after (years)"),
            help: BothLanguages(sv: "0: texten sparas tills vidare. Gallring förutsätter ett gallringsbeslut enligt arkivlagen. Statistiken påverkas inte.",
                                en: "0: the text is kept. Clearing requires a disposal decision under the Archives Act. The figures are not affected."),
            kind: .integer(min: 0, max: 50),
            defaultValue: "0"),
        SettingDefinition(
            key: participantTextYearsKey,
            label: BothLanguages(sv: "Gallra text i deltagares synpunkter efter (år)", en: "Clear the text of participants' messages after (years)"),
            help: BothLanguages(sv: "0: texten sparas tills vidare. Gäller avslutade synpunkter.",
                                en: "0: the text is kept. Applies to closed messages."),
            kind: .integer(min: 0, max: 50),
            defaultValue: "0"),
        SettingDefinition(
            key: problemTextYearsKey,
            label: BothLanguages(sv: "Gallra text i hanterade felanmälningar efter (år)", en: "Clear the text of handled problem reports after (years)"),
            help: BothLanguages(sv: "0: texten sparas tills vidare. Gäller anmälningar om exempel i kunskapsbanken.",
                                en: "0: the text is kept. Applies to reports about examples in the knowledge bank."),
            kind: .integer(min: 0, max: 50),
            defaultValue: "0"),
    ]
}

/// How a removed person is named wherever their name stood.
public enum FormerPerson {
    public static let name = "En tidigare medarbetare"
    public static let label = "tidigare medarbetare"
    /// The removed account's address: unique, and in a domain that never receives mail.
    public static func email(id: Int64) -> String { "borttagen-\(id)@tillit.invalid" }
}

extension Platform {
    /// Whether every organisation `actor` belongs to lets people remove their own account.
    public func canRemoveSelf(_ actor: Actor) async throws -> Bool {
        let organisations = Policy.organisationIDs(actor)
        guard !organisations.isEmpty else { return false }
        for organisation in organisations where try await settingValues(organisationID: organisation)[PrivacySettings.selfRemovalKey] != "ja" {
            return false
        }
        return true
    }

    /// The person's data download: one JSON file per kind, from every part, read in one snapshot.
    public func exportPersonalData(actor: Actor, parts: [PersonalDataPart]) async throws -> (person: PersonRecord, files: [PersonalFile]) {
        guard let userID = actor.userID else { throw AppError.forbidden }
        return try await database.transaction { db in
            let person = try await Self.personRecord(db, id: userID)
            var files: [PersonalFile] = []
            for part in parts { files += try await part.export(db, person) }
            return (person, files)
        }
    }

    /// Removes a person: sign-in, sessions and tokens end at once, every part forgets them by its
    /// organisation's rule, and the audit log keeps the fact without the personal data.
    public func removePerson(actor: Actor, userID: Int64, parts: [PersonalDataPart]) async throws {
        let now = self.now
        let removed = try await database.transaction { db -> [Int64] in
            guard let row = try await db.raw("SELECT email, name FROM users WHERE id = \(bind: userID) AND email NOT LIKE 'borttagen-%@tillit.invalid'").first() else {
                throw AppError.notFound
            }
            let person = PersonRecord(id: userID, email: try row.string("email"), name: try row.string("name"))
            let grants = try await Self.loadGrants(db, userID: userID)
            let organisations = Set(grants.compactMap(\.organisationID))
            if actor.userID == userID {
                // One's own account, where every organisation one belongs to allows it.
                for organisation in organisations {
                    let values = try await settingValues(db, organisationID: organisation)
                    guard values[PrivacySettings.selfRemovalKey] == "ja" else { throw AppError.forbidden }
                }
                if organisations.isEmpty && !Policy.isSystemAdministrator(actor) { throw AppError.forbidden }
            } else {
                guard Policy.canRemovePerson(actor, grants: grants) else {
                    // Someone the actor cannot see at all is not found; someone they can see is forbidden.
                    if organisations.contains(where: { Policy.canAdministerOrganisation(actor, $0) }) { throw AppError.forbidden }
                    throw AppError.notFound
                }
            }
            if grants.contains(where: { $0.role == .systemadministrator }),
               try await Directory.grantCount(db, role: .systemadministrator) <= 1 {
                throw AppError(.conflict, code: "last-system-administrator", message: PlatformText.lastSystemAdministrator)
            }
            var rules: [Int64: NamedContentRule] = [:]
            for organisation in try await Directory.organisationIDs(db) {
                let values = try await settingValues(db, organisationID: organisation)
                rules[organisation] = NamedContentRule(rawValue: values[PrivacySettings.removedContentKey] ?? "") ?? .deidentify
            }
            let frozen = rules
            let rule: @Sendable (Int64?) -> NamedContentRule = { organisation in organisation.flatMap { frozen[$0] } ?? .deidentify }
            for part in parts { try await part.remove(db, person, rule) }
            try await Self.forgetAccount(db, person)
            try await AuditLog.record(db, at: now, actor: actor.userID == userID ? Actor(userID: nil, label: FormerPerson.label, grants: [], via: actor.via) : actor,
                                      action: "user.remove", objectType: "user", objectID: String(userID),
                                      organisationID: organisations.count == 1 ? organisations.first : nil,
                                      details: ["organisations": String(organisations.count)])
            return [userID]
        }
        for id in removed { sessionCache?.remove(userID: id) }
    }

    /// The platform's own tables: the account becomes a nameless placeholder that content can
    /// still point to; roles, sessions, tokens, links and notices go; the log loses the name.
    static func forgetAccount(_ db: any SQLDatabase, _ person: PersonRecord) async throws {
        let id = person.id
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run()
        try await db.raw("DELETE FROM api_tokens WHERE user_id = \(bind: id)").run()
        try await db.raw("DELETE FROM one_time_links WHERE user_id = \(bind: id)").run()
        try await db.raw("DELETE FROM role_grants WHERE user_id = \(bind: id)").run()
        try await db.raw("DELETE FROM notifications WHERE user_id = \(bind: id)").run()
        try await db.raw("""
            UPDATE users SET email = \(bind: FormerPerson.email(id: id)), name = \(bind: FormerPerson.name), password_hash = NULL,
                language = NULL, notify_mode = 'immediate', disabled_at = COALESCE(disabled_at, created_at)
            WHERE id = \(bind: id)
            """).run()
        try await db.raw("UPDATE audit_log SET actor_label = \(bind: FormerPerson.label) WHERE actor_user_id = \(bind: id)").run()
        // Where others' notices or the log's details named the person, the name goes too.
        for (text, replacement) in [(person.email, FormerPerson.email(id: id)), (person.name, FormerPerson.name)] where text.count >= 3 {
            try await db.raw("UPDATE audit_log SET details = REPLACE(details, \(bind: text), \(bind: replacement)) WHERE details LIKE \(bind: "%" + SQLText.likeEscaped(text) + "%") ESCAPE '\\'").run()
            try await db.raw("UPDATE audit_log SET actor_label = REPLACE(actor_label, \(bind: text), \(bind: FormerPerson.label)) WHERE actor_label LIKE \(bind: "%" + SQLText.likeEscaped(text) + "%") ESCAPE '\\'").run()
            for column in ["message_sv", "message_en"] {
                try await db.raw("UPDATE notifications SET \(unsafeRaw: column) = REPLACE(\(unsafeRaw: column), \(bind: text), \(bind: replacement)) WHERE \(unsafeRaw: column) LIKE \(bind: "%" + SQLText.likeEscaped(text) + "%") ESCAPE '\\'").run()
            }
        }
    }

    /// What the platform holds about a person: account, roles, tokens, sessions and notices.
    public static let personalData = PersonalDataPart(
        name: "platform",
        export: { db, person in
            let account = try await db.raw("SELECT id, email, name, language, notify_mode, created_at, disabled_at, password_hash IS NOT NULL AS has_password FROM users WHERE id = \(bind: person.id)").first()!
            let grants = try await db.raw("""
                SELECT g.role, o.name AS organisation, u.name AS unit, g.created_at FROM role_grants g
                LEFT JOIN organisations o ON o.id = g.organisation_id LEFT JOIN units u ON u.id = g.unit_id
                WHERE g.user_id = \(bind: person.id) ORDER BY g.created_at, g.role
                """).all()
            let tokens = try await db.raw("SELECT name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: person.id) ORDER BY created_at").all()
            let sessions = try await db.raw("SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = \(bind: person.id) ORDER BY created_at").all()
            let notices = try await db.raw("SELECT created_at, kind, message_sv, message_en, url, read_at, mailed_at FROM notifications WHERE user_id = \(bind: person.id) ORDER BY created_at, kind").all()
            let actions = try await db.raw("SELECT at, action, object_type, object_id, via FROM audit_log WHERE actor_user_id = \(bind: person.id) ORDER BY at, action").all()
            return [
                try PersonalFile(name: "konto.json", title: BothLanguages(sv: "Konto", en: "Account"), records: [[
                    "id": person.id, "email": try account.string("email"), "namn": try account.string("name"),
                    "sprak": try account.decodeNil(column: "language") ? NSNull() : try account.string("language"),
                    "aviseringar": try account.string("notify_mode"),
                    "skapat": JSONTime.iso(try account.int64("created_at")),
                    "inaktiverat": try JSONTime.isoOrNull(account, "disabled_at"),
                    "har_losenord": try account.decode(column: "has_password", as: Bool.self),
                ]]),
                try PersonalFile(name: "roller.json", title: BothLanguages(sv: "Roller", en: "Roles"), records: grants.map { row in [
                    "roll": try row.string("role"),
                    "organisation": try row.decodeNil(column: "organisation") ? NSNull() : try row.string("organisation"),
                    "enhet": try row.decodeNil(column: "unit") ? NSNull() : try row.string("unit"),
                    "sedan": JSONTime.iso(try row.int64("created_at")),
                ] }),
                try PersonalFile(name: "api-nycklar.json", title: BothLanguages(sv: "API-nycklar (utan själva nyckeln)", en: "API tokens (without the token itself)"), records: tokens.map { row in [
                    "namn": try row.string("name"), "skapad": JSONTime.iso(try row.int64("created_at")),
                    "senast_anvand": try JSONTime.isoOrNull(row, "last_used_at"), "aterkallad": try JSONTime.isoOrNull(row, "revoked_at"),
                ] }),
                try PersonalFile(name: "inloggningar.json", title: BothLanguages(sv: "Pågående inloggningar", en: "Current sessions"), records: sessions.map { row in [
                    "startad": JSONTime.iso(try row.int64("created_at")), "senast_aktiv": JSONTime.iso(try row.int64("last_seen_at")),
                    "upphor": JSONTime.iso(try row.int64("expires_at")),
                ] }),
                try PersonalFile(name: "aviseringar.json", title: BothLanguages(sv: "Aviseringar", en: "Notices"), records: notices.map { row in [
                    "tid": JSONTime.iso(try row.int64("created_at")), "slag": try row.string("kind"),
                    "text": try row.string("message_sv"), "text_en": try row.string("message_en"), "lank": try row.string("url"),
                    "last": try JSONTime.isoOrNull(row, "read_at"), "mejlad": try JSONTime.isoOrNull(row, "mailed_at"),
                ] }),
                try PersonalFile(name: "handelser.json", title: BothLanguages(sv: "Det du har gjort (granskningsloggen)", en: "What you did (the audit log)"), records: actions.map { row in [
                    "tid": JSONTime.iso(try row.int64("at")), "handling": try row.string("action"),
                    "objekt": try row.string("object_type"), "objekt_id": try row.decodeNil(column: "object_id") ? NSNull() : try row.string("object_id"),
                    "via": try row.string("via"),
                ] }),
            ]
        },
        remove: { _, _, _ in },
        retention: nil)

    static func personRecord(_ db: any SQLDatabase, id: Int64) async throws -> PersonRecord {
        guard let row = try await db.raw("SELECT email, name FROM users WHERE id = \(bind: id)").first() else { throw AppError.notFound }
        return PersonRecord(id: id, email: try row.string("email"), name: try row.string("name"))
    }

    /// Clears free text past every organisation's retention settings, once per day across
    /// instances (the first instance to claim the day's run does it). Returns the records cleared,
    /// or nil when another run had the day.
    public func runRetention(parts: [PersonalDataPart]) async throws -> Int? {
        let now = self.now
        let today = CivilDate.today(now)
        let key = "retention:\(today)"
        return try await database.transaction { db -> Int? in
            guard try await Notifications.claimRun(db, key: key, at: now) else { return nil }
            var years: [Int64: [String: String]] = [:]
            for organisation in try await Directory.organisationIDs(db) {
                years[organisation] = try await settingValues(db, organisationID: organisation)
            }
            let frozen = years
            let keep: @Sendable (Int64, String) -> Int = { organisation, key in Int(frozen[organisation]?[key] ?? "0") ?? 0 }
            var cleared = 0
            for part in parts { if let retention = part.retention { cleared += try await retention(db, today, keep) } }
            try await db.raw("UPDATE notification_runs SET finished_at = \(bind: now.epochSeconds), mails = \(bind: cleared) WHERE key = \(bind: key)").run()
            if cleared > 0 {
                try await AuditLog.record(db, at: now, actor: .commandLine("retention"), action: "retention.clear", objectType: "instance",
                                          objectID: nil, organisationID: nil, details: ["records": String(cleared)])
            }
            return cleared
        }
    }
}

/// Times in a data download: ISO 8601 in UTC.
public enum JSONTime {
    public static func iso(_ seconds: Int64) -> String {
        RFC3339.string(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    public static func isoOrNull(_ row: any SQLRow, _ column: String) throws -> Any {
        try row.decodeNil(column: column) ? NSNull() : iso(try row.int64(column))
    }
}

/// Text for SQL `LIKE` patterns.
public enum SQLText {
    /// `text` with `%`, `_` and `\` escaped for `LIKE … ESCAPE '\'`.
    public static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
