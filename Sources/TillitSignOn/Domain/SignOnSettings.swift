import Foundation
import TillitPlatform

/// How a person is found from the provider's ID token.
public enum IdentityClaim: String, Sendable, CaseIterable {
    /// The `email` claim matches the account's address.
    case email
    /// The `sub` claim, the provider's own stable id, linked to the account at the first sign-in.
    case sub
}

/// An organisation's sign-on settings (through the settings API and page).
public enum SignOnSettings {
    public static let issuer = "oidc_issuer"
    public static let clientID = "oidc_client_id"
    public static let clientSecret = "oidc_client_secret"
    public static let identityClaim = "oidc_identity_claim"
    public static let newPeopleUnitID = "oidc_new_people_unit_id"
    public static let passwordsOff = "oidc_passwords_off"
    public static let roleClaim = "oidc_role_claim"
    public static let roleMap = "oidc_role_map"

    /// The definitions; `allowHTTP` (tests) lets the issuer be plain http, `allowPrivate` lets it be
    /// on an internal network (an AD FS inside the organisation's network).
    public static func definitions(allowHTTP: Bool, allowPrivate: Bool) -> [SettingDefinition] { [
        SettingDefinition(
            key: issuer,
            label: BothLanguages(sv: "Identitetsleverantör (OpenID Connect-utfärdare)", en: "Identity provider (OpenID Connect issuer)"),
            help: BothLanguages(sv: "Utfärdarens adress, till exempel https://login.microsoftonline.com/KATALOG-ID/v2.0. Tillit hämtar dess uppgifter från /.well-known/openid-configuration. Tomt: ingen inloggning med organisationens konto.",
                                en: "The issuer's address, for example https://login.microsoftonline.com/TENANT-ID/v2.0. Tillit reads its details from /.well-known/openid-configuration. Empty: no sign-in with the organisation's account."),
            kind: .checkedText(maxLength: 500, problem: { value in issuerProblem(value, allowHTTP: allowHTTP, allowPrivate: allowPrivate) }),
            defaultValue: ""),
        SettingDefinition(
            key: clientID,
            label: BothLanguages(sv: "Klient-id hos identitetsleverantören", en: "Client id at the identity provider"),
            help: BothLanguages(sv: "Id:t som Tillit fick när det registrerades hos leverantören.", en: "The id Tillit was given when it was registered with the provider."),
            kind: .text(maxLength: 255, isValid: { value in value.allSatisfy { $0.isASCII && !$0.isWhitespace && !$0.isNewline } }),
            defaultValue: ""),
        SettingDefinition(
            key: clientSecret,
            label: BothLanguages(sv: "Klienthemlighet", en: "Client secret"),
            help: BothLanguages(sv: "Sparas krypterat och visas aldrig igen.", en: "Stored encrypted and never shown again."),
            kind: .secret(maxLength: 1024),
            defaultValue: ""),
        SettingDefinition(
            key: identityClaim,
            label: BothLanguages(sv: "Uppgift som identifierar personen", en: "Claim that identifies the person"),
            help: BothLanguages(sv: "email: e-postadressen i Tillit ska vara densamma som hos leverantören. sub: leverantörens eget id, som knyts till kontot vid första inloggningen (via en bekräftad e-postadress).",
                                en: "email: the address in Tillit must be the one at the provider. sub: the provider's own id, linked to the account at the first sign-in (through a verified address)."),
            kind: .choice(IdentityClaim.allCases.map(\.rawValue)),
            defaultValue: IdentityClaim.email.rawValue),
        SettingDefinition(
            key: newPeopleUnitID,
            label: BothLanguages(sv: "Enhet för nya personer (id)", en: "Unit for new people (id)"),
            help: BothLanguages(sv: "Den som loggar in för första gången utan konto får ett som medarbetare i den här enheten. Tomt: de nekas och ombeds kontakta administratören.",
                                en: "Someone signing in for the first time without an account gets one as a staff member of this unit. Empty: they are refused and asked to contact the administrator."),
            kind: .text(maxLength: 19, isValid: { value in value.allSatisfy(\.isASCII) && Int64(value).map { $0 > 0 } == true }),
            defaultValue: ""),
        SettingDefinition(
            key: passwordsOff,
            label: BothLanguages(sv: "Stäng av lösenord för organisationens personer", en: "Switch off passwords for the organisation's people"),
            help: BothLanguages(sv: "ja: den som bara har roller i organisationen loggar in med organisationens konto, inte med lösenord. Gäller först när inloggningen ovan är inställd.",
                                en: "ja: someone whose roles are all in the organisation signs in with the organisation's account, not a password. Applies only once the sign-in above is set up."),
            kind: .choice(["nej", "ja"]),
            defaultValue: "nej"),
        SettingDefinition(
            key: roleClaim,
            label: BothLanguages(sv: "Uppgift med grupper eller roller (valfritt)", en: "Claim with groups or roles (optional)"),
            help: BothLanguages(sv: "Namnet på uppgiften i leverantörens id-token som räknar upp personens grupper eller roller, till exempel groups eller roles. Tomt: rollerna sätts bara i Tillit.",
                                en: "The name of the claim in the provider's ID token that lists the person's groups or roles, for example groups or roles. Empty: roles are set in Tillit only."),
            kind: .text(maxLength: 100, isValid: { value in value.allSatisfy { $0.isASCII && !$0.isWhitespace && !$0.isNewline } }),
            defaultValue: ""),
        SettingDefinition(
            key: roleMap,
            label: BothLanguages(sv: "Grupper som ger roller (valfritt)", en: "Groups that give roles (optional)"),
            help: BothLanguages(sv: "Till exempel: tillit-chefer-hemtjanst=chef:12; tillit-redaktorer=redaktor. Vid varje inloggning får personen rollerna vars grupp finns i uppgiften ovan och förlorar de rollerna här vars grupp saknas; andra roller sätts i Tillit som förut.",
                                en: "For example: tillit-chefer-hemtjanst=chef:12; tillit-redaktorer=redaktor. At every sign-in the person gets the roles whose group is in the claim above and loses those roles here whose group is missing; other roles are set in Tillit as before."),
            kind: .checkedText(maxLength: 4000, problem: { value in
                if case .failure(let error) = RoleMap.parse(value) { return .roleMapInvalid(line: error.part) }
                return nil
            }),
            defaultValue: ""),
    ] }

