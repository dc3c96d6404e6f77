import Foundation

/// Where "now" comes from. Tests use a fixed clock so dates in assertions do not drift.
public struct AppClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = AppClock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> AppClock { AppClock { date } }
}

extension Date {
    /// Whole seconds since 1970, as stored in the database's `*_at` columns.
    public var epochSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

    /// A date from whole seconds since 1970.
    public init(epochSeconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(epochSeconds))
    }
}
