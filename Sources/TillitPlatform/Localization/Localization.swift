import Foundation

/// The languages Tillit speaks: Swedish first, English second.
public enum Language: String, Sendable, CaseIterable, Codable {
    case sv
    case en

    /// Picks the first supported language from an `Accept-Language` header, else Swedish.
    ///
    /// Quality values are honoured (RFC 9110 §12.5.4); unknown tags are skipped.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return .sv }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") {
                q = Double(p.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            let lang: Language?
            switch primary {
            case "sv": lang = .sv
            case "en": lang = .en
            case "*": lang = .sv
            default: lang = nil
            }
            guard let lang, q > 0 else { continue }
            if best == nil || q > best!.1 { best = (lang, q) }
        }
        return best?.0 ?? .sv
    }
}

/// Something that has a text in each language. Every user-facing string comes from a type that
/// conforms to this, so a missing translation is a compile error, not a blank on the page.
public protocol LocalizedText: Sendable {
    /// The Swedish and English wording.
    var texts: (sv: String, en: String) { get }
}

extension LocalizedText {
    /// The wording in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .sv: texts.sv
        case .en: texts.en
        }
    }
}

/// A text given in both languages at the point of use, for data such as enum labels.
public struct BothLanguages: LocalizedText, Equatable {
    public let sv: String
    public let en: String
    public init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }
    public var texts: (sv: String, en: String) { (sv, en) }
}
