import Foundation
import Testing
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

@Suite("People of an organisation")
struct PeopleListTests {
    @Test("each page by name with every person counted once, past the last page too, whatever roles they hold", arguments: TestDatabases.kinds)
    func pages(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            // Five more, one of them with two roles in the organisation (counted once).
            for name in ["Eva", "Bo", "Cia", "Dan"] {
                _ = try await f.person("\(name.lowercased())@tillitsby.se", [f.grant(.medarbetare, unit: "norr")])
            }
            _ = try await f.person("ada@tillitsby.se", [f.grant(.medarbetare, unit: "norr"), f.grant(.chef, unit: "norr")])
            let all = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 100)!).page
            let expected = try await database.read { db in
                try await db.raw("SELECT COUNT(DISTINCT user_id) AS n FROM role_grants WHERE organisation_id = \(bind: f.organisation.id)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(all.total == expected && all.items.count == expected)
            #expect(Set(all.items.map(\.user.id)).count == expected)
            let first = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 2)!).page
            let second = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 2, perPage: 2)!).page
            #expect(first.total == expected && second.total == expected)
            #expect((first.items + second.items).map(\.user.id) == all.items.prefix(4).map(\.user.id))
            let beyond = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 50, perPage: 2)!).page
            #expect(beyond.items.isEmpty && beyond.total == expected)
            #expect(all.items.first { $0.user.email == "ada@tillitsby.se" }?.grants.count == 2)
        }
    }

    @Test("the directory's count moves with every write to the people and their roles, whoever writes, and with nothing else",
          arguments: TestDatabases.kinds)
    func directoryCount(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let platform = f.platform
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            func count() async throws -> Int64 { try #require(try await database.read { db in try await DirectoryChanges.count(db) }) }
            func people() async throws -> Platform.People {
                try await platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 50)!)
            }
            // Each step must move the count, and the people as read carry the count they were read at.
            func moves(_ label: String, _ step: () async throws -> Void) async throws {
                let before = try await count()
                try await step()
                let after = try await count()
                #expect(after > before, "\(label)")
                #expect(try await people().version == after, "\(label)")
            }
            func stands(_ label: String, _ step: () async throws -> Void) async throws {
                let before = try await count()
                try await step()
                #expect(try await count() == before, "\(label)")
            }
            var bo: Actor?
            try await moves("a person invited") { bo = try await f.person("bo@tillitsby.se", [f.grant(.medarbetare, unit: "norr")]) }
            let id = try #require(bo?.userID)
            try await moves("a role given") { try await platform.addGrant(actor: admin, userID: id, grant: f.grant(.chef, unit: "norr")) }
            try await moves("a role taken") { try await platform.removeGrant(actor: admin, userID: id, grant: f.grant(.chef, unit: "norr")) }
            try await moves("a language chosen") { try await platform.setLanguage(userID: id, .en) }
            try await moves("a way to be notified chosen") { try await platform.setNotifyMode(userID: id, "daily") }
            try await moves("a name changed by plain SQL") {
                try await database.transaction { db in try await db.raw("UPDATE users SET name = 'Bo B' WHERE id = \(bind: id)").run() }
            }
            #expect(try await people().page.items.contains { $0.user.name == "Bo B" })
            try await stands("signing in, a session used and flushed, signing out") {
                let (token, _) = try await platform.signIn(email: "admin@tillitsby.se", password: Fixture.password)
                _ = try await platform.session(token: token)
                _ = try await platform.flushSessionActivity()
                try await platform.signOut(token: token)
            }
            try await stands("a unit created") {
                _ = try await platform.createUnit(actor: admin, organisationID: f.organisation.id, input: .init(name: "Team B", kind: "arbetsgrupp", parentID: String(f.units["norr"]!)))
            }
            try await moves("an account closed") { try await platform.disablePerson(actor: admin, userID: id, organisationID: f.organisation.id) }
        }
    }
}
