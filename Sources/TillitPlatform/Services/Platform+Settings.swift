import Foundation
import SQLKit
import TillitStorage

extension Platform {
    /// An organisation's settings: every defined key with its stored value or its default; a
    /// write-only one shows only whether it is set (``SettingDefinition/setMarker`` or empty).
    public func settings(actor: Actor, organisationID: Int64) async throws -> [String: String] {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        return try await settingValues(organisationID: organisationID)
    }

    /// The settings without an authorisation check, for modules that need a threshold or a cost.
    /// Write-only ones show only whether they are set.
    public func settingValues(organisationID: Int64) async throws -> [String: String] {
        try await RequestMemo.remembered(.settings(organisationID)) {
            try await database.read { db in try await settingValues(db, organisationID: organisationID) }
        }
    }

    /// The settings, read through the caller's connection (inside its transaction).
    public func settingValues(_ db: any SQLDatabase, organisationID: Int64) async throws -> [String: String] {
        try await settingValues(db, organisationID: organisationID, openSecrets: false)
    }

    /// The settings with the write-only ones opened, for the code that uses them (sending mail
    /// through the organisation's relay, signing in with its identity provider) and nothing else.
    public func settingValuesWithSecrets(organisationID: Int64) async throws -> [String: String] {
        try await database.read { db in try await settingValues(db, organisationID: organisationID, openSecrets: true) }
    }

    func settingValues(_ db: any SQLDatabase, organisationID: Int64, openSecrets: Bool) async throws -> [String: String] {
        let stored = try await db.raw("SELECT key, value FROM organisation_settings WHERE organisation_id = \(bind: organisationID)").all()
        var values = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.defaultValue) })
        for row in stored {
            let key = try row.string("key")
            if values[key] != nil { values[key] = try row.string("value") }
        }
        let secretKeys = settings.filter(\.isSecret).map(\.key)
        guard !secretKeys.isEmpty else { return values }
        var given: [String: String] = [:]
        if !secrets.given.isEmpty,
           let slug = try await db.raw("SELECT slug FROM organisations WHERE id = \(bind: organisationID)").first()?.string("slug") {
            given = secrets.given[slug] ?? [:]
        }
        for key in secretKeys {
            let stored = values[key] ?? ""
            if let value = given[key] {
                values[key] = openSecrets ? value : SettingDefinition.setMarker
            } else if stored.isEmpty {
                values[key] = ""
            } else if openSecrets {
                guard let value = secrets.box.open(stored, context: SettingSecrets.context(organisationID: organisationID, key: key)) else {
                    // Stored under another key (TILLIT_SECRET_KEY or secret.key changed): as if not set.
                    logger.warning("a stored secret setting does not open with this instance's key", metadata: ["setting": "\(key)", "organisation": "\(organisationID)"])
                    values[key] = ""
                    continue
                }
                values[key] = value
            } else {
                values[key] = SettingDefinition.setMarker
            }
        }
        return values
    }

    /// Whether a write-only setting is given by the environment for this organisation (then the
    /// stored value, if any, is not used).
    public func secretIsGiven(organisationSlug: String, key: String) -> Bool {
        secrets.given[organisationSlug]?[key] != nil
    }

    /// Changes some settings. Every value is validated first; if any is bad, nothing is written.
    public func updateSettings(actor: Actor, organisationID: Int64, changes: [String: String]) async throws -> [String: String] {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let definitions = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0) })
        var v = Validator()
        var accepted: [String: String] = [:]
        for (key, raw) in changes.sorted(by: { $0.key < $1.key }) {
            guard let definition = definitions[key] else {
                v.add(key, PlatformText.unknownSetting(key))
                continue
            }
            switch definition.validate(raw) {
            case .success(let value): accepted[key] = value
            case .failure(let error): v.add(key, error.message)
            }
        }
        try v.check()
        let current = try await settingValues(organisationID: organisationID)
        // A secret is written whenever it is given (its stored form is never compared).
        let changed = accepted.filter { definitions[$0.key]!.isSecret || current[$0.key] != $0.value }
        let now = self.now
        if !changed.isEmpty {
            try await database.transaction { db in
                for (key, value) in changed.sorted(by: { $0.key < $1.key }) {
                    let secret = definitions[key]!.isSecret
                    let stored = secret && !value.isEmpty
                        ? try secrets.box.seal(value, context: SettingSecrets.context(organisationID: organisationID, key: key)) : value
                    try await db.raw("DELETE FROM organisation_settings WHERE organisation_id = \(bind: organisationID) AND key = \(bind: key)").run()
                    try await db.raw("INSERT INTO organisation_settings (organisation_id, key, value) VALUES (\(bind: organisationID), \(bind: key), \(bind: stored))").run()
                    // A secret's log entry says only whether it was set before and after.
                    let shown = secret ? (value.isEmpty ? "" : SettingDefinition.setMarker) : value
                    try await AuditLog.record(db, at: now, actor: actor, action: "settings.update", objectType: "organisation", objectID: String(organisationID),
                                              organisationID: organisationID, details: ["key": key, "from": current[key] ?? "", "to": shown])
                }
            }
        }
        return try await settingValues(organisationID: organisationID)
    }
}
