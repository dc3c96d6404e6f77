import Foundation

/// The write-only settings' keeping: the ``SecretBox`` they are stored in, and the values an
/// operator gives in the environment instead (`TILLIT_SECRET_<ORGANISATION>_<SETTING>`, e.g.
/// `TILLIT_SECRET_TILLITSBY_OIDC_CLIENT_SECRET`), which win over stored ones and are never stored.
public struct SettingSecrets: Sendable {
    public let box: SecretBox
    /// Given values by organisation slug, then setting key.
    public let given: [String: [String: String]]

    public init(box: SecretBox, given: [String: [String: String]] = [:]) {
        self.box = box
        self.given = given
    }

    /// A process-only key and nothing given: for tests and for platform copies that never read secrets.
    public static func ephemeral() -> SettingSecrets { SettingSecrets(box: .ephemeral()) }

    /// The given values in `environment` for the secret settings among `definitions`. A name
    /// `TILLIT_SECRET_<SLUG>_<KEY>` is the slug upper-cased with `-` as `_`, then the key upper-cased.
    public static func given(in environment: [String: String], definitions: [SettingDefinition]) -> [String: [String: String]] {
        let keys = definitions.filter(\.isSecret).map(\.key)
        var given: [String: [String: String]] = [:]
        for (name, value) in environment where name.hasPrefix("TILLIT_SECRET_") && !value.isEmpty {
            let rest = name.dropFirst("TILLIT_SECRET_".count)
            for key in keys {
                let suffix = "_" + key.uppercased()
                guard rest.hasSuffix(suffix), rest.count > suffix.count else { continue }
                let slug = rest.dropLast(suffix.count).lowercased().replacingOccurrences(of: "_", with: "-")
                given[slug, default: [:]][key] = value
            }
        }
        return given
    }

    /// What a stored secret is bound to: its organisation and setting.
    static func context(organisationID: Int64, key: String) -> String {
        "tillit-setting:\(organisationID):\(key)"
    }
}
