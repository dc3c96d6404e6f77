import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
@testable import TillitPlatform
@testable import TillitListen
import TillitStorage
import TillitTestSupport

/// A clock the test moves forward.
final class MovableClock: Sendable {
    private let box: NIOLockedValueBox<Date>
    init(_ start: Date) { box = NIOLockedValueBox(start) }
    var now: Date { box.withLockedValue { $0 } }
    func advance(days: Double = 0, seconds: Double = 0) { box.withLockedValue { $0 = $0.addingTimeInterval(days * 86_400 + seconds) } }
    var appClock: AppClock { AppClock { self.now } }
}

/// Keeps every mail it is given.
final class CollectingMailer: Mailer {
    private let box = NIOLockedValueBox<[MailMessage]>([])
    var messages: [MailMessage] { box.withLockedValue { $0 } }
    func send(_ message: MailMessage) async throws { box.withLockedValue { $0.append(message) } }
}

/// A mailer whose relay is down.
struct FailingMailer: Mailer {
    struct Down: Error {}
    func send(_ message: MailMessage) async throws { throw Down() }
}

private let migrations = PlatformSchema.migrations + SignalSchema.migrations

private func platform(_ f: Fixture, _ database: any Database, _ clock: MovableClock) -> Platform {
    Platform(database: database, clock: clock.appClock, passwords: PasswordHasher(cost: 4),
             settings: PlatformSettings.definitions + SignalSchema.settings, logger: TestDatabases.logger)
}

@Suite("Signals: comments, follow-up questions and the anonymous raiser's replies")
struct SignalConversationTests {
    @Test("colleagues comment, the manager asks the anonymous raiser, who answers with the receipt code", arguments: TestDatabases.kinds)
    func conversation(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch.addingTimeInterval(3 * 3600 + 17 * 60))
            let f = try await Fixture.make(database, clock: clock.appClock)
            let signals = Signals(platform: platform(f, database, clock))
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let colleague = try await f.person("ulf@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let outsider = try await f.person("it@tillitsby.se", [f.grant(.medarbetare, unit: "it")])
            let (signal, receipt) = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Schemat läggs om utan dialog", unitID: String(f.units["teamA"]!), anonymous: true))
            let code = try #require(receipt)

            // a colleague comments; someone who cannot see the signal cannot comment on it
            _ = try await signals.comment(actor: colleague, id: signal.id, text: "Samma sak hos oss")
            await #expect(throws: AppError.self) { _ = try await signals.comment(actor: outsider, id: signal.id, text: "Hej") }
            // only someone with the mandate may ask the raiser a follow-up question
            await #expect(throws: AppError.self) { _ = try await signals.comment(actor: colleague, id: signal.id, text: "Vilken vecka?", question: true) }
            _ = try await signals.comment(actor: chef, id: signal.id, text: "Vilka veckor gäller det?", question: true)
            // empty and over-long comments are refused with the field named
            do {
                _ = try await signals.comment(actor: chef, id: signal.id, text: "  ")
                Issue.record("an empty comment was accepted")
            } catch let error as AppError { #expect(error.fieldErrors.map(\.field) == ["comment"]) }
            await #expect(throws: AppError.self) { _ = try await signals.comment(actor: chef, id: signal.id, text: String(repeating: "x", count: 2001)) }

            // the raiser sees the question through the code and answers; sending the same answer twice keeps it once
            clock.advance(seconds: 3600)
            let seen = try await signals.detail(receipt: code)
            #expect(seen.comments.map(\.question) == [false, true])
            #expect(try await signals.reply(receipt: code, text: "Vecka 12 och 13"))
            #expect(try await !signals.reply(receipt: code, text: "Vecka 12 och 13"))
            await #expect(throws: AppError.self) { try await signals.reply(receipt: "AAAA-BBBB-CCCC", text: "Hej") }
            let detail = try await signals.detail(actor: chef, id: signal.id)
            #expect(detail.comments.map(\.text) == ["Samma sak hos oss", "Vilka veckor gäller det?", "Vecka 12 och 13"])
            let reply = try #require(detail.comments.last)
            #expect(reply.byRaiser && reply.authorName == nil)
            // the reply keeps no author and no time of day
            let row = try await database.read { db in
                try await db.raw("SELECT author_id, created_at FROM signal_comments WHERE by_raiser = 1").all()
            }
            #expect(row.count == 1)
            #expect(try row[0].decodeNil(column: "author_id"))
            #expect(try row[0].int64("created_at") % 86_400 == 0)
            // a named raiser's comment carries their name and is marked as the raiser's
            let (named, _) = try await signals.raise(actor: staff, .init(kind: "ide", text: "Gemensam kalender", unitID: String(f.units["teamA"]!)))
            let own = try await signals.comment(actor: staff, id: named.id, text: "Jag kan visa hur")
            #expect(own.byRaiser && own.authorName == "maja@tillitsby.se")
        }
    }

