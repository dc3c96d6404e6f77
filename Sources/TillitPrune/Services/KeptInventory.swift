import SQLKit
import Synchronization
import TillitPlatform
import TillitStorage

/// Each organisation's requirements with their units, kept in memory as last read until they
/// change: every page and API answer of Prune starts from all of them (its figures are sums over
/// the whole inventory), and reading and decoding them again for each request cost most of it.
///
/// What is kept is tied to `prune_changes`, a counter the database moves on every write to
/// ``tables`` (migration `prune.0003.changes`), read in the same read transaction as everything
/// else a request reads; so whatever writes (this server, another instance, a command, plain SQL),
/// no request sees an older inventory than its own snapshot. The staff's assessments are not kept:
/// they are anonymous, so no counter moves with them (a kept list's speed would tell when someone
/// answered); they are read for each request beside the kept requirements.
final class KeptInventory: Sendable {
    /// The tables whose every write moves the counter.
    static let tables = ["prune_requirements", "prune_requirement_units"]

    private let kept = Mutex<[Int64: (count: Int64, requirements: [Requirement])]>([:])

    /// How many times the inventory was read from the tables (for tests).
    private let reads = Atomic<Int>(0)
    var loads: Int { reads.load(ordering: .relaxed) }

    /// The requirements of `organisationID` as of `db`'s snapshot, with the count they were read at.
    func requirements(_ db: any SQLDatabase, organisationID: Int64) async throws -> (version: Int64?, requirements: [Requirement]) {
        let count = try await db.raw("SELECT n FROM prune_changes WHERE id = 1").first()?.int64("n")
        if let count, let known = kept.withLock({ $0[organisationID] }), known.count == count { return (count, known.requirements) }
        reads.add(1, ordering: .relaxed)
        let requirements = try await Requirements.loadMany(db, "WHERE organisation_id = \(bind: organisationID)")
        if let count {
            kept.withLock { kept in
                // Keep the newest: a slow reader must not put back an older inventory.
                if let entry = kept[organisationID], entry.count > count { return }
                kept[organisationID] = (count, requirements)
            }
        }
        return (count, requirements)
    }
}

extension Platform {
    var keptInventory: KeptInventory { caches.cache(KeptInventory.self) { KeptInventory() } }
}
