import Foundation
import SQLKit
import Synchronization
import Testing
@testable import TillitFollowUp
import TillitPlatform
import TillitStorage
import TillitTestSupport

/// A clock the test moves by whole days.
final class DayClock: Sendable {
    let now = Mutex(TestDatabases.epoch)
    var clock: AppClock { AppClock { [self] in now.withLock { $0 } } }
    func advance(days: Int) { now.withLock { $0 = $0.addingTimeInterval(Double(days) * 86_400) } }
}

struct Setup {
    let f: Fixture
    let followUp: FollowUp
    let clock: DayClock
    let admin: Actor
    let barometerID: Int64

    static let migrations = PlatformSchema.migrations + FollowUpSchema.migrations

    static func make(_ database: any Database) async throws -> Setup {
        let clock = DayClock()
        let f = try await Fixture.make(database, clock: clock.clock)
        let followUp = FollowUp(platform: f.platform)
        let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
        let barometer = try await followUp.questionnaires(actor: admin).first { $0.questionnaire.key == "tillitsbarometern" }!
        return Setup(f: f, followUp: followUp, clock: clock, admin: admin, barometerID: barometer.id)
    }

    /// A round over hemtjänst from today for a week.
    func round(by actor: Actor? = nil) async throws -> SurveyRound {
        try await followUp.createRound(actor: actor ?? admin, .init(questionnaireID: String(barometerID), unitID: String(f.units["hemtjanst"]!),
                                                                    opensOn: "2026-03-02", closesOn: "2026-03-09"))
    }

    func answers(_ value: Int) -> [String: RawAnswer] {
        ["tillit-1": .number(value), "tillit-2": .number(value), "stod-1": .string("vet_ej")]
    }
}

