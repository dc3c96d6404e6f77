import Foundation

/// An exact fraction, for Gaussian elimination that never rounds. Arithmetic that would overflow
/// throws, so the audit fails loudly rather than answering wrongly.
public struct Fraction: Sendable, Equatable {
    public let numerator: Int64
    public let denominator: Int64

    public static let zero = Fraction(0)
    public static let one = Fraction(1)

    public init(_ value: Int64) {
        numerator = value
        denominator = 1
    }

    init(reducing numerator: Int64, _ denominator: Int64) throws(DisclosureAudit.Overflow) {
        precondition(denominator != 0)
        let divisor = Fraction.gcd(numerator.magnitude, denominator.magnitude)
        var n = numerator / Int64(divisor)
        var d = denominator / Int64(divisor)
        if d < 0 {
            guard n != .min, d != .min else { throw DisclosureAudit.Overflow() }
            n = -n
            d = -d
        }
        self.numerator = n
        self.denominator = d
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }

    public var isZero: Bool { numerator == 0 }

    static func checked(_ result: (partialValue: Int64, overflow: Bool)) throws(DisclosureAudit.Overflow) -> Int64 {
        if result.overflow { throw DisclosureAudit.Overflow() }
        return result.partialValue
    }

    func minus(_ other: Fraction) throws(DisclosureAudit.Overflow) -> Fraction {
        let a = try Fraction.checked(numerator.multipliedReportingOverflow(by: other.denominator))
        let b = try Fraction.checked(other.numerator.multipliedReportingOverflow(by: denominator))
        let n = try Fraction.checked(a.subtractingReportingOverflow(b))
        let d = try Fraction.checked(denominator.multipliedReportingOverflow(by: other.denominator))
        return try Fraction(reducing: n, d)
    }

    func times(_ other: Fraction) throws(DisclosureAudit.Overflow) -> Fraction {
        let n = try Fraction.checked(numerator.multipliedReportingOverflow(by: other.numerator))
        let d = try Fraction.checked(denominator.multipliedReportingOverflow(by: other.denominator))
        return try Fraction(reducing: n, d)
    }

    func dividedBy(_ other: Fraction) throws(DisclosureAudit.Overflow) -> Fraction {
        precondition(!other.isZero)
        let n = try Fraction.checked(numerator.multipliedReportingOverflow(by: other.denominator))
        let d = try Fraction.checked(denominator.multipliedReportingOverflow(by: other.numerator))
        return try Fraction(reducing: n, d)
    }
}

/// Checks, independently of how ``Disclosure`` chose, that what a round publishes determines no
/// small group's figures.
///
/// Every shown figure of a unit is a linear equation: the sum, over the units of its subtree, of
/// each unit's own members' (unknown) figure. The audit puts the equations of one figure (the
/// number of respondents, or one item's count, sum or share of one answer) into reduced row echelon
/// form with exact fractions, and asks for every group of 1 … k − 1 people whether the group's sum
/// is a combination of those equations — that is, whether a reader could compute it. The groups
/// asked about: every subtree, every unit's own members, and every subtree less one subtree below
/// it (the difference between two levels). A figure computable from the equations is a leak. The
/// reader is also granted every empty group as known (a zero is one more equation), which is the
/// strongest reader: the rule of ``Disclosure`` holds against it too (docs/DISCLOSURE.md).
public enum DisclosureAudit {
    /// Arithmetic beyond 64 bits: the audit cannot vouch for the publication.
    public struct Overflow: Error, Sendable {}

    /// A group whose figure can be computed from what was published.
    public struct Leak: Sendable, Equatable, CustomStringConvertible {
        /// What was computable: `respondents`, or an item's id with the figure (`count`, `sum`, `answer 3`).
        public let figure: String
        /// The units whose own members make up the group.
        public let group: [Int64]
        /// How many people the group counts for this figure.
        public let people: Int
        public var description: String { "\(figure): group of \(people) in units \(group) is computable" }
    }

    /// One figure's publication: which units' subtree values were shown, and how many people each
    /// unit's own members count for it.
    public struct Figure: Sendable {
        public let name: String
        public let shown: Set<Int64>
        public let own: [Int64: Int]
        public let k: Int
        public init(name: String, shown: Set<Int64>, own: [Int64: Int], k: Int) {
            self.name = name
            self.shown = shown
            self.own = own
            self.k = k
        }
    }

    /// How the audit decides whether a group's figure is a combination of the shown equations.
    public enum Method: Sendable {
        /// Elimination in the tree's own basis (the default, linear in the size of the tree; see below).
        case tree
        /// Dense Gauss–Jordan elimination with exact fractions over every unit (cubic: small trees;
        /// the reference the tree method is tested against).
        case dense
    }

