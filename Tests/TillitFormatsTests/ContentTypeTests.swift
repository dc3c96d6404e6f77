import Foundation
import XCTest
@testable import TillitFormats

final class ContentTypeTests: XCTestCase {
    // MARK: Fixtures

    static let minimalPDF = Data("""
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """.utf8)

    /// Signature, IHDR for a 1×1 RGB image, its CRC, and IEND.
    static let minimalPNG = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00,
        0x90, 0x77, 0x53, 0xDE,
        0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ])

    /// SOI, an APP0/JFIF segment, a comment segment and EOI.
    static let minimalJPEG = Data([
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xFE, 0x00, 0x05, 0x68, 0x65, 0x6A,
        0xFF, 0xD9,
    ])

    // MARK: Kinds

    func testMimeTypesAndExtensions() {
        XCTAssertEqual(AttachmentKind.pdf.mimeType, "application/pdf")
        XCTAssertEqual(AttachmentKind.docx.mimeType, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        XCTAssertEqual(AttachmentKind.xlsx.mimeType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertEqual(AttachmentKind.odt.mimeType, "application/vnd.oasis.opendocument.text")
        XCTAssertEqual(AttachmentKind.png.mimeType, "image/png")
        XCTAssertEqual(AttachmentKind.jpeg.mimeType, "image/jpeg")
        XCTAssertEqual(AttachmentKind.allCases.map(\.fileExtension), ["pdf", "docx", "xlsx", "odt", "png", "jpg"])
    }

    // MARK: Detection of genuine files

    func testDetectsPDF() {
        XCTAssertEqual(AttachmentKind.detect(Self.minimalPDF), .pdf)
        // Trailing bytes after %%EOF, as incremental writers leave them.
        XCTAssertEqual(AttachmentKind.detect(Self.minimalPDF + Data("\r\n\0\0".utf8)), .pdf)
    }

    func testDetectsPNG() {
        XCTAssertEqual(AttachmentKind.detect(Self.minimalPNG), .png)
    }

    func testDetectsJPEGIncludingTrailingMetadata() {
        XCTAssertEqual(AttachmentKind.detect(Self.minimalJPEG), .jpeg)
        XCTAssertEqual(AttachmentKind.detect(Self.minimalJPEG + Data("SEFT trailer".utf8)), .jpeg)
    }

    func testDetectsOfficeContainers() {
        XCTAssertEqual(AttachmentKind.detect(ZipBuilder.docx), .docx)
        XCTAssertEqual(AttachmentKind.detect(ZipBuilder.xlsx), .xlsx)
        XCTAssertEqual(AttachmentKind.detect(ZipBuilder.odt), .odt)
    }

    func testZipCommentIsTolerated() {
        let withComment = ZipBuilder.build([
            ZipBuilder.contentTypes, ZipBuilder.Entry("word/document.xml", "<w:document/>"),
        ], comment: "skapad av kontorspaketet")
        XCTAssertEqual(AttachmentKind.detect(withComment), .docx)
    }

    func testDetectionWorksOnDataSlices() {
        let padded = Data([1, 2, 3]) + ZipBuilder.odt
        XCTAssertEqual(AttachmentKind.detect(padded[3...]), .odt)
        XCTAssertNil(AttachmentKind.detect(padded))
    }

    func testZipEntriesAreReadFromTheCentralDirectory() throws {
        let entries = try XCTUnwrap(ZipBuilder.odt.withUnsafeBytes { ContentSniffer.zipEntries(ByteView($0)) })
        XCTAssertEqual(entries.map(\.name), ["mimetype", "content.xml", "META-INF/manifest.xml"])
        XCTAssertEqual(entries[0].localHeaderOffset, 0)
        XCTAssertEqual(entries[0].dataOffset, 30 + 8)
        XCTAssertEqual(entries[0].compressedSize, 39)
    }

    // MARK: Disguised and unsupported content

    func testRejectsDisguisedContent() {
        let cases: [(String, Data)] = [
            ("HTML named .pdf", Data("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8)),
            ("EXE", Data([0x4D, 0x5A, 0x90, 0x00] + [UInt8](repeating: 0, count: 200))),
            ("plain text", Data("Hej, detta är bara text.".utf8)),
            ("empty", Data()),
            ("GIF", Data("GIF89a\u{1}\0\u{1}\0".utf8)),
            ("SVG", Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)),
            ("PDF header without end marker", Data("%PDF-1.7\n1 0 obj\n".utf8)),
            ("PDF header with bad version", Data("%PDF-x.1\n%%EOF\n".utf8)),
            ("PNG signature without IHDR", Self.minimalPNG.prefix(8) + Data(repeating: 0, count: 40)),
            ("JPEG without end marker", Self.minimalJPEG.dropLast(2)),
            ("plain ZIP", ZipBuilder.build([ZipBuilder.Entry("readme.txt", "hej")])),
            ("ZIP without word/document.xml", ZipBuilder.build([
                ZipBuilder.contentTypes, ZipBuilder.Entry("word/styles.xml", "<w:styles/>"),
            ])),
            ("ZIP with document but no content types", ZipBuilder.build([
                ZipBuilder.Entry("word/document.xml", "<w:document/>"),
            ])),
            ("OpenDocument spreadsheet", ZipBuilder.build([
                ZipBuilder.Entry("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                ZipBuilder.Entry("content.xml", "<x/>"),
            ])),
            ("ODT mimetype not stored", ZipBuilder.build([
                ZipBuilder.Entry("mimetype", "application/vnd.oasis.opendocument.text", method: 8),
            ])),
            ("ODT mimetype with trailing newline", ZipBuilder.build([
                ZipBuilder.Entry("mimetype", "application/vnd.oasis.opendocument.text\n"),
            ])),
            ("both DOCX and XLSX parts", ZipBuilder.build([
                ZipBuilder.contentTypes,
                ZipBuilder.Entry("word/document.xml", "<w:document/>"),
                ZipBuilder.Entry("xl/workbook.xml", "<workbook/>"),
            ])),
        ]
        for (label, data) in cases {
            XCTAssertNil(AttachmentKind.detect(data), label)
        }
    }

    func testExecutableWithAppendedDocxIsRejected() {
        // A self-extracting archive: valid ZIP structures after an executable header.
        let exe = Data([0x4D, 0x5A] + [UInt8](repeating: 0, count: 62))
        XCTAssertNil(AttachmentKind.detect(exe + ZipBuilder.docx))
    }

    func testPDFContentWinsRegardlessOfName() {
        // Names are never consulted; a ".docx" upload that is a PDF is a PDF.
        XCTAssertEqual(AttachmentKind.detect(Self.minimalPDF), .pdf)
    }

    // MARK: Malformed and hostile input

    func testEveryTruncationOfAnArchiveIsRejected() {
        for archive in [ZipBuilder.docx, ZipBuilder.xlsx, ZipBuilder.odt] {
            for length in 0 ..< archive.count {
                XCTAssertNil(AttachmentKind.detect(archive.prefix(length)), "length \(length)")
            }
        }
    }

    func testInconsistentCentralDirectoryIsRejected() {
        let archive = [UInt8](ZipBuilder.docx)
        let eocd = archive.count - 22
        func patched(_ offset: Int, _ bytes: [UInt8]) -> Data {
            var copy = archive
            copy.replaceSubrange(offset ..< offset + bytes.count, with: bytes)
            return Data(copy)
        }
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 16, [0xFF, 0xFF, 0xFF, 0x7F])), "offset past end")
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 12, [0xFF, 0xFF, 0xFF, 0xFF])), "ZIP64 size marker")
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 8, [0xFF, 0xFF])), "entry count mismatch")
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 8, [0xFF, 0xFF] + [0xFF, 0xFF])), "65535 entries")
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 4, [1, 0])), "multi-disk")
        XCTAssertNil(AttachmentKind.detect(patched(eocd + 20, [0x10, 0])), "comment longer than the file")

        let central = Int(archive[eocd + 16]) | Int(archive[eocd + 17]) << 8
        XCTAssertNil(AttachmentKind.detect(patched(central + 28, [0xFF, 0xFF])), "name length overflows")
        XCTAssertNil(AttachmentKind.detect(patched(central + 42, [0xF0, 0xFF, 0xFF, 0x7F])), "local header out of range")
        XCTAssertNil(AttachmentKind.detect(patched(central + 20, [0xFF, 0xFF, 0xFF, 0x00])), "data overlaps directory")
        XCTAssertNil(AttachmentKind.detect(patched(30, Array("X".utf8))), "local name differs")
        XCTAssertNil(AttachmentKind.detect(patched(central, [0, 0, 0, 0])), "bad central signature")
    }

    func testRandomBytesNeverCrashAndAreRejected() {
        var rng = SplitMix64(seed: 0x7111_17)
        let prefixes: [[UInt8]] = [
            [], Array("%PDF-1.".utf8), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            [0xFF, 0xD8, 0xFF], [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06],
        ]
        for round in 0 ..< 3000 {
            let prefix = prefixes[round % prefixes.count]
            let data = Data(prefix) + Data.random(count: Int.random(in: 0 ... 300, using: &rng), using: &rng)
            let kind = AttachmentKind.detect(data)
            // Random tails cannot form a PNG header or a consistent ZIP directory.
            if prefix.isEmpty || prefix.first == 0x50 || prefix.first == 0x89 {
                XCTAssertNil(kind, "round \(round)")
            }
        }
    }

    func testMutatedFilesNeverCrash() {
        var rng = SplitMix64(seed: 42)
        let seeds = [ZipBuilder.docx, ZipBuilder.xlsx, ZipBuilder.odt, Self.minimalPDF, Self.minimalPNG, Self.minimalJPEG]
        var detected = 0
        for round in 0 ..< 4000 {
            var bytes = [UInt8](seeds[round % seeds.count])
            for _ in 0 ..< Int.random(in: 1 ... 8, using: &rng) {
                let i = Int.random(in: 0 ..< bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0 ... 255, using: &rng)
            }
            if Bool.random(using: &rng) {
                bytes.removeLast(Int.random(in: 0 ..< bytes.count, using: &rng))
            }
            if AttachmentKind.detect(Data(bytes)) != nil { detected += 1 }
        }
        // Many mutations hit bytes the checks do not look at; many others must be refused.
        XCTAssertGreaterThan(detected, 0)
        XCTAssertLessThan(detected, 4000)
    }

    // MARK: File names

    func testSafeFileNameKeepsSwedishNames() {
        XCTAssertEqual(AttachmentKind.safeFileName("Protokoll årsmöte 2026-03-14_v2.pdf", kind: .pdf),
                       "Protokoll årsmöte 2026-03-14_v2.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("ÄNDRINGAR Ö.docx", kind: .docx), "ÄNDRINGAR Ö.docx")
        XCTAssertEqual(AttachmentKind.safeFileName("नमस्ते.pdf", kind: .pdf), "नमस्ते.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("\u{301}x-\u{301}.png", kind: .png), "x-.png", "stray marks dropped")
    }

    func testSafeFileNameStripsPathsAndDangerousCharacters() {
        XCTAssertEqual(AttachmentKind.safeFileName("../../etc/passwd", kind: .pdf), "passwd.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("C:\\Users\\anna\\Beslut.pdf", kind: .pdf), "Beslut.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("Rap\u{0}port \"slut\"\r\n.pdf", kind: .pdf), "Rapport slut.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("a<b>c|d*e?f:g'h`i$(j);k.png", kind: .png), "abcdefghijk.png")
        XCTAssertEqual(AttachmentKind.safeFileName("faktura\u{202E}fdp.exe", kind: .pdf), "fakturafdp.exe.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName(".htaccess", kind: .pdf), "htaccess.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("  många   mellanslag\t.odt ", kind: .odt), "många mellanslag.odt")
    }

    func testSafeFileNameFixesTheExtension() {
        XCTAssertEqual(AttachmentKind.safeFileName("rapport.docx", kind: .pdf), "rapport.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("Bild.JPEG", kind: .jpeg), "Bild.jpg")
        XCTAssertEqual(AttachmentKind.safeFileName("bild", kind: .png), "bild.png")
        XCTAssertEqual(AttachmentKind.safeFileName("virus.exe", kind: .pdf), "virus.exe.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("Protokoll 2026.03.14", kind: .pdf), "Protokoll 2026.03.14.pdf")
    }

    func testSafeFileNameFallsBack() {
        for name in ["", "   ", "///", "<>\"|", ".pdf", "..", "\u{1}\u{2}"] {
            XCTAssertEqual(AttachmentKind.safeFileName(name, kind: .pdf), "bilaga.pdf", name)
        }
        XCTAssertEqual(AttachmentKind.safeFileName("CON.pdf", kind: .pdf), "CON_.pdf")
    }

    func testSafeFileNameIsCappedAndNormalized() {
        let long = AttachmentKind.safeFileName(String(repeating: "å", count: 300) + ".xlsx", kind: .xlsx)
        XCTAssertEqual(long.count, 120)
        XCTAssertTrue(long.hasSuffix("å.xlsx"))
        let wide = AttachmentKind.safeFileName(String(repeating: "語", count: 200), kind: .pdf)
        XCTAssertLessThanOrEqual(wide.utf8.count, 255)
        XCTAssertEqual(wide, String(repeating: "語", count: 83) + ".pdf")
        let zalgo = AttachmentKind.safeFileName("a" + String(repeating: "\u{301}", count: 50) + ".pdf", kind: .pdf)
        XCTAssertEqual(zalgo.unicodeScalars.count, 1 + 3 + 4)
        // Decomposed å (a + combining ring), as macOS file names often arrive, is composed.
        XCTAssertEqual(AttachmentKind.safeFileName("Va\u{308}rdna\u{30A}d.pdf", kind: .pdf), "Värdnåd.pdf")
        XCTAssertEqual(AttachmentKind.safeFileName("Va\u{308}rdna\u{30A}d.pdf", kind: .pdf).unicodeScalars.count, 11)
    }

    // MARK: Content-Disposition

    func testContentDispositionHasASCIIFallbackAndUTF8Name() {
        XCTAssertEqual(
            AttachmentKind.contentDisposition(fileName: "Beslut om åtgärd.pdf", inline: false),
            "attachment; filename=\"Beslut om atgard.pdf\"; filename*=UTF-8''Beslut%20om%20%C3%A5tg%C3%A4rd.pdf"
        )
        XCTAssertEqual(
            AttachmentKind.contentDisposition(fileName: "bild.png", inline: true),
            "inline; filename=\"bild.png\"; filename*=UTF-8''bild.png"
        )
    }

    func testContentDispositionCannotBreakTheHeader() throws {
        let hostile = "a\"b\\c%d\r\nSet-Cookie: x=1; ÖÄ.pdf"
        let value = AttachmentKind.contentDisposition(fileName: hostile, inline: false)
        XCTAssertFalse(value.contains("\r") || value.contains("\n"))
        let quoted = try XCTUnwrap(value.components(separatedBy: "filename=\"").last?.components(separatedBy: "\"").first)
        XCTAssertEqual(quoted, "a_b_c_dSet-Cookie: x=1; OA.pdf")
        let extended = try XCTUnwrap(value.components(separatedBy: "filename*=UTF-8''").last)
        XCTAssertNil(extended.rangeOfCharacter(from: CharacterSet(charactersIn: " \";\\")))
        XCTAssertEqual(extended.removingPercentEncoding, "a\"b\\c%dSet-Cookie: x=1; ÖÄ.pdf")
        XCTAssertTrue(value.allSatisfy { $0.isASCII })
    }

    func testContentDispositionForNonLatinName() {
        let value = AttachmentKind.contentDisposition(fileName: "日本.pdf", inline: false)
        XCTAssertEqual(value, "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf")
    }
}
