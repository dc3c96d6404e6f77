import Foundation
import NIOCore
import NIOPosix
import NIOSSL
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

/// Why sending through SMTP failed: the step that went wrong and the server's reply (or what
/// went wrong on the way), never the password.
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    /// What kind of trouble it was, so that a person can be told what to fix.
    public enum Kind: Sendable, Equatable {
        /// The relay could not be reached, or it closed the connection.
        case connection
        /// The relay does not offer STARTTLS, the TLS handshake failed (a certificate that does not
        /// verify, a wrong host name), or a login would have gone over an unencrypted connection.
        case tls
        /// The relay refused the user name or password, or offers no way to log in that Tillit speaks.
        case authentication
        /// The relay refused the sender, a recipient or the message.
        case refused
    }

    public let command: String
    public let reply: String
    public let kind: Kind
    public var description: String { "SMTP \(command): \(reply)" }

    public init(command: String, reply: String, kind: Kind = .refused) {
        self.command = command
        self.reply = reply
        self.kind = kind
    }
}

/// How the connection to the relay is protected.
public enum SMTPSecurity: String, Sendable, CaseIterable {
    /// Plain SMTP, then STARTTLS before anything else is said (port 587 or 25). Refused when the
    /// relay does not offer it: no silent fall-back to plain text.
    case startTLS = "starttls"
    /// TLS from the first byte (port 465).
    case tls
    /// No encryption, for a relay on the internal network; no login is sent over it.
    case none
}

/// How the relay's certificate is checked.
public struct SMTPCertificateCheck: Sendable, Equatable {
    /// Whether the certificate must verify (chain and host name). Off only for an internal relay
    /// with a certificate no one can check, and then explicitly.
    public var verify: Bool
    /// A PEM file of certificate authorities trusted besides the system's (an internal CA).
    public var caFile: String?

    public init(verify: Bool = true, caFile: String? = nil) {
        self.verify = verify
        self.caFile = caFile
    }
}

/// A user name and password for the relay's AUTH (PLAIN or LOGIN).
public struct SMTPCredentials: Sendable, Equatable {
    public let user: String
    public let password: String
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

/// Sends mail through an SMTP relay (RFC 5321): a relay on the internal network that accepts mail
/// from the application's hosts as it is, or one that wants STARTTLS (RFC 3207) or TLS and a login
/// (AUTH PLAIN or LOGIN, RFC 4954).
public struct SMTPMailer: Mailer {
    public let host: String
    public let port: Int
    public let from: String
    public let security: SMTPSecurity
    public let certificateCheck: SMTPCertificateCheck
    public let credentials: SMTPCredentials?
    /// The name this host gives in EHLO.
    public let heloName: String
    public let timeout: TimeAmount
    /// Whether the relay may be on loopback, link-local or a private network. The platform's own
    /// relay (set by its operator) may; an organisation's (set by its administrator) may not unless
    /// the platform allows it, since it would let the server be pointed at its own network.
    public let allowInternal: Bool

    public init(host: String, port: Int, from: String, security: SMTPSecurity = .none, certificateCheck: SMTPCertificateCheck = SMTPCertificateCheck(),
                credentials: SMTPCredentials? = nil, heloName: String = "tillit", timeout: TimeAmount = .seconds(20), allowInternal: Bool = true) {
        self.host = host
        self.port = port
        self.from = from
        self.security = security
        self.certificateCheck = certificateCheck
        self.credentials = credentials
        self.heloName = heloName
        self.timeout = timeout
        self.allowInternal = allowInternal
    }

    /// Where to connect: the host resolved once and checked, so that a name cannot resolve to a
    /// public address for the check and an internal one for the connection.
    func target() async throws -> SocketAddress {
        let (host, port) = (self.host, self.port)
        guard allowInternal || !NetworkAddress.namesInternalHost(host) else { throw SMTPError(command: "connect", reply: "internal address refused", kind: .connection) }
        let address: SocketAddress
        do {
            address = try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(host, port: port) }
        } catch {
            throw SMTPError(command: "connect", reply: "the host name does not resolve", kind: .connection)
        }
        if !allowInternal, let ip = address.ipAddress, let bytes = NetworkAddress.bytes(ip), NetworkAddress.isInternal(bytes) {
            throw SMTPError(command: "connect", reply: "internal address refused", kind: .connection)
        }
        return address
    }

