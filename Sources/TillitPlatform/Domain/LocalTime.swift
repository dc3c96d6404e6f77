import Foundation

/// A moment as Swedish local time (Europe/Stockholm), formatted without a `DateFormatter`:
/// creating one per value costs more than rendering the rest of a page. Pages, exports and the
/// monthly figures all use it, so a day or a month means the same everywhere.
public struct LocalTime: Sendable {
    public static let zone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600)!

    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    public let offsetSeconds: Int

    public init(_ date: Date) {
        offsetSeconds = Self.zone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
    }

    /// `2026-03-02 10:00`
    public var display: String { "\(pad(year, 4))-\(pad(month))-\(pad(day)) \(pad(hour)):\(pad(minute))" }

    /// `2026-03`
    public var monthOnly: String { "\(pad(year, 4))-\(pad(month))" }

    /// `2026-03-02`
    public var dateOnly: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    /// `2026-03-02T10:00:00+01:00`
    public var iso8601: String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offset = abs(offsetSeconds)
        return "\(dateOnly)T\(pad(hour)):\(pad(minute)):\(pad(second))\(sign)\(pad(offset / 3600)):\(pad(offset % 3600 / 60))"
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
