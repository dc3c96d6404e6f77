import Foundation
import Testing
@testable import TillitPlatform

// MARK: - Helpers

private func parse(_ text: String) -> Result<[UnitCSVRow], ImportFailure> {
    UnitCSV.parse(Data(text.utf8))
}

private func rows(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UnitCSVRow] {
    switch parse(text) {
    case let .success(rows): return rows
    case let .failure(failure):
        Issue.record("expected rows, got \(failure.problems.map { $0.text(.en) })", sourceLocation: sourceLocation)
        return []
    }
}

private func problems(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> [ImportProblem] {
    switch UnitCSV.parse(data) {
    case let .success(rows):
        Issue.record("expected problems, got \(rows.count) rows", sourceLocation: sourceLocation)
        return []
    case let .failure(failure): return failure.problems
    }
}

private func problems(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ImportProblem] {
    problems(Data(text.utf8), sourceLocation: sourceLocation)
}

private func unit(
    _ id: Int64, _ externalID: String?, parent: Int64? = nil, _ name: String, _ kind: UnitKind = .enhet,
    closed: Bool = false
) -> ExistingUnit {
    ExistingUnit(id: id, externalID: externalID, parentID: parent, name: name, kind: kind, isClosed: closed)
}

private func row(_ id: String, parent: String? = nil, _ name: String, _ kind: UnitKind = .enhet, line: Int = 0) -> UnitCSVRow {
    UnitCSVRow(line: line, externalID: id, parentExternalID: parent, name: name, kind: kind)
}

// MARK: - Parsing valid files

@Suite("UnitCSV parsing")
struct UnitCSVParseTests {
    @Test("a valid comma file with BOM, CRLF, quoted commas and a multi-line name")
    func validCommaFile() {
        // given: a BOM, CRLF endings, quoted fields, a name spanning lines 4–5, an empty line, Swedish kinds
        let text = "\u{FEFF}id,parent_id,name,kind\r\n"
            + "F1,,Vård- och omsorgsförvaltningen,Förvaltning\r\n"
            + "A1,F1,\"Hemtjänst, norra\",Avdelning\r\n"
            + "E1,A1,\"Nattpatrull\r\nväster\",enhet\r\n"
            + "\r\n"
            + " G1 , E1 ,\"Grupp \"\"Natt\"\"\",ARBETSGRUPP\r\n"

        // when
        let result = rows(text)

        // then
        #expect(result == [
            UnitCSVRow(line: 2, externalID: "F1", parentExternalID: nil, name: "Vård- och omsorgsförvaltningen", kind: .forvaltning),
            UnitCSVRow(line: 3, externalID: "A1", parentExternalID: "F1", name: "Hemtjänst, norra", kind: .avdelning),
            UnitCSVRow(line: 4, externalID: "E1", parentExternalID: "A1", name: "Nattpatrull väster", kind: .enhet),
            UnitCSVRow(line: 7, externalID: "G1", parentExternalID: "E1", name: "Grupp \"Natt\"", kind: .arbetsgrupp),
        ])
    }

    @Test("a Swedish Excel file with ';' delimiter, columns in another order and LF endings")
    func semicolonFile() {
        // given
        let text = "NAME;Kind;ID;Parent_ID\n"
            + "\"Skola; grund\";Förvaltning;10;\n"
            + "Klass 1, a;enhet;11;10\n"

        // when
        let result = rows(text)

        // then
        #expect(result == [
            UnitCSVRow(line: 2, externalID: "10", parentExternalID: nil, name: "Skola; grund", kind: .forvaltning),
            UnitCSVRow(line: 3, externalID: "11", parentExternalID: "10", name: "Klass 1, a", kind: .enhet),
        ])
    }

    @Test("rows come back parents first, otherwise in file order")
    func topologicalOrder() {
        // given: children listed before their parents
        let text = "id,parent_id,name,kind\n"
            + "c,b,C,enhet\n"
            + "x,,X,förvaltning\n"
            + "b,a,B,avdelning\n"
            + "a,,A,förvaltning\n"

        // when
        let order = rows(text).map(\.externalID)

        // then: x and a are ready first (file order), then b, then c
        #expect(order == ["x", "a", "b", "c"])
    }

    @Test("names are normalised to NFC")
    func nfcNormalisation() {
        // given: a decomposed "å" (a + combining ring above)
        let text = "id,parent_id,name,kind\n1,,Ga\u{030A}rden,enhet\n"

        // when
        let name = rows(text).first?.name

        // then
        #expect(name.map { Array($0.unicodeScalars) } == Array("G\u{E5}rden".unicodeScalars))
    }
}

