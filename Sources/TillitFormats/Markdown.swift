// A small, safe Markdown renderer for the text people write in knowledge-bank examples.
//
// The renderer has two stages, like CommonMark:
//
// 1. Blocks. The input is split into lines and grouped into headings, paragraphs, lists, quotes,
//    code blocks and rules. Quotes and list items hold blocks of their own and are parsed
//    recursively, at most `BlockParser.maxDepth` containers deep; deeper markers are plain text,
//    so the recursion is bounded whatever the input.
// 2. Inlines. The text of each paragraph and heading is scanned once from left to right into
//    pieces (text, code spans, autolinks, line breaks, emphasis delimiter runs, brackets). Links
//    and emphasis are then resolved with the delimiter-stack algorithm of the CommonMark
//    specification (appendix "An algorithm for parsing nested emphasis and links"), including its
//    "openers bottom" bookkeeping, which keeps the work linear in the length of the text.
//
// Nothing from the input is ever copied into the output without escaping. Every tag and attribute
// in the output is written by this file; input only ever reaches the output through
// `Escape.append`, and link destinations only through `LinkPolicy.href`.

/// Renders the Markdown of knowledge-bank examples as HTML that is safe to embed in a page, and as
/// plain text for snippets and the search index.
///
/// ## What is supported
///
/// A small subset of CommonMark:
///
/// - ATX headings, `#` to `######`. The page has its own `<h1>`, so `#` and `##` become `<h2>`,
///   `###` becomes `<h3>` and deeper levels become `<h4>`. A closing run of `#` is dropped.
/// - Paragraphs, separated by blank lines. A single line break inside a paragraph is kept as
///   `<br>`: the examples are typed into a plain text field by people who expect their lines to stay
///   lines (addresses, steps, short dialogues). A backslash or two spaces at the end of a line
///   make the same `<br>`.
/// - Bullet lists (`-`, `*`, `+`) and ordered lists (`1.` or `1)`; a first number other than 1
///   becomes `start`). A list nests inside an item when it is indented under the item's text. A list
///   with blank lines between its items is loose and wraps the items' text in `<p>`.
/// - Block quotes (`>`), which may hold any other block. A line without `>` directly under a quoted
///   paragraph line continues that paragraph.
/// - Fenced code blocks between lines of three or more backticks or tildes. The info string after
///   the opening fence is ignored. An unclosed fence runs to the end of its container.
/// - Thematic breaks: a line of three or more `-`, `*` or `_`, spaces allowed between them, is
///   `<hr>`, also directly under a paragraph line (there are no underlined "setext" headings).
/// - Inline: code spans, `**strong**` and `__strong__`, `*emphasis*` and `_emphasis_` with the
///   CommonMark rules for where a delimiter may open or close (so `snake_case_word` stays as
///   written), links `[text](url "title")`, autolinks `<https://…>` and `<namn@exempel.se>`, and
///   backslash escapes of ASCII punctuation.
///
/// Not supported, and shown as the text that was written: raw HTML, entity and character
/// references (`&amp;` shows as `&amp;`), reference-style links, indented code blocks (indentation
/// outside lists is ignored), tables. An image `![description](src)` shows its description as
/// text: the page never loads anything an example points to.
///
/// ## Safety
///
/// The output contains only the elements `h2 h3 h4 p br hr ul ol li blockquote pre code strong em a`
/// and the attributes `href`, `title` and `rel` on `a` and `start` on `ol`, all written by the
/// renderer. Every `<`, `>`, `&`, `"` and `'` that comes from the input is escaped, in text and in
/// attribute values alike, and attribute values are always in double quotes.
///
/// A link becomes an `<a>` only when its destination starts with `http://`, `https://` or
/// `mailto:` (in any case), or is a path on the same site: `/…` but not `//…` or `/\…`, which
/// browsers read as another host, or a fragment `#…`. A destination holding a control character is
/// refused as a whole, since browsers drop tabs and newlines inside URLs and would read `/`, a tab
/// and `/host` as `//host`. Any other destination (`javascript:`, `data:`, `vbscript:`, relative paths such as
/// `sida.html`, anything entity-encoded) leaves the link text without an `<a>`. Every `<a>` has
/// `rel="nofollow noopener"` and no other attribute besides `href` and an optional `title` (no
/// `target`), and links never nest.
///
/// ## Cost
///
/// Time and memory grow linearly with the input, whatever it holds: each character is looked at a
/// bounded number of times. A `](` looks ahead at most a few thousand characters for a destination
/// and title, parentheses in a destination nest at most 32 deep, quotes and lists nest at most
/// eight deep (deeper markers are text), and unmatched emphasis delimiters are never searched twice.
public enum Markdown {
    /// Renders `source` as HTML. Blocks are separated by newlines; the result has no trailing
    /// newline and is empty for an empty or blank source.
    public static func html(_ source: String) -> String {
        let blocks = BlockParser.parse(source)
        var out = ""
        out.reserveCapacity(source.utf8.count + source.utf8.count / 4 + 16)
        HTMLWriter.write(blocks, tight: false, into: &out)
        return out
    }

