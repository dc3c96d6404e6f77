import Foundation
import SQLKit
import Testing
import TillitSearch
@testable import TillitLearn
import TillitPlatform
import TillitStorage
import TillitTestSupport

private let learnMigrations = PlatformSchema.migrations + KnowledgeSchema.migrations + LearnSchema.migrations

/// What a reader, an editor or a curious colleague must not reach in Learn: drafts behind a
/// publication, contact emails, a research log by rewriting its members; and the work a hostile
/// query or a long example may cause.
@Suite("Learn: access and bounded work")
struct LearnAccessTests {
    @Test("revisions before the first publication are the contributor's and the editors'; visitors never see a contact email", arguments: TestDatabases.kinds)
    func revisions(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            // the draft as its contributor first wrote it (the signal's own words, say), then edited
            _ = try await w.knowledge.update(actor: w.staff, id: w.example.id, ExampleInput(
                organisationID: String(w.org.id), title: "Egen planering", summary: "Teamet planerar själv.", body: "Omskriven text.",
                sectors: ["hemtjanst"], principles: ["tillit"], contactName: "Maja", contactRole: "Undersköterska", contactEmail: "maja@tillitsby.se"))
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            _ = try await w.knowledge.update(actor: w.editor, id: w.example.id, ExampleInput(
                organisationID: String(w.org.id), title: "Egen planering i hemtjänsten", summary: "Teamet planerar själv.", body: "Omskriven text.",
                sectors: ["hemtjanst"], principles: ["tillit"], contactName: "Maja", contactRole: "Undersköterska", contactEmail: "maja@tillitsby.se"))
            #expect(try await w.knowledge.revisions(actor: w.staff, id: w.example.id).map(\.number) == [1, 2, 3])
            #expect(try await w.knowledge.revisions(actor: w.editor, id: w.example.id).map(\.number) == [1, 2, 3])
            for reader in [w.other, nil] as [Actor?] {
                let seen = try await w.knowledge.revisions(actor: reader, id: w.example.id)
                #expect(seen.map(\.number) == [2, 3])
                #expect(!seen.contains { $0.fields.values.contains { $0.contains("Text.") } })
            }
            let visitor = try await w.knowledge.revisions(actor: nil, id: w.example.id)
            #expect(!visitor.contains { $0.fields.values.contains { $0.contains("@") } })
            #expect(visitor.last?.fields["contact"] == "Maja, Undersköterska")
            #expect(try await w.knowledge.revisions(actor: w.other, id: w.example.id).last?.fields["contact"]?.contains("maja@tillitsby.se") == true)
        }
    }

    @Test("who reads a pilot's log is changed only by its researchers, audited and told to them", arguments: TestDatabases.kinds)
    func pilotMembers(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            let pilots = Pilots(platform: w.platform)
            let pilot = try await pilots.create(actor: w.researcher, LearnTests.pilotInput(w))
            _ = try await pilots.addLogEntry(actor: w.researcher, pilotID: pilot.id, date: "2025-04-09", kind: "observation", title: "Intern",
                                             text: "Bara för forskarna.", isPublic: false)
            // an editor who adds themself as a researcher (or contact) is refused, and reads nothing more
            for change in [\PilotInput.researchers, \PilotInput.contacts] {
                var input = LearnTests.pilotInput(w)
                input[keyPath: change].append(PilotPerson(name: "Red", affiliation: "Redaktionen", email: "red@tillitsby.se"))
                do { _ = try await pilots.update(actor: w.editor, id: pilot.id, input); Issue.record("editor changed the members") }
                catch let error as AppError { #expect(error.status == .unprocessable); #expect(error.fieldErrors.count == 1) }
            }
            #expect(try await pilots.log(actor: w.editor, pilotID: pilot.id).isEmpty)
            #expect(try await pilots.pilot(id: pilot.id).researchers.map(\.email) == ["lena@uni.example"])
            // the researcher adds a colleague: audited (how many, not who) and both researchers are told
            let colleague = try await w.platform.createPerson(actor: .commandLine("test"), .init(
                email: "per@uni.example", name: "Per", password: "long enough password", grants: [RoleGrant(role: .forskare, organisationID: w.org.id, unitID: nil)])).user
            var input = LearnTests.pilotInput(w)
            input.researchers.append(PilotPerson(name: "Per Ek", affiliation: "Umeå universitet", email: "PER@uni.example"))
            _ = try await pilots.update(actor: w.researcher, id: pilot.id, input)
            let (audit, told) = try await database.read { db in
                let audit = try await db.raw("SELECT details FROM audit_log WHERE action = 'pilot.members'").all().map { try $0.string("details") }
                let told = try await db.raw("SELECT user_id FROM notifications WHERE kind = 'pilot.members'").all().map { try $0.int64("user_id") }
                return (audit, told)
            }
            #expect(audit.count == 1)
            #expect(audit.first?.contains("\"researchers_added\":\"1\"") == true)
            #expect(audit.first?.contains("per@") == false)
            #expect(told == [colleague.id])
        }
    }

    @Test("in a shared directory, a removal that rolls back keeps its file", arguments: TestDatabases.kinds)
    func attachmentRollback(kind: DatabaseKind) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-attachments-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database, directory: directory)
            let pdf = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
            let added = try await w.knowledge.addAttachment(actor: w.staff, exampleID: w.example.id, fileName: "a.pdf", data: pdf)
            let file = directory.appendingPathComponent(String(added.sha256.prefix(2))).appendingPathComponent(added.sha256)
            struct Later: Error {}
            await #expect(throws: Later.self) {
                try await database.transaction { db in
                    _ = try await w.knowledge.attachmentStore.remove(db, added)
                    throw Later()
                }
            }
            #expect(FileManager.default.fileExists(atPath: file.path))
            #expect(try await w.knowledge.attachment(actor: w.staff, id: added.id).1 == pdf)
        }
    }

    @Test("a snippet gathers each byte of a long example once; a query counts at most twelve words")
    func searchWork() throws {
        let blocks = (0..<3000).map { "Stycke \($0) om planering och arbetsmiljö i vardagen." }
        let body = blocks.joined(separator: "\n\n") + "\n\nHär står till sist ordet kontinuitet."
        let example = Example(id: 1, extID: nil, organisationID: 1, organisationName: "Tillitsby", organisationKind: .kommun, unitName: "", status: .published,
                              title: "Lång", summary: "Kort sammanfattning.", body: body, sectors: [], principles: [], yearStart: nil, yearEnd: nil,
                              results: "", lessons: "", contactName: "", contactRole: "", contactEmail: "", links: [], tags: [], editorComment: nil,
                              withdrawnReason: nil, sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(), publishedAt: nil, revision: 1)
        let (parts, gathered) = Knowledge.snippetCounting(example, marking: ["kontinuitet"], own: ["kontinuitet"])
        #expect(parts.contains { $0.match && $0.text == "kontinuitet" })
        #expect(gathered <= body.utf8.count + example.summary.utf8.count + 16)
    }

    @Test("without a query an example's snippet is made once, and made again when its text changes")
    func leadSnippetFollowsEdits() {
        func example(_ summary: String) -> Example {
            Example(id: 424_242, extID: nil, organisationID: 1, organisationName: "Tillitsby", organisationKind: .kommun, unitName: "", status: .published,
                    title: "T", summary: summary, body: "", sectors: [], principles: [], yearStart: nil, yearEnd: nil, results: "", lessons: "",
                    contactName: "", contactRole: "", contactEmail: "", links: [], tags: [], editorComment: nil, withdrawnReason: nil,
                    sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(timeIntervalSince1970: 0), publishedAt: nil, revision: 1)
        }
        #expect(Knowledge.snippet(example("Första lydelsen."), marking: [], own: []).map(\.text) == ["Första lydelsen."])
        #expect(Knowledge.snippet(example("Första lydelsen."), marking: [], own: []).map(\.text) == ["Första lydelsen."])
        // the same example, edited within the same second: its new words
        #expect(Knowledge.snippet(example("Andra lydelsen."), marking: [], own: []).map(\.text) == ["Andra lydelsen."])
        let long = (1...40).map { "ord\($0)" }.joined(separator: " ")
        #expect(Knowledge.snippet(example(long), marking: [], own: []) == Knowledge.snippetCounting(example(long), marking: [], own: []).parts)
    }

    @Test("a snippet marks the query's own words, not the longer words they begin")
    func snippetMarksOwnWords() {
        func example(_ summary: String) -> Example {
            Example(id: 1, extID: nil, organisationID: 1, organisationName: "Tillitsby", organisationKind: .kommun, unitName: "", status: .published,
                    title: "T", summary: summary, body: "", sectors: [], principles: [], yearStart: nil, yearEnd: nil, results: "", lessons: "",
                    contactName: "", contactRole: "", contactEmail: "", links: [], tags: [], editorComment: nil, withdrawnReason: nil,
                    sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(), publishedAt: nil, revision: 1)
        }
        let both = Knowledge.snippet(example("I Tillitsby kommun bygger vi styrningen på tillit och på förtroendet."), marking: ["tillit", "tillitsby"], own: ["tillit"])
        #expect(both.filter(\.match).map(\.text) == ["tillit"])
        // a word that is only the start of another is marked when the text holds nothing closer
        let only = Knowledge.snippet(example("I Tillitsby kommun bygger vi styrningen på förtroende."), marking: ["tillit", "tillitsby"], own: ["tillit"])
        #expect(only.filter(\.match).map(\.text) == ["Tillitsby"])
    }

    @Test("among the best, the query's words in the title and next to each other count more")
    func rerankTitleAndPhrase() {
        func example(_ id: Int64, _ title: String, _ summary: String) -> Example {
            Example(id: id, extID: nil, organisationID: 1, organisationName: "Tillitsby", organisationKind: .kommun, unitName: "", status: .published,
                    title: title, summary: summary, body: "", sectors: [], principles: [], yearStart: nil, yearEnd: nil, results: "", lessons: "",
                    contactName: "", contactRole: "", contactEmail: "", links: [], tags: [], editorComment: nil, withdrawnReason: nil,
                    sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(), publishedAt: Date(timeIntervalSince1970: 0), revision: 1)
        }
        let examples = [
            example(1, "Ett exempel", "Krav ställdes. Senare kom en uppföljning."),
            example(2, "Ett annat exempel", "Nämnden ställde krav på uppföljning."),
            example(3, "Krav och uppföljning", "Inget mer."),
        ]
        let vocabulary = SearchVocabulary(examples.flatMap { SwedishAnalyzer.shared.tokens($0.title + " " + $0.summary) })
        let plan = QueryPlan(tokens: SwedishAnalyzer.shared.queryTokens("krav uppföljning"), vocabulary: vocabulary)
        // the same score before: the title first (both words there, and next to each other), then the phrase
        let ranked = Knowledge.rerank([(1, 1.0), (2, 1.0), (3, 1.0)], examples: Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) }), plan: plan)
        #expect(ranked.map(\.id) == [3, 2, 1])
        #expect(ranked[2].score == 1.0 && ranked[1].score == 1 + Knowledge.phraseBonus && ranked[0].score == 1 + Knowledge.titleBonus + Knowledge.phraseBonus)
        // a compound word's parts next to each other, either way round, count as its phrase
        let compound = QueryPlan(tokens: ["uppföljningskrav"], vocabulary: vocabulary)
        #expect(compound.concepts.first?.parts.count == 2)
        let again = Knowledge.rerank([(1, 1.0), (2, 1.0)], examples: Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) }), plan: compound)
        #expect(again.map(\.id) == [2, 1])
    }

    @Test("a query of many one-letter words counts twelve of them", arguments: TestDatabases.kinds)
    func queryCap(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: learnMigrations) { database in
            let w = try await LearnTests.world(database)
            _ = try await w.knowledge.publish(actor: w.editor, id: w.example.id)
            let letters = "b c d f g h j k l m n p q r s t v w x z".split(separator: " ")
            let text = (0..<5).flatMap { round in letters.map { "\($0)\(round == 0 ? "" : String(repeating: String($0), count: round))" } }.joined(separator: " ")
            let found = try await w.knowledge.search(ExampleQuery(text: text))
            #expect(found.terms.count == Knowledge.maxTerms)
            #expect(Knowledge.maxTerms == 12)
        }
    }
}
