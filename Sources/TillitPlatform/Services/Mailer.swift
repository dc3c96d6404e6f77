import Foundation

/// A message to send.
public struct MailMessage: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let body: String
    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends mail. In development and in the demo, mail is written to a folder instead of being sent.
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

/// Writes each message as an `.eml` file in a folder, for development and tests.
public struct FolderMailer: Mailer {
    public let directory: String
    public let from: String

    public init(directory: String, from: String = "tillit@localhost") {
        self.directory = directory
        self.from = from
    }

    public func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "\(Int(Date().timeIntervalSince1970 * 1000))-\(Secrets.newToken().prefix(8)).eml"
        let text = message.rfc5322(from: from, date: Date(), messageID: "\(Secrets.newToken().prefix(24))@tillit")
        try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}