// MARK: - Problems

@Suite("UnitCSV problems")
struct UnitCSVProblemTests {
    @Test("an empty file and a header-only file have nothing to import")
    func nothingToImport() {
        // given / when / then
        #expect(problems("").map(\.kind) == [.nothingToImport])
        #expect(problems("\u{FEFF}\r\n").map(\.kind) == [.nothingToImport])
        #expect(problems("id,parent_id,name,kind\r\n").map { [$0.line] } == [[1]])
        #expect(problems("id,parent_id,name,kind\r\n").map(\.kind) == [.nothingToImport])
    }

    @Test("a wrong header is one problem on line 1")
    func badHeader() {
        // given
        let text = "id,parent,Name,typ,name\n1,,A,enhet,x\n"

        // when
        let found = problems(text)

        // then
        #expect(found == [ImportProblem(
            line: 1, kind: .badHeader(missing: ["parent_id", "kind"], unknown: ["parent", "typ"], duplicated: ["name"]))])
        #expect(found.first?.text(.sv).hasPrefix("Rad 1: ") == true)
    }

    @Test("each kind of row problem is reported on the line where its record starts")
    func everyRowProblemWithItsLine() {
        // given: line 2 spans three physical lines, so every later record is shifted
        let longID = String(repeating: "x", count: 101)
        let longName = String(repeating: "n", count: 201)
        let text = "id,parent_id,name,kind\n"            // 1
            + "a,,\"Första\nandra\ntredje\",enhet\n"   // 2–4
            + "b,a,Saknar fält\n"                       // 5
            + ",a,Utan id,enhet\n"                      // 6
            + "\(longID),a,Långt id,enhet\n"            // 7
            + "a,,Dubblett,enhet\n"                     // 8
            + "c,a,\"  \",enhet\n"                      // 9
            + "d,a,\(longName),enhet\n"                 // 10
            + "e,a,Tabb\there,enhet\n"                  // 11
            + "f,a,Sektion F,Sektion\n"                 // 12
            + "g,zz,Föräldralös,enhet\n"                // 13
            + "h,h,Egen förälder,enhet\n"               // 14
            + "i,,\"Aldrig stängd,enhet\n"              // 15
            + "j,,J,enhet\n"                            // 16 (swallowed by the open quote)

        // when
        let found = problems(text)

        // then
        #expect(found == [
            ImportProblem(line: 5, kind: .wrongFieldCount(expected: 4, found: 3)),
            ImportProblem(line: 6, kind: .emptyID),
            ImportProblem(line: 7, kind: .idTooLong(length: 101)),
            ImportProblem(line: 8, kind: .duplicateID(id: "a", firstLine: 2)),
            ImportProblem(line: 9, kind: .emptyName),
            ImportProblem(line: 10, kind: .nameTooLong(length: 201)),
            ImportProblem(line: 11, kind: .controlCharacterInName),
            ImportProblem(line: 12, kind: .unknownKind("Sektion")),
            ImportProblem(line: 13, kind: .unknownParent("zz")),
            ImportProblem(line: 14, kind: .ownParent),
            ImportProblem(line: 15, kind: .unterminatedQuote),
        ])
    }

    @Test("limits are inclusive: 100-character id and 200-character name are fine")
    func limitsInclusive() {
        // given
        let text = "id,parent_id,name,kind\n\(String(repeating: "i", count: 100)),,\(String(repeating: "n", count: 200)),enhet\n"

        // when / then
        #expect(rows(text).count == 1)
    }

    @Test("a cycle is reported on every line in it, naming the ids")
    func cycle() {
        // given: a → b → c → a (each the child of the next), plus an innocent root and a child of the cycle
        let text = "id,parent_id,name,kind\n"   // 1
            + "root,,Rot,förvaltning\n"         // 2
            + "b,c,B,enhet\n"                   // 3
            + "a,b,A,enhet\n"                   // 4
            + "x,a,Under cykeln,enhet\n"        // 5
            + "c,a,C,enhet\n"                   // 6

        // when
        let found = problems(text)

        // then: the list starts with the earliest line (b) and follows parents
        #expect(found == [
            ImportProblem(line: 3, kind: .cycle(ids: ["b", "c", "a"])),
            ImportProblem(line: 4, kind: .cycle(ids: ["b", "c", "a"])),
            ImportProblem(line: 6, kind: .cycle(ids: ["b", "c", "a"])),
        ])
        #expect(found.first?.text(.en) == "Line 3: the units b → c → a → b are each other's parents in a cycle. Change parent_id for one of them.")
    }

    @Test("several problems in one file are all reported, sorted by line, with line-prefixed messages")
    func severalProblems() {
        // given: three problems on one line and one on another
        let text = "id;parent_id;name;kind\n"
            + "1;;Ok;enhet\n"
            + ";9;;okänd\n"
            + "2;1;Fine;enhet\n"
            + "1;;Again;enhet\n"

        // when
        let found = problems(text)

        // then
        #expect(found == [
            ImportProblem(line: 3, kind: .emptyID),
            ImportProblem(line: 3, kind: .emptyName),
            ImportProblem(line: 3, kind: .unknownKind("okänd")),
            ImportProblem(line: 3, kind: .unknownParent("9")),
            ImportProblem(line: 5, kind: .duplicateID(id: "1", firstLine: 2)),
        ])
        #expect(found.map { $0.text(.sv).hasPrefix("Rad \($0.line): ") } == Array(repeating: true, count: 5))
        #expect(found.map { $0.text(.en).hasPrefix("Line \($0.line): ") } == Array(repeating: true, count: 5))
        #expect(found[2].text(.sv).contains("Förvaltning, Avdelning, Enhet, Arbetsgrupp"))
        #expect(found[4].text(.en) == "Line 5: the id “1” is already used on line 2.")
    }

    @Test("invalid UTF-8 is reported on each line that holds it, and nothing else is checked")
    func invalidEncoding() {
        // given: Latin-1 "å" (0xE5) on lines 3 and 5, and an unknown kind on line 4
        var data = Data("\u{FEFF}id,parent_id,name,kind\r\n1,,Ok,enhet\r\n2,,Sm".utf8)
        data.append(0xE5)
        data.append(contentsOf: Array("land,enhet\r\n3,,X,fel\r\n4,,G".utf8))
        data.append(0xE5)
        data.append(contentsOf: Array("rd,enhet\r\n".utf8))

        // when
        let found = problems(data)

        // then
        #expect(found == [
            ImportProblem(line: 3, kind: .invalidEncoding),
            ImportProblem(line: 5, kind: .invalidEncoding),
        ])
        #expect(found.first?.text(.sv).contains("UTF-8") == true)
        #expect(found.first?.text(.en).contains("Save the file as UTF-8") == true)
    }
}

