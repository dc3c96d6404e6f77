import Foundation
import SQLKit
import Synchronization
import Testing
@testable import TillitPlatform
@testable import TillitListen
import TillitStorage
import TillitTestSupport

/// A clock the test moves.
final class MovingClock: Sendable {
    private let moment: Mutex<Date>
    init(_ start: Date) { moment = Mutex(start) }
    var clock: AppClock { AppClock { [self] in moment.withLock { $0 } } }
    func advance(days: Double) { moment.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
}

@Suite("Signals: figures counted in SQL")
struct SignalFiguresTests {
    /// Writes `count` signals with random times, places, answers and paths straight into the
    /// tables (as `recordHop` would have left them), and returns them with their paths.
    static func scatter(_ db: any SQLDatabase, _ f: Fixture, count: Int, now: Date, seed: UInt64) async throws -> ([TillitListen.Signal], [Int64: [SignalHop]]) {
        var random = SplitMix64(state: seed)
        let units = Array(f.units.values).sorted()
        var signals: [TillitListen.Signal] = [], paths: [Int64: [SignalHop]] = [:]
        for n in 0..<count {
            let unit = units[Int.random(in: 0..<units.count, using: &random)]
            let anonymous = Int.random(in: 0..<4, using: &random) == 0
            var created = Int64(now.timeIntervalSince1970) - Int64.random(in: 0...(420 * 86_400), using: &random)
            if anonymous { created -= created % 86_400 }
            var current = unit, arrived = created
            var hops = [SignalHop(at: Date(epochSeconds: created), kind: .landed, fromUnitID: nil, toUnitID: unit, reason: nil)]
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let upward = Bool.random(using: &random)
                let to = units[Int.random(in: 0..<units.count, using: &random)]
                arrived += Int64.random(in: 60...(9 * 86_400), using: &random)
                hops.append(SignalHop(at: Date(epochSeconds: arrived), kind: upward ? .forwardedUp : .forwardedSideways, fromUnitID: current, toUnitID: to, reason: nil))
                current = to
            }
            var answered: Int64? = nil
            var status = SignalStatus.open
            if Int.random(in: 0..<3, using: &random) > 0 {
                let at = created + Int64.random(in: 0...(40 * 86_400), using: &random)
                if at < Int64(now.timeIntervalSince1970) {
                    answered = at
                    status = Bool.random(using: &random) ? .decided : .implemented
                    hops.append(SignalHop(at: Date(epochSeconds: at), kind: .decided, fromUnitID: nil, toUnitID: current, reason: nil))
                }
            }
            let signal = TillitListen.Signal(
                id: Int64(1000 + n), organisationID: f.organisation.id, unitID: unit, currentUnitID: current,
                kind: SignalKind.allCases[Int.random(in: 0..<4, using: &random)], text: "x", affects: nil, suggestion: nil, anonymous: anonymous,
                raisedBy: nil, createdAt: Date(epochSeconds: created), arrivedAt: Date(epochSeconds: arrived),
                firstAnsweredAt: answered.map { Date(epochSeconds: $0) }, status: status, decision: status == .open ? nil : .atgardas,
                decisionText: nil, implementedNote: nil)
            try await db.raw("""
                INSERT INTO signals (id, organisation_id, unit_id, current_unit_id, kind, text, anonymous, created_at, arrived_at, first_answered_at,
                                     status, decision, source, up_hops, side_hops)
                VALUES (\(bind: signal.id), \(bind: signal.organisationID), \(bind: unit), \(bind: current), \(bind: signal.kind.rawValue), 'x',
                        \(bind: anonymous ? 1 : 0), \(bind: created), \(bind: arrived), \(bind: answered), \(bind: status.rawValue),
                        \(bind: signal.decision?.rawValue), 'staff', \(bind: hops.filter { $0.kind == .forwardedUp }.count),
                        \(bind: hops.filter { $0.kind == .forwardedSideways }.count))
                """).run()
            signals.append(signal)
            paths[signal.id] = hops
        }
        return (signals, paths)
    }


