import Foundation
import TillitFormats

/// A fragment of HTML. Interpolated `String`s are escaped; interpolated `HTML` is not. So output
/// is escaped by default, and raw markup can only come from other `HTML` values built the same way.
///
/// Pages are rendered by string building rather than a template engine: a Mustache page of a
/// 20-item list runs at about an eighth of a static route's throughput, string building at about half.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.output
    }

    /// Markup taken as it is. Only for constants and output of trusted renderers.
    public init(unsafeRaw: String) {
        rendered = unsafeRaw
    }

    public static let empty: HTML = ""

    public var description: String { rendered }

    public struct Interpolation: StringInterpolationProtocol {
        var output: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            output = ""
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            output += literal
        }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) {
            HTML.escape(text, into: &output)
        }

        /// Optional text: escaped, nothing when nil.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.escape(text, into: &output) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            output += String(number)
        }

        public mutating func appendInterpolation(_ number: Int64) {
            output += String(number)
        }

        /// Markup: as it is.
        public mutating func appendInterpolation(_ html: HTML) {
            output += html.rendered
        }

        /// A list of fragments, one after another.
        public mutating func appendInterpolation(_ list: [HTML]) {
            // Room for all of it at once (a long list would otherwise grow the page many times),
            // and at least twice what there is, so that many lists still grow it geometrically.
            let needed = list.reduce(output.utf8.count) { $0 + $1.rendered.utf8.count }
            output.reserveCapacity(Swift.max(needed, output.utf8.count * 2))
            for html in list { output += html.rendered }
        }

        /// An optional fragment.
        public mutating func appendInterpolation(_ html: HTML?) {
            if let html { output += html.rendered }
        }

        /// A page's content with soft hyphens in the long words of its `<h1>` headings
        /// (``Hyphenation/appendHeadings(of:into:)``, unless the page has them already), written
        /// straight into the frame, with room made for it and `trailing` more bytes at once: a
        /// long page is copied once, not grown into.
        mutating func appendInterpolation(contentOf page: PageView, trailing: Int) {
            let content = page.content.rendered
            output.reserveCapacity(output.utf8.count + content.utf8.count + 64 + trailing)
            if page.hyphenated { output += content } else { Hyphenation.appendHeadings(of: content, into: &output) }
        }
    }

    /// Escapes the five characters that matter in text and in quoted attribute values.
    public static func escape(_ text: String, into output: inout String) {
        HTMLEscaping.append(text, into: &output)
    }

    /// `text` escaped.
    public static func escaped(_ text: String) -> String {
        var output = ""
        escape(text, into: &output)
        return output
    }
}

extension Array where Element == HTML {
    /// The fragments joined with `separator`.
    func joined(_ separator: HTML = "") -> HTML {
        var output = ""
        output.reserveCapacity(reduce(separator.rendered.utf8.count * Swift.max(0, count - 1)) { $0 + $1.rendered.utf8.count })
        for (i, html) in enumerated() {
            if i > 0 { output += separator.rendered }
            output += html.rendered
        }
        return HTML(unsafeRaw: output)
    }
}
