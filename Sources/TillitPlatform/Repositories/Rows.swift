import Foundation
import SQLKit
import TillitStorage

// Decoding of the platform's rows. Columns are read by name so a SELECT can list them in any order.


enum Columns {
    static let organisation = "o.id, o.slug, o.name, o.kind, o.created_at"
    static let unit = "u.id, u.organisation_id, u.parent_id, u.external_id, u.name, u.kind, u.created_at, u.closed_at"
    static let user = "p.id, p.email, p.name, p.language, p.created_at, p.disabled_at, CASE WHEN p.password_hash IS NULL THEN 0 ELSE 1 END AS has_password"
}

extension Organisation {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.int64("id"),
            slug: try row.string("slug"),
            name: try row.string("name"),
            kind: OrganisationKind(rawValue: try row.string("kind")) ?? .annan,
            createdAt: try row.date("created_at"))
    }
}

extension OrgUnit {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.int64("id"),
            organisationID: try row.int64("organisation_id"),
            parentID: try row.optionalInt64("parent_id"),
            externalID: try row.optionalString("external_id"),
            name: try row.string("name"),
            kind: UnitKind(rawValue: try row.string("kind")) ?? .enhet,
            createdAt: try row.date("created_at"),
            closedAt: try row.optionalDate("closed_at"))
    }
}

extension User {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.int64("id"),
            email: try row.string("email"),
            name: try row.string("name"),
            language: try row.optionalString("language").flatMap(Language.init(rawValue:)),
            createdAt: try row.date("created_at"),
            disabledAt: try row.optionalDate("disabled_at"),
            hasPassword: try row.decode(column: "has_password", as: Int.self) == 1)
    }
}

extension RoleGrant {
    init(row: any SQLRow) throws {
        self.init(
            role: Role(rawValue: try row.string("role")) ?? .medarbetare,
            organisationID: try row.optionalInt64("organisation_id"),
            unitID: try row.optionalInt64("unit_id"))
    }
}

extension AuditEntry {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.int64("id"),
            at: try row.date("at"),
            actorUserID: try row.optionalInt64("actor_user_id"),
            actorLabel: try row.string("actor_label"),
            via: try row.string("via"),
            action: try row.string("action"),
            objectType: try row.string("object_type"),
            objectID: try row.optionalString("object_id"),
            organisationID: try row.optionalInt64("organisation_id"),
            details: try row.string("details"))
    }
}
