import SQLKit
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
        Migration("signals.0002.comments_participants_owner", sql: [
            // Comments on a signal, and follow-up questions to its raiser. A reply by an anonymous
            // raiser (through the receipt code) has no author and keeps the day only, like the signal;
            // `seq` keeps the conversation in order.
            """
            CREATE TABLE signal_comments (
                id BIGINT PRIMARY KEY,
                signal_id BIGINT NOT NULL REFERENCES signals(id),
                seq INTEGER NOT NULL,
                author_id BIGINT REFERENCES users(id),
                by_raiser INTEGER NOT NULL,
                question INTEGER NOT NULL,
                text TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX signal_comments_signal ON signal_comments (signal_id, seq)",
            // A unit's published code for the participant's voice. Withdrawn codes are kept so an
            // old poster says plainly that it no longer works.
            """
            CREATE TABLE participant_codes (
                id BIGINT PRIMARY KEY,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                unit_id BIGINT NOT NULL REFERENCES units(id),
                code TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                created_by BIGINT REFERENCES users(id),
                withdrawn_at BIGINT
            )
            """,
            "CREATE INDEX participant_codes_unit ON participant_codes (unit_id)",
            "ALTER TABLE signals ADD COLUMN source TEXT NOT NULL DEFAULT 'staff'",
            "ALTER TABLE signals ADD COLUMN participant_code_id BIGINT REFERENCES participant_codes(id)",
            "CREATE INDEX signals_participant_code ON signals (participant_code_id, created_at)",
            // Who answers for a decision to act on it; the decider when nobody else is named.
            "ALTER TABLE signals ADD COLUMN decision_owner TEXT",
            "ALTER TABLE signals ADD COLUMN decided_by BIGINT REFERENCES users(id)",
            // How many levels above have been told that the signal is overdue.
            "ALTER TABLE signals ADD COLUMN escalation_notified INTEGER NOT NULL DEFAULT 0",
        ]),
        // SQLite gives every table not declared `INTEGER PRIMARY KEY` or `WITHOUT ROWID` a hidden
        // rowid counted up in insertion order: it placed each anonymous signal, hop and reply between
        // its timed neighbours. The tables are rebuilt without one (random ids remain the keys).
        // PostgreSQL has no rowid; its system columns are handled by the daily re-stamping
        // (docs/ANONYMITY.md).
        Migration("signals.0003.without_rowid") { db, kind in
            switch kind {
            case .sqlite:
                for statement in SignalSchema.withoutRowidRebuild {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            case .postgres:
                try await db.raw("ALTER TABLE signal_comments ALTER COLUMN seq DROP NOT NULL").run()
                try await db.raw("UPDATE signal_comments SET seq = NULL WHERE author_id IS NULL").run()
            }
        },
        // The follow-up figures are counted in SQL (`Signals+Figures.swift`): each signal keeps
        // how often it went up and sideways (kept by `recordHop`, the one place hops are written),
        // and each organisation a counter of changes to its signals, so figures worked out once
        // are reused until a signal changes. The indexes cover what the figures and the signals
        // pages read, so neither reads the signals' text.
        Migration("signals.0004.figures", sql: [
            "ALTER TABLE signals ADD COLUMN up_hops BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE signals ADD COLUMN side_hops BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE signals SET
                up_hops = (SELECT COUNT(*) FROM signal_hops h WHERE h.signal_id = signals.id AND h.kind = 'forwarded_up'),
                side_hops = (SELECT COUNT(*) FROM signal_hops h WHERE h.signal_id = signals.id AND h.kind = 'forwarded_sideways')
            """,
            """
            CREATE TABLE signal_figure_versions (
                organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
                version BIGINT NOT NULL
            )
            """,
            """
            CREATE INDEX signals_unit_figures ON signals
                (unit_id, created_at, kind, status, current_unit_id, arrived_at, first_answered_at, up_hops, side_hops)
            """,
            "CREATE INDEX signals_organisation_created ON signals (organisation_id, created_at)",
            "CREATE INDEX signals_raised_by_created ON signals (raised_by, created_at)",
        ]),
        // What waits at a manager's units is chosen and ordered from this index alone (the heads
        // of `Signals.overview`): at a large avdelning that is hundreds of signals, of which a page
        // is then read whole.
        Migration("signals.0005.waiting_heads", sql: [
            "DROP INDEX signals_current_unit",
            "CREATE INDEX signals_current_unit ON signals (current_unit_id, status, arrived_at, created_at, first_answered_at, unit_id, raised_by)",
        ]),
    ]

    /// Copies, drops and renames in an order that never leaves a child row without its parent, so
    /// the foreign keys hold throughout (SQLite cannot switch them off inside a transaction).
    static let withoutRowidRebuild: [String] = [
        """
        CREATE TABLE signals_new (
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
            implemented_note TEXT,
            source TEXT NOT NULL DEFAULT 'staff',
            participant_code_id BIGINT REFERENCES participant_codes(id),
            decision_owner TEXT,
            decided_by BIGINT REFERENCES users(id),
            escalation_notified INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """,
        """
        INSERT INTO signals_new (id, organisation_id, unit_id, current_unit_id, kind, text, affects, suggestion, anonymous, raised_by,
            receipt_hash, created_at, arrived_at, first_answered_at, status, decision, decision_text, implemented_note, source,
            participant_code_id, decision_owner, decided_by, escalation_notified)
        SELECT id, organisation_id, unit_id, current_unit_id, kind, text, affects, suggestion, anonymous, raised_by,
            receipt_hash, created_at, arrived_at, first_answered_at, status, decision, decision_text, implemented_note, source,
            participant_code_id, decision_owner, decided_by, escalation_notified
        FROM signals ORDER BY id
        """,
        """
        CREATE TABLE signal_hops_new (
            id BIGINT PRIMARY KEY,
            signal_id BIGINT NOT NULL REFERENCES signals_new(id),
            seq INTEGER NOT NULL,
            at BIGINT NOT NULL,
            kind TEXT NOT NULL,
            from_unit_id BIGINT REFERENCES units(id),
            to_unit_id BIGINT NOT NULL REFERENCES units(id),
            reason TEXT
        ) WITHOUT ROWID
        """,
        "INSERT INTO signal_hops_new SELECT id, signal_id, seq, at, kind, from_unit_id, to_unit_id, reason FROM signal_hops ORDER BY id",
        """
        CREATE TABLE signal_supports_new (
            signal_id BIGINT NOT NULL REFERENCES signals_new(id),
            user_id BIGINT NOT NULL REFERENCES users(id),
            PRIMARY KEY (signal_id, user_id)
        ) WITHOUT ROWID
        """,
        "INSERT INTO signal_supports_new SELECT signal_id, user_id FROM signal_supports ORDER BY signal_id, user_id",
        """
        CREATE TABLE signal_comments_new (
            id BIGINT PRIMARY KEY,
            signal_id BIGINT NOT NULL REFERENCES signals_new(id),
            seq INTEGER,
            author_id BIGINT REFERENCES users(id),
            by_raiser INTEGER NOT NULL,
            question INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_at BIGINT NOT NULL
        ) WITHOUT ROWID
        """,
        // An anonymous raiser's reply keeps no place in the conversation's numbering: its number
        // would say which timed comments came before it.
        """
        INSERT INTO signal_comments_new
        SELECT id, signal_id, CASE WHEN author_id IS NULL THEN NULL ELSE seq END, author_id, by_raiser, question, text, created_at
        FROM signal_comments ORDER BY id
        """,
        "DROP TABLE signal_comments",
        "DROP TABLE signal_supports",
        "DROP TABLE signal_hops",
        "DROP TABLE signals",
        // Renaming the parent rewrites the children's references to it (SQLite 3.26+).
        "ALTER TABLE signals_new RENAME TO signals",
        "ALTER TABLE signal_hops_new RENAME TO signal_hops",
        "ALTER TABLE signal_supports_new RENAME TO signal_supports",
        "ALTER TABLE signal_comments_new RENAME TO signal_comments",
        "CREATE INDEX signals_organisation ON signals (organisation_id, status)",
        "CREATE INDEX signals_current_unit ON signals (current_unit_id, status)",
        "CREATE INDEX signals_raised_by ON signals (raised_by)",
        "CREATE INDEX signals_participant_code ON signals (participant_code_id, created_at)",
        "CREATE UNIQUE INDEX signal_hops_signal ON signal_hops (signal_id, seq)",
        "CREATE UNIQUE INDEX signal_comments_signal ON signal_comments (signal_id, seq)",
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
        SettingDefinition(
            key: "participant_daily_limit",
            label: BothLanguages(sv: "Högsta antal synpunkter per deltagarkod och dag", en: "Most feedback per participant code and day"),
            help: BothLanguages(sv: "Skyddar mot spam. När gränsen är nådd får den som skriver veta att de kan försöka igen nästa dag.",
                                en: "Protects against spam. When the limit is reached, the writer is told to try again the next day."),
            kind: .integer(min: 1, max: 1000),
            defaultValue: "30"),
    ]
}
