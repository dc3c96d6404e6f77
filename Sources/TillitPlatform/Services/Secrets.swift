import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Random tokens and their hashes. Tokens are shown once; only SHA-256 hashes are stored, which is
/// enough for 256-bit random values (no dictionary to attack, unlike passwords).
public enum Secrets {
    /// A new random token, URL-safe, with `prefix` (e.g. `tlt_` for API tokens).
    /// A random id below 2^53 (exact in JSON numbers), for rows whose place in a sequence must not
    /// tell when they were written. With 2^53 values a collision is far less likely than a disk
    /// error; the primary key would refuse one rather than overwrite.
    public static func randomID() -> Int64 {
        var generator = SystemRandomNumberGenerator()
        return Int64.random(in: 1..<(1 << 53), using: &generator)
    }

    public static func newToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Whether `byte` is one of the characters of ``newToken(prefix:)`` (base64url).
    static func isURLSafe(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// The hex SHA-256 of `token`, as stored.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// The hex SHA-256 of some bytes (a file's content address).
    public static func hash(data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, without `String(format:)`, which is slow enough to show on every request.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two strings in time that does not depend on where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// Hashes and checks passwords with bcrypt, off the request threads (a hash at cost 12 takes a
/// quarter of a second of CPU).
public struct PasswordHasher: Sendable {
    /// bcrypt's cost factor: 12 in production; tests lower it to stay fast.
    public let cost: UInt8

    /// A hash to check against when the account does not exist, so a wrong email takes as long as a
    /// wrong password and response times do not reveal which addresses have accounts.
    public let decoy: String

    public init(cost: UInt8 = 12) {
        self.cost = cost
        self.decoy = Bcrypt.hash(Secrets.newToken(), cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
