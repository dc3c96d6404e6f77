import Foundation
import SQLKit
import Testing
@testable import TillitPlatform
@testable import TillitListen
import TillitStorage
import TillitTestSupport

@Suite("Signals: routing rules")
struct RoutingTests {
    // vof (förvaltning) → hemtjanst → norr → teamA; it beside vof
    let tree = UnitTree([
        OrgUnit(id: 1, organisationID: 1, parentID: nil, externalID: nil, name: "Vof", kind: .forvaltning, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 2, organisationID: 1, parentID: 1, externalID: nil, name: "Hemtjänst", kind: .avdelning, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 3, organisationID: 1, parentID: 2, externalID: nil, name: "Norr", kind: .enhet, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 4, organisationID: 1, parentID: 3, externalID: nil, name: "Team A", kind: .arbetsgrupp, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 5, organisationID: 1, parentID: nil, externalID: nil, name: "IT", kind: .avdelning, createdAt: .distantPast, closedAt: nil),
    ])

    func signal(at unit: Int64, arrived: Date, answered: Date? = nil) -> TillitListen.Signal {
        TillitListen.Signal(id: 1, organisationID: 1, unitID: 4, currentUnitID: unit, kind: .hinder, text: "x", affects: nil, suggestion: nil,
                             anonymous: false, raisedBy: 1, createdAt: arrived, arrivedAt: arrived, firstAnsweredAt: answered,
                             status: answered == nil ? .open : .decided, decision: nil, decisionText: nil, implementedNote: nil)
    }

    @Test("a signal lands at the lowest level with a manager")
    func landing() {
        #expect(Routing.landingUnit(for: 4, in: tree, managed: [3, 1]) == 3)
        #expect(Routing.landingUnit(for: 4, in: tree, managed: [4, 3, 1]) == 4)
        #expect(Routing.landingUnit(for: 4, in: tree, managed: [1]) == 1)
        // nobody manages anything on the way: the top unit, where administrators answer
        #expect(Routing.landingUnit(for: 4, in: tree, managed: [5]) == 1)
    }

    @Test("an unanswered signal rises one managed level for every response period")
    func escalation() {
        let arrived = Date(timeIntervalSince1970: 0)
        let day = 86_400.0
        let managed: Set<Int64> = [3, 1]  // hemtjänst has no manager: escalation skips it
        #expect(Routing.escalation(of: signal(at: 3, arrived: arrived), now: arrived.addingTimeInterval(13 * day), responseDays: 14, in: tree, managed: managed) == [])
        #expect(Routing.escalation(of: signal(at: 3, arrived: arrived), now: arrived.addingTimeInterval(14 * day), responseDays: 14, in: tree, managed: managed) == [1])
        #expect(Routing.escalation(of: signal(at: 3, arrived: arrived), now: arrived.addingTimeInterval(100 * day), responseDays: 14, in: tree, managed: managed) == [1])
        #expect(Routing.escalation(of: signal(at: 4, arrived: arrived), now: arrived.addingTimeInterval(30 * day), responseDays: 14, in: tree, managed: [4, 3, 2, 1]) == [3, 2])
        // answered in time or late: no longer escalated
        #expect(Routing.escalation(of: signal(at: 3, arrived: arrived, answered: arrived), now: arrived.addingTimeInterval(40 * day), responseDays: 14, in: tree, managed: managed) == [])
        #expect(Routing.isOverdue(signal(at: 3, arrived: arrived), now: arrived.addingTimeInterval(14 * day), responseDays: 14))
    }

    @Test("forwarding to a unit above is upward; anywhere else is sideways")
    func direction() {
        #expect(Routing.direction(from: 3, to: 1, in: tree) == .forwardedUp)
        #expect(Routing.direction(from: 3, to: 5, in: tree) == .forwardedSideways)
        #expect(Routing.direction(from: 3, to: 4, in: tree) == .forwardedSideways)
    }

