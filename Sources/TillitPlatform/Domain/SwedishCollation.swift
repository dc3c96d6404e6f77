import Foundation

/// Sorting in Swedish alphabetical order (… x y z å ä ö), without a locale-aware comparison on
/// every step: ICU collation through Foundation costs tens of microseconds per comparison, which a
/// page of a few hundred units turns into milliseconds.
///
/// Case is ignored; é, è, à and similar sort as their base letter, ü as y (as Swedish dictionaries do),
/// æ as ä and ø as ö; digits come before letters.
public enum SwedishCollation {
    /// A key whose lexicographic order is the Swedish alphabetical order of `text`.
    public static func key(_ text: String) -> [UInt32] {
        var key: [UInt32] = []
        key.reserveCapacity(text.utf8.count)
        // Lower case one scalar at a time, as `String.lowercased()` does, without making the
        // lower-cased text first: ASCII by arithmetic, anything else by its lower-case mapping.
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                key.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
            } else if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { key.append(weight(lower)) }
            } else {
                key.append(weight(scalar))
            }
        }
        return key
    }

    /// Whether `a` sorts before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        key(a).lexicographicallyPrecedes(key(b))
    }

    static func weight(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar {
        case "å": return 0x7B  // right after z (0x7A)
        case "ä", "æ": return 0x7C
        case "ö", "ø": return 0x7D
        case "é", "è", "ê", "ë": return 0x65
        case "á", "à", "â": return 0x61
        case "ü": return 0x79
        case "í", "ì", "î", "ï": return 0x69
        case "ó", "ò", "ô": return 0x6F
        case "ú", "ù", "û": return 0x75
        case "ç": return 0x63
        case "ñ": return 0x6E
        default:
            // Everything else by code point, after the Swedish letters when beyond ASCII.
            return scalar.value < 0x80 ? scalar.value : scalar.value + 0x100
        }
    }
}
