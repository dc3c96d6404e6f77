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