    @Test("anonymous times keep the day only; receipt codes are readable and compared loosely")
    func anonymity() {
        let moment = Date(timeIntervalSince1970: 1_772_442_123)
        #expect(Anonymity.coarsen(moment).timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
        #expect(moment.timeIntervalSince(Anonymity.coarsen(moment)) < 86_400)
        let code = Anonymity.newReceiptCode()
        #expect(code.count == 14 && code.split(separator: "-").count == 3)
        #expect(Anonymity.normalise(receipt: code.lowercased().replacingOccurrences(of: "-", with: " ")) == code.replacingOccurrences(of: "-", with: ""))
    }
}

@Suite("Signals: the loop on the database")
struct SignalServiceTests {
    @Test("a manager's open signals are chosen from their units' index alone, not by walking the organisation's signals")
    func waitingUsesUnits() async throws {
        try await TestDatabases.with(.sqlite, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let heads = Signals.headsStatement(Signals.waiting(reach: [3, 4, 5]) + " ORDER BY arrived_at, id LIMIT 500", organisationID: 1)
            let plan = try await database.read { db in
                try await db.raw("EXPLAIN QUERY PLAN \(heads)").all().map { try $0.string("detail") }.joined(separator: "; ")
            }
            #expect(plan.contains("USING COVERING INDEX signals_current_unit"), "\(plan)")
            #expect(!plan.contains("signals_organisation"), "\(plan)")
        }
    }

    @Test("raise, forward upward with a reason, decide, implement: the path records every hop", arguments: TestDatabases.kinds)
    func lifecycle(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let signals = Signals(platform: f.platform)
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let norrChef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let vofChef = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            let colleague = try await f.person("ulf@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let outsider = try await f.person("it@tillitsby.se", [f.grant(.medarbetare, unit: "it")])

            // raised about Team A, it lands with the manager of Norr
            let (raised, receipt) = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Tre system för samma sak", unitID: String(f.units["teamA"]!)))
            #expect(receipt == nil)
            #expect(raised.currentUnitID == f.units["norr"])
            // the colleague sees it and supports it; someone from another unit does not see it at all
            try await signals.toggleSupport(actor: colleague, id: raised.id)
            #expect(try await signals.detail(actor: colleague, id: raised.id).supporters == 1)
            await #expect(throws: AppError.self) { _ = try await signals.detail(actor: outsider, id: raised.id) }
            // nobody but a manager at or above Norr may answer or forward
            for actor in [staff, colleague, outsider] {
                await #expect(throws: AppError.self) { _ = try await signals.decide(actor: actor, id: raised.id, decision: "atgardas", text: "x") }
                await #expect(throws: AppError.self) { _ = try await signals.forward(actor: actor, id: raised.id, toUnitID: String(f.units["vof"]!), reason: "x") }
            }
            // forwarding needs a reason, a real unit of the organisation, and not the unit it is at
            await #expect(throws: AppError.self) { _ = try await signals.forward(actor: norrChef, id: raised.id, toUnitID: String(f.units["vof"]!), reason: " ") }
            await #expect(throws: AppError.self) { _ = try await signals.forward(actor: norrChef, id: raised.id, toUnitID: String(f.otherUnit), reason: "Budget") }
            await #expect(throws: AppError.self) { _ = try await signals.forward(actor: norrChef, id: raised.id, toUnitID: String(f.units["norr"]!), reason: "Budget") }
            let forwarded = try await signals.forward(actor: norrChef, id: raised.id, toUnitID: String(f.units["vof"]!), reason: "Kräver budget")
            #expect(forwarded.currentUnitID == f.units["vof"])
            // now only the manager above may answer; "will not be done" needs a reason
            await #expect(throws: AppError.self) { _ = try await signals.decide(actor: norrChef, id: raised.id, decision: "atgardas", text: "x") }
            await #expect(throws: AppError.self) { _ = try await signals.decide(actor: vofChef, id: raised.id, decision: "atgardas_inte", text: "") }
            await #expect(throws: AppError.self) { _ = try await signals.decide(actor: vofChef, id: raised.id, decision: "kanske", text: "x") }
            let decided = try await signals.decide(actor: vofChef, id: raised.id, decision: "atgardas", text: "Nytt system i höst. Ansvarig: Vera.")
            #expect(decided.status == .decided)
            await #expect(throws: AppError.self) { _ = try await signals.decide(actor: vofChef, id: raised.id, decision: "redan_lost", text: "x") }
            _ = try await signals.implement(actor: vofChef, id: raised.id, note: "Klart")
            // the raiser sees the whole path
            let detail = try await signals.detail(actor: staff, id: raised.id)
            #expect(detail.path.map(\.kind) == [.landed, .forwardedUp, .decided, .implemented])
            #expect(detail.path[1].reason == "Kräver budget")
            #expect(detail.signal.status == .implemented)
            let overview = try await signals.overview(actor: staff)
            #expect(overview.raised.items.map(\.id) == [raised.id])
        }
    }

