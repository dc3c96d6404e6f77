import Foundation
import XCTest
@testable import TillitFormats

final class SimplePDFTests: XCTestCase {
    static let paragraphs = [
        "Denna rapport beskriver hur tillitsbaserad styrning har införts under 2025–2026 och ”vad som fungerat”.",
        "Specialtecken: (parentes) \\snedstreck\\ 100 % & é É ÅÄÖ åäö € …",
    ]

    /// The file as text with every byte kept (ISO 8859-1), so offsets in it are byte offsets.
    static func text(_ data: Data) -> [Character] {
        data.map { Character(Unicode.Scalar($0)) }
    }

    // MARK: File structure

    func testFileStructureAndCrossReferenceTable() throws {
        let data = SimplePDF.document(title: "Tillit i praktiken", author: "Åsa Öberg", paragraphs: Self.paragraphs)
        let bytes = [UInt8](data)
        XCTAssertTrue(data.starts(with: Array("%PDF-1.4\n".utf8)))
        XCTAssertTrue(bytes.suffix(6) == Array("%%EOF\n".utf8))
        XCTAssertEqual(AttachmentKind.detect(data), .pdf)

        let file = String(Self.text(data))
        let startxref = try XCTUnwrap(file.range(of: "startxref\n", options: .backwards))
        let xrefOffset = try XCTUnwrap(Int(file[startxref.upperBound...].prefix { $0.isNumber }))
        XCTAssertTrue(bytes[xrefOffset...].starts(with: Array("xref\n0 ".utf8)))

        let xrefText = String(file.dropFirst(xrefOffset))
        let lines = xrefText.components(separatedBy: "\n")
        let header = lines[1].split(separator: " ")
        XCTAssertEqual(header.first, "0")
        let count = try XCTUnwrap(Int(header[1]))
        XCTAssertEqual(lines[2], "0000000000 65535 f ")
        for object in 1 ..< count {
            let entry = lines[2 + object]
            XCTAssertEqual(entry.count, 19, "entry plus LF is 20 bytes")
            XCTAssertTrue(entry.hasSuffix(" 00000 n "))
            let offset = try XCTUnwrap(Int(entry.prefix(10)))
            XCTAssertTrue(bytes[offset...].starts(with: Array("\(object) 0 obj\n".utf8)), "object \(object)")
        }
        XCTAssertTrue(file.contains("trailer\n<< /Size \(count) /Root 1 0 R /Info 5 0 R /ID ["))
    }

    func testStreamLengthsAreExact() throws {
        let data = SimplePDF.document(title: "T", author: "A", paragraphs: Self.paragraphs)
        let file = String(Self.text(data))
        var searchStart = file.startIndex
        var streams = 0
        while let length = file.range(of: "<< /Length ", range: searchStart ..< file.endIndex) {
            let number = try XCTUnwrap(Int(file[length.upperBound...].prefix { $0.isNumber }))
            let start = try XCTUnwrap(file.range(of: ">>\nstream\n", range: length.upperBound ..< file.endIndex))
            let end = try XCTUnwrap(file.range(of: "\nendstream", range: start.upperBound ..< file.endIndex))
            XCTAssertEqual(file.distance(from: start.upperBound, to: end.lowerBound), number)
            searchStart = end.upperBound
            streams += 1
        }
        XCTAssertEqual(streams, 1)
    }

    func testInformationDictionaryUsesUTF16() {
        let data = SimplePDF.document(title: "Åtgärd", author: "Ö", paragraphs: [])
        let file = String(Self.text(data))
        XCTAssertTrue(file.contains("/Title <FEFF00C50074006700E400720064>"))
        XCTAssertTrue(file.contains("/Author <FEFF00D6>"))
        XCTAssertFalse(file.contains("/CreationDate"))
        let dated = String(Self.text(SimplePDF.document(title: "x", author: "y", paragraphs: [],
                                                         creationDate: Date(timeIntervalSince1970: 1_773_480_600))))
        XCTAssertTrue(dated.contains("/CreationDate (D:20260314093000Z)"))
    }

    func testTextIsWinAnsiEncodedInTheContentStream() {
        let data = SimplePDF.document(title: "Rubrik", author: "", paragraphs: ["åäö (x) \\ ”"])
        let file = String(Self.text(data))
        XCTAssertTrue(file.contains("(\\345\\344\\366 \\(x\\) \\\\ \\224) Tj"))
        XCTAssertTrue(file.contains("/F2 18.00 Tf"))
        XCTAssertTrue(file.contains("(Rubrik) Tj"))
        XCTAssertTrue(file.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"))
        // Apart from the binary marker comment the file is 7-bit.
        XCTAssertEqual(data.filter { $0 >= 0x80 }.count, 4)
    }

    func testOutputIsDeterministic() {
        let a = SimplePDF.document(title: "T", author: "A", paragraphs: Self.paragraphs)
        let b = SimplePDF.document(title: "T", author: "A", paragraphs: Self.paragraphs)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, SimplePDF.document(title: "T2", author: "A", paragraphs: Self.paragraphs))
    }

    // MARK: Layout

