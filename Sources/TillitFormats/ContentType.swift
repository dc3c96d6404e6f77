import Foundation

/// The kinds of file that may be attached to a case, a report or a message.
///
/// The kind is always decided from the bytes, never from the name or the type the browser
/// claims: a file called `beslut.pdf` that is really HTML must not be served as a PDF, and an
/// executable must not get through at all.
public enum AttachmentKind: String, Sendable, CaseIterable {
    case pdf, docx, xlsx, odt, png, jpeg

    /// The media type to send in `Content-Type` when serving the file.
    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// The extension (without dot) a stored or downloaded file of this kind gets.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        default: rawValue
        }
    }

    /// Every extension that conventionally names this kind, lower case.
    var extensionAliases: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// The kind of `data`, or nil when it is none of the accepted kinds or is malformed.
    ///
    /// Only the first bytes choose which check runs, so a file can never be two kinds at once.
    /// The checks are structural rather than full validation: enough to refuse a renamed HTML
    /// page, an executable or a plain ZIP archive while accepting what ordinary office
    /// programs, cameras and PDF writers produce. All reads are bounds-checked; hostile input
    /// yields nil, never a crash. ZIP64 and multi-disk archives are refused.
    public static func detect(_ data: Data) -> AttachmentKind? {
        data.withUnsafeBytes { raw in
            ContentSniffer.detect(ByteView(raw))
        }
    }
}

// MARK: - Detection

/// Bounds-checked little and big endian reads over a byte buffer. Every accessor returns nil
/// instead of reading outside the buffer, so parsing code cannot overrun on crafted lengths.
struct ByteView {
    let raw: UnsafeRawBufferPointer
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var count: Int { raw.count }

    /// True when `[offset, offset + length)` lies inside the buffer.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    func u8(_ i: Int) -> UInt8? { contains(i, 1) ? raw[i] : nil }

    func u16le(_ i: Int) -> Int? {
        guard contains(i, 2) else { return nil }
        return Int(raw[i]) | Int(raw[i + 1]) << 8
    }

    func u32le(_ i: Int) -> Int? {
        guard contains(i, 4) else { return nil }
        return Int(raw[i]) | Int(raw[i + 1]) << 8 | Int(raw[i + 2]) << 16 | Int(raw[i + 3]) << 24
    }

    func u32be(_ i: Int) -> Int? {
        guard contains(i, 4) else { return nil }
        return Int(raw[i]) << 24 | Int(raw[i + 1]) << 16 | Int(raw[i + 2]) << 8 | Int(raw[i + 3])
    }

    func matches(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard contains(offset, bytes.count) else { return false }
        for (k, b) in bytes.enumerated() where raw[offset + k] != b { return false }
        return true
    }

    func bytes(_ offset: Int, _ length: Int) -> [UInt8]? {
        guard contains(offset, length) else { return nil }
        return Array(raw[offset ..< offset + length])
    }

    /// The last offset in `[from, count)` where `needle` starts.
    func lastIndex(of needle: [UInt8], notBefore from: Int) -> Int? {
        var i = count - needle.count
        while i >= max(from, 0) {
            if matches(needle, at: i) { return i }
            i -= 1
        }
        return nil
    }
}

/// One entry of a ZIP central directory, as far as type detection needs it.
struct ZipEntry: Sendable, Equatable {
    var name: String
    var method: Int
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
    /// Offset of the entry's data, after its local header.
    var dataOffset: Int
}

/// Content sniffing for `AttachmentKind.detect`.
enum ContentSniffer {
    static let pdfMagic: [UInt8] = Array("%PDF-".utf8)
    static let pdfEOF: [UInt8] = Array("%%EOF".utf8)
    static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let zipLocal: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let zipCentral: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
    static let zipEnd: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    static let odtMimeType: [UInt8] = Array(AttachmentKind.odt.mimeType.utf8)

    static func detect(_ b: ByteView) -> AttachmentKind? {
        if b.matches(pdfMagic, at: 0) { return isPDF(b) ? .pdf : nil }
        if b.matches(pngMagic, at: 0) { return isPNG(b) ? .png : nil }
        if b.matches([0xFF, 0xD8, 0xFF], at: 0) { return isJPEG(b) ? .jpeg : nil }
        if b.matches(zipLocal, at: 0) { return zipKind(b) }
        return nil
    }

    /// A version number after the header, and an end-of-file marker in the last kilobyte
    /// (writers may append a newline or a little padding after it).
    static func isPDF(_ b: ByteView) -> Bool {
        guard let major = b.u8(5), major == UInt8(ascii: "1") || major == UInt8(ascii: "2"),
              b.u8(6) == UInt8(ascii: ".") else { return false }
        return b.lastIndex(of: pdfEOF, notBefore: max(8, b.count - 1024)) != nil
    }