    /// A staff member of Team A who raised one signal a day from day 0, their manager (of Norr), the
    /// signals' ids in the order raised, and the loop as it is on a given day.
    static func raisedDaily(_ database: any Database, days: Int) async throws -> (staff: Actor, chef: Actor, raised: [Int64], on: @Sendable (Int) -> Signals) {
        let f = try await Fixture.make(database)
        let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
        let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
        let on: @Sendable (Int) -> Signals = { day in
            Signals(platform: Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(Double(day) * 86_400)),
                                       passwords: PasswordHasher(cost: 4), settings: PlatformSettings.definitions + SignalSchema.settings, logger: TestDatabases.logger))
        }
        var raised: [Int64] = []
        for day in 0..<days {
            raised.append(try await on(day).raise(actor: staff, .init(kind: "hinder", text: "Hinder \(day)", unitID: String(f.units["teamA"]!))).signal.id)
        }
        return (staff, chef, raised, on)
    }

    @Test("a list that reaches its limit keeps what has waited longest and says there is more", arguments: TestDatabases.kinds)
    func overviewLimit(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let (staff, chef, raised, on) = try await Self.raisedDaily(database, days: 3)
            let signals = on(3)
            // Two of three shown: the two that have waited longest, newest first; and it says so.
            let cut = try await signals.overview(actor: chef, limit: 2)
            #expect(cut.toAnswer.items.map(\.id) == [raised[1], raised[0]])
            #expect(cut.moreToAnswer && cut.limit == 2)
            let mine = try await signals.overview(actor: staff, limit: 2)
            #expect(mine.raised.items.map(\.id) == [raised[2], raised[1]])
            #expect(mine.moreRaised)
            // Exactly as many as the limit: nothing more to say.
            let all = try await signals.overview(actor: chef, limit: 3)
            #expect(all.toAnswer.items.map(\.id) == [raised[2], raised[1], raised[0]])
            #expect(!all.moreToAnswer && !all.moreOfMyUnits)
            #expect(!(try await signals.overview(actor: staff, limit: 3)).moreRaised)
            // the first list alone, as the start page asks: the same list, and nothing else read
            let first = try await signals.overview(actor: chef, limit: 3, onlyToAnswer: true)
            #expect(first.toAnswer.items.map(\.id) == all.toAnswer.items.map(\.id) && first.toAnswer.total == all.toAnswer.total)
            #expect(first.overdue == all.overdue)
            let ownOnly = try await signals.overview(actor: staff, limit: 3, onlyToAnswer: true)
            #expect(ownOnly.raised.items.isEmpty && ownOnly.ofMyUnits.items.isEmpty)
            #expect(!(try await signals.overview(actor: staff, limit: 3)).raised.items.isEmpty)
        }
    }

    @Test("the signals page's lists come a page at a time: the pages together are the whole list, in order", arguments: TestDatabases.kinds)
    func overviewPages(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let (staff, chef, raised, on) = try await Self.raisedDaily(database, days: 5)
            // the oldest is past its answer time on day 20
            let signals = on(20)
            let whole = try await signals.overview(actor: chef, pages: OverviewPages(toAnswer: PageRequest(page: 1, perPage: 100)!))
            #expect(whole.toAnswer.items.map(\.id) == raised.reversed())
            var paged: [Int64] = []
            for page in 1...4 {
                let part = try await signals.overview(actor: chef, pages: OverviewPages(toAnswer: PageRequest(page: page, perPage: 2)!,
                                                                                        raised: PageRequest(page: 1, perPage: 2)!))
                #expect(part.toAnswer.total == 5 && part.toAnswer.pageCount == 3)
                #expect(part.toAnswer.items.count == [2, 2, 1, 0][page - 1])
                // each shown signal is read whole, and only the shown ones are marked overdue
                #expect(part.toAnswer.items.allSatisfy { $0.text.hasPrefix("Hinder ") })
                #expect(part.overdue.isSubset(of: Set(part.toAnswer.items.map(\.id))))
                #expect(part.overdue == Set(part.toAnswer.items.map(\.id)).intersection(whole.overdue))
                paged += part.toAnswer.items.map(\.id)
            }
            #expect(paged == raised.reversed())
            #expect(!whole.overdue.isEmpty)
            // the raiser's own list pages the same way, newest first
            let mine = try await signals.overview(actor: staff, pages: OverviewPages(raised: PageRequest(page: 2, perPage: 2)!))
            #expect(mine.raised.items.map(\.id) == [raised[2], raised[1]])
            #expect(mine.raised.total == 5)
        }
    }

    @Test("an overdue signal is shown to the next manager up", arguments: TestDatabases.kinds)
    func overdue(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            _ = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let vofChef = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            let raised = try await Signals(platform: f.platform).raise(actor: staff, .init(kind: "ide", text: "Överlappning", unitID: String(f.units["teamA"]!))).signal
            #expect(try await Signals(platform: f.platform).overview(actor: vofChef).toAnswer.items.isEmpty)
            let later = Signals(platform: Platform(database: database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(15 * 86_400)),
                                                   passwords: PasswordHasher(cost: 4), settings: PlatformSettings.definitions + SignalSchema.settings, logger: TestDatabases.logger))
            let overview = try await later.overview(actor: vofChef)
            #expect(overview.toAnswer.items.map(\.id) == [raised.id])
            #expect(overview.overdue.contains(raised.id))
            // a shorter response time set by the organisation applies
            _ = try await f.platform.updateSettings(actor: .commandLine("test"), organisationID: f.organisation.id, changes: [:])
        }
    }

    @Test("an anonymous signal cannot be traced to its raiser in the database, the logs or the audit log", arguments: TestDatabases.kinds)
    func anonymity(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database, clock: .fixed(TestDatabases.epoch.addingTimeInterval(12 * 3600 + 34 * 60 + 56)))
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            _ = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let (signal, receipt) = try await Signals(platform: f.platform).raise(
                actor: staff, .init(kind: "hinder", text: "Det är svårt att säga ifrån", unitID: String(f.units["teamA"]!), anonymous: true))
            let code = try #require(receipt)
            // the raiser answers a follow-up question through the code
            try await Signals(platform: f.platform).reply(receipt: code, text: "Främst på helgerna")
            // the database: no column anywhere holds the raiser's id, email or name next to the signal,
            // its reply or the notices about it, and no time finer than the day
            let rows = try await database.read { db in
                (try await db.raw("SELECT * FROM signals WHERE id = \(bind: signal.id)").all(),
                 try await db.raw("SELECT * FROM signal_hops WHERE signal_id = \(bind: signal.id)").all()
                    + db.raw("SELECT * FROM signal_comments WHERE signal_id = \(bind: signal.id)").all()
                    + db.raw("SELECT * FROM notifications").all(),
                 try await db.raw("SELECT * FROM audit_log").all())
            }
            #expect(rows.1.count == 1 + 1 + 2)  // the landing hop, the reply, and a notice for each time the manager was told
            let signalRow = try #require(rows.0.first)
            #expect(try signalRow.decodeNil(column: "raised_by"))
            for row in rows.0 + rows.1 {
                for column in row.allColumns {
                    let text = (try? row.decode(column: column, as: String.self)) ?? (try? row.decode(column: column, as: Int64.self)).map(String.init) ?? ""
                    #expect(!text.contains("maja"), "\(column)")
                    if column == "user_id" || column == "author_id" { #expect(text != String(staff.userID!), "\(column)") }
                    if column == "at" || column.hasSuffix("_at"), let seconds = Int64(text) {
                        #expect(seconds % 86_400 == 0, "\(column) keeps a time of day")
                    }
                }
                #expect(!row.allColumns.contains("receipt") )
            }
            #expect(try signalRow.string("receipt_hash") != code)
            // the audit log has no entry for it at all
            for row in rows.2 {
                let objectID = try row.optionalString("object_id")
                let action = try row.string("action")
                #expect(!(action.hasPrefix("signal.") && objectID == String(signal.id)))
            }
            // the receipt code finds it, with any spacing
            let detail = try await Signals(platform: f.platform).detail(receipt: code.lowercased().replacingOccurrences(of: "-", with: " "))
            #expect(detail.signal.id == signal.id)
            await #expect(throws: AppError.self) { _ = try await Signals(platform: f.platform).detail(receipt: "AAAA-BBBB-CCCC") }
            // and the raiser's own list does not show it, since nothing links it to them
            #expect(try await Signals(platform: f.platform).overview(actor: staff).raised.items.isEmpty)
            // ids are not counted up, so an anonymous signal cannot be dated between its neighbours
            // (ten ids in raising order would be sorted by chance once in 3.6 million runs)
            var ids: [Int64] = []
            for n in 0..<10 {
                ids.append(try await Signals(platform: f.platform).raise(actor: staff, .init(kind: "ide", text: "Idé \(n)", unitID: String(f.units["teamA"]!))).signal.id)
            }
            #expect(ids != ids.sorted())
        }
    }
}

