import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Testing
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

/// docs/ANONYMITY.md, line by line: a known person raises one anonymous signal among named
/// activity, and nothing the operator or a copy of the database holds places it finer than its day.
@Suite("Anonymity against metadata")
struct AnonymityTests {
    /// A clock the test moves forward.
    final class MovingClock: Sendable {
        let time = LockedBox<Date>(TestDatabases.epoch)
        var clock: AppClock { AppClock { [time] in time.value } }
        func advance(_ seconds: TimeInterval) { time.mutate { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test("one person's anonymous signal among their named activity: no log line, no metric, no session write, no order, only the day")
    func oneAnonymousSignalAmongNamedActivity() async throws {
        let lines = LockedBox<[String]>([])
        let moving = MovingClock()
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: [:])
            config.passwordCost = 4
            let mailer = RecordingMailer()
            let platform = try Tillit.platform(database, config: config, clock: moving.clock, logger: TestDatabases.logger)
            let harness = try await Harness.seed(platform, mailer: mailer)
            var logger = Logger(label: "test") { _ in CollectingLogHandler(lines) }
            logger.logLevel = .trace
            let app = try await Tillit.buildApplication(config, database: database, clock: moving.clock, mailer: mailer, logger: logger, platform: platform)
            let staff = harness.callers["medarbetare"]!
            let unit = String(harness.units["teamA"]!)
            @Sendable func sessionSeen() async throws -> Int64 {
                try await database.read { db in
                    try await db.raw("SELECT last_seen_at FROM sessions WHERE user_id = \(bind: staff.userID!)").first()!.int64("last_seen_at")
                }
            }
            let seenAtSignIn = try await sessionSeen()
            try await app.test(.router) { client in
                // given a person who works under their own name through the morning
                moving.advance(3 * 3600 + 17 * 60 + 5)  // 12:17:05
                #expect(try await client.get("/signaler", as: staff).status == .ok)
                let logged = lines.value.count
                let named = try await client.post("/signaler/ny", as: staff, form: [("kind", "ide"), ("text", "Med namn"), ("unit_id", unit)])
                #expect(named.status == .seeOther)
                // a named raise lands on its signal's page, which leaves no line either
                #expect(named.headers[.location]?.hasPrefix("/signaler/") == true)
                #expect(try await client.follow(named, as: staff).status == .ok)
                moving.advance(7 * 60 + 31)  // 12:24:36
                // when they raise one anonymous signal
                let anonymous = try await client.post("/signaler/ny", as: staff,
                                                      form: [("kind", "hinder"), ("text", "Utan namn"), ("unit_id", unit), ("anonymous", "1")])
                // then the answer is the same as for the named one
                #expect(anonymous.status == named.status)
                _ = try await client.follow(anonymous, as: staff)
                // so the request log is the same for both: no line from either raise or where it lands
                #expect(lines.value.dropFirst(logged).filter { $0.contains(" request ") }.isEmpty)
                moving.advance(5 * 60)
                let namedID = try #require(named.headers[.location]?.split(separator: "/").last.flatMap { Int64($0) })
                #expect(try await client.post("/signaler/\(namedID)/kommentar", as: staff, form: [("comment", "Och en kommentar")]).status == .seeOther)

                // the request log has no line for raising or for the receipt page
                let log = lines.value.joined(separator: "\n")
                #expect(log.contains("/signaler/{id}/kommentar"))
                #expect(!log.contains("/signaler/ny") && !log.contains("/kvitto"))
                // /metrics counts neither. Its registry is the process's, shared with the other suites
                // running beside this one, which may show the form (GET /signaler/ny) or the receipt
                // lookup (GET /kvitto): the series looked for are the requests made here.
                let metrics = try await client.get("/metrics", as: .anonymous).text
                func counted(_ method: String, _ route: String) -> Bool {
                    metrics.split(separator: "\n").contains { $0.contains("\"\(route)\"") && $0.contains("\"\(method)\"") }
                }
                #expect(counted("POST", "/signaler/{id}/kommentar"))
                #expect(!counted("POST", "/signaler/ny") && !counted("GET", "/kvitto/ny"))
                #expect(!metrics.contains("active_requests"))
                // the person's session was not written during their requests...
                #expect(try await sessionSeen() == seenAtSignIn)
                // ...but together with every other session used, at the flush's own time
                #expect(try await platform.flushSessionActivity() >= 1)
                #expect(try await sessionSeen() == moving.clock.now().epochSeconds)

                try await database.read { db in
                    let row = try #require(try await db.raw("SELECT id, raised_by, created_at, arrived_at FROM signals WHERE text = 'Utan namn'").first())
                    let id = try row.int64("id")
                    // no link to the person, and only the day in every time column
                    #expect(try row.optionalInt64("raised_by") == nil)
                    #expect(try row.int64("created_at") % 86_400 == 0 && row.int64("arrived_at") % 86_400 == 0)
                    for hop in try await db.raw("SELECT at FROM signal_hops WHERE signal_id = \(bind: id)").all() {
                        #expect(try hop.int64("at") % 86_400 == 0)
                    }
                    // the notices about it keep the day only, and no audit entry exists
                    let notices = try await db.raw("SELECT created_at FROM notifications WHERE url = \(bind: "signal:\(id)")").all()
                    #expect(!notices.isEmpty)
                    for notice in notices { #expect(try notice.int64("created_at") % 86_400 == 0) }
                    #expect(try await db.raw("SELECT id FROM audit_log WHERE object_id = \(bind: String(id))").all().isEmpty)
                    // and no hidden insertion order: SQLite's rowid is gone from every table it is written to
                    for table in ["signals", "signal_hops", "signal_comments", "signal_supports", "notifications"] {
                        await #expect(throws: (any Error).self, "\(table) has a rowid") {
                            try await db.raw(SQLQueryString("SELECT rowid FROM \(table)")).run()
                        }
                    }
                    #expect(try await db.raw("SELECT name FROM sqlite_sequence WHERE name = 'notifications'").all().isEmpty)
                }
            }
        }
    }
}
