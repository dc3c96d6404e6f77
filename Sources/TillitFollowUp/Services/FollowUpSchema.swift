import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// The Follow up module's migrations and settings. Append only.
public enum FollowUpSchema {
    public static let migrations: [Migration] = [
        Migration("followup.0001.surveys", anonymous: [
            // An instrument as its file was written (parsed again when loaded); organisation_id NULL
            // for the instruments every organisation has. A version is never changed once a round uses it.
            """
            CREATE TABLE questionnaires (
                id {{ID}},
                organisation_id BIGINT REFERENCES organisations(id),
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                title TEXT NOT NULL,
                audience TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX questionnaires_version ON questionnaires (COALESCE(organisation_id, 0), key, version)",
            """
            CREATE TABLE survey_rounds (
                id {{ID}},
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                questionnaire_id BIGINT NOT NULL REFERENCES questionnaires(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                opens_on TEXT NOT NULL,
                closes_on TEXT NOT NULL,
                closed_on TEXT,
                created_at BIGINT NOT NULL,
                created_by BIGINT REFERENCES users(id)
            )
            """,
            "CREATE INDEX survey_rounds_organisation ON survey_rounds (organisation_id, closes_on)",
            // A single-use invitation: only the token's hash, the unit it counts for, and whether it
            // has been used. Nothing names who got it; a saved, unsent answer waits in `draft` and is
            // removed when the response is sent, so no row links the invitation to the response.
            """
            CREATE TABLE survey_invitations (
                token_hash TEXT PRIMARY KEY,
                round_id BIGINT NOT NULL REFERENCES survey_rounds(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                used INTEGER NOT NULL,
                draft TEXT
            ) {{ANON}}
            """,
            "CREATE INDEX survey_invitations_round ON survey_invitations (round_id, unit_id)",
            // A shared code for a unit's participants, taking at most `cap` responses.
            """
            CREATE TABLE survey_unit_codes (
                code TEXT PRIMARY KEY,
                round_id BIGINT NOT NULL REFERENCES survey_rounds(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                cap INTEGER NOT NULL,
                used INTEGER NOT NULL
            ) {{ANON}}
            """,
            // A response: its unit, its day and its answers. A random id and no rowid, so neither
            // the key nor the storage order tells which came first.
            """
            CREATE TABLE survey_responses (
                id BIGINT PRIMARY KEY,
                round_id BIGINT NOT NULL REFERENCES survey_rounds(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                day TEXT NOT NULL,
                answers TEXT NOT NULL
            ) {{ANON}}
            """,
            "CREATE INDEX survey_responses_round ON survey_responses (round_id, unit_id)",
        ]),
        Migration("followup.0002.builtin_instruments") { db, _ in
            for name in builtinInstruments {
                let source = try builtinSource(name)
                let questionnaire = try QuestionnaireFile.parse(source)
                try await db.raw("""
                    INSERT INTO questionnaires (organisation_id, key, version, title, audience, source, created_at)
                    VALUES (NULL, \(bind: questionnaire.key), \(bind: questionnaire.version), \(bind: questionnaire.title.sv),
                            \(bind: questionnaire.audience.rawValue), \(bind: source), \(bind: Int64(0)))
                    """).run()
            }
        },
        // A unit's dialogue note on a round: what we see, what we will do, what we need from the level
        // above (which can become a signal there, remembered in signal_id).
        Migration("followup.0003.dialogue_notes", sql: [
            """
            CREATE TABLE survey_dialogue_notes (
                round_id BIGINT NOT NULL REFERENCES survey_rounds(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                what_we_see TEXT NOT NULL,
                what_we_do TEXT NOT NULL,
                what_we_need TEXT NOT NULL,
                signal_id BIGINT,
                updated_at BIGINT NOT NULL,
                updated_by BIGINT REFERENCES users(id),
                PRIMARY KEY (round_id, unit_id)
            )
            """,
        ]),
        // Each stored file's SHA-256, so that a page finds the questionnaire it parsed before by
        // the digest alone, without reading (and comparing) the whole file again.
        Migration("followup.0004.questionnaire_digests") { db, _ in
            try await db.raw("ALTER TABLE questionnaires ADD COLUMN source_digest TEXT").run()
            for row in try await db.raw("SELECT id, source FROM questionnaires").all() {
                try await db.raw("""
                    UPDATE questionnaires SET source_digest = \(bind: ParsedQuestionnaires.digest(try row.string("source"))) WHERE id = \(bind: try row.int64("id"))
                    """).run()
            }
        },
    ]

    /// The instruments shipped with Tillit, available to every organisation.
    public static let builtinInstruments = ["tillitsbarometern", "deltagarrosten"]

    public static func builtinSource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Instruments") else {
            throw StorageError.notSupported("instrument \(name) missing from the bundle")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

}

extension Migration {
    /// Statements where `{{ANON}}` becomes `WITHOUT ROWID` on SQLite, whose hidden rowid would keep
    /// the order rows were written in (PostgreSQL has none), and `{{ID}}` the dialect's numbered key.
    init(_ id: String, anonymous statements: [String]) {
        self.init(id) { db, kind in
            for statement in statements {
                let sql = Schema.expand(statement, for: kind).replacingOccurrences(of: "{{ANON}}", with: kind == .sqlite ? "WITHOUT ROWID" : "")
                try await db.raw(SQLQueryString(sql)).run()
            }
        }
    }
}

extension FollowUpSchema {
    /// The settings of Follow up (the smallest group, `anonymity_threshold`, is the platform's).
    public static let settings: [SettingDefinition] = [
        SettingDefinition(
            key: "free_text_threshold",
            label: BothLanguages(sv: "Minsta gruppstorlek för fritextsvar", en: "Smallest group size for free-text answers"),
            help: BothLanguages(sv: "Fritextsvar visas bara för grupper med minst så många som har skrivit, aldrig färre än minsta gruppstorlek i rapporter.",
                                en: "Free-text answers are shown only for groups where at least this many wrote, never fewer than the smallest group size in reports."),
            kind: .integer(min: 3, max: 100),
            defaultValue: "10"),
        SettingDefinition(
            key: "results_embargo_days",
            label: BothLanguages(sv: "Dagar då resultaten bara visas för enheten själv", en: "Days results are shown to the unit itself only"),
            help: BothLanguages(sv: "Efter att en enkät har stängt ser enheten och dess chef sina resultat först; nivåerna ovanför ser dem efter så här många dagar.",
                                en: "Once a survey has closed, the unit and its manager see their results first; the levels above see them after this many days."),
            kind: .integer(min: 0, max: 365),
            defaultValue: "14"),
    ]
}
