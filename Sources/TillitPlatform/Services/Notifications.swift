import Foundation
import Logging
import SQLKit
import TillitFormats
import TillitStorage

/// How a person wants to hear of what concerns them.
public enum NotifyMode: String, Sendable, CaseIterable, Codable {
    /// A mail within a minute or so, besides the notice in Tillit.
    case immediate
    /// One mail a day with everything new (the digest).
    case daily
    /// Notices in Tillit only.
    case off

    public var label: BothLanguages {
        switch self {
        case .immediate: BothLanguages(sv: "Direkt, ett mejl när något händer", en: "At once, a mail when something happens")
        case .daily: BothLanguages(sv: "En sammanfattning per dag", en: "One summary a day")
        case .off: BothLanguages(sv: "Bara här i Tillit, inga mejl", en: "Only here in Tillit, no mail")
        }
    }
}

/// What a notice points at, as the loop that wrote it names it (`signal` 5, `pilot` 2,
/// `problem-reports`): loops know their objects, not the web's addresses. The web layer turns a
/// target into a path (see `Module.noticeLinks`), for the notices page and for mail.
public struct NoticeTarget: Sendable, Hashable, CustomStringConvertible {
    public let kind: String
    public let id: Int64?

    public init(_ kind: String, id: Int64? = nil) {
        self.kind = kind
        self.id = id
    }

    /// As stored: `kind` or `kind:id`.
    public var description: String { id.map { "\(kind):\($0)" } ?? kind }

    public init(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 1)
        if parts.count == 2, let id = Int64(parts[1]) {
            self.init(String(parts[0]), id: id)
        } else {
            self.init(stored)
        }
    }
}

/// The words of a notification mail around its notices.
enum NoticeMailText: LocalizedText {
    case dailySubject(Int)
    case oneNew
    case someNew(Int)
    /// Why the mail came, with the address of the page where the choice is made.
    case footer(String)

    var texts: (sv: String, en: String) {
        switch self {
        case .dailySubject(let n): ("Tillit: dagens sammanfattning (\(sv: n))", "Tillit: today's summary (\(en: n))")
        case .oneNew: ("Tillit: något nytt för dig", "Tillit: something new for you")
        case .someNew(let n): ("Tillit: \(sv: n) nya saker för dig", "Tillit: \(en: n) new things for you")
        case .footer(let page): ("Du får det här mejlet efter ditt val på din sida i Tillit: \(page)",
                                 "You get this mail because of your choice on your page in Tillit: \(page)")
        }
    }
}

/// A notice to one person, as it is written. Its text names units and kinds, never what someone
/// wrote: mail leaves Tillit, and free text stays inside.
public struct NotificationDraft: Sendable {
    public let userID: Int64
    public let organisationID: Int64?
    public let kind: String
    public let message: BothLanguages
    /// What it is about.
    public let target: NoticeTarget
    /// Held for the day's digest even for people who chose immediate mail, so that the moment a
    /// mail arrives does not date something anonymous.
    public let digestOnly: Bool

    public init(userID: Int64, organisationID: Int64?, kind: String, message: some LocalizedText, target: NoticeTarget, digestOnly: Bool = false) {
        self.userID = userID
        self.organisationID = organisationID
        self.kind = kind
        let texts = message.texts
        self.message = BothLanguages(sv: texts.sv, en: texts.en)
        self.target = target
        self.digestOnly = digestOnly
    }
}

/// A notice as a person sees it.
public struct NotificationItem: Sendable, Equatable {
    public let id: Int64
    public let createdAt: Date
    public let kind: String
    public let message: BothLanguages
    public let target: NoticeTarget
    public let read: Bool
}

public enum Notifications {
    /// Adds notices inside the caller's transaction, one per person (the same person twice gets one).
    /// `at` is the time kept; pass a coarsened time for anything about an anonymous signal.
    public static func add(_ db: any SQLDatabase, at: Date, _ drafts: [NotificationDraft]) async throws {
        var seen = Set<Int64>()
        for draft in drafts where seen.insert(draft.userID).inserted {
            // A random id: a counted one would place a notice about an anonymous signal between timed ones.
            try await db.raw("""
                INSERT INTO notifications (id, user_id, organisation_id, created_at, kind, message_sv, message_en, url, digest_only)
                VALUES (\(bind: Secrets.randomID()), \(bind: draft.userID), \(bind: draft.organisationID), \(bind: at.epochSeconds), \(bind: draft.kind),
                        \(bind: draft.message.sv), \(bind: draft.message.en), \(bind: draft.target.description), \(bind: draft.digestOnly ? 1 : 0))
                """).run()
        }
    }

