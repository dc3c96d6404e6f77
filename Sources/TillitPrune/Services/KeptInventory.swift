import SQLKit
import Synchronization
import TillitFormats
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

    /// An organisation's requirements in name order, with the count they were read at (nil where
    /// the count could not be read, and then nothing is kept).
    typealias Inventory = (version: Int64?, requirements: [Requirement])

    private let kept = Mutex<[Int64: (count: Int64, requirements: [Requirement])]>([:])

    /// How many times the inventory was read from the tables (for tests).
    private let reads = Atomic<Int>(0)
    var loads: Int { reads.load(ordering: .relaxed) }

    /// The requirements of `organisationID` as of `db`'s snapshot, with the count they were read at,
    /// in name order (``Requirements/inNameOrder(_:)``): sorted once when read, so a list sorted by
    /// name, or with name as the tie-break, compares places instead of making collation keys.
    func requirements(_ db: any SQLDatabase, organisationID: Int64) async throws -> Inventory {
        let count = try await ChangeCounter.count(db, name: "prune_changes")
        if let count, let known = kept.withLock({ $0[organisationID] }), known.count == count { return (count, known.requirements) }
        reads.add(1, ordering: .relaxed)
        let requirements = Requirements.inNameOrder(try await Requirements.loadMany(db, "WHERE organisation_id = \(bind: organisationID)"))
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

/// What a burden report works out from the inventory, the units and the cost settings alone: the
/// units in scope, what the requirements cost them, which requirements touch them and which are set
/// above them. Nothing of it comes from the staff's assessments, so it is kept by the inventory's
/// version (``KeptInventory``), the units' version, the unit and the settings, and a report reads
/// only the assessments, the people and the decisions anew.
final class KeptBurdens: Sendable {
    struct Shape: Sendable {
        /// The unit and its subtree, or every unit of the organisation.
        let scope: Set<Int64>
        let burden: CostModel.Burden
        /// The requirements set on a unit in scope (counted or not), whose decisions the report lists.
        let touching: Set<Int64>
        /// The counted requirements set on a unit above the unit, none of whose units is in scope.
        let fromAbove: Set<Int64>
    }

    struct Key: Hashable, Sendable {
        let organisationID: Int64
        let unitID: Int64?
        let unitsVersion: Int64
        let inventoryVersion: Int64
        let settings: CostSettings
    }

    private let kept = KeptValues<Key, Shape>(capacity: 256)

    /// The shape of the report on `unit` (nil: the whole organisation) over `inventory`.
    func shape(organisationID: Int64, unit: OrgUnit?, tree: UnitTree, settings: CostSettings, inventory: KeptInventory.Inventory) -> Shape {
        let make = { Self.make(unit: unit, tree: tree, settings: settings, requirements: inventory.requirements) }
        guard let unitsVersion = tree.version, let inventoryVersion = inventory.version else { return make() }
        return kept.value(Key(organisationID: organisationID, unitID: unit?.id, unitsVersion: unitsVersion,
                              inventoryVersion: inventoryVersion, settings: settings), orMake: make)
    }

    static func make(unit: OrgUnit?, tree: UnitTree, settings: CostSettings, requirements: [Requirement]) -> Shape {
        let scope = unit.map { tree.subtree(of: $0.id) } ?? Set(tree.units.keys)
        let active = requirements.filter(\.counts)
        let burden = CostModel.burden(of: scope, active.map { CostModel.Item($0, hourlyCost: settings.hourlyCost($0)) })
        let touching = Set(requirements.filter { !scope.isDisjoint(with: $0.unitIDs) }.map(\.id))
        let above = Set(unit.map { tree.ancestors(of: $0.id).map(\.id) } ?? [])
        let fromAbove = Set(active.filter { burden.byRequirement[$0.id] == nil && !above.isDisjoint(with: $0.unitIDs) }.map(\.id))
        return Shape(scope: scope, burden: burden, touching: touching, fromAbove: fromAbove)
    }
}

extension Platform {
    var keptInventory: KeptInventory { caches.cache(KeptInventory.self) { KeptInventory() } }
    var keptBurdens: KeptBurdens { caches.cache(KeptBurdens.self) { KeptBurdens() } }
}