    /// The text of `source` without Markdown markup, for snippets and search indexing: the text of
    /// headings, paragraphs, list items and quotes, the text of links (not their destinations), the
    /// content of code spans and code blocks, and the description of images. Runs of whitespace,
    /// line breaks included, become single spaces, and the result is trimmed.
    ///
    /// The result is plain text, not HTML: escape it before putting it into a page.
    public static func plainText(_ source: String) -> String {
        let blocks = BlockParser.parse(source)
        var raw = ""
        raw.reserveCapacity(source.utf8.count + 16)
        TextWriter.write(blocks, into: &raw)
        return collapsingWhitespace(raw.unicodeScalars)
    }

    /// Turns every run of whitespace and control characters into one space and trims both ends:
    /// the last step of ``plainText(_:)``, and of anything that must give the same text.
    public static func collapsingWhitespace(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var result: [UInt8] = []
        var pendingSpace = false
        for scalar in scalars {
            let isSpace = scalar.value < 0x80
                ? scalar.value <= 0x20 || scalar.value == 0x7F
                : scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            if isSpace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            if scalar.isASCII { result.append(UInt8(scalar.value)) } else { result.append(contentsOf: UTF8.encode(scalar)!) }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

// MARK: - Characters

private typealias Scalars = [Unicode.Scalar]

private enum Chars {
    static func isASCIIPunctuation(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x21 ... 0x2F, 0x3A ... 0x40, 0x5B ... 0x60, 0x7B ... 0x7E: return true
        default: return false
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool { isASCIILetter(c) || isDigit(c) }

    static func isSpaceOrTab(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

    /// Whitespace in the sense of CommonMark's flanking rules: tab, line feed, form feed, carriage
    /// return and the space separators (Zs).
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\n", "\u{0C}", "\r": return true
        default: return !c.isASCII && c.properties.generalCategory == .spaceSeparator
        }
    }

    /// Punctuation in the sense of CommonMark's flanking rules: ASCII punctuation and the Unicode
    /// punctuation (P*) and symbol (S*) categories.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIIPunctuation(c) }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool { c.properties.generalCategory == .control }

    static func trimmed(_ line: Scalars) -> Scalars {
        var start = 0
        var end = line.count
        while start < end, isSpaceOrTab(line[start]) { start += 1 }
        while end > start, isSpaceOrTab(line[end - 1]) { end -= 1 }
        return start == 0 && end == line.count ? line : Array(line[start ..< end])
    }
}

// MARK: - Escaping and link policy

private enum Escape {
    /// Appends `scalars` to `out`, escaped for element content and double-quoted attribute values.
    static func append<S: Sequence<Unicode.Scalar>>(_ scalars: S, into out: inout String) {
        HTMLEscaping.append(scalars, into: &out)
    }

    /// Appends `scalars` to `out` unchanged, for plain text. One scalar at a time:
    /// `append(contentsOf:)` on a string's scalar view is much slower for many short pieces.
    static func appendPlain<S: Sequence<Unicode.Scalar>>(_ scalars: S, into out: inout String) {
        for c in scalars { out.unicodeScalars.append(c) }
    }
}

private enum LinkPolicy {
    /// The `href` for a link destination (already stripped of Markdown backslash escapes), or nil
    /// when the destination may not become a link. The result is not yet HTML-escaped.
    static func href(_ destination: Scalars) -> String? {
        guard let first = destination.first else { return nil }
        for c in destination where Chars.isControl(c) { return nil }
        let allowed: Bool
        if hasASCIIPrefix(destination, "http://") || hasASCIIPrefix(destination, "https://")
            || hasASCIIPrefix(destination, "mailto:") {
            allowed = true
        } else if first == "#" {
            allowed = true
        } else if first == "/" {
            // `//host` and `/\host` are read by browsers as another host.
            allowed = destination.count == 1 || (destination[1] != "/" && destination[1] != "\\")
        } else {
            allowed = false
        }
        guard allowed else { return nil }
        var href = ""
        href.reserveCapacity(destination.count)
        for c in destination {
            if c == " " { href += "%20" } else { href.unicodeScalars.append(c) }
        }
        return href
    }

    /// Whether `scalars` starts with the lower-case ASCII `prefix`, compared without regard to case.
    private static func hasASCIIPrefix(_ scalars: Scalars, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard scalars.count >= count else { return false }
        return prefix.withUTF8Buffer { bytes in
            for index in 0 ..< count {
                var value = scalars[index].value
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
                if value != UInt32(bytes[index]) { return false }
            }
            return true
        }
    }

    static func writeAnchorOpen(href: String, title: String?, into out: inout String) {
        out += "<a href=\""
        Escape.append(href.unicodeScalars, into: &out)
        if let title {
            out += "\" title=\""
            Escape.append(title.unicodeScalars, into: &out)
        }
        out += "\" rel=\"nofollow noopener\">"
    }
}

// MARK: - Blocks

private enum Block {
    case heading(level: Int, text: Scalars)
    case paragraph(Scalars)
    case code([Scalars])
    case rule
    case quote([Block])
    case list(ordered: Bool, start: Int, tight: Bool, items: [[Block]])
}

private enum BlockParser {
    /// How many quotes and list items may nest. Deeper markers are read as plain text.
    static let maxDepth = 8

    static func parse(_ source: String) -> [Block] {
        parseBlocks(splitLines(source), depth: 0).blocks
    }

    /// Splits on `\n`, `\r\n` and `\r`, and replaces U+0000 with U+FFFD as HTML requires.
    static func splitLines(_ source: String) -> [Scalars] {
        var lines: [Scalars] = []
        var current: Scalars = []
        var afterCarriageReturn = false
        for c in source.unicodeScalars {
            if c == "\n" && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = false
            switch c {
            case "\r":
                lines.append(current)
                current = []
                afterCarriageReturn = true
            case "\n":
                lines.append(current)
                current = []
            case "\0":
                current.append("\u{FFFD}")
            default:
                current.append(c)
            }
        }
        lines.append(current)
        return lines
    }

    // MARK: Line tests

    /// The width in columns of a line's leading spaces and tabs (tab stops every four columns,
    /// counted from `startColumn`), and the index of its first other character.
    static func indent(_ line: Scalars, startColumn: Int = 0) -> (columns: Int, index: Int) {
        var column = startColumn
        var index = 0
        while index < line.count {
            switch line[index] {
            case " ": column += 1
            case "\t": column += 4 - column % 4
            default: return (column - startColumn, index)
            }
            index += 1
        }
        return (column - startColumn, index)
    }

    static func isBlank(_ line: Scalars) -> Bool { indent(line).index == line.count }

    /// Removes up to `columns` columns of leading whitespace. A tab that is only partly removed
    /// leaves the rest of its width as spaces.
    static func removeColumns(_ line: Scalars, _ columns: Int, startColumn: Int = 0) -> Scalars {
        var column = startColumn
        let target = startColumn + columns
        var index = 0
        while index < line.count, column < target {
            switch line[index] {
            case " ":
                column += 1
            case "\t":
                let next = column + 4 - column % 4
                if next > target {
                    return Scalars(repeating: " ", count: next - target) + line[(index + 1)...]
                }
                column = next
            default:
                return Array(line[index...])
            }
            index += 1
        }
        return Array(line[index...])
    }

    struct Fence {
        let character: Unicode.Scalar
        let length: Int
        let indent: Int
    }

    static func fenceOpening(_ line: Scalars) -> Fence? {
        let (columns, start) = indent(line)
        guard columns <= 3, start < line.count else { return nil }
        let c = line[start]
        guard c == "`" || c == "~" else { return nil }
        var index = start
        while index < line.count, line[index] == c { index += 1 }
        guard index - start >= 3 else { return nil }
        if c == "`", line[index...].contains("`") { return nil }
        return Fence(character: c, length: index - start, indent: columns)
    }

    static func closesFence(_ line: Scalars, _ fence: Fence) -> Bool {
        let (columns, start) = indent(line)
        guard columns <= 3 else { return false }
        var index = start
        while index < line.count, line[index] == fence.character { index += 1 }
        guard index - start >= fence.length else { return false }
        return line[index...].allSatisfy(Chars.isSpaceOrTab)
    }

    static func heading(_ line: Scalars) -> (level: Int, text: Scalars)? {
        let (columns, start) = indent(line)
        guard columns <= 3 else { return nil }
        var index = start
        while index < line.count, line[index] == "#", index - start < 7 { index += 1 }
        let level = index - start
        guard level >= 1, level <= 6 else { return nil }
        guard index == line.count || Chars.isSpaceOrTab(line[index]) else { return nil }
        var text = Chars.trimmed(Array(line[index...]))
        // A closing run of `#` goes when it is the whole text or follows a space.
        var end = text.count
        while end > 0, text[end - 1] == "#" { end -= 1 }
        if end < text.count, end == 0 || Chars.isSpaceOrTab(text[end - 1]) {
            text = Chars.trimmed(Array(text[..<end]))
        }
        return (level, text)
    }

    static func isRule(_ line: Scalars) -> Bool {
        let (columns, start) = indent(line)
        guard columns <= 3, start < line.count else { return false }
        let c = line[start]
        guard c == "-" || c == "*" || c == "_" else { return false }
        var count = 0
        for x in line[start...] {
            if x == c {
                count += 1
            } else if !Chars.isSpaceOrTab(x) {
                return false
            }
        }
        return count >= 3
    }

    /// The content of a quoted line with its `>` and one following space removed, or nil.
    static func quoteContent(_ line: Scalars) -> Scalars? {
        let (columns, start) = indent(line)
        guard columns <= 3, start < line.count, line[start] == ">" else { return nil }
        return removeColumns(Array(line[(start + 1)...]), 1, startColumn: columns + 1)
    }

    struct ListMarker {
        let ordered: Bool
        /// The bullet character, or the `.` or `)` after the number.
        let delimiter: Unicode.Scalar
        let number: Int
        /// The column where the item's content starts; continuation lines indented this far
        /// belong to the item.
        let contentIndent: Int
        /// The rest of the first line.
        let content: Scalars
        let isEmpty: Bool
    }

    static func listMarker(_ line: Scalars) -> ListMarker? {
        let (columns, start) = indent(line)
        guard columns <= 3, start < line.count else { return nil }
        var index = start
        var number = 0
        let ordered: Bool
        let c = line[index]
        if c == "-" || c == "*" || c == "+" {
            ordered = false
            index += 1
        } else if Chars.isDigit(c) {
            // At most nine digits, as in CommonMark, so the number always fits.
            while index < line.count, Chars.isDigit(line[index]), index - start < 9 {
                number = number * 10 + Int(line[index].value - 0x30)
                index += 1
            }
            guard index < line.count, line[index] == "." || line[index] == ")" else { return nil }
            ordered = true
            index += 1
        } else {
            return nil
        }
        let delimiter = line[index - 1]
        let markerEnd = columns + (index - start)
        let rest = Array(line[index...])
        if let first = rest.first, !Chars.isSpaceOrTab(first) { return nil }
        let (spaces, firstText) = indent(rest, startColumn: markerEnd)
        if firstText == rest.count {
            return ListMarker(ordered: ordered, delimiter: delimiter, number: number,
                              contentIndent: markerEnd + 1, content: [], isEmpty: true)
        }
        // Five or more spaces after the marker: the content starts one column after it, and
        // the remaining spaces are leading whitespace of the text.
        let width = spaces >= 5 ? 1 : spaces
        return ListMarker(ordered: ordered, delimiter: delimiter, number: number,
                          contentIndent: markerEnd + width,
                          content: removeColumns(rest, width, startColumn: markerEnd), isEmpty: false)
    }

    /// Whether `line` starts a block that ends a paragraph above it.
    static func interruptsParagraph(_ line: Scalars, depth: Int) -> Bool {
        if heading(line) != nil || fenceOpening(line) != nil || isRule(line) { return true }
        guard depth < maxDepth else { return false }
        if quoteContent(line) != nil { return true }
        // As in CommonMark, only a non-empty item, and for ordered lists only one numbered 1,
        // starts a list in the middle of a paragraph.
        if let marker = listMarker(line), !marker.isEmpty, !marker.ordered || marker.number == 1 { return true }
        return false
    }

    /// Whether a line of text may continue lazily after `line`, without its container's marker or
    /// indentation: `line` must be paragraph text.
    static func acceptsLazyContinuation(_ line: Scalars) -> Bool {
        !isBlank(line) && heading(line) == nil && fenceOpening(line) == nil && !isRule(line)
    }

    // MARK: Parsing

    /// Parses lines into blocks. `separatedByBlank` is true when a blank line stands between two
    /// of the blocks, which makes a list item that holds them loose.
    static func parseBlocks(_ lines: [Scalars], depth: Int) -> (blocks: [Block], separatedByBlank: Bool) {
        var blocks: [Block] = []
        var separatedByBlank = false
        var blankSeen = false
        var index = 0

        func add(_ block: Block) {
            if blankSeen && !blocks.isEmpty { separatedByBlank = true }
            blankSeen = false
            blocks.append(block)
        }

        while index < lines.count {
            let line = lines[index]
            if isBlank(line) {
                blankSeen = true
                index += 1
                continue
            }

            if let fence = fenceOpening(line) {
                index += 1
                var content: [Scalars] = []
                while index < lines.count {
                    let next = lines[index]
                    index += 1
                    if closesFence(next, fence) { break }
                    content.append(removeColumns(next, fence.indent))
                }
                add(.code(content))
                continue
            }

            if let (level, text) = heading(line) {
                add(.heading(level: level, text: text))
                index += 1
                continue
            }

            if isRule(line) {
                add(.rule)
                index += 1
                continue
            }

            if depth < maxDepth, quoteContent(line) != nil {
                var inner: [Scalars] = []
                while index < lines.count {
                    let next = lines[index]
                    if let content = quoteContent(next) {
                        inner.append(content)
                    } else if !isBlank(next), let last = inner.last, acceptsLazyContinuation(last),
                              !interruptsParagraph(next, depth: depth) {
                        inner.append(next)
                    } else {
                        break
                    }
                    index += 1
                }
                add(.quote(parseBlocks(inner, depth: depth + 1).blocks))
                continue
            }

            if depth < maxDepth, let first = listMarker(line) {
                var items: [[Block]] = []
                var tight = true
                var marker = first
                while true {
                    let itemStart = index
                    var itemLines: [Scalars] = [marker.content]
                    index += 1
                    var end = index // just after the item's last non-blank line
                    var previousBlank = marker.isEmpty
                    while index < lines.count {
                        let next = lines[index]
                        if isBlank(next) {
                            itemLines.append([])
                            previousBlank = true
                        } else if indent(next).columns >= marker.contentIndent {
                            itemLines.append(removeColumns(next, marker.contentIndent))
                            previousBlank = false
                            end = index + 1
                        } else if !previousBlank, let last = itemLines.last, acceptsLazyContinuation(last),
                                  !interruptsParagraph(next, depth: depth), listMarker(next) == nil {
                            itemLines.append(next)
                            end = index + 1
                        } else {
                            break
                        }
                        index += 1
                    }
                    // Blank lines after the item's last line are not part of it.
                    itemLines.removeLast(itemLines.count - (end - itemStart))
                    index = end
                    let parsed = parseBlocks(itemLines, depth: depth + 1)
                    if parsed.separatedByBlank { tight = false }
                    items.append(parsed.blocks)

                    var following = index
                    while following < lines.count, isBlank(lines[following]) { following += 1 }
                    guard following < lines.count, !isRule(lines[following]),
                          let next = listMarker(lines[following]),
                          next.ordered == first.ordered, next.delimiter == first.delimiter
                    else { break }
                    if following > index { tight = false }
                    index = following
                    marker = next
                }
                add(.list(ordered: first.ordered, start: first.number, tight: tight, items: items))
                continue
            }

            var text = Chars.trimmed(line)
            index += 1
            while index < lines.count {
                let next = lines[index]
                if isBlank(next) || interruptsParagraph(next, depth: depth) { break }
                text.append("\n")
                text.append(contentsOf: Chars.trimmed(next))
                index += 1
            }
            add(.paragraph(text))
        }
        return (blocks, separatedByBlank)
    }
}

// MARK: - Writers

private enum HTMLWriter {
    /// Writes blocks as HTML. In a tight list item, paragraphs are written without `<p>`.
    static func write(_ blocks: [Block], tight: Bool, into out: inout String) {
        for (position, block) in blocks.enumerated() {
            if position > 0 { out += "\n" }
            switch block {
            case let .heading(level, text):
                let tag = level <= 2 ? "h2" : (level == 3 ? "h3" : "h4")
                out += "<\(tag)>"
                InlineParser(text).render(html: true, into: &out)
                out += "</\(tag)>"
            case let .paragraph(text):
                if tight {
                    InlineParser(text).render(html: true, into: &out)
                } else {
                    out += "<p>"
                    InlineParser(text).render(html: true, into: &out)
                    out += "</p>"
                }
            case let .code(lines):
                out += "<pre><code>"
                for line in lines {
                    Escape.append(line, into: &out)
                    out += "\n"
                }
                out += "</code></pre>"
            case .rule:
                out += "<hr>"
            case let .quote(inner):
                out += "<blockquote>\n"
                if !inner.isEmpty {
                    write(inner, tight: false, into: &out)
                    out += "\n"
                }
                out += "</blockquote>"
            case let .list(ordered, start, tightList, items):
                if ordered {
                    out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
                } else {
                    out += "<ul>\n"
                }
                for item in items {
                    out += "<li>"
                    write(item, tight: tightList, into: &out)
                    out += "</li>\n"
                }
                out += ordered ? "</ol>" : "</ul>"
            }
        }
    }
}

private enum TextWriter {
    /// Writes the text of blocks with a space between any two pieces of text, to be collapsed by
    /// the caller.
    static func write(_ blocks: [Block], into out: inout String) {
        for block in blocks {
            switch block {
            case let .heading(_, text), let .paragraph(text):
                InlineParser(text).render(html: false, into: &out)
            case let .code(lines):
                for line in lines {
                    Escape.appendPlain(line, into: &out)
                    out += " "
                }
            case .rule:
                break
            case let .quote(inner):
                write(inner, into: &out)
            case let .list(_, _, _, items):
                for item in items {
                    write(item, into: &out)
                    out += " "
                }
            }
            out += " "
        }
    }
}

// MARK: - Inlines

/// Parses the text of one paragraph or heading and renders it.
private final class InlineParser {
    private enum Piece {
        /// Literal text: `text[start ..< end]`.
        case text(Int, Int)
        /// The content of a code span: `text[start ..< end]`, before normalisation.
        case code(Int, Int)
        case lineBreak
        /// A run of `*` or `_`; the index into `delimiters`.
        case emphasis(Int)
        /// An autolink to `href`, shown as `text[start ..< end]`.
        case autolink(href: String, Int, Int)
        /// The start of a link; `href` is nil when the destination is not allowed.
        case linkOpen(href: String?, title: String?)
        case linkClose
        case nothing
    }

    private struct Delimiter {
        let character: Unicode.Scalar
        let originalCount: Int
        /// The characters of the run not used by emphasis; they are shown as text.
        var count: Int
        let canOpen: Bool
        let canClose: Bool
        /// Neighbours in the delimiter stack, a list in text order; -1 for none.
        var previous = -1
        var next = -1
        /// Tags closed at the start of the run, innermost first; true is `strong`.
        var closes: [Bool] = []
        /// Tags opened at the end of the run, innermost first.
        var opens: [Bool] = []
    }

    private struct Bracket {
        /// The piece holding the `[` or `![` text.
        let piece: Int
        let isImage: Bool
        /// The top of the delimiter stack when the bracket was seen.
        let delimiterBottom: Int
    }

    /// Longest link destination, link title and autolink looked for, in scalars.
    private static let maxDestination = 4096
    private static let maxTitle = 1024
    private static let maxAutolink = 4096
    /// Deepest nesting of parentheses in a link destination, as in the reference implementation.
    private static let maxParenthesisDepth = 32

    private let text: Scalars
    private var pieces: [Piece] = []
    private var delimiters: [Delimiter] = []
    private var delimiterTail = -1
    private var brackets: [Bracket] = []
    /// Bracket openers (not image openers) at positions below this cannot start a link any more,
    /// because a link was found after them: links do not nest.
    private var inactiveBelow = 0
    /// Start positions of the maximal runs of backticks, by run length, for finding the end of a
    /// code span; and how far the search in each list has come.
    private var backtickRuns: [Int: [Int]] = [:]
    private var backtickCursor: [Int: Int] = [:]

    init(_ text: Scalars) {
        self.text = text
        indexBacktickRuns()
        parse()
    }

    // MARK: Scanning

    private func parse() {
        let n = text.count
        var index = 0
        var textStart = 0

        func flush(_ end: Int) {
            if textStart < end { pieces.append(.text(textStart, end)) }
        }

        while index < n {
            switch text[index] {
            case "\\":
                flush(index)
                if index + 1 < n, Chars.isASCIIPunctuation(text[index + 1]) {
                    pieces.append(.text(index + 1, index + 2))
                    index += 2
                } else if index + 1 < n, text[index + 1] == "\n" {
                    pieces.append(.lineBreak)
                    index += 2
                } else {
                    pieces.append(.text(index, index + 1))
                    index += 1
                }
                textStart = index
            case "`":
                flush(index)
                var end = index
                while end < n, text[end] == "`" { end += 1 }
                let length = end - index
                if let closer = backtickCloser(length: length, after: index) {
                    pieces.append(.code(end, closer))
                    index = closer + length
                } else {
                    pieces.append(.text(index, end))
                    index = end
                }
                textStart = index
            case "<":
                flush(index)
                if let (href, end) = autolink(at: index) {
                    pieces.append(.autolink(href: href, index + 1, end - 1))
                    index = end
                } else {
                    pieces.append(.text(index, index + 1))
                    index += 1
                }
                textStart = index
            case "*", "_":
                flush(index)
                index = pushDelimiterRun(at: index)
                textStart = index
            case "!":
                if index + 1 < n, text[index + 1] == "[" {
                    flush(index)
                    pushBracket(start: index, end: index + 2, isImage: true)
                    index += 2
                    textStart = index
                } else {
                    index += 1
                }
            case "[":
                flush(index)
                pushBracket(start: index, end: index + 1, isImage: false)
                index += 1
                textStart = index
            case "]":
                flush(index)
                index = closeBracket(at: index)
                textStart = index
            case "\n":
                flush(index)
                pieces.append(.lineBreak)
                index += 1
                textStart = index
            default:
                index += 1
            }
        }
        flush(n)
        processEmphasis(above: -1)
    }

    private func indexBacktickRuns() {
        var index = 0
        while index < text.count {
            if text[index] == "`" {
                let start = index
                while index < text.count, text[index] == "`" { index += 1 }
                backtickRuns[index - start, default: []].append(start)
            } else {
                index += 1
            }
        }
    }

    /// The start of the first maximal backtick run of `length` after `position`. Positions only
    /// grow during a parse, so each list is walked once in all.
    private func backtickCloser(length: Int, after position: Int) -> Int? {
        guard let runs = backtickRuns[length] else { return nil }
        var cursor = backtickCursor[length] ?? 0
        while cursor < runs.count, runs[cursor] <= position { cursor += 1 }
        backtickCursor[length] = cursor
        return cursor < runs.count ? runs[cursor] : nil
    }

    /// An autolink `<scheme:…>` with an allowed scheme, or `<address@domain>`, starting at `start`.
    private func autolink(at start: Int) -> (href: String, end: Int)? {
        let n = text.count
        let limit = min(n, start + Self.maxAutolink)
        var index = start + 1
        if index < n, Chars.isASCIILetter(text[index]) {
            var schemeEnd = index + 1
            while schemeEnd < limit, schemeEnd - index <= 32,
                  Chars.isASCIIAlphanumeric(text[schemeEnd]) || text[schemeEnd] == "+"
                  || text[schemeEnd] == "." || text[schemeEnd] == "-" {
                schemeEnd += 1
            }
            if schemeEnd < limit, text[schemeEnd] == ":", schemeEnd - index >= 2, schemeEnd - index <= 32 {
                var end = schemeEnd + 1
                while end < limit {
                    let c = text[end]
                    if c == ">" {
                        guard let href = LinkPolicy.href(Array(text[(start + 1) ..< end])) else { return nil }
                        return (href, end + 1)
                    }
                    if c == "<" || Chars.isWhitespace(c) || Chars.isControl(c) { return nil }
                    end += 1
                }
                return nil
            }
        }

        // An e-mail address, with the character sets of CommonMark's e-mail autolinks.
        while index < limit, isEmailLocal(text[index]) { index += 1 }
        guard index > start + 1, index < limit, text[index] == "@" else { return nil }
        index += 1
        var labelLength = 0
        var previous: Unicode.Scalar = "@"
        while index < limit {
            let c = text[index]
            if Chars.isASCIIAlphanumeric(c) {
                labelLength += 1
                guard labelLength <= 63 else { return nil }
            } else if c == "-" {
                guard labelLength > 0 else { return nil }
                labelLength += 1
                guard labelLength <= 63 else { return nil }
            } else if c == "." || c == ">" {
                guard labelLength > 0, previous != "-" else { return nil }
                if c == ">" {
                    let address = Array(text[(start + 1) ..< index])
                    guard let href = LinkPolicy.href(Array("mailto:".unicodeScalars) + address) else { return nil }
                    return (href, index + 1)
                }
                labelLength = 0
            } else {
                return nil
            }
            previous = c
            index += 1
        }
        return nil
    }

    private func isEmailLocal(_ c: Unicode.Scalar) -> Bool {
        if Chars.isASCIIAlphanumeric(c) { return true }
        switch c {
        case ".", "!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-":
            return true
        default:
            return false
        }
    }

    /// Adds the run of `*` or `_` at `start` and returns the index after it.
    private func pushDelimiterRun(at start: Int) -> Int {
        let character = text[start]
        var end = start
        while end < text.count, text[end] == character { end += 1 }
        // The start and end of the text count as whitespace.
        let before: Unicode.Scalar = start > 0 ? text[start - 1] : "\n"
        let after: Unicode.Scalar = end < text.count ? text[end] : "\n"
        let beforeSpace = Chars.isWhitespace(before)
        let afterSpace = Chars.isWhitespace(after)
        let beforePunctuation = Chars.isPunctuation(before)
        let afterPunctuation = Chars.isPunctuation(after)
        let leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        let canOpen: Bool
        let canClose: Bool
        if character == "*" {
            canOpen = leftFlanking
            canClose = rightFlanking
        } else {
            // `_` inside a word neither opens nor closes: `snake_case_word`.
            canOpen = leftFlanking && (!rightFlanking || beforePunctuation)
            canClose = rightFlanking && (!leftFlanking || afterPunctuation)
        }
        var delimiter = Delimiter(character: character, originalCount: end - start, count: end - start,
                                  canOpen: canOpen, canClose: canClose)
        let position = delimiters.count
        // A run that can neither open nor close is only text and stays off the stack.
        if canOpen || canClose {
            delimiter.previous = delimiterTail
            if delimiterTail != -1 { delimiters[delimiterTail].next = position }
            delimiterTail = position
        }
        delimiters.append(delimiter)
        pieces.append(.emphasis(position))
        return end
    }

    private func pushBracket(start: Int, end: Int, isImage: Bool) {
        pieces.append(.text(start, end))
        brackets.append(Bracket(piece: pieces.count - 1, isImage: isImage, delimiterBottom: delimiterTail))
    }

    /// Handles the `]` at `position` and returns the index to continue from.
    private func closeBracket(at position: Int) -> Int {
        guard let opener = brackets.last else {
            pieces.append(.text(position, position + 1))
            return position + 1
        }
        let active = opener.isImage || brackets.count - 1 >= inactiveBelow
        guard active, let link = inlineLink(at: position + 1) else {
            popBracket()
            pieces.append(.text(position, position + 1))
            return position + 1
        }
        popBracket()
        processEmphasis(above: opener.delimiterBottom)
        if opener.isImage {
            // Only the description is shown.
            pieces[opener.piece] = .nothing
        } else {
            pieces[opener.piece] = .linkOpen(href: LinkPolicy.href(link.destination), title: link.title)
            pieces.append(.linkClose)
            inactiveBelow = brackets.count
        }
        return link.end
    }

    /// Removes the innermost bracket. Brackets pushed later start out active again.
    private func popBracket() {
        brackets.removeLast()
        inactiveBelow = min(inactiveBelow, brackets.count)
    }

    /// Parses `(destination "title")` starting at `start`.
    private func inlineLink(at start: Int) -> (destination: Scalars, title: String?, end: Int)? {
        let n = text.count
        guard start < n, text[start] == "(" else { return nil }
        var index = skipWhitespace(start + 1)
        guard index < n else { return nil }

        var destination: Scalars = []
        if text[index] == "<" {
            index += 1
            let destinationStart = index
            while index < n, text[index] != ">" {
                let c = text[index]
                if c == "\n" || c == "<" || index - destinationStart > Self.maxDestination { return nil }
                index += c == "\\" && index + 1 < n && Chars.isASCIIPunctuation(text[index + 1]) ? 2 : 1
            }
            guard index < n else { return nil }
            destination = unescaped(destinationStart, index)
            index += 1
        } else if text[index] != ")" {
            let destinationStart = index
            var depth = 0
            scan: while index < n {
                let c = text[index]
                if index - destinationStart > Self.maxDestination { return nil }
                switch c {
                case "\\" where index + 1 < n && Chars.isASCIIPunctuation(text[index + 1]):
                    index += 2
                    continue scan
                case "(":
                    depth += 1
                    if depth > Self.maxParenthesisDepth { return nil }
                case ")":
                    if depth == 0 { break scan }
                    depth -= 1
                default:
                    if Chars.isWhitespace(c) || Chars.isControl(c) { break scan }
                }
                index += 1
            }
            guard depth == 0 else { return nil }
            destination = unescaped(destinationStart, index)
        }

        let afterDestination = index
        index = skipWhitespace(index)
        var title: String?
        if index < n, index > afterDestination, text[index] == "\"" || text[index] == "'" || text[index] == "(" {
            let open = text[index]
            let close: Unicode.Scalar = open == "(" ? ")" : open
            index += 1
            let titleStart = index
            while index < n, text[index] != close {
                if index - titleStart > Self.maxTitle || (open == "(" && text[index] == "(") { return nil }
                index += text[index] == "\\" && index + 1 < n && Chars.isASCIIPunctuation(text[index + 1]) ? 2 : 1
            }
            guard index < n else { return nil }
            var titleText = ""
            Escape.appendPlain(unescaped(titleStart, index), into: &titleText)
            title = titleText
            index = skipWhitespace(index + 1)
        }
        guard index < n, text[index] == ")" else { return nil }
        return (destination, title, index + 1)
    }

    private func skipWhitespace(_ start: Int) -> Int {
        var index = start
        while index < text.count, text[index] == " " || text[index] == "\t" || text[index] == "\n" { index += 1 }
        return index
    }

    /// `text[start ..< end]` with backslash escapes of ASCII punctuation resolved.
    private func unescaped(_ start: Int, _ end: Int) -> Scalars {
        var result: Scalars = []
        result.reserveCapacity(end - start)
        var index = start
        while index < end {
            if text[index] == "\\", index + 1 < end, Chars.isASCIIPunctuation(text[index + 1]) {
                result.append(text[index + 1])
                index += 2
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    // MARK: Emphasis

    /// Matches emphasis openers and closers among the delimiters above `bottom` (-1 for all), then
    /// removes those delimiters from the stack.
    private func processEmphasis(above bottom: Int) {
        var current = -1
        var walk = delimiterTail
        while walk > bottom {
            current = walk
            walk = delimiters[walk].previous
        }

        // For each kind of closer (character, whether it can also open, length modulo 3): the
        // position below which no opener for it exists. Positions grow in text order, so a
        // comparison works even after the delimiter at that position has left the stack.
        var openersBottom = [Int](repeating: bottom, count: 12)

        while current != -1 {
            let closer = delimiters[current]
            guard closer.canClose else {
                current = closer.next
                continue
            }
            let kind = (closer.character == "*" ? 0 : 6) + (closer.canOpen ? 3 : 0) + closer.originalCount % 3
            let limit = max(bottom, openersBottom[kind])
            var opener = closer.previous
            var found = false
            while opener > limit {
                let candidate = delimiters[opener]
                if candidate.character == closer.character, candidate.canOpen {
                    // The "rule of 3": a run that can both open and close matches only when the
                    // two runs' lengths do not add up to a multiple of 3, unless both are.
                    let oddMatch = (candidate.canClose || closer.canOpen)
                        && (candidate.originalCount + closer.originalCount) % 3 == 0
                        && !(candidate.originalCount % 3 == 0 && closer.originalCount % 3 == 0)
                    if !oddMatch {
                        found = true
                        break
                    }
                }
                opener = candidate.previous
            }

            if found {
                let strong = delimiters[opener].count >= 2 && delimiters[current].count >= 2
                let used = strong ? 2 : 1
                delimiters[opener].count -= used
                delimiters[current].count -= used
                delimiters[opener].opens.append(strong)
                delimiters[current].closes.append(strong)
                // Delimiters between the two can no longer match anything.
                delimiters[opener].next = current
                delimiters[current].previous = opener
                if delimiters[opener].count == 0 { unlink(opener) }
                if delimiters[current].count == 0 {
                    let next = delimiters[current].next
                    unlink(current)
                    current = next
                }
            } else {
                openersBottom[kind] = closer.previous
                let next = closer.next
                if !closer.canOpen { unlink(current) }
                current = next
            }
        }

        delimiterTail = bottom
        if bottom != -1 { delimiters[bottom].next = -1 }
    }

    private func unlink(_ position: Int) {
        let previous = delimiters[position].previous
        let next = delimiters[position].next
        if previous != -1 { delimiters[previous].next = next }
        if next != -1 {
            delimiters[next].previous = previous
        } else if delimiterTail == position {
            delimiterTail = previous
        }
    }

    // MARK: Rendering

    /// Appends the parsed text as HTML, or as plain text without any markup.
    func render(html: Bool, into out: inout String) {
        // For each open link, whether it was written as an `<a>`; an `<a>` never opens inside
        // another one.
        var anchors: [Bool] = []
        var openAnchors = 0

        func appendText(_ start: Int, _ end: Int) {
            if html {
                Escape.append(text[start ..< end], into: &out)
            } else {
                Escape.appendPlain(text[start ..< end], into: &out)
            }
        }

        for piece in pieces {
            switch piece {
            case let .text(start, end):
                appendText(start, end)
            case let .code(start, end):
                let content = codeContent(start, end)
                if html {
                    out += "<code>"
                    Escape.append(content, into: &out)
                    out += "</code>"
                } else {
                    Escape.appendPlain(content, into: &out)
                }
            case .lineBreak:
                out += html ? "<br>\n" : " "
            case let .emphasis(position):
                let delimiter = delimiters[position]
                if html {
                    for strong in delimiter.closes { out += strong ? "</strong>" : "</em>" }
                }
                // `*` and `_` need no escaping.
                for _ in 0 ..< delimiter.count { out.unicodeScalars.append(delimiter.character) }
                if html {
                    for strong in delimiter.opens.reversed() { out += strong ? "<strong>" : "<em>" }
                }
            case let .autolink(href, start, end):
                if html && openAnchors == 0 {
                    LinkPolicy.writeAnchorOpen(href: href, title: nil, into: &out)
                    appendText(start, end)
                    out += "</a>"
                } else {
                    appendText(start, end)
                }
            case let .linkOpen(href, title):
                if html, openAnchors == 0, let href {
                    LinkPolicy.writeAnchorOpen(href: href, title: title, into: &out)
                    anchors.append(true)
                    openAnchors += 1
                } else {
                    anchors.append(false)
                }
            case .linkClose:
                if anchors.popLast() == true {
                    openAnchors -= 1
                    out += "</a>"
                }
            case .nothing:
                break
            }
        }
    }

    /// A code span's content: line breaks become spaces, and one space is stripped from each end
    /// when there is one at both ends and the content is not all spaces.
    private func codeContent(_ start: Int, _ end: Int) -> Scalars {
        var content = text[start ..< end].map { $0 == "\n" ? " " : $0 }
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = Array(content[1 ..< (content.count - 1)])
        }
        return content
    }
}
