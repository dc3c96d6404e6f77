import Foundation
import Synchronization

/// Organisations' unit trees, each kept with the `units_version` it was read at.
///
/// Every change to a unit bumps its organisation's `units_version` in the same transaction, so a
/// reader that sees version N and holds the tree for N knows it is current — in this process or
/// any other instance, and after a command-line import too. Reading the version is one small row;
/// reading and sorting a tree of thousands of units is not.
final class UnitTreeCache: Sendable {
    private let trees = Mutex<[Int64: (version: Int64, tree: UnitTree)]>([:])

    func get(_ organisationID: Int64, version: Int64) -> UnitTree? {
        trees.withLock { trees in
            guard let entry = trees[organisationID], entry.version == version else { return nil }
            return entry.tree
        }
    }

    func put(_ organisationID: Int64, version: Int64, _ tree: UnitTree) {
        trees.withLock { trees in
            // Keep the newest: a slow reader must not replace a newer tree with an older one.
            if let entry = trees[organisationID], entry.version > version { return }
            trees[organisationID] = (version, tree)
        }
    }
}

/// Caches that the loops keep for as long as their ``Platform`` lives, one of each type: a cache
/// kept here belongs to one database (one platform), so what it holds cannot be taken for another
/// database's. What a loop keeps must still be checked against the database before use (a
/// version or counter read in the same request), since other instances and the command line
/// write too.
public final class CacheShelf: Sendable {
    private let caches = Mutex<[ObjectIdentifier: any Sendable]>([:])

    public init() {}

    /// The platform's cache of type `C`, made by `make` the first time it is asked for.
    public func cache<C: AnyObject & Sendable>(_ type: C.Type, make: () -> C) -> C {
        caches.withLock { caches in
            if let cache = caches[ObjectIdentifier(type)] as? C { return cache }
            let cache = make()
            caches[ObjectIdentifier(type)] = cache
            return cache
        }
    }
}
