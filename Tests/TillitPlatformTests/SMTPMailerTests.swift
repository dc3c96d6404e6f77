import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TillitFormats
import Testing
@testable import TillitPlatform

/// A minimal SMTP relay on loopback that records the conversation.
private func withRelay(rejectRecipient: Bool = false, _ body: (Int, NIOLockedValueBox<[String]>) async throws -> Void) async throws {
    let lines = NIOLockedValueBox<[String]>([])
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    let port = server.channel.localAddress!.port!
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    try await connection.executeThenClose { inbound, outbound in
                        func reply(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
                        try await reply("220 relay.test ESMTP")
                        var buffer = ByteBuffer()
                        var inData = false
                        for try await var chunk in inbound {
                            buffer.writeBuffer(&chunk)
                            while let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                                let line = buffer.readString(length: index - buffer.readerIndex + 1)!.trimmingCharacters(in: .newlines)
                                lines.withLockedValue { $0.append(line) }
                                if inData {
                                    if line == "." { inData = false; try await reply("250 2.0.0 queued") }
                                    continue
                                }
                                switch line.prefix(4).uppercased() {
                                case "EHLO": try await reply("250-relay.test\r\n250 8BITMIME")
                                case "MAIL": try await reply("250 ok")
                                case "RCPT": try await reply(rejectRecipient ? "550 5.1.1 no such user" : "250 ok")
                                case "DATA": inData = true; try await reply("354 go ahead")
                                case "QUIT": try await reply("221 bye"); return
                                default: try await reply("500 what")
                                }
                            }
                        }
                    }
                }
            }
        }
        try await body(port, lines)
        group.cancelAll()
        try? await server.channel.close()
    }
}

@Suite("SMTP mail")
struct SMTPMailerTests {
    @Test("a message goes through the relay with MIME headers, an encoded subject and a base64 body")
    func send() async throws {
        try await withRelay { port, lines in
            let mailer = SMTPMailer(host: "127.0.0.1", port: port, from: "tillit@kommun.example", timeout: .seconds(5))
            try await mailer.send(MailMessage(to: "nora@kommun.example", subject: "Något nytt för dig: å ä ö", body: "Rad ett\n.rad med punkt\nSlut"))
            let seen = lines.withLockedValue { $0 }
            #expect(seen.first == "EHLO tillit")
            #expect(seen.contains("MAIL FROM:<tillit@kommun.example>"))
            #expect(seen.contains("RCPT TO:<nora@kommun.example>"))
            #expect(seen.contains("Subject: =?UTF-8?B?\(Data("Något nytt för dig: å ä ö".utf8).base64EncodedString())?="))
            #expect(seen.contains("Content-Transfer-Encoding: base64"))
            let start = try #require(seen.firstIndex(of: "")) + 1
            let end = try #require(seen.lastIndex(of: "."))
            let body = String(decoding: Data(base64Encoded: seen[start..<end].joined())!, as: UTF8.self)
            #expect(body == "Rad ett\r\n.rad med punkt\r\nSlut")
            #expect(seen.last == "QUIT")
        }
    }

    @Test("a refused recipient is an error that names the step")
    func refused() async throws {
        try await withRelay(rejectRecipient: true) { port, _ in
            let mailer = SMTPMailer(host: "127.0.0.1", port: port, from: "tillit@kommun.example", timeout: .seconds(5))
            do {
                try await mailer.send(MailMessage(to: "x@kommun.example", subject: "s", body: "b"))
                Issue.record("the refused recipient went unnoticed")
            } catch let error as SMTPError {
                #expect(error.command == "RCPT TO" && error.reply.hasPrefix("550"))
            }
        }
    }

    @Test("a relay that does not offer STARTTLS is not sent anything when STARTTLS is asked for")
    func noDowngrade() async throws {
        try await withRelay { port, lines in
            let mailer = SMTPMailer(host: "127.0.0.1", port: port, from: "tillit@kommun.example", security: .startTLS,
                                    credentials: SMTPCredentials(user: "u", password: "p"), timeout: .seconds(5))
            do {
                try await mailer.send(MailMessage(to: "x@kommun.example", subject: "s", body: "b"))
                Issue.record("sent without TLS")
            } catch let error as SMTPError {
                #expect(error.kind == .tls && error.command == "STARTTLS")
            }
            let seen = lines.withLockedValue { $0 }
            #expect(!seen.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") })
        }
    }

    @Test("a login is never sent over plain SMTP: refused before connecting")
    func noPlainLogin() async throws {
        let mailer = SMTPMailer(host: "127.0.0.1", port: 9, from: "tillit@kommun.example", security: .none,
                                credentials: SMTPCredentials(user: "u", password: "p"), timeout: .seconds(5))
        do {
            try await mailer.send(MailMessage(to: "x@kommun.example", subject: "s", body: "b"))
            Issue.record("a plain login went unnoticed")
        } catch let error as SMTPError {
            #expect(error.kind == .tls && error.command == "AUTH")
        }
    }

    @Test("EHLO capabilities: STARTTLS and the AUTH mechanisms, in either spelling")
    func capabilities() {
        let offered = SMTPCapabilities(["250-relay.test", "250-STARTTLS", "250-AUTH PLAIN login", "250-AUTH=CRAM-MD5", "250 8BITMIME"])
        #expect(offered.startTLS)
        #expect(offered.authentication == ["PLAIN", "LOGIN", "CRAM-MD5"])
        let bare = SMTPCapabilities(["250 relay.test"])
        #expect(!bare.startTLS && bare.authentication.isEmpty)
    }

    @Test("dates are written the RFC 5322 way")
    func date() {
        #expect(RFC5322.string(Date(timeIntervalSince1970: 1_772_442_000)) == "Mon, 2 Mar 2026 09:00:00 +0000")
        #expect(RFC5322.string(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
    }
}
