import Foundation
import PropertyBased
import Testing
@testable import TillitFormats

/// Properties of the formats that every loop's pages, exports and feeds rely on, over generated input.
@Suite("Formats: properties")
struct FormatPropertyTests {
    @Test("a day count and its civil date convert both ways, and agree with Foundation's Gregorian calendar (from 1696, after its Julian years)")
    func civilDates() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        await propertyCheck(count: 500, input: Gen.int(in: -100_000...2_900_000)) { days in
            let date = CivilDate(daysSince1970: days)
            #expect(date.daysSince1970 == days)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
            #expect([parts.year, parts.month, parts.day] == [date.year, date.month, date.day])
            #expect(CivilDate(date.description) == date)
        }
    }

    @Test("only dates that exist parse; text of any other shape does not")
    func civilDateText() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1...9999), Gen.int(in: -1...14), Gen.int(in: -1...33)) { year, month, day in
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            let exists = (1...12).contains(month) && (1...CivilDate.daysInMonth(year: year, month: max(1, min(12, month)))).contains(day)
            #expect((CivilDate(text) != nil) == exists, "\(text)")
        }
        await propertyCheck(count: 300, input: Gen.ascii.string(of: 0...14)) { text in
            if let date = CivilDate(text) { #expect(date.description == text) }
        }
    }

    @Test("escaped text holds no markup: every <, >, \", ' and & is an entity, and XML gets only the characters it allows")
    func escaping() async {
        await propertyCheck(count: 500, input: Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...40)) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            for mode in [HTMLEscaping.Mode.html, .xml] {
                let escaped = HTMLEscaping.escape(text, mode: mode)
                #expect(HTMLEscaping.escape("x" + text + "<", mode: mode) == HTMLEscaping.escape("x", mode: mode) + escaped + "&lt;")
                #expect(!escaped.contains(where: { "<>\"'".contains($0) }))
                let withoutEntities = escaped.replacingOccurrences(of: "&(amp|lt|gt|quot|#39|apos);", with: "", options: .regularExpression)
                #expect(!withoutEntities.contains("&"))
                // The same as escaping scalar by scalar, whatever shortcut text takes.
                var byScalar = ""
                HTMLEscaping.append(text.unicodeScalars, into: &byScalar, mode: mode)
                #expect(escaped == byScalar)
                if mode == .xml {
                    #expect(escaped.unicodeScalars.allSatisfy { HTMLEscaping.isAllowedInXML($0) || "\t\n\r".unicodeScalars.contains($0) })
                }
            }
        }
    }

    @Test("a CSV line splits back into its fields, quoted or not; formulas never start a neutralised field")
    func csvLines() async {
        let field = Gen.unicodeScalar(in: " "..."~").array(of: 0...12).map { String(String.UnicodeScalarView($0)) }
        await propertyCheck(count: 400, input: field.array(of: 1...6)) { fields in
            let line = CSVWriter.line(fields)
            #expect(Self.split(line) == fields)
            let safe = CSVWriter.line(fields, neutralizeFormulas: true)
            #expect(Self.split(safe).allSatisfy { !"=+-@".contains($0.first ?? " ") })
        }
    }

    /// An RFC 4180 reader for one record ending in CRLF.
    static func split(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false, wasQuoted = false
        var scalars = Array(line.dropLast(1))[...]  // "\r\n" is one Character
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { current.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && current.isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true
            } else if c == "," {
                fields.append(current); current = ""; wasQuoted = false
            } else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}

@Suite("Formats: figures")
struct NumberTextTests {
    @Test("Swedish figures have a decimal comma and spaces between thousands; English ones a point and commas")
    func figures() {
        #expect(NumberText.format(1_234_567, swedish: true) == "1\u{00A0}234\u{00A0}567")
        #expect(NumberText.format(1_234_567, swedish: false) == "1,234,567")
        #expect(NumberText.format(999, swedish: true) == "999")
        #expect(NumberText.format(-1500, swedish: true) == "−1\u{00A0}500")
        #expect(NumberText.format(5.0, fractionDigits: 1, swedish: true) == "5,0")
        #expect(NumberText.format(1234.56, fractionDigits: 1, swedish: true) == "1\u{00A0}234,6")
        #expect(NumberText.format(1234.56, fractionDigits: 1, swedish: false) == "1,234.6")
        #expect(NumberText.format(0.04, fractionDigits: 1, swedish: true) == "0,0")
        #expect(NumberText.format(.nan, fractionDigits: 1, swedish: true) == "–")
    }

    @Test("a figure reads back to its value once its separators are taken out")
    func readsBack() async {
        await propertyCheck(count: 300, input: Gen.int(in: -10_000_000...10_000_000)) { n in
            let text = NumberText.format(n, swedish: true).replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: "−", with: "-")
            #expect(Int(text) == n)
        }
    }
}

@Suite("Formats: local time")
struct LocalTimeTests {
    @Test("the offset kept per hour is the zone's own at every moment, across the changes to and from summer time")
    func offsets() async {
        // 2026's changes: 29 March 01:00 UTC (to +2) and 25 October 01:00 UTC (to +1).
        for edge in [1_774_746_000.0, 1_792_890_000.0] {
            for delta in stride(from: -7200.0, through: 7200.0, by: 1.5) {
                let date = Date(timeIntervalSince1970: edge + delta)
                #expect(LocalTime.offset(at: date) == LocalTime.zone.secondsFromGMT(for: date), "\(date)")
            }
        }
        #expect(LocalTime.offset(at: Date(timeIntervalSince1970: 1_774_746_000 - 1)) == 3600)
        #expect(LocalTime.offset(at: Date(timeIntervalSince1970: 1_774_746_000)) == 7200)
        // Before 1900 Stockholm kept its own mean time, which changed off the hour.
        for seconds in stride(from: -2_208_996_000.0, through: -2_208_988_000.0, by: 7) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(LocalTime.offset(at: date) == LocalTime.zone.secondsFromGMT(for: date))
        }
        await propertyCheck(count: 500, input: Gen.int(in: -2_000_000_000...4_000_000_000)) { seconds in
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(LocalTime.offset(at: date) == LocalTime.zone.secondsFromGMT(for: date))
        }
    }

    @Test("dates and times are written as the zero-padded fields say, from the year 1 to past 9999")
    func written() async {
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        await propertyCheck(count: 2000, input: Gen.int(in: -62_000_000_000...260_000_000_000)) { seconds in
            let t = LocalTime(Date(timeIntervalSince1970: Double(seconds)))
            let date = "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))"
            let offset = abs(t.offsetSeconds)
            #expect(t.dateOnly == date)
            #expect(t.display == "\(date) \(pad(t.hour)):\(pad(t.minute))")
            #expect(t.iso8601 == "\(date)T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))\(t.offsetSeconds < 0 ? "-" : "+")\(pad(offset / 3600)):\(pad(offset % 3600 / 60))")
        }
        #expect(LocalTime(Date(timeIntervalSince1970: 1_774_746_000)).iso8601 == "2026-03-29T03:00:00+02:00")
        #expect(LocalTime(Date(timeIntervalSince1970: 260_000_000_000)).dateOnly.count == 11)  // a five-digit year
    }
}
