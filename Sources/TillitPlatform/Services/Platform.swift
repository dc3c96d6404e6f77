import Foundation
import Logging
import SQLKit
import TillitFormats
import TillitStorage

/// The platform core's services: organisations, units, people, roles, sign-in, tokens, settings
/// and the audit log. Every method that reads or changes something internal takes the ``Actor``
/// and checks ``Policy`` itself, so the web UI, the API and the command line share one set of rules.
public struct Platform: Sendable {
    public let database: any Database
    public let clock: AppClock
    public let passwords: PasswordHasher
    /// Every setting an organisation can have, from the core and each module.
    public let settings: [SettingDefinition]
    public let logger: Logger
    /// Where write-only settings are kept (encrypted) or given (environment).
    public let secrets: SettingSecrets
    /// Sessions seen recently; nil where another process may end a session (PostgreSQL).
    let sessionCache: SessionCache?
    /// Sessions used since the last ``flushSessionActivity()``.
    let sessionActivity = SessionActivity()
    /// Unit trees by organisation, each valid for one `units_version`.
    let treeCache = UnitTreeCache()
    /// The loops' own caches (Listen's follow-up figures).
    public let caches = CacheShelf()

    public init(database: any Database, clock: AppClock = .system, passwords: PasswordHasher, settings: [SettingDefinition] = PlatformSettings.definitions,
                secrets: SettingSecrets = .ephemeral(), logger: Logger) {
        self.database = database
        self.clock = clock
        self.passwords = passwords
        self.settings = settings
        self.secrets = secrets
        self.logger = logger
        self.sessionCache = database.kind == .sqlite ? SessionCache() : nil
    }

    var now: Date { clock.now() }

    // MARK: Organisations

    /// Creates an organisation (system administrators only).
    public func createOrganisation(actor: Actor, slug: String?, name: String?, kind: String?) async throws -> Organisation {
        guard Policy.isSystemAdministrator(actor) else { throw AppError.forbidden }
        var v = Validator()
        let slug = v.slug("slug", slug)
        let name = v.text("name", name, maxLength: 200)
        let kind = v.choice("kind", kind, as: OrganisationKind.self)
        try v.check()
        let now = self.now
        do {
            return try await database.transaction { db in
                let row = try await db.raw("""
                    INSERT INTO organisations (slug, name, kind, created_at)
                    VALUES (\(bind: slug!), \(bind: name!), \(bind: kind!.rawValue), \(bind: now.epochSeconds)) RETURNING id
                    """).first()
                let id = try row!.int64("id")
                try await AuditLog.record(db, at: now, actor: actor, action: "organisation.create", objectType: "organisation",
                                          objectID: String(id), organisationID: id, details: ["slug": slug!, "kind": kind!.rawValue])
                return Organisation(id: id, slug: slug!, name: name!, kind: kind!, createdAt: now)
            }
        } catch where database.isUniqueViolation(error) {
            throw AppError.invalid([FieldError("slug", PlatformText.slugTaken)])
        }
    }

    /// Renames an organisation or changes its kind (its administrators and system administrators).
    public func updateOrganisation(actor: Actor, id: Int64, name: String?, kind: String?) async throws -> Organisation {
        var organisation = try await organisation(id: id)
        guard Policy.canAdministerOrganisation(actor, id) else { throw AppError.forbidden }
        var v = Validator()
        let newName = name.map { _ in v.text("name", name, maxLength: 200) } ?? organisation.name
        let newKind = kind.map { _ in v.choice("kind", kind, as: OrganisationKind.self) } ?? organisation.kind
        try v.check()
        organisation.name = newName!
        organisation.kind = newKind!
        let updated = organisation
        let now = self.now
        try await database.transaction { db in
            try await db.raw("UPDATE organisations SET name = \(bind: updated.name), kind = \(bind: updated.kind.rawValue) WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "organisation.update", objectType: "organisation",
                                      objectID: String(id), organisationID: id, details: ["name": updated.name, "kind": updated.kind.rawValue])
        }
        return updated
    }

    /// The organisation with `id`, whoever asks (organisations' names are public).
    public func organisation(id: Int64) async throws -> Organisation {
        try await RequestMemo.remembered(.organisation(id)) {
            let row = try await database.read { db in
                try await db.raw("SELECT \(unsafeRaw: Columns.organisation) FROM organisations o WHERE o.id = \(bind: id)").first()
            }
            guard let row else { throw AppError.notFound }
            return try Organisation(row: row)
        }
    }

    /// The organisation with the short name `slug`.
    public func organisation(slug: String) async throws -> Organisation {
        let organisation = try await RequestMemo.remembered(.organisationSlug(slug)) {
            let row = try await database.read { db in
                try await db.raw("SELECT \(unsafeRaw: Columns.organisation) FROM organisations o WHERE o.slug = \(bind: slug)").first()
            }
            guard let row else { throw AppError.notFound }
            return try Organisation(row: row)
        }
        RequestMemo.remember(organisation, as: .organisation(organisation.id))
        return organisation
    }

    /// The organisations the actor may see: all for a system administrator, else those they have a role in.
    public func organisations(actor: Actor, page: PageRequest = .first) async throws -> Page<Organisation> {
        let all = Policy.isSystemAdministrator(actor)
        let ids = Array(Policy.organisationIDs(actor))
        if !all && ids.isEmpty { return Page(items: [], total: 0, request: page) }
        return try await database.read { db in
            let filter: SQLQueryString = all ? "" : "WHERE o.id IN (\(binds: ids))"
            let total = try await db.raw("SELECT COUNT(*) AS n FROM organisations o \(filter)").first()!.decode(column: "n", as: Int.self)
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.organisation) FROM organisations o \(filter)
                ORDER BY o.name LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
                """).all()
            return Page(items: try rows.map(Organisation.init(row:)), total: total, request: page)
        }
    }

    /// Every organisation, for system tasks (the demo loader, exports).
    public func allOrganisations() async throws -> [Organisation] {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Columns.organisation) FROM organisations o ORDER BY o.name").all().map(Organisation.init(row:))
        }
    }

    // MARK: Audit log

    /// A page of an organisation's audit log (its administrators and system administrators).
    public func auditLog(actor: Actor, organisationID: Int64, page: PageRequest) async throws -> Page<AuditEntry> {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        // Kept while the log's count stands. The count is asked before the page is read, so a page
        // is never kept under a count newer than itself.
        let count = AuditLog.peekChanges(database)
        let kept = caches.cache(KeptAuditPages.self) { KeptAuditPages() }
        let key = KeptAuditPages.Key(organisationID: organisationID, page: page)
        if let count, let known = kept.pages.value(key), known.count == count { return known.page }
        let read = try await database.read { db in try await AuditLog.list(db, organisationID: organisationID, page: page) }
        if let count { kept.pages.keep((count, read), for: key) }
        return read
    }

    /// Pages of organisations' logs as read, with the log's count they were read at.
    final class KeptAuditPages: Sendable {
        struct Key: Hashable, Sendable {
            let organisationID: Int64
            let page: PageRequest
        }
        let pages = KeptValues<Key, (count: Int64, page: Page<AuditEntry>)>(capacity: 256)
    }
}
