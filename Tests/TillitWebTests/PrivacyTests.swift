import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TillitFormats
import TillitLearn
import TillitListen
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

/// The people's rights: the data download, removal that leaves nothing personal behind, and
/// retention that clears free text without changing the figures. On both databases.
@Suite("The people's rights")
struct PrivacyTests {
    /// A person with a name and address found nowhere else, who has done a bit of everything.
    struct World {
        let platform: Platform
        let organisation: Organisation
        let units: [String: Int64]
        let person: Actor
        let chef: Actor
        let admin: Actor
        let named: Int64
        let anonymous: Int64
        let commented: Int64
        static let name = "Majvor Raderasdotter"
        static let email = "majvor.raderasdotter@tillitsby.se"
    }

    static func world(_ database: any Database, clock: AppClock = .fixed(TestDatabases.epoch)) async throws -> World {
        let fixture = try await Fixture.make(database, clock: clock)
        let platform = Platform(database: database, clock: clock, passwords: PasswordHasher(cost: 4),
                                settings: Tillit.settings(try AppConfig.load(environment: [:])), logger: TestDatabases.logger)
        let org = fixture.organisation
        let root = Actor.commandLine("test")
        let grant = RoleGrant(role: .medarbetare, organisationID: org.id, unitID: fixture.units["teamA"])
        let user = try await platform.createPerson(actor: root, .init(email: World.email, name: World.name, password: Fixture.password, grants: [grant])).user
        let person = Actor(userID: user.id, label: World.email, grants: [grant], via: "test")
        let chef = try await fixture.person("chef@tillitsby.se", [fixture.grant(.chef, unit: "norr")])
        let admin = try await fixture.person("admin@tillitsby.se", [fixture.grant(.administrator)])
        let signals = Signals(platform: platform)
        let named = try await signals.raise(actor: person, .init(kind: "hinder", text: "Dubbeldokumentationen tar en timme per dag",
                                                                 unitID: String(fixture.units["teamA"]!), suggestion: "Ett system")).signal.id
        let anonymous = try await signals.raise(actor: person, .init(kind: "ide", text: "Anonym idé om schemat", unitID: String(fixture.units["teamA"]!),
                                                                     anonymous: true)).signal.id
        let commented = try await signals.raise(actor: chef, .init(kind: "hinder", text: "Chefens signal", unitID: String(fixture.units["teamA"]!))).signal.id
        _ = try await signals.comment(actor: person, id: commented, text: "Min kommentar om detta")
        try await signals.toggleSupport(actor: person, id: commented)
        _ = try await signals.decide(actor: chef, id: named, decision: "atgardas", text: "Vi tar bort den ena")
        // An example the person wrote and is the contact of, and a pilot naming them.
        let knowledge = Knowledge(platform: platform)
        _ = try await knowledge.create(actor: person, ExampleInput(organisationID: String(org.id), title: "Färre dubbla anteckningar", summary: "Kort.",
                                                                   body: "Så gjorde vi.", sectors: ["hemtjanst"], principles: ["tillit"],
                                                                   contactName: World.name, contactRole: "Undersköterska", contactEmail: World.email))
        return World(platform: platform, organisation: org, units: fixture.units, person: person, chef: chef, admin: admin,
                     named: named, anonymous: anonymous, commented: commented)
    }

