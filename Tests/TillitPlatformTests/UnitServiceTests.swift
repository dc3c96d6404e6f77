import Foundation
import SQLKit
import Testing
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

@Suite("Organisations and units")
struct UnitServiceTests {
    @Test("units are renamed, moved and closed without losing history", arguments: TestDatabases.kinds)
    func unitLifecycle(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            // when the unit is renamed, moved under IT and closed
            _ = try await f.platform.updateUnit(actor: admin, id: f.units["norr"]!, input: .init(name: "Hemtjänst Nord"))
            _ = try await f.platform.updateUnit(actor: admin, id: f.units["norr"]!, input: .init(parentID: String(f.units["it"]!)))
            let closed = try await f.platform.closeUnit(actor: admin, id: f.units["norr"]!)
            // then its subtree is closed too, and every step is in its history and the audit log
            #expect(Set(closed) == [f.units["norr"]!, f.units["teamA"]!])
            let unit = try await f.platform.unit(id: f.units["norr"]!)
            #expect(unit.name == "Hemtjänst Nord")
            #expect(unit.parentID == f.units["it"])
            #expect(unit.isClosed)
            let events = try await f.platform.unitEvents(unitID: f.units["norr"]!).map(\.kind)
            #expect(events == [.created, .renamed, .moved, .closed])
            let audit = try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: .first).items.map(\.action)
            #expect(audit.prefix(3) == ["unit.close", "unit.move", "unit.rename"])
            // and it can be reopened
            _ = try await f.platform.reopenUnit(actor: admin, id: f.units["norr"]!)
            #expect(try await f.platform.unit(id: f.units["norr"]!).isClosed == false)
        }
    }

    @Test("a unit cannot move under itself, into another organisation or under a closed unit", arguments: TestDatabases.kinds)
    func invalidMoves(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            // under its own sub-unit, under itself, under another organisation's unit
            for target in [f.units["teamA"]!, f.units["vof"]!, f.otherUnit] {
                await #expect(throws: AppError.self) {
                    _ = try await f.platform.updateUnit(actor: admin, id: f.units["vof"]!, input: .init(parentID: String(target)))
                }
            }
            _ = try await f.platform.closeUnit(actor: admin, id: f.units["it"]!)
            await #expect(throws: AppError.self) {
                _ = try await f.platform.updateUnit(actor: admin, id: f.units["norr"]!, input: .init(parentID: String(f.units["it"]!)))
            }
            // nothing moved
            #expect(try await f.platform.unit(id: f.units["vof"]!).parentID == nil)
            #expect(try await f.platform.unit(id: f.units["norr"]!).parentID == f.units["hemtjanst"])
        }
    }

    @Test("bad unit input is refused field by field and nothing is written", arguments: TestDatabases.kinds)
    func badUnitInput(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let before = try await f.platform.unitTree(organisationID: f.organisation.id).units.count
            do {
                _ = try await f.platform.createUnit(actor: admin, organisationID: f.organisation.id,
                                                    input: .init(name: "   ", kind: "kontor", parentID: "abc"))
                Issue.record("expected a validation error")
            } catch let error as AppError {
                #expect(error.status == .unprocessable)
                #expect(Set(error.fieldErrors.map(\.field)) == ["name", "kind", "parent_id"])
            }
            await #expect(throws: AppError.self) {
                _ = try await f.platform.createUnit(actor: admin, organisationID: f.organisation.id,
                                                    input: .init(name: String(repeating: "x", count: 201), kind: "enhet", parentID: ""))
            }
            // a parent in another organisation
            await #expect(throws: AppError.self) {
                _ = try await f.platform.createUnit(actor: admin, organisationID: f.organisation.id,
                                                    input: .init(name: "Ny", kind: "enhet", parentID: String(f.otherUnit)))
            }
            #expect(try await f.platform.unitTree(organisationID: f.organisation.id).units.count == before)
        }
    }

    @Test("a tree held in memory is never stale, even after another instance changed the units", arguments: TestDatabases.kinds)
    func treeCache(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            // given a second app instance (or the command line) on the same database
            let other = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            #expect(try await f.platform.unitTree(organisationID: f.organisation.id)[f.units["norr"]!]?.name == "Hemtjänst Norr")
            // when the other instance renames, imports and closes
            _ = try await other.updateUnit(actor: admin, id: f.units["norr"]!, input: .init(name: "Hemtjänst Nord"))
            #expect(try await f.platform.unitTree(organisationID: f.organisation.id)[f.units["norr"]!]?.name == "Hemtjänst Nord")
            _ = try await other.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data("id,parent_id,name,kind\nX,,Ny,enhet\n".utf8))
            #expect(try await f.platform.unitTree(organisationID: f.organisation.id).units.values.contains { $0.externalID == "X" })
            _ = try await other.closeUnit(actor: admin, id: f.units["it"]!)
            let overview = try await f.platform.unitOverview(actor: admin, organisationSlug: "tillitsby", unitID: f.units["it"]!)
            // then this instance sees every change
            #expect(overview.unit.isClosed)
        }
    }

    @Test("the managed units among some are those of the organisation's managed units, disabled managers left out", arguments: TestDatabases.kinds)
    func managedAmong(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            _ = try await f.person("nora@tillitsby.se", [f.grant(.chef, unit: "norr")])
            let vera = try await f.person("vera@tillitsby.se", [f.grant(.chef, unit: "vof")])
            _ = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            let all = Set(f.units.values)
            let tree = try await f.platform.unitTree(organisationID: f.organisation.id)
            func among(_ units: Set<Int64>) async throws -> (Set<Int64>, Set<Int64>) {
                try await database.read { db in
                    (try await Directory.managedUnits(db, among: units), try await Directory.managedUnits(db, organisationID: f.organisation.id))
                }
            }
            for units in [all, tree.withAncestors([f.units["teamA"]!]), [f.units["it"]!], []] {
                let (some, whole) = try await among(units)
                #expect(some == whole.intersection(units))
            }
            #expect(try await among(all).0 == [f.units["norr"]!, f.units["vof"]!])
            try await f.platform.disablePerson(actor: .commandLine("test"), userID: vera.userID!, organisationID: f.organisation.id)
            #expect(try await among(all).0 == [f.units["norr"]!])
        }
    }

    @Test("names are stored in Unicode NFC", arguments: TestDatabases.kinds)
    func nfc(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let decomposed = "Va\u{0308}stera\u{030A}s"  // "Västerås" written with combining marks
            let unit = try await f.platform.createUnit(actor: admin, organisationID: f.organisation.id, input: .init(name: decomposed, kind: "enhet", parentID: ""))
            let stored = try await database.read { db in
                try await db.raw("SELECT name FROM units WHERE id = \(bind: unit.id)").first()!.decode(column: "name", as: String.self)
            }
            #expect(Array(stored.unicodeScalars) == Array("Väster\u{E5}s".unicodeScalars))
        }
    }

    @Test("only an organisation's administrators change its units", arguments: TestDatabases.kinds)
    func unitAuthorisation(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let chef = try await f.person("chef@tillitsby.se", [f.grant(.chef, unit: "vof")])
            let otherAdmin = try await f.person("admin@annanstad.se", [RoleGrant(role: .administrator, organisationID: f.other.id, unitID: nil)])
            for actor in [chef, otherAdmin] {
                await #expect(throws: AppError.self) {
                    _ = try await f.platform.updateUnit(actor: actor, id: f.units["norr"]!, input: .init(name: "X"))
                }
                await #expect(throws: AppError.self) {
                    _ = try await f.platform.closeUnit(actor: actor, id: f.units["norr"]!)
                }
            }
            #expect(try await f.platform.unit(id: f.units["norr"]!).name == "Hemtjänst Norr")
        }
    }

    @Test("CSV import is all or nothing and re-import updates the tree", arguments: TestDatabases.kinds)
    func csvImport(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let before = try await f.platform.unitTree(organisationID: f.organisation.id).units.count
            // given a file with a bad line
            let bad = "id,parent_id,name,kind\nA,,Skolförvaltningen,förvaltning\nB,A,Skola 1,enhet\nC,X,Skola 2,enhet\n"
            do {
                _ = try await f.platform.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data(bad.utf8))
                Issue.record("expected an import failure")
            } catch let failure as ImportFailure {
                #expect(failure.problems.map(\.line) == [4])
            }
            // then nothing was written
            #expect(try await f.platform.unitTree(organisationID: f.organisation.id).units.count == before)

            // when a good file is imported
            let first = "id,parent_id,name,kind\nA,,Skolförvaltningen,förvaltning\nB,A,Skola 1,enhet\nC,A,Skola 2,enhet\n"
            let report = try await f.platform.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data(first.utf8))
            #expect(report.created == 3)
            // and then a changed one: B renamed and moved to top level, C gone, D new under B
            let second = "id,parent_id,name,kind\nA,,Skolförvaltningen,förvaltning\nB,,Skola Ett,enhet\nD,B,Klass 1A,arbetsgrupp\n"
            let update = try await f.platform.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data(second.utf8))
            #expect(update == UnitImportReport(created: 1, renamed: 1, moved: 1, kindChanged: 0, closed: 1, reopened: 0))
            let tree = try await f.platform.unitTree(organisationID: f.organisation.id)
            let byExt = Dictionary(uniqueKeysWithValues: tree.units.values.compactMap { u in u.externalID.map { ($0, u) } })
            #expect(byExt["B"]?.name == "Skola Ett")
            #expect(byExt["B"]?.parentID == nil)
            #expect(byExt["C"]?.isClosed == true)
            #expect(byExt["D"]?.parentID == byExt["B"]?.id)
            // hand-made units are untouched
            #expect(tree[f.units["norr"]!]?.isClosed == false)
            // and the same file again changes nothing
            #expect(try await f.platform.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data(second.utf8)).isEmpty)
            // an export can be imported back without duplicates
            let export = try await f.platform.exportUnits(actor: admin, organisationID: f.organisation.id)
            #expect(try await f.platform.importUnits(actor: admin, organisationID: f.organisation.id, csv: Data(export.utf8)).isEmpty)
        }
    }

    @Test("a request's memo reads the organisation, settings and tree once, and only within it", arguments: TestDatabases.kinds)
    func requestMemo(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let id = f.organisation.id
            try await RequestMemo.$current.withValue(RequestMemo()) { () async throws in
                #expect(try await f.platform.settingValues(organisationID: id)["hourly_cost_sek"] == "450")
                #expect(try await f.platform.organisation(slug: f.organisation.slug).name == f.organisation.name)
                let units = try await f.platform.unitTree(organisationID: id).units.count
                // Changed under the request (as only another request could): the request keeps what it read.
                _ = try await f.platform.updateSettings(actor: admin, organisationID: id, changes: ["hourly_cost_sek": "500"])
                try await database.transaction { db in
                    try await db.raw("UPDATE organisations SET name = 'Annat namn' WHERE id = \(bind: id)").run()
                }
                #expect(try await f.platform.settingValues(organisationID: id)["hourly_cost_sek"] == "450")
                #expect(try await f.platform.organisation(id: id).name == f.organisation.name)
                #expect(try await f.platform.unitTree(organisationID: id).units.count == units)
                // Read inside a transaction, settings are always the database's.
                #expect(try await database.read { db in try await f.platform.settingValues(db, organisationID: id) }["hourly_cost_sek"] == "500")
            }
            // The next request reads again.
            try await RequestMemo.$current.withValue(RequestMemo()) { () async throws in
                #expect(try await f.platform.settingValues(organisationID: id)["hourly_cost_sek"] == "500")
                #expect(try await f.platform.organisation(id: id).name == "Annat namn")
            }
            #expect(try await f.platform.organisation(slug: f.organisation.slug).name == "Annat namn")
        }
    }

    @Test("settings are validated as a whole and audited", arguments: TestDatabases.kinds)
    func settings(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            #expect(try await f.platform.settings(actor: admin, organisationID: f.organisation.id)["anonymity_threshold"] == "5")
            // a good and a bad value together: nothing is saved
            do {
                _ = try await f.platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["hourly_cost_sek": "500", "anonymity_threshold": "2"])
                Issue.record("expected a validation error")
            } catch let error as AppError {
                #expect(error.fieldErrors.map(\.field) == ["anonymity_threshold"])
            }
            #expect(try await f.platform.settingValues(organisationID: f.organisation.id)["hourly_cost_sek"] == "450")
            await #expect(throws: AppError.self) {
                _ = try await f.platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["no_such_key": "1"])
            }
            let values = try await f.platform.updateSettings(actor: admin, organisationID: f.organisation.id, changes: ["anonymity_threshold": " 7 "])
            #expect(values["anonymity_threshold"] == "7")
            let entry = try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: .first).items.first
            #expect(entry?.action == "settings.update")
            #expect(entry?.details.contains("\"to\":\"7\"") == true)
            // a chef may not read them
            let chef = try await f.person("chef@tillitsby.se", [f.grant(.chef, unit: "vof")])
            await #expect(throws: AppError.self) { _ = try await f.platform.settings(actor: chef, organisationID: f.organisation.id) }
        }
    }
}