// MARK: - Export

@Suite("UnitCSV export")
struct UnitCSVExportTests {
    @Test("export writes the header, parents first, RFC 4180 quoting and CRLF")
    func exportFormat() {
        // given: a child before its parent, and names that need quoting
        let input = [
            ExportRow(externalID: "2", parentExternalID: "1", name: "Kök, \"stora\"", kind: .enhet),
            ExportRow(externalID: "1", parentExternalID: nil, name: "Skolförvaltningen", kind: .forvaltning),
        ]

        // when
        let text = UnitCSV.export(input)

        // then
        #expect(text == "id,parent_id,name,kind\r\n1,,Skolförvaltningen,forvaltning\r\n2,1,\"Kök, \"\"stora\"\"\",enhet\r\n")
    }

    @Test("export then parse gives the same tree")
    func roundTrip() {
        // given
        let input = [
            ExportRow(externalID: "F", parentExternalID: nil, name: "Förvaltning; Ö", kind: .forvaltning),
            ExportRow(externalID: "A", parentExternalID: "F", name: "Avd \"Syd\", väst", kind: .avdelning),
            ExportRow(externalID: "E", parentExternalID: "A", name: "Enhet Å", kind: .enhet),
            ExportRow(externalID: "G", parentExternalID: "E", name: "Team, 1", kind: .arbetsgrupp),
        ]

        // when
        let parsed = rows(UnitCSV.export(input))

        // then
        #expect(parsed.map(ExportRow.init) == input)
        #expect(parsed.map(\.line) == [2, 3, 4, 5])
    }
}

// MARK: - Re-import planner