    @Test("figures, breakdowns and periods counted in SQL equal the figures worked out in Swift from the signals", arguments: TestDatabases.kinds)
    func sameAsComputed(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let now = f.platform.clock.now()
            let board = try await f.person("stina@tillitsby.se", [f.grant(.styrelse)])
            let (all, paths) = try await database.transaction { db in try await Self.scatter(db, f, count: 300, now: now, seed: 7) }
            let tree = try await f.platform.unitTree(organisationID: f.organisation.id)
            let signals = Signals(platform: f.platform)
            func expected(_ units: Set<Int64>?, top: Set<Int64>, from: Date? = nil, to: Date? = nil) -> SignalStats {
                let chosen = all.filter { s in
                    (units?.contains(s.unitID) ?? true) && (from.map { s.createdAt >= $0 } ?? true) && (to.map { s.createdAt < $0 } ?? true)
                }
                return SignalStats.compute(chosen, paths: paths, now: now, responseDays: 14, topUnits: top)
            }
            let periods: [(Date?, Date?)] = [(nil, nil), (now.addingTimeInterval(-200 * 86_400), nil), (now.addingTimeInterval(-300 * 86_400), now.addingTimeInterval(-30 * 86_400))]
            for (from, to) in periods {
                let organisation = try await signals.organisationFigures(actor: board, organisationID: f.organisation.id, from: from, to: to)
                #expect(organisation.stats == expected(nil, top: Set(tree.roots.map(\.id)), from: from, to: to))
                #expect(organisation.parts.map(\.unit.id) == tree.roots.map(\.id))
                for part in organisation.parts {
                    #expect(part.stats == expected(tree.subtree(of: part.unit.id), top: [], from: from, to: to).withoutWaiting)
                }
                for unit in f.units.values {
                    let figures = try await signals.figures(actor: board, unitID: unit, from: from, to: to)
                    #expect(figures.stats == expected(tree.subtree(of: unit), top: [unit], from: from, to: to))
                    #expect(figures.parts.map(\.unit.id) == tree.children(of: unit).map(\.id))
                    // The chart's sums add up to the figures.
                    #expect(figures.sums.byMonthAndKind.values.flatMap(\.values).reduce(0, +) == figures.stats.raised)
                    let subtree = tree.subtree(of: unit)
                    let answered = all.filter { s in
                        subtree.contains(s.unitID) && s.firstAnsweredAt != nil
                            && (from.map { s.createdAt >= $0 } ?? true) && (to.map { s.createdAt < $0 } ?? true)
                    }
                    #expect(figures.sums.daysToFirstAnswer.values.reduce(0, +) == answered.count)
                }
            }
        }
    }

    @Test("a manager sees in the breakdown only the units they may see; staff of a unit do not get its children's figures", arguments: TestDatabases.kinds)
    func breakdownRespectsAccess(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let now = f.platform.clock.now()
            _ = try await database.transaction { db in try await Self.scatter(db, f, count: 40, now: now, seed: 3) }
            let signals = Signals(platform: f.platform)
            let vofChef = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            let vofStaff = try await f.person("vilma@tillitsby.se", [f.grant(.medarbetare, unit: "vof")])
            #expect(try await signals.figures(actor: vofChef, unitID: f.units["vof"]!, from: nil, to: nil).parts.map(\.unit.id) == [f.units["hemtjanst"]!])
            #expect(try await signals.figures(actor: vofStaff, unitID: f.units["vof"]!, from: nil, to: nil).parts.isEmpty)
            await #expect(throws: AppError.self) { try await signals.figures(actor: vofStaff, unitID: f.units["norr"]!, from: nil, to: nil) }
        }
    }

    @Test("kept figures are counted again after a signal changes, time brings a signal to its answer time, the tree or the response time changes", arguments: TestDatabases.kinds)
    func cacheInvalidation(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let moving = MovingClock(TestDatabases.epoch)
            let f = try await Fixture.make(database, clock: moving.clock)
            // A platform that knows Listen's settings (the response time).
            let platform = Platform(database: database, clock: moving.clock, passwords: PasswordHasher(cost: 4),
                                    settings: PlatformSettings.definitions + SignalSchema.settings, logger: TestDatabases.logger)
            let signals = Signals(platform: platform)
            let board = try await f.person("stina@tillitsby.se", [f.grant(.styrelse)])
            let admin = try await f.person("ada@tillitsby.se", [f.grant(.administrator)])
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            func figures() async throws -> SignalStats { try await signals.stats(actor: board, unitID: f.units["vof"]!, from: nil, to: nil) }

            #expect(try await figures().raised == 0)
            // A new signal: counted at once.
            let raised = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Skrivaren", unitID: String(f.units["teamA"]!))).signal
            var now = try await figures()
            #expect(now.raised == 1 && now.open == 1 && now.overdue == 0)
            // Read again: the same (from the cache), and again after its answer time has run out.
            #expect(try await figures() == now)
            moving.advance(days: 15)
            now = try await figures()
            #expect(now.overdue == 1)
            // Forwarded upward: counted at once.
            _ = try await signals.forward(actor: chef, id: raised.id, toUnitID: String(f.units["hemtjanst"]!), reason: "Budget")
            now = try await figures()
            #expect(now.forwardedUpward == 1 && now.overdue == 0)
            // Answered (by the administrator, as nobody manages Hemtjänst): counted at once.
            _ = try await signals.decide(actor: admin, id: raised.id, decision: "atgardas", text: "Ny skrivare")
            now = try await figures()
            #expect(now.open == 0 && now.medianDaysToFirstAnswer == 15)
            // A unit moved out of the subtree: its signals leave the figures.
            _ = try await f.platform.updateUnit(actor: admin, id: f.units["hemtjanst"]!, input: .init(parentID: String(f.units["it"]!)))
            #expect(try await figures().raised == 0)
            _ = try await f.platform.updateUnit(actor: admin, id: f.units["hemtjanst"]!, input: .init(parentID: String(f.units["vof"]!)))
            #expect(try await figures().raised == 1)
            // A longer response time: answered in time after all.
            #expect(try await figures().answeredInTimeShare == 0)
            _ = try await platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["signal_response_days": "30"])
            #expect(try await figures().answeredInTimeShare == 1)
        }
    }

    @Test("the migration counts the hops of signals raised before it", arguments: TestDatabases.kinds)
    func backfill(kind: DatabaseKind) async throws {
        let before = PlatformSchema.migrations + SignalSchema.migrations.filter { !$0.id.hasPrefix("signals.0004") }
        try await TestDatabases.with(kind, migrations: before) { database in
            // Written as the code before the migration left them: a signal forwarded up, then sideways.
            let f = try await Fixture.make(database)
            try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO signals (id, organisation_id, unit_id, current_unit_id, kind, text, anonymous, created_at, arrived_at, status, source)
                    VALUES (7, \(bind: f.organisation.id), \(bind: f.units["teamA"]!), \(bind: f.units["it"]!), 'hinder', 'x', 0, 1, 1, 'open', 'staff')
                    """).run()
                for (seq, kind) in ["landed", "forwarded_up", "forwarded_sideways"].enumerated() {
                    try await db.raw("""
                        INSERT INTO signal_hops (id, signal_id, seq, at, kind, to_unit_id) VALUES (\(bind: 100 + seq), 7, \(bind: seq + 1), 1, \(bind: kind), \(bind: f.units["it"]!))
                        """).run()
                }
            }
            try await Migrator(PlatformSchema.migrations + SignalSchema.migrations, logger: TestDatabases.logger).migrate(database)
            let row = try await database.read { db in try await db.raw("SELECT up_hops, side_hops FROM signals").first()! }
            #expect(try row.int64("up_hops") == 1)
            #expect(try row.int64("side_hops") == 1)
        }
    }

    @Test("the signals list counts and pages in SQL what each reader may see", arguments: TestDatabases.kinds)
    func listMatchesVisibility(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let now = f.platform.clock.now()
            let (all, _) = try await database.transaction { db in try await Self.scatter(db, f, count: 120, now: now, seed: 11) }
            let tree = try await f.platform.unitTree(organisationID: f.organisation.id)
            let signals = Signals(platform: f.platform)
            let readers = [
                try await f.person("stina@tillitsby.se", [f.grant(.styrelse)]),
                try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")]),
                try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")]),
                try await f.person("it@tillitsby.se", [f.grant(.medarbetare, unit: "it"), f.grant(.chef, unit: "hemtjanst")]),
            ]
            let newestFirst = all.sorted { ($0.createdAt, -$0.id) > ($1.createdAt, -$1.id) }
            for reader in readers {
                for unit: Int64? in [nil, f.units["norr"]!] {
                    for status: String? in [nil, "open"] {
                        let expected = newestFirst.filter { s in
                            Signals.canSee(reader, s, tree: tree) && unit.map { tree.subtree(of: $0).contains(s.unitID) } ?? true
                                && status.map { $0 == s.status.rawValue } ?? true
                        }.map(\.id)
                        let page = try await signals.list(actor: reader, unitID: unit, status: status, kind: nil, page: PageRequest(page: 2, perPage: 7)!)
                        #expect(page.total == expected.count)
                        #expect(page.items.map(\.id) == Array(expected.dropFirst(7).prefix(7)))
                    }
                }
            }
        }
    }
}

extension SignalStats {
    /// The figures as a part of a breakdown has them: no "waiting at the top".
    var withoutWaiting: SignalStats {
        var copy = self
        copy.waitingAtTop = 0
        return copy
    }
}
