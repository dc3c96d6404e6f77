import Foundation
import Synchronization

/// Recently seen browser sessions and API tokens, so a page view or an API call does not cost a
/// lookup in the database.
///
/// Only used with the embedded SQLite database, where this process is the only one that writes:
/// every change that ends or alters a session or token (sign-out, revoking a token, disabling, a new
/// password, role or language changes) passes through ``Platform`` and invalidates the entry here.
/// (The command line ends no session or token; a change made by another process would reach this
/// one when the entry expires.) With PostgreSQL and
/// several app instances behind a load balancer, another instance could end a session, so there
/// every request reads the database. Entries also expire after ``ttl`` seconds.
public final class SessionCache: Sendable {
    private struct Entry {
        let session: SessionInfo
        let cachedAt: Date
    }

    /// How long an entry is trusted.
    public let ttl: TimeInterval
    /// Beyond this many entries the cache starts over (a bound on memory, not an eviction policy).
    public let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    public init(ttl: TimeInterval = 30, capacity: Int = 50_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func get(_ tokenHash: String, now: Date) -> SessionInfo? {
        entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            guard now.timeIntervalSince(entry.cachedAt) < ttl else {
                entries[tokenHash] = nil
                return nil
            }
            return entry.session
        }
    }

    func put(_ tokenHash: String, _ session: SessionInfo, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(session: session, cachedAt: now)
        }
    }

    func remove(_ tokenHash: String) {
        _ = entries.withLock { $0.removeValue(forKey: tokenHash) }
    }

    /// Forgets every session of a person, after a change to the person or their roles.
    func remove(userID: Int64) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.session.user.id != userID }
        }
    }
}

/// The sessions used since they were last written, as a set: however often a session is used
/// between two flushes, it is written once, at the flush's time.
final class SessionActivity: Sendable {
    private let seen = Mutex<Set<String>>([])

    func note(_ hash: String) {
        _ = seen.withLock { $0.insert(hash) }
    }

    func take() -> [String] {
        seen.withLock { seen in
            defer { seen = [] }
            return Array(seen)
        }
    }
}
