import Foundation
import TillitFormats

// MARK: - Rows

/// One unit read from an organisation's unit CSV (`id,parent_id,name,kind`), validated.
public struct UnitCSVRow: Sendable, Equatable {
    /// The 1-based physical line where the record starts (the header is line 1).
    public let line: Int
    /// The HR system's id for the unit, trimmed, otherwise kept as given.
    public let externalID: String
    /// The HR system's id for the parent unit; `nil` for a top-level unit.
    public let parentExternalID: String?
    /// The name, trimmed and normalised to Unicode NFC.
    public let name: String
    public let kind: UnitKind

    public init(line: Int, externalID: String, parentExternalID: String?, name: String, kind: UnitKind) {
        self.line = line
        self.externalID = externalID
        self.parentExternalID = parentExternalID
        self.name = name
        self.kind = kind
    }
}

/// One unit to write out with ``UnitCSV/export(_:)``.
public struct ExportRow: Sendable, Equatable {
    public let externalID: String
    public let parentExternalID: String?
    public let name: String
    public let kind: UnitKind

    public init(externalID: String, parentExternalID: String?, name: String, kind: UnitKind) {
        self.externalID = externalID
        self.parentExternalID = parentExternalID
        self.name = name
        self.kind = kind
    }

    /// The export form of a parsed row.
    public init(_ row: UnitCSVRow) {
        self.init(externalID: row.externalID, parentExternalID: row.parentExternalID, name: row.name, kind: row.kind)
    }
}

// MARK: - Problems

