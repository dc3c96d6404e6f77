import Foundation
import SQLKit
import TillitStorage

extension Platform {
    /// An organisation's settings: every defined key with its stored value or its default.
    public func settings(actor: Actor, organisationID: Int64) async throws -> [String: String] {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        return try await settingValues(organisationID: organisationID)
    }

    /// The settings without an authorisation check, for modules that need a threshold or a cost.
    public func settingValues(organisationID: Int64) async throws -> [String: String] {
        try await database.read { db in try await settingValues(db, organisationID: organisationID) }
    }

    /// The settings, read through the caller's connection (inside its transaction).
    public func settingValues(_ db: any SQLDatabase, organisationID: Int64) async throws -> [String: String] {
        let stored = try await db.raw("SELECT key, value FROM organisation_settings WHERE organisation_id = \(bind: organisationID)").all()
        var values = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.defaultValue) })
        for row in stored {
            let key = try row.string("key")
            if values[key] != nil { values[key] = try row.string("value") }
        }
        return values
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
        let changed = accepted.filter { current[$0.key] != $0.value }
        let now = self.now
        if !changed.isEmpty {
            try await database.transaction { db in
                for (key, value) in changed.sorted(by: { $0.key < $1.key }) {
                    try await db.raw("DELETE FROM organisation_settings WHERE organisation_id = \(bind: organisationID) AND key = \(bind: key)").run()
                    try await db.raw("INSERT INTO organisation_settings (organisation_id, key, value) VALUES (\(bind: organisationID), \(bind: key), \(bind: value))").run()
                    try await AuditLog.record(db, at: now, actor: actor, action: "settings.update", objectType: "organisation", objectID: String(organisationID),
                                              organisationID: organisationID, details: ["key": key, "from": current[key] ?? "", "to": value])
                }
            }
        }
        return try await settingValues(organisationID: organisationID)
    }
}
