import Foundation

/// Thrown by ``QRCode/encode(_:correction:)``.
public enum QRCodeError: Error, Sendable, Equatable {
    /// The text does not fit in a version 40 symbol at the chosen error correction level.
    case tooLong
}

/// A QR code symbol (ISO/IEC 18004), encoded in byte mode from UTF-8 text.
///
/// Used to print links, such as a unit's participant-feedback link, as SVG.
/// The encoder picks the smallest version (1–40) that holds the text and the
/// data mask with the lowest penalty score. No ECI header is written: most
/// readers recognise UTF-8 in byte mode, and links, being ASCII, read the same
/// in every reader.
public struct QRCode: Sendable {
    /// How much of the symbol may be damaged and still be read: about 7, 15, 25 and 30 %.
    public enum ErrorCorrection: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// Row index into the block tables.
        fileprivate var index: Int { Self.allCases.firstIndex(of: self)! }
        /// The two bits that name the level in the format information.
        fileprivate var formatBits: Int { [1, 0, 3, 2][index] }
    }

    /// Modules per side, without the quiet zone: 21 for version 1, up to 177 for version 40.
    public let size: Int
    /// The symbol version, 1–40.
    let version: Int
    /// The data mask pattern applied, 0–7.
    let mask: Int
    /// Row-major, `true` for a dark module.
    private let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark. Coordinates outside the symbol are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    // MARK: - Encoding

    /// Encodes `text` as UTF-8 bytes in the smallest version that fits.
    /// - Throws: ``QRCodeError/tooLong`` when even version 40 is too small.
    public static func encode(_ text: String, correction: ErrorCorrection = .medium) throws -> QRCode {
        try encode(text, correction: correction, mask: nil)
    }

    /// As ``encode(_:correction:)``, with the data mask fixed when `mask` (0–7) is given.
    static func encode(_ text: String, correction: ErrorCorrection, mask: Int?) throws -> QRCode {
        precondition(mask.map { (0..<8).contains($0) } ?? true, "mask must be 0–7")
        let bytes = Array(text.utf8)
        guard let version = (1...40).first(where: { fits(bytes.count, version: $0, correction: correction) }) else {
            throw QRCodeError.tooLong
        }
        let codewords = addErrorCorrection(
            to: dataCodewords(bytes, version: version, correction: correction),
            version: version, correction: correction)

        var grid = Grid(version: version)
        grid.placeCodewords(codewords)
        let chosen: Int
        if let mask {
            chosen = mask
        } else {
            // Scored before format and version information are written, with those areas
            // light (the order of steps in ISO/IEC 18004:2015 §7.8–7.10); ties go to the lower mask.
            let penalties = (0..<8).map { grid.masked($0).penalty() }
            chosen = penalties.indices.min { penalties[$0] < penalties[$1] }!
        }
        var final = grid.masked(chosen)
        final.drawFormatBits(correction: correction, mask: chosen)
        final.drawVersionBits()
        return QRCode(size: final.size, version: version, mask: chosen, modules: final.dark)
    }

    /// Bits in the character count field for byte mode.
    private static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    private static func fits(_ byteCount: Int, version: Int, correction: ErrorCorrection) -> Bool {
        guard byteCount < 1 << countBits(version) else { return false }
        return 4 + countBits(version) + 8 * byteCount <= 8 * dataCapacity(version, correction)
    }

    /// Mode indicator, count, bytes, terminator and padding, as the data codewords (§7.4).
    private static func dataCodewords(_ bytes: [UInt8], version: Int, correction: ErrorCorrection) -> [UInt8] {
        let capacity = dataCapacity(version, correction)
        var bits: [Bool] = []
        bits.reserveCapacity(capacity * 8)
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        append(0, (8 - bits.count % 8) % 8)

        var result = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        let padCount = capacity - result.count
        for i in 0..<padCount { result.append(i % 2 == 0 ? 0xEC : 0x11) }
        return result
    }

    /// Splits the data into blocks, adds Reed–Solomon codewords and interleaves them (§7.5–7.6).
    private static func addErrorCorrection(to data: [UInt8], version: Int, correction: ErrorCorrection) -> [UInt8] {
        let blockCount = Tables.blocks[correction.index][version]
        let eccLength = Tables.eccPerBlock[correction.index][version]
        let total = rawModules(version) / 8
        let shortBlocks = blockCount - total % blockCount
        let shortDataLength = total / blockCount - eccLength

        let divisor = ReedSolomon.generator(degree: eccLength)
        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<blockCount {
            let length = shortDataLength + (block < shortBlocks ? 0 : 1)
            let chunk = Array(data[offset..<offset + length])
            offset += length
            dataBlocks.append(chunk)
            eccBlocks.append(ReedSolomon.remainder(chunk, divisor: divisor))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for i in 0...shortDataLength {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<eccLength {
            for block in eccBlocks { result.append(block[i]) }
        }
        return result
    }

    /// Modules available for data and error correction codewords, remainder bits included.
    private static func rawModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let count = version / 7 + 2
            result -= (25 * count - 10) * count - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    /// Data codewords (before error correction) in a symbol.
    private static func dataCapacity(_ version: Int, _ correction: ErrorCorrection) -> Int {
        rawModules(version) / 8
            - Tables.eccPerBlock[correction.index][version] * Tables.blocks[correction.index][version]
    }

    // MARK: - SVG

    /// A standalone SVG of the symbol with `quietZone` light modules on each side.
    ///
    /// One user unit is one module. The root has a `viewBox` but no `width` or
    /// `height`, so CSS (or the containing box) decides the rendered size; give
    /// the element a width when embedding it. Dark modules are one path of
    /// horizontal runs; the title names the image for screen readers.
    public func svg(title: String, quietZone: Int = 4) -> String {
        let margin = max(0, quietZone)
        let side = size + 2 * margin
        let id = "qr-\(String(fingerprint, radix: 16))"
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + margin) \(y + margin)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" role=\"img\" "
            + "aria-labelledby=\"\(id)\"><title id=\"\(id)\">\(HTMLEscaping.escape(title))</title>"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\" shape-rendering=\"crispEdges\"/></svg>"
    }

    /// A 32-bit FNV-1a hash of the modules, so that different codes inlined in one page get distinct title ids.
    private var fingerprint: UInt32 {
        modules.reduce(UInt32(2_166_136_261)) { ($0 ^ ($1 ? 1 : 0)) &* 16_777_619 }
    }
}

