import Foundation

/// Figures as a reader of the language writes them: Swedish with a decimal comma and a (no-break)
/// space between thousands (`12 345,6`), English with a point and commas (`12,345.6`).
public enum NumberText {
    public static func format(_ value: Int, swedish: Bool) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += swedish ? "\u{00A0}" : "," }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    /// A whole percentage: `12 %` in Swedish (with a no-break space), `12%` in English.
    public static func percent(_ value: Int, swedish: Bool) -> String {
        format(value, swedish: swedish) + (swedish ? "\u{00A0}%" : "%")
    }

    /// A percentage with decimals: `42,8 %` in Swedish, `42.8%` in English.
    public static func percent(_ value: Double, fractionDigits: Int, swedish: Bool) -> String {
        format(value, fractionDigits: fractionDigits, swedish: swedish) + (swedish ? "\u{00A0}%" : "%")
    }

    public static func format(_ value: Double, fractionDigits: Int, swedish: Bool) -> String {
        guard value.isFinite else { return "–" }
        let scale = pow(10, Double(fractionDigits))
        let rounded = (value.magnitude * scale).rounded()
        guard rounded < 9e15 else { return "–" }
        let whole = Int(rounded) / Int(scale), fraction = Int(rounded) % Int(scale)
        var text = format(whole, swedish: swedish)
        if fractionDigits > 0 {
            let digits = String(fraction)
            text += (swedish ? "," : ".") + String(repeating: "0", count: fractionDigits - digits.count) + digits
        }
        return (value < 0 && rounded > 0 ? "−" : "") + text
    }
}

extension String.StringInterpolation {
    /// A figure as Swedish writes it, inside a text's Swedish wording: `"\(sv: count) krav"`.
    public mutating func appendInterpolation(sv value: Int) {
        appendLiteral(NumberText.format(value, swedish: true))
    }

    /// A figure as English writes it, inside a text's English wording: `"\(en: count) requirements"`.
    public mutating func appendInterpolation(en value: Int) {
        appendLiteral(NumberText.format(value, swedish: false))
    }
}
