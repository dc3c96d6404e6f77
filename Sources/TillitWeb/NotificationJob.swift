import Foundation
import Logging
import ServiceLifecycle
import TillitPlatform
import TillitFollowUp
import TillitListen

/// The notification job, run every `interval` seconds in each app instance: tells the next level
/// about overdue signals, then mails what is due (the database lets one instance take each run).
struct NotificationJob: Service {
    let signals: Signals
    let mailer: NotificationMailer
    let interval: Int
    let logger: Logger

    /// One pass; also what `tillit notify` runs.
    func runOnce() async throws -> [NotificationMailer.RunReport] {
        try await signals.notifyOverdue()
        try await signals.restampAnonymousRows()
        try await FollowUp(platform: signals.platform).restampResponses()
        _ = try await signals.platform.runRetention(parts: Tillit.personalDataParts)
        try await signals.platform.sweepHandOvers()
        return try await mailer.tick(now: signals.platform.clock.now())
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(interval))
                } catch {
                    return
                }
                do {
                    _ = try await runOnce()
                } catch {
                    logger.error("notification job failed", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
    }
}