    func testLongTextBreaksIntoPagesWithinTheMargins() {
        let paragraph = String(repeating: "Tillit är en förutsättning för en välfungerande offentlig sektor. ", count: 12)
        let paragraphs = Array(repeating: paragraph, count: 30) + [String(repeating: "Ordutanmellanrum", count: 40)]
        let pages = SimplePDF.layout(title: "Rubrik", author: "Författare", paragraphs: paragraphs)
        XCTAssertGreaterThan(pages.count, 3)
        let textWidth = SimplePDF.pageWidth - 2 * SimplePDF.margin
        for (index, page) in pages.enumerated() {
            XCTAssertFalse(page.isEmpty, "page \(index + 1)")
            for line in page {
                XCTAssertLessThanOrEqual(SimplePDF.width(line.bytes, font: line.font, size: line.size), textWidth + 0.001)
                XCTAssertGreaterThanOrEqual(line.y, SimplePDF.margin)
                XCTAssertLessThanOrEqual(line.y, SimplePDF.pageHeight - SimplePDF.margin)
            }
            let ys = page.map(\.y)
            XCTAssertEqual(ys, ys.sorted(by: >), "lines run top to bottom")
        }
        XCTAssertEqual(pages[0][0].font, .bold)

        let data = SimplePDF.document(title: "Rubrik", author: "Författare", paragraphs: paragraphs)
        let file = String(Self.text(data))
        XCTAssertTrue(file.contains("/Count \(pages.count) >>"))
        XCTAssertEqual(file.components(separatedBy: "/Type /Page ").count - 1, pages.count)
        XCTAssertTrue(file.contains("(Sida \(pages.count) av \(pages.count)) Tj"))
    }

    func testWordWrapKeepsAllWords() {
        let text = "Det här är en mening som är så lång att den måste brytas över flera rader i dokumentet."
        let lines = SimplePDF.wrap(SimplePDF.winAnsi(text), font: .regular, size: 11, width: 120)
        XCTAssertGreaterThan(lines.count, 3)
        XCTAssertEqual(Array(lines.joined(separator: [0x20])), SimplePDF.winAnsi(text))
        for line in lines { XCTAssertLessThanOrEqual(SimplePDF.width(line, font: .regular, size: 11), 120) }
    }

    func testHardBreaksAndLongWords() {
        let lines = SimplePDF.wrap(SimplePDF.winAnsi("a\n\nb"), font: .regular, size: 11, width: 100)
        XCTAssertEqual(lines, [[0x61], [], [0x62]])
        let word = [UInt8](repeating: 0x57, count: 50) // "W" is 944/1000 em
        let broken = SimplePDF.wrap(word, font: .regular, size: 10, width: 100)
        XCTAssertEqual(broken.map(\.count), [10, 10, 10, 10, 10])
    }

    // MARK: Encoding and metrics

    func testWinAnsiMapping() {
        XCTAssertEqual(SimplePDF.winAnsi("åäöÅÄÖé–—”“’…€"),
                       [0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0x96, 0x97, 0x94, 0x93, 0x92, 0x85, 0x80])
        XCTAssertEqual(SimplePDF.winAnsi("日本 Ω ł"), Array("?? ? ?".utf8))
        XCTAssertEqual(SimplePDF.winAnsi("a\u{30A}"), [0xE5], "composed before mapping")
        XCTAssertEqual(SimplePDF.winAnsi("a\tb\u{0}c\u{200B}d\u{AD}e"), Array("a bcde".utf8))
        XCTAssertEqual(SimplePDF.winAnsi("1\r\n2\r3"), Array("1\n2\n3".utf8))
    }

    func testHelveticaMetrics() {
        let w = { (s: String, f: SimplePDF.Font) in SimplePDF.width(SimplePDF.winAnsi(s), font: f, size: 1000) }
        XCTAssertEqual(w(" ", .regular), 278)
        XCTAssertEqual(w("W", .regular), 944)
        XCTAssertEqual(w("i", .regular), 222)
        XCTAssertEqual(w("å", .regular), w("a", .regular))
        XCTAssertEqual(w("Ö", .regular), w("O", .regular))
        XCTAssertEqual(w("–", .regular), 556)
        XCTAssertEqual(w("i", .bold), 278)
        XCTAssertEqual(w("ä", .bold), 556)
        XCTAssertEqual(SimplePDF.helveticaWidths.count, 224)
        XCTAssertEqual(SimplePDF.helveticaBoldWidths.count, 224)
    }

    func testLiteralStringEscaping() {
        XCTAssertEqual(SimplePDF.literal(Array("a(b)c\\d".utf8)), "(a\\(b\\)c\\\\d)")
        XCTAssertEqual(SimplePDF.literal([0xE5, 0x0A, 0x07]), "(\\345\\012\\007)")
    }

    func testEmptyDocumentIsStillAValidSinglePage() {
        let data = SimplePDF.document(title: "", author: "", paragraphs: [])
        let file = String(Self.text(data))
        XCTAssertTrue(file.contains("/Count 1 >>"))
        XCTAssertTrue(file.contains("(Sida 1 av 1) Tj"))
        XCTAssertEqual(AttachmentKind.detect(data), .pdf)
    }
}
