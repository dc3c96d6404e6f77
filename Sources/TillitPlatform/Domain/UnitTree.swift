import Foundation
import Synchronization

/// An organisation's units held in memory as a tree, for the questions that need the whole shape:
/// ancestors (whose mandate covers a unit), subtrees (what a manager sees), and whether a move
/// would make a cycle. A municipality has at most a few thousand units, so this is cheap.
public struct UnitTree: Sendable {
    public let units: [Int64: OrgUnit]
    private let children: [Int64?: [Int64]]
    /// The organisation's `units_version` this tree was read at, when it came from the database
    /// through `Platform.unitTree`: the same version is the same tree, so it can key a cache.
    public let version: Int64?
    /// What is worked out from the whole tree once, shared by its copies (a cached tree serves many requests).
    private let memo = Memo()

    private final class Memo: Sendable {
        let flattened = Mutex<[Bool: [(unit: OrgUnit, depth: Int)]]>([:])
    }

    public init(_ units: [OrgUnit], version: Int64? = nil) {
        self.version = version
        var byID: [Int64: OrgUnit] = [:]
        var children: [Int64?: [Int64]] = [:]
        for unit in units {
            byID[unit.id] = unit
        }
        let keyed = units.map { (unit: $0, key: SwedishCollation.key($0.name)) }
        for entry in keyed.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            children[entry.unit.parentID, default: []].append(entry.unit.id)
        }
        self.units = byID
        self.children = children
    }

    /// The unit with `id`, if it belongs to this tree.
    public subscript(id: Int64) -> OrgUnit? { units[id] }

    /// The top-level units, by name.
    public var roots: [OrgUnit] { (children[nil] ?? []).compactMap { units[$0] } }

    /// The direct children of `id`, by name.
    public func children(of id: Int64) -> [OrgUnit] { (children[id] ?? []).compactMap { units[$0] } }

    /// The chain from the top-level unit down to `id`'s parent (not including `id`).
    public func ancestors(of id: Int64) -> [OrgUnit] {
        var chain: [OrgUnit] = []
        var seen: Set<Int64> = [id]
        var current = units[id]?.parentID
        while let parentID = current, let parent = units[parentID], !seen.contains(parentID) {
            chain.append(parent)
            seen.insert(parentID)
            current = parent.parentID
        }
        return chain.reversed()
    }

    /// Whether `id` is one of `units` or lies below one of them: the same answer as looking for
    /// them in `ancestors(of: id)` and `id` itself, without gathering the chain.
    public func isAtOrBelow(_ id: Int64, anyOf units: [Int64]) -> Bool {
        if units.contains(id) { return true }
        var current = self.units[id]?.parentID
        var steps = 0
        // A chain longer than the tree has a cycle in it: stop there, as `ancestors(of:)` does.
        while let parentID = current, steps < self.units.count, let parent = self.units[parentID] {
            if units.contains(parentID) { return true }
            current = parent.parentID
            steps += 1
        }
        return false
    }

    /// `ids` and every unit above any of them.
    public func withAncestors(_ ids: some Sequence<Int64>) -> Set<Int64> {
        var result: Set<Int64> = []
        for id in ids where result.insert(id).inserted {
            var current = units[id]?.parentID
            while let parentID = current, units[parentID] != nil, result.insert(parentID).inserted {
                current = units[parentID]?.parentID
            }
        }
        return result
    }

    /// `id` and every unit below it.
    public func subtree(of id: Int64) -> Set<Int64> {
        var result: Set<Int64> = []
        var stack = [id]
        while let next = stack.popLast() {
            guard result.insert(next).inserted else { continue }
            stack.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// How deep `id` sits (a top-level unit is 0).
    public func depth(of id: Int64) -> Int { ancestors(of: id).count }

    /// Whether moving `id` under `newParent` would put it beneath itself.
    public func moveWouldCycle(_ id: Int64, under newParent: Int64?) -> Bool {
        guard let newParent else { return false }
        return subtree(of: id).contains(newParent)
    }

    /// Every unit in depth-first order with its depth, for indented lists; closed units last among
    /// their siblings only if `includeClosed`.
    public func flattened(includeClosed: Bool) -> [(unit: OrgUnit, depth: Int)] {
        if let known = memo.flattened.withLock({ $0[includeClosed] }) { return known }
        let result = flatten(includeClosed: includeClosed)
        memo.flattened.withLock { $0[includeClosed] = result }
        return result
    }

    private func flatten(includeClosed: Bool) -> [(unit: OrgUnit, depth: Int)] {
        var result: [(OrgUnit, Int)] = []
        func visit(_ ids: [Int64], depth: Int) {
            for id in ids {
                guard let unit = units[id], includeClosed || !unit.isClosed else { continue }
                result.append((unit, depth))
                visit(children[id] ?? [], depth: depth + 1)
            }
        }
        visit(children[nil] ?? [], depth: 0)
        return result
    }
}
