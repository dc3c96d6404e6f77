import Foundation
import NIOCore
import SQLKit
import Testing
@testable import TillitKnowledge
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

private let learnMigrations = PlatformSchema.migrations + KnowledgeSchema.migrations + LearnSchema.migrations

/// The holes an attacker or a curious colleague would try: roles that reach too far, limits that
/// parallel requests slip past, links that lead off-site, internal addresses, formulas in exports.
@Suite("Access: roles, limits, resets, revisions, research logs, internal addresses")
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

    // MARK: Learn

    @Test("revisions before the first publication are the contributor's and the editors'; visitors never see a contact email", arguments: TestDatabases.kinds)
    func revisions(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            // the draft as its contributor first wrote it (the signal's own words, say), then edited
            _ = try await w.knowledge.update(actor: w.staff, id: w.example.id, ExampleInput(
                organisationID: String(w.org.id), title: "Egen planering", summary: "Teamet planerar själv.", body: "Omskriven text.",
                sectors: ["hemtjanst"], principles: ["tillit"], contactName: "Maja", contactRole: "Undersköterska", contactEmail: "maja@tillitsby.se"))
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            _ = try await w.knowledge.update(actor: w.editor, id: w.example.id, ExampleInput(
                organisationID: String(w.org.id), title: "Egen planering i hemtjänsten", summary: "Teamet planerar själv.", body: "Omskriven text.",
                sectors: ["hemtjanst"], principles: ["tillit"], contactName: "Maja", contactRole: "Undersköterska", contactEmail: "maja@tillitsby.se"))
            #expect(try await w.knowledge.revisions(actor: w.staff, id: w.example.id).map(\.number) == [1, 2, 3])
            #expect(try await w.knowledge.revisions(actor: w.editor, id: w.example.id).map(\.number) == [1, 2, 3])
            for reader in [w.other, nil] as [Actor?] {
                let seen = try await w.knowledge.revisions(actor: reader, id: w.example.id)
                #expect(seen.map(\.number) == [2, 3])
                #expect(!seen.contains { $0.fields.values.contains { $0.contains("Text.") } })
            }
            let visitor = try await w.knowledge.revisions(actor: nil, id: w.example.id)
            #expect(!visitor.contains { $0.fields.values.contains { $0.contains("@") } })
            #expect(visitor.last?.fields["contact"] == "Maja, Undersköterska")
            #expect(try await w.knowledge.revisions(actor: w.other, id: w.example.id).last?.fields["contact"]?.contains("maja@tillitsby.se") == true)
        }
    }

    @Test("who reads a pilot's log is changed only by its researchers, audited and told to them", arguments: TestDatabases.kinds)
    func pilotMembers(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            let pilots = Pilots(platform: w.platform)
            let pilot = try await pilots.create(actor: w.researcher, LearnTests.pilotInput(w))
            _ = try await pilots.addLogEntry(actor: w.researcher, pilotID: pilot.id, date: "2025-04-09", kind: "observation", title: "Intern",
                                             text: "Bara för forskarna.", isPublic: false)
            // an editor who adds themself as a researcher (or contact) is refused, and reads nothing more
            for change in [\PilotInput.researchers, \PilotInput.contacts] {
                var input = LearnTests.pilotInput(w)
                input[keyPath: change].append(PilotPerson(name: "Red", affiliation: "Redaktionen", email: "red@tillitsby.se"))
                do { _ = try await pilots.update(actor: w.editor, id: pilot.id, input); Issue.record("editor changed the members") }
                catch let error as AppError { #expect(error.status == .unprocessable); #expect(error.fieldErrors.count == 1) }
            }
            #expect(try await pilots.log(actor: w.editor, pilotID: pilot.id).isEmpty)
            #expect(try await pilots.pilot(id: pilot.id).researchers.map(\.email) == ["lena@uni.example"])
            // the researcher adds a colleague: audited (how many, not who) and both researchers are told
            let colleague = try await w.platform.createPerson(actor: .commandLine("test"), .init(
                email: "per@uni.example", name: "Per", password: "long enough password", grants: [RoleGrant(role: .forskare, organisationID: w.org.id, unitID: nil)])).user
            var input = LearnTests.pilotInput(w)
            input.researchers.append(PilotPerson(name: "Per Ek", affiliation: "Umeå universitet", email: "PER@uni.example"))
            _ = try await pilots.update(actor: w.researcher, id: pilot.id, input)
            let (audit, told) = try await database.read { db in
                let audit = try await db.raw("SELECT details FROM audit_log WHERE action = 'pilot.members'").all().map { try $0.string("details") }
                let told = try await db.raw("SELECT user_id FROM notifications WHERE kind = 'pilot.members'").all().map { try $0.int64("user_id") }
                return (audit, told)
            }
            #expect(audit.count == 1)
            #expect(audit.first?.contains("\"researchers_added\":\"1\"") == true)
            #expect(audit.first?.contains("per@") == false)
            #expect(told == [colleague.id])
        }
    }

    @Test("in a shared directory, a removal that rolls back keeps its file", arguments: TestDatabases.kinds)
    func attachmentRollback(kind: DatabaseKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-attachments-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database, directory: directory)
            let pdf = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
            let added = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "a.pdf", data: pdf)
            let file = directory.appendingPathComponent(String(added.sha256.prefix(2))).appendingPathComponent(added.sha256)
            struct Later: Error {}
            await #expect(throws: Later.self) {
                try await database.transaction { db in
                    _ = try await w.knowledge.attachmentStore.remove(db, added)
                    throw Later()
                }
            }
            #expect(FileManager.default.fileExists(atPath: file.path))
            #expect(try await w.knowledge.attachment(actor: w.staff, id: added.id).1 == pdf)
        }
    }

    @Test("a snippet gathers each byte of a long example once; a query counts at most twelve words")
    func searchWork() throws {
        let blocks = (0..<3000).map { "Stycke \($0) om planering och arbetsmiljö i vardagen." }
        let body = blocks.joined(separator: "\n\n") + "\n\nHär står till sist ordet kontinuitet."
        let example = Example(id: 1, extID: nil, organisationID: 1, organisationName: "Tillitsby", organisationKind: .kommun, unitName: "", status: .published,
                              title: "Lång", summary: "Kort sammanfattning.", body: body, sectors: [], principles: [], yearStart: nil, yearEnd: nil,
                              results: "", lessons: "", contactName: "", contactRole: "", contactEmail: "", links: [], tags: [], editorComment: nil,
                              withdrawnReason: nil, sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(), publishedAt: nil, revision: 1)
        let (parts, gathered) = Knowledge.snippetCounting(example, terms: ["kontinuitet"])
        #expect(parts.contains { $0.match && $0.text == "kontinuitet" })
        #expect(gathered <= body.utf8.count + example.summary.utf8.count + 16)
    }

    @Test("a query of many one-letter words counts twelve of them", arguments: TestDatabases.kinds)
    func queryCap(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            let letters = "b c d f g h j k l m n p q r s t v w x z".split(separator: " ")
            let text = (0..<5).flatMap { round in letters.map { "\($0)\(round == 0 ? "" : String(repeating: String($0), count: round))" } }.joined(separator: " ")
            let found = try await w.knowledge.search(ExampleQuery(text: text))
            #expect(found.terms.count == Knowledge.maxTerms)
            #expect(Knowledge.maxTerms == 12)
        }
    }
}
