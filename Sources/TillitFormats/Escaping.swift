/// The one markup escaper, for HTML and XML. Every place that writes markup (pages, Markdown,
/// Atom, sitemaps, SVG) escapes through here.
///
/// - `.html`: the five significant characters, so the result is safe both as element content and
///   inside a double- or single-quoted attribute value.
/// - `.xml`: the same five (the apostrophe as `&apos;`), and every character XML 1.0 does not allow
///   removed (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF), as are the C1 controls and
///   DEL, which it allows but discourages.
public enum HTMLEscaping {
    public enum Mode: Sendable {
        case html, xml
    }

    /// Appends `scalars` to `out`, escaped.
    public static func append<S: Sequence<Unicode.Scalar>>(_ scalars: S, into out: inout String, mode: Mode = .html) {
        for c in scalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += mode == .html ? "&#39;" : "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                if mode == .html || isAllowedInXML(c) { out.unicodeScalars.append(c) }
            }
        }
    }

    /// Appends `text` to `out`, escaped; HTML text without any of the five characters is appended whole.
    public static func append(_ text: String, into out: inout String, mode: Mode = .html) {
        guard mode == .html else { return append(text.unicodeScalars, into: &out, mode: mode) }
        // Where the first of the five characters is, by its UTF-8 offset: one pass over the bytes
        // with a bit mask (all five are below 0x40).
        let special: UInt64 = 1 << 0x22 | 1 << 0x26 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E
        var copy = text
        let first: Int? = copy.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] < 0x40 && special >> UInt64(bytes[index]) & 1 == 1 { return index }
            return nil
        }
        guard let first else {
            out += text
            return
        }
        let split = text.utf8.index(text.utf8.startIndex, offsetBy: first)
        out += text[..<split]
        append(text[split...].unicodeScalars, into: &out, mode: mode)
    }

    /// `text`, escaped.
    public static func escape(_ text: String, mode: Mode = .html) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        append(text, into: &out, mode: mode)
        return out
    }

    static func isAllowedInXML(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20 ..< 0x7F, 0xA0 ... 0xD7FF, 0xE000 ... 0xFFFD, 0x10000 ... 0x10FFFF: true
        default: false
        }
    }
}