    /// The signature must be followed by a well-formed IHDR chunk, the one PNG requires first.
    static func isPNG(_ b: ByteView) -> Bool {
        guard b.u32be(8) == 13, b.matches(Array("IHDR".utf8), at: 12),
              let width = b.u32be(16), let height = b.u32be(20), width > 0, height > 0,
              let depth = b.u8(24), [1, 2, 4, 8, 16].contains(depth),
              let colour = b.u8(25), [0, 2, 3, 4, 6].contains(colour),
              b.contains(8, 25) // length, type, 13 data bytes, CRC
        else { return false }
        return true
    }

    /// Start-of-image followed by a marker, and an end-of-image marker. Bytes after the end
    /// marker are allowed: phone cameras append their own metadata there.
    static func isJPEG(_ b: ByteView) -> Bool {
        guard let marker = b.u8(3), marker >= 0xC0, marker != 0xFF else { return false }
        return b.lastIndex(of: [0xFF, 0xD9], notBefore: 4) != nil
    }

    /// Office Open XML and OpenDocument files are ZIP archives told apart by their entries.
    static func zipKind(_ b: ByteView) -> AttachmentKind? {
        guard let entries = zipEntries(b) else { return nil }
        let names = Set(entries.map { $0.name.lowercased() })
        let hasTypes = names.contains("[content_types].xml")
        let isDocx = hasTypes && names.contains("word/document.xml")
        let isXlsx = hasTypes && names.contains("xl/workbook.xml")
        let isOdt = entries.contains { entry in
            guard entry.name == "mimetype", entry.method == 0,
                  entry.compressedSize == odtMimeType.count,
                  entry.uncompressedSize == odtMimeType.count else { return false }
            return b.matches(odtMimeType, at: entry.dataOffset)
        }
        switch (isDocx, isXlsx, isOdt) {
        case (true, false, false): return .docx
        case (false, true, false): return .xlsx
        case (false, false, true): return .odt
        default: return nil // not an office file, or claims to be several
        }
    }

    /// The entries of a ZIP archive, read from its central directory, or nil when the archive
    /// is truncated, spans several disks, uses ZIP64 or is inconsistent in any checked way.
    /// Every entry's local header must exist, carry the same name and hold its data before the
    /// central directory starts.
    static func zipEntries(_ b: ByteView) -> [ZipEntry]? {
        guard b.count >= 22 else { return nil }
        // The end record is 22 bytes plus a comment of at most 65 535 bytes.
        var eocd: Int?
        var pos = b.count - 22
        let lowest = max(0, b.count - 22 - 0xFFFF)
        while pos >= lowest {
            if b.matches(zipEnd, at: pos), let commentLength = b.u16le(pos + 20),
               b.contains(pos, 22 + commentLength) {
                eocd = pos
                break
            }
            pos -= 1
        }
        guard let end = eocd,
              b.u16le(end + 4) == 0, b.u16le(end + 6) == 0,
              let onDisk = b.u16le(end + 8), let total = b.u16le(end + 10), onDisk == total,
              total > 0, total != 0xFFFF,
              let cdSize = b.u32le(end + 12), let cdOffset = b.u32le(end + 16),
              cdSize != 0xFFFF_FFFF, cdOffset != 0xFFFF_FFFF,
              cdOffset + cdSize <= end
        else { return nil }

        let cdEnd = cdOffset + cdSize
        var entries: [ZipEntry] = []
        entries.reserveCapacity(total)
        var p = cdOffset
        for _ in 0 ..< total {
            guard p + 46 <= cdEnd, b.matches(zipCentral, at: p),
                  let method = b.u16le(p + 10),
                  let compressed = b.u32le(p + 20), let uncompressed = b.u32le(p + 24),
                  let nameLength = b.u16le(p + 28), let extraLength = b.u16le(p + 30),
                  let commentLength = b.u16le(p + 32), let local = b.u32le(p + 42)
            else { return nil }
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= cdEnd, let nameBytes = b.bytes(p + 46, nameLength) else { return nil }

            // The local header repeats the name; its data must end before the directory.
            guard local + 30 <= cdOffset, b.matches(zipLocal, at: local),
                  let localNameLength = b.u16le(local + 26), let localExtraLength = b.u16le(local + 28),
                  b.bytes(local + 30, localNameLength) == nameBytes
            else { return nil }
            let dataOffset = local + 30 + localNameLength + localExtraLength
            guard dataOffset + compressed <= cdOffset else { return nil }

            entries.append(ZipEntry(
                name: String(decoding: nameBytes, as: UTF8.self),
                method: method,
                compressedSize: compressed,
                uncompressedSize: uncompressed,
                localHeaderOffset: local,
                dataOffset: dataOffset
            ))
            p = next
        }
        guard p == cdEnd else { return nil }
        return entries
    }
}

// MARK: - Names and headers

