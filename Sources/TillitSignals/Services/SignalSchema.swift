import TillitPlatform
import TillitStorage

/// The Listen module's migrations. Append only.
public enum SignalSchema {
    public static let migrations: [Migration] = [
        Migration("signals.0001.signals", sql: [
            // raised_by is NULL for anonymous signals, and nothing else links them to a person: no
            // hidden column, no exact time (created_at is the start of the day), no audit entry.
            // Ids are random, not counted up, so an anonymous signal's place in the sequence does not
            // date it between its neighbours.
            """
            CREATE TABLE signals (
                id BIGINT PRIMARY KEY,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                current_unit_id BIGINT NOT NULL REFERENCES units(id),
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                affects TEXT,
                suggestion TEXT,
                anonymous INTEGER NOT NULL,
                raised_by BIGINT REFERENCES users(id),
                receipt_hash TEXT UNIQUE,
                created_at BIGINT NOT NULL,
                arrived_at BIGINT NOT NULL,
                first_answered_at BIGINT,
                status TEXT NOT NULL,
                decision TEXT,
                decision_text TEXT,
                implemented_note TEXT
            )
            """,
            "CREATE INDEX signals_organisation ON signals (organisation_id, status)",
            "CREATE INDEX signals_current_unit ON signals (current_unit_id, status)",
            "CREATE INDEX signals_raised_by ON signals (raised_by)",
            """
            CREATE TABLE signal_hops (
                id BIGINT PRIMARY KEY,
                signal_id BIGINT NOT NULL REFERENCES signals(id),
                seq INTEGER NOT NULL,
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                from_unit_id BIGINT REFERENCES units(id),
                to_unit_id BIGINT NOT NULL REFERENCES units(id),
                reason TEXT
            )
            """,
            "CREATE UNIQUE INDEX signal_hops_signal ON signal_hops (signal_id, seq)",
            """
            CREATE TABLE signal_supports (
                signal_id BIGINT NOT NULL REFERENCES signals(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                PRIMARY KEY (signal_id, user_id)
            )
            """,
        ]),
    ]

    /// The module's organisation settings.
    public static let settings: [SettingDefinition] = [
        SettingDefinition(
            key: "signal_response_days",
            label: BothLanguages(sv: "Svarstid för signaler (dagar)", en: "Response time for signals (days)"),
            help: BothLanguages(sv: "En signal utan svar inom så många dagar markeras som försenad och visas för nästa nivå.",
                                en: "A signal without an answer within this many days is marked overdue and shown to the next level."),
            kind: .integer(min: 1, max: 90),
            defaultValue: "14"),
    ]
}
