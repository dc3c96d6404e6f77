import Foundation
import XCTest
@testable import TillitFormats

final class CitationTests: XCTestCase {
    static let report = Citation(
        kind: .report,
        id: "tillit-2026-3",
        title: "Tillit & styrning: 100 % {öppenhet} i Ärlinghem",
        authors: [
            .init(family: "Öberg", given: "Åsa", affiliation: "Ärlinghems kommun"),
            .init(family: "Lindqvist", given: "Erik"),
        ],
        issued: .init(year: 2026, month: 3, day: 14),
        number: "2026:3",
        series: "Tillits rapportserie",
        publisher: "Tillit",
        url: "https://tillit.example/rapporter/2026-3",
        abstract: "Rapporten beskriver\nhur förtroende byggs.",
        keywords: ["tillit", "styrning", "kommun"]
    )

    static let chapter = Citation(
        kind: .chapter,
        id: "antologi-2025-kap4",
        title: "Förtroende i välfärden",
        authors: [.init(family: "Ek", given: "Märta")],
        editors: [.init(family: "Öberg", given: "Åsa"), .init(family: "Statskontoret", given: "")],
        issued: .init(year: 2025),
        number: "2",
        series: "Tillits antologier",
        publisher: "Tillit",
        containerTitle: "Tillit i offentlig sektor",
        pages: "15–32",
        url: "https://tillit.example/antologi/4"
    )

    static let book = Citation(
        kind: .book,
        id: "antologi-2025",
        title: "Tillit i offentlig sektor",
        editors: [.init(family: "Öberg", given: "Åsa")],
        issued: .init(year: 2025, month: 11),
        number: "2",
        series: "Tillits antologier",
        publisher: "Tillit",
        url: "https://tillit.example/antologi"
    )

    // MARK: BibTeX

    func testReportBibTeX() {
        XCTAssertEqual(Self.report.bibtex(), """
            @techreport{tillit-2026-3,
              author      = {Öberg, Åsa and Lindqvist, Erik},
              title       = {{Tillit \\& styrning: 100 \\% \\textbraceleft{}öppenhet\\textbraceright{} i Ärlinghem}},
              institution = {Tillit},
              type        = {Tillits rapportserie},
              number      = {2026:3},
              year        = 2026,
              month       = mar,
              date        = {2026-03-14},
              url         = {https://tillit.example/rapporter/2026-3},
              abstract    = {Rapporten beskriver hur förtroende byggs.},
              keywords    = {tillit, styrning, kommun},
              language    = {swedish}
            }

            """)
    }

    func testChapterBibTeX() {
        XCTAssertEqual(Self.chapter.bibtex(), """
            @incollection{antologi-2025-kap4,
              author    = {Ek, Märta},
              title     = {{Förtroende i välfärden}},
              booktitle = {Tillit i offentlig sektor},
              editor    = {Öberg, Åsa and {Statskontoret}},
              publisher = {Tillit},
              series    = {Tillits antologier},
              number    = {2},
              pages     = {15--32},
              year      = 2025,
              url       = {https://tillit.example/antologi/4},
              language  = {swedish}
            }

            """)
    }

    func testBookBibTeX() {
        XCTAssertEqual(Self.book.bibtex(), """
            @book{antologi-2025,
              title     = {{Tillit i offentlig sektor}},
              editor    = {Öberg, Åsa},
              publisher = {Tillit},
              series    = {Tillits antologier},
              number    = {2},
              year      = 2025,
              month     = nov,
              date      = {2025-11},
              url       = {https://tillit.example/antologi},
              language  = {swedish}
            }

            """)
    }

