import Foundation
import Testing
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

/// A real SMTP relay (Tests/mail/relay.py: aiosmtpd with STARTTLS and AUTH required), named by
/// `TILLIT_TEST_SMTP` (`host:port`, STARTTLS then AUTH PLAIN or LOGIN) with
/// `TILLIT_TEST_SMTP_LOGIN_ONLY` (the same offering only LOGIN), `TILLIT_TEST_SMTP_TLS` (TLS from the
/// first byte), `TILLIT_TEST_SMTP_USER`, `TILLIT_TEST_SMTP_PASSWORD`, `TILLIT_TEST_SMTP_CA` (the CA
/// that signed its certificate) and `TILLIT_TEST_SMTP_SPOOL` (the folder it writes each message to).
/// `.ci/run` starts it; without it these tests do not run.
enum TestRelay {
    static let environment = ProcessInfo.processInfo.environment

    static func endpoint(_ name: String) -> (host: String, port: Int)? {
        guard let value = environment[name], let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]) else { return nil }
        return (String(value[..<colon]), port)
    }

    static var configured: Bool { endpoint("TILLIT_TEST_SMTP") != nil }
    static var user: String { environment["TILLIT_TEST_SMTP_USER"] ?? "" }
    static var password: String { environment["TILLIT_TEST_SMTP_PASSWORD"] ?? "" }
    static var caFile: String? { environment["TILLIT_TEST_SMTP_CA"] }
    static var spool: String { environment["TILLIT_TEST_SMTP_SPOOL"] ?? "" }

    /// The spooled message whose text contains `marker`, waiting a little for the relay to write it.
    static func arrived(_ marker: String) async throws -> String? {
        for _ in 0..<50 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []
            for name in names where name.hasSuffix(".eml") {
                let text = (try? String(contentsOfFile: (spool as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
                if text.contains(marker) { return text }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    static func mailer(_ name: String = "TILLIT_TEST_SMTP", security: SMTPSecurity = .startTLS, password: String? = nil,
                       check: SMTPCertificateCheck = SMTPCertificateCheck(caFile: caFile), credentials: Bool = true) -> SMTPMailer {
        let (host, port) = endpoint(name)!
        return SMTPMailer(host: host, port: port, from: "tillit@kommun.example", security: security, certificateCheck: check,
                          credentials: credentials ? SMTPCredentials(user: user, password: password ?? Self.password) : nil, timeout: .seconds(10))
    }

    /// A subject no other test sends, to find the message by.
    static func marker() -> String { "Test \(UUID().uuidString)" }
}

@Suite("Mail through a real relay with STARTTLS and AUTH", .enabled(if: TestRelay.configured), .serialized)
struct MailRelayTests {
    @Test("STARTTLS, the certificate checked against the given CA, AUTH PLAIN: the message arrives whole")
    func startTLSAndPlain() async throws {
        let marker = TestRelay.marker()
        try await TestRelay.mailer().send(MailMessage(to: "nora@kommun.example", subject: marker, body: "Hej Nora,\nå ä ö\n.punkt"))
        let text = try #require(try await TestRelay.arrived(marker))
        #expect(text.contains("X-Envelope-To: nora@kommun.example"))
        #expect(text.contains("Subject: \(marker)"))
    }

    @Test("a relay offering only LOGIN gets AUTH LOGIN")
    func login() async throws {
        guard TestRelay.endpoint("TILLIT_TEST_SMTP_LOGIN_ONLY") != nil else { return }
        let marker = TestRelay.marker()
        try await TestRelay.mailer("TILLIT_TEST_SMTP_LOGIN_ONLY").send(MailMessage(to: "nora@kommun.example", subject: marker, body: "LOGIN"))
        #expect(try await TestRelay.arrived(marker) != nil)
    }

    @Test("TLS from the first byte (port 465 style)")
    func implicitTLS() async throws {
        guard TestRelay.endpoint("TILLIT_TEST_SMTP_TLS") != nil else { return }
        let marker = TestRelay.marker()
        try await TestRelay.mailer("TILLIT_TEST_SMTP_TLS", security: .tls).send(MailMessage(to: "nora@kommun.example", subject: marker, body: "TLS"))
        #expect(try await TestRelay.arrived(marker) != nil)
    }

    @Test("a wrong password is refused as an authentication error, with the relay's reply and nothing sent")
    func wrongPassword() async throws {
        let marker = TestRelay.marker()
        do {
            try await TestRelay.mailer(password: "fel lösenord").send(MailMessage(to: "nora@kommun.example", subject: marker, body: "x"))
            Issue.record("a wrong password was accepted")
        } catch let error as SMTPError {
            #expect(error.kind == .authentication)
            #expect(error.command == "AUTH")
            #expect(error.reply.hasPrefix("535"), "\(error.reply)")
            #expect(!error.description.contains("fel lösenord"))
        }
        #expect(try await TestRelay.arrived(marker) == nil)
    }

    @Test("a certificate no trusted CA signed is refused, unless checking is explicitly off")
    func certificateCheck() async throws {
        do {
            try await TestRelay.mailer(check: SMTPCertificateCheck()).send(MailMessage(to: "nora@kommun.example", subject: TestRelay.marker(), body: "x"))
            Issue.record("an unverifiable certificate was accepted")
        } catch let error as SMTPError {
            #expect(error.kind == .tls, "\(error)")
        }
        let marker = TestRelay.marker()
        try await TestRelay.mailer(check: SMTPCertificateCheck(verify: false)).send(MailMessage(to: "nora@kommun.example", subject: marker, body: "x"))
        #expect(try await TestRelay.arrived(marker) != nil)
    }

    @Test("without STARTTLS the relay refuses to take mail, and Tillit says which step")
    func plainRefused() async throws {
        do {
            try await TestRelay.mailer(security: .none, credentials: false).send(MailMessage(to: "nora@kommun.example", subject: TestRelay.marker(), body: "x"))
            Issue.record("the relay took mail without TLS")
        } catch let error as SMTPError {
            #expect(error.kind == .refused && error.command == "MAIL FROM", "\(error)")
            #expect(error.reply.hasPrefix("530"), "\(error.reply)")
        }
    }

    @Test("an organisation's settings, password stored encrypted, send through the relay")
    func throughSettings() async throws {
        let (host, port) = TestRelay.endpoint("TILLIT_TEST_SMTP")!
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            // given an organisation whose relay is this one, with a login
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-relay-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: data) }
            var config = try AppConfig.load(.init(dataDirectory: data), environment: ["TILLIT_SMTP_ALLOW_PRIVATE": "1"])
            config.smtpCAFile = TestRelay.caFile
            let platform = try Tillit.platform(database, config: config, logger: TestDatabases.logger)
            let root = Actor.commandLine("test")
            let organisation = try await platform.createOrganisation(actor: root, slug: "relaby", name: "Reläby", kind: "kommun")
            _ = try await platform.updateSettings(actor: root, organisationID: organisation.id, changes: [
                "smtp_host": host, "smtp_port": String(port), "smtp_from": "tillit@relaby.example", "smtp_security": "starttls",
                "smtp_user": TestRelay.user, "smtp_password": TestRelay.password,
            ])
            // when a notice is mailed with the organisation's settings
            let mailer = Tillit.organisationMailer(try await platform.settingValuesWithSecrets(organisationID: organisation.id),
                                                   fallback: FolderMailer(directory: data), config: config)
            let marker = TestRelay.marker()
            try await mailer.send(MailMessage(to: "nora@kommun.example", subject: marker, body: "Genom inställningarna"))
            // then it arrives, from the organisation's sender
            let text = try #require(try await TestRelay.arrived(marker))
            #expect(text.contains("X-Envelope-From: tillit@relaby.example"))
        }
    }
}
