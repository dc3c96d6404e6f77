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

    /// Every leak in `figures`, none if the publication is safe.
    public static func leaks(tree: SurveyTree, figures: [Figure]) throws(Overflow) -> [Leak] {
        let units = tree.postOrder
        let column = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1, $0) })
        let members = Dictionary(uniqueKeysWithValues: units.map { ($0, tree.subtree(of: $0)) })
        var found: [Leak] = []
        // Figures with the same shown units have the same equations: eliminate once per pattern.
        struct Pattern: Hashable { let shown: Set<Int64>; let empty: Set<Int64> }
        var echelons: [Pattern: Echelon] = [:]
        for figure in figures {
            // The reader is assumed to know every empty group (from invitation counts, or simply
            // as a guess that happens to be right): each is one more equation, x = 0.
            let pattern = Pattern(shown: figure.shown, empty: Set(units.filter { (figure.own[$0] ?? 0) == 0 }))
            let echelon: Echelon
            if let known = echelons[pattern] { echelon = known } else {
                var rows: [[Fraction]] = []
                for unit in units where figure.shown.contains(unit) {
                    var row = [Fraction](repeating: .zero, count: units.count)
                    for member in members[unit]! { row[column[member]!] = .one }
                    rows.append(row)
                }
                for unit in units where pattern.empty.contains(unit) {
                    var row = [Fraction](repeating: .zero, count: units.count)
                    row[column[unit]!] = .one
                    rows.append(row)
                }
                echelon = try Echelon(rows, width: units.count)
                echelons[pattern] = echelon
            }
            func people(_ group: [Int64]) -> Int { group.reduce(0) { $0 + (figure.own[$1] ?? 0) } }
            func check(_ group: [Int64]) throws(Overflow) {
                let count = people(group)
                guard count > 0 && count < figure.k else { return }
                var vector = [Fraction](repeating: .zero, count: units.count)
                for unit in group { vector[column[unit]!] = .one }
                if try echelon.spans(vector) {
                    found.append(Leak(figure: figure.name, group: group.sorted(), people: count))
                }
            }
            for unit in units {
                try check([unit])
                let subtree = members[unit]!
                try check(subtree)
                for lower in subtree where lower != unit {
                    let removed = Set(members[lower]!)
                    try check(subtree.filter { !removed.contains($0) })
                }
            }
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