    /// Every leak in `figures`, none if the publication is safe.
    ///
    /// With ``Method/tree`` the elimination uses the shape of the equations: each shown unit's row
    /// less the rows of the highest shown units beneath it is the indicator of its *block* (the
    /// units under it that no lower shown unit covers), and the blocks are disjoint; less the
    /// known-empty units' rows, each block row keeps only its non-empty units. Those rows and the
    /// empty units' rows have disjoint supports, so they are already in reduced echelon form, and a
    /// group's vector is a combination of them exactly when, outside the empty units, it takes every
    /// non-empty unit of each block it touches and no unit outside the blocks. Same answers as
    /// ``Method/dense`` (property-tested), in time linear in the tree and the groups.
    public static func leaks(tree: SurveyTree, figures: [Figure], method: Method = .tree) throws(Overflow) -> [Leak] {
        let units = tree.postOrder
        let count = units.count
        var found: [Leak] = []
        // Figures with the same shown units and the same counts have the same leaks (an item's
        // count, sum and distribution, say): decide once.
        struct Key: Hashable { let shown: Set<Int64>; let own: [Int64: Int]; let k: Int }
        var decided: [Key: [Leak]] = [:]
        for figure in figures {
            let key = Key(shown: figure.shown, own: figure.own.filter { $0.value != 0 }, k: figure.k)
            if let known = decided[key] {
                found += known.map { Leak(figure: figure.name, group: $0.group, people: $0.people) }
                continue
            }
            let own = units.map { figure.own[$0] ?? 0 }
            let shown = units.map { figure.shown.contains($0) }
            // The reader is assumed to know every empty group (from invitation counts, or simply
            // as a guess that happens to be right): each is one more equation, x = 0.
            let empty = own.map { $0 == 0 }
            var total = own
            for place in 0..<count where tree.parentPosition[place] >= 0 { total[tree.parentPosition[place]] += total[place] }
            let spans: ([Int]) throws(Overflow) -> Bool
            switch method {
            case .tree:
                // block[i]: the nearest shown unit at or above i (−1: none); parents come after
                // their children in post-order, so walk it backwards.
                var block = [Int](repeating: -1, count: count)
                for place in stride(from: count - 1, through: 0, by: -1) {
                    let up = tree.parentPosition[place]
                    block[place] = shown[place] ? place : (up >= 0 ? block[up] : -1)
                }
                var blockSize = [Int](repeating: 0, count: count)
                for place in 0..<count where !empty[place] && block[place] >= 0 { blockSize[block[place]] += 1 }
                spans = { group in
                    var taken: [Int: Int] = [:]
                    for place in group where !empty[place] {
                        guard block[place] >= 0 else { return false }
                        taken[block[place], default: 0] += 1
                    }
                    return taken.allSatisfy { blockSize[$0.key] == $0.value }
                }
            case .dense:
                var rows: [[Fraction]] = []
                for place in 0..<count where shown[place] {
                    var row = [Fraction](repeating: .zero, count: count)
                    for member in tree.subtreeRange(at: place) { row[member] = .one }
                    rows.append(row)
                }
                for place in 0..<count where empty[place] {
                    var row = [Fraction](repeating: .zero, count: count)
                    row[place] = .one
                    rows.append(row)
                }
                let echelon = try Echelon(rows, width: count)
                spans = { group throws(Overflow) in
                    var vector = [Fraction](repeating: .zero, count: count)
                    for place in group { vector[place] = .one }
                    return try echelon.spans(vector)
                }
            }
            var leaks: [Leak] = []
            func check(_ people: Int, _ group: @autoclosure () -> [Int]) throws(Overflow) {
                guard people > 0 && people < figure.k else { return }
                let members = group()
                if try spans(members) {
                    leaks.append(Leak(figure: figure.name, group: members.map { units[$0] }.sorted(), people: people))
                }
            }
            // The groups: every unit's own members, every subtree, every subtree less one below it.
            for place in 0..<count {
                try check(own[place], [place])
                let subtree = tree.subtreeRange(at: place)
                try check(total[place], Array(subtree))
                for lower in subtree where lower != place {
                    let removed = tree.subtreeRange(at: lower)
                    try check(total[place] - total[lower], subtree.filter { !removed.contains($0) })
                }
            }
            decided[key] = leaks
            found += leaks
        }
        return found
    }

    /// Rows in reduced row echelon form.
    struct Echelon {
        var rows: [[Fraction]] = []
        var pivots: [Int] = []

        init(_ input: [[Fraction]], width: Int) throws(Overflow) {
            var matrix = input
            var pivotRow = 0
            for col in 0..<width where pivotRow < matrix.count {
                guard let found = (pivotRow..<matrix.count).first(where: { !matrix[$0][col].isZero }) else { continue }
                matrix.swapAt(pivotRow, found)
                let pivot = matrix[pivotRow][col]
                for j in 0..<width where !matrix[pivotRow][j].isZero {
                    matrix[pivotRow][j] = try matrix[pivotRow][j].dividedBy(pivot)
                }
                for other in 0..<matrix.count where other != pivotRow && !matrix[other][col].isZero {
                    let factor = matrix[other][col]
                    for j in 0..<width where !matrix[pivotRow][j].isZero {
                        matrix[other][j] = try matrix[other][j].minus(factor.times(matrix[pivotRow][j]))
                    }
                }
                pivots.append(col)
                pivotRow += 1
            }
            rows = Array(matrix.prefix(pivotRow))
        }

        /// Whether `vector` is a combination of the rows.
        func spans(_ vector: [Fraction]) throws(Overflow) -> Bool {
            var rest = vector
            for (row, col) in zip(rows, pivots) where !rest[col].isZero {
                let factor = rest[col]
                for j in 0..<rest.count where !row[j].isZero {
                    rest[j] = try rest[j].minus(factor.times(row[j]))
                }
            }
            return rest.allSatisfy(\.isZero)
        }
    }
}
