import SQLKit
import TillitPlatform
import TillitStorage

/// The Prune module's migrations and settings. Append only.
public enum PruneSchema {
    public static let migrations: [Migration] = [
        Migration("prune.0001.requirements", sql: [
            // Requirements take random ids like every Prune row: nothing here needs an order by id.
            """
            CREATE TABLE prune_requirements (
                id BIGINT PRIMARY KEY,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                type TEXT NOT NULL,
                issuer TEXT NOT NULL,
                issuer_unit_id BIGINT REFERENCES units(id),
                legal_reference TEXT,
                purpose TEXT NOT NULL,
                roles TEXT NOT NULL,
                frequency TEXT NOT NULL,
                cases_per_year BIGINT,
                minutes BIGINT NOT NULL,
                population BIGINT NOT NULL,
                status TEXT NOT NULL,
                last_decision TEXT,
                proposed_by BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX prune_requirements_organisation ON prune_requirements (organisation_id, status)",
            """
            CREATE TABLE prune_requirement_units (
                requirement_id BIGINT NOT NULL REFERENCES prune_requirements(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                PRIMARY KEY (requirement_id, unit_id)
            )
            """,
            "CREATE INDEX prune_requirement_units_unit ON prune_requirement_units (unit_id)",
            // One assessment per person and requirement, changed in place. No time column and a
            // random id in a table without a rowid: neither when nor in which order people answered
            // can be read from it. Only aggregates from the anonymity threshold are ever shown.
            """
            CREATE TABLE prune_assessments (
                id BIGINT PRIMARY KEY,
                requirement_id BIGINT NOT NULL REFERENCES prune_requirements(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                minutes BIGINT NOT NULL,
                usefulness INTEGER NOT NULL,
                comment TEXT,
                UNIQUE (requirement_id, user_id)
            ){{WITHOUT_ROWID}}
            """,
            """
            CREATE TABLE prune_decisions (
                id BIGINT PRIMARY KEY,
                requirement_id BIGINT NOT NULL REFERENCES prune_requirements(id),
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                decision TEXT NOT NULL,
                reason TEXT NOT NULL,
                before_frequency TEXT NOT NULL,
                before_cases_per_year BIGINT,
                before_minutes BIGINT NOT NULL,
                after_frequency TEXT NOT NULL,
                after_cases_per_year BIGINT,
                after_minutes BIGINT NOT NULL,
                population BIGINT NOT NULL,
                minutes_freed_per_year BIGINT NOT NULL,
                decided_by BIGINT REFERENCES users(id),
                decided_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX prune_decisions_requirement ON prune_decisions (requirement_id, decided_at)",
            "CREATE INDEX prune_decisions_organisation ON prune_decisions (organisation_id, decided_at)",
        ], withoutRowid: true),
        // Signals ("onödigt krav") linked to a requirement: answered when the requirement is decided.
        Migration("prune.0002.signal_links", sql: [
            """
            CREATE TABLE prune_signal_links (
                requirement_id BIGINT NOT NULL REFERENCES prune_requirements(id),
                signal_id BIGINT NOT NULL,
                PRIMARY KEY (requirement_id, signal_id)
            )
            """,
            "CREATE INDEX prune_signal_links_signal ON prune_signal_links (signal_id)",
        ]),
        // A counter of changes to the requirements and the units they apply to (``KeptInventory``),
        // moved by the database itself on every write to those tables, whoever makes it. Never by a
        // write to the assessments: they are anonymous, and a count that moved with them would tell
        // when someone answered.
        Migration("prune.0003.changes") { db, kind in
            try await ChangeCounter.create(db, kind, name: "prune_changes", tables: KeptInventory.tables)
        },
    ]

    /// The module's organisation settings.
    public static let settings: [SettingDefinition] = [
        SettingDefinition(
            key: "annual_hours_per_person",
            label: BothLanguages(sv: "Arbetstimmar per person och år", en: "Working hours per person and year"),
            help: BothLanguages(sv: "Används när kravens tid visas som andel av arbetstiden: timmar per år delat med antalet personer gånger detta tal.",
                                en: "Used when the time spent on requirements is shown as a share of working time: hours per year over the number of people times this figure."),
            kind: .integer(min: 800, max: 2400),
            defaultValue: "1600"),
    ] + RequirementRole.allCases.map { role in
        SettingDefinition(
            key: "hourly_cost_sek_\(role.rawValue)",
            label: BothLanguages(sv: "Timkostnad för \(role.label.sv.lowercased()) (kr)", en: "Hourly cost of \(role.label.en.lowercased()) (SEK)"),
            help: BothLanguages(sv: "Används för krav som gäller den rollen. Tomt: organisationens timkostnad.",
                                en: "Used for requirements that apply to that role. Empty: the organisation's hourly cost."),
            kind: .checkedText(maxLength: 4, problem: { value in
                guard let number = RequestNumber.int(value, in: 0...9999) else { return .fieldNotANumber }
                return (100...5000).contains(number) ? nil : .fieldOutOfRange(min: 100, max: 5000)
            }),
            defaultValue: "")
    }
}

extension Migration {
    /// A migration of plain statements in which `{{WITHOUT_ROWID}}` is ` WITHOUT ROWID` on SQLite
    /// and nothing on PostgreSQL (which has no rowid).
    init(_ id: String, sql statements: [String], withoutRowid: Bool) {
        self.init(id) { db, kind in
            for statement in statements {
                let expanded = Schema.expand(statement.replacingOccurrences(of: "{{WITHOUT_ROWID}}", with: kind == .sqlite ? " WITHOUT ROWID" : ""), for: kind)
                try await db.raw(SQLQueryString(expanded)).run()
            }
        }
    }
}
