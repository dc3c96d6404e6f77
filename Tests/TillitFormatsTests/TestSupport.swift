import Foundation

/// Writes ZIP archives with stored (uncompressed) entries: local headers, central directory
/// and end record, with correct CRC-32s, so tests can build real OOXML and ODF containers.
enum ZipBuilder {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// 0 = stored. Any other value is written as-is (the data stays uncompressed) to
        /// produce archives that claim compression.
        var method: UInt16 = 0

        init(_ name: String, _ text: String, method: UInt16 = 0) {
            self.name = name
            self.data = Array(text.utf8)
            self.method = method
        }
    }

    static func build(_ entries: [Entry], comment: String = "") -> Data {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            out += le32(0x0403_4B50)
            out += le16(20) + le16(0x0800) + le16(entry.method) + le16(0) + le16(0x21)
            out += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            out += le16(UInt16(name.count)) + le16(0)
            out += name + entry.data

            central += le32(0x0201_4B50)
            central += le16(20) + le16(20) + le16(0x0800) + le16(entry.method) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            central += le32(offset) + name
        }
        let centralOffset = UInt32(out.count)
        out += central
        let commentBytes = Array(comment.utf8)
        out += le32(0x0605_4B50) + le16(0) + le16(0)
        out += le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(centralOffset)
        out += le16(UInt16(commentBytes.count)) + commentBytes
        return Data(out)
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0 ..< 8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static let contentTypes = Entry("[Content_Types].xml", """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>
        """)

    static var docx: Data {
        build([
            contentTypes,
            Entry("_rels/.rels", "<Relationships/>"),
            Entry("word/document.xml", "<w:document/>"),
        ])
    }

    static var xlsx: Data {
        build([
            contentTypes,
            Entry("_rels/.rels", "<Relationships/>"),
            Entry("xl/workbook.xml", "<workbook/>"),
        ])
    }

    static var odt: Data {
        build([
            Entry("mimetype", "application/vnd.oasis.opendocument.text"),
            Entry("content.xml", "<office:document-content/>"),
            Entry("META-INF/manifest.xml", "<manifest:manifest/>"),
        ])
    }
}

/// A seeded generator so fuzz tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Data {
    static func random(count: Int, using rng: inout SplitMix64) -> Data {
        Data((0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &rng) })
    }
}
