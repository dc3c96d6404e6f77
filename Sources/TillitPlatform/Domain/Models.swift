import Foundation

/// A top-level organisation: a municipality, region, agency or coordination association.
public struct Organisation: Sendable, Equatable, Codable, Identifiable {
    public let id: Int64
    public var slug: String
    public var name: String
    public var kind: OrganisationKind
    public let createdAt: Date

    public init(id: Int64, slug: String, name: String, kind: OrganisationKind, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
    }
}

/// A unit in an organisation's tree. Units are closed, never deleted, so history and links survive.
public struct OrgUnit: Sendable, Equatable, Codable, Identifiable {
    public let id: Int64
    public let organisationID: Int64
    public var parentID: Int64?
    /// The id the unit has in the HR system it was imported from, if any.
    public var externalID: String?
    public var name: String
    public var kind: UnitKind
    public let createdAt: Date
    public var closedAt: Date?

    public init(id: Int64, organisationID: Int64, parentID: Int64?, externalID: String?, name: String, kind: UnitKind, createdAt: Date, closedAt: Date?) {
        self.id = id
        self.organisationID = organisationID
        self.parentID = parentID
        self.externalID = externalID
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    public var isClosed: Bool { closedAt != nil }
}

/// Something that happened to a unit, kept so a unit's history can be shown.
public struct UnitEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case created, renamed, moved, closed, reopened, kindChanged = "kind_changed"
    }
    public let unitID: Int64
    public let at: Date
    public let kind: Kind
    /// The value before (a name, a parent's name or id, a kind), where it applies.
    public let from: String?
    /// The value after.
    public let to: String?
}

/// A person with an account.
public struct User: Sendable, Equatable, Codable, Identifiable {
    public let id: Int64
    public var email: String
    public var name: String
    /// The language the person chose, if any (else their browser's).
    public var language: Language?
    public let createdAt: Date
    public var disabledAt: Date?
    /// Whether a password has been set (an invited person has none until they accept).
    public var hasPassword: Bool

    public init(id: Int64, email: String, name: String, language: Language?, createdAt: Date, disabledAt: Date?, hasPassword: Bool) {
        self.id = id
        self.email = email
        self.name = name
        self.language = language
        self.createdAt = createdAt
        self.disabledAt = disabledAt
        self.hasPassword = hasPassword
    }
}

/// A role held by a person, with its scope: a unit (medarbetare, chef), an organisation
/// (styrelse, forskare, redaktör, administratör) or the whole instance (systemadministratör).
public struct RoleGrant: Sendable, Equatable, Hashable, Codable {
    public let role: Role
    public let organisationID: Int64?
    public let unitID: Int64?

    public init(role: Role, organisationID: Int64?, unitID: Int64?) {
        self.role = role
        self.organisationID = organisationID
        self.unitID = unitID
    }
}

/// An entry in the append-only audit log.
public struct AuditEntry: Sendable, Equatable, Codable, Identifiable {
    public let id: Int64
    public let at: Date
    public let actorUserID: Int64?
    /// Who acted, as shown to administrators: a person's email or a command name.
    public let actorLabel: String
    /// Through which route or command.
    public let via: String
    public let action: String
    public let objectType: String
    public let objectID: String?
    public let organisationID: Int64?
    /// A short, structured description (field names and values, never free text from staff).
    public let details: String
}
