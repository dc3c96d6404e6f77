import SQLKit
import TillitStorage

/// The platform core's migrations. Append only: never edit one that has been released.
public enum PlatformSchema {
    public static let migrations: [Migration] = [
        Migration("platform.0001.organisations", sql: [
            """
            CREATE TABLE organisations (
                id {{ID}},
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
        Migration("platform.0002.units", sql: [
            """
            CREATE TABLE units (
                id {{ID}},
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                parent_id BIGINT REFERENCES units(id),
                external_id TEXT,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                closed_at BIGINT,
                UNIQUE (organisation_id, external_id)
            )
            """,
            "CREATE INDEX units_organisation ON units (organisation_id)",
            "CREATE INDEX units_parent ON units (parent_id)",
            """
            CREATE TABLE unit_events (
                id {{ID}},
                unit_id BIGINT NOT NULL REFERENCES units(id),
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                from_value TEXT,
                to_value TEXT
            )
            """,
            "CREATE INDEX unit_events_unit ON unit_events (unit_id, at)",
        ]),
        Migration("platform.0003.users", sql: [
            """
            CREATE TABLE users (
                id {{ID}},
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT,
                language TEXT,
                created_at BIGINT NOT NULL,
                disabled_at BIGINT
            )
            """,
            """
            CREATE TABLE role_grants (
                id {{ID}},
                user_id BIGINT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL,
                organisation_id BIGINT REFERENCES organisations(id),
                unit_id BIGINT REFERENCES units(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX role_grants_user ON role_grants (user_id)",
            "CREATE INDEX role_grants_unit ON role_grants (unit_id)",
            "CREATE INDEX role_grants_organisation ON role_grants (organisation_id, role)",
        ]),
        Migration("platform.0004.sessions_and_tokens", sql: [
            // Only hashes of session tokens, one-time links and API tokens are stored: a copy of the
            // database does not let anyone sign in.
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE one_time_links (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                purpose TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT
            )
            """,
            """
            CREATE TABLE api_tokens (
                id {{ID}},
                user_id BIGINT NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            // Failed sign-ins by a hash of the email address, for rate limiting across app instances.
            """
            CREATE TABLE sign_in_failures (
                id {{ID}},
                key_hash TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sign_in_failures_key ON sign_in_failures (key_hash, at)",
        ]),
        Migration("platform.0005.settings_and_audit", sql: [
            """
            CREATE TABLE organisation_settings (
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (organisation_id, key)
            )
            """,
            """
            CREATE TABLE audit_log (
                id {{ID}},
                at BIGINT NOT NULL,
                actor_user_id BIGINT,
                actor_label TEXT NOT NULL,
                via TEXT NOT NULL,
                action TEXT NOT NULL,
                object_type TEXT NOT NULL,
                object_id TEXT,
                organisation_id BIGINT,
                details TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_organisation ON audit_log (organisation_id, id)",
        ]),
        // Bumped with every change to an organisation's units, so every app instance can tell whether
        // the unit tree it holds in memory is still current (see UnitTreeCache).
        Migration("platform.0006.units_version", sql: [
            "ALTER TABLE organisations ADD COLUMN units_version BIGINT NOT NULL DEFAULT 0",
        ]),
        // In-app notifications, each also mailed once: at once or in the day's digest, as the person
        // chose. A run of the mail job claims its key first, so two app instances never both send it.
        Migration("platform.0007.notifications", sql: [
            """
            CREATE TABLE notifications (
                id {{ID}},
                user_id BIGINT NOT NULL REFERENCES users(id),
                organisation_id BIGINT REFERENCES organisations(id),
                created_at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                message_sv TEXT NOT NULL,
                message_en TEXT NOT NULL,
                url TEXT NOT NULL,
                digest_only INTEGER NOT NULL DEFAULT 0,
                read_at BIGINT,
                mailed_at BIGINT
            )
            """,
            "CREATE INDEX notifications_user ON notifications (user_id, created_at)",
            "CREATE INDEX notifications_unmailed ON notifications (user_id) WHERE mailed_at IS NULL",
            "ALTER TABLE users ADD COLUMN notify_mode TEXT NOT NULL DEFAULT 'immediate'",
            """
            CREATE TABLE notification_runs (
                key TEXT PRIMARY KEY,
                started_at BIGINT NOT NULL,
                finished_at BIGINT,
                mails INTEGER NOT NULL DEFAULT 0,
                failures INTEGER NOT NULL DEFAULT 0
            )
            """,
        ]),
        // Notices take random ids (see Notifications.add); the counted ones already written are
        // replaced, and on SQLite the table is rebuilt without its hidden rowid and AUTOINCREMENT
        // counter, which kept the order in which notices were written.
        Migration("platform.0008.notifications_random_ids") { db, kind in
            switch kind {
            case .sqlite:
                for statement in [
                    """
                    CREATE TABLE notifications_new (
                        id BIGINT PRIMARY KEY,
                        user_id BIGINT NOT NULL REFERENCES users(id),
                        organisation_id BIGINT REFERENCES organisations(id),
                        created_at BIGINT NOT NULL,
                        kind TEXT NOT NULL,
                        message_sv TEXT NOT NULL,
                        message_en TEXT NOT NULL,
                        url TEXT NOT NULL,
                        digest_only INTEGER NOT NULL DEFAULT 0,
                        read_at BIGINT,
                        mailed_at BIGINT
                    ) WITHOUT ROWID
                    """,
                    """
                    INSERT INTO notifications_new
                    SELECT (abs(random()) % 9007199254740990) + 1, user_id, organisation_id, created_at, kind, message_sv, message_en, url,
                           digest_only, read_at, mailed_at
                    FROM notifications ORDER BY user_id, created_at
                    """,
                    "DROP TABLE notifications",
                    "ALTER TABLE notifications_new RENAME TO notifications",
                    "CREATE INDEX notifications_user ON notifications (user_id, created_at)",
                    "CREATE INDEX notifications_unmailed ON notifications (user_id) WHERE mailed_at IS NULL",
                ] {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            case .postgres:
                try await db.raw("UPDATE notifications SET id = floor(random() * 9007199254740990)::bigint + 1").run()
            }
        },
        // Sign-in attempts counted in fixed windows per key (an account from one client, one client,
        // the whole instance), each counter one row that an upsert raises atomically before the
        // password is checked; replaces the failures written after the check.
        Migration("platform.0009.sign_in_attempts", sql: [
            """
            CREATE TABLE sign_in_attempts (
                key_hash TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                attempts BIGINT NOT NULL
            )
            """,
            "DROP TABLE sign_in_failures",
        ]),
        // A notice stores what it is about (`signal:5`, see NoticeTarget), not a web address: loops
        // name their objects, and the web layer makes the address. The column keeps its name, `url`.
        Migration("platform.0010.notice_targets", sql: [
            "UPDATE notifications SET url = 'signal:' || substr(url, 11) WHERE url LIKE '/signaler/%'",
            "UPDATE notifications SET url = 'pilot:' || substr(url, 9) WHERE url LIKE '/forsok/%'",
            "UPDATE notifications SET url = 'problem-reports' WHERE url = '/kunskapsbank/anmalningar'",
        ]),
        // A relay is reached with STARTTLS unless the organisation says otherwise; relays set
        // before there was a choice were spoken to in plain SMTP, and go on so until changed.
        Migration("platform.0011.smtp_security_kept", sql: [
            """
            INSERT INTO organisation_settings (organisation_id, key, value)
            SELECT organisation_id, 'smtp_security', 'none' FROM organisation_settings s
            WHERE s.key = 'smtp_host' AND s.value <> ''
            AND NOT EXISTS (SELECT 1 FROM organisation_settings t WHERE t.organisation_id = s.organisation_id AND t.key = 'smtp_security')
            """,
        ]),
        // Secrets waiting for the page after the form that made them (a receipt code, a new API
        // token), sealed with a handle only the browser has; dated by the day alone and without a
        // row order, since one may follow an anonymous signal (see HandOvers.swift).
        Migration("platform.0012.hand_overs") { db, kind in
            try await db.raw(SQLQueryString("""
                CREATE TABLE hand_overs (
                    id TEXT PRIMARY KEY,
                    sealed TEXT NOT NULL,
                    day BIGINT NOT NULL
                )\(unsafeRaw: kind == .sqlite ? " WITHOUT ROWID" : "")
                """)).run()
        },
        // An organisation's log is read newest first, a page at a time: in the index's order, so a
        // page reads its rows and no more instead of sorting the whole log.
        Migration("platform.0013.audit_log_by_time", sql: [
            "CREATE INDEX audit_log_organisation_at ON audit_log (organisation_id, at, id)",
            "DROP INDEX audit_log_organisation",
        ]),
        // A count of changes to the people and their roles (``DirectoryChanges``), moved by the
        // database on every write to those tables, whoever makes it.
        Migration("platform.0014.directory_changes") { db, kind in
            try await ChangeCounter.create(db, kind, name: "directory_changes", tables: DirectoryChanges.tables)
        },
        // A count of entries written to the audit log (``AuditLog/peekChanges(_:)``). On SQLite,
        // whose writes are one at a time anyway; on PostgreSQL a count every audited write updates
        // would make those writes wait for each other, so there it has the table and no triggers.
        Migration("platform.0015.audit_changes") { db, kind in
            try await ChangeCounter.create(db, kind, name: "audit_changes", tables: ["audit_log"], triggersOnPostgres: false)
        },
    ]
}