    @Test("the download holds the person's named content and never their anonymous content", arguments: TestDatabases.kinds)
    func download(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Tillit.migrations) { database in
            let world = try await Self.world(database)
            let (person, files) = try await world.platform.exportPersonalData(actor: world.person, parts: Tillit.personalDataParts)
            #expect(person.email == World.email)
            let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
            func records(_ name: String) throws -> [[String: Any]] {
                let file = try #require(byName[name])
                return try #require(JSONSerialization.jsonObject(with: file.content) as? [[String: Any]])
            }
            #expect(try records("konto.json").first?["namn"] as? String == World.name)
            #expect(try records("roller.json").map { $0["roll"] as? String } == ["medarbetare"])
            let raised = try records("signaler.json")
            #expect(raised.map { $0["id"] as? Int64 ?? Int64(($0["id"] as? Int) ?? 0) } == [world.named])
            #expect(raised.first?["beslutstext"] as? String == "Vi tar bort den ena")
            #expect(try records("kommentarer.json").map { $0["text"] as? String } == ["Min kommentar om detta"])
            #expect(try records("stod.json").count == 1)
            #expect(try records("exempel.json").map { $0["titel"] as? String } == ["Färre dubbla anteckningar"])
            #expect(try records("kontaktperson.json").count == 1)
            // The anonymous signal is linked to no one: its text is in no file.
            for file in files {
                #expect(!String(decoding: file.content, as: UTF8.self).contains("Anonym idé"), "\(file.name)")
            }
        }
    }

    @Test("a removed person is gone from every table, sessions and tokens end, and the figures stay", arguments: TestDatabases.kinds)
    func removal(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Tillit.migrations) { database in
            let world = try await Self.world(database)
            let platform = world.platform
            let (session, _) = try await platform.signIn(email: World.email, password: Fixture.password)
            let token = try await platform.createToken(actor: world.person, userID: world.person.userID!, name: "min nyckel")
            let signals = Signals(platform: platform)
            let before = try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil)
            #expect(try await Self.tablesContaining(World.email.lowercased(), database).isEmpty == false)

            // An administrator of another organisation is told the person does not exist; a colleague is refused too.
            let stranger = Actor(userID: nil, label: "x", grants: [RoleGrant(role: .administrator, organisationID: world.organisation.id + 1, unitID: nil)], via: "test")
            await #expect(throws: AppError.self) { try await platform.removePerson(actor: stranger, userID: world.person.userID!, parts: Tillit.personalDataParts) }
            await #expect(throws: AppError.self) { try await platform.removePerson(actor: world.chef, userID: world.person.userID!, parts: Tillit.personalDataParts) }
            // Removing one's own account needs the organisation's leave.
            await #expect(throws: AppError.self) { try await platform.removePerson(actor: world.person, userID: world.person.userID!, parts: Tillit.personalDataParts) }

            try await platform.removePerson(actor: world.admin, userID: world.person.userID!, parts: Tillit.personalDataParts)

            for needle in [World.email.lowercased(), World.name.lowercased(), "raderasdotter"] {
                #expect(try await Self.tablesContaining(needle, database) == [], "\(needle)")
            }
            #expect(try await platform.session(token: session) == nil)
            #expect(try await platform.authenticate(apiToken: token) == nil)
            await #expect(throws: AppError.self) { try await platform.signIn(email: World.email, password: Fixture.password) }
            // The default keeps the text, written by "en tidigare medarbetare"; the figures are unchanged.
            let detail = try await signals.detail(actor: world.chef, id: world.named)
            #expect(detail.signal.text == "Dubbeldokumentationen tar en timme per dag")
            #expect(try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil) == before)
            // The log keeps the fact of the removal.
            let log = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.remove'").first()!.decode(column: "n", as: Int.self)
            }
            #expect(log == 1)
            // A second removal finds no one.
            await #expect(throws: AppError.self) { try await platform.removePerson(actor: world.admin, userID: world.person.userID!, parts: Tillit.personalDataParts) }
        }
    }

    @Test("where the organisation says so, the removed person's text goes too; others' and anonymous text stay", arguments: TestDatabases.kinds)
    func removalDeletesText(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Tillit.migrations) { database in
            let world = try await Self.world(database)
            let platform = world.platform
            _ = try await platform.updateSettings(actor: world.admin, organisationID: world.organisation.id,
                                                  changes: [PrivacySettings.removedContentKey: "radera", PrivacySettings.selfRemovalKey: "ja"])
            let signals = Signals(platform: platform)
            let before = try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil)
            // The person removes their own account, as the organisation now allows.
            try await platform.removePerson(actor: world.person, userID: world.person.userID!, parts: Tillit.personalDataParts)
            #expect(try await signals.detail(actor: world.chef, id: world.named).signal.text == "")
            let commented = try await signals.detail(actor: world.chef, id: world.commented)
            #expect(commented.signal.text == "Chefens signal")
            #expect(commented.comments.map(\.text) == [""])
            #expect(try await signals.detail(actor: world.chef, id: world.anonymous).signal.text == "Anonym idé om schemat")
            #expect(try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil) == before)
            #expect(try await Self.tablesContaining("dubbeldokumentationen", database) == [])
        }
    }

    @Test("retention clears closed signals' text after the organisation's years, once a day, and the figures stay", arguments: TestDatabases.kinds)
    func retention(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Tillit.migrations) { database in
            let world = try await Self.world(database)
            _ = try await world.platform.updateSettings(actor: world.admin, organisationID: world.organisation.id,
                                                        changes: [PrivacySettings.signalTextYearsKey: "3"])
            // Two years and 364 days later nothing is old enough; three years and a day later the decided signal is.
            let early = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(3 * 365 * 86_400 - 2 * 86_400)),
                                 passwords: PasswordHasher(cost: 4), settings: world.platform.settings, logger: TestDatabases.logger)
            #expect(try await early.runRetention(parts: Tillit.personalDataParts) == 0)
            let later = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(3 * 365 * 86_400 + 2 * 86_400)),
                                 passwords: PasswordHasher(cost: 4), settings: world.platform.settings, logger: TestDatabases.logger)
            let signals = Signals(platform: later)
            let before = try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil)
            #expect(try await later.runRetention(parts: Tillit.personalDataParts) == 1)
            // The same day's second run (another instance) does nothing.
            #expect(try await later.runRetention(parts: Tillit.personalDataParts) == nil)
            let cleared = try await signals.detail(actor: world.chef, id: world.named)
            #expect(cleared.signal.text == "")
            #expect(cleared.signal.suggestion == nil)
            // Open signals keep their text.
            #expect(try await signals.detail(actor: world.chef, id: world.commented).signal.text == "Chefens signal")
            #expect(try await signals.stats(actor: world.chef, unitID: world.units["norr"]!, from: nil, to: nil) == before)
        }
    }

    @Test("the download is a ZIP through the page and the API; DELETE /api/v1/users/{id} ends the person's access at once")
    func web() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let page = try await client.get("/mitt/uppgifter", as: staff)
                #expect(page.status == .ok)
                #expect(page.text.contains("Mina uppgifter"))
                for path in ["/mitt/uppgifter.zip", "/api/v1/me/export"] {
                    let response = path.hasPrefix("/api") ? try await client.api(.get, path, as: staff) : try await client.get(path, as: staff)
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/zip")
                    let files = try ZipFile.read(Data(buffer: response.body))
                    #expect(files.map(\.name).contains("sammanfattning.txt"))
                    #expect(files.map(\.name).contains("konto.json"))
                    let account = try #require(files.first { $0.name == "konto.json" })
                    #expect(String(decoding: account.content, as: UTF8.self).contains("medarbetare@test.se"))
                }
                let target = harness.callers["redaktor"]!
                #expect(try await client.api(.get, "/api/v1/me", as: target).status == .ok)
                let admin = harness.callers["administrator"]!
                // Someone else's people: 404.
                #expect(try await client.api(.delete, "/api/v1/users/\(target.userID!)", as: harness.callers["otherAdmin"]!).status == .notFound)
                #expect(try await client.api(.delete, "/api/v1/users/\(target.userID!)", as: admin).status == .noContent)
                #expect(try await client.api(.get, "/api/v1/me", as: target).status == .unauthorized)
                #expect(try await client.get("/mitt", as: target).status == .seeOther)
                #expect(try await client.api(.delete, "/api/v1/users/\(target.userID!)", as: admin).status == .notFound)
                // The last system administrator cannot be removed.
                let system = harness.callers["systemadministrator"]!
                let last = try await client.api(.delete, "/api/v1/users/\(system.userID!)", as: system)
                #expect(last.status == .conflict)
                // A form without the confirmation says what is missing and removes no one.
                let unconfirmed = try await client.post("/o/tillitsby/admin/personer/\(harness.targetUserID)/ta-bort", as: admin, form: [])
                #expect(unconfirmed.status == .unprocessableContent)
                #expect(unconfirmed.text.contains("Bekräfta"))
                #expect(try await client.get("/o/tillitsby/admin/personer/\(harness.targetUserID)", as: admin).status == .ok)
            }
        }
    }

    /// The tables with a text value containing `needle` (lower case), in any column.
    static func tablesContaining(_ needle: String, _ database: any Database) async throws -> [String] {
        try await database.read { db in
            var columns: [(table: String, column: String)] = []
            if database.kind == .sqlite {
                let tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all().map { try $0.string("name") }
                for table in tables {
                    for row in try await db.raw("SELECT name, type FROM pragma_table_info(\(bind: table))").all() where try row.string("type").uppercased() != "BLOB" {
                        columns.append((table, try row.string("name")))
                    }
                }
            } else {
                for row in try await db.raw("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')
                    """).all() {
                    columns.append((try row.string("table_name"), try row.string("column_name")))
                }
            }
            var found: Set<String> = []
            for (table, column) in columns {
                let n = try await db.raw("""
                    SELECT COUNT(*) AS n FROM \(ident: table) WHERE LOWER(CAST(\(ident: column) AS TEXT)) LIKE \(bind: "%" + needle + "%")
                    """).first()!.decode(column: "n", as: Int.self)
                if n > 0 { found.insert("\(table).\(column)") }
            }
            return found.sorted()
        }
    }
}
