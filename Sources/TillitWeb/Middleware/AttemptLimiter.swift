import Crypto
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import TillitPlatform

/// Counts attempts per client in memory, to slow down guessing and floods: at most `limit` within
/// `window`. Nothing is stored: the keys are salted hashes of the client's address, the salt lives
/// only in this process, and everything is forgotten on restart. Each app instance counts its own.
final class AttemptLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let salt = SymmetricKey(size: .bits256)
    private let state = NIOLockedValueBox([String: [Date]]())

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// The key for a request: its client's address, hashed with this process's salt, and a scope;
    /// nil when the client has no address (a local socket), which is then not counted.
    func key(_ context: AppRequestContext, scope: String = "") -> String? {
        guard let address = context.clientAddress else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((scope + "|" + address).utf8), using: salt)
        return Data(mac).prefix(12).base64EncodedString()
    }

    /// Refuses with 429 when the key has used up its attempts.
    func check(_ key: String?, now: Date = Date()) throws {
        guard let key else { return }
        let count = state.withLockedValue { entries in
            entries[key]?.filter { now.timeIntervalSince($0) < window }.count ?? 0
        }
        if count >= limit { throw AppError(.tooManyRequests, code: "too-many-attempts", message: PlatformText.tooManyAttempts) }
    }

    /// Counts one attempt.
    func record(_ key: String?, now: Date = Date()) {
        guard let key else { return }
        state.withLockedValue { entries in
            if entries.count > 50_000 { entries = entries.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            entries[key, default: []].removeAll { now.timeIntervalSince($0) >= window }
            entries[key, default: []].append(now)
        }
    }
}