    /// Claims a run of a periodic job by its key (`immediate:<minute>`, `daily:<date>`, …) inside the
    /// caller's transaction; true for the one instance that gets it.
    public static func claimRun(_ db: any SQLDatabase, key: String, at: Date) async throws -> Bool {
        try await db.raw("""
            INSERT INTO notification_runs (key, started_at) VALUES (\(bind: key), \(bind: at.epochSeconds))
            ON CONFLICT (key) DO NOTHING RETURNING key
            """).first() != nil
    }
}

extension Platform {
    /// A person's notices, newest first, with how many are unread.
    public func notifications(userID: Int64, page: PageRequest) async throws -> (page: Page<NotificationItem>, unread: Int) {
        try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID)").first()!.decode(column: "n", as: Int.self)
            let unread = try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID) AND read_at IS NULL")
                .first()!.decode(column: "n", as: Int.self)
            let items = try await db.raw("""
                SELECT id, created_at, kind, message_sv, message_en, url AS target, read_at FROM notifications WHERE user_id = \(bind: userID)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
                """).all().map { row in
                NotificationItem(id: try row.int64("id"), createdAt: try row.date("created_at"), kind: try row.string("kind"),
                                 message: BothLanguages(sv: try row.string("message_sv"), en: try row.string("message_en")),
                                 target: NoticeTarget(stored: try row.string("target")), read: try row.optionalInt64("read_at") != nil)
            }
            return (Page(items: items, total: total, request: page), unread)
        }
    }

    /// How many of a person's notices are unread.
    public func unreadNotifications(userID: Int64) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID) AND read_at IS NULL")
                .first()!.decode(column: "n", as: Int.self)
        }
    }

    /// Marks all of a person's notices read.
    public func markNotificationsRead(userID: Int64) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await db.raw("UPDATE notifications SET read_at = \(bind: now.epochSeconds) WHERE user_id = \(bind: userID) AND read_at IS NULL").run()
        }
    }

    public func notifyMode(userID: Int64) async throws -> NotifyMode {
        try await database.read { db in
            let raw = try await db.raw("SELECT notify_mode FROM users WHERE id = \(bind: userID)").first()?.string("notify_mode")
            return raw.flatMap(NotifyMode.init(rawValue:)) ?? .immediate
        }
    }

    public func setNotifyMode(userID: Int64, _ raw: String?) async throws {
        var v = Validator()
        let mode = v.choice("notify_mode", raw, as: NotifyMode.self)
        try v.check()
        try await database.transaction { db in
            try await db.raw("UPDATE users SET notify_mode = \(bind: mode!.rawValue) WHERE id = \(bind: userID)").run()
        }
    }
}

/// Mails notices: each run is one job that claims its key in the database, gathers everything
/// due, and sends one mail per person and organisation. The immediate run goes every minute; the
/// daily digest once a day after `digestHour` (Swedish time). Two app instances never both send a run.
public struct NotificationMailer: Sendable {
    public let platform: Platform
    /// The mailer for an organisation's notices: its own SMTP relay if it set one, else the platform's.
    public let mailer: @Sendable (_ settings: [String: String]) -> any Mailer
    public let publicURL: String
    /// The path a notice's target is at.
    public let link: @Sendable (NoticeTarget) -> String
    public let digestHour: Int

    public init(platform: Platform, publicURL: String, link: @escaping @Sendable (NoticeTarget) -> String, digestHour: Int = 7,
                mailer: @escaping @Sendable (_ settings: [String: String]) -> any Mailer) {
        self.platform = platform
        self.publicURL = publicURL
        self.link = link
        self.digestHour = digestHour
        self.mailer = mailer
    }

    /// What one run did.
    public struct RunReport: Sendable, Equatable {
        public var claimed: Bool
        public var mails: Int
        public var notices: Int
        public var failures: Int
    }

    /// The run that is due at `now`: the digest once its hour has come, the immediate run always.
    public func tick(now: Date) async throws -> [RunReport] {
        var reports = [try await run(.immediate, now: now)]
        let local = LocalTime(now)
        if local.hour >= digestHour { reports.append(try await run(.daily, now: now)) }
        return reports
    }

