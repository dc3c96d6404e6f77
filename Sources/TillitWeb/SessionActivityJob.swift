import Foundation
import Logging
import ServiceLifecycle
import TillitPlatform

/// Writes the sessions used in the last minute, all at once (see `Platform.flushSessionActivity`),
/// and once more when the instance stops.
struct SessionActivityJob: Service {
    let platform: Platform
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    break
                }
                await flush()
            }
        }
        await flush()
    }

    private func flush() async {
        do {
            try await platform.flushSessionActivity()
        } catch {
            logger.warning("session activity not written yet", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
