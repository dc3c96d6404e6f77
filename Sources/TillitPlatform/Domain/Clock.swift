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
