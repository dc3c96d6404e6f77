/// Escaping for HTML and XML text: the five significant characters, so the result is safe both
/// as element content and inside a double- or single-quoted attribute value. Every place that
/// writes markup escapes through here.
public enum HTMLEscaping {
    /// Appends `scalars` to `out`, escaped.
    public static func append<S: Sequence<Unicode.Scalar>>(_ scalars: S, into out: inout String) {
        for c in scalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
    }

    /// Appends `text` to `out`, escaped; text without any of the five characters is appended whole.
    public static func append(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        append(text.unicodeScalars, into: &out)
    }

    /// `text`, escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        append(text, into: &out)
        return out
    }
}
