import Foundation
import NIOCore
import NIOPosix
import TillitFormats

extension MailMessage {
    /// The message as an RFC 5322 text with MIME headers: UTF-8 subject as an encoded word, the body
    /// in base64 so that any relay carries it unchanged. Lines end in CRLF.
    public func rfc5322(from: String, date: Date, messageID: String) -> String {
        let body = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(RFC5322.string(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
            body,
        ].joined(separator: "\r\n") + "\r\n"
    }

    /// A header value as-is when it is plain ASCII, else as an RFC 2047 encoded word.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}

/// Why sending through SMTP failed: the server's reply to the command that went wrong.
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public let command: String
    public let reply: String
    public var description: String { "SMTP \(command): \(reply)" }
}

/// Sends mail through an SMTP relay (RFC 5321), the way municipal networks usually offer it: a
/// relay on the internal network that accepts mail from the application's hosts without a login.
public struct SMTPMailer: Mailer {
    public let host: String
    public let port: Int
    public let from: String
    /// The name this host gives in EHLO.
    public let heloName: String
    public let timeout: TimeAmount
    /// Whether the relay may be on loopback, link-local or a private network. The platform's own
    /// relay (set by its operator) may; an organisation's (set by its administrator) may not unless
    /// the platform allows it, since it would let the server be pointed at its own network.
    public let allowInternal: Bool

    public init(host: String, port: Int, from: String, heloName: String = "tillit", timeout: TimeAmount = .seconds(20), allowInternal: Bool = true) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.timeout = timeout
        self.allowInternal = allowInternal
    }

    /// Where to connect: the host resolved once and checked, so that a name cannot resolve to a
    /// public address for the check and an internal one for the connection.
    func target() async throws -> SocketAddress {
        let (host, port) = (self.host, self.port)
        guard allowInternal || !NetworkAddress.namesInternalHost(host) else { throw SMTPError(command: "connect", reply: "internal address refused") }
        let address = try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
        if !allowInternal, let ip = address.ipAddress, let bytes = NetworkAddress.bytes(ip), NetworkAddress.isInternal(bytes) {
            throw SMTPError(command: "connect", reply: "internal address refused")
        }
        return address
    }

    public func send(_ message: MailMessage) async throws {
        let address = try await target()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let deadline = NIODeadline.now() + timeout
        let from = self.from, helo = heloName
        let text = message.rfc5322(from: from, date: Date(), messageID: "\(Secrets.newToken().prefix(24))@\(helo)")
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator(), deadline: deadline)
            func command(_ line: String?, expect codes: Set<Int>, name: String) async throws {
                if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                let (code, reply) = try await replies.next()
                guard codes.contains(code) else { throw SMTPError(command: name, reply: reply) }
            }
            try await command(nil, expect: [220], name: "greeting")
            try await command("EHLO \(helo)", expect: [250], name: "EHLO")
            try await command("MAIL FROM:<\(from)>", expect: [250], name: "MAIL FROM")
            try await command("RCPT TO:<\(message.to)>", expect: [250, 251], name: "RCPT TO")
            try await command("DATA", expect: [354], name: "DATA")
            // Dot-stuffing: a line that starts with a dot gets another (base64 bodies never do, headers might).
            let stuffed = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: stuffed))
            try await command(".", expect: [250], name: "end of data")
            try? await command("QUIT", expect: [221], name: "QUIT")
        }
    }
}

/// Reads SMTP replies, joining the lines of multi-line replies ("250-…" until "250 …").
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()
    let deadline: NIODeadline

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, deadline: NIODeadline) {
        self.iterator = iterator
        self.deadline = deadline
    }

    mutating func line() async throws -> String {
        while true {
            if let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = index - buffer.readerIndex + 1
                let line = buffer.readString(length: length) ?? ""
                return line.trimmingCharacters(in: .newlines)
            }
            guard NIODeadline.now() < deadline else { throw SMTPError(command: "read", reply: "timed out") }
            guard var chunk = try await iterator.next() else { throw SMTPError(command: "read", reply: "connection closed") }
            buffer.writeBuffer(&chunk)
        }
    }

    mutating func next() async throws -> (Int, String) {
        var text: [String] = []
        while true {
            let line = try await line()
            text.append(line)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(line.prefix(3))) else { throw SMTPError(command: "read", reply: line) }
            if bytes.count == 3 || bytes[3] != UInt8(ascii: "-") { return (code, text.joined(separator: " ")) }
        }
    }
}
