import Foundation
import SQLKit
import Testing
import TillitFormats
@testable import TillitLearn
import TillitPlatform
import TillitStorage
import TillitTestSupport

private let migrations = PlatformSchema.migrations + KnowledgeSchema.migrations + LearnSchema.migrations

/// A PDF, a PNG and bytes that only pretend to be something.
private let pdfBytes = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
private let pngBytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE])
private let htmlNamedPDF = Data("<html><script>alert(1)</script></html>".utf8)

@Suite("Learn: attachments, problem reports, pilots and the report series")
struct LearnTests {
    struct World {
        let platform: Platform
        let knowledge: Knowledge
        let org: Organisation
        let staff: Actor, other: Actor, editor: Actor, researcher: Actor, contact: Actor, admin: Actor
        let example: Example
    }

    static func world(_ database: any Database, directory: URL? = nil) async throws -> World {
        let platform = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
        let org = try await platform.createOrganisation(actor: .commandLine("test"), slug: "tillitsby", name: "Tillitsby kommun", kind: "kommun")
        func person(_ email: String, _ role: Role) async throws -> Actor {
            let grant = RoleGrant(role: role, organisationID: org.id, unitID: nil)
            let (user, _) = try await platform.createPerson(actor: .commandLine("test"), .init(email: email, name: email, password: "long enough password", grants: [grant]))
            return Actor(userID: user.id, label: email, grants: [grant], via: "test")
        }
        let knowledge = Knowledge(platform: platform, attachmentStore: AttachmentStore(directory: directory))
        let staff = try await person("maja@tillitsby.se", .styrelse)
        let editor = try await person("red@tillitsby.se", .redaktor)
        let example = try await knowledge.create(actor: staff, ExampleInput(organisationID: String(org.id), title: "Egen planering", summary: "Teamet planerar.",
                                                                          body: "Text.", sectors: ["hemtjanst"], principles: ["tillit"]))
        return World(platform: platform, knowledge: knowledge, org: org, staff: staff, other: try await person("ulf@tillitsby.se", .styrelse), editor: editor,
                     researcher: try await person("lena@uni.example", .forskare), contact: try await person("nora@tillitsby.se", .styrelse),
                     admin: try await person("admin@tillitsby.se", .administrator), example: example)
    }

