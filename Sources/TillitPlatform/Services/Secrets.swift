import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Random tokens and their hashes. Tokens are shown once; only SHA-256 hashes are stored, which is
/// enough for 256-bit random values (no dictionary to attack, unlike passwords).
public enum Secrets {
    /// A random id below 2^53 (exact in JSON numbers), for rows whose place in a sequence must not
    /// tell when they were written. With 2^53 values a collision is far less likely than a disk
    /// error; the primary key would refuse one rather than overwrite.
    public static func randomID() -> Int64 {
        var generator = SystemRandomNumberGenerator()
        return Int64.random(in: 1..<(1 << 53), using: &generator)
    }

    /// A new random token of 256 bits, URL-safe (base64url, 43 characters), with `prefix` (e.g.
    /// `tlt_` for API tokens).
    public static func newToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 33)
        for i in 0..<32 { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        var out = [UInt8]()
        out.reserveCapacity(44)
        // Three bytes make four characters; the 33rd byte is a zero that only completes the last
        // group, whose fourth character (padding) is left off.
        for i in stride(from: 0, to: 33, by: 3) {
            let group = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(base64URL[Int(group >> 18 & 63)])
            out.append(base64URL[Int(group >> 12 & 63)])
            out.append(base64URL[Int(group >> 6 & 63)])
            if i + 3 <= 32 { out.append(base64URL[Int(group & 63)]) }
        }
        return prefix + String(decoding: out, as: UTF8.self)
    }

    private static let base64URL = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

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
