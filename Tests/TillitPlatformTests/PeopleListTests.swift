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
            let all = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 100)!)
            let expected = try await database.read { db in
                try await db.raw("SELECT COUNT(DISTINCT user_id) AS n FROM role_grants WHERE organisation_id = \(bind: f.organisation.id)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(all.total == expected && all.items.count == expected)
            #expect(Set(all.items.map(\.user.id)).count == expected)
            let first = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 2)!)
            let second = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 2, perPage: 2)!)
            #expect(first.total == expected && second.total == expected)
            #expect((first.items + second.items).map(\.user.id) == all.items.prefix(4).map(\.user.id))
            let beyond = try await f.platform.people(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 50, perPage: 2)!)
            #expect(beyond.items.isEmpty && beyond.total == expected)
            #expect(all.items.first { $0.user.email == "ada@tillitsby.se" }?.grants.count == 2)
        }
    }
}