extension AttachmentKind {
    /// A file name that is safe to store and to offer for download: no directories, no control,
    /// quote or shell characters, at most 120 characters (and 255 UTF-8 bytes), always ending in
    /// this kind's extension.
    ///
    /// Letters of any script (å, ä, ö included), digits, space, `-`, `_` and `.` are kept;
    /// runs of white space become one space. An extension naming another accepted kind is
    /// replaced, so `rapport.docx` holding a PDF becomes `rapport.pdf`. Falls back to
    /// `bilaga.<ext>` when nothing usable is left.
    public static func safeFileName(_ name: String, kind: AttachmentKind) -> String {
        let ext = kind.fileExtension
        let lastComponent = name.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0 == "/" || $0 == "\\" })
            .last.map(String.init) ?? ""

        var kept = String.UnicodeScalarView()
        var pendingSpace = false
        var afterLetter = false
        var marks = 0
        for s in lastComponent.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = true
                afterLetter = false
                continue
            }
            // Combining marks are kept only on a letter, and only a few in a row: scripts such
            // as Devanagari need them, stacks of them only serve to garble the name.
            let isMark = s.properties.generalCategory == .nonspacingMark
                || s.properties.generalCategory == .spacingMark
            marks = isMark ? marks + 1 : 0
            guard isFileNameScalar(s) || (isMark && afterLetter && marks <= 3) else {
                afterLetter = false
                continue
            }
            if pendingSpace, !kept.isEmpty { kept.append(" ") }
            pendingSpace = false
            kept.append(s)
            afterLetter = isMark || s.properties.isAlphabetic
        }

        var stem = trimmed(String(kept), leading: false)
        if let dot = stem.lastIndex(of: ".") {
            let existing = stem[stem.index(after: dot)...].lowercased()
            if AttachmentKind.allCases.contains(where: { $0.extensionAliases.contains(existing) }) {
                stem = String(stem[..<dot])
            }
        }
        stem = trimmed(stem)
        // 120 characters, and never more than the 255 bytes common file systems allow.
        let maxStem = 120 - 1 - ext.count
        if stem.count > maxStem { stem = String(stem.prefix(maxStem)) }
        while stem.utf8.count > 255 - 1 - ext.utf8.count { stem.removeLast() }
        stem = trimmed(stem)
        if stem.isEmpty { stem = "bilaga" }
        if reservedWindowsNames.contains(stem.uppercased()) { stem += "_" }
        return stem + "." + ext
    }

    /// A `Content-Disposition` header value per RFC 6266: a quoted ASCII `filename` for old
    /// clients and an RFC 5987 `filename*` carrying the exact UTF-8 name for the rest.
    /// Control characters are removed, so the value can never split a header.
    public static func contentDisposition(fileName: String, inline: Bool) -> String {
        let name = String(String.UnicodeScalarView(
            fileName.precomposedStringWithCanonicalMapping.unicodeScalars.filter { !isControl($0) }
        ))
        var fallback = ""
        for s in name.unicodeScalars { fallback += asciiFallback(s) }
        if fallback.allSatisfy({ $0 == "_" || $0 == " " || $0 == "." }) { fallback = "bilaga" }
        if name.isEmpty {
            return "\(inline ? "inline" : "attachment"); filename=\"bilaga\""
        }

        var encoded = ""
        for byte in name.utf8 {
            if isAttrChar(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hexByte(byte)
            }
        }
        return "\(inline ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    static let reservedWindowsNames: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for n in 1 ... 9 {
            names.insert("COM\(n)")
            names.insert("LPT\(n)")
        }
        return names
    }()

    static func isFileNameScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a" ... "z", "A" ... "Z", "0" ... "9", "-", "_", ".": return true
        default:
            guard !s.isASCII else { return false }
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter: return true
            default: return false
            }
        }
    }

    /// Strips spaces and dots from both ends: leading dots hide files, trailing ones are
    /// dropped by Windows.
    static func trimmed(_ s: String, leading: Bool = true) -> String {
        var scalars = Substring(s).unicodeScalars[...]
        while leading, let f = scalars.first, f == " " || f == "." { scalars = scalars.dropFirst() }
        while let l = scalars.last, l == " " || l == "." { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F ... 0x9F).contains(s.value)
            || s.properties.generalCategory == .format // bidi overrides and the like
            || s.properties.generalCategory == .lineSeparator
            || s.properties.generalCategory == .paragraphSeparator
    }

    /// The closest printable ASCII for the quoted `filename` parameter: accents are dropped
    /// (å → a), and anything that could end or escape the quoted string becomes `_`.
    static func asciiFallback(_ s: Unicode.Scalar) -> String {
        if s.isASCII {
            switch s {
            case "\"", "\\", "%": return "_"
            default: return String(s)
            }
        }
        switch s {
        case "æ": return "ae"
        case "Æ": return "AE"
        case "ø": return "o"
        case "Ø": return "O"
        case "ß": return "ss"
        default: break
        }
        if let base = String(s).decomposedStringWithCanonicalMapping.unicodeScalars.first,
           base.isASCII, base.properties.isAlphabetic {
            return String(base)
        }
        return "_"
    }

    /// RFC 5987 `attr-char`: the bytes that may appear unencoded in an extended value.
    static func isAttrChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"):
            return true
        default:
            return "!#$&+-.^_`|~".utf8.contains(b)
        }
    }

    static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
    }
}
