import Foundation
import SQLKit
import Testing
@testable import TillitKnowledge
import TillitPlatform
import TillitStorage
import TillitTestSupport

private let migrations = PlatformSchema.migrations + KnowledgeSchema.migrations

/// JSON Lines for a small corpus: each line an example.
private func line(_ ext: String, _ title: String, _ body: String, sectors: [String] = ["hemtjanst"], principles: [String] = ["tillit"],
                  organisation: String = "Tillitsby kommun", kind: String = "kommun", year: Int = 2024, tags: [String] = []) -> String {
    let object: [String: Any] = ["ext_id": ext, "title": title, "summary": "Sammanfattning av \(title.lowercased()).", "body": body,
                                 "sectors": sectors, "principles": principles, "organisation": organisation, "org_kind": kind,
                                 "year_start": year, "year_end": year + 1, "tags": tags, "results": ""]
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

private let corpus = [
    line("a", "Självstyrande team i hemtjänsten", "Hemtjänstpersonal planerar sina egna scheman utan minutstyrning."),
    line("b", "Mindre dokumentation i skolan", "Lärarna slapp dubbel dokumentation. Medarbetarnas tid gick till eleverna.",
         sectors: ["grundskola"], principles: ["handlingsutrymme", "kunskap"], year: 2021, tags: ["dokumentation"]),
    line("c", "Äldreomsorgsförvaltningen lyssnar", "Förvaltningen frågar medarbetare i hemtjänst och på boenden vad som hindrar dem.",
         sectors: ["aldreomsorg", "hemtjanst"], principles: ["tillit", "oppenhet"], organisation: "Region Norrdal", kind: "region", year: 2022),
    line("d", "Bygglov med en kontaktperson", "Den sökande har samma handläggare hela vägen.", sectors: ["samhallsbyggnad"],
         principles: ["medborgarfokus"], organisation: "Bergsjö kommun", year: 2019),
].joined(separator: "\n")

@Suite("Knowledge bank")
struct KnowledgeTests {
    static func setUp(_ database: any Database) async throws -> (Knowledge, Platform, Organisation) {
        let platform = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
        let organisation = try await platform.createOrganisation(actor: .commandLine("test"), slug: "tillitsby", name: "Tillitsby kommun", kind: "kommun")
        return (Knowledge(platform: platform), platform, organisation)
    }

    @Test("draft, submit, return with a comment, edit, publish, withdraw: who may do what, and every revision kept", arguments: TestDatabases.kinds)
    func workflow(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, platform, org) = try await Self.setUp(database)
            func person(_ email: String, _ role: Role) async throws -> Actor {
                let grant = RoleGrant(role: role, organisationID: org.id, unitID: nil)
                let (user, _) = try await platform.createPerson(actor: .commandLine("test"), .init(email: email, name: email, password: "long enough password", grants: [grant]))
                return Actor(userID: user.id, label: email, grants: [grant], via: "test")
            }
            // staff of the organisation (any role with an organisation scope will do here)
            let staff = try await person("maja@tillitsby.se", .styrelse)
            let other = try await person("ulf@tillitsby.se", .styrelse)
            let editor = try await person("red@tillit.example", .redaktor)
            // a draft may lack sectors and principles; submitting needs them
            let draft = try await knowledge.create(actor: staff, ExampleInput(organisationID: String(org.id), title: "Egen planering",
                                                                             summary: "Teamet planerar själv.", body: "## Bakgrund\nMer tid hos brukarna."))
            #expect(draft.status == .draft)
            do { _ = try await knowledge.submit(actor: staff, id: draft.id); Issue.record("submitted without sectors") }
            catch let error as AppError { #expect(Set(error.fieldErrors.map(\.field)) == ["sectors", "principles"]) }
            // drafts are private to their contributor and the editors
            await #expect(throws: AppError.self) { _ = try await knowledge.example(actor: nil, id: draft.id) }
            await #expect(throws: AppError.self) { _ = try await knowledge.example(actor: other, id: draft.id) }
            await #expect(throws: AppError.self) { _ = try await knowledge.update(actor: other, id: draft.id, ExampleInput(organisationID: String(org.id), title: "x", summary: "x", body: "x")) }
            var input = ExampleInput(organisationID: String(org.id), title: "Egen planering i hemtjänsten", summary: "Teamet planerar själv.",
                                     body: "## Bakgrund\nMer tid hos brukarna.", sectors: ["hemtjanst"], principles: ["tillit", "handlingsutrymme"],
                                     yearStart: "2024", tags: ["schemaläggning"])
            _ = try await knowledge.update(actor: staff, id: draft.id, input)
            _ = try await knowledge.submit(actor: staff, id: draft.id)
            // only an editor publishes or returns; a return needs a comment
            await #expect(throws: AppError.self) { _ = try await knowledge.publish(actor: staff, id: draft.id) }
            await #expect(throws: AppError.self) { _ = try await knowledge.returnToContributor(actor: editor, id: draft.id, comment: " ") }
            let returned = try await knowledge.returnToContributor(actor: editor, id: draft.id, comment: "Berätta vad det gav.")
            #expect(returned.status == .returned && returned.editorComment == "Berätta vad det gav.")
            input.results = "Sjukfrånvaron minskade."
            _ = try await knowledge.update(actor: staff, id: draft.id, input)
            _ = try await knowledge.submit(actor: staff, id: draft.id)
            let published = try await knowledge.publish(actor: editor, id: draft.id)
            #expect(published.status == .published && published.editorComment == nil)
            // public now, and found; the contributor can no longer change it, the editor can
            #expect(try await knowledge.example(actor: nil, id: draft.id).title == "Egen planering i hemtjänsten")
            #expect(try await knowledge.search(ExampleQuery(text: "hemtjänsten")).page.total == 1)
            await #expect(throws: AppError.self) { _ = try await knowledge.update(actor: staff, id: draft.id, input) }
            // every save is a revision, and two can be compared
            let revisions = try await knowledge.revisions(actor: nil, id: draft.id)
            #expect(revisions.map(\.number) == [1, 2, 3])
            #expect(revisions[0].fields["title"] == "Egen planering" && revisions[2].fields["results"] == "Sjukfrånvaron minskade.")
            // withdrawn with a reason: gone from the public and from search
            await #expect(throws: AppError.self) { _ = try await knowledge.withdraw(actor: editor, id: draft.id, reason: "") }
            _ = try await knowledge.withdraw(actor: editor, id: draft.id, reason: "Fel uppgifter om resultatet")
            await #expect(throws: AppError.self) { _ = try await knowledge.example(actor: nil, id: draft.id) }
            #expect(try await knowledge.search(ExampleQuery(text: "hemtjänsten")).page.total == 0)
            // bad input is named field by field
            do {
                _ = try await knowledge.create(actor: staff, ExampleInput(organisationID: "999", title: "", summary: String(repeating: "x", count: 501),
                                                                          body: "x", sectors: ["rymden"], yearStart: "1800", links: [ExampleLink(title: "x", url: "javascript:alert(1)")]))
                Issue.record("bad input accepted")
            } catch let error as AppError {
                #expect(Set(error.fieldErrors.map(\.field)).isSuperset(of: ["title", "summary", "sectors", "year_start", "links", "organisation_id"]))
            }
        }
    }

    @Test("Swedish search: inflections, compounds, weighting, facets, stop words and operators, the same on both databases", arguments: TestDatabases.kinds)
    func search(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, _, _) = try await Self.setUp(database)
            let report = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(corpus.utf8))
            #expect(report.created == 4 && report.newOrganisations == ["Region Norrdal", "Bergsjö kommun"])
            func titles(_ text: String, sector: Sector? = nil) async throws -> [String] {
                try await knowledge.search(ExampleQuery(text: text, sector: sector)).page.items.map(\.example.title)
            }
            // inflections: "hemtjänstens" finds "hemtjänst", "medarbetarnas" finds "medarbetare"
            #expect(Set(try await titles("hemtjänstens")) == ["Självstyrande team i hemtjänsten", "Äldreomsorgsförvaltningen lyssnar"])
            #expect(Set(try await titles("medarbetare")) == ["Mindre dokumentation i skolan", "Äldreomsorgsförvaltningen lyssnar"])
            // compounds: "äldreomsorg" finds "äldreomsorgsförvaltningen", "hemtjänst" finds "hemtjänstpersonal"
            #expect(try await titles("äldreomsorg") == ["Äldreomsorgsförvaltningen lyssnar"])
            #expect(try await titles("hemtjänst").first == "Självstyrande team i hemtjänsten")  // in the title: ranked first
            // every word must match
            #expect(try await titles("hemtjänst scheman") == ["Självstyrande team i hemtjänsten"])
            // a tag weighs like the title
            #expect(try await titles("dokumentation") == ["Mindre dokumentation i skolan"])
            // å, ä and ö are letters of their own: "ar" finds nothing that "år" or "är" would
            #expect(try await titles("handlaggare").isEmpty)
            #expect(try await titles("handläggare") == ["Bygglov med en kontaktperson"])
            // filters and facets
            #expect(try await titles("hemtjänst", sector: .aldreomsorg) == ["Äldreomsorgsförvaltningen lyssnar"])
            let all = try await knowledge.search(ExampleQuery())
            #expect(all.page.total == 4)
            #expect(all.facets["org_kind"]!.map { "\($0.value)=\($0.count)" } == ["kommun=3", "region=1"])
            #expect(all.facets["sector"]!.first.map { "\($0.value)=\($0.count)" } == "hemtjanst=2")
            // only stop words: a clear answer, no error
            let stop = try await knowledge.search(ExampleQuery(text: "och att för"))
            #expect(stop.onlyStopWords && stop.page.total == 0)
            // operators and quotes are just text
            for text in ["\"hemtjänst\" OR *", "NEAR(a b)", "hemtjänst AND NOT -skola:^", "'); DROP TABLE examples; --"] {
                _ = try await knowledge.search(ExampleQuery(text: text))
            }
            #expect(try await knowledge.search(ExampleQuery()).page.total == 4)
            // nothing found: a broader query without the word that matched least
            let none = try await knowledge.search(ExampleQuery(text: "hemtjänst raketbränsle"))
            #expect(none.page.total == 0 && none.broader == "hemtjänst")
            // snippets mark the matching words
            let hit = try await knowledge.search(ExampleQuery(text: "minutstyrning")).page.items[0]
            #expect(hit.snippet.contains(SnippetPart(text: "minutstyrning", match: true)))
            // absurd pages are refused by PageRequest; a page past the end is empty
            #expect(try await knowledge.search(ExampleQuery(page: PageRequest(page: 50, perPage: 20)!)).page.items.isEmpty)
        }
    }

    @Test("an import is all or nothing, with line numbers; a second import with the same ext_id updates", arguments: TestDatabases.kinds)
    func importing(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, _, _) = try await Self.setUp(database)
            let bad = [corpus, "{not json", line("e", "", "x"), line("a", "Dubbel", "x"), line("f", "Okänd sektor", "x", sectors: ["rymden"])].joined(separator: "\n")
            do {
                _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(bad.utf8))
                Issue.record("a bad file was imported")
            } catch let error as AppError {
                #expect(error.fieldErrors.map(\.field) == ["line 5", "line 6", "line 7", "line 8"])
            }
            var invalid = Data(corpus.utf8)
            invalid.append(contentsOf: [0x0A, 0xFF, 0xFE])
            await #expect(throws: AppError.self) { _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: invalid) }
            #expect(try await knowledge.search(ExampleQuery()).page.total == 0)
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(corpus.utf8))
            let again = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(line("a", "Självstyrande team, uppdaterat", "Nytt innehåll.").utf8))
            #expect(again.created == 0 && again.updated == 1 && again.newOrganisations.isEmpty)
            let updated = try #require(try await knowledge.example(extID: "a"))
            #expect(updated.title == "Självstyrande team, uppdaterat" && updated.revision == 2)
            #expect(try await knowledge.search(ExampleQuery()).page.total == 4)
            #expect(try await knowledge.search(ExampleQuery(text: "minutstyrning")).page.total == 0)
            // only editors and the command line import
            let staff = Actor(userID: 1, label: "x", grants: [], via: "test")
            await #expect(throws: AppError.self) { _ = try await knowledge.importExamples(actor: staff, jsonl: Data(corpus.utf8)) }
        }
    }
}
