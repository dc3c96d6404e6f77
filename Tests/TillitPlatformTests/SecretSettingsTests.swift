import Crypto
import Foundation
import SQLKit
import Testing
import TillitStorage
import TillitTestSupport
@testable import TillitPlatform

@Suite("Write-only settings: encrypted at rest, never read back")
struct SecretSettingsTests {
    @Test("a sealed value opens only with its key and for its organisation and setting")
    func sealing() throws {
        let box = SecretBox.ephemeral()
        let sealed = try box.seal("hemligt lösen", context: "tillit-setting:1:smtp_password")
        #expect(!sealed.contains("hemligt"))
        #expect(box.open(sealed, context: "tillit-setting:1:smtp_password") == "hemligt lösen")
        #expect(box.open(sealed, context: "tillit-setting:2:smtp_password") == nil)
        #expect(box.open(sealed, context: "tillit-setting:1:oidc_client_secret") == nil)
        #expect(SecretBox.ephemeral().open(sealed, context: "tillit-setting:1:smtp_password") == nil)
        #expect(box.open("hemligt lösen", context: "tillit-setting:1:smtp_password") == nil)
    }

    @Test("the key file is made once, readable by its owner only, and read back the same; a bad key is refused")
    func keyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = (directory as NSString).appendingPathComponent("secret.key")
        let first = try SecretBox.load(environmentKey: nil, keyFile: file)
        let again = try SecretBox.load(environmentKey: nil, keyFile: file)
        let sealed = try first.seal("x", context: "c")
        #expect(again.open(sealed, context: "c") == "x")
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["secret.key"])
        // The environment's key wins over the file.
        let given = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let fromEnvironment = try SecretBox.load(environmentKey: given, keyFile: file)
        #expect(fromEnvironment.open(sealed, context: "c") == nil)
        #expect(throws: SecretBox.KeyProblem.self) { try SecretBox.load(environmentKey: "too short", keyFile: file) }
    }

    @Test("values given in the environment are found by organisation and setting")
    func given() {
        let found = SettingSecrets.given(in: [
            "TILLIT_SECRET_TILLITSBY_SMTP_PASSWORD": "a",
            "TILLIT_SECRET_NORRA_DALEN_SMTP_PASSWORD": "b",
            "TILLIT_SECRET_TILLITSBY_SMTP_HOST": "not a secret setting",
            "TILLIT_SECRET_KEY": "the key, not a setting",
        ], definitions: PlatformSettings.definitions)
        #expect(found == ["tillitsby": ["smtp_password": "a"], "norra-dalen": ["smtp_password": "b"]])
    }

    @Test("a password is stored encrypted, read as set, opened only for use, audited without its value, and cleared",
          arguments: TestDatabases.kinds)
    func stored(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let id = f.organisation.id
            #expect(try await f.platform.settings(actor: admin, organisationID: id)["smtp_password"] == "")
            // when the password is written
            let values = try await f.platform.updateSettings(actor: admin, organisationID: id, changes: ["smtp_password": " lösen med mellanslag "])
            // then reads say only that it is set
            #expect(values["smtp_password"] == SettingDefinition.setMarker)
            #expect(try await f.platform.settings(actor: admin, organisationID: id)["smtp_password"] == SettingDefinition.setMarker)
            #expect(try await f.platform.settingValues(organisationID: id)["smtp_password"] == SettingDefinition.setMarker)
            // the use opens it as typed
            #expect(try await f.platform.settingValuesWithSecrets(organisationID: id)["smtp_password"] == " lösen med mellanslag ")
            // the row holds no plaintext
            let stored = try await database.read { db in
                try await db.raw("SELECT value FROM organisation_settings WHERE organisation_id = \(bind: id) AND key = 'smtp_password'").first()!.string("value")
            }
            #expect(stored.hasPrefix("v1:") && !stored.contains("lösen"))
            // the audit log knows that it was set, not what to
            let entries = try await f.platform.auditLog(actor: admin, organisationID: id, page: .first).items
            #expect(entries.contains { $0.details.contains("smtp_password") })
            #expect(!entries.contains { $0.details.contains("lösen") })
            // an empty value clears it
            _ = try await f.platform.updateSettings(actor: admin, organisationID: id, changes: ["smtp_password": ""])
            #expect(try await f.platform.settingValuesWithSecrets(organisationID: id)["smtp_password"] == "")
            // a newline is refused
            await #expect(throws: AppError.self) {
                _ = try await f.platform.updateSettings(actor: admin, organisationID: id, changes: ["smtp_password": "a\nb"])
            }
        }
    }

    @Test("a value given in the environment wins, and is shown as set")
    func givenWins() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let f = try await Fixture.make(database)
            let platform = Platform(database: database, clock: f.platform.clock, passwords: f.platform.passwords, settings: PlatformSettings.definitions,
                                    secrets: SettingSecrets(box: .ephemeral(), given: [f.organisation.slug: ["smtp_password": "från miljön"]]),
                                    logger: TestDatabases.logger)
            #expect(try await platform.settingValues(organisationID: f.organisation.id)["smtp_password"] == SettingDefinition.setMarker)
            #expect(try await platform.settingValuesWithSecrets(organisationID: f.organisation.id)["smtp_password"] == "från miljön")
            #expect(try await platform.settingValuesWithSecrets(organisationID: f.other.id)["smtp_password"] == "")
        }
    }

    @Test("a value stored under another key reads as not set")
    func otherKey() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let f = try await Fixture.make(database)
            let admin = Actor.commandLine("test")
            _ = try await f.platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["smtp_password": "x"])
            let restarted = Platform(database: database, clock: f.platform.clock, passwords: f.platform.passwords, logger: TestDatabases.logger)
            #expect(try await restarted.settingValuesWithSecrets(organisationID: f.organisation.id)["smtp_password"] == "")
        }
    }

    @Test("a relay set before there was a choice keeps plain SMTP; one set since gets STARTTLS by default", arguments: TestDatabases.kinds)
    func existingRelays(kind: DatabaseKind) async throws {
        let before = PlatformSchema.migrations.filter { $0.id != "platform.0011.smtp_security_kept" }
        try await TestDatabases.with(kind, migrations: before) { database in
            let f = try await Fixture.make(database)
            try await database.transaction { db in
                try await db.raw("INSERT INTO organisation_settings (organisation_id, key, value) VALUES (\(bind: f.organisation.id), 'smtp_host', 'relay.kommun.example')").run()
            }
            _ = try await Migrator(PlatformSchema.migrations, logger: TestDatabases.logger).migrate(database)
            #expect(try await f.platform.settingValues(organisationID: f.organisation.id)["smtp_security"] == "none")
            #expect(try await f.platform.settingValues(organisationID: f.other.id)["smtp_security"] == "starttls")
        }
    }
}
