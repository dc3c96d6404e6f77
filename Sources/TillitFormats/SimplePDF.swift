import Foundation

/// A minimal PDF 1.4 writer for plain text reports: A4 pages, a bold title, the author and
/// word-wrapped paragraphs with page numbers.
///
/// It uses the standard Helvetica fonts every reader has, with WinAnsiEncoding, so nothing is
/// embedded and Swedish letters (å ä ö Å Ä Ö é) and typographic punctuation (– ” …) print
/// correctly. Characters outside that encoding print as `?`. Line breaking measures text with
/// the fonts' real metrics. The output is deterministic for the same input.
public enum SimplePDF: Sendable {
    /// Page geometry in points (1/72 inch).
    static let pageWidth = 595.28
    static let pageHeight = 841.89
    static let margin = 72.0
    static let bodySize = 11.0
    static let bodyLeading = 15.0
    static let paragraphGap = 7.0
    static let titleSize = 18.0
    static let titleLeading = 22.0
    static let footerSize = 9.0
    static let footerBaseline = 40.0

    /// A complete PDF file.
    ///
    /// - Parameters:
    ///   - paragraphs: body text; a line break inside a paragraph starts a new line, an
    ///     empty string leaves a blank line.
    ///   - creationDate: recorded in the document information when given; left out by
    ///     default so the same input always yields the same bytes.
    public static func document(
        title: String,
        author: String,
        paragraphs: [String],
        creationDate: Date? = nil
    ) -> Data {
        let pages = layout(title: title, author: author, paragraphs: paragraphs)
        return serialize(pages: pages, title: title, author: author, creationDate: creationDate)
    }

    // MARK: Layout

    enum Font: String {
        case regular = "F1"
        case bold = "F2"

        var widths: [Int] {
            switch self {
            case .regular: helveticaWidths
            case .bold: helveticaBoldWidths
            }
        }
    }

    /// One positioned line of text.
    struct Line: Equatable {
        var font: Font
        var size: Double
        var x: Double
        var y: Double
        var bytes: [UInt8]
    }

