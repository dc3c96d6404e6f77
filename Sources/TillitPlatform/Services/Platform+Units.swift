import Foundation
import SQLKit
import TillitStorage

extension Platform {
    /// The whole unit tree of an organisation, closed units included (the caller filters).
    public func unitTree(organisationID: Int64) async throws -> UnitTree {
        try await RequestMemo.remembered(.tree(organisationID)) {
            try await database.read { db in try await unitTree(db, organisationID: organisationID) }
        }
    }

    /// The unit tree read through `db`, for a loop's code inside its own `read {}` or `transaction {}`.
    public func unitTree(_ db: any SQLDatabase, organisationID: Int64) async throws -> UnitTree {
        guard let row = try await db.raw("SELECT units_version FROM organisations WHERE id = \(bind: organisationID)").first() else {
            throw AppError.notFound
        }
        return try await cachedTree(db, organisationID: organisationID, version: try row.int64("units_version"))
    }

    /// The tree from the cache when it is as new as `version`, else from the database.
    func cachedTree(_ db: any SQLDatabase, organisationID: Int64, version: Int64) async throws -> UnitTree {
        if let tree = treeCache.get(organisationID, version: version) { return tree }
        // Read after the version, so the tree is at least as new as the version it is stored under.
        let tree = try await Self.loadTree(db, organisationID: organisationID, version: version)
        treeCache.put(organisationID, version: version, tree)
        return tree
    }

    static func loadTree(_ db: any SQLDatabase, organisationID: Int64, version: Int64? = nil) async throws -> UnitTree {
        let rows = try await db.raw("SELECT \(unsafeRaw: Columns.unit) FROM units u WHERE u.organisation_id = \(bind: organisationID)").all()
        return UnitTree(try rows.map(OrgUnit.init(row:)), version: version)
    }

    /// The unit with `id`, if the actor may see its organisation.
    public func unit(actor: Actor, id: Int64) async throws -> OrgUnit {
        let unit = try await unit(id: id)
        guard Policy.canViewOrganisation(actor, unit.organisationID) else { throw AppError.forbidden }
        return unit
    }