    @Test("attachments: type by content, size limit, who may add and read them, bytes back as stored", arguments: TestDatabases.kinds)
    func attachments(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let w = try await Self.world(database)
            let added = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "../../etc/Plan för 2026.pdf", data: pdfBytes)
            #expect(added.kind == .pdf)
            #expect(added.fileName == "Plan för 2026.pdf")
            // a PNG named .pdf is a PNG; HTML named .pdf is refused with 415 and a field error
            let png = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "bild.pdf", data: pngBytes)
            #expect(png.kind == .png)
            #expect(png.fileName.hasSuffix(".png"))
            do { _ = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "x.pdf", data: htmlNamedPDF); Issue.record("HTML accepted") }
            catch let error as AppError { #expect(error.status == .unsupportedMediaType); #expect(error.fieldErrors.map(\.field) == ["file"]) }
            var big = pdfBytes
            big.append(Data(count: AttachmentStore.maxSize))
            do { _ = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "stor.pdf", data: big); Issue.record("21 MB accepted") }
            catch let error as AppError { #expect(error.status == .contentTooLarge) }
            // someone else may not attach to another's draft
            await #expect(throws: AppError.self) { _ = try await w.knowledge.addAttachment(actor: w.other, exampleID: w.example.id, fileName: "a.pdf", data: pdfBytes) }
            // a draft's attachments are not public; once published they are
            await #expect(throws: AppError.self) { _ = try await w.knowledge.attachment(actor: nil, id: added.id) }
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            let (read, bytes) = try await w.knowledge.attachment(actor: nil, id: added.id)
            #expect(read == added)
            #expect(bytes == pdfBytes)
            #expect(try await w.knowledge.attachments(actor: nil, exampleID: w.example.id).map(\.id) == [added.id, png.id])
            // removal: the editor may, the row and its bytes are gone
            try await w.knowledge.removeAttachment(actor: w.editor, exampleID: w.example.id, attachmentID: png.id)
            await #expect(throws: AppError.self) { _ = try await w.knowledge.attachment(actor: w.editor, id: png.id) }
            let blobs = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM attachment_blobs").first()!.decode(column: "n", as: Int.self) }
            #expect(blobs == 1)
        }
    }

    @Test("attachments in a shared directory: one file per content, read back by any instance", arguments: TestDatabases.kinds)
    func attachmentDirectory(kind: DatabaseKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-attachments-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let w = try await Self.world(database, directory: directory)
            let first = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "a.pdf", data: pdfBytes)
            let second = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "b.pdf", data: pdfBytes)
            let file = directory.appendingPathComponent(String(first.sha256.prefix(2))).appendingPathComponent(first.sha256)
            #expect(FileManager.default.contents(atPath: file.path) == pdfBytes)
            // another instance, configured without the directory, still reads the bytes through the row
            let elsewhere = Knowledge(platform: w.platform, attachmentStore: AttachmentStore(directory: directory))
            #expect(try await elsewhere.attachment(actor: w.staff, id: second.id).1 == pdfBytes)
            let blobs = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM attachment_blobs").first()!.decode(column: "n", as: Int.self) }
            #expect(blobs == 0)
            // the file stays while another attachment has the same bytes, and goes with the last
            try await w.knowledge.removeAttachment(actor: w.staff, exampleID: w.example.id, attachmentID: first.id)
            #expect(FileManager.default.fileExists(atPath: file.path))
            try await w.knowledge.removeAttachment(actor: w.staff, exampleID: w.example.id, attachmentID: second.id)
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }

    @Test("problem reports: anyone reports a published example, nothing about them kept, editors handle them", arguments: TestDatabases.kinds)
    func problems(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let w = try await Self.world(database)
            // not yet published: no such example to report
            await #expect(throws: AppError.self) { _ = try await w.knowledge.reportProblem(exampleID: w.example.id, reason: "fel", text: "Fel år.") }
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            do { _ = try await w.knowledge.reportProblem(exampleID: w.example.id, reason: "nonsense", text: ""); Issue.record("bad report accepted") }
            catch let error as AppError { #expect(Set(error.fieldErrors.map(\.field)) == ["reason", "text"]) }
            let report = try await w.knowledge.reportProblem(exampleID: w.example.id, reason: "fel", text: "Perioden stämmer inte.")
            #expect(report.reportedOn == LocalTime(TestDatabases.epoch).dateOnly)
            // the editor is told, in the day's digest
            let notices = try await database.read { db in
                try await db.raw("SELECT user_id, kind FROM notifications WHERE kind = 'example.problem'").all().map { try $0.int64("user_id") }
            }
            #expect(notices == [w.editor.userID!])
            await #expect(throws: AppError.self) { _ = try await w.knowledge.problemReports(actor: w.staff) }
            #expect(try await w.knowledge.problemReports(actor: w.editor).open.map(\.id) == [report.id])
            await #expect(throws: AppError.self) { try await w.knowledge.handleProblem(actor: w.staff, id: report.id, note: nil) }
            try await w.knowledge.handleProblem(actor: w.editor, id: report.id, note: "Rättat.")
            let lists = try await w.knowledge.problemReports(actor: w.editor)
            #expect(lists.open.isEmpty)
            #expect(lists.handled.first?.handledNote == "Rättat.")
            await #expect(throws: AppError.self) { try await w.knowledge.handleProblem(actor: w.editor, id: report.id, note: nil) }
            // reports take random ids and, on SQLite, no rowid: nothing tells in which order they came
            let second = try await w.knowledge.reportProblem(exampleID: w.example.id, reason: "annat", text: "Länken fungerar inte.")
            #expect(second.id > 0 && (second.id - report.id).magnitude > 1_000_000)
            if database.kind == .sqlite {
                await #expect(throws: (any Error).self) { try await database.read { db in try await db.raw("SELECT rowid FROM example_problems").run() } }
            }
        }
    }

    @Test("problem reports written before random ids keep every row and their example, and take random ids", arguments: TestDatabases.kinds)
    func problemsRenumbered(kind: DatabaseKind) async throws {
        let later = "learn.0005.example_problems_random_ids"
        try await TestDatabases.with(kind, migrations: migrations.filter { $0.id != later }) { database in
            let w = try await Self.world(database)
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            // reports as the counted ids wrote them
            try await database.transaction { db in
                for (id, text) in [(1, "Fel år."), (2, "Länken fungerar inte.")] {
                    try await db.raw("""
                        INSERT INTO example_problems (id, example_id, reason, text, reported_on) VALUES (\(bind: id), \(bind: w.example.id), 'fel', \(bind: text), '2026-01-15')
                        """).run()
                }
            }
            try await Migrator(migrations, logger: TestDatabases.logger).migrate(database)
            let open = try await w.knowledge.problemReports(actor: w.editor).open
            #expect(Set(open.map(\.text)) == ["Fel år.", "Länken fungerar inte."] && open.allSatisfy { $0.exampleID == w.example.id && $0.id > 2 })
            // and a new one still goes in
            _ = try await w.knowledge.reportProblem(exampleID: w.example.id, reason: "fel", text: "Ännu ett fel.")
            #expect(try await w.knowledge.problemReports(actor: w.editor).open.count == 3)
        }
    }

    static func pilotInput(_ w: World, examples: [Int64] = []) -> PilotInput {
        PilotInput(extKey: nil, name: "Självplanerande hemtjänst", status: "running", aim: "Pröva självplanering.", description: "## Upplägg\nObservationer.",
                   yearStart: "2025", yearEnd: "2027", sectors: ["hemtjanst"], hosts: [(String(w.org.id), "Hemtjänsten Norr")],
                   researchers: [PilotPerson(name: "Lena Sundqvist", affiliation: "Linnéuniversitetet", email: "lena@uni.example")],
                   contacts: [PilotPerson(name: "Nora Holmgren", affiliation: "Enhetschef", email: "nora@tillitsby.se")], exampleIDs: examples)
    }

    @Test("pilots: the log is the researchers' and the contacts'; everyone else sees the public entries only", arguments: TestDatabases.kinds)
    func pilots(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let w = try await Self.world(database)
            let pilots = Pilots(platform: w.platform)
            await #expect(throws: AppError.self) { _ = try await pilots.create(actor: w.staff, Self.pilotInput(w)) }
            // linked examples must be published
            do { _ = try await pilots.create(actor: w.researcher, Self.pilotInput(w, examples: [w.example.id])); Issue.record("draft example linked") }
            catch let error as AppError { #expect(error.fieldErrors.map(\.field) == ["examples"]) }
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            let pilot = try await pilots.create(actor: w.researcher, Self.pilotInput(w, examples: [w.example.id]))
            #expect(pilot.exampleIDs == [w.example.id])
            #expect(pilot.hosts.map(\.organisationName) == ["Tillitsby kommun"])
            _ = try await pilots.addLogEntry(actor: w.researcher, pilotID: pilot.id, date: "2025-04-09", kind: "observation", title: "Första mötet",
                                             text: "Intern anteckning.", isPublic: false)
            let open = try await pilots.addLogEntry(actor: w.researcher, pilotID: pilot.id, date: "2025-01-28", kind: "milestone", title: "Beslut",
                                                    text: "Nämnden beslutade.", isPublic: true)
            // only researchers write; contacts, editors and administrators do not
            for actor in [w.contact, w.editor, w.admin, w.staff] {
                await #expect(throws: AppError.self) {
                    _ = try await pilots.addLogEntry(actor: actor, pilotID: pilot.id, date: "2025-05-01", kind: "memo", title: "x", text: "x", isPublic: true)
                }
            }
            do { _ = try await pilots.addLogEntry(actor: w.researcher, pilotID: pilot.id, date: "2025-02-30", kind: "dagbok", title: "", text: "", isPublic: false); Issue.record("bad entry") }
            catch let error as AppError { #expect(Set(error.fieldErrors.map(\.field)) == ["date", "kind", "title", "text"]) }
            #expect(try await pilots.log(actor: w.researcher, pilotID: pilot.id).map(\.title) == ["Första mötet", "Beslut"])
            #expect(try await pilots.log(actor: w.contact, pilotID: pilot.id).count == 2)
            for actor in [nil, w.editor, w.admin, w.staff] as [Actor?] {
                #expect(try await pilots.log(actor: actor, pilotID: pilot.id).map(\.id) == [open])
            }
            // a researcher takes an entry back into the members' log
            try await pilots.setLogEntryPublic(actor: w.researcher, pilotID: pilot.id, entryID: open, isPublic: false)
            #expect(try await pilots.log(actor: nil, pilotID: pilot.id).isEmpty)
            await #expect(throws: AppError.self) { try await pilots.setLogEntryPublic(actor: w.contact, pilotID: pilot.id, entryID: open, isPublic: true) }
            // researchers and editors edit the pilot; its contacts do not
            var input = Self.pilotInput(w)
            input.status = "finished"
            #expect(try await pilots.update(actor: w.editor, id: pilot.id, input).status == .finished)
            await #expect(throws: AppError.self) { _ = try await pilots.update(actor: w.contact, id: pilot.id, input) }
        }
    }

    @Test("reports: numbered YYYY:N in order when published, a PDF required, public only once published; citations", arguments: TestDatabases.kinds)
    func reports(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let w = try await Self.world(database)
            let reports = Reports(platform: w.platform)
            func input(_ title: String, kind: String = "report", chapters: [Chapter]? = nil) -> ReportInput {
                ReportInput(kind: kind, title: title, abstract: "Sammanfattning.", keywords: ["tillit", "hemtjänst", "tillit"],
                            authors: [ReportAuthor(name: "Maria Öhman", affiliation: "Umeå universitet")], pilotIDs: [], chapters: chapters)
            }
            await #expect(throws: AppError.self) { _ = try await reports.create(actor: w.staff, input("Nej")) }
            let first = try await reports.create(actor: w.researcher, input("Första {rapporten} & 100 %"))
            #expect(first.keywords == ["tillit", "hemtjänst"])
            #expect(first.number == nil)
            // a draft is its writer's and the editors'
            await #expect(throws: AppError.self) { _ = try await reports.report(actor: nil, id: first.id) }
            await #expect(throws: AppError.self) { _ = try await reports.report(actor: w.staff, id: first.id) }
            // no PDF, no publication; a disguised PDF is refused
            do { _ = try await reports.publish(actor: w.researcher, id: first.id); Issue.record("published without a PDF") }
            catch let error as AppError { #expect(error.fieldErrors.map(\.field) == ["file"]) }
            await #expect(throws: AppError.self) { _ = try await reports.attachPDF(actor: w.researcher, id: first.id, fileName: "r.pdf", data: pngBytes) }
            _ = try await reports.attachPDF(actor: w.researcher, id: first.id, fileName: "r.pdf", data: pdfBytes)
            let published = try await reports.publish(actor: w.researcher, id: first.id, on: "2026-03-02")
            #expect(published.number == "2026:1")
            #expect(published.reference == "2026-1")
            #expect(try await reports.report(actor: nil, reference: "2026:1").id == first.id)
            // the writer may no longer change it; an editor may
            await #expect(throws: AppError.self) { _ = try await reports.update(actor: w.researcher, id: first.id, input("Ändrad")) }
            #expect(try await reports.update(actor: w.editor, id: first.id, input("Ändrad")).number == "2026:1")
            await #expect(throws: AppError.self) { _ = try await reports.publish(actor: w.editor, id: first.id) }
            // an anthology needs chapters, needs no PDF, and takes the next number of its year
            do { _ = try await reports.create(actor: w.editor, input("Antologi", kind: "anthology", chapters: [])); Issue.record("anthology without chapters") }
            catch let error as AppError { #expect(error.fieldErrors.map(\.field) == ["chapters"]) }
            let chapters = ReportInput.chapters("# Från minut till möte\nFörfattare: Lena Sundqvist (Linnéuniversitetet); Erik Hammar (Karlstads universitet)\nOm tidsregistrering.\n\n# Erfarenhet som kunskap\nFörfattare: Maria Öhman (Umeå universitet)\nOm peer support.")
            #expect(chapters?.map(\.title) == ["Från minut till möte", "Erfarenhet som kunskap"])
            #expect(chapters?.first?.authors == [ReportAuthor(name: "Lena Sundqvist", affiliation: "Linnéuniversitetet"), ReportAuthor(name: "Erik Hammar", affiliation: "Karlstads universitet")])
            #expect(ReportInput.chapters("# Utan författare\nBara text.") == nil)
            #expect(ReportInput.chapters(ReportInput.text(chapters!)) == chapters)
            let anthology = try await reports.create(actor: w.editor, input("Tillit i praktiken", kind: "anthology", chapters: chapters))
            #expect(try await reports.publish(actor: w.editor, id: anthology.id, on: "2026-10-01").number == "2026:2")
            let other = try await reports.create(actor: w.editor, input("Äldre"))
            _ = try await reports.attachPDF(actor: w.editor, id: other.id, fileName: "r.pdf", data: pdfBytes)
            #expect(try await reports.publish(actor: w.editor, id: other.id, on: "2025-06-10").number == "2025:1")
            #expect(try await reports.published().map(\.number) == ["2026:2", "2026:1", "2025:1"])
        }
    }
}
