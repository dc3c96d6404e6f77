import Foundation

enum Vocabulary {
    /// How a Swedish word is spelled as a stored enum value: trimmed, lower-case, å/ä → a, ö → o
    /// ("Förvaltning" → "forvaltning"), so files may use either spelling.
    static func storedForm(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "ö", with: "o").replacingOccurrences(of: "å", with: "a")
            .replacingOccurrences(of: "ä", with: "a")
    }
}

/// The kinds of top-level organisation Tillit serves.
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case kommun, region, myndighet, samordningsforbund, annan

    /// The label shown in the UI.
    public var label: BothLanguages {
        switch self {
        case .kommun: BothLanguages(sv: "Kommun", en: "Municipality")
        case .region: BothLanguages(sv: "Region", en: "Region")
        case .myndighet: BothLanguages(sv: "Myndighet", en: "Government agency")
        case .samordningsforbund: BothLanguages(sv: "Samordningsförbund", en: "Coordination association")
        case .annan: BothLanguages(sv: "Annan", en: "Other")
        }
    }

    /// Parses the stored value and the Swedish spelling with å/ä/ö, as HR and open-data files write it.
    public init?(lenient value: String) {
        self.init(rawValue: Vocabulary.storedForm(value))
    }
}

/// The kinds of unit in an organisation's tree. Any kind may sit under any other, to any depth.
public enum UnitKind: String, Sendable, CaseIterable, Codable {
    case forvaltning, avdelning, enhet, arbetsgrupp

    /// The label shown in the UI.
    public var label: BothLanguages {
        switch self {
        case .forvaltning: BothLanguages(sv: "Förvaltning", en: "Administration")
        case .avdelning: BothLanguages(sv: "Avdelning", en: "Department")
        case .enhet: BothLanguages(sv: "Enhet", en: "Unit")
        case .arbetsgrupp: BothLanguages(sv: "Arbetsgrupp", en: "Team")
        }
    }

    /// Parses the stored value and the Swedish spelling ("förvaltning"), case-insensitively.
    public init?(lenient value: String) {
        self.init(rawValue: Vocabulary.storedForm(value))
    }
}

/// The roles a person can hold. Each is granted with a scope (see ``RoleGrant``).
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Staff member: their own unit.
    case medarbetare
    /// Manager: a unit and its whole subtree.
    case chef
    /// Board member or politician: reads the governance views of an organisation.
    case styrelse
    /// Researcher: the pilots they follow.
    case forskare
    /// Editor: the knowledge bank and the report series.
    case redaktor
    /// Administrator of one organisation.
    case administrator
    /// Administrator of the whole instance.
    case systemadministrator

    /// The label shown in the UI.
    public var label: BothLanguages {
        switch self {
        case .medarbetare: BothLanguages(sv: "Medarbetare", en: "Staff member")
        case .chef: BothLanguages(sv: "Chef", en: "Manager")
        case .styrelse: BothLanguages(sv: "Styrelse/politiker", en: "Board/politician")
        case .forskare: BothLanguages(sv: "Forskare", en: "Researcher")
        case .redaktor: BothLanguages(sv: "Redaktör", en: "Editor")
        case .administrator: BothLanguages(sv: "Administratör", en: "Administrator")
        case .systemadministrator: BothLanguages(sv: "Systemadministratör", en: "System administrator")
        }
    }

    /// What a grant of this role must name as its scope.
    public var scope: RoleScope {
        switch self {
        case .medarbetare, .chef: .unit
        case .styrelse, .forskare, .redaktor, .administrator: .organisation
        case .systemadministrator: .instance
        }
    }
}

/// What a role grant is scoped to.
public enum RoleScope: String, Sendable {
    case unit, organisation, instance
}
