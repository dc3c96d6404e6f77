import Foundation
import Synchronization

/// A day of the proleptic Gregorian calendar, with the one routine between days and dates that
/// every format uses (Howard Hinnant's `civil_from_days` and `days_from_civil`). Computed
/// arithmetically: the result does not depend on the host's calendar or time zone settings, and
/// no `DateFormatter` is made (one per value costs more than rendering the rest of a page).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// A date that exists (February 30 does not), in years 1 … 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date written `YYYY-MM-DD`, exactly, with a year in `years`; nil for anything else.
    public init?(_ text: String, years: ClosedRange<Int> = 1...9999) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) })
        else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        let year = number(0..<4)
        guard years.contains(year) else { return nil }
        self.init(year: year, month: number(5..<7), day: number(8..<10))
    }

    /// The day `days` after 1970-01-01 (before it when negative).
    public init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date.
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The moment this day starts in `zone` (midnight local time).
    public func start(in zone: TimeZone) -> Date {
        let utcMidnight = Date(timeIntervalSince1970: TimeInterval(daysSince1970) * 86_400)
        // The offset a few hours before local midnight: no zone changes its offset around midnight.
        let offset = zone.secondsFromGMT(for: utcMidnight.addingTimeInterval(-3 * 3600))
        return utcMidnight.addingTimeInterval(TimeInterval(-offset))
    }

    /// `2026-03-02`
    public var description: String { dateText(year, month, day) }

    /// `2026-03`: a month as the figures and charts key it.
    public static func monthText(year: Int, month: Int) -> String {
        fixedWidth(7) { put in
            put.number(year, 4)
            put.byte("-")
            put.number(month, 2)
        } ?? "\(pad(year, 4))-\(pad(month))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// A moment as Swedish local time (Europe/Stockholm). Pages, exports and the monthly figures all
/// use it, so a day or a month means the same everywhere.
public struct LocalTime: Sendable {
    public static let zone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600)!

    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    public let offsetSeconds: Int

    public init(_ date: Date) {
        offsetSeconds = Self.offset(at: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let civil = CivilDate(daysSince1970: days)
        (year, month, day) = (civil.year, civil.month, civil.day)
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
    }

    /// The zone's offset from UTC at `date`. Since 1980 Sweden's clocks change on a whole UTC
    /// hour, so from then on the offset is found once per hour (a page of log entries asks for
    /// hundreds) and kept; earlier moments (local mean time, wartime changes) ask the zone.
    static func offset(at date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds >= 315_532_800, seconds < 1e12 else { return zone.secondsFromGMT(for: date) }
        let hour = Int((seconds / 3600).rounded(.down))
        if let known = offsets.withLock({ $0[hour] }) { return known }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour) * 3600))
        offsets.withLock { kept in
            if kept.count >= 8192 { kept.removeAll(keepingCapacity: true) }
            kept[hour] = offset
        }
        return offset
    }

    private static let offsets = Mutex<[Int: Int]>([:])

    /// `2026-03-02 10:00`
    public var display: String {
        fixedWidth(16) { put in
            put.date(year, month, day)
            put.byte(" ")
            put.number(hour, 2)
            put.byte(":")
            put.number(minute, 2)
        } ?? "\(dateOnly) \(pad(hour)):\(pad(minute))"
    }

    /// `2026-03`
    public var monthOnly: String { CivilDate.monthText(year: year, month: month) }

    /// `2026-03-02`
    public var dateOnly: String { dateText(year, month, day) }

    /// `2026-03-02T10:00:00+01:00`
    public var iso8601: String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offset = abs(offsetSeconds)
        return fixedWidth(25) { put in
            put.date(year, month, day)
            put.byte("T")
            put.number(hour, 2)
            put.byte(":")
            put.number(minute, 2)
            put.byte(":")
            put.number(second, 2)
            put.byte(offsetSeconds < 0 ? "-" : "+")
            put.number(offset / 3600, 2)
            put.byte(":")
            put.number(offset % 3600 / 60, 2)
        } ?? "\(dateOnly)T\(pad(hour)):\(pad(minute)):\(pad(second))\(sign)\(pad(offset / 3600)):\(pad(offset % 3600 / 60))"
    }

}

/// `2026-03-02`, the one way every format writes a day.
func dateText(_ year: Int, _ month: Int, _ day: Int) -> String {
    fixedWidth(10) { put in put.date(year, month, day) } ?? "\(pad(year, 4))-\(pad(month))-\(pad(day))"
}

/// Fixed-width digits written straight into a string of `count` bytes (pages and API answers write
/// hundreds of times); nil when a part does not fit its width (a year past 9999), for the general way.
func fixedWidth(_ count: Int, _ write: (inout FixedWriter) -> Void) -> String? {
    var fits = true
    let text = String(unsafeUninitializedCapacity: count) { buffer in
        var writer = FixedWriter(buffer: buffer)
        write(&writer)
        fits = writer.fits && writer.index == count
        return fits ? count : 0
    }
    return fits ? text : nil
}

/// Writes ASCII digits and separators of fixed widths into a buffer.
struct FixedWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var index = 0
    var fits = true

    mutating func byte(_ character: Unicode.Scalar) {
        guard index < buffer.count else { fits = false; return }
        buffer[index] = UInt8(ascii: character)
        index += 1
    }

    mutating func number(_ value: Int, _ width: Int) {
        guard value >= 0, index + width <= buffer.count else { fits = false; return }
        var rest = value
        for place in stride(from: width - 1, through: 0, by: -1) {
            buffer[index + place] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        if rest != 0 { fits = false }
        index += width
    }

    mutating func date(_ year: Int, _ month: Int, _ day: Int) {
        number(year, 4)
        byte("-")
        number(month, 2)
        byte("-")
        number(day, 2)
    }
}

/// RFC 3339 timestamps in UTC with whole seconds, e.g. `2026-03-14T09:30:00Z`: Atom, sitemaps, open
/// data and JSON logs.
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        let (days, second) = UTCParts.split(date)
        let civil = CivilDate(daysSince1970: days)
        return fixedWidth(20) { put in
            put.date(civil.year, civil.month, civil.day)
            put.byte("T")
            put.number(second / 3600, 2)
            put.byte(":")
            put.number(second % 3600 / 60, 2)
            put.byte(":")
            put.number(second % 60, 2)
            put.byte("Z")
        } ?? "\(civil)T\(pad(second / 3600)):\(pad(second % 3600 / 60)):\(pad(second % 60))Z"
    }
}

/// RFC 5322 dates for mail headers, e.g. `Mon, 2 Mar 2026 09:30:00 +0000`.
public enum RFC5322 {
    public static func string(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (day, second) = UTCParts.split(date)
        let civil = CivilDate(daysSince1970: day)
        return "\(days[((day % 7) + 7) % 7]), \(civil.day) \(months[civil.month - 1]) \(civil.year) \(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60)) +0000"
    }
}

private enum UTCParts {
    /// Whole days since 1970-01-01 and the second of the day, in UTC.
    static func split(_ date: Date) -> (days: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
    }
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

