import Foundation

/// One record of a CSV file and the physical line it starts on (the header is line 1).
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]
}

/// The CSV reading that unit imports use, for the other imports: UTF-8 (with or without a byte
/// order mark), comma or semicolon, RFC 4180 quoting, blank lines skipped, fields trimmed and a
/// neutralising apostrophe (from ``CSVWriter``) taken off.
public enum CSVRecords {
    public static func read(_ data: Data) -> Result<[CSVRecord], ImportFailure> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var problems: [ImportProblem] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            problems.append(ImportProblem(line: index + 1, kind: .invalidEncoding))
        }
        if !problems.isEmpty { return .failure(ImportFailure(problems: problems)) }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        let raw = UnitCSV.splitRecords(scalars, delimiter: UnitCSV.detectDelimiter(scalars))
            .filter { $0.unterminated || $0.fields.contains { !UnitCSV.trim($0).isEmpty } }
        if let broken = raw.first(where: \.unterminated) {
            return .failure(ImportFailure(problems: [ImportProblem(line: broken.line, kind: .unterminatedQuote)]))
        }
        return .success(raw.map { CSVRecord(line: $0.line, fields: $0.fields.map { UnitCSV.unneutralised(UnitCSV.trim($0)) }) })
    }
}
