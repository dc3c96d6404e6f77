import Foundation
import NIOCore
import SQLKit
import Testing
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

/// The holes an attacker or a curious colleague would try: roles that reach too far, limits that
/// parallel requests slip past, internal addresses, formulas in exports.
@Suite("Access: roles, limits, resets, internal addresses, exports")
struct AccessTests {
    // MARK: Sign-in limits

    @Test("parallel wrong guesses are counted before the password is checked: at most the limit reach it", arguments: TestDatabases.kinds)
    func parallelGuesses(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: "wrong guess number", client: "203.0.113.7")
                            return "signed-in"
                        } catch let error as AppError { return error.code }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == "sign-in-failed" }.count == SessionRules.maxFailures)
            #expect(codes.filter { $0 == "rate-limited" }.count == 20 - SessionRules.maxFailures)
        }
    }

    @Test("a guesser elsewhere does not lock the owner out; a client is limited over all accounts; a success takes its attempt back", arguments: TestDatabases.kinds)
    func limitsByClient(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            for _ in 0..<SessionRules.maxFailures + 2 {
                _ = try? await f.platform.signIn(email: "maja@tillitsby.se", password: "wrong guess number", client: "198.51.100.9")
            }
            do {
                _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password, client: "198.51.100.9")
                Issue.record("the guesser's client was not limited")
            } catch let error as AppError { #expect(error.status == .tooManyRequests) }
            // the owner, from her own address, signs in
            _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password, client: "192.0.2.44")
            // one client trying many accounts meets its own limit
            for n in 0..<SessionRules.maxFailuresPerClient {
                _ = try? await f.platform.signIn(email: "nobody\(n)@tillitsby.se", password: "wrong guess number", client: "203.0.113.50")
            }
            do {
                _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password, client: "203.0.113.50")
                Issue.record("the client was not limited over accounts")
            } catch let error as AppError { #expect(error.code == "rate-limited") }
            // many people signing in from one office address are not limited by their successes
            for _ in 0..<SessionRules.maxFailuresPerClient + 5 {
                _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password, client: "192.0.2.80")
            }
        }
    }

    @Test("past the instance's limit, a spread-out attack does not lock everyone out: each account keeps its first try from each client", arguments: TestDatabases.kinds)
    func instanceLimit(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            _ = try await f.person("omar@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            // failures from many addresses over many accounts have passed the instance's limit
            for n in 0..<3 {
                _ = try? await f.platform.signIn(email: "nobody\(n)@tillitsby.se", password: "wrong guess", client: "198.51.100.\(n)")
            }
            try await database.transaction { db in
                try await db.raw("UPDATE sign_in_attempts SET attempts = \(bind: SessionRules.maxFailuresInstance + 1) WHERE key_hash = \(bind: Secrets.hash("sign-in-instance"))").run()
            }
            do {
                _ = try await f.platform.signIn(email: "nobody0@tillitsby.se", password: "wrong guess", client: "198.51.100.0")
                Issue.record("a second try past the instance's limit was let through")
            } catch let error as AppError { #expect(error.code == "rate-limited") }
            // the owner's right password, at the first try, still signs in
            _ = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password, client: "192.0.2.44")
            // but a second try is not given while the instance is over its limit
            _ = try? await f.platform.signIn(email: "omar@tillitsby.se", password: "a wrong guess", client: "192.0.2.45")
            do {
                _ = try await f.platform.signIn(email: "omar@tillitsby.se", password: Fixture.password, client: "192.0.2.45")
                Issue.record("a second try past the instance's limit was let through")
            } catch let error as AppError { #expect(error.code == "rate-limited") }
        }
    }

    // MARK: Password reset

    @Test("a reset ends every session and API token of the account", arguments: TestDatabases.kinds)
    func resetRevokes(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let maja = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let (session, _) = try await f.platform.signIn(email: "maja@tillitsby.se", password: Fixture.password)
            let apiToken = try await f.platform.createToken(actor: maja, userID: maja.userID!, name: "integration")
            #expect(try await f.platform.authenticate(apiToken: apiToken) != nil)
            let (_, link) = try #require(try await f.platform.requestPasswordReset(email: "maja@tillitsby.se"))
            _ = try await f.platform.usePasswordLink(token: link, purpose: .passwordReset, password: "a whole new password", confirmation: "a whole new password")
            #expect(try await f.platform.session(token: session) == nil)
            #expect(try await f.platform.authenticate(apiToken: apiToken) == nil)
            // unknown and disabled accounts get nothing, and no error
            #expect(try await f.platform.requestPasswordReset(email: "nobody@tillitsby.se") == nil)
        }
    }

    // MARK: Roles

    @Test("an organisation's administrator neither grants the editor's role nor reaches people outside the organisation", arguments: TestDatabases.kinds)
    func grants(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let member = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let outsider = try await f.person("olle@annanstad.se", [RoleGrant(role: .medarbetare, organisationID: f.other.id, unitID: f.otherUnit)])
            // the editor's role reaches the whole shared bank: only system administrators give it
            do { try await f.platform.addGrant(actor: admin, userID: admin.userID!, grant: f.grant(.redaktor)); Issue.record("administrator made themselves editor") }
            catch let error as AppError { #expect(error.status == .forbidden) }
            #expect(!Policy.grantableRoles(admin).contains(.redaktor))
            #expect(Policy.grantableRoles(.commandLine("test")).contains(.redaktor))
            try await f.platform.addGrant(actor: .commandLine("test"), userID: member.userID!, grant: f.grant(.redaktor))
            // a role for someone with no role in the organisation: not found, and nothing written
            do { try await f.platform.addGrant(actor: admin, userID: outsider.userID!, grant: f.grant(.styrelse)); Issue.record("outsider granted") }
            catch let error as AppError { #expect(error.status == .notFound) }
            #expect(try await f.platform.grants(userID: outsider.userID!).allSatisfy { $0.organisationID == f.other.id })
            await #expect(throws: AppError.self) { _ = try await f.platform.createInvitation(actor: admin, userID: outsider.userID!) }
            // a member of the organisation gets one
            try await f.platform.addGrant(actor: admin, userID: member.userID!, grant: f.grant(.styrelse))
            #expect(try await f.platform.grants(userID: member.userID!).contains(f.grant(.styrelse)))
        }
    }

    // MARK: Internal addresses

    @Test("an organisation's mail relay may not be on loopback, link-local or a private network unless the platform allows it")
    func internalRelays() async throws {
        let refused = ["127.0.0.1", "localhost", "mail.localhost", "10.1.2.3", "172.20.0.5", "192.168.1.10", "169.254.169.254", "100.64.0.1",
                       "0.0.0.0", "2130706433", "127.1", "0x7f000001", "relay.internal", "smtp.lan"]
        let strict = try #require(PlatformSettings.definitions.first { $0.key == "smtp_host" })
        let lenient = try #require(PlatformSettings.definitions(allowPrivateSMTP: true).first { $0.key == "smtp_host" })
        for host in refused {
            guard case .failure(let rejected) = strict.validate(host) else { Issue.record("\(host) accepted"); continue }
            if SettingValues.isHostname(host) { #expect(rejected.message.texts.sv == PlatformText.internalHostRefused.texts.sv, "\(host)") }
        }
        for host in ["smtp.tillitsby.se", "mail.example.org", "193.10.20.30"] {
            #expect((try? strict.validate(host).get()) == host)
        }
        #expect((try? lenient.validate("10.1.2.3").get()) == "10.1.2.3")
        for text in ["::1", "fe80::1", "fd00::5", "::ffff:127.0.0.1", "64:ff9b::a00:1", "ff02::1"] {
            #expect(NetworkAddress.isInternal(try #require(NetworkAddress.bytes(text))), "\(text)")
        }
        for text in ["2a00:1450:400f:80d::200e", "193.10.20.30", "::ffff:193.10.20.30"] {
            #expect(!NetworkAddress.isInternal(try #require(NetworkAddress.bytes(text))), "\(text)")
        }
        // at sending time the name is resolved once and the address checked: this machine's own name
        // resolves to one of its own (internal) addresses
        let strictMailer = SMTPMailer(host: "127.0.0.1", port: 25, from: "tillit@tillitsby.se", allowInternal: false)
        await #expect(throws: SMTPError.self) { _ = try await strictMailer.target() }
        let own = ProcessInfo.processInfo.hostName
        if let resolved = try? SocketAddress.makeAddressResolvingHost(own, port: 25), let ip = resolved.ipAddress,
           let bytes = NetworkAddress.bytes(ip), NetworkAddress.isInternal(bytes) {
            await #expect(throws: SMTPError.self) { _ = try await SMTPMailer(host: own, port: 25, from: "t@t.se", allowInternal: false).target() }
            #expect(try await SMTPMailer(host: own, port: 25, from: "t@t.se", allowInternal: true).target().ipAddress == ip)
        }
    }

    // MARK: Exports

    @Test("unit export neutralises formulas and reads them back unchanged")
    func unitCSVFormulas() throws {
        let rows = [ExportRow(externalID: "1", parentExternalID: nil, name: "=HYPERLINK(\"http://evil.example\",\"Klicka\")", kind: .forvaltning),
                    ExportRow(externalID: "-2", parentExternalID: "1", name: "@SUM(A1)", kind: .enhet),
                    ExportRow(externalID: "3", parentExternalID: "-2", name: "+46 Team", kind: .arbetsgrupp)]
        let text = UnitCSV.export(rows)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Klicka\"\")\""))
        #expect(text.contains("'@SUM(A1)"))
        #expect(!text.split(separator: "\r\n").contains { $0.split(separator: ",").contains { "=+-@".contains($0.first ?? " ") } })
        let parsed = try UnitCSV.parse(Data(text.utf8)).get()
        #expect(parsed.map(\.name) == rows.map(\.name))
        #expect(parsed.map(\.externalID) == ["1", "-2", "3"])
        #expect(parsed.map(\.parentExternalID) == [nil, "1", "-2"])
    }
}
