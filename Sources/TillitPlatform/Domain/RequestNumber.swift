import Foundation

/// The one way a number written by someone else — a path, a query, a form, a JSON field, an
/// import — becomes a number the code computes with.
///
/// Every result lies in a small, stated range, so no later arithmetic on it can overflow and trap
/// (a trap ends the process for everyone). Anything else — signs where none belong, spaces, other digits than 0–9,
/// digits past the range, `Int64.min` — is nil, which callers turn into 404 or a field error.
public enum RequestNumber {
    /// The largest id accepted: ids are random 63-bit or sequential positive numbers.
    public static let maxID: Int64 = Int64.max
    /// The largest count, position or revision number accepted from a request.
    public static let maxOrdinal = 1_000_000

    /// A row id: 1 … `Int64.max`, plain decimal digits only.
    public static func id(_ raw: String?) -> Int64? {
        guard let digits = plainDigits(raw, maxLength: 19), let value = Int64(digits), value > 0 else { return nil }
        return value
    }

    /// A whole number within `range` (which must itself be small enough to compute with).
    public static func int(_ raw: String?, in range: ClosedRange<Int>) -> Int? {
        guard var text = raw, !text.isEmpty else { return nil }
        var negative = false
        if text.first == "-", range.lowerBound < 0 {
            negative = true
            text.removeFirst()
        }
        guard let digits = plainDigits(text, maxLength: 12), let magnitude = Int(digits) else { return nil }
        let value = negative ? -magnitude : magnitude
        return range.contains(value) ? value : nil
    }

    /// A position, page or revision number: 1 … ``maxOrdinal``.
    public static func ordinal(_ raw: String?) -> Int? {
        int(raw, in: 1...maxOrdinal)
    }

    private static func plainDigits(_ raw: String?, maxLength: Int) -> String? {
        guard let text = raw, !text.isEmpty, text.utf8.count <= maxLength,
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return text
    }
}
