import Foundation
import SQLKit
import Testing
import TillitFormats
@testable import TillitLearn
import TillitPlatform
import TillitSearch
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

@Suite("Knowledge bank: snippets' whitespace")
struct SnippetWhitespaceTests {
    @Test("the fast whitespace test answers as Character.isWhitespace for every character of the first planes and line breaks")
    func sameAsCharacter() {
        var characters: [Character] = ["\r\n", "\u{20}\u{301}", "a\u{301}", "\u{A0}", "\u{2028}", "\u{3000}"]
        for value in 0..<0x3100 { if let scalar = Unicode.Scalar(value) { characters.append(Character(scalar)) } }
        for character in characters {
            #expect(Knowledge.isWhitespace(character) == character.isWhitespace, "\(character.unicodeScalars.map(\.value))")
        }
    }
}

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
            // which may be linked, asked without reading the examples, as the example's own page answers
            let missing = draft.id + 1_000_000
            let asked: [(Actor?, Set<Int64>)] = [(nil, []), (other, []), (staff, Set([draft.id])), (editor, Set([draft.id]))]
            for (actor, expected) in asked {
                #expect(try await knowledge.visible(actor: actor, ids: [draft.id, missing]) == expected)
            }
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
            // Asked before the publication, the same questions are answered anew after it (an
            // evaluation is kept by the index's state, which the publication changes).
            #expect(try await knowledge.search(ExampleQuery(text: "hemtjänsten")).page.total == 0)
            #expect(try await knowledge.search(ExampleQuery()).page.total == 0)
            let published = try await knowledge.publish(actor: editor, id: draft.id)
            #expect(try await knowledge.search(ExampleQuery()).page.total == 1)
            #expect(published.status == .published && published.editorComment == nil)
            // public now, and found; the contributor can no longer change it, the editor can
            #expect(try await knowledge.example(actor: nil, id: draft.id).title == "Egen planering i hemtjänsten")
            #expect(try await knowledge.visible(actor: nil, ids: [draft.id]) == [draft.id])
            #expect(try await knowledge.search(ExampleQuery(text: "hemtjänsten")).page.total == 1)
            await #expect(throws: AppError.self) { _ = try await knowledge.update(actor: staff, id: draft.id, input) }
            // every save is a revision, and two can be compared; those before the publication are the
            // contributor's and the editors'
            let revisions = try await knowledge.revisions(actor: editor, id: draft.id)
            #expect(revisions.map(\.number) == [1, 2, 3])
            #expect(try await knowledge.revisions(actor: nil, id: draft.id).map(\.number) == [3])
            #expect(revisions[0].fields["title"] == "Egen planering" && revisions[2].fields["results"] == "Sjukfrånvaron minskade.")
            // withdrawn with a reason: gone from the public and from search
            await #expect(throws: AppError.self) { _ = try await knowledge.withdraw(actor: editor, id: draft.id, reason: "") }
            _ = try await knowledge.withdraw(actor: editor, id: draft.id, reason: "Fel uppgifter om resultatet")
            await #expect(throws: AppError.self) { _ = try await knowledge.example(actor: nil, id: draft.id) }
            #expect(try await knowledge.visible(actor: nil, ids: [draft.id]).isEmpty)
            #expect(try await knowledge.visible(actor: staff, ids: [draft.id]) == [draft.id])
            #expect(try await knowledge.visible(actor: editor, ids: [draft.id]) == [draft.id])
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
            // a word that carries less than a third of the query's weight finds nothing on its own:
            // "medarbetare" is commoner than "scheman" and "minutstyrning", so an example with only it is left out
            #expect(try await titles("medarbetare scheman minutstyrning") == ["Självstyrande team i hemtjänsten"])
            // a rarer word is enough on its own, ranked below an example with both
            #expect(try await titles("hemtjänst scheman") == ["Självstyrande team i hemtjänsten", "Äldreomsorgsförvaltningen lyssnar"])
            // words of equal weight: an example with either is found, one with both ranks first
            #expect(try await titles("medarbetare hemtjänst").first == "Äldreomsorgsförvaltningen lyssnar")
            #expect(Set(try await titles("medarbetare hemtjänst")) == ["Äldreomsorgsförvaltningen lyssnar", "Självstyrande team i hemtjänsten", "Mindre dokumentation i skolan"])
            // a tag weighs like the title
            #expect(try await titles("dokumentation") == ["Mindre dokumentation i skolan"])
            // å, ä and ö are letters of their own: "ar" finds nothing that "år" or "är" would
            let misspelt = try await knowledge.search(ExampleQuery(text: "Handlaggare"))
            #expect(misspelt.page.total == 0 && misspelt.unknownWords == ["Handlaggare"])
            // and the answer suggests the word of the bank spelt nearly the same, as the bank writes it
            #expect(misspelt.suggestions == ["handläggare"])
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
            // a word the bank does not have is named, and the others still find
            let some = try await knowledge.search(ExampleQuery(text: "hemtjänst raketbränsle"))
            #expect(some.page.total == 2 && some.unknownWords == ["raketbränsle"] && some.suggestions.isEmpty)
            // nothing found: a broader query without the word that matched least
            // (each of four equally rare words is a quarter of the query's weight, and no example has two)
            let none = try await knowledge.search(ExampleQuery(text: "scheman bygglov dokumentation förvaltningen"))
            #expect(none.page.total == 0 && none.broader == "bygglov dokumentation förvaltningen")
            // snippets mark the matching words
            let hit = try await knowledge.search(ExampleQuery(text: "minutstyrning")).page.items[0]
            #expect(hit.snippet.contains(SnippetPart(text: "minutstyrning", match: true)))
            // absurd pages are refused by PageRequest; a page past the end is empty
            #expect(try await knowledge.search(ExampleQuery(page: PageRequest(page: 50, perPage: 20)!)).page.items.isEmpty)
        }
    }

    @Test("compounds both ways, short words that do not drift, phrases and titles first, the same on both databases", arguments: TestDatabases.kinds)
    func compoundsAndShortWords(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, _, _) = try await Self.setUp(database)
            let lines = [
                line("k1", "Tydliga krav på uppföljning", "Nämnden ställer krav på uppföljning av varje insats."),
                line("k2", "Nya uppföljningskrav från nämnden", "Uppföljningskraven gäller alla enheter."),
                line("k3", "Problem i arbetsmiljön", "Medarbetarna beskrev problem i arbetsmiljön på boendet."),
                line("k4", "Omsorg om barn på kvällstid", "Föräldrar som arbetar skift behöver omsorg om barn sent."),
                line("k5", "Barnomsorg på obekväm arbetstid", "Kommunen erbjuder barnomsorg på kvällar och helger."),
                line("k6", "Bilen som arbetsplats", "Hemtjänstens bil blev en plats för samtal mellan besöken."),
                line("k7", "Bilden av kommunen", "Invånarnas bild av kommunen ändrades."),
                line("k8", "Folkbildning på biblioteket", "Bildning för alla åldrar."),
                line("k9", "Takt i arbetet", "En jämn takt minskade stressen."),
                line("k10", "Nytt tak på förskolan", "Taket läckte och byttes."),
                line("k11", "Arbetsmiljöarbete i förskolan", "Krav och uppföljning av arbetsmiljön i förskolan, med problem som lyfts av personalen."),
            ]
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(lines.joined(separator: "\n").utf8))
            func titles(_ text: String) async throws -> [String] {
                try await knowledge.search(ExampleQuery(text: text)).page.items.map(\.example.title)
            }
            // a compound in the query also finds its parts, the whole word first
            let uppfoljning = try await titles("uppföljningskrav")
            #expect(uppfoljning.prefix(1) == ["Nya uppföljningskrav från nämnden"])
            #expect(uppfoljning.contains("Tydliga krav på uppföljning"))
            // the parts as a phrase ("krav på uppföljning") rank above the parts apart
            #expect(uppfoljning.firstIndex(of: "Tydliga krav på uppföljning")! < uppfoljning.firstIndex(of: "Arbetsmiljöarbete i förskolan")!)
            #expect(try await titles("arbetsmiljöproblem").first == "Problem i arbetsmiljön")
            let barnomsorg = try await titles("barnomsorg")
            #expect(barnomsorg.first == "Barnomsorg på obekväm arbetstid" && barnomsorg.contains("Omsorg om barn på kvällstid"))
            // a compound in the text is found by its last part
            #expect(try await titles("krav").contains("Nya uppföljningskrav från nämnden"))
            // short words do not drift into longer ones
            #expect(try await titles("bil") == ["Bilen som arbetsplats"])
            #expect(try await titles("tak") == ["Nytt tak på förskolan"])
            #expect(try await titles("bild") == ["Bilden av kommunen"])
            // a question in plain words: the example with more of its words first
            #expect(try await titles("hur ställer nämnden krav på uppföljning?").first == "Tydliga krav på uppföljning")
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

    // MARK: The index at a larger scale

    /// A corpus of `count` examples from a small vocabulary with inflections and compounds, so words
    /// have several indexed terms as prefixes, from five organisations of three kinds.
    static func generatedCorpus(_ count: Int) -> String {
        let words = ["hemtjänst", "hemtjänsten", "hemtjänstpersonal", "hemtjänstgrupper", "kommun", "kommunen", "kommunal", "kommunikation",
                     "medarbetare", "medarbetarna", "brukare", "brukarna", "tillit", "tilliten", "styrning", "schema", "scheman", "schemaläggning",
                     "äldreomsorg", "äldreomsorgsförvaltningen", "skola", "skolan", "elever", "dokumentation", "uppföljning", "chef", "chefer",
                     "och", "att", "för", "i", "med", "planering", "besök", "tid", "tiden", "region", "regionen", "samverkan", "öppenhet"]
        let organisations = [("Tillitsby kommun", "kommun"), ("Bergsjö kommun", "kommun"), ("Sjövik kommun", "kommun"),
                             ("Region Norrdal", "region"), ("Försäkringskassan", "myndighet")]
        let sectors = ["hemtjanst", "aldreomsorg", "grundskola", "socialtjanst", "lss"]
        let principles = ["tillit", "handlingsutrymme", "medborgarfokus", "kunskap"]
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        func text(_ n: Int) -> String { (0..<n).map { _ in words[next(words.count)] }.joined(separator: " ") }
        return (0..<count).map { i in
            let organisation = organisations[next(organisations.count)]
            let year = 2018 + next(8)
            let object: [String: Any] = [
                "ext_id": "g\(i)", "title": text(2 + next(4)).capitalized, "summary": text(6 + next(8)),
                "body": "## Bakgrund\n\n\(text(5 + next(20)))\n\n- \(text(3))\n- \(text(4))", "tags": next(3) == 0 ? [words[next(words.count)]] : [],
                "sectors": Array(Set([sectors[next(sectors.count)], sectors[next(sectors.count)]])).sorted(),
                "principles": [principles[next(principles.count)]], "organisation": organisation.0, "org_kind": organisation.1,
                "year_start": year, "results": next(2) == 0 ? text(5) : "",
            ].merging(next(3) == 0 ? [:] : ["year_end": year + next(3)]) { a, _ in a }
            return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n")
    }

    /// What a search should give, worked out from the examples themselves: the query's words
    /// reach the terms the vocabulary of every published example gives them (`QueryPlan`); BM25
    /// per group of terms (a group's idf from every example that has any of its terms, its weight
    /// the factor-weighted sum over its terms); a concept's score its whole word's, or its parts'
    /// mean times `partsWeight` when higher; an example found when its concepts carry at least 1/`foundShare`
    /// of the query's idf, scored by the sum times the share of concepts it matches; the best
    /// looked at again for title and phrase (`Knowledge.rerank`); the filters, the facets and the
    /// page.
    static func expected(_ database: any Database, _ query: ExampleQuery)
        async throws -> (page: [(id: Int64, score: Double)], total: Int, facets: [String: [String: Int]]) {
        let examples = try await database.read { db in try await Knowledge.loadMany(db, "WHERE e.status = 'published' ORDER BY e.id") }
        let organisations = try await database.read { db in
            Dictionary(uniqueKeysWithValues: try await db.raw("SELECT id, kind FROM organisations").all().map { (try $0.int64("id"), try $0.string("kind")) })
        }
        var seen = Set<String>()
        let tokens = Array(SwedishAnalyzer.shared.queryTokens(query.text).filter { seen.insert($0).inserted }.prefix(Knowledge.maxTerms))
        let tf = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, SearchIndex.terms($0)) })
        let plan = QueryPlan(tokens: tokens, vocabulary: SearchVocabulary(tf.values.flatMap(\.keys)))
        let length = tf.mapValues { $0.values.reduce(0, +) }
        let total = examples.reduce(0.0) { $0 + length[$1.id]! }
        let n = Double(examples.count), averageLength = max(total / n, 1)
        func idf(_ df: Int) -> Double { log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }
        let groupWeights: [[Int64: Double]] = plan.groups.map { group in
            var weight: [Int64: Double] = [:]
            for e in examples {
                for (term, factor) in group.terms {
                    guard let f = tf[e.id]![term] else { continue }
                    let dl = length[e.id]!
                    weight[e.id, default: 0] += factor * (f * (SearchIndex.k1 + 1) / (f + SearchIndex.k1 * ((1 - SearchIndex.b) + SearchIndex.b * dl / averageLength)))
                }
            }
            return weight
        }
        let groupIDF = groupWeights.map { idf($0.count) }
        func conceptScore(_ c: QueryPlan.Concept, _ id: Int64) -> Double {
            var s = c.whole.map { groupIDF[$0] * (groupWeights[$0][id] ?? 0) } ?? 0
            if !c.parts.isEmpty, c.parts.allSatisfy({ groupWeights[$0][id] != nil }) {
                var sum = 0.0
                for part in c.parts { sum += groupIDF[part] * groupWeights[part][id]! }
                s = max(s, QueryPlan.partsWeight * (sum / Double(c.parts.count)))
            }
            return s
        }
        let conceptIDF = plan.concepts.map { c in idf(examples.filter { conceptScore(c, $0.id) > 0 }.count) }
        var totalIDF = 0.0
        for value in conceptIDF { totalIDF += value }
        var score: [Int64: Double] = [:]
        var matching = Set<Int64>()
        for e in examples where !plan.concepts.isEmpty {
            var sum = 0.0, count = 0, mass = 0.0
            for (c, concept) in plan.concepts.enumerated() {
                let s = conceptScore(concept, e.id)
                if s > 0 {
                    count += 1
                    mass += conceptIDF[c]
                }
                sum += s
            }
            guard count > 0, mass * QueryPlan.foundShare >= totalIDF else { continue }
            matching.insert(e.id)
            score[e.id] = sum * (Double(count) / Double(plan.concepts.count))
        }
        let found = examples.filter { e in
            (tokens.isEmpty || matching.contains(e.id))
                && query.sector.map(e.sectors.contains) ?? true && query.principle.map(e.principles.contains) ?? true
                && query.organisationKind.map { organisations[e.organisationID] == $0.rawValue } ?? true
                && query.organisation.map { e.organisationID == $0 } ?? true
                && query.year.map { year in e.yearStart.map { $0 <= year && (e.yearEnd ?? 9999) >= year } ?? false } ?? true
        }
        let byScore = !plan.concepts.isEmpty && query.sort == .relevance
        var ranked = found.sorted { a, c in
            let sa = score[a.id] ?? 0, sc = score[c.id] ?? 0
            if byScore, sa != sc { return sa > sc }
            return a.publishedAt! != c.publishedAt! ? a.publishedAt! > c.publishedAt! : a.id > c.id
        }.map { (id: $0.id, score: score[$0.id] ?? 0) }
        if byScore, query.page.offset < Knowledge.rerankDepth {
            let byID = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) })
            ranked = Knowledge.rerank(Array(ranked.prefix(Knowledge.rerankDepth)), examples: byID, plan: plan) + ranked.dropFirst(Knowledge.rerankDepth)
        }
        var facets: [String: [String: Int]] = [:]
        for e in found {
            for sector in e.sectors { facets["sector", default: [:]][sector.rawValue, default: 0] += 1 }
            for principle in e.principles { facets["principle", default: [:]][principle.rawValue, default: 0] += 1 }
            facets["org_kind", default: [:]][organisations[e.organisationID]!, default: 0] += 1
            facets["organisation", default: [:]][String(e.organisationID), default: 0] += 1
            if let year = e.yearStart { facets["year", default: [:]][String(year), default: 0] += 1 }
        }
        return (Array(ranked.dropFirst(query.page.offset).prefix(query.page.perPage)), found.count, facets)
    }

    static func queries(organisation: Int64) -> [ExampleQuery] {
        let texts = ["hemtjänst", "kommun", "kom", "medarbetarnas", "schemaläggning", "hemtjänst kommun", "brukare tillit styrning", "äldreomsorg skola",
                     "kommunhemtjänst", "hemtjänstpersonalen planering", "tid med brukarna i hemtjänsten", "raketbränsle", ""]
        var queries: [ExampleQuery] = []
        for text in texts {
            queries.append(ExampleQuery(text: text))
            queries.append(ExampleQuery(text: text, page: PageRequest(page: 2, perPage: 7)!))
            // a page that begins among the best looked at again and ends past them
            queries.append(ExampleQuery(text: text, page: PageRequest(page: 2, perPage: 20)!))
            queries.append(ExampleQuery(text: text, sort: .date))
            queries.append(ExampleQuery(text: text, sector: .hemtjanst))
            queries.append(ExampleQuery(text: text, principle: .tillit, organisationKind: .kommun))
            queries.append(ExampleQuery(text: text, organisation: organisation))
            queries.append(ExampleQuery(text: text, year: 2021))
        }
        return queries
    }

    /// Checks every query against ``expected(_:_:)``.
    static func checkAgainstBM25(_ knowledge: Knowledge, _ database: any Database, organisation: Int64) async throws {
        for query in queries(organisation: organisation) {
            let results = try await knowledge.search(query)
            let expected = try await expected(database, query)
            let label = "\(query.text) \(query.sector?.rawValue ?? "") \(query.organisation.map(String.init) ?? "") \(query.year.map(String.init) ?? "") page \(query.page.page)"
            #expect(results.page.total == expected.total, "\(label)")
            #expect(results.page.items.map(\.example.id) == expected.page.map(\.id), "\(label)")
            for (hit, want) in zip(results.page.items, expected.page) {
                #expect(abs(hit.score - want.score) <= 1e-9 * max(1, abs(want.score)), "\(label)")
            }
            var facets: [String: [String: Int]] = [:]
            for (key, values) in results.facets where !values.isEmpty {
                facets[key] = Dictionary(uniqueKeysWithValues: values.map { ($0.value, $0.count) })
                if key == "year" {
                    // years in year order, the latest first
                    #expect(values.map(\.value) == values.map(\.value).sorted(by: >), "\(label) \(key)")
                } else {
                    // most common first
                    #expect(values.map(\.count) == values.map(\.count).sorted(by: >), "\(label) \(key)")
                }
            }
            #expect(facets == expected.facets, "\(label)")
            #expect(Set(results.organisationNames.keys) == Set(expected.facets["organisation"]?.keys ?? [:].keys), "\(label)")
        }
    }

    @Test("search gives what BM25 over the examples gives: order, scores, totals, facets and pages, with every filter, on both databases", arguments: TestDatabases.kinds)
    func agreesWithBM25(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, _, organisation) = try await Self.setUp(database)
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(Self.generatedCorpus(150).utf8))
            try await Self.checkAgainstBM25(knowledge, database, organisation: organisation.id)
            // the organisation facet names its organisations, and the filter keeps to one
            let bergsjo = try #require(try await knowledge.search(ExampleQuery()).organisationNames.first { $0.value == "Bergsjö kommun" })
            let only = try await knowledge.search(ExampleQuery(organisation: Int64(bergsjo.key)!))
            #expect(only.page.total > 0 && only.page.items.allSatisfy { $0.example.organisationName == "Bergsjö kommun" })
            #expect(only.facets["organisation"]!.map(\.value) == [bergsjo.key])
        }
    }

    @Test("the judged evaluation set ranks the same on every database, as BM25 over its examples gives it")
    func evaluationSetOnEveryDatabase() async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Benchmarks/SearchQuality")
        let examples = try Data(contentsOf: directory.appendingPathComponent("examples.jsonl"))
        let judged = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("queries.json"))) as? [String: Any])
        let texts = try #require(judged["queries"] as? [[String: Any]]).compactMap { $0["query"] as? String }
        #expect(texts.count >= 40)
        var rankings: [DatabaseKind: [[String]]] = [:]
        for kind in TestDatabases.kinds {
            rankings[kind] = try await TestDatabases.with(kind, migrations: migrations) { database in
                let (knowledge, _, _) = try await Self.setUp(database)
                _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: examples)
                var out: [[String]] = []
                for text in texts {
                    let query = ExampleQuery(text: text, page: PageRequest(page: 1, perPage: 10)!)
                    let results = try await knowledge.search(query)
                    let expected = try await Self.expected(database, query)
                    #expect(results.page.items.map(\.example.id) == expected.page.map(\.id) && results.page.total == expected.total, "\(kind) \(text)")
                    out.append(results.page.items.map { $0.example.extID ?? "" })
                }
                return out
            }
        }
        #expect(rankings[.sqlite]?.count == texts.count)
        if let postgres = rankings[.postgres] { #expect(postgres == rankings[.sqlite]) }
    }

    @Test("the index follows every change, and equals one rebuilt from scratch", arguments: TestDatabases.kinds)
    func indexFollowsChanges(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: migrations) { database in
            let (knowledge, platform, organisation) = try await Self.setUp(database)
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(Self.generatedCorpus(60).utf8))
            let grant = RoleGrant(role: .redaktor, organisationID: organisation.id, unitID: nil)
            let (user, _) = try await platform.createPerson(actor: .commandLine("test"), .init(email: "red@tillitsby.se", name: "Red", password: "long enough password", grants: [grant]))
            let editor = Actor(userID: user.id, label: "editor", grants: [grant], via: "test")
            // an edit, a withdrawal, an import that changes the text of three, and a new example
            let first = try #require(try await knowledge.example(extID: "g1"))
            _ = try await knowledge.update(actor: editor, id: first.id, ExampleInput(
                organisationID: String(first.organisationID), title: "Raketbränsle i hemtjänsten", summary: first.summary, body: "Helt ny text om raketer.",
                sectors: ["lss"], principles: ["oppenhet"], yearStart: "2030"))
            _ = try await knowledge.withdraw(actor: editor, id: try #require(try await knowledge.example(extID: "g2")).id, reason: "Fel")
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(Self.generatedCorpus(3).replacingOccurrences(of: "\"ext_id\":\"g", with: "\"ext_id\":\"g1").utf8))
            _ = try await knowledge.create(actor: editor, ExampleInput(organisationID: String(organisation.id), title: "Kommunens raketer", summary: "Nytt.",
                                                                     body: "Text.", sectors: ["lss"], principles: ["tillit"]), publish: true)
            #expect(try await knowledge.search(ExampleQuery(text: "raket")).page.total == 2)
            #expect(try await knowledge.search(ExampleQuery(text: "raketbränsle", sector: .lss, year: 2030)).page.total == 1)
            try await Self.checkAgainstBM25(knowledge, database, organisation: organisation.id)
            let before = try await Self.queries(organisation: organisation.id).asyncMap { try await knowledge.search($0) }
            _ = try await SearchIndex.rebuild(database)
            let after = try await Self.queries(organisation: organisation.id).asyncMap { try await knowledge.search($0) }
            for (a, b) in zip(before, after) {
                #expect(a.page.items.map(\.example.id) == b.page.items.map(\.example.id) && a.page.total == b.page.total)
                #expect(a.page.items.map(\.score) == b.page.items.map(\.score))
                #expect(a.facets.mapValues { $0.map { "\($0.value)=\($0.count)" } } == b.facets.mapValues { $0.map { "\($0.value)=\($0.count)" } })
            }
        }
    }

    @Test("an index kept as rows per term and example moves into blocks with the migration, unchanged", arguments: TestDatabases.kinds)
    func migrationMovesTheIndex(kind: DatabaseKind) async throws {
        let before = PlatformSchema.migrations + KnowledgeSchema.migrations.filter { $0.id < "knowledge.0004" }
        try await TestDatabases.with(kind, migrations: before) { database in
            let platform = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            let organisation = try await platform.createOrganisation(actor: .commandLine("test"), slug: "tillitsby", name: "Tillitsby kommun", kind: "kommun")
            // examples and their index as the earlier schema held them
            try await database.transaction { db in
                for i in 0..<40 {
                    let row = try await db.raw("""
                        INSERT INTO examples (organisation_id, status, title, summary, body, year_start, tags, created_at, updated_at, published_at, revision)
                        VALUES (\(bind: organisation.id), \(bind: i % 7 == 0 ? "draft" : "published"), \(bind: "Hemtjänst och kommun \(i)"),
                                \(bind: "Medarbetarna planerar \(i % 3 == 0 ? "schemaläggning" : "besök")."), \(bind: "## Bakgrund\n\nBrukarna och tilliten \(i)."),
                                \(bind: 2018 + i % 6), '["tillit"]', 0, 0, \(bind: 1000 + i), 1)
                        RETURNING id
                        """).first()!
                    let id = try row.int64("id")
                    try await db.raw("INSERT INTO example_sectors (example_id, sector) VALUES (\(bind: id), \(bind: i % 2 == 0 ? "hemtjanst" : "lss"))").run()
                    try await db.raw("INSERT INTO example_principles (example_id, principle) VALUES (\(bind: id), 'tillit')").run()
                    guard i % 7 != 0, let example = try await Knowledge.load(db, id: id) else { continue }
                    let tf = SearchIndex.terms(example)
                    let length = tf.values.reduce(0, +)
                    try await db.raw("UPDATE examples SET search_length = \(bind: length) WHERE id = \(bind: id)").run()
                    for (term, weight) in tf {
                        try await db.raw("INSERT INTO example_terms (term, example_id, tf, dl) VALUES (\(bind: term), \(bind: id), \(bind: weight), \(bind: length))").run()
                    }
                }
            }
            #expect(try await Migrator(migrations, logger: TestDatabases.logger).migrate(database) == ["knowledge.0004.search_blocks", "knowledge.0005.published_revision"])
            let knowledge = Knowledge(platform: platform)
            let queries = ["hemtjänst", "kommun", "schemaläggning medarbetare", "tillit", ""].map { ExampleQuery(text: $0) }
                + [ExampleQuery(text: "brukare", sector: .lss), ExampleQuery(year: 2020)]
            let moved = try await queries.asyncMap { try await knowledge.search($0) }
            #expect(moved[0].page.total == 34 && moved[4].page.total == 34)
            _ = try await SearchIndex.rebuild(database)
            for (query, a) in zip(queries, moved) {
                let b = try await knowledge.search(query)
                #expect(a.page.items.map(\.example.id) == b.page.items.map(\.example.id) && a.page.total == b.page.total)
                #expect(a.page.items.map(\.score) == b.page.items.map(\.score))
            }
            try await Self.checkAgainstBM25(knowledge, database, organisation: organisation.id)
        }
    }

    @Test("a body converted a block at a time gives the same plain text, and snippets are those of the whole text")
    func snippetsFromBlocks() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/TillitWeb/Assets/demo/examples.jsonl")
        var bodies = try String(contentsOf: demo, encoding: .utf8).split(separator: "\n").compactMap {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["body"] as? String
        }
        #expect(bodies.count > 30)
        bodies += [
            "Första stycket.\n\n```\nkod\n\n# inte en rubrik\n```\n\nSista *stycket*.",
            "- ett\n- två\n\n- tre, löst\n\n1. först\n2) sedan\n\n---\n\n> citat\n>\n> mer\n\nText med [länk](https://exempel.se) och `kod`.",
            "Rad ett  \nrad två\\\nrad tre\r\n\r\nNästa\u{00A0}stycke med\u{0}noll.\n\n2024. Ett årtal först.\n\n+ plus\n* stjärna\n\n~~~\n\n~~~",
            "", "\n\n\n", "Bara text utan något särskilt, på\nflera\nrader.",
        ]
        for body in bodies {
            let blocks = Knowledge.bodyBlocks(body).map(Knowledge.plainText(block:)).filter { !$0.isEmpty }
            #expect(blocks.joined(separator: " ") == Markdown.plainText(body))
        }
        // The snippet worked out on the whole text at once, as a reference.
        func whole(_ e: Example, _ marking: Set<String>, _ own: Set<String>) -> [SnippetPart] {
            let text = [e.summary, Markdown.plainText(e.body), e.results, e.lessons].joined(separator: " ")
            let found = SwedishAnalyzer.shared.terms(text)
            func matches(_ token: String) -> Bool { marking.contains(token) }
            guard let first = found.first(where: { matches($0.token) }), !marking.isEmpty else {
                let words = text.split(whereSeparator: \.isWhitespace)
                return [SnippetPart(text: words.prefix(30).joined(separator: " ") + (words.count > 30 ? " …" : ""), match: false)]
            }
            let start = text.index(first.range.lowerBound, offsetBy: -min(120, text.distance(from: text.startIndex, to: first.range.lowerBound)))
            let end = text.index(first.range.upperBound, offsetBy: min(220, text.distance(from: first.range.upperBound, to: text.endIndex)))
            var lower = start
            if lower != text.startIndex, let space = text[lower..<first.range.lowerBound].firstIndex(where: \.isWhitespace) { lower = text.index(after: space) }
            var upper = end
            if upper != text.endIndex, let space = text[first.range.upperBound..<upper].lastIndex(where: \.isWhitespace) { upper = space }
            var parts: [SnippetPart] = []
            var cursor = lower
            // the query's own words when the window holds any, else the words it begins
            let inWindow = found.filter { $0.range.lowerBound >= lower && $0.range.upperBound <= upper && matches($0.token) }
            let ownWords = inWindow.filter { own.contains($0.token) }
            for term in ownWords.isEmpty ? inWindow : ownWords {
                if cursor < term.range.lowerBound { parts.append(SnippetPart(text: String(text[cursor..<term.range.lowerBound]), match: false)) }
                parts.append(SnippetPart(text: String(text[term.range]), match: true))
                cursor = term.range.upperBound
            }
            if cursor < upper { parts.append(SnippetPart(text: String(text[cursor..<upper]), match: false)) }
            if lower != text.startIndex { parts.insert(SnippetPart(text: "… ", match: false), at: 0) }
            if upper != text.endIndex { parts.append(SnippetPart(text: " …", match: false)) }
            return parts
        }
        for (index, body) in bodies.enumerated() {
            let example = Example(id: Int64(index), extID: nil, organisationID: 1, organisationName: "", organisationKind: .kommun, unitName: "",
                                  status: .published, title: "", summary: index % 2 == 0 ? "Kort sammanfattning om brukarna." : "", body: body,
                                  sectors: [], principles: [], yearStart: nil, yearEnd: nil, results: "Resultatet blev bättre för brukarna.",
                                  lessons: index % 3 == 0 ? "Lärdom." : "", contactName: "", contactRole: "", contactEmail: "", links: [], tags: [],
                                  editorComment: nil, withdrawnReason: nil, sourceSignalID: nil, createdBy: nil, createdAt: Date(), updatedAt: Date(),
                                  publishedAt: nil, revision: 1)
            for terms in [[], ["bruk"], ["medarbet", "hemtjänst"], ["tid"], ["resultat"], ["raketbränsl"]] {
                // marked: the terms, and the longer words of the text they begin (as compounds are)
                let text = [example.summary, example.body, example.results, example.lessons].joined(separator: " ")
                let marking = Set(terms).union(SwedishAnalyzer.shared.tokens(text).filter { token in terms.contains { token.hasPrefix($0) } })
                #expect(Knowledge.snippet(example, marking: marking, own: Set(terms)) == whole(example, marking, Set(terms)), "body \(index), \(terms)")
            }
        }
    }

    @Test("the organisation filter is an id: anything else is a bad request")
    func organisationParameter() throws {
        let page = PageRequest.first
        #expect(try ExampleQuery.parse(q: nil, sector: nil, principle: nil, orgKind: nil, org: "12", year: nil, sort: nil, page: page).organisation == 12)
        #expect(try ExampleQuery.parse(q: nil, sector: nil, principle: nil, orgKind: nil, org: "", year: nil, sort: nil, page: page).organisation == nil)
        for bad in ["abc", "0", "-3", "1.5", "12 ", "99999999999999999999"] {
            do {
                _ = try ExampleQuery.parse(q: nil, sector: nil, principle: nil, orgKind: nil, org: bad, year: nil, sort: nil, page: page)
                Issue.record("org=\(bad) accepted")
            } catch let error as AppError {
                #expect(error.status == .badRequest && error.fieldErrors.map(\.field) == ["org"])
            }
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