/// One thing wrong with an imported unit file, tied to the line where the record starts.
public struct ImportProblem: Sendable, Equatable, LocalizedText {
    /// The 1-based physical line where the offending record starts (the header is line 1).
    public let line: Int
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// The line holds bytes that are not valid UTF-8.
        case invalidEncoding
        /// The file has no units: it is empty or holds only the header.
        case nothingToImport
        /// The header is not exactly `id`, `parent_id`, `name`, `kind`. Column names are listed
        /// in lower case; `missing` in canonical order, `unknown` and `duplicated` in file order.
        case badHeader(missing: [String], unknown: [String], duplicated: [String])
        /// A quoted field is never closed; the rest of the file was swallowed by it.
        case unterminatedQuote
        case wrongFieldCount(expected: Int, found: Int)
        case emptyID
        /// `length` is counted in Unicode scalars.
        case idTooLong(length: Int)
        /// The id was already used on `firstLine`.
        case duplicateID(id: String, firstLine: Int)
        case emptyName
        /// `length` is counted in Unicode scalars, after NFC normalisation.
        case nameTooLong(length: Int)
        /// The name holds a control character (tab, NUL, …). Line breaks inside a quoted name are allowed.
        case controlCharacterInName
        /// The kind column holds something ``UnitKind/init(lenient:)`` does not accept (trimmed value).
        case unknownKind(String)
        /// `parent_id` names an id that is not in the file.
        case unknownParent(String)
        /// The row names itself as its parent.
        case ownParent
        /// The row is part of a cycle; `ids` in parent order, starting with the row earliest in the file.
        case cycle(ids: [String])
    }

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    public var texts: (sv: String, en: String) {
        let (sv, en) = Self.message(kind)
        return ("Rad \(line): \(sv)", "Line \(line): \(en)")
    }

    private static func list(_ items: [String]) -> String {
        items.map { "”\($0)”" }.joined(separator: ", ")
    }

    private static func message(_ kind: Kind) -> (String, String) {
        switch kind {
        case .invalidEncoding:
            return (
                "raden innehåller tecken som inte är giltig UTF-8. Spara filen som UTF-8 (i Excel: ”CSV UTF-8 (kommaavgränsad)”) och försök igen.",
                "the line contains characters that are not valid UTF-8. Save the file as UTF-8 (in Excel: “CSV UTF-8 (Comma delimited)”) and try again."
            )
        case .nothingToImport:
            return (
                "filen innehåller inga enheter att importera.",
                "the file contains no units to import."
            )
        case let .badHeader(missing, unknown, duplicated):
            var sv = "rubrikraden måste ha exakt kolumnerna id, parent_id, name och kind."
            var en = "the header must have exactly the columns id, parent_id, name and kind."
            if !missing.isEmpty {
                sv += " Saknas: \(list(missing))."
                en += " Missing: \(list(missing))."
            }
            if !unknown.isEmpty {
                sv += " Okända: \(list(unknown))."
                en += " Unknown: \(list(unknown))."
            }
            if !duplicated.isEmpty {
                sv += " Förekommer flera gånger: \(list(duplicated))."
                en += " Repeated: \(list(duplicated))."
            }
            return (sv, en)
        case .unterminatedQuote:
            return (
                "ett citattecken (\") öppnar ett fält men stängs aldrig.",
                "a quotation mark (\") opens a field but is never closed."
            )
        case let .wrongFieldCount(expected, found):
            return (
                "raden har \(found) fält men ska ha \(expected).",
                "the record has \(found) fields but should have \(expected)."
            )
        case .emptyID:
            return ("id saknas.", "the id is missing.")
        case let .idTooLong(length):
            return (
                "id är \(length) tecken långt; högst \(UnitCSV.maxIDLength) tecken är tillåtet.",
                "the id is \(length) characters long; at most \(UnitCSV.maxIDLength) are allowed."
            )
        case let .duplicateID(id, firstLine):
            return (
                "id ”\(id)” finns redan på rad \(firstLine).",
                "the id “\(id)” is already used on line \(firstLine)."
            )
        case .emptyName:
            return ("namn saknas.", "the name is missing.")
        case let .nameTooLong(length):
            return (
                "namnet är \(length) tecken långt; högst \(UnitCSV.maxNameLength) tecken är tillåtet.",
                "the name is \(length) characters long; at most \(UnitCSV.maxNameLength) are allowed."
            )
        case .controlCharacterInName:
            return (
                "namnet innehåller ett kontrolltecken (till exempel tabb).",
                "the name contains a control character (such as a tab)."
            )
        case let .unknownKind(value):
            let allowedSV = UnitKind.allCases.map(\.label.sv).joined(separator: ", ")
            let allowedEN = UnitKind.allCases.map { "\($0.label.sv) (\($0.label.en.lowercased()))" }
                .joined(separator: ", ")
            if value.isEmpty {
                return ("typ (kind) saknas. Tillåtna typer: \(allowedSV).", "the kind is missing. Allowed kinds: \(allowedEN).")
            }
            return (
                "okänd typ ”\(value)”. Tillåtna typer: \(allowedSV).",
                "unknown kind “\(value)”. Allowed kinds: \(allowedEN)."
            )
        case let .unknownParent(parent):
            return (
                "parent_id ”\(parent)” finns inte som id i filen.",
                "parent_id “\(parent)” is not an id in the file."
            )
        case .ownParent:
            return (
                "enheten anges som sin egen överordnade enhet (parent_id är samma som id).",
                "the unit is given as its own parent (parent_id equals id)."
            )
        case let .cycle(ids):
            let chain = (ids + ids.prefix(1)).joined(separator: " → ")
            return (
                "enheterna \(chain) ligger under varandra i en cykel. Ändra parent_id för någon av dem.",
                "the units \(chain) are each other's parents in a cycle. Change parent_id for one of them."
            )
        }
    }
}

/// Why a unit file could not be imported: every problem found, sorted by line.
public struct ImportFailure: Error, Sendable, Equatable {
    public let problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems
    }
}

// MARK: - CSV

/// Reads and writes an organisation's unit tree as the CSV an HR system exports.
///
/// Format: a header `id,parent_id,name,kind`, then one unit per record; `parent_id` is empty
/// for a top-level unit.
///
/// Parsing rules (``parse(_:)``):
/// - The file must be UTF-8; a UTF-8 byte order mark is skipped. Lines (split on LF) with invalid
///   bytes are each reported as ``ImportProblem/Kind/invalidEncoding`` and nothing else is checked.
/// - The delimiter is `;` when the first non-blank line has more semicolons than commas outside
///   quotes (Swedish Excel), otherwise `,`.
/// - Header columns are matched by name, case-insensitively after trimming, in any order; a missing,
///   unknown or repeated column is one problem on the header line, and no rows are checked.
/// - RFC 4180 quoting: `"` quotes a field, `""` is a quote inside it, delimiters and line breaks may
///   sit inside quotes. Spaces before an opening quote are ignored; characters after a closing quote
///   are kept literally; a `"` inside an unquoted field is literal. Records end at LF or CRLF.
/// - Records whose fields are all blank (empty lines, or `;;;` padding from Excel) are skipped.
/// - All fields are trimmed. Names have their line breaks (from a quoted multi-line cell) folded into
///   single spaces and are normalised to NFC; any other control character is a problem.
/// - Lengths are counted in Unicode scalars (as PostgreSQL counts `varchar`).
/// - Line numbers are the 1-based physical line where a record starts.
public enum UnitCSV {
    /// The longest external id accepted, in Unicode scalars.
    public static let maxIDLength = 100
    /// The longest unit name accepted, in Unicode scalars.
    public static let maxNameLength = 200
    /// The columns, in the order ``export(_:)`` writes them.
    public static let columns = ["id", "parent_id", "name", "kind"]