    @Test("a decision to act names its owner, the decider unless someone else is named")
    func owner() async throws {
        try await TestDatabases.with(.sqlite, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch)
            let f = try await Fixture.make(database, clock: clock.appClock)
            let signals = Signals(platform: platform(f, database, clock))
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let a = try await signals.raise(actor: staff, .init(kind: "hinder", text: "A", unitID: String(f.units["teamA"]!))).signal
            let b = try await signals.raise(actor: staff, .init(kind: "hinder", text: "B", unitID: String(f.units["teamA"]!))).signal
            let c = try await signals.raise(actor: staff, .init(kind: "hinder", text: "C", unitID: String(f.units["teamA"]!))).signal
            #expect(try await signals.decide(actor: chef, id: a.id, decision: "atgardas", text: "Plan").decisionOwner == "nora@tillitsby.se")
            #expect(try await signals.decide(actor: chef, id: b.id, decision: "atgardas_delvis", text: "Plan", owner: "Lokalsamordnaren").decisionOwner == "Lokalsamordnaren")
            #expect(try await signals.decide(actor: chef, id: c.id, decision: "redan_lost", text: nil, owner: "X").decisionOwner == nil)
        }
    }
}

@Suite("Signals: the participant's voice")
struct ParticipantVoiceTests {
    @Test("a unit's code takes feedback without an account, lands with the manager and keeps nothing about the sender", arguments: TestDatabases.kinds)
    func feedback(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch.addingTimeInterval(5 * 3600 + 41 * 60))
            let f = try await Fixture.make(database, clock: clock.appClock)
            let signals = Signals(platform: platform(f, database, clock))
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            // staff may not publish a code; the manager and the administrator may
            await #expect(throws: AppError.self) { _ = try await signals.publishParticipantCode(actor: staff, unitID: f.units["norr"]!) }
            let first = try await signals.publishParticipantCode(actor: admin, unitID: f.units["norr"]!)
            let code = try await signals.publishParticipantCode(actor: chef, unitID: f.units["norr"]!)
            #expect(code.code.count == 6 && code.code != first.code)
            #expect(try await signals.participantCode(actor: chef, unitID: f.units["norr"]!)?.code == code.code)
            // the replaced code is gone, an unknown one is not found
            do { _ = try await signals.participantTarget(code: first.code); Issue.record("a withdrawn code works") } catch let error as AppError { #expect(error.status == .gone) }
            do { _ = try await signals.participantTarget(code: "ZZZZZZ"); Issue.record("an unknown code works") } catch let error as AppError { #expect(error.status == .notFound) }

            // feedback, typed in lower case: it lands with Norr's manager, anonymous, day only, with a receipt
            let (signal, receipt) = try await signals.raise(participantCode: code.code.lowercased(), kind: "ide", text: "Fler aktiviteter på kvällen")
            #expect(signal.source == .participant && signal.anonymous && signal.raisedBy == nil)
            #expect(signal.currentUnitID == f.units["norr"])
            #expect(signal.createdAt.epochSeconds % 86_400 == 0)
            #expect(try await signals.detail(receipt: receipt).signal.id == signal.id)
            #expect(try await signals.overview(actor: chef).toAnswer.items.map(\.id) == [signal.id])
            // bad input: unknown kind (only the three plain choices), empty or huge text
            for (kind, text) in [("onodigt_krav", "x"), ("ide", " "), ("ide", String(repeating: "å", count: 2001))] {
                await #expect(throws: AppError.self) { _ = try await signals.raise(participantCode: code.code, kind: kind, text: text) }
            }
            // no audit entry, and nothing in the row beyond the unit and the day
            let audit = try await database.read { db in try await db.raw("SELECT action, object_id FROM audit_log").all() }
            #expect(!(try audit.contains { try $0.optionalString("object_id") == String(signal.id) }))

            // a flood on one code is stopped at the organisation's daily limit, and starts again the next day
            _ = try await signals.platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["participant_daily_limit": "3"])
            _ = try await signals.raise(participantCode: code.code, kind: "hinder", text: "Två")
            _ = try await signals.raise(participantCode: code.code, kind: "fraga", text: "Tre")
            do {
                _ = try await signals.raise(participantCode: code.code, kind: "fraga", text: "Fyra")
                Issue.record("the daily limit let a fourth through")
            } catch let error as AppError { #expect(error.status == .tooManyRequests) }
            clock.advance(days: 1)
            _ = try await signals.raise(participantCode: code.code, kind: "fraga", text: "Fyra")
            // withdrawing stops it
            try await signals.withdrawParticipantCode(actor: chef, unitID: f.units["norr"]!)
            await #expect(throws: AppError.self) { _ = try await signals.raise(participantCode: code.code, kind: "ide", text: "Hej") }
        }
    }
}

