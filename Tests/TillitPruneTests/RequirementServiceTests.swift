import Foundation
import SQLKit
import Testing
@testable import TillitPlatform
@testable import TillitPrune
import TillitStorage
import TillitTestSupport

@Suite("Prune: the inventory on the database")
struct RequirementServiceTests {
    static let migrations = PlatformSchema.migrations + PruneSchema.migrations

    func platform(_ f: Fixture) -> Platform {
        Platform(database: f.platform.database, clock: f.platform.clock, passwords: f.platform.passwords,
                 settings: PlatformSettings.definitions + PruneSchema.settings, logger: f.platform.logger)
    }

    func input(_ f: Fixture, units: [String], type: String = "riktlinje", frequency: String = "manad", minutes: String = "30",
               population: String = "10", cases: String? = nil, roles: [String] = []) -> RequirementInput {
        RequirementInput(name: "Månadsrapport sjukfrånvaro", description: "Rapport till HR", type: type, issuer: "HR-avdelningen",
                         purpose: "HR följer upp sjukfrånvaron", unitIDs: units.map { String(f.units[$0]!) }, roles: roles,
                         frequency: frequency, casesPerYear: cases, minutes: minutes, population: population)
    }

    @Test("each sort orders the inventory by its rule, ties by name, whatever order the figures come in")
    func sortOrders() async throws {
        try await TestDatabases.with(.sqlite, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            var staff: [Actor] = []
            for email in ["a@tillitsby.se", "b@tillitsby.se", "c@tillitsby.se", "d@tillitsby.se", "e@tillitsby.se"] {
                staff.append(try await f.person(email, [f.grant(.medarbetare, unit: "teamA")]))
            }
            // equal costs, different costs, names that sort by Swedish rules (Ä after Z), some assessed
            // and names that collate alike (case only) or are the same: those go by id
            let specs: [(String, String)] = [("Ärendelogg", "30"), ("Avvikelser", "60"), ("Bokslut", "30"), ("Zonplan", "60"), ("Årsrapport", "15"), ("Delårsrapport", "30"),
                                              ("avvikelser", "60"), ("Bokslut", "30")]
            var ids: [String: Int64] = [:]
            for (name, minutes) in specs {
                var one = input(f, units: ["teamA"], minutes: minutes)
                one.name = name
                ids[name] = try await requirements.create(actor: chef, organisationID: f.organisation.id, one).id
            }
            for (name, useful) in [("Bokslut", "2"), ("Zonplan", "4"), ("Ärendelogg", "2")] {
                for person in staff {
                    _ = try await requirements.assess(actor: person, id: ids[name]!, minutes: "30", usefulness: useful, comment: nil)
                }
            }
            let items = try await requirements.list(actor: chef, organisationID: f.organisation.id, filter: .init())
            #expect(items.map { $0.requirement.name.lowercased() } == ["avvikelser", "avvikelser", "bokslut", "bokslut", "delårsrapport", "zonplan", "årsrapport", "ärendelogg"])
            for pair in [(0, 1), (2, 3)] { #expect(items[pair.0].requirement.id < items[pair.1].requirement.id) }
            // The same figures as a caller outside the kept inventory has them (no place in it): sorted by collation keys instead.
            let unplaced = items.map { RequirementFigures(requirement: $0.requirement, hourlyCost: $0.hourlyCost, staff: $0.staff, answers: $0.answers) }
            let position = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.requirement.id, $0) })
            func byName(_ a: RequirementFigures, _ b: RequirementFigures) -> Bool { position[a.requirement.id]! < position[b.requirement.id]! }
            let rules: [RequirementSort: (RequirementFigures, RequirementFigures) -> Bool] = [
                .name: byName,
                .cost: { a, b in a.costPerYear == b.costPerYear ? byName(a, b) : a.costPerYear > b.costPerYear },
                .priority: { a, b in a.priority == b.priority ? byName(a, b) : a.priority > b.priority },
                .usefulness: { a, b in
                    switch (a.staff?.meanUsefulness, b.staff?.meanUsefulness) {
                    case let (x?, y?): x != y ? x < y : a.costPerYear != b.costPerYear ? a.costPerYear > b.costPerYear : byName(a, b)
                    case (.some, nil): true
                    case (nil, .some): false
                    case (nil, nil): byName(a, b)
                    }
                },
            ]
            #expect(items.contains { $0.staff != nil } && items.contains { $0.staff == nil })
            var generator = SplitMix64(state: 14)
            for sort in RequirementSort.allCases {
                let expected = items.sorted(by: rules[sort]!).map(\.requirement.id)
                for _ in 0..<5 {
                    #expect(Requirements.sorted(items.shuffled(using: &generator), by: sort).map(\.requirement.id) == expected, "\(sort)")
                    #expect(Requirements.sorted(unplaced.shuffled(using: &generator), by: sort).map(\.requirement.id) == expected, "\(sort), no places")
                }
            }
        }
    }

    @Test("a manager creates, staff propose, the owner takes in; figures follow the cost model", arguments: TestDatabases.kinds)
    func createAndPropose(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let outsider = try await f.person("o@annanstad.se", [RoleGrant(role: .medarbetare, organisationID: f.other.id, unitID: f.otherUnit)])

            // given a manager of Norr, when they add a requirement for Norr, it is in the inventory at once
            let created = try await requirements.create(actor: chef, organisationID: f.organisation.id, input(f, units: ["norr"]))
            #expect(created.status == .active)
            #expect(created.workload.minutesPerYear == 30 * 12 * 10)
            let detail = try await requirements.detail(actor: staff, id: created.id)
            #expect(detail.figures.hoursPerYear == 60)
            #expect(detail.figures.costPerYear == 60 * 450)
            #expect(detail.figures.staff == nil)

            // staff propose: not in the inventory until the owner accepts
            let proposal = try await requirements.create(actor: staff, organisationID: f.organisation.id, input(f, units: ["teamA"]))
            #expect(proposal.status == .proposed)
            let colleague = try await f.person("ulf@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            await #expect(throws: AppError.self) { _ = try await requirements.detail(actor: colleague, id: proposal.id) }
            await #expect(throws: AppError.self) { _ = try await requirements.review(actor: staff, id: proposal.id, accept: true) }
            // the owner (the manager of Norr, above Team A) is told; once taken in, the proposer is told
            let waiting = try await f.platform.notifications(userID: chef.userID!, page: .first).page.items
            #expect(waiting.map(\.target) == [PruneNoticeText.target(proposal.id)])
            #expect(waiting.first?.kind == "requirement.proposed")
            let accepted = try await requirements.review(actor: chef, id: proposal.id, accept: true)
            #expect(accepted.status == .active)
            let told = try await f.platform.notifications(userID: staff.userID!, page: .first).page.items
            #expect(told.map(\.kind) == ["requirement.accepted"])

            // another organisation's people neither create nor see
            await #expect(throws: AppError.self) { _ = try await requirements.create(actor: outsider, organisationID: f.organisation.id, input(f, units: ["norr"])) }
            await #expect(throws: AppError.self) { _ = try await requirements.detail(actor: outsider, id: created.id) }

            // the audit log has the creation and the proposal
            let actions = try await database.read { db in
                try await db.raw("SELECT action FROM audit_log WHERE object_type = 'requirement'").all().map { try $0.string("action") }
            }
            #expect(Set(actions) == ["requirement.create", "requirement.propose", "requirement.accept"])
        }
    }

    @Test("negative or absurd minutes and populations, unknown frequencies and foreign units are refused with a message per field", arguments: TestDatabases.kinds)
    func badInput(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            var bad = input(f, units: ["norr"], frequency: "varannan_vecka", minutes: "-5", population: "10000000")
            bad.unitIDs.append(String(f.otherUnit))
            do {
                _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, bad)
                Issue.record("bad input was accepted")
            } catch let error as AppError {
                #expect(error.status == .unprocessable)
                #expect(Set(error.fieldErrors.map(\.field)) == ["frequency", "minutes", "population", "unit_ids"])
            }
            do {
                _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, input(f, units: ["norr"], frequency: "per_arende", minutes: "99999"))
                Issue.record("bad input was accepted")
            } catch let error as AppError {
                #expect(Set(error.fieldErrors.map(\.field)) == ["cases_per_year", "minutes"])
            }
            let count = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM prune_requirements").first()!.decode(column: "n", as: Int.self) }
            #expect(count == 0)
        }
    }

    @Test("assessments: one per person, editable, only from those it applies to, aggregated only from the threshold", arguments: TestDatabases.kinds)
    func assessments(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let r = try await requirements.create(actor: chef, organisationID: f.organisation.id, input(f, units: ["norr"], minutes: "30"))
            var staff: [Actor] = []
            for i in 1...5 { staff.append(try await f.person("s\(i)@tillitsby.se", [f.grant(.medarbetare, unit: i % 2 == 0 ? "norr" : "teamA")])) }
            let elsewhere = try await f.person("it@tillitsby.se", [f.grant(.medarbetare, unit: "it")])

            // someone the requirement does not apply to is refused
            do {
                try await requirements.assess(actor: elsewhere, id: r.id, minutes: "10", usefulness: "2", comment: nil)
                Issue.record("accepted an assessment from outside")
            } catch let error as AppError { #expect(error.status == .forbidden) }
            // out of range
            do {
                try await requirements.assess(actor: staff[0], id: r.id, minutes: "-1", usefulness: "6", comment: nil)
                Issue.record("accepted bad values")
            } catch let error as AppError { #expect(Set(error.fieldErrors.map(\.field)) == ["minutes", "usefulness"]) }

            for actor in staff.prefix(4) { try await requirements.assess(actor: actor, id: r.id, minutes: "60", usefulness: "1", comment: "Onödigt") }
            #expect(try await requirements.detail(actor: chef, id: r.id).figures.staff == nil)  // 4 < 5
            #expect(try await requirements.detail(actor: chef, id: r.id).figures.answers == 4)
            // the first person changes their mind: still one answer each
            try await requirements.assess(actor: staff[0], id: r.id, minutes: "40", usefulness: "2", comment: nil)
            try await requirements.assess(actor: staff[4], id: r.id, minutes: "40", usefulness: "3", comment: "Bra ibland")
            let detail = try await requirements.detail(actor: staff[0], id: r.id)
            let view = try #require(detail.figures.staff)
            #expect(view.n == 5)
            #expect(view.medianMinutes == 60)
            #expect((1...5).map { view.usefulness[$0] } == [3, 1, 1, 0, 0])
            #expect(view.comments == ["Bra ibland", "Onödigt", "Onödigt", "Onödigt"])
            #expect(detail.ownAssessment == Assessment(minutes: 40, usefulness: 2, comment: nil))
            // staff think it takes twice as long: the cost both ways
            let staffMinutes: Int64 = 60 * 12 * 10
            #expect(detail.figures.staffMinutesPerYear == staffMinutes)
            // no time column and, on SQLite, no rowid
            if kind == .sqlite {
                await #expect(throws: (any Error).self) {
                    try await database.read { db in _ = try await db.raw("SELECT rowid FROM prune_assessments").all() }
                }
            }
            let columns = try await database.read { db in
                try await db.raw("SELECT * FROM prune_assessments").all().first!.allColumns
            }
            #expect(!columns.contains { $0.hasSuffix("_at") })
        }
    }

    @Test("the inventory is kept until a requirement or its units change, whoever writes; an assessment never moves its count but shows at once",
          arguments: TestDatabases.kinds)
    func keptInventory(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let platform = platform(f)
            let requirements = Requirements(platform: platform)
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let r = try await requirements.create(actor: chef, organisationID: f.organisation.id, input(f, units: ["norr"], minutes: "30"))
            func count() async throws -> Int64 {
                try await database.read { db in try await db.raw("SELECT n FROM prune_changes WHERE id = 1").first()!.int64("n") }
            }
            func names() async throws -> [String] {
                try await requirements.list(actor: chef, organisationID: f.organisation.id, filter: .init()).map(\.requirement.name)
            }
            let loads = platform.keptInventory.loads
            #expect(try await names() == ["Månadsrapport sjukfrånvaro"])
            #expect(try await names() == ["Månadsrapport sjukfrånvaro"])
            #expect(platform.keptInventory.loads == loads + 1)  // read once, then kept

            // a change through the service, and one by plain SQL (as a command or another instance would), are both seen
            var changed = input(f, units: ["norr", "teamA"], minutes: "30")
            changed.name = "Veckorapport"
            _ = try await requirements.update(actor: chef, id: r.id, changed)
            #expect(try await names() == ["Veckorapport"])
            #expect(try await requirements.list(actor: chef, organisationID: f.organisation.id, filter: .init()).first?.requirement.unitIDs.count == 2)
            try await database.transaction { db in
                try await db.raw("UPDATE prune_requirements SET name = 'Dagrapport' WHERE id = \(bind: r.id)").run()
            }
            #expect(try await names() == ["Dagrapport"])
            try await database.transaction { db in
                try await db.raw("DELETE FROM prune_requirement_units WHERE requirement_id = \(bind: r.id) AND unit_id = \(bind: f.units["teamA"]!)").run()
            }
            #expect(try await requirements.list(actor: chef, organisationID: f.organisation.id, filter: .init()).first?.requirement.unitIDs == [f.units["norr"]!])
            #expect(platform.keptInventory.loads == loads + 4)

            // assessments: the count stands still, yet the figures show them at once
            let before = try await count()
            for i in 1...5 {
                let person = try await f.person("s\(i)@tillitsby.se", [f.grant(.medarbetare, unit: "norr")])
                try await requirements.assess(actor: person, id: r.id, minutes: "60", usefulness: "2", comment: nil)
                #expect(try await count() == before)
                let figures = try #require(try await requirements.list(actor: chef, organisationID: f.organisation.id, filter: .init()).first)
                #expect(figures.answers == i)
                #expect((figures.staff == nil) == (i < 5))
            }
            #expect(platform.keptInventory.loads == loads + 4)
        }
    }

    @Test("decisions: a law cannot be removed, a simplification frees the difference, removal frees the rest; history keeps each", arguments: TestDatabases.kinds)
    func decisions(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let chef = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let staff = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "norr")])
            let law = try await requirements.create(actor: chef, organisationID: f.organisation.id,
                                                    input(f, units: ["norr"], type: "lag", frequency: "per_arende", minutes: "10", population: "5", cases: "200"))
            do {
                _ = try await requirements.decide(actor: chef, id: law.id, decision: "ta_bort", reason: "Vi vill inte")
                Issue.record("a law was removed")
            } catch let error as AppError {
                #expect(error.code == "binding-requirement")
                #expect(error.fieldErrors.first?.field == "decision")
            }
            // only the owner decides
            await #expect(throws: AppError.self) { _ = try await requirements.decide(actor: staff, id: law.id, decision: "behall", reason: "x") }
            // a simplification that takes longer is refused
            await #expect(throws: AppError.self) { _ = try await requirements.decide(actor: chef, id: law.id, decision: "forenkla", reason: "x", newMinutes: "20") }
            let simplified = try await requirements.decide(actor: chef, id: law.id, decision: "forenkla", reason: "Kortare mall", newMinutes: "4")
            #expect(simplified.minutesFreedPerYear == (10 - 4) * 200 * 5)
            #expect(simplified.hoursFreedPerYear == 100)

            let guideline = try await requirements.create(actor: chef, organisationID: f.organisation.id, input(f, units: ["norr"]))
            let removed = try await requirements.decide(actor: chef, id: guideline.id, decision: "ta_bort", reason: "Ingen läser rapporten")
            #expect(removed.minutesFreedPerYear == 30 * 12 * 10)
            await #expect(throws: AppError.self) { _ = try await requirements.decide(actor: chef, id: guideline.id, decision: "behall", reason: "x") }

            let burden = try await requirements.burden(actor: staff, unitID: f.units["norr"]!)
            #expect(burden.burden.total.minutesPerYear == 4 * 200 * 5)
            let freed: Int64 = 6 * 200 * 5 + 30 * 12 * 10
            #expect(burden.freedByMonth.last.map(\.cumulative) == freed)
            let history = try await requirements.detail(actor: staff, id: law.id).decisions
            #expect(history.map(\.kind) == [.forenkla])
            #expect(try await requirements.detail(actor: staff, id: law.id).figures.requirement.workload.minutes == 4)
        }
    }

    @Test("a unit's burden is the sum of the parts of its requirements; share of working time counts its people", arguments: TestDatabases.kinds)
    func burden(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let requirements = Requirements(platform: platform(f))
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            _ = try await f.person("a@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            _ = try await f.person("b@tillitsby.se", [f.grant(.medarbetare, unit: "norr")])
            // applies to Norr and IT: half falls on each
            _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, input(f, units: ["norr", "it"], type: "lag", minutes: "60", population: "2"))
            _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, input(f, units: ["teamA"], minutes: "10", population: "1"))
            let norr = try await requirements.burden(actor: admin, unitID: f.units["norr"]!)
            #expect(norr.burden.total.minutesPerYear == 60 * 12 * 2 / 2 + 10 * 12)
            #expect(norr.burden.byType[.lag]?.minutesPerYear == 720)
            #expect(norr.people == 2)
            #expect(norr.shareOfWorkingTime == Double(840) / 60 / (2 * 1600))
            // Team A carries its own; the one set on Norr above it is shown, not counted again
            let teamA = try await requirements.burden(actor: admin, unitID: f.units["teamA"]!)
            #expect(teamA.burden.total.minutesPerYear == 10 * 12)
            #expect(teamA.fromAbove.map(\.requirement.type) == [.lag])
            #expect(norr.fromAbove.isEmpty)
            let whole = try await requirements.organisationBurden(actor: admin, organisationID: f.organisation.id)
            #expect(whole.burden.total.minutesPerYear == 60 * 12 * 2 + 10 * 12)
        }
    }

    @Test("a burden report is the same kept or worked out anew, after a change to the settings, the units, a requirement or the people",
          arguments: TestDatabases.kinds)
    func keptBurden(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: Self.migrations) { database in
            let f = try await Fixture.make(database)
            let platform = platform(f)
            let requirements = Requirements(platform: platform)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])  // no unit: not counted
            let a = try await f.person("a@tillitsby.se", [f.grant(.medarbetare, unit: "teamA"), f.grant(.chef, unit: "norr")])  // counted once
            _ = try await f.person("b@tillitsby.se", [f.grant(.medarbetare, unit: "norr")])
            _ = try await f.person("c@tillitsby.se", [f.grant(.medarbetare, unit: "it")])
            let r = try await requirements.create(actor: admin, organisationID: f.organisation.id,
                                                  input(f, units: ["norr", "it"], type: "lag", minutes: "60", population: "2", roles: ["chef"]))
            _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, input(f, units: ["teamA"], minutes: "10", population: "1"))
            _ = try await requirements.create(actor: admin, organisationID: f.organisation.id, input(f, units: ["hemtjanst"], minutes: "20", population: "3"))

            // What each report must hold, worked out with nothing kept.
            func expectFresh(_ step: String) async throws {
                let tree = try await platform.unitTree(organisationID: f.organisation.id)
                let inventory = try await requirements.figures(organisationID: f.organisation.id, tree: tree).map(\.requirement)
                let settings = try await requirements.costSettings(organisationID: f.organisation.id)
                for key in [nil, "vof", "norr", "teamA", "it"] as [String?] {
                    var unit: OrgUnit?
                    let report: BurdenReport
                    if let key {
                        unit = try await platform.unit(actor: admin, id: f.units[key]!)
                        report = try await requirements.burden(actor: admin, unitID: f.units[key]!)
                    } else {
                        report = try await requirements.organisationBurden(actor: admin, organisationID: f.organisation.id)
                    }
                    let fresh = KeptBurdens.make(unit: unit, tree: tree, settings: settings, requirements: inventory)
                    let people = try await database.read { db in
                        try await Directory.peopleCount(db, organisationID: f.organisation.id, unitIDs: fresh.scope)
                    }
                    let label = "\(step), \(key ?? "organisation")"
                    #expect(report.burden == fresh.burden, "\(label)")
                    #expect(report.people == people, "\(label)")
                    #expect(Set(report.fromAbove.map(\.requirement.id)) == fresh.fromAbove, "\(label)")
                    #expect(Set(report.requirements.map(\.requirement.id)) == Set(fresh.burden.byRequirement.keys), "\(label)")
                    if let unit {
                        // The API's figures alone agree with the whole report.
                        let totals = try await requirements.burdenTotals(actor: admin, unitID: unit.id)
                        #expect(totals.burden == fresh.burden && totals.people == people && totals.shareOfWorkingTime == report.shareOfWorkingTime, "\(label)")
                    }
                }
            }
            try await expectFresh("first")
            let norr = try await requirements.burden(actor: admin, unitID: f.units["norr"]!)
            #expect(norr.people == 2)
            #expect(try await requirements.organisationBurden(actor: admin, organisationID: f.organisation.id).people == 3)
            try await expectFresh("kept")

            _ = try await platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["hourly_cost_sek": "900"])
            let dearer = try await requirements.burden(actor: admin, unitID: f.units["norr"]!)
            #expect(dearer.burden.total.costPerYear > norr.burden.total.costPerYear)
            try await expectFresh("organisation's hourly cost")
            _ = try await platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["hourly_cost_sek_chef": "1200"])
            #expect(try await requirements.burden(actor: admin, unitID: f.units["norr"]!).burden.total.costPerYear > dearer.burden.total.costPerYear)
            try await expectFresh("a role's hourly cost")

            // Team A moves from Norr to IT: what is set above it, and Norr's scope, change.
            #expect(try await requirements.burden(actor: admin, unitID: f.units["teamA"]!).fromAbove.count == 2)
            _ = try await platform.updateUnit(actor: admin, id: f.units["teamA"]!, input: .init(parentID: String(f.units["it"]!)))
            #expect(try await requirements.burden(actor: admin, unitID: f.units["teamA"]!).fromAbove.map(\.requirement.id) == [r.id])
            #expect(try await requirements.burden(actor: admin, unitID: f.units["norr"]!).people == 2)
            try await expectFresh("a unit moved")

            var changed = input(f, units: ["norr"], type: "lag", minutes: "90", population: "2")
            changed.name = "Veckorapport"
            _ = try await requirements.update(actor: admin, id: r.id, changed)
            #expect(try await requirements.burden(actor: admin, unitID: f.units["it"]!).burden.byRequirement[r.id] == nil)
            try await expectFresh("a requirement changed")

            try await platform.disablePerson(actor: admin, userID: a.userID!, organisationID: f.organisation.id)
            #expect(try await requirements.burden(actor: admin, unitID: f.units["norr"]!).people == 1)
            #expect(try await requirements.organisationBurden(actor: admin, organisationID: f.organisation.id).people == 2)
            try await expectFresh("a person disabled")
        }
    }
}