    /// Parses and validates the whole file; returns every problem found (not just the first), or the rows.
    ///
    /// The rows come in topological order: every parent before its children, otherwise in file order
    /// (precisely: the topological order that is smallest when compared by file position).
    public static func parse(_ data: Data) -> Result<[UnitCSVRow], ImportFailure> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }

        // 1. Encoding: LF (0x0A) never occurs inside a multi-byte UTF-8 sequence, so lines can be
        // checked one by one.
        var encodingProblems: [ImportProblem] = []
        var lineNumber = 1
        for lineBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil {
                encodingProblems.append(ImportProblem(line: lineNumber, kind: .invalidEncoding))
            }
            lineNumber += 1
        }
        if !encodingProblems.isEmpty { return .failure(ImportFailure(problems: encodingProblems)) }

        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        let records = splitRecords(scalars, delimiter: detectDelimiter(scalars))
            .filter { $0.unterminated || $0.fields.contains { !trim($0).isEmpty } }

        // 2. Header.
        guard let header = records.first else {
            return .failure(ImportFailure(problems: [ImportProblem(line: 1, kind: .nothingToImport)]))
        }
        if header.unterminated {
            return .failure(ImportFailure(problems: [ImportProblem(line: header.line, kind: .unterminatedQuote)]))
        }
        let names = header.fields.map { trim($0).lowercased() }
        var columnIndex: [String: Int] = [:]
        var unknown: [String] = []
        var duplicated: [String] = []
        for (index, name) in names.enumerated() {
            if !columns.contains(name) {
                unknown.append(name)
            } else if columnIndex[name] != nil {
                if !duplicated.contains(name) { duplicated.append(name) }
            } else {
                columnIndex[name] = index
            }
        }
        let missing = columns.filter { columnIndex[$0] == nil }
        if !missing.isEmpty || !unknown.isEmpty || !duplicated.isEmpty {
            let problem = ImportProblem(
                line: header.line, kind: .badHeader(missing: missing, unknown: unknown, duplicated: duplicated))
            return .failure(ImportFailure(problems: [problem]))
        }
        let idColumn = columnIndex["id"]!, parentColumn = columnIndex["parent_id"]!
        let nameColumn = columnIndex["name"]!, kindColumn = columnIndex["kind"]!

        // 3. Each record on its own.
        var problems: [ImportProblem] = []
        struct Candidate {
            let line: Int
            let id: String
            let parent: String?
            let name: String
            let kind: UnitKind?
            /// Whether this record defines `id` (non-empty, not too long, first occurrence).
            let definesID: Bool
        }
        var candidates: [Candidate] = []
        var firstLineOfID: [String: Int] = [:]
        for record in records.dropFirst() {
            let line = record.line
            if record.unterminated {
                problems.append(ImportProblem(line: line, kind: .unterminatedQuote))
                continue
            }
            guard record.fields.count == columns.count else {
                problems.append(ImportProblem(
                    line: line, kind: .wrongFieldCount(expected: columns.count, found: record.fields.count)))
                continue
            }
            let id = unneutralised(trim(record.fields[idColumn]))
            let parentRaw = unneutralised(trim(record.fields[parentColumn]))
            let name = unneutralised(normaliseName(record.fields[nameColumn]))
            let kindRaw = trim(record.fields[kindColumn])

            var definesID = false
            if id.isEmpty {
                problems.append(ImportProblem(line: line, kind: .emptyID))
            } else if id.unicodeScalars.count > maxIDLength {
                problems.append(ImportProblem(line: line, kind: .idTooLong(length: id.unicodeScalars.count)))
            } else if let first = firstLineOfID[id] {
                problems.append(ImportProblem(line: line, kind: .duplicateID(id: id, firstLine: first)))
            } else {
                firstLineOfID[id] = line
                definesID = true
            }

            if name.isEmpty {
                problems.append(ImportProblem(line: line, kind: .emptyName))
            } else {
                if name.unicodeScalars.count > maxNameLength {
                    problems.append(ImportProblem(line: line, kind: .nameTooLong(length: name.unicodeScalars.count)))
                }
                if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    problems.append(ImportProblem(line: line, kind: .controlCharacterInName))
                }
            }

            let kind = UnitKind(lenient: kindRaw)
            if kind == nil {
                problems.append(ImportProblem(line: line, kind: .unknownKind(kindRaw)))
            }

            candidates.append(Candidate(
                line: line, id: id, parent: parentRaw.isEmpty ? nil : parentRaw, name: name, kind: kind,
                definesID: definesID))
        }

        // 4. Parents: unknown, own, cycles (over the records that define their id).
        var parentOf: [String: String] = [:]
        for candidate in candidates {
            guard let parent = candidate.parent else { continue }
            if parent == candidate.id {
                problems.append(ImportProblem(line: candidate.line, kind: .ownParent))
            } else if firstLineOfID[parent] == nil {
                problems.append(ImportProblem(line: candidate.line, kind: .unknownParent(parent)))
            } else if candidate.definesID {
                parentOf[candidate.id] = parent
            }
        }
        var finished: Set<String> = []
        for candidate in candidates where candidate.definesID && !finished.contains(candidate.id) {
            var path: [String] = []
            var positionInPath: [String: Int] = [:]
            var current: String? = candidate.id
            while let id = current, !finished.contains(id) {
                if let start = positionInPath[id] {
                    var cycle = Array(path[start...])
                    // Start with the id earliest in the file, keep the parent order.
                    let first = cycle.indices.min { firstLineOfID[cycle[$0]]! < firstLineOfID[cycle[$1]]! }!
                    cycle = Array(cycle[first...] + cycle[..<first])
                    for member in cycle {
                        problems.append(ImportProblem(line: firstLineOfID[member]!, kind: .cycle(ids: cycle)))
                    }
                    break
                }
                positionInPath[id] = path.count
                path.append(id)
                current = parentOf[id]
            }
            finished.formUnion(path)
        }

        if problems.isEmpty && candidates.isEmpty {
            problems.append(ImportProblem(line: header.line, kind: .nothingToImport))
        }
        if !problems.isEmpty {
            let sorted = problems.enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
                .map(\.element)
            return .failure(ImportFailure(problems: sorted))
        }

        let rows = candidates.map {
            UnitCSVRow(line: $0.line, externalID: $0.id, parentExternalID: $0.parent, name: $0.name, kind: $0.kind!)
        }
        let order = topologicalOrder(ids: rows.map(\.externalID), parents: rows.map(\.parentExternalID))
        return .success(order.map { rows[$0] })
    }

    /// Writes a tree back in the format ``parse(_:)`` reads.
    ///
    /// - The header `id,parent_id,name,kind` comes first; the delimiter is always `,`.
    /// - Records end with `"\r\n"` (RFC 4180), including the last one.
    /// - Parents come before their children, otherwise input order is kept. A row whose parent is
    ///   not among `rows` is written where a top-level row would be (its `parent_id` is kept).
    /// - Fields are written by ``CSVWriter``: quoted when they hold `,`, `"`, CR or LF (quotes inside
    ///   doubled), and a name that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
    ///   `@`, or `'` itself) is prefixed with `'`, which ``parse(_:)`` takes off again.
    /// - The kind is written as its stored value (`forvaltning`, …), which is ASCII and re-imports as is.
    /// - No byte order mark is written; a caller serving the file to Excel may prepend `"\u{FEFF}"`.
    public static func export(_ rows: [ExportRow]) -> String {
        let order = topologicalOrder(ids: rows.map(\.externalID), parents: rows.map(\.parentExternalID))
        var out = columns.joined(separator: ",") + "\r\n"
        for index in order {
            let row = rows[index]
            out += CSVWriter.line([row.externalID, row.parentExternalID ?? "", row.name, row.kind.rawValue], neutralizeFormulas: true)
        }
        return out
    }

    // MARK: Helpers

    struct RawRecord: Equatable {
        var line: Int
        var fields: [String]
        var unterminated: Bool
    }

    static func trim(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Folds line breaks into single spaces, trims, and normalises to NFC.
    static func normaliseName(_ raw: String) -> String {
        let pieces = raw.split(omittingEmptySubsequences: false) { $0.isNewline }
            .map { trim(String($0)) }
            .filter { !$0.isEmpty }
        return pieces.joined(separator: " ").precomposedStringWithCanonicalMapping
    }

    /// A field as written before ``CSVWriter`` neutralised it: a `'` in front of `=`, `+`, `-`, `@`
    /// or another `'` goes.
    static func unneutralised(_ field: String) -> String {
        guard field.hasPrefix("'"), let next = field.dropFirst().first, "=+-@'".contains(next) else { return field }
        return String(field.dropFirst())
    }

    /// `;` if the first non-blank line has more semicolons than commas outside quotes, else `,`.
    static func detectDelimiter(_ s: [Unicode.Scalar]) -> Unicode.Scalar {
        var commas = 0, semicolons = 0, inQuotes = false, sawContent = false
        for c in s {
            if c == "\"" { inQuotes.toggle() }
            if inQuotes { sawContent = true; continue }
            if c == "\n" {
                if sawContent { break }
                continue
            }
            if c == "," { commas += 1 }
            if c == ";" { semicolons += 1 }
            if !c.properties.isWhitespace { sawContent = true }
        }
        return semicolons > commas ? ";" : ","
    }

    /// Splits text into RFC 4180 records, noting the physical line where each starts.
    /// An unterminated quote swallows the rest of the text and ends the last record.
    static func splitRecords(_ s: [Unicode.Scalar], delimiter: Unicode.Scalar) -> [RawRecord] {
        var records: [RawRecord] = []
        var i = 0
        var line = 1
        let n = s.count
        while i < n {
            let startLine = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var atFieldStart = true
            var unterminated = false
            while true {
                guard i < n else {
                    fields.append(String(field))
                    break
                }
                if atFieldStart {
                    atFieldStart = false
                    var j = i
                    while j < n, s[j] == " " || s[j] == "\t" { j += 1 }
                    if j < n, s[j] == "\"" {
                        i = j + 1
                        var closed = false
                        while i < n {
                            let c = s[i]
                            if c == "\"" {
                                if i + 1 < n, s[i + 1] == "\"" {
                                    field.append("\"")
                                    i += 2
                                    continue
                                }
                                i += 1
                                closed = true
                                break
                            }
                            if c == "\n" { line += 1 }
                            field.append(c)
                            i += 1
                        }
                        if !closed {
                            unterminated = true
                            fields.append(String(field))
                            break
                        }
                    }
                    continue
                }
                let c = s[i]
                i += 1
                if c == delimiter {
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    atFieldStart = true
                } else if c == "\n" {
                    fields.append(String(field))
                    line += 1
                    break
                } else {
                    field.append(c)
                }
            }
            records.append(RawRecord(line: startLine, fields: fields, unterminated: unterminated))
            if unterminated { break }
        }
        return records
    }

    /// Indices of the rows in topological order (parents first); among rows that are ready, the one
    /// earliest in the input goes first. Parents not among `ids` count as absent; rows caught in a
    /// cycle are appended in input order.
    static func topologicalOrder(ids: [String], parents: [String?]) -> [Int] {
        var indexOfID: [String: Int] = [:]
        for (index, id) in ids.enumerated() where indexOfID[id] == nil { indexOfID[id] = index }
        var children: [[Int]] = Array(repeating: [], count: ids.count)
        var ready = MinHeap()
        for index in ids.indices {
            if let parent = parents[index], let p = indexOfID[parent], p != index {
                children[p].append(index)
            } else {
                ready.push(index)
            }
        }
        var order: [Int] = []
        order.reserveCapacity(ids.count)
        var placed = Array(repeating: false, count: ids.count)
        while let next = ready.pop() {
            order.append(next)
            placed[next] = true
            for child in children[next] { ready.push(child) }
        }
        if order.count < ids.count {
            order += ids.indices.filter { !placed[$0] }
        }
        return order
    }

    /// A minimal binary min-heap of row indices.
    struct MinHeap {
        private var items: [Int] = []

        mutating func push(_ value: Int) {
            items.append(value)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard items[child] < items[parent] else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Int? {
            guard let top = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < items.count, items[left] < items[smallest] { smallest = left }
                    if right < items.count, items[right] < items[smallest] { smallest = right }
                    if smallest == parent { break }
                    items.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return top
        }
    }
}

// MARK: - Re-import planner

/// A unit as stored, as far as the import planner needs to know it.
public struct ExistingUnit: Sendable, Equatable {
    public let id: Int64
    /// The HR system's id; `nil` for a unit created by hand in the UI.
    public let externalID: String?
    public let parentID: Int64?
    public let name: String
    public let kind: UnitKind
    public let isClosed: Bool

    public init(id: Int64, externalID: String?, parentID: Int64?, name: String, kind: UnitKind, isClosed: Bool) {
        self.id = id
        self.externalID = externalID
        self.parentID = parentID
        self.name = name
        self.kind = kind
        self.isClosed = isClosed
    }
}

/// One step that brings the stored unit tree closer to an imported file.
public enum UnitChange: Sendable, Equatable {
    case create(externalID: String, parentExternalID: String?, name: String, kind: UnitKind)
    case rename(id: Int64, from: String, to: String)
    case changeKind(id: Int64, from: UnitKind, to: UnitKind)
    case move(id: Int64, fromParentID: Int64?, toParentExternalID: String?)
    case reopen(id: Int64)
    case close(id: Int64)
}

/// Works out what a re-import must change. Pure: it reads nothing and writes nothing.
public enum UnitImportPlanner {
    /// What must change so that the stored tree matches the file. Units whose external id is in the file are matched by it;
    /// stored open units with an external id that is not in the file are closed (children before parents); units without an
    /// external id (created by hand in the UI) are left alone. A closed unit that reappears is reopened. Creates come in
    /// topological order (parents first); moves refer to the parent by external id because a new parent may not exist yet.
    ///
    /// The plan is ordered: creates (parents first), reopens, renames, kind changes, moves (all in the order of `rows`),
    /// then closes (deepest first, otherwise in the order of `existing`). `rows` is expected as ``UnitCSV/parse(_:)``
    /// returns it (valid, parents first). If several stored units share an external id, an open one is matched
    /// before a closed one, otherwise the first. A matched unit whose stored parent is a hand-made unit is moved
    /// when the file places it elsewhere (including at the top level). An unchanged file gives an empty plan.
    public static func plan(existing: [ExistingUnit], rows: [UnitCSVRow]) -> [UnitChange] {
        var byID: [Int64: ExistingUnit] = [:]
        var byExternalID: [String: ExistingUnit] = [:]
        for unit in existing {
            if byID[unit.id] == nil { byID[unit.id] = unit }
            guard let externalID = unit.externalID else { continue }
            if let previous = byExternalID[externalID], !previous.isClosed || unit.isClosed { continue }
            byExternalID[externalID] = unit
        }

        var creates: [UnitChange] = []
        var reopens: [UnitChange] = []
        var renames: [UnitChange] = []
        var kindChanges: [UnitChange] = []
        var moves: [UnitChange] = []
        for row in rows {
            guard let unit = byExternalID[row.externalID] else {
                creates.append(.create(
                    externalID: row.externalID, parentExternalID: row.parentExternalID, name: row.name, kind: row.kind))
                continue
            }
            if unit.isClosed { reopens.append(.reopen(id: unit.id)) }
            if unit.name != row.name { renames.append(.rename(id: unit.id, from: unit.name, to: row.name)) }
            if unit.kind != row.kind { kindChanges.append(.changeKind(id: unit.id, from: unit.kind, to: row.kind)) }
            let sameParent: Bool
            if let parentID = unit.parentID {
                sameParent = row.parentExternalID != nil && byID[parentID]?.externalID == row.parentExternalID
            } else {
                sameParent = row.parentExternalID == nil
            }
            if !sameParent {
                moves.append(.move(id: unit.id, fromParentID: unit.parentID, toParentExternalID: row.parentExternalID))
            }
        }

        let inFile = Set(rows.map(\.externalID))
        let closing = existing.enumerated().filter { _, unit in
            guard let externalID = unit.externalID, !unit.isClosed, !inFile.contains(externalID) else { return false }
            return byID[unit.id] == unit
        }
        func depth(_ unit: ExistingUnit) -> Int {
            var depth = 0
            var seen: Set<Int64> = [unit.id]
            var current = unit.parentID
            while let id = current, let parent = byID[id], seen.insert(id).inserted {
                depth += 1
                current = parent.parentID
            }
            return depth
        }
        let closes = closing
            .map { (offset: $0.offset, depth: depth($0.element), id: $0.element.id) }
            .sorted { ($1.depth, $0.offset) < ($0.depth, $1.offset) }
            .map { UnitChange.close(id: $0.id) }

        return creates + reopens + renames + kindChanges + moves + closes
    }
}