@Suite("Follow up: rounds, invitations and responses on the database")
struct FollowUpServiceTests {
    @Test("every organisation has both shipped instruments, in their stored versions", arguments: TestDatabases.kinds)
    func builtins(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let staff = try await s.f.person("maja@tillitsby.se", [s.f.grant(.medarbetare, unit: "teamA")])
            let keys = try await s.followUp.questionnaires(actor: staff).map(\.questionnaire.key)
            #expect(Set(keys) == ["tillitsbarometern", "deltagarrosten"])
            let other = try await s.f.person("x@annanstad.se", [RoleGrant(role: .administrator, organisationID: s.f.other.id, unitID: nil)])
            #expect(try await s.followUp.questionnaires(actor: other).count == 2)
        }
    }

    @Test("a questionnaire file with problems writes nothing; a version used by a round cannot change", arguments: TestDatabases.kinds)
    func importing(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let orgID = s.f.organisation.id
            let bad = QuestionnaireFileTests.minimal.replacingOccurrences(of: "{id: q3", with: "{id: q1")
            await #expect(throws: AppError.self) { try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: bad) }
            #expect(try await s.followUp.questionnaires(actor: s.admin).count == 2)
            let staff = try await s.f.person("maja@tillitsby.se", [s.f.grant(.medarbetare, unit: "teamA")])
            await #expect(throws: AppError.self) { try await s.followUp.importQuestionnaire(actor: staff, organisationID: orgID, source: QuestionnaireFileTests.minimal) }
            let stored = try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: QuestionnaireFileTests.minimal)
            #expect(try await s.followUp.questionnaires(actor: s.admin).count == 3)
            // unused: may be imported again (replaced)
            let again = try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: QuestionnaireFileTests.minimal)
            #expect(again.id == stored.id)
            // replaced by another file, it reads as the new file everywhere (found by its digest)
            let changed = QuestionnaireFileTests.minimal.replacingOccurrences(of: "{sv: Puls, en: Pulse}", with: "{sv: Pulsen, en: The pulse}")
            _ = try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: changed)
            #expect(try await s.followUp.questionnaire(actor: s.admin, id: stored.id).questionnaire.title.sv == "Pulsen")
            #expect(try await s.followUp.questionnaires(actor: s.admin).first { $0.id == stored.id }?.questionnaire.title.en == "The pulse")
            _ = try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: QuestionnaireFileTests.minimal)
            #expect(try await s.followUp.questionnaire(actor: s.admin, id: stored.id).questionnaire.title.sv == "Puls")
            // every stored file's digest is its own (the shipped ones were given theirs by the migration)
            for row in try await database.read({ db in try await db.raw("SELECT source, source_digest FROM questionnaires").all() }) {
                #expect(try row.string("source_digest") == Secrets.hash(try row.string("source")))
            }
            _ = try await s.followUp.createRound(actor: s.admin, .init(questionnaireID: String(stored.id), unitID: String(s.f.units["vof"]!),
                                                                       opensOn: "2026-03-02", closesOn: "2026-03-09"))
            do {
                _ = try await s.followUp.importQuestionnaire(actor: s.admin, organisationID: orgID, source: QuestionnaireFileTests.minimal)
                Issue.record("a used version was replaced")
            } catch let error as AppError {
                #expect(error.status == .conflict)
            }
            // another organisation does not see it
            let other = try await s.f.person("x@annanstad.se", [RoleGrant(role: .administrator, organisationID: s.f.other.id, unitID: nil)])
            await #expect(throws: AppError.self) { try await s.followUp.questionnaire(actor: other, id: stored.id) }
        }
    }

    @Test("administrators and the unit's managers start rounds; staff and managers elsewhere do not", arguments: TestDatabases.kinds)
    func startingRounds(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let chef = try await s.f.person("chef@tillitsby.se", [s.f.grant(.chef, unit: "hemtjanst")])
            let norrChef = try await s.f.person("norr@tillitsby.se", [s.f.grant(.chef, unit: "norr")])
            let staff = try await s.f.person("maja@tillitsby.se", [s.f.grant(.medarbetare, unit: "hemtjanst")])
            _ = try await s.round(by: chef)
            await #expect(throws: AppError.self) { try await s.round(by: norrChef) }
            await #expect(throws: AppError.self) { try await s.round(by: staff) }
            do {
                _ = try await s.followUp.createRound(actor: s.admin, .init(questionnaireID: String(s.barometerID), unitID: String(s.f.units["vof"]!),
                                                                           opensOn: "2026-03-09", closesOn: "2026-03-02"))
                Issue.record("dates out of order accepted")
            } catch let error as AppError {
                #expect(error.fieldErrors.map(\.field) == ["closes_on"])
            }
        }
    }

    @Test("invitations: tokens once, only hashes kept, nothing about who got them, counts add up per unit", arguments: TestDatabases.kinds)
    func invitations(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let first = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "4")
            let second = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "3")
            let team = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["teamA"]!), count: "5")
            #expect(Set(first + second + team).count == 12)
            await #expect(throws: AppError.self) { try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["it"]!), count: "2") }
            await #expect(throws: AppError.self) { try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "0") }
            await #expect(throws: AppError.self) { try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "99999999999999999999") }
            let (invited, stored) = try await database.read { db in
                (try await FollowUp.invited(db, roundID: round.id),
                 try await db.raw("SELECT * FROM survey_invitations").all().map { try $0.string("token_hash") })
            }
            #expect(invited == [s.f.units["norr"]!: 7, s.f.units["teamA"]!: 5])
            #expect(Set(stored) == Set((first + second + team).map(Secrets.hash)))
            let columns = try await Self.columns(database, "survey_invitations")
            #expect(Set(columns) == ["token_hash", "round_id", "unit_id", "used", "draft"])
        }
    }

    @Test("save and continue, then send: the response keeps its unit, its day and its answers, and nothing links it to the link", arguments: TestDatabases.kinds)
    func responding(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let tokens = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "2")
            try await s.followUp.respond(token: tokens[0], answers: ["tillit-1": .number(4)], submit: false)
            let saved = try await s.followUp.invitation(token: tokens[0])
            #expect(saved.saved == ["tillit-1": .scale(4)])
            try await s.followUp.respond(token: tokens[0], answers: ["tillit-2": .string("vet_ej"), "onskan": .string("Mer tid")], submit: true)
            let rows = try await database.read { db in try await db.raw("SELECT * FROM survey_responses").all() }
            #expect(rows.count == 1)
            #expect(try rows[0].int64("unit_id") == s.f.units["norr"]!)
            #expect(try rows[0].string("day") == "2026-03-02")
            let stored = FollowUp.decodeAnswers(try rows[0].string("answers"), try await s.followUp.invitation(token: tokens[1]).questionnaire)
            #expect(stored == ["tillit-1": .scale(4), "tillit-2": .dontKnow, "onskan": .text("Mer tid")])
            #expect(Set(try await Self.columns(database, "survey_responses")) == ["id", "round_id", "unit_id", "day", "answers"])
            let drafts = try await database.read { db in try await db.raw("SELECT draft FROM survey_invitations WHERE draft IS NOT NULL").all() }
            #expect(drafts.isEmpty)
            // the same link again
            await Self.expectRefusal("token-used", .conflict) { try await s.followUp.respond(token: tokens[0], answers: s.answers(3), submit: true) }
            await Self.expectRefusal("token-unknown", .notFound) { try await s.followUp.respond(token: "not-a-token", answers: s.answers(3), submit: true) }
        }
    }

    @Test("out-of-range answers and unknown items are refused and nothing is written; so are answers before opening and after closing", arguments: TestDatabases.kinds)
    func refusals(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let later = try await s.followUp.createRound(actor: s.admin, .init(questionnaireID: String(s.barometerID), unitID: String(s.f.units["vof"]!),
                                                                               opensOn: "2026-04-01", closesOn: "2026-04-10"))
            let tokens = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "3")
            let early = try await s.followUp.invite(actor: s.admin, roundID: later.id, unitID: String(s.f.units["norr"]!), count: "1")
            await Self.expectRefusal("validation", .unprocessable) { try await s.followUp.respond(token: tokens[0], answers: ["tillit-1": .number(6)], submit: true) }
            await Self.expectRefusal("validation", .unprocessable) { try await s.followUp.respond(token: tokens[0], answers: ["tillit-1": .number(3), "nope": .number(3)], submit: true) }
            await Self.expectRefusal("validation", .unprocessable) { try await s.followUp.respond(token: tokens[0], answers: ["tillit-1": .string("sex")], submit: false) }
            await Self.expectRefusal("round-not-open", .conflict) { try await s.followUp.respond(token: early[0], answers: s.answers(3), submit: true) }
            let written = try await database.read { db in try await db.raw("SELECT id FROM survey_responses").all().count }
            #expect(written == 0)
            try await s.followUp.respond(token: tokens[1], answers: s.answers(2), submit: false)
            _ = try await s.followUp.close(actor: s.admin, roundID: round.id)
            await Self.expectRefusal("round-closed", .conflict) { try await s.followUp.respond(token: tokens[0], answers: s.answers(3), submit: true) }
            await Self.expectRefusal("round-closed", .conflict) { try await s.followUp.close(actor: s.admin, roundID: round.id) }
            await Self.expectRefusal("round-closed", .conflict) { try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "1") }
            let drafts = try await database.read { db in try await db.raw("SELECT draft FROM survey_invitations WHERE draft IS NOT NULL").all().count }
            #expect(drafts == 0, "saved answers never sent go when the round closes")
            // a round also closes by itself after its last day
            s.clock.advance(days: 40)
            await Self.expectRefusal("round-closed", .conflict) { try await s.followUp.respond(token: early[0], answers: s.answers(3), submit: true) }
        }
    }

    @Test("a shared unit code takes responses up to its cap", arguments: TestDatabases.kinds)
    func unitCodes(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let code = try await s.followUp.createUnitCode(actor: s.admin, roundID: round.id, unitID: s.f.units["norr"]!, cap: 2)
            try await s.followUp.respond(code: code.lowercased(), answers: s.answers(4))
            try await s.followUp.respond(code: code, answers: s.answers(5))
            await Self.expectRefusal("code-full", .conflict) { try await s.followUp.respond(code: code, answers: s.answers(5)) }
            await Self.expectRefusal("code-unknown", .notFound) { try await s.followUp.respond(code: "ZZZZ", answers: s.answers(5)) }
        }
    }

    @Test("results: after closing, the team first, upward after the embargo, small groups and what reveals them hidden", arguments: TestDatabases.kinds)
    func results(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let teamA = s.f.units["teamA"]!, norr = s.f.units["norr"]!, hemtjanst = s.f.units["hemtjanst"]!
            let teamTokens = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(teamA), count: "8")
            let norrTokens = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(norr), count: "3")
            for (i, token) in teamTokens.prefix(6).enumerated() { try await s.followUp.respond(token: token, answers: s.answers(1 + i % 5), submit: true) }
            for token in norrTokens.prefix(2) { try await s.followUp.respond(token: token, answers: s.answers(5), submit: true) }
            let teamMember = try await s.f.person("maja@tillitsby.se", [s.f.grant(.medarbetare, unit: "teamA")])
            let hemChef = try await s.f.person("chef@tillitsby.se", [s.f.grant(.chef, unit: "hemtjanst")])
            await Self.expectRefusal("round-open", .conflict) { try await s.followUp.results(actor: s.admin, roundID: round.id) }
            _ = try await s.followUp.close(actor: s.admin, roundID: round.id)
            // during the embargo: the team sees itself; the manager above sees nothing of it yet
            let own = try await s.followUp.results(actor: teamMember, roundID: round.id, unitID: teamA, depth: 0)
            #expect(own.units.map(\.unitID) == [teamA])
            #expect(own.units[0].respondents == 6 && own.units[0].invited == 8)
            #expect(own.units[0].items["tillit-1"]?.n == 6)
            let early = try await s.followUp.results(actor: hemChef, roundID: round.id, depth: 5)
            #expect(early.units.map(\.unitID) == [hemtjanst, norr, teamA])
            #expect(early.units.first { $0.unitID == teamA }!.respondents == nil)
            s.clock.advance(days: 14)
            let later = try await s.followUp.results(actor: hemChef, roundID: round.id, depth: 5)
            let byUnit = Dictionary(uniqueKeysWithValues: later.units.map { ($0.unitID, $0) })
            #expect(byUnit[teamA]!.respondents == 6)
            // norr = team A (6) + its own 2: showing norr would give away the two; hemtjänst equals norr
            #expect(byUnit[norr]!.respondents == nil)
            #expect(byUnit[hemtjanst]!.respondents == nil)
            #expect(later.k == 5)
            // and what was published passes the audit
            let data = try await database.read { db in
                try await FollowUp.roundData(db, round: round, tree: try await s.f.platform.unitTree(db, organisationID: s.f.organisation.id),
                                             questionnaire: later.questionnaire)
            }
            #expect(try RoundAudit.check(later.units, data: data, k: 5, freeTextThreshold: 10).isClean)
            // a closed round's report is kept, but never past a change of the threshold: at k = 7
            // team A's six are hidden at once
            _ = try await s.f.platform.updateSettings(actor: s.admin, organisationID: s.f.organisation.id, changes: ["anonymity_threshold": "7"])
            let stricter = try await s.followUp.results(actor: hemChef, roundID: round.id, depth: 5)
            #expect(stricter.k == 7)
            #expect(stricter.units.first { $0.unitID == teamA }!.respondents == nil)
            _ = try await s.f.platform.updateSettings(actor: s.admin, organisationID: s.f.organisation.id, changes: ["anonymity_threshold": "5"])
            #expect(try await s.followUp.results(actor: hemChef, roundID: round.id, depth: 5).units.first { $0.unitID == teamA }!.respondents == 6)
            // outside the organisation: nothing
            let other = try await s.f.person("x@annanstad.se", [RoleGrant(role: .administrator, organisationID: s.f.other.id, unitID: nil)])
            await Self.expectRefusal("not-found", .notFound) { try await s.followUp.results(actor: other, roundID: round.id) }
        }
    }

    @Test("the day after, responses and the invitations they used share one transaction id in a random order", arguments: TestDatabases.kinds)
    func restamp(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            let s = try await Setup.make(database)
            let round = try await s.round()
            let tokens = try await s.followUp.invite(actor: s.admin, roundID: round.id, unitID: String(s.f.units["norr"]!), count: "3")
            for token in tokens { try await s.followUp.respond(token: token, answers: s.answers(3), submit: true) }
            // the same day nothing is re-stamped yet; the first pass of the next day does it, once
            s.clock.advance(days: 1)
            #expect(try await s.followUp.restampResponses())
            #expect(try await s.followUp.restampResponses() == false)
            guard kind == .postgres else { return }
            try await database.read { db in
                let responses = try await db.raw("SELECT xmin::text::bigint AS x FROM survey_responses").all().map { try $0.int64("x") }
                let invitations = try await db.raw("SELECT xmin::text::bigint AS x FROM survey_invitations WHERE used = 1").all().map { try $0.int64("x") }
                #expect(responses.count == 3 && invitations.count == 3)
                #expect(Set(responses + invitations).count == 1, "one transaction for all of the day's rows")
            }
        }
    }

    @Test("responses leave no insertion order: no rowid on SQLite", arguments: [DatabaseKind.sqlite])
    func noRowid(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Setup.migrations) { database in
            for table in ["survey_responses", "survey_invitations", "survey_unit_codes"] {
                await #expect(throws: (any Error).self) {
                    try await database.read { db in try await db.raw("SELECT rowid FROM \(unsafeRaw: table)").all() }
                }
            }
        }
    }

    static func columns(_ database: any Database, _ table: String) async throws -> [String] {
        try await database.read { db in
            if database.kind == .sqlite {
                return try await db.raw("SELECT name FROM pragma_table_info(\(bind: table))").all().map { try $0.string("name") }
            }
            return try await db.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table)").all().map { try $0.string("name") }
        }
    }

    static func expectRefusal<T>(_ code: String, _ status: AppError.Status, _ body: () async throws -> T) async {
        do {
            _ = try await body()
            Issue.record("accepted, expected \(code)")
        } catch let error as AppError {
            #expect(error.code == code)
            #expect(error.status == status)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
