import Foundation
import SQLKit
import Testing
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

@Suite("People, sign-in and tokens")
struct AuthTests {
    @Test("sign-in works with the right password only, and is rate limited", arguments: TestDatabases.kinds)
    func signIn(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            // right password, any case in the email
            let (token, session) = try await f.platform.signIn(email: " Maja@Tillitsby.se ", password: Fixture.password)
            #expect(session.user.email == "maja@tillitsby.se")
            #expect(try await f.platform.session(token: token)?.user.id == session.user.id)
            // wrong passwords, until the limit
            for _ in 0..<SessionRules.maxFailures {
                await #expect(throws: AppError.self) { _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: "wrong password!") }
            }
            do {
                _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
                Issue.record("expected the rate limit")
            } catch let error as AppError {
                #expect(error.status == .tooManyRequests)
            }
            // unknown accounts fail the same way
            do {
                _ = try await f.platform.signIn(email: "nobody@tillitsby.se", password: Fixture.password)
            } catch let error as AppError {
                #expect(error.code == "sign-in-failed")
            }
            // signing out ends the session
            try await f.platform.signOut(token: token)
            #expect(try await f.platform.session(token: token) == nil)
        }
    }

    @Test("secrets are stored only as hashes", arguments: TestDatabases.kinds)
    func secretsHashed(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let actor = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let (session, _) = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
            let apiToken = try await f.platform.createToken(actor: actor, userID: actor.userID!, name: "test")
            let (invited, invitation) = try await f.platform.createPerson(actor: .commandLine("test"), .init(email: "new@tillitsby.se", name: "New", grants: [f.grant(.medarbetare, unit: "it")]))
            #expect(invited.hasPassword == false)
            let dump = try await database.read { db in
                var text = ""
                for table in ["users", "sessions", "api_tokens", "one_time_links", "audit_log"] {
                    for row in try await db.raw("SELECT * FROM \(unsafeRaw: table)").all() {
                        for column in row.allColumns {
                            text += ((try? row.decode(column: column, as: String.self)) ?? "") + "\n"
                        }
                    }
                }
                return text
            }
            for secret in [session, apiToken, invitation!, Fixture.password] {
                #expect(!dump.contains(secret))
            }
            #expect(dump.contains("$2b$") || dump.contains("$2a$") || dump.contains("$2y$"))
            #expect(try await f.platform.authenticate(apiToken: apiToken)?.user.id == actor.userID)
            #expect(try await f.platform.authenticate(apiToken: apiToken + "x") == nil)
        }
    }

    @Test("a token revoked or a role changed takes effect at the next call, whatever was kept of it", arguments: TestDatabases.kinds)
    func tokenChangesTakeEffect(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let maja = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let apiToken = try await f.platform.createToken(actor: maja, userID: maja.userID!, name: "integration")
            // a session's token is not a bearer token, even once the session was looked up
            let (session, _) = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
            #expect(try await f.platform.session(token: session) != nil)
            #expect(try await f.platform.authenticate(apiToken: session) == nil)
            // used twice (the second time from what was kept), then revoked
            #expect(try await f.platform.authenticate(apiToken: apiToken)?.grants.map(\.role) == [.medarbetare])
            #expect(try await f.platform.authenticate(apiToken: apiToken)?.user.id == maja.userID)
            // a new role shows at the next call
            try await f.platform.addGrant(actor: .commandLine("test"), userID: maja.userID!, grant: f.grant(.chef, unit: "teamA"))
            #expect(Set(try await f.platform.authenticate(apiToken: apiToken)?.grants.map(\.role) ?? []) == [.medarbetare, .chef])
            let id = try #require(try await f.platform.tokens(userID: maja.userID!).first?.id)
            try await f.platform.revokeToken(actor: maja, tokenID: id)
            #expect(try await f.platform.authenticate(apiToken: apiToken) == nil)
        }
    }

    @Test("a one-time link works once", arguments: TestDatabases.kinds)
    func oneTimeLink(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let (_, invitation) = try await f.platform.createPerson(actor: .commandLine("test"), .init(email: "new@tillitsby.se", name: "New", grants: [f.grant(.medarbetare, unit: "it")]))
            // a short password is refused and the link stays usable
            await #expect(throws: AppError.self) {
                _ = try await f.platform.usePasswordLink(token: invitation!, purpose: .invitation, password: "short", confirmation: "short")
            }
            let user = try await f.platform.usePasswordLink(token: invitation!, purpose: .invitation, password: "a long enough password", confirmation: "a long enough password")
            #expect(user.hasPassword)
            // replay
            do {
                _ = try await f.platform.usePasswordLink(token: invitation!, purpose: .invitation, password: "another long password", confirmation: "another long password")
                Issue.record("a used link worked again")
            } catch let error as AppError {
                #expect(error.code == "link-invalid")
            }
            _ = try await f.platform.signIn(email: "new@tillitsby.se", password: "a long enough password")
            // an invitation is not a reset link
            let reset = try await f.platform.requestPasswordReset(email: "new@tillitsby.se")!
            await #expect(throws: AppError.self) {
                _ = try await f.platform.usePasswordLink(token: reset.token, purpose: .invitation, password: "yet another password", confirmation: "yet another password")
            }
        }
    }

    @Test("a session seen a moment ago reflects role changes, sign-out and disabling at once", arguments: TestDatabases.kinds)
    func sessionFreshness(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let maja = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let (token, _) = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
            #expect(try await f.platform.session(token: token)?.grants.count == 1)
            try await f.platform.addGrant(actor: admin, userID: maja.userID!, grant: f.grant(.chef, unit: "norr"))
            #expect(try await f.platform.session(token: token)?.grants.count == 2)
            try await f.platform.setLanguage(userID: maja.userID!, .en)
            #expect(try await f.platform.session(token: token)?.user.language == .en)
            try await f.platform.disablePerson(actor: admin, userID: maja.userID!, organisationID: f.organisation.id)
            #expect(try await f.platform.session(token: token) == nil)
            // and a second session of another person is signed out on its own
            _ = try await f.person("ulf@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let (other, _) = try await f.platform.signIn(email: "ulf@tillitsby.se", password: Fixture.password)
            #expect(try await f.platform.session(token: other) != nil)
            try await f.platform.signOut(token: other)
            #expect(try await f.platform.session(token: other) == nil)
        }
    }

    @Test("password-reset links are limited per account and hour", arguments: TestDatabases.kinds)
    func resetLimit(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            for _ in 0..<SessionRules.maxResetLinksPerHour {
                #expect(try await f.platform.requestPasswordReset(email: "maja@tillitsby.se") != nil)
            }
            #expect(try await f.platform.requestPasswordReset(email: "maja@tillitsby.se") == nil)
            let later = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(3601)), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            #expect(try await later.requestPasswordReset(email: "maja@tillitsby.se") != nil)
        }
    }

    @Test("an expired session is not accepted", arguments: TestDatabases.kinds)
    func sessionExpiry(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let (token, _) = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
            let later = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(SessionRules.idleLifetime + 1)),
                                 passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            #expect(try await later.session(token: token) == nil)
        }
    }

    @Test("administrators grant roles only within their organisation", arguments: TestDatabases.kinds)
    func grants(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let maja = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            // within: fine
            try await f.platform.addGrant(actor: admin, userID: maja.userID!, grant: f.grant(.chef, unit: "norr"))
            #expect(try await f.platform.grants(userID: maja.userID!).contains(f.grant(.chef, unit: "norr")))
            // another organisation's unit, a unit given as if it were in this organisation, or system administrator: refused
            await #expect(throws: AppError.self) {
                try await f.platform.addGrant(actor: admin, userID: maja.userID!, grant: RoleGrant(role: .chef, organisationID: f.other.id, unitID: f.otherUnit))
            }
            await #expect(throws: AppError.self) {
                try await f.platform.addGrant(actor: admin, userID: maja.userID!, grant: RoleGrant(role: .chef, organisationID: f.organisation.id, unitID: f.otherUnit))
            }
            await #expect(throws: AppError.self) {
                try await f.platform.addGrant(actor: admin, userID: maja.userID!, grant: RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil))
            }
            #expect(try await f.platform.grants(userID: maja.userID!).count == 2)
            // duplicate emails are refused
            do {
                _ = try await f.platform.createPerson(actor: admin, .init(email: "MAJA@tillitsby.se", name: "Maja 2", grants: [f.grant(.medarbetare, unit: "it")]))
                Issue.record("duplicate email accepted")
            } catch let error as AppError {
                #expect(error.fieldErrors.map(\.field) == ["email"])
            }
            // disabling ends sign-in
            try await f.platform.disablePerson(actor: admin, userID: maja.userID!, organisationID: f.organisation.id)
            await #expect(throws: AppError.self) { _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password) }
        }
    }
    @Test("a hand-over is kept sealed, taken once, and swept after its day; a wrong handle finds nothing", arguments: TestDatabases.kinds)
    func handOver(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let handle = try await f.platform.putHandOver("ABCD-EFGH-JKLM")
            // only a hash of the handle and the sealed value are kept: neither the code nor the handle, and only the day
            let row = try #require(try await database.read { db in try await db.raw("SELECT id, sealed, day FROM hand_overs").first() })
            let stored = [try row.decode(column: "id", as: String.self), try row.decode(column: "sealed", as: String.self)].joined(separator: " ")
            #expect(!stored.contains("ABCD") && !stored.contains(handle))
            #expect(try row.decode(column: "day", as: Int64.self) % 86_400 == 0)
            #expect(try await f.platform.takeHandOver(Secrets.newToken()) == nil)
            #expect(try await f.platform.takeHandOver("not a handle") == nil)
            #expect(try await f.platform.takeHandOver(handle) == "ABCD-EFGH-JKLM")
            #expect(try await f.platform.takeHandOver(handle) == nil)
            // one never taken is swept two days later, not the next morning
            _ = try await f.platform.putHandOver("NOPQ-RSTU-VWXY")
            let tomorrow = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(86_400)), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            #expect(try await tomorrow.sweepHandOvers() == 0)
            let later = Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(2 * 86_400)), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            #expect(try await later.sweepHandOvers() == 1)
        }
    }
}
