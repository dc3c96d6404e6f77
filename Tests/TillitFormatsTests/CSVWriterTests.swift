import Foundation
import XCTest
@testable import TillitFormats

final class CSVWriterTests: XCTestCase {
    func testPlainFieldsAreNotQuoted() {
        XCTAssertEqual(CSVWriter.line(["Kommun", "Antal", "Andel %"]), "Kommun,Antal,Andel %\r\n")
        XCTAssertEqual(CSVWriter.line(["Örebro", "12", "3.5"]), "Örebro,12,3.5\r\n")
    }

    func testFieldsThatNeedQuoting() {
        XCTAssertEqual(CSVWriter.line(["a,b"]), "\"a,b\"\r\n")
        XCTAssertEqual(CSVWriter.line(["säger \"hej\""]), "\"säger \"\"hej\"\"\"\r\n")
        XCTAssertEqual(CSVWriter.line(["rad1\nrad2"]), "\"rad1\nrad2\"\r\n")
        XCTAssertEqual(CSVWriter.line(["rad1\r\nrad2"]), "\"rad1\r\nrad2\"\r\n")
        XCTAssertEqual(CSVWriter.line(["cr\rx"]), "\"cr\rx\"\r\n")
        XCTAssertEqual(CSVWriter.line([" inledande", "avslutande ", "mitt i"]), "\" inledande\",\"avslutande \",mitt i\r\n")
    }

    func testEmptyFieldsAndRows() {
        XCTAssertEqual(CSVWriter.line(["", "", ""]), ",,\r\n")
        XCTAssertEqual(CSVWriter.line([]), "\r\n")
        XCTAssertEqual(CSVWriter.line(["\""]), "\"\"\"\"\r\n")
    }

    func testDocumentWithAndWithoutBOM() {
        let doc = CSVWriter.document(header: ["Namn", "Ort"], rows: [["Åsa Öberg", "Växjö"], ["Erik, d.y.", "Luleå"]])
        XCTAssertEqual(doc, "\u{FEFF}Namn,Ort\r\nÅsa Öberg,Växjö\r\n\"Erik, d.y.\",Luleå\r\n")
        XCTAssertEqual(Array(doc.utf8.prefix(3)), [0xEF, 0xBB, 0xBF])

        let plain = CSVWriter.document(header: ["Namn"], rows: [], byteOrderMark: false)
        XCTAssertEqual(plain, "Namn\r\n")
    }

    func testSemicolonDelimiterForSwedishExcel() {
        XCTAssertEqual(CSVWriter.line(["3,5", "a;b", "c"], delimiter: ";"), "3,5;\"a;b\";c\r\n")
        let doc = CSVWriter.document(header: ["x", "y"], rows: [["1,0", "2"]], byteOrderMark: false, delimiter: ";")
        XCTAssertEqual(doc, "x;y\r\n1,0;2\r\n")
    }

    func testFormulaNeutralization() {
        XCTAssertEqual(CSVWriter.line(["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok"], neutralizeFormulas: true),
                       "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),ok\r\n")
        XCTAssertEqual(CSVWriter.line(["=1+1"]), "=1+1\r\n")
        // The header is the caller's own text and is left alone.
        let doc = CSVWriter.document(header: ["-kolumn"], rows: [["=2"]], byteOrderMark: false, neutralizeFormulas: true)
        XCTAssertEqual(doc, "-kolumn\r\n'=2\r\n")
    }

    func testOutputParsesBackToTheSameFields() {
        let rows = [
            ["enkel", "med,komma", "med \"citat\"", "rad\r\nbrytning", " kant ", "åäö ÅÄÖ", ""],
            ["\"", ",", "\n", "x"],
        ]
        let text = CSVWriter.document(header: ["h"], rows: rows, byteOrderMark: false)
        XCTAssertEqual(Self.parse(text), [["h"]] + rows)
    }

    /// A strict RFC 4180 reader used to check the writer independently of its own logic.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var quoted = false
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" {
                        field += "\""
                        scalars = scalars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" && scalars.first == "\n" {
                scalars = scalars.dropFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }
}
