import Crypto
import Foundation

/// Encrypts the write-only settings (a mail relay's password, an identity provider's client
/// secret) before they are stored, with AES-256-GCM under one key of the instance's.
///
/// The key comes from `TILLIT_SECRET_KEY` (32 bytes, base64), else from the file `secret.key` in
/// the data directory, made on first use and readable by its owner only. Each value is bound to its
/// organisation and setting (the GCM associated data), so a stored value copied to another row
/// does not open. A database dump alone does not give the secrets away.
public struct SecretBox: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// A key of this process only: values sealed with it do not open after a restart (tests).
    public static func ephemeral() -> SecretBox {
        SecretBox(key: SymmetricKey(size: .bits256))
    }

    /// Why the key could not be had.
    public struct KeyProblem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The key given in the environment (base64 of 32 bytes), else the one in `keyFile`, which is
    /// made when it does not exist yet. Two processes that start together get the same key: the
    /// file appears whole or not at all (written aside, then linked into place).
    public static func load(environmentKey: String?, keyFile: String) throws -> SecretBox {
        if let environmentKey {
            guard let data = Data(base64Encoded: environmentKey.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
                throw KeyProblem(description: "TILLIT_SECRET_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        if let existing = try? Data(contentsOf: URL(fileURLWithPath: keyFile)) {
            return try fromFile(existing, keyFile)
        }
        let directory = (keyFile as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let aside = keyFile + ".\(Secrets.newToken().prefix(12))"
        guard FileManager.default.createFile(atPath: aside, contents: Data(fresh.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyProblem(description: "cannot write the key file \(keyFile)")
        }
        defer { unlink(aside) }
        // link(2) fails when another process was first; then its key is the one.
        if link(aside, keyFile) != 0 && errno != EEXIST {
            throw KeyProblem(description: "cannot write the key file \(keyFile)")
        }
        return try fromFile(try Data(contentsOf: URL(fileURLWithPath: keyFile)), keyFile)
    }

    private static func fromFile(_ contents: Data, _ path: String) throws -> SecretBox {
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw KeyProblem(description: "the key file \(path) does not hold 32 bytes in base64")
        }
        return SecretBox(key: SymmetricKey(data: data))
    }

    private static let prefix = "v1:"

    /// `plaintext` sealed for `context` (the organisation and setting it belongs to).
    public func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        return Self.prefix + box.combined!.base64EncodedString()
    }

    /// The plaintext of a sealed value, or nil when it does not open with this key and context
    /// (another key, another row, or damaged).
    public func open(_ sealed: String, context: String) -> String? {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key, authenticating: Data(context.utf8)) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }
}