    /// What is wrong with an issuer address, if anything.
    static func issuerProblem(_ value: String, allowHTTP: Bool, allowPrivate: Bool) -> PlatformText? {
        guard let components = URLComponents(string: value), let scheme = components.scheme, let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil else { return .fieldInvalidValue }
        guard scheme == "https" || (allowHTTP && scheme == "http") else { return .httpsRequired }
        if !allowPrivate, NetworkAddress.namesInternalHost(host) { return .internalProviderRefused }
        return nil
    }
}

/// An organisation's sign-on, as its settings say.
public struct SignOnConfiguration: Sendable, Equatable {
    public let issuer: String
    public let clientID: String
    public let clientSecret: String
    public let identityClaim: IdentityClaim
    public let newPeopleUnitID: Int64?
    public let passwordsOff: Bool
    /// The claim that lists the person's groups or roles, and what they map to (empty: no mapping).
    public let roleClaim: String
    public let roleMap: RoleMap

    /// The configuration in `values` (read with secrets), or nil when sign-on is not set up.
    public init?(_ values: [String: String]) {
        guard let issuer = values[SignOnSettings.issuer], !issuer.isEmpty,
              let clientID = values[SignOnSettings.clientID], !clientID.isEmpty else { return nil }
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = values[SignOnSettings.clientSecret] ?? ""
        self.identityClaim = IdentityClaim(rawValue: values[SignOnSettings.identityClaim] ?? "") ?? .email
        self.newPeopleUnitID = values[SignOnSettings.newPeopleUnitID].flatMap { Int64($0) }
        self.passwordsOff = values[SignOnSettings.passwordsOff] == "ja"
        self.roleClaim = values[SignOnSettings.roleClaim] ?? ""
        if case .success(let map) = RoleMap.parse(values[SignOnSettings.roleMap] ?? "") { self.roleMap = map } else { self.roleMap = RoleMap(entries: []) }
    }
}

/// An organisation's map from values of a claim (its provider's groups or app roles) to roles in
/// Tillit: `value=role` parts separated by semicolons or lines, where a role is one of the
/// organisation's (`styrelse`, `forskare`, `redaktor`, `administrator`) or a unit's
/// (`chef:ID`, `medarbetare:ID`). The provider decides the mapped roles: at each sign-in the
/// person holds a mapped role exactly when a value that gives it is in their claim. Instance-wide
/// roles cannot be mapped: one organisation's provider vouches only for roles in it.
public struct RoleMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let value: String
        public let role: Role
        public let unitID: Int64?
        public init(value: String, role: Role, unitID: Int64?) {
            self.value = value
            self.role = role
            self.unitID = unitID
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The map in `text`, or the number (from 1) of the first part that is not in the right form.
    public static func parse(_ text: String) -> Result<RoleMap, RoleMapError> {
        var entries: [Entry] = []
        let parts = text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (index, part) in parts.enumerated() {
            guard let equals = part.lastIndex(of: "=") else { return .failure(RoleMapError(index + 1)) }
            let value = part[..<equals].trimmingCharacters(in: .whitespaces)
            let target = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces).lowercased()
            guard !value.isEmpty, value.count <= 256 else { return .failure(RoleMapError(index + 1)) }
            let pieces = target.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = pieces.first, let role = Role(rawValue: name.replacingOccurrences(of: "ö", with: "o")) else { return .failure(RoleMapError(index + 1)) }
            switch role.scope {
            case .organisation where pieces.count == 1:
                entries.append(Entry(value: value, role: role, unitID: nil))
            case .unit where pieces.count == 2:
                guard let unitID = RequestNumber.id(pieces[1]) else { return .failure(RoleMapError(index + 1)) }
                entries.append(Entry(value: value, role: role, unitID: unitID))
            default:
                return .failure(RoleMapError(index + 1))
            }
        }
        return .success(RoleMap(entries: entries))
    }

    /// The roles the map decides in `organisationID` (those of units among `units`), and of them
    /// the ones that `values` give.
    public func grants(values: [String], organisationID: Int64, units: Set<Int64>) -> (managed: Set<RoleGrant>, given: Set<RoleGrant>) {
        let held = Set(values)
        var managed = Set<RoleGrant>(), given = Set<RoleGrant>()
        for entry in entries {
            if let unitID = entry.unitID, !units.contains(unitID) { continue }
            let grant = RoleGrant(role: entry.role, organisationID: organisationID, unitID: entry.unitID)
            managed.insert(grant)
            if held.contains(entry.value) { given.insert(grant) }
        }
        return (managed, given)
    }
}

/// The part of a role map that is not in the right form (from 1).
public struct RoleMapError: Error, Equatable, Sendable {
    public let part: Int
    init(_ part: Int) { self.part = part }
}