    func testBibTeXEscapesEverySpecialCharacter() {
        XCTAssertEqual(
            Citation.bibEscape(##"a\b{c}d%e&f$g#h_i~j^k åäö"##),
            ##"a\textbackslash{}b\textbraceleft{}c\textbraceright{}d\%e\&f\$g\#h\_i\textasciitilde{}j\textasciicircum{}k åäö"##
        )
    }

    func testBibTeXFieldsHaveBalancedBraces() {
        var hostile = Self.report
        hostile.title = "}} @misc{evil, title={x"
        hostile.authors = [.init(family: "O'Brien, Jr", given: "{Pat}")]
        let entry = hostile.bibtex()
        // The entry's outer brace may only close at its very end; an unescaped brace in the
        // title would close it early and let the rest parse as a new entry.
        var depth = 0
        var closedAt: [Int] = []
        for (i, c) in Array(entry).enumerated() {
            if c == "{" { depth += 1 }
            if c == "}" {
                depth -= 1
                if depth == 0 { closedAt.append(i) }
            }
            XCTAssertGreaterThanOrEqual(depth, 0)
        }
        XCTAssertEqual(closedAt, [entry.count - 2])
        XCTAssertTrue(entry.contains("author      = {{O'Brien, Jr}, \\textbraceleft{}Pat\\textbraceright{}}"))
    }

    func testBibTeXKeyAndNames() {
        var c = Self.report
        c.id = "tillit 2026/3 (utkast) ä_x:1"
        XCTAssertEqual(c.bibKey, "tillit20263utkast_x:1")
        c.id = "ååå"
        XCTAssertEqual(c.bibKey, "tillit")
        XCTAssertEqual(Citation.bibName(.init(family: "Sveriges Kommuner and Regioner", given: "")),
                       "{Sveriges Kommuner and Regioner}")
        XCTAssertEqual(Citation.bibName(.init(family: "Bergström and Ek", given: "Anna")),
                       "{Bergström and Ek}, Anna")
    }

    // MARK: RIS

    func testReportRIS() {
        let expected = [
            "TY  - RPRT",
            "AU  - Öberg, Åsa",
            "AU  - Lindqvist, Erik",
            "TI  - Tillit & styrning: 100 % {öppenhet} i Ärlinghem",
            "T2  - Tillits rapportserie",
            "SN  - 2026:3",
            "PB  - Tillit",
            "PY  - 2026",
            "DA  - 2026/03/14/",
            "UR  - https://tillit.example/rapporter/2026-3",
            "AB  - Rapporten beskriver hur förtroende byggs.",
            "KW  - tillit",
            "KW  - styrning",
            "KW  - kommun",
            "LA  - sv",
            "ER  - ",
        ].joined(separator: "\r\n") + "\r\n"
        XCTAssertEqual(Self.report.ris(), expected)
    }

    func testChapterAndBookRIS() {
        XCTAssertEqual(Self.chapter.ris(), [
            "TY  - CHAP",
            "AU  - Ek, Märta",
            "A2  - Öberg, Åsa",
            "A2  - Statskontoret",
            "TI  - Förtroende i välfärden",
            "T2  - Tillit i offentlig sektor",
            "T3  - Tillits antologier",
            "SV  - 2",
            "PB  - Tillit",
            "SP  - 15",
            "EP  - 32",
            "PY  - 2025",
            "UR  - https://tillit.example/antologi/4",
            "LA  - sv",
            "ER  - ",
        ].joined(separator: "\r\n") + "\r\n")
        XCTAssertEqual(Self.book.ris(), [
            "TY  - BOOK",
            "A3  - Öberg, Åsa",
            "TI  - Tillit i offentlig sektor",
            "T2  - Tillits antologier",
            "M1  - 2",
            "PB  - Tillit",
            "PY  - 2025",
            "DA  - 2025/11//",
            "UR  - https://tillit.example/antologi",
            "LA  - sv",
            "ER  - ",
        ].joined(separator: "\r\n") + "\r\n")
    }

    func testRISLinesAreWellFormed() {
        var c = Self.report
        c.title = "Rad ett\r\nrad två\n\ttabb\u{0}"
        let ris = c.ris()
        XCTAssertTrue(ris.hasSuffix("ER  - \r\n"))
        let lines = ris.components(separatedBy: "\r\n").dropLast()
        for line in lines {
            XCTAssertNotNil(line.range(of: "^[A-Z][A-Z0-9]  - ", options: .regularExpression), line)
            XCTAssertFalse(line.contains("\n") || line.contains("\r"))
        }
        XCTAssertTrue(lines.contains("TI  - Rad ett rad två tabb"))
    }

    // MARK: CSL-JSON

    func testCSLJSONRoundTrip() throws {
        let json = try JSONSerialization.jsonObject(with: Self.report.cslJSON())
        let items = try XCTUnwrap(json as? [[String: Any]])
        XCTAssertEqual(items.count, 1)
        let item = items[0]
        XCTAssertEqual(item["type"] as? String, "report")
        XCTAssertEqual(item["id"] as? String, "tillit-2026-3")
        XCTAssertEqual(item["title"] as? String, "Tillit & styrning: 100 % {öppenhet} i Ärlinghem")
        XCTAssertEqual(item["author"] as? [[String: String]], [
            ["family": "Öberg", "given": "Åsa"], ["family": "Lindqvist", "given": "Erik"],
        ])
        XCTAssertEqual((item["issued"] as? [String: [[Int]]])?["date-parts"], [[2026, 3, 14]])
        XCTAssertEqual(item["number"] as? String, "2026:3")
        XCTAssertEqual(item["collection-title"] as? String, "Tillits rapportserie")
        XCTAssertEqual(item["publisher"] as? String, "Tillit")
        XCTAssertEqual(item["URL"] as? String, "https://tillit.example/rapporter/2026-3")
        XCTAssertEqual(item["abstract"] as? String, "Rapporten beskriver hur förtroende byggs.")
        XCTAssertEqual(item["keyword"] as? String, "tillit, styrning, kommun")
        XCTAssertEqual(item["language"] as? String, "sv")
        XCTAssertNil(item["container-title"])
        XCTAssertNil(item["editor"])
    }

    func testCSLJSONChapter() throws {
        let data = Self.chapter.cslJSON()
        let item = try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.first)
        XCTAssertEqual(item["type"] as? String, "chapter")
        XCTAssertEqual(item["container-title"] as? String, "Tillit i offentlig sektor")
        XCTAssertEqual(item["editor"] as? [[String: String]], [["family": "Öberg", "given": "Åsa"], ["literal": "Statskontoret"]])
        XCTAssertEqual(item["collection-number"] as? String, "2")
        XCTAssertNil(item["number"])
        XCTAssertEqual(item["page"] as? String, "15–32")
        XCTAssertEqual((item["issued"] as? [String: [[Int]]])?["date-parts"], [[2025]])
        // UTF-8 letters are written as they are, and slashes are not escaped.
        let text = try XCTUnwrap(String(data: data, encoding: .utf8))
        XCTAssertTrue(text.contains("Förtroende i välfärden"))
        XCTAssertTrue(text.contains("https://tillit.example/antologi/4"))
    }

    func testCSLJSONIsStable() {
        XCTAssertEqual(Self.report.cslJSON(), Self.report.cslJSON())
        XCTAssertEqual(String(decoding: Self.book.cslJSON(), as: UTF8.self).first, "[")
    }

    func testIssuedDropsImpossibleParts() {
        XCTAssertEqual(Citation.Issued(year: 2026, month: 13, day: 2), Citation.Issued(year: 2026))
        XCTAssertNil(Citation.Issued(year: 2026, month: nil, day: 5).day)
        XCTAssertNil(Citation.Issued(year: 2026, month: 2, day: 40).day)
    }
}