    /// One run of a kind. The immediate run's key is the minute, the digest's the day: a second
    /// instance (or a second call) for the same key does nothing.
    public func run(_ mode: NotifyMode, now: Date) async throws -> RunReport {
        let key = mode == .daily ? "daily:\(LocalTime(now).dateOnly)" : "immediate:\(now.epochSeconds / 60)"
        let database = platform.database
        let claimed = try await database.transaction { db in try await Notifications.claimRun(db, key: key, at: now) }
        guard claimed else { return RunReport(claimed: false, mails: 0, notices: 0, failures: 0) }
        // Due: unmailed notices of people with this mode; the digest also takes those held for it.
        let modeFilter: SQLQueryString = mode == .daily
            ? "(p.notify_mode = 'daily' OR (p.notify_mode = 'immediate' AND n.digest_only = 1))"
            : "(p.notify_mode = 'immediate' AND n.digest_only = 0)"
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT n.id, n.user_id, n.organisation_id, n.message_sv, n.message_en, n.url AS target, p.email, p.name, p.language
                FROM notifications n JOIN users p ON p.id = n.user_id
                WHERE n.mailed_at IS NULL AND p.disabled_at IS NULL AND \(modeFilter)
                ORDER BY n.user_id, n.organisation_id, n.created_at, n.kind, n.url, n.id
                """).all()
        }
        // One mail per person and organisation; the rows come sorted that way, so each batch is a run of rows.
        struct Batch { let userID: Int64; let organisationID: Int64?; let email: String; let language: Language; var ids: [Int64] = []; var lines: [String] = [] }
        var batches: [Batch] = []
        for row in rows {
            let userID = try row.int64("user_id"), organisationID = try row.optionalInt64("organisation_id")
            if batches.last?.userID != userID || batches.last?.organisationID != organisationID {
                batches.append(Batch(userID: userID, organisationID: organisationID, email: try row.string("email"),
                                     language: try row.optionalString("language").flatMap(Language.init(rawValue:)) ?? .sv))
            }
            let message = batches[batches.count - 1].language == .en ? try row.string("message_en") : try row.string("message_sv")
            batches[batches.count - 1].ids.append(try row.int64("id"))
            batches[batches.count - 1].lines.append("– \(message)\n  \(publicURL)\(link(NoticeTarget(stored: try row.string("target"))))")
        }
        var report = RunReport(claimed: true, mails: 0, notices: 0, failures: 0)
        var settingsCache: [Int64: [String: String]] = [:]
        for batch in batches {
            var settings: [String: String] = [:]
            if let organisationID = batch.organisationID {
                if settingsCache[organisationID] == nil { settingsCache[organisationID] = try await platform.settingValuesWithSecrets(organisationID: organisationID) }
                settings = settingsCache[organisationID]!
            }
            let subject = (mode == .daily ? NoticeMailText.dailySubject(batch.ids.count)
                           : batch.ids.count == 1 ? NoticeMailText.oneNew : NoticeMailText.someNew(batch.ids.count)).text(batch.language)
            let footer = NoticeMailText.footer(publicURL + link(NoticeTarget("me"))).text(batch.language)
            let body = batch.lines.joined(separator: "\n\n") + "\n\n-- \n" + footer + "\n"
            do {
                try await mailer(settings).send(MailMessage(to: batch.email, subject: subject, body: body))
                let ids = batch.ids
                try await database.transaction { db in
                    for id in ids { try await db.raw("UPDATE notifications SET mailed_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)").run() }
                }
                report.mails += 1
                report.notices += batch.ids.count
            } catch {
                // Left unmailed: the next run of the same kind tries again. The address is not logged.
                report.failures += 1
                // An SMTP error is logged by its step and kind: the relay's reply may name the recipient.
                let what = (error as? SMTPError).map { "SMTP \($0.command) (\($0.kind))" } ?? "\(type(of: error))"
                platform.logger.warning("notification mail failed", metadata: ["run": "\(key)", "organisation": "\(batch.organisationID.map(String.init) ?? "-")", "error": "\(what)"])
            }
        }
        let finished = report
        try await database.transaction { db in
            try await db.raw("""
                UPDATE notification_runs SET finished_at = \(bind: now.epochSeconds), mails = \(bind: finished.mails), failures = \(bind: finished.failures)
                WHERE key = \(bind: key)
                """).run()
        }
        return report
    }
}