@Suite("UnitImportPlanner")
struct UnitImportPlannerTests {
    @Test("a new file into an empty tree creates every unit, parents first")
    func createsIntoEmptyTree() {
        // given
        let parsed = rows("id,parent_id,name,kind\nE,A,Enhet,enhet\nA,F,Avd,avdelning\nF,,Förv,förvaltning\n")

        // when
        let plan = UnitImportPlanner.plan(existing: [], rows: parsed)

        // then
        #expect(plan == [
            .create(externalID: "F", parentExternalID: nil, name: "Förv", kind: .forvaltning),
            .create(externalID: "A", parentExternalID: "F", name: "Avd", kind: .avdelning),
            .create(externalID: "E", parentExternalID: "A", name: "Enhet", kind: .enhet),
        ])
    }

    @Test("an unchanged re-import gives an empty plan")
    func unchangedIsEmpty() {
        // given
        let existing = [
            unit(1, "F", "Förv", .forvaltning),
            unit(2, "A", parent: 1, "Avd", .avdelning),
            unit(3, "E", parent: 2, "Enhet"),
        ]
        let parsed = [row("F", "Förv", .forvaltning), row("A", parent: "F", "Avd", .avdelning), row("E", parent: "A", "Enhet")]

        // when / then
        #expect(UnitImportPlanner.plan(existing: existing, rows: parsed).isEmpty)
    }

    @Test("rename, kind change, move, reopen, create and close in one re-import, in plan order")
    func mixedChanges() {
        // given
        let existing = [
            unit(1, "F", "Förv", .forvaltning),
            unit(2, "A", parent: 1, "Avd gammal", .avdelning),
            unit(3, "E", parent: 2, "Enhet", .enhet),
            unit(4, "B", parent: 1, "Avd B", .avdelning, closed: true),
            unit(5, "GONE", parent: 1, "Nedlagd", .avdelning),
            unit(6, "OLD", parent: 1, "Redan stängd", .enhet, closed: true),
        ]
        let parsed = [
            row("F", "Förv", .forvaltning),
            row("A", parent: "F", "Avd ny", .avdelning),           // renamed
            row("B", parent: "F", "Avd B", .avdelning),            // reappears: reopened
            row("N", parent: "B", "Ny enhet", .enhet),             // new
            row("E", parent: "N", "Enhet", .arbetsgrupp),          // moved to a new parent, kind changed
        ]

        // when
        let plan = UnitImportPlanner.plan(existing: existing, rows: parsed)

        // then
        #expect(plan == [
            .create(externalID: "N", parentExternalID: "B", name: "Ny enhet", kind: .enhet),
            .reopen(id: 4),
            .rename(id: 2, from: "Avd gammal", to: "Avd ny"),
            .changeKind(id: 3, from: .enhet, to: .arbetsgrupp),
            .move(id: 3, fromParentID: 2, toParentExternalID: "N"),
            .close(id: 5),
        ])
    }

    @Test("a unit created by hand (no external id) is left alone, even under a closed unit")
    func handMadeUnitUntouched() {
        // given: unit 9 was made in the UI under F; the file no longer lists F's sibling X
        let existing = [
            unit(1, "F", "Förv", .forvaltning),
            unit(9, nil, parent: 1, "Egen projektgrupp", .arbetsgrupp),
            unit(2, "X", "X"),
            unit(10, nil, parent: 2, "Under X", .arbetsgrupp),
        ]
        let parsed = [row("F", "Förv", .forvaltning)]

        // when
        let plan = UnitImportPlanner.plan(existing: existing, rows: parsed)

        // then: only X is closed; 9 and 10 appear nowhere
        #expect(plan == [.close(id: 2)])
    }

    @Test("a unit moved from under a hand-made unit to the top level is a move")
    func moveOutOfHandMadeParent() {
        // given
        let existing = [unit(9, nil, "Handgjord", .forvaltning), unit(1, "A", parent: 9, "A", .avdelning)]

        // when
        let plan = UnitImportPlanner.plan(existing: existing, rows: [row("A", "A", .avdelning)])

        // then
        #expect(plan == [.move(id: 1, fromParentID: 9, toParentExternalID: nil)])
    }

    @Test("closes come deepest first")
    func closingOrderDeepestFirst() {
        // given: a whole branch disappears; stored parents come before children
        let existing = [
            unit(1, "F", "Förv", .forvaltning),
            unit(2, "A", parent: 1, "Avd", .avdelning),
            unit(3, "E", parent: 2, "Enhet"),
            unit(4, "G", parent: 3, "Grupp", .arbetsgrupp),
            unit(5, "E2", parent: 2, "Enhet 2"),
            unit(6, "KEEP", "Kvar", .forvaltning),
        ]

        // when
        let plan = UnitImportPlanner.plan(existing: existing, rows: [row("KEEP", "Kvar", .forvaltning)])

        // then
        #expect(plan == [.close(id: 4), .close(id: 3), .close(id: 5), .close(id: 2), .close(id: 1)])
    }
}
