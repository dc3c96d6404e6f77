import Foundation

/// One setting an organisation's administrator can change. Each module declares its own.
public struct SettingDefinition: Sendable {
    public enum ValueKind: Sendable {
        case integer(min: Int, max: Int)
        case choice([String])
        /// Free text of at most `maxLength` characters, possibly empty, accepted by `isValid` when not.
        case text(maxLength: Int, isValid: @Sendable (String) -> Bool)
        /// Free text of at most `maxLength` characters, possibly empty; when not, `problem` says what
        /// is wrong with it, or nil.
        case checkedText(maxLength: Int, problem: @Sendable (String) -> PlatformText?)
        /// A password or client secret: written, never read back. Stored encrypted (``SecretBox``);
        /// reads show only whether it is set (``SettingDefinition/setMarker``). Empty clears it.
        case secret(maxLength: Int)
    }

    /// What a read shows for a secret that is set (an empty string: not set).
    public static let setMarker = "set"

    /// Whether this setting is write-only.
    public var isSecret: Bool {
        if case .secret = kind { return true }
        return false
    }

    public let key: String
    public let label: BothLanguages
    public let help: BothLanguages
    public let kind: ValueKind
    public let defaultValue: String

    public init(key: String, label: BothLanguages, help: BothLanguages, kind: ValueKind, defaultValue: String) {
        self.key = key
        self.label = label
        self.help = help
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// The canonical stored form of `raw`, or the reason it is not acceptable.
    public func validate(_ raw: String) -> Result<String, SettingRejected> {
        if case .secret(let maxLength) = kind {
            // Kept as typed: a password may begin or end with a space.
            guard raw.count <= maxLength else { return .failure(SettingRejected(PlatformText.fieldTooLong(maxLength))) }
            guard !raw.contains(where: { $0.isNewline || $0 == "\u{0}" }) else { return .failure(SettingRejected(PlatformText.fieldInvalidValue)) }
            return .success(raw)
        }
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .integer(let min, let max):
            guard let number = Int(value) else { return .failure(SettingRejected(PlatformText.fieldNotANumber)) }
            guard (min...max).contains(number) else { return .failure(SettingRejected(PlatformText.fieldOutOfRange(min: min, max: max))) }
            return .success(String(number))
        case .choice(let options):
            guard options.contains(value) else { return .failure(SettingRejected(PlatformText.fieldUnknownChoice(options))) }
            return .success(value)
        case .text(let maxLength, let isValid):
            guard value.count <= maxLength else { return .failure(SettingRejected(PlatformText.fieldTooLong(maxLength))) }
            guard value.isEmpty || isValid(value) else { return .failure(SettingRejected(PlatformText.fieldInvalidValue)) }
            return .success(value)
        case .checkedText(let maxLength, let problem):
            guard value.count <= maxLength else { return .failure(SettingRejected(PlatformText.fieldTooLong(maxLength))) }
            if !value.isEmpty, let problem = problem(value) { return .failure(SettingRejected(problem)) }
            return .success(value)
        case .secret:
            return .success(raw)
        }
    }
}

/// Why a setting's value was refused.
public struct SettingRejected: Error, Sendable {
    public let message: PlatformText
    init(_ message: PlatformText) { self.message = message }
}

/// The settings of the platform core. Modules append theirs to the registry the app is built with.
public enum PlatformSettings {
    /// The settings where an organisation's mail relay must be on the public side of the network.
    public static let definitions = definitions(allowPrivateSMTP: false)