    /// Lines placed on pages, breaking to a new page whenever the next line would enter the
    /// bottom margin.
    static func layout(title: String, author: String, paragraphs: [String]) -> [[Line]] {
        let textWidth = pageWidth - 2 * margin
        let top = pageHeight - margin
        var pages: [[Line]] = [[]]
        var y = top
        var atTopOfPage = true

        func place(_ bytes: [UInt8], font: Font, size: Double, leading: Double) {
            if !atTopOfPage, y - leading < margin {
                pages.append([])
                y = top
                atTopOfPage = true
            }
            // The first line's baseline sits one font size below the top margin.
            y -= atTopOfPage ? size : leading
            atTopOfPage = false
            pages[pages.count - 1].append(Line(font: font, size: size, x: margin, y: y, bytes: bytes))
        }
        func gap(_ points: Double) {
            guard !atTopOfPage else { return }
            y -= points
            if y < margin {
                pages.append([])
                y = top
                atTopOfPage = true
            }
        }

        for line in wrap(winAnsi(title), font: .bold, size: titleSize, width: textWidth) {
            place(line, font: .bold, size: titleSize, leading: titleLeading)
        }
        let authorBytes = winAnsi(author)
        if !authorBytes.isEmpty {
            gap(4)
            for line in wrap(authorBytes, font: .regular, size: bodySize, width: textWidth) {
                place(line, font: .regular, size: bodySize, leading: bodyLeading)
            }
        }
        gap(bodyLeading)
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { gap(paragraphGap) }
            for line in wrap(winAnsi(paragraph), font: .regular, size: bodySize, width: textWidth) {
                place(line, font: .regular, size: bodySize, leading: bodyLeading)
            }
        }
        return pages
    }

    /// The advance width of `bytes` set in `font` at `size` points.
    static func width(_ bytes: some Sequence<UInt8>, font: Font, size: Double) -> Double {
        let table = font.widths
        var units = 0
        for b in bytes where b >= 32 { units += table[Int(b) - 32] }
        return Double(units) * size / 1000
    }

    /// Greedy word wrap at spaces; a word wider than the line is broken between characters.
    /// LF forces a break, and an empty input line stays as an empty line.
    static func wrap(_ bytes: [UInt8], font: Font, size: Double, width maxWidth: Double) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        let spaceWidth = width([0x20], font: font, size: size)
        for hardLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var current: [UInt8] = []
            var currentWidth = 0.0
            for word in hardLine.split(separator: 0x20) {
                var rest = Array(word)
                var restWidth = width(rest, font: font, size: size)
                if !current.isEmpty {
                    if currentWidth + spaceWidth + restWidth <= maxWidth {
                        current.append(0x20)
                        current += rest
                        currentWidth += spaceWidth + restWidth
                        continue
                    }
                    lines.append(current)
                    current = []
                    currentWidth = 0
                }
                while restWidth > maxWidth {
                    var taken = 0
                    var takenWidth = 0.0
                    while taken < rest.count {
                        let w = width([rest[taken]], font: font, size: size)
                        if taken > 0, takenWidth + w > maxWidth { break }
                        takenWidth += w
                        taken += 1
                    }
                    lines.append(Array(rest[..<taken]))
                    rest.removeFirst(taken)
                    restWidth = width(rest, font: font, size: size)
                }
                current = rest
                currentWidth = restWidth
            }
            lines.append(current)
        }
        return lines
    }

    // MARK: Encoding

    /// `text` in WinAnsiEncoding (Windows-1252) for the standard fonts. Line breaks become LF,
    /// tabs and other spaces become a space, invisible and control characters are dropped,
    /// and anything the encoding lacks becomes `?`.
    static func winAnsi(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for s in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousWasCR = s == "\r" }
            let v = s.value
            switch v {
            case 0x0A:
                if !previousWasCR { out.append(0x0A) }
            case 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                out.append(0x0A)
            case 0x09:
                out.append(0x20)
            case 0x20 ... 0x7E:
                out.append(UInt8(v))
            case 0xAD, 0x200B ... 0x200F, 0x2060, 0xFEFF:
                break // soft hyphen, zero-width characters
            case 0xA0 ... 0xFF:
                out.append(UInt8(v))
            case 0x2000 ... 0x200A, 0x202F, 0x205F, 0x3000:
                out.append(0x20)
            case 0x2010, 0x2011, 0x2012, 0x2212:
                out.append(0x2D)
            case 0x2015:
                out.append(0x97)
            default:
                if let mapped = winAnsiHigh[v] {
                    out.append(mapped)
                } else if v < 0x20 || (0x7F ... 0x9F).contains(v) {
                    break
                } else if s.properties.generalCategory == .nonspacingMark
                    || s.properties.generalCategory == .enclosingMark
                    || s.properties.generalCategory == .format {
                    break
                } else {
                    out.append(UInt8(ascii: "?"))
                }
            }
        }
        return out
    }

    /// The code points WinAnsiEncoding places in 0x80–0x9F.
    static let winAnsiHigh: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86,
        0x2021: 0x87, 0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C,
        0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95,
        0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    /// A PDF literal string: `( ) \` escaped, and bytes outside printable ASCII written as
    /// octal escapes so the file stays 7-bit apart from its binary marker comment.
    static func literal(_ bytes: [UInt8]) -> String {
        var s = "("
        for b in bytes {
            switch b {
            case UInt8(ascii: "("): s += "\\("
            case UInt8(ascii: ")"): s += "\\)"
            case UInt8(ascii: "\\"): s += "\\\\"
            case 0x20 ... 0x7E: s.unicodeScalars.append(Unicode.Scalar(b))
            default: s += "\\" + String(b, radix: 8).leftPadded(to: 3)
            }
        }
        return s + ")"
    }

    /// A text string for the document information dictionary: UTF-16BE with a byte order
    /// mark, written in hex, so any character survives.
    static func textString(_ text: String) -> String {
        let cleaned = text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F ... 0x9F).contains($0.value) }
        var hex = "<FEFF"
        for unit in String(String.UnicodeScalarView(cleaned)).utf16 {
            hex += String(unit, radix: 16, uppercase: true).leftPadded(to: 4)
        }
        return hex + ">"
    }

    static func number(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    // MARK: Serialization

    static func serialize(pages: [[Line]], title: String, author: String, creationDate: Date?) -> Data {
        var out = Data()
        var offsets: [Int] = [] // offsets[n - 1] is where object n starts
        func write(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        func object(_ body: String) {
            offsets.append(out.count)
            write("\(offsets.count) 0 obj\n\(body)\nendobj\n")
        }

        write("%PDF-1.4\n")
        // A comment with high bytes tells transfer tools the file is binary.
        out.append(contentsOf: [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A])

        let firstPageObject = 6
        let kids = pages.indices.map { "\(firstPageObject + 2 * $0) 0 R" }.joined(separator: " ")
        let mediaBox = "[0 0 \(number(pageWidth)) \(number(pageHeight))]"

        object("<< /Type /Catalog /Pages 2 0 R /Lang (sv) /ViewerPreferences << /DisplayDocTitle true >> >>")
        object("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        var info = "<< /Title \(textString(title)) /Author \(textString(author)) /Producer (Tillit)"
        if let creationDate { info += " /CreationDate (\(pdfDate(creationDate)))" }
        object(info + " >>")

        for (index, lines) in pages.enumerated() {
            let content = pageContent(lines, pageNumber: index + 1, pageCount: pages.count)
            object("""
            << /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) \
            /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(firstPageObject + 2 * index + 1) 0 R >>
            """)
            object("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }

        let xrefOffset = out.count
        var xref = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            xref += String(offset).leftPadded(to: 10) + " 00000 n \n"
        }
        write(xref)
        let id = documentID(out)
        write("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 5 0 R /ID [<\(id)> <\(id)>] >>\n")
        write("startxref\n\(xrefOffset)\n%%EOF\n")
        return out
    }

    static func pageContent(_ lines: [Line], pageNumber: Int, pageCount: Int) -> String {
        var ops = ["BT"]
        var currentFont: (Font, Double)?
        func setFont(_ font: Font, _ size: Double) {
            if currentFont?.0 != font || currentFont?.1 != size {
                ops.append("/\(font.rawValue) \(number(size)) Tf")
                currentFont = (font, size)
            }
        }
        for line in lines where !line.bytes.isEmpty {
            setFont(line.font, line.size)
            ops.append("1 0 0 1 \(number(line.x)) \(number(line.y)) Tm \(literal(line.bytes)) Tj")
        }
        let footer = winAnsi("Sida \(pageNumber) av \(pageCount)")
        let footerX = (pageWidth - width(footer, font: .regular, size: footerSize)) / 2
        setFont(.regular, footerSize)
        ops.append("1 0 0 1 \(number(footerX)) \(number(footerBaseline)) Tm \(literal(footer)) Tj")
        ops.append("ET")
        return ops.joined(separator: "\n")
    }

    /// `D:YYYYMMDDHHmmSSZ`, the PDF date format, in UTC.
    static func pdfDate(_ date: Date) -> String {
        "D:" + RFC3339.string(date).filter { $0.isNumber } + "Z"
    }

    /// A file identifier derived from the content (two FNV-1a hashes), so identical documents
    /// get identical identifiers without a clock or random source.
    static func documentID(_ data: Data) -> String {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in data {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01B3
            b = (b ^ UInt64(byte ^ 0x5A)) &* 0x100_0000_01B3
        }
        return String(a, radix: 16, uppercase: true).leftPadded(to: 16)
            + String(b, radix: 16, uppercase: true).leftPadded(to: 16)
    }

    // MARK: Metrics

    /// Advance widths (1/1000 em) of Helvetica for WinAnsi codes 32–255, from Adobe's AFM.
    static let helveticaWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
    ]

    /// Advance widths (1/1000 em) of Helvetica-Bold for WinAnsi codes 32–255, from Adobe's AFM.
    static let helveticaBoldWidths: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
    ]
}

extension String {
    /// The string preceded by zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