    /// The TLS context for this relay: the system's trust store plus `caFile`, or no check at all.
    func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if certificateCheck.verify {
            if let caFile = certificateCheck.caFile {
                guard FileManager.default.isReadableFile(atPath: caFile) else {
                    throw SMTPError(command: "TLS", reply: "the CA file cannot be read", kind: .tls)
                }
                configuration.additionalTrustRoots = [.file(caFile)]
            }
        } else {
            configuration.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError(command: "TLS", reply: "the CA file is not a PEM certificate", kind: .tls)
        }
    }

    /// The TLS handler for this relay. A host given as an address is checked against the
    /// certificate's IP names (SNI carries names only).
    static func tlsHandler(_ context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }

    public func send(_ message: MailMessage) async throws {
        if credentials != nil, security == .none {
            throw SMTPError(command: "AUTH", reply: "a login is never sent without TLS: choose STARTTLS or TLS", kind: .tls)
        }
        let address = try await target()
        let tls = security == .none ? nil : try tlsContext()
        let host = self.host, implicitTLS = security == .tls
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS, let tls {
                            try channel.pipeline.syncOperations.addHandler(try Self.tlsHandler(tls, host: host))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(command: "connect", reply: "no connection to \(host):\(port)", kind: .connection)
        }
        let deadline = NIODeadline.now() + timeout
        let from = self.from, helo = heloName, security = self.security, credentials = self.credentials
        let text = message.rfc5322(from: from, date: Date(), messageID: "\(Secrets.newToken().prefix(24))@\(helo)")
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator(), deadline: deadline, tls: security == .tls)
            @discardableResult
            func command(_ line: String?, expect codes: Set<Int>, name: String, kind: SMTPError.Kind = .refused) async throws -> [String] {
                if let line { try await write(line + "\r\n", name: name) }
                let (code, lines) = try await replies.next()
                guard codes.contains(code) else { throw SMTPError(command: name, reply: lines.joined(separator: " "), kind: kind) }
                return lines
            }
            func write(_ text: String, name: String) async throws {
                do {
                    try await outbound.write(ByteBuffer(string: text))
                } catch {
                    // A failed TLS handshake closes the connection; why it failed comes in on the
                    // inbound side, which says so.
                    if replies.tls { _ = try await replies.next() }
                    throw SMTPError(command: name, reply: "connection closed", kind: replies.tls ? .tls : .connection)
                }
            }
            try await command(nil, expect: [220], name: "greeting", kind: .connection)
            var capabilities = SMTPCapabilities(try await command("EHLO \(helo)", expect: [250], name: "EHLO"))
            if security == .startTLS {
                guard capabilities.startTLS else {
                    throw SMTPError(command: "STARTTLS", reply: "the relay does not offer STARTTLS", kind: .tls)
                }
                try await command("STARTTLS", expect: [220], name: "STARTTLS", kind: .tls)
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(try Self.tlsHandler(tls!, host: host), position: .first)
                }.get()
                replies.tls = true
                // What the relay offered before TLS no longer counts (RFC 3207, 4.2).
                capabilities = SMTPCapabilities(try await command("EHLO \(helo)", expect: [250], name: "EHLO"))
            }
            if let credentials {
                if capabilities.authentication.contains("PLAIN") {
                    let token = Data("\u{0}\(credentials.user)\u{0}\(credentials.password)".utf8).base64EncodedString()
                    try await command("AUTH PLAIN \(token)", expect: [235], name: "AUTH", kind: .authentication)
                } else if capabilities.authentication.contains("LOGIN") {
                    try await command("AUTH LOGIN", expect: [334], name: "AUTH", kind: .authentication)
                    try await command(Data(credentials.user.utf8).base64EncodedString(), expect: [334], name: "AUTH", kind: .authentication)
                    try await command(Data(credentials.password.utf8).base64EncodedString(), expect: [235], name: "AUTH", kind: .authentication)
                } else {
                    throw SMTPError(command: "AUTH", reply: "the relay offers no login Tillit speaks (PLAIN, LOGIN)", kind: .authentication)
                }
            }
            try await command("MAIL FROM:<\(from)>", expect: [250], name: "MAIL FROM")
            try await command("RCPT TO:<\(message.to)>", expect: [250, 251], name: "RCPT TO")
            try await command("DATA", expect: [354], name: "DATA")
            // Dot-stuffing: a line that starts with a dot gets another (base64 bodies never do, headers might).
            let stuffed = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await write(stuffed, name: "DATA")
            try await command(".", expect: [250], name: "end of data")
            _ = try? await command("QUIT", expect: [221], name: "QUIT")
        }
    }
}

/// What a relay offers in its EHLO reply.
struct SMTPCapabilities {
    var startTLS = false
    /// The AUTH mechanisms, upper case.
    var authentication: Set<String> = []

    init(_ lines: [String]) {
        for line in lines.dropFirst() {
            // "250-STARTTLS", "250 AUTH PLAIN LOGIN", and the old "250-AUTH=LOGIN".
            let words = line.dropFirst(4).uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let first = words.first else { continue }
            if first == "STARTTLS" { startTLS = true }
            if first == "AUTH" { authentication.formUnion(words.dropFirst()) }
        }
    }
}

/// Reads SMTP replies, joining the lines of multi-line replies ("250-…" until "250 …").
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()
    let deadline: NIODeadline
    /// Whether TLS is on: then a failure to read is a failed handshake or a broken TLS session.
    var tls: Bool

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, deadline: NIODeadline, tls: Bool = false) {
        self.iterator = iterator
        self.deadline = deadline
        self.tls = tls
    }

    mutating func line() async throws -> String {
        while true {
            if let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = index - buffer.readerIndex + 1
                let line = buffer.readString(length: length) ?? ""
                return line.trimmingCharacters(in: .newlines)
            }
            guard NIODeadline.now() < deadline else { throw SMTPError(command: "read", reply: "timed out", kind: .connection) }
            let next: ByteBuffer?
            do {
                next = try await iterator.next()
            } catch {
                guard tls else { throw SMTPError(command: "read", reply: "connection failed", kind: .connection) }
                // NIOSSL's error names what failed (e.g. a certificate that does not verify); it
                // carries no secret.
                throw SMTPError(command: "TLS", reply: "handshake failed: \(String(describing: error).prefix(300))", kind: .tls)
            }
            guard var chunk = next else { throw SMTPError(command: "read", reply: "connection closed", kind: .connection) }
            buffer.writeBuffer(&chunk)
        }
    }

    /// The next reply: its code and its lines.
    mutating func next() async throws -> (Int, [String]) {
        var text: [String] = []
        while true {
            let line = try await line()
            text.append(line)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(line.prefix(3))) else { throw SMTPError(command: "read", reply: String(line.prefix(200)), kind: .connection) }
            if bytes.count == 3 || bytes[3] != UInt8(ascii: "-") { return (code, text) }
        }
    }
}