    /// The settings; with `allowPrivateSMTP` (the platform's `TILLIT_SMTP_ALLOW_PRIVATE`), a relay
    /// may be on loopback, link-local or a private network.
    public static func definitions(allowPrivateSMTP: Bool) -> [SettingDefinition] { [

        SettingDefinition(
            key: "default_language",
            label: BothLanguages(sv: "Standardspråk", en: "Default language"),
            help: BothLanguages(sv: "Språket för den som inte har valt något själv och vars webbläsare inte anger svenska eller engelska.",
                                en: "The language for people who have not chosen one and whose browser asks for neither Swedish nor English."),
            kind: .choice(["sv", "en"]),
            defaultValue: "sv"),
        SettingDefinition(
            key: "anonymity_threshold",
            label: BothLanguages(sv: "Minsta gruppstorlek i rapporter", en: "Smallest group size in reports"),
            help: BothLanguages(sv: "Resultat för en grupp med färre svarande än så visas aldrig, inte heller som skillnad mellan två grupper.",
                                en: "Results for a group with fewer respondents are never shown, not even as the difference between two groups."),
            kind: .integer(min: 3, max: 50),
            defaultValue: "5"),
        SettingDefinition(
            key: "hourly_cost_sek",
            label: BothLanguages(sv: "Timkostnad för personal (kr)", en: "Staff hourly cost (SEK)"),
            help: BothLanguages(sv: "Används när tidsåtgången för krav räknas om till kronor.",
                                en: "Used when the time spent on requirements is turned into a cost."),
            kind: .integer(min: 100, max: 5000),
            defaultValue: "450"),
        SettingDefinition(
            key: "smtp_host",
            label: BothLanguages(sv: "E-postserver (SMTP)", en: "Mail server (SMTP)"),
            help: BothLanguages(sv: "Värdnamnet för organisationens e-postrelä. Tomt: plattformens egen e-post används.",
                                en: "The host name of the organisation's mail relay. Empty: the platform's own mail is used."),
            kind: .checkedText(maxLength: 253, problem: { host in
                guard SettingValues.isHostname(host) else { return .fieldInvalidValue }
                return !allowPrivateSMTP && NetworkAddress.namesInternalHost(host) ? .internalHostRefused : nil
            }),
            defaultValue: ""),
        SettingDefinition(
            key: "smtp_port",
            label: BothLanguages(sv: "Port för e-postservern", en: "Mail server port"),
            help: BothLanguages(sv: "Oftast 25 för ett internt relä.", en: "Usually 25 for an internal relay."),
            kind: .integer(min: 1, max: 65535),
            defaultValue: "25"),
        SettingDefinition(
            key: "smtp_from",
            label: BothLanguages(sv: "Avsändaradress för e-post", en: "Sender address for mail"),
            help: BothLanguages(sv: "Adressen som aviseringar skickas från, till exempel tillit@kommun.se.",
                                en: "The address notifications are sent from, for example tillit@kommun.se."),
            kind: .text(maxLength: 254, isValid: SettingValues.isEmail),
            defaultValue: ""),
        SettingDefinition(
            key: "smtp_security",
            label: BothLanguages(sv: "Kryptering till e-postservern", en: "Encryption to the mail server"),
            help: BothLanguages(sv: "starttls: vanlig anslutning som krypteras innan något skickas (port 587 eller 25); tls: krypterad från början (port 465); none: okrypterad, bara för ett internt relä utan inloggning.",
                                en: "starttls: a plain connection encrypted before anything is sent (port 587 or 25); tls: encrypted from the start (port 465); none: unencrypted, only for an internal relay without a login."),
            kind: .choice(SMTPSecurity.allCases.map(\.rawValue)),
            defaultValue: SMTPSecurity.startTLS.rawValue),
        SettingDefinition(
            key: "smtp_verify_certificate",
            label: BothLanguages(sv: "Kontrollera e-postserverns certifikat", en: "Check the mail server's certificate"),
            help: BothLanguages(sv: "ja: certifikatet måste gå att verifiera och gälla serverns namn. nej: vilket certifikat som helst godtas – bara för ett internt relä, eftersom förbindelsen då kan avlyssnas.",
                                en: "ja: the certificate must verify and name the server. nej: any certificate is accepted – only for an internal relay, since the connection can then be intercepted."),
            kind: .choice(["ja", "nej"]),
            defaultValue: "ja"),
        SettingDefinition(
            key: "smtp_user",
            label: BothLanguages(sv: "Användarnamn hos e-postservern", en: "User name at the mail server"),
            help: BothLanguages(sv: "Tomt: ingen inloggning. Med ett namn loggar Tillit in (AUTH PLAIN eller LOGIN), och bara över en krypterad förbindelse.",
                                en: "Empty: no login. With a name Tillit logs in (AUTH PLAIN or LOGIN), and only over an encrypted connection."),
            kind: .text(maxLength: 254, isValid: { !$0.contains { $0.isNewline || $0.isWhitespace } }),
            defaultValue: ""),
        SettingDefinition(
            key: "smtp_password",
            label: BothLanguages(sv: "Lösenord hos e-postservern", en: "Password at the mail server"),
            help: BothLanguages(sv: "Sparas krypterat och visas aldrig igen.", en: "Stored encrypted and never shown again."),
            kind: .secret(maxLength: 512),
            defaultValue: ""),
    ] }
}

/// Checks for text settings.
public enum SettingValues {
    /// A DNS host name or an IPv4 address: letters, digits, hyphens and dots.
    @Sendable public static func isHostname(_ value: String) -> Bool {
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// A plain mail address (one @, a dot in the domain, no spaces or angle brackets).
    @Sendable public static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), isHostname(String(parts[1])) else { return false }
        return !value.contains { $0.isWhitespace || "<>()[],;:\\\"".contains($0) }
    }
}
