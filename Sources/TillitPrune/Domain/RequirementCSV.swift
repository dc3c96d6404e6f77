import Foundation
import TillitFormats
import TillitPlatform

/// The inventory as CSV, and a requirement list read from CSV. What is exported imports again:
/// the figure columns are read past.
public enum RequirementCSV {
    /// The columns an import needs, in the export's order.
    public static let inputColumns = ["name", "description", "type", "issuer", "legal_reference", "purpose", "units", "roles", "frequency",
                                      "cases_per_year", "minutes", "population"]
    /// Columns the export adds, which an import accepts and ignores.
    public static let figureColumns = ["id", "status", "hours_per_year", "cost_per_year_sek", "staff_n", "staff_median_minutes", "staff_mean_usefulness"]

    /// The inventory with its figures; staff figures only where the anonymity threshold was reached.
    public static func export(_ items: [RequirementFigures], tree: UnitTree) -> String {
        let header = ["id"] + inputColumns + Array(figureColumns.dropFirst())
        let rows: [[String]] = items.map { item in
            let r = item.requirement
            let units = r.unitIDs.map { id in tree[id]?.externalID ?? String(id) }.joined(separator: ";")
            return [String(r.id), r.name, r.description, r.type.rawValue, r.issuer, r.legalReference ?? "", r.purpose, units,
                    r.roles.map(\.rawValue).joined(separator: ";"), r.workload.frequency.rawValue, r.workload.casesPerYear.map(String.init) ?? "",
                    String(r.workload.minutes), String(r.workload.population), r.status.rawValue,
                    String(format: "%.2f", item.hoursPerYear), String(Int(item.costPerYear.rounded())),
                    item.staff.map { String($0.n) } ?? "", item.staff.map { String(format: "%.1f", $0.medianMinutes) } ?? "",
                    item.staff.map { String(format: "%.2f", $0.meanUsefulness) } ?? ""]
        }
        return CSVWriter.document(header: header, rows: rows, byteOrderMark: true, neutralizeFormulas: true)
    }

    /// A line of an import, ready for the service's validation.
    public struct Line: Sendable {
        public let line: Int
        /// The requirement the line is about, when the file names one (an exported file does):
        /// the import changes it instead of adding a copy.
        public let id: Int64?
        public let input: RequirementInput
    }

    /// Reads an import: a header naming at least ``inputColumns`` (any order, figure columns
    /// allowed), then one requirement per line. Units are written as numbers or external ids,
    /// separated by semicolons (or commas in a semicolon-free file); roles likewise.
    public static func parse(_ data: Data, tree: UnitTree) -> Result<[Line], RequirementImportFailure> {
        let records: [CSVRecord]
        switch CSVRecords.read(data) {
        case .failure(let failure): return .failure(RequirementImportFailure(problems: failure.problems.map { .init(line: $0.line, message: $0) }))
        case .success(let read): records = read
        }
        guard let header = records.first else {
            return .failure(RequirementImportFailure(problems: [.init(line: 1, message: PruneImportText.empty)]))
        }
        let names = header.fields.map { $0.lowercased() }
        let unknown = names.filter { !inputColumns.contains($0) && !figureColumns.contains($0) }
        let missing = inputColumns.filter { !names.contains($0) }
        if !unknown.isEmpty || !missing.isEmpty {
            return .failure(RequirementImportFailure(problems: [.init(line: header.line, message: PruneImportText.header(missing: missing, unknown: unknown))]))
        }
        guard records.count > 1 else { return .failure(RequirementImportFailure(problems: [.init(line: header.line, message: PruneImportText.empty)])) }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        var byExternalID: [String: Int64] = [:]
        for unit in tree.units.values { if let external = unit.externalID { byExternalID[external] = unit.id } }
        var lines: [Line] = []
        var problems: [RequirementImportProblem] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                problems.append(.init(line: record.line, message: PruneImportText.fieldCount(expected: names.count, found: record.fields.count)))
                continue
            }
            func field(_ name: String) -> String { record.fields[index[name]!] }
            func list(_ raw: String) -> [String] {
                raw.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let units = list(field("units")).map { ref in
                byExternalID[ref].map(String.init) ?? ref
            }
            var id: Int64?
            if index["id"] != nil {
                let raw = field("id").trimmingCharacters(in: .whitespaces)
                if !raw.isEmpty {
                    guard let number = Int64(raw), number > 0 else {
                        problems.append(.init(line: record.line, message: PruneImportText.unknownID(raw)))
                        continue
                    }
                    id = number
                }
            }
            lines.append(Line(line: record.line, id: id, input: RequirementInput(
                name: field("name"), description: field("description"), type: field("type"), issuer: field("issuer"), legalReference: field("legal_reference"),
                purpose: field("purpose"), unitIDs: units, roles: list(field("roles")), frequency: field("frequency"),
                casesPerYear: field("cases_per_year"), minutes: field("minutes"), population: field("population"))))
        }
        if !problems.isEmpty { return .failure(RequirementImportFailure(problems: problems)) }
        return .success(lines)
    }
}

/// A problem on one line of an import.
public struct RequirementImportProblem: Sendable, LocalizedText {
    public let line: Int
    public let message: any LocalizedText
    public init(line: Int, message: any LocalizedText) {
        self.line = line
        self.message = message
    }
    public var texts: (sv: String, en: String) {
        let text = message.texts
        // Problems from the shared CSV reading already name their line.
        if text.sv.hasPrefix("Rad ") { return text }
        return ("Rad \(line): \(text.sv)", "Line \(line): \(text.en)")
    }
}

/// Why an import wrote nothing: every problem, each with its line.
public struct RequirementImportFailure: Error, Sendable {
    public let problems: [RequirementImportProblem]
}

/// The messages of an import that are not about one field.
public enum PruneImportText: LocalizedText {
    case empty
    case header(missing: [String], unknown: [String])
    case fieldCount(expected: Int, found: Int)
    case field(String, any LocalizedText)
    case tooMany(Int)
    case unknownID(String)
    case repeatedID(String)

    public var texts: (sv: String, en: String) {
        switch self {
        case .empty: ("filen innehåller inga krav att importera.", "the file contains no requirements to import.")
        case .header(let missing, let unknown):
            ("rubrikraden behöver kolumnerna \(RequirementCSV.inputColumns.joined(separator: ", ")). Saknas: \(missing.isEmpty ? "inga" : missing.joined(separator: ", ")). Okända: \(unknown.isEmpty ? "inga" : unknown.joined(separator: ", ")).",
             "the header needs the columns \(RequirementCSV.inputColumns.joined(separator: ", ")). Missing: \(missing.isEmpty ? "none" : missing.joined(separator: ", ")). Unknown: \(unknown.isEmpty ? "none" : unknown.joined(separator: ", ")).")
        case .fieldCount(let expected, let found): ("raden har \(found) fält men rubrikraden \(expected).", "the line has \(found) fields but the header \(expected).")
        case .unknownID(let id): ("id: organisationen har inget krav med id \(id). Lämna id tomt för ett nytt krav.",
                                  "id: the organisation has no requirement with id \(id). Leave id empty for a new requirement.")
        case .repeatedID(let id): ("id: kravet \(id) står redan på en tidigare rad.", "id: requirement \(id) is already on an earlier line.")
        case .tooMany(let n): ("en import tar högst \(sv: n) krav; dela upp filen.", "an import takes at most \(en: n) requirements; split the file.")
        case .field(let name, let message): ("\(name): \(message.texts.sv)", "\(name): \(message.texts.en)")
        }
    }
}