    /// The unit with `id`, without an authorisation check (for internal lookups).
    public func unit(id: Int64) async throws -> OrgUnit {
        let row = try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Columns.unit) FROM units u WHERE u.id = \(bind: id)").first()
        }
        guard let row else { throw AppError.notFound }
        return try OrgUnit(row: row)
    }

    /// A page of an organisation's units, ordered by name.
    public func units(actor: Actor, organisationID: Int64, includeClosed: Bool, page: PageRequest) async throws -> Page<OrgUnit> {
        guard Policy.canViewOrganisation(actor, organisationID) else { throw AppError.forbidden }
        return try await database.read { db in
            let closed: SQLQueryString = includeClosed ? "" : "AND u.closed_at IS NULL"
            let total = try await db.raw("SELECT COUNT(*) AS n FROM units u WHERE u.organisation_id = \(bind: organisationID) \(closed)").first()!.decode(column: "n", as: Int.self)
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.unit) FROM units u WHERE u.organisation_id = \(bind: organisationID) \(closed)
                ORDER BY u.name, u.id LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
                """).all()
            return Page(items: try rows.map(OrgUnit.init(row:)), total: total, request: page)
        }
    }

    /// A unit's history, oldest first.
    public func unitEvents(unitID: Int64) async throws -> [UnitEvent] {
        try await database.read { db in try await Self.loadEvents(db, unitID: unitID) }
    }

    static func loadEvents(_ db: any SQLDatabase, unitID: Int64) async throws -> [UnitEvent] {
        try await db.raw("SELECT unit_id, at, kind, from_value, to_value FROM unit_events WHERE unit_id = \(bind: unitID) ORDER BY at, id").all().map { row in
            UnitEvent(unitID: try row.int64("unit_id"), at: try row.date("at"),
                      kind: UnitEvent.Kind(rawValue: try row.string("kind")) ?? .created,
                      from: try row.optionalString("from_value"), to: try row.optionalString("to_value"))
        }
    }

    /// Input for creating or changing a unit; nil fields are left as they are on update.
    public struct UnitInput: Sendable {
        public var name: String?
        public var kind: String?
        /// The new parent's id as text ("" for top level); nil leaves it unchanged.
        public var parentID: String?
        public var externalID: String?
        /// true closes the unit (and its subtree), false reopens it; nil leaves it as it is.
        public var closed: Bool?
        public init(name: String? = nil, kind: String? = nil, parentID: String? = nil, externalID: String? = nil, closed: Bool? = nil) {
            self.name = name
            self.kind = kind
            self.parentID = parentID
            self.externalID = externalID
            self.closed = closed
        }
    }

    /// Creates a unit in an organisation (its administrators).
    public func createUnit(actor: Actor, organisationID: Int64, input: UnitInput) async throws -> OrgUnit {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        var v = Validator()
        let name = v.text("name", input.name, maxLength: 200)
        let kind = v.choice("kind", input.kind, as: UnitKind.self)
        let externalID = v.text("external_id", input.externalID, maxLength: 100, required: false)
        let parentID = parseParent(input.parentID, into: &v)
        try v.check()
        let now = self.now
        do {
            return try await database.transaction { db in
                let tree = try await Self.loadTree(db, organisationID: organisationID)
                if let parentID, let parentID {
                    guard let parent = tree[parentID] else { throw AppError.invalid([FieldError("parent_id", PlatformText.unitOfAnotherOrganisation)]) }
                    if parent.isClosed { throw AppError.invalid([FieldError("parent_id", PlatformText.unitParentClosed)]) }
                }
                let ext = externalID.flatMap { $0.isEmpty ? nil : $0 }
                let id = try await db.raw("""
                    INSERT INTO units (organisation_id, parent_id, external_id, name, kind, created_at)
                    VALUES (\(bind: organisationID), \(bind: parentID ?? nil), \(bind: ext), \(bind: name!), \(bind: kind!.rawValue), \(bind: now.epochSeconds))
                    RETURNING id
                    """).first()!.int64("id")
                try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .created, from: nil, to: name!)
                try await AuditLog.record(db, at: now, actor: actor, action: "unit.create", objectType: "unit", objectID: String(id),
                                          organisationID: organisationID, details: ["name": name!, "kind": kind!.rawValue, "parent_id": (parentID ?? nil).map(String.init) ?? ""])
                return OrgUnit(id: id, organisationID: organisationID, parentID: parentID ?? nil, externalID: ext, name: name!, kind: kind!, createdAt: now, closedAt: nil)
            }
        } catch where database.isUniqueViolation(error) {
            throw AppError.invalid([FieldError("external_id", PlatformText.unitExternalIDTaken)])
        }
    }

    /// Renames, re-kinds, moves, closes or reopens a unit (its organisation's administrators), all in
    /// one transaction. History is kept.
    public func updateUnit(actor: Actor, id: Int64, input: UnitInput) async throws -> OrgUnit {
        let current = try await unit(id: id)
        guard Policy.canAdministerOrganisation(actor, current.organisationID) else { throw AppError.forbidden }
        var v = Validator()
        let name = input.name.map { _ in v.text("name", input.name, maxLength: 200) } ?? current.name
        let kind = input.kind.map { _ in v.choice("kind", input.kind, as: UnitKind.self) } ?? current.kind
        let parentID = parseParent(input.parentID, into: &v)
        try v.check()
        let now = self.now
        return try await database.transaction { db in
            let tree = try await Self.loadTree(db, organisationID: current.organisationID)
            var unit = tree[id]!
            if input.closed == false, unit.isClosed {
                try await Self.reopen(db, unit, in: tree, actor: actor, at: now)
                unit.closedAt = nil
            }
            let changesShape = parentID.map { $0 != unit.parentID } ?? false || name != unit.name || kind != unit.kind
            if unit.isClosed, changesShape { throw AppError(.conflict, code: "unit-closed", message: PlatformText.unitIsClosed) }
            if let newParent = parentID, newParent != unit.parentID {
                if let newParent {
                    guard let parent = tree[newParent] else { throw AppError.invalid([FieldError("parent_id", PlatformText.unitOfAnotherOrganisation)]) }
                    if parent.isClosed { throw AppError.invalid([FieldError("parent_id", PlatformText.unitParentClosed)]) }
                    if tree.moveWouldCycle(id, under: newParent) { throw AppError.invalid([FieldError("parent_id", PlatformText.unitMoveCycle)]) }
                }
                try await db.raw("UPDATE units SET parent_id = \(bind: newParent) WHERE id = \(bind: id)").run()
                try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .moved,
                                               from: unit.parentID.flatMap { tree[$0]?.name } ?? "", to: newParent.flatMap { tree[$0]?.name } ?? "")
                try await AuditLog.record(db, at: now, actor: actor, action: "unit.move", objectType: "unit", objectID: String(id),
                                          organisationID: unit.organisationID, details: ["from_parent_id": unit.parentID.map(String.init) ?? "", "to_parent_id": newParent.map(String.init) ?? ""])
                unit.parentID = newParent
            }
            if let name, name != unit.name {
                try await db.raw("UPDATE units SET name = \(bind: name) WHERE id = \(bind: id)").run()
                try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .renamed, from: unit.name, to: name)
                try await AuditLog.record(db, at: now, actor: actor, action: "unit.rename", objectType: "unit", objectID: String(id),
                                          organisationID: unit.organisationID, details: ["from": unit.name, "to": name])
                unit.name = name
            }
            if let kind, kind != unit.kind {
                try await db.raw("UPDATE units SET kind = \(bind: kind.rawValue) WHERE id = \(bind: id)").run()
                try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .kindChanged, from: unit.kind.rawValue, to: kind.rawValue)
                try await AuditLog.record(db, at: now, actor: actor, action: "unit.change_kind", objectType: "unit", objectID: String(id),
                                          organisationID: unit.organisationID, details: ["from": unit.kind.rawValue, "to": kind.rawValue])
                unit.kind = kind
            }
            if input.closed == true, !unit.isClosed {
                _ = try await Self.close(db, unit, in: tree, actor: actor, at: now)
                unit.closedAt = now
            }
            return unit
        }
    }

    /// Closes a unit and every open unit below it. Nothing is deleted: roles, history and links stay.
    public func closeUnit(actor: Actor, id: Int64) async throws -> [Int64] {
        let current = try await unit(id: id)
        guard Policy.canAdministerOrganisation(actor, current.organisationID) else { throw AppError.forbidden }
        if current.isClosed { throw AppError(.conflict, code: "unit-closed", message: PlatformText.unitIsClosed) }
        let now = self.now
        return try await database.transaction { db in
            try await Self.close(db, current, in: try await Self.loadTree(db, organisationID: current.organisationID), actor: actor, at: now)
        }
    }

    /// Reopens a closed unit (not its children, which may have been closed for their own reasons).
    public func reopenUnit(actor: Actor, id: Int64) async throws -> OrgUnit {
        let current = try await unit(id: id)
        guard Policy.canAdministerOrganisation(actor, current.organisationID) else { throw AppError.forbidden }
        guard current.isClosed else { throw AppError(.conflict, code: "unit-not-closed", message: PlatformText.unitNotClosed) }
        let now = self.now
        try await database.transaction { db in
            try await Self.reopen(db, current, in: try await Self.loadTree(db, organisationID: current.organisationID), actor: actor, at: now)
        }
        var reopened = current
        reopened.closedAt = nil
        return reopened
    }

    private static func close(_ db: any SQLDatabase, _ unit: OrgUnit, in tree: UnitTree, actor: Actor, at now: Date) async throws -> [Int64] {
        let ids = tree.subtree(of: unit.id).filter { tree[$0]?.isClosed == false }.sorted()
        try await db.raw("UPDATE units SET closed_at = \(bind: now.epochSeconds) WHERE id IN (\(binds: ids))").run()
        for unitID in ids {
            try await recordUnitEvent(db, unitID: unitID, at: now, kind: .closed, from: nil, to: nil)
        }
        try await AuditLog.record(db, at: now, actor: actor, action: "unit.close", objectType: "unit", objectID: String(unit.id),
                                  organisationID: unit.organisationID, details: ["closed_units": ids.map(String.init).joined(separator: ",")])
        return ids
    }

    private static func reopen(_ db: any SQLDatabase, _ unit: OrgUnit, in tree: UnitTree, actor: Actor, at now: Date) async throws {
        if let parentID = unit.parentID, tree[parentID]?.isClosed == true {
            throw AppError(.conflict, code: "unit-parent-closed", message: PlatformText.unitParentClosed)
        }
        try await db.raw("UPDATE units SET closed_at = NULL WHERE id = \(bind: unit.id)").run()
        try await recordUnitEvent(db, unitID: unit.id, at: now, kind: .reopened, from: nil, to: nil)
        try await AuditLog.record(db, at: now, actor: actor, action: "unit.reopen", objectType: "unit", objectID: String(unit.id),
                                  organisationID: unit.organisationID)
    }

    /// Parses a parent id field: nil = not given, .some(nil) = top level, .some(id) = a unit.
    private func parseParent(_ raw: String?, into v: inout Validator) -> Int64?? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .some(nil) }
        guard let id = RequestNumber.id(trimmed) else {
            v.add("parent_id", PlatformText.fieldNotANumber)
            return nil
        }
        return .some(id)
    }

    /// Records a change to a unit. Every change to units passes through here, which is why the
    /// organisation's `units_version` is bumped here too (in the same transaction).
    static func recordUnitEvent(_ db: any SQLDatabase, unitID: Int64, at: Date, kind: UnitEvent.Kind, from: String?, to: String?) async throws {
        try await db.raw("""
            INSERT INTO unit_events (unit_id, at, kind, from_value, to_value)
            VALUES (\(bind: unitID), \(bind: at.epochSeconds), \(bind: kind.rawValue), \(bind: from), \(bind: to))
            """).run()
        try await db.raw("""
            UPDATE organisations SET units_version = units_version + 1
            WHERE id = (SELECT organisation_id FROM units WHERE id = \(bind: unitID))
            """).run()
    }
}

/// Everything a unit's page shows, read together.
public struct UnitOverview: Sendable {
    public let organisation: Organisation
    public let tree: UnitTree
    public let unit: OrgUnit
    public let members: [(user: User, role: Role)]
}

extension Platform {
    /// A unit's page in one query: its organisation and the unit's people (one row per person, the
    /// organisation's columns repeated), with the tree from the cache when it is current. A page view
    /// is then one round trip to the database, which is what a busy SQLite reader pool can afford.
    public func unitOverview(actor: Actor, organisationSlug slug: String, unitID: Int64) async throws -> UnitOverview {
        let found = try await database.read { db -> (Organisation, UnitTree, [(User, Role)])? in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.organisation), o.units_version,
                       p.id AS p_id, p.email AS p_email, p.name AS p_name, p.language AS p_language,
                       p.created_at AS p_created_at, p.disabled_at AS p_disabled_at,
                       CASE WHEN p.password_hash IS NULL THEN 0 ELSE 1 END AS p_has_password, g.role AS p_role
                FROM organisations o
                LEFT JOIN (role_grants g JOIN users p ON p.id = g.user_id AND p.disabled_at IS NULL) ON g.unit_id = \(bind: unitID)
                WHERE o.slug = \(bind: slug)
                ORDER BY p.name, p.id
                """).all()
            guard let first = rows.first else { return nil }
            let organisation = try Organisation(row: first)
            guard Policy.canViewOrganisation(actor, organisation.id) else { throw AppError.forbidden }
            let tree = try await cachedTree(db, organisationID: organisation.id, version: try first.int64("units_version"))
            guard tree[unitID] != nil else { return nil }
            let members = try rows.filter { try !$0.decodeNil(column: "p_id") }.map { row in
                (User(id: try row.int64("p_id"), email: try row.string("p_email"), name: try row.string("p_name"),
                      language: try row.optionalString("p_language").flatMap(Language.init(rawValue:)),
                      createdAt: try row.date("p_created_at"), disabledAt: try row.optionalDate("p_disabled_at"),
                      hasPassword: try row.decode(column: "p_has_password", as: Int.self) == 1),
                 Role(rawValue: try row.string("p_role")) ?? .medarbetare)
            }
            return (organisation, tree, members)
        }
        guard let (organisation, tree, members) = found else { throw AppError.notFound }
        return UnitOverview(organisation: organisation, tree: tree, unit: tree[unitID]!, members: members)
    }
}