@Suite("Signals: follow-up figures")
struct SignalStatsTests {
    func signal(_ id: Int64, raised day: Double, answered: Double?, status: SignalStatus = .decided, kind: SignalKind = .hinder, at unit: Int64 = 3) -> TillitListen.Signal {
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC
        return TillitListen.Signal(
            id: id, organisationID: 1, unitID: 4, currentUnitID: unit, kind: kind, text: "x", affects: nil, suggestion: nil, anonymous: false,
            raisedBy: 1, createdAt: start.addingTimeInterval(day * 86_400), arrivedAt: start.addingTimeInterval(day * 86_400),
            firstAnsweredAt: answered.map { start.addingTimeInterval($0 * 86_400) }, status: status, decision: status == .open ? nil : .atgardas,
            decisionText: nil, implementedNote: nil)
    }

    @Test("median, answered in time, närhetsgrad, upward hops, themes and months")
    func figures() {
        let now = Date(timeIntervalSince1970: 1_767_225_600 + 60 * 86_400)
        let signals = [
            signal(1, raised: 0, answered: 2),                       // in time, decided where it landed
            signal(2, raised: 1, answered: 21),                      // late, forwarded up twice
            signal(3, raised: 40, answered: nil, status: .open, kind: .ide, at: 1),  // open, overdue, at the top
            signal(4, raised: 55, answered: nil, status: .open, kind: .fraga),       // open, still in time
        ]
        let hop = { (kind: HopKind) in SignalHop(at: .distantPast, kind: kind, fromUnitID: nil, toUnitID: 1, reason: nil) }
        let paths: [Int64: [SignalHop]] = [1: [hop(.landed), hop(.decided)], 2: [hop(.landed), hop(.forwardedUp), hop(.forwardedUp), hop(.decided)]]
        let stats = SignalStats.compute(signals, paths: paths, now: now, responseDays: 14, topUnits: [1])
        #expect(stats.raised == 4)
        #expect(stats.open == 2)
        #expect(stats.overdue == 1)
        #expect(stats.medianDaysToFirstAnswer == 11)            // 2 and 20 days
        #expect(stats.answeredInTimeShare == 1.0 / 3.0)         // 1 in time of 2 answered + 1 whose time ran out
        #expect(stats.proximityShare == 0.5)
        #expect(stats.forwardedUpward == 1)
        #expect(stats.mostLevelsUp == 2)
        #expect(stats.waitingAtTop == 1)
        #expect(stats.byKind == ["hinder": 2, "ide": 1, "fraga": 1])
        #expect(stats.byMonth == ["2026-01": 2, "2026-02": 2])
    }
}