@Suite("Notifications")
struct NotificationTests {
    @Test("people are told what needs them; mail goes at once or in one daily digest, one job per run", arguments: TestDatabases.kinds)
    func notices(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch)
            let f = try await Fixture.make(database, clock: clock.appClock)
            let platform = platform(f, database, clock)
            let signals = Signals(platform: platform)
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let supporter = try await f.person("ulf@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let boss = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            try await platform.setNotifyMode(userID: boss.userID!, "daily")
            await #expect(throws: AppError.self) { try await platform.setNotifyMode(userID: boss.userID!, "hourly") }
            let mailer = CollectingMailer()
            let job = NotificationMailer(platform: platform, publicURL: "https://tillit.example", link: { "/\($0.kind)/\($0.id ?? 0)" }, digestHour: 7) { _ in mailer }

            // a new signal: Norr's manager is told
            let signal = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Hemligt innehåll", unitID: String(f.units["teamA"]!))).signal
            try await signals.toggleSupport(actor: supporter, id: signal.id)
            #expect(try await platform.unreadNotifications(userID: chef.userID!) == 1)
            // the immediate run mails her once; the same minute's run again does nothing
            let first = try await job.run(.immediate, now: clock.now)
            #expect(first == .init(claimed: true, mails: 1, notices: 1, failures: 0))
            #expect(try await job.run(.immediate, now: clock.now) == .init(claimed: false, mails: 0, notices: 0, failures: 0))
            clock.advance(seconds: 60)
            #expect(try await job.run(.immediate, now: clock.now).mails == 0)
            #expect(mailer.messages.map(\.to) == ["nora@tillitsby.se"])
            // mail names the unit and links to the signal, but never carries what was written
            #expect(mailer.messages[0].body.contains("https://tillit.example/signal/\(signal.id)"))
            #expect(!mailer.messages[0].body.contains("Hemligt"))
            // in the person's language, with a footer that leads to where they choose their mail
            #expect(mailer.messages[0].subject == "Tillit: något nytt för dig")
            #expect(mailer.messages[0].body.hasSuffix("Du får det här mejlet efter ditt val på din sida i Tillit: https://tillit.example/me/0\n"))

            // forwarded upward: Vera, who chose the digest, gets nothing at once ...
            _ = try await signals.forward(actor: chef, id: signal.id, toUnitID: String(f.units["vof"]!), reason: "Budget")
            clock.advance(seconds: 60)
            #expect(try await job.run(.immediate, now: clock.now).mails == 0)
            // ... and the decision tells the raiser and the supporter
            _ = try await signals.decide(actor: boss, id: signal.id, decision: "atgardas", text: "Vi gör det")
            // notices are listed newest first by their time (their ids are random, not counted)
            clock.advance(seconds: 1)
            _ = try await signals.comment(actor: supporter, id: signal.id, text: "Tack")
            clock.advance(seconds: 60)
            let second = try await job.run(.immediate, now: clock.now)
            #expect(second.mails == 2)  // maja (decision + comment in one mail) and ulf (decision)
            #expect(Set(mailer.messages.dropFirst().map(\.to)) == ["maja@tillitsby.se", "ulf@tillitsby.se"])
            // the digest: one mail to Vera with both her notices, once per day
            let digest = try await job.run(.daily, now: clock.now)
            #expect(digest.mails == 1 && digest.notices == 2)
            #expect(mailer.messages.last?.to == "vera@tillitsby.se")
            #expect(try await job.run(.daily, now: clock.now).claimed == false)
            // in-app list, newest first, and marking read
            let (page, unread) = try await platform.notifications(userID: staff.userID!, page: .first)
            #expect(unread == 2 && page.items.count == 2 && page.items[0].kind == "signal.comment")
            try await platform.markNotificationsRead(userID: staff.userID!)
            #expect(try await platform.unreadNotifications(userID: staff.userID!) == 0)

            // a failing relay leaves the notices for the next run
            _ = try await signals.raise(actor: staff, .init(kind: "ide", text: "Nästa", unitID: String(f.units["teamA"]!)))
            let failing = NotificationMailer(platform: platform, publicURL: "", link: { "/\($0.kind)/\($0.id ?? 0)" }, digestHour: 7) { _ in FailingMailer() }
            clock.advance(seconds: 60)
            #expect(try await failing.run(.immediate, now: clock.now).failures == 1)
            clock.advance(seconds: 60)
            #expect(try await job.run(.immediate, now: clock.now).mails == 1)
        }
    }

    @Test("notices about an anonymous signal keep the day only and wait for the digest")
    func anonymous() async throws {
        try await TestDatabases.with(.sqlite, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch.addingTimeInterval(4321))
            let f = try await Fixture.make(database, clock: clock.appClock)
            let platform = platform(f, database, clock)
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            _ = try await Signals(platform: platform).raise(actor: staff, .init(kind: "hinder", text: "x", unitID: String(f.units["teamA"]!), anonymous: true))
            let rows = try await database.read { db in try await db.raw("SELECT created_at, digest_only FROM notifications").all() }
            #expect(rows.count == 1)
            #expect(try rows[0].int64("created_at") % 86_400 == 0 && rows[0].int64("digest_only") == 1)
            let mailer = CollectingMailer()
            let job = NotificationMailer(platform: platform, publicURL: "", link: { "/\($0.kind)/\($0.id ?? 0)" }, digestHour: 7) { _ in mailer }
            #expect(try await job.run(.immediate, now: clock.now).mails == 0)
            #expect(try await job.run(.daily, now: clock.now).mails == 1)
            #expect(mailer.messages.map(\.to) == ["nora@tillitsby.se"])
            #expect(try await platform.unreadNotifications(userID: chef.userID!) == 1)
        }
    }

    @Test("an unanswered signal is announced to each level above once, as it rises", arguments: TestDatabases.kinds)
    func overdue(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let clock = MovableClock(TestDatabases.epoch)
            let f = try await Fixture.make(database, clock: clock.appClock)
            let platform = platform(f, database, clock)
            let signals = Signals(platform: platform)
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            _ = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let hem = try await f.person("hans@tillitsby.se", [f.grant(.chef, unit: "hemtjanst")])
            let vof = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            _ = try await signals.raise(actor: staff, .init(kind: "hinder", text: "x", unitID: String(f.units["teamA"]!)))
            #expect(try await signals.notifyOverdue() == 0)
            clock.advance(days: 14)
            #expect(try await signals.notifyOverdue() == 1)
            #expect(try await signals.notifyOverdue() == 0)
            #expect(try await platform.unreadNotifications(userID: hem.userID!) == 1)
            clock.advance(days: 14)
            #expect(try await signals.notifyOverdue() == 1)
            #expect(try await platform.notifications(userID: vof.userID!, page: .first).page.items.map(\.kind) == ["signal.overdue"])
        }
    }
}