// MARK: - Module grid

/// The symbol under construction: module colours plus which modules belong to function patterns.
private struct Grid {
    let version: Int
    let size: Int
    var dark: [Bool]
    /// Finder, separator, timing and alignment patterns and the reserved format/version areas.
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 4 * version + 17
        dark = Array(repeating: false, count: size * size)
        isFunction = dark
        drawFunctionPatterns()
    }

    mutating func set(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y * size + x] = value
        isFunction[y * size + x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        // Finder patterns with their separators (the parts outside the symbol are skipped).
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let ring = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, ring != 2 && ring != 4)
                }
            }
        }
        let centres = alignmentCentres
        let last = centres.last
        for cy in centres {
            for cx in centres {
                // The three corners taken by finder patterns get no alignment pattern.
                guard !(cx == 6 && cy == 6), !(cx == 6 && cy == last), !(cx == last && cy == 6) else { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format areas, the dark module beside them and the version areas (light for now).
        for i in 0..<9 {
            set(8, i, i == 6)
            set(i, 8, i == 6)
        }
        for i in 0..<8 {
            set(size - 1 - i, 8, false)
            set(8, size - 1 - i, false)
        }
        if version >= 7 {
            for i in 0..<18 {
                set(size - 11 + i % 3, i / 3, false)
                set(i / 3, size - 11 + i % 3, false)
            }
        }
    }

    /// Alignment pattern centre coordinates, used for rows and columns alike (annex E).
    private var alignmentCentres: [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        return [6] + (0..<count - 1).map { size - 7 - $0 * step }.reversed()
    }

    /// Places the codewords in two-module columns, zigzagging up and down from the bottom right (§7.7.3).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    if bit < codewords.count * 8 {
                        dark[y * size + x] = (codewords[bit >> 3] >> (7 - (bit & 7))) & 1 == 1
                    }
                    bit += 1
                }
            }
            right -= 2
        }
    }

    /// A copy with data mask `pattern` applied to the non-function modules (§7.8.2).
    func masked(_ pattern: Int) -> Grid {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let flip = switch pattern {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { copy.dark[y * size + x].toggle() }
            }
        }
        return copy
    }

    /// Level and mask, BCH(15,5)-protected and XOR-ed with 0x5412, in both copies (§7.9).
    mutating func drawFormatBits(correction: QRCode.ErrorCorrection, mask: Int) {
        let data = correction.formatBits << 3 | mask
        let bits = (data << 10 | bchRemainder(data, generator: 0x537, degree: 10)) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0..<6 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// Version number with its BCH(18,6) check bits, for version 7 and up (§7.10).
    mutating func drawVersionBits() {
        guard version >= 7 else { return }
        let bits = version << 12 | bchRemainder(version, generator: 0x1F25, degree: 12)
        for i in 0..<18 {
            let value = (bits >> i) & 1 == 1
            set(size - 11 + i % 3, i / 3, value)
            set(i / 3, size - 11 + i % 3, value)
        }
    }

    /// The remainder of `data` · x^degree divided by `generator`, over GF(2).
    private func bchRemainder(_ data: Int, generator: Int, degree: Int) -> Int {
        var value = data << degree
        for bit in stride(from: Int.bitWidth - 1 - value.leadingZeroBitCount, through: degree, by: -1) {
            if value >> bit & 1 == 1 { value ^= generator << (bit - degree) }
        }
        return value
    }

    // MARK: Penalty (§7.8.3.1, table 11)

    /// N1 + N2 + N3 + N4 for the whole symbol; lower is better.
    func penalty() -> Int {
        var score = 0
        let rows = (0..<size).map { y in Array(dark[y * size..<(y + 1) * size]) }
        let columns = (0..<size).map { x in (0..<size).map { dark[$0 * size + x] } }
        for line in rows + columns {
            score += runPenalty(line) + finderLikePenalty(line)
        }
        // N2: 3 for each 2 × 2 block of one colour (overlapping blocks all count).
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = dark[y * size + x]
                if c == dark[y * size + x + 1], c == dark[(y + 1) * size + x], c == dark[(y + 1) * size + x + 1] {
                    score += 3
                }
            }
        }
        // N4: 10 for each full 5 % step the dark share lies away from 50 %.
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        score += 10 * (abs(darkCount * 20 - dark.count * 10) / dark.count)
        return score
    }

    /// N1: 3 + (n − 5) for each run of n ≥ 5 same-coloured modules.
    private func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for i in 1...line.count {
            if i < line.count, line[i] == line[i - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        return score
    }

    /// N3: 40 for each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) with four light modules
    /// before or after it, overlapping occurrences included; beyond the edge is the light quiet zone.
    private func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        func light(_ range: Range<Int>) -> Bool {
            range.allSatisfy { !line.indices.contains($0) || !line[$0] }
        }
        var score = 0
        for start in 0...(line.count - 7) where line[start..<start + 7].elementsEqual(pattern) {
            if light(start - 4..<start) || light(start + 7..<start + 11) { score += 40 }
        }
        return score
    }
}

// MARK: - Reed–Solomon over GF(256), polynomial x⁸ + x⁴ + x³ + x² + 1

private enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var result = 0
        var a = Int(a)
        var b = Int(b)
        while b != 0 {
            if b & 1 == 1 { result ^= a }
            a <<= 1
            if a & 0x100 != 0 { a ^= 0x11D }
            b >>= 1
        }
        return UInt8(result)
    }

    /// Coefficients (highest degree first, leading 1 omitted) of ∏ (x − αⁱ) for i in 0..<degree.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    /// The error correction codewords: `data` · x^degree mod generator.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

// MARK: - Block structure (ISO/IEC 18004:2015 table 9), indexed [level][version]; index 0 unused

private enum Tables {
    static let eccPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    static let blocks: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]
}
