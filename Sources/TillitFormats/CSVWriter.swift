import Foundation

/// CSV export per RFC 4180, for statistics and registers that are opened in spreadsheets.
public enum CSVWriter: Sendable {
    /// The byte order mark that makes Excel read the file as UTF-8; without it Excel guesses a
    /// legacy code page and å, ä and ö come out garbled.
    public static let byteOrderMark = "\u{FEFF}"

    /// One record, terminated by CRLF. A field is quoted when it contains the delimiter, a
    /// double quote, CR or LF, or starts or ends with a space (which some readers would trim);
    /// quotes inside are doubled.
    ///
    /// - Parameters:
    ///   - delimiter: `,` per RFC 4180. Excel with Swedish regional settings expects `;` when
    ///     a file is opened by double-click, so exports meant for it may pass `;`.
    ///   - neutralizeFormulas: prefixes fields beginning with `=`, `+`, `-`, `@`, tab, CR or `'`
    ///     with an apostrophe so a spreadsheet shows them as text instead of evaluating them. Use
    ///     it for user-supplied text; it alters values such as negative numbers.
    public static func line(_ fields: [String], delimiter: Character = ",", neutralizeFormulas: Bool = false) -> String {
        fields.map { field(neutralizeFormulas ? neutralized($0) : $0, delimiter: delimiter) }
            .joined(separator: String(delimiter)) + "\r\n"
    }

    /// A whole file: the header record, then one record per row, each ending in CRLF.
    ///
    /// - Parameters:
    ///   - byteOrderMark: starts the text with U+FEFF so Excel detects UTF-8.
    ///   - neutralizeFormulas: applied to the rows only; the header is the caller's own text.
    public static func document(
        header: [String],
        rows: [[String]],
        byteOrderMark: Bool = true,
        delimiter: Character = ",",
        neutralizeFormulas: Bool = false
    ) -> String {
        var out = byteOrderMark ? Self.byteOrderMark : ""
        out += line(header, delimiter: delimiter)
        for row in rows {
            out += line(row, delimiter: delimiter, neutralizeFormulas: neutralizeFormulas)
        }
        return out
    }

    static func field(_ value: String, delimiter: Character) -> String {
        let needsQuotes = value.contains(delimiter)
            || value.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A value a spreadsheet would run as a formula gets a leading `'`, which it shows as text and
    /// hides; so does a value that already starts with `'`, so that it reads back unchanged.
    static func neutralized(_ value: String) -> String {
        guard let first = value.unicodeScalars.first,
              ["=", "+", "-", "@", "\t", "\r", "'"].contains(first) else { return value }
        return "'" + value
    }
}
