import Foundation

/// The units a round covers: a subtree of the organisation, as plain parent links.
public struct SurveyTree: Sendable {
    public let root: Int64
    public let parent: [Int64: Int64]
    public let children: [Int64: [Int64]]
    /// Every unit, children before their parent (post-order), siblings by id.
    public let postOrder: [Int64]

    /// The tree under `root` given by `parents` (unit → parent); units not under `root` are left out.
    public init(root: Int64, parents: [Int64: Int64?]) {
        var children: [Int64: [Int64]] = [:]
        for (unit, parent) in parents {
            if let parent, unit != root { children[parent, default: []].append(unit) }
        }
        for key in children.keys { children[key]!.sort() }
        var order: [Int64] = []
        var parentOf: [Int64: Int64] = [:]
        // Iterative post-order, so a deep tree cannot exhaust the stack.
        var stack: [(Int64, Bool)] = [(root, false)]
        var seen: Set<Int64> = []
        while let (unit, expanded) = stack.popLast() {
            if expanded { order.append(unit); continue }
            guard seen.insert(unit).inserted else { continue }
            stack.append((unit, true))
            for child in (children[unit] ?? []).reversed() where !seen.contains(child) {
                parentOf[child] = unit
                stack.append((child, false))
            }
        }
        self.root = root
        self.parent = parentOf
        self.children = children.filter { seen.contains($0.key) }
        self.postOrder = order
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.position = position
        let parentPosition = order.map { unit in parentOf[unit].map { position[$0]! } ?? -1 }
        self.parentPosition = parentPosition
        var size = [Int](repeating: 1, count: order.count)
        for (index, up) in parentPosition.enumerated() where up >= 0 { size[up] += size[index] }
        self.subtreeSize = size
    }

    /// Each unit's place in ``postOrder``.
    public let position: [Int64: Int]
    /// The place in ``postOrder`` of each place's parent, −1 for the root.
    public let parentPosition: [Int]
    /// How many units each place's subtree has. In post-order a subtree is the run of places that
    /// ends at its unit: `position − size + 1 … position`.
    public let subtreeSize: [Int]

    /// Equal for equal trees within one process (a cache key, never stored).
    public var fingerprint: Int {
        var hasher = Hasher()
        hasher.combine(postOrder)
        hasher.combine(parentPosition)
        return hasher.finalize()
    }

    /// The places in ``postOrder`` of the subtree at `place`.
    public func subtreeRange(at place: Int) -> ClosedRange<Int> { (place - subtreeSize[place] + 1)...place }

    public var units: [Int64] { postOrder }
    public func contains(_ unit: Int64) -> Bool { unit == root || parent[unit] != nil }

    /// `unit` and every unit below it.
    public func subtree(of unit: Int64) -> [Int64] {
        var result: [Int64] = []
        var stack = [unit]
        while let next = stack.popLast() {
            result.append(next)
            stack.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// The units from `unit` down to `depth` levels below it (0: the unit only), parents first.
    public func levels(from unit: Int64, depth: Int) -> [Int64] {
        var result: [Int64] = []
        var level = [unit]
        var remaining = depth
        while !level.isEmpty {
            result.append(contentsOf: level)
            guard remaining > 0 else { break }
            remaining -= 1
            level = level.flatMap { children[$0] ?? [] }
        }
        return result
    }

    /// How many levels `unit` is below the root.
    public func depth(of unit: Int64) -> Int {
        var depth = 0
        var current = unit
        while let up = parent[current] { depth += 1; current = up }
        return depth
    }
}

/// Disclosure control for one figure of a round (the number of respondents, one item's answers,
/// one free-text item's texts): which units' subtree figures may be shown.
///
/// A unit's figure covers its whole subtree. The groups that must stay hidden when they are small
/// (between 1 and k − 1 people) are every subtree and every unit's own members (those who answered
/// for the unit itself, beside its child units).
///
/// **The rule.** For a shown unit p, call its *residual* the people under p who are under no shown
/// unit below p: p's figure minus the figures of the highest shown units beneath it. Everything a
/// reader can compute from the shown figures by adding and subtracting is a sum of residuals,
/// because the residuals of the shown units are disjoint and each shown figure is its residual plus
/// shown figures further down. So if every residual is either empty or has at least k people, no
/// group of 1 … k − 1 people can be computed, at any level or across levels (docs/DISCLOSURE.md
/// gives the argument in full; ``DisclosureAudit`` checks it independently by Gaussian elimination).
///
/// **The method.** Units are decided children first. A unit whose subtree has 1 … k − 1 people is
/// hidden (primary suppression). A unit whose residual would have 1 … k − 1 people is hidden too,
/// and its residual joins its parent's (secondary suppression upward). So the teams closest to the
/// work always keep their own figures, and only the level above gives way: the figure it loses is
/// then within a few people of the sum of its shown units below, so little is lost by hiding it,
/// while hiding a team instead would take the team's own results from it. The round's top unit is
/// no exception: with a residual of 1 … k − 1 it is hidden too.
public enum Disclosure {
    /// The units whose figure may be shown, given how many people each unit's own members count
    /// (`own`, by unit; missing means 0) and the smallest group that may be shown, `k`.
    public static func shown(tree: SurveyTree, own: [Int64: Int], k: Int) -> Set<Int64> {
        let mask = shown(tree: tree, ownAt: tree.postOrder.map { own[$0] ?? 0 }, k: k)
        return Set(tree.postOrder.indices.filter { mask[$0] }.map { tree.postOrder[$0] })
    }

    /// The same rule over places in ``SurveyTree/postOrder``: `ownAt[i]` people at place i; whether
    /// each place's figure may be shown.
    public static func shown(tree: SurveyTree, ownAt: [Int], k: Int) -> [Bool] {
        let k = max(k, 1)
        var total = ownAt   // grows to each subtree's people as children are added
        var rest = ownAt    // grows to the people under each unit that no shown unit below covers
        var shown = [Bool](repeating: false, count: ownAt.count)
        for place in ownAt.indices {
            let small = total[place] > 0 && total[place] < k
            let carry: Int
            if !small && (rest[place] == 0 || rest[place] >= k) {
                shown[place] = true
                carry = 0
            } else {
                carry = rest[place]
            }
            let up = tree.parentPosition[place]
            if up >= 0 {
                total[up] += total[place]
                rest[up] += carry
            }
        }
        return shown
    }

    /// The residual of every shown unit (see ``Disclosure``): the people under it who are under
    /// no shown unit below it.
    public static func residuals(tree: SurveyTree, own: [Int64: Int], shown: Set<Int64>) -> [Int64: Int] {
        var carry: [Int64: Int] = [:]
        var result: [Int64: Int] = [:]
        for unit in tree.postOrder {
            let rest = (tree.children[unit] ?? []).reduce(own[unit] ?? 0) { $0 + carry[$1]! }
            if shown.contains(unit) {
                result[unit] = rest
                carry[unit] = 0
            } else {
                carry[unit] = rest
            }
        }
        return result
    }
}
