import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TillitLearn
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

@Suite("Web: the knowledge bank's organisation facet")
struct KnowledgeOrganisationFacetWebTests {
    /// One published example from each of `count` new organisations ("Organisation 01", …).
    static func importExamples(_ harness: Harness, count: Int) async throws {
        let lines = (1...count).map { i in
            let object: [String: Any] = ["ext_id": "org-\(i)", "title": "Tillit i verksamhet \(i)", "summary": "Sammanfattning.", "body": "Text om tillit.",
                                         "sectors": ["lss"], "principles": ["tillit"], "organisation": String(format: "Organisation %02d", i), "org_kind": "region"]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        _ = try await Knowledge(platform: harness.platform).importExamples(actor: .commandLine("test"), jsonl: Data(lines.joined(separator: "\n").utf8))
    }

    @Test("the search page lists organisations with counts, the largest fifteen, and filters on one")
    func page() async throws {
        try await Harness.with { harness, app in
            try await Self.importExamples(harness, count: 17)
            try await app.test(.router) { client in
                let visitor = harness.callers["anonymous"]!
                let tillitsby = harness.organisation.id
                let all = try await client.get("/kunskapsbank", as: visitor)
                #expect(all.status == .ok)
                #expect(all.text.contains("<h2 id=\"facet-organisation\">Organisation</h2>"))
                // Tillitsby has the two published examples of the harness: it comes first, then fifteen of one each.
                #expect(all.text.contains("<a href=\"/kunskapsbank?org=\(tillitsby)\">Tillitsby kommun</a> <span class=\"meta\">(2)</span>"))
                #expect(all.text.contains(">Organisation 01</a>") && !all.text.contains(">Organisation 15</a>"))
                #expect(all.text.contains("och 3 till"))
                let one = try await client.get("/kunskapsbank?org=\(tillitsby)", as: visitor)
                #expect(one.status == .ok && one.text.contains("2 exempel") && !one.text.contains("Tillit i verksamhet"))
                #expect(one.text.contains("href=\"/kunskapsbank?org=\(tillitsby)\" aria-current=\"true\""))
                #expect(one.text.contains("<input type=\"hidden\" name=\"org\" value=\"\(tillitsby)\">"))
                // the filter combines with the others, and can be cleared
                let none = try await client.get("/kunskapsbank?org=\(tillitsby)&sector=lss", as: visitor)
                #expect(none.text.contains("0 exempel") && none.text.contains("href=\"/kunskapsbank?sector=lss\""))
                for bad in ["abc", "0", "-1"] {
                    #expect(try await client.get("/kunskapsbank?org=\(bad)", as: visitor).status == .badRequest)
                }
            }
        }
    }

    @Test("the API filters on org= and counts facets.organisation by id, with the names in facet_labels")
    func api() async throws {
        try await Harness.with { harness, app in
            try await Self.importExamples(harness, count: 3)
            try await app.test(.router) { client in
                let visitor = harness.callers["anonymous"]!
                let tillitsby = String(harness.organisation.id)
                let all = try await client.api(.get, "/api/v1/examples?q=verksamhet", as: visitor)
                #expect(all.status == .ok && all.json?["total"] as? Int == 3)
                let facets = try #require(all.json?["facets"] as? [String: Any])
                let organisations = try #require(facets["organisation"] as? [String: Int])
                let labels = try #require((all.json?["facet_labels"] as? [String: Any])?["organisation"] as? [String: String])
                #expect(organisations.count == 3 && organisations.values.allSatisfy { $0 == 1 })
                #expect(Set(labels.values) == ["Organisation 01", "Organisation 02", "Organisation 03"] && Set(labels.keys) == Set(organisations.keys))
                let second = try #require(labels.first { $0.value == "Organisation 02" }?.key)
                let one = try await client.api(.get, "/api/v1/examples?q=verksamhet&org=\(second)", as: visitor)
                #expect(one.json?["total"] as? Int == 1)
                #expect(((one.json?["items"] as? [[String: Any]])?.first?["organisation"] as? String) == "Organisation 02")
                let theirs = try await client.api(.get, "/api/v1/examples?org=\(tillitsby)", as: visitor)
                #expect(((theirs.json?["facets"] as? [String: Any])?["organisation"] as? [String: Int]) == [tillitsby: 2])
                let bad = try await client.api(.get, "/api/v1/examples?org=kommun", as: visitor)
                #expect(bad.status == .badRequest && bad.text.contains("\"org\""))
            }
        }
    }
}

@Suite("Web: open data reads back")
struct OpenDataRoundTripTests {
    @Test("an import takes sectors and principles as people write them: the label in either language, any case, or the stored value")
    func labels() async throws {
        try await Harness.with { harness, _ in
            let line = #"{"ext_id": "lbl-1", "title": "Etiketter", "summary": "S", "body": "B", "organisation": "Tillitsby kommun", "sectors": ["Hälso- och sjukvård", "LSS", "hemtjanst", "ELDERLY CARE"], "principles": ["Öppenhet", "trust"]}"#
            let knowledge = Knowledge(platform: harness.platform)
            _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(line.utf8))
            let example = try #require(try await knowledge.example(extID: "lbl-1"))
            #expect(Set(example.sectors) == [.halsoOchSjukvard, .lss, .hemtjanst, .aldreomsorg])
            #expect(Set(example.principles) == [.oppenhet, .tillit])
            do {
                _ = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(line.replacingOccurrences(of: "LSS", with: "Rymdfart").utf8))
                Issue.record("an unknown sector was accepted")
            } catch let error as AppError { #expect(error.fieldErrors.first?.field == "line 1") }
        }
    }

    @Test("what /oppna-data/exempel.jsonl exports imports into another instance unchanged")
    func roundTrip() async throws {
        let box = LockedBox<(String, [Example])>(("", []))
        try await Harness.with { harness, app in
            // Read before the app's test run: when it ends, the app's services stop, the database among them.
            let original = try await Knowledge(platform: harness.platform).search(ExampleQuery(page: PageRequest(page: 1, perPage: 100)!)).page.items.map(\.example)
            box.mutate { $0.1 = original }
            try await app.test(.router) { client in
                let text = try await client.get("/oppna-data/exempel.jsonl", as: .anonymous).text
                box.mutate { $0.0 = text }
            }
        }
        let (exported, original) = box.value
        #expect(!original.isEmpty)
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            let platform = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
            let knowledge = Knowledge(platform: platform)

            let report = try await knowledge.importExamples(actor: .commandLine("test"), jsonl: Data(exported.utf8))
            #expect(report.created == original.count)
            for e in original {
                let copy = try #require(try await knowledge.example(extID: e.extID ?? "tillit-\(e.id)"), "\(e.title)")
                #expect(copy.title == e.title && copy.summary == e.summary && copy.body == e.body)
                #expect(copy.sectors == e.sectors && copy.principles == e.principles && copy.tags == e.tags && copy.links == e.links)
                #expect(copy.organisationName == e.organisationName && copy.organisationKind == e.organisationKind && copy.unitName == e.unitName)
                #expect(copy.yearStart == e.yearStart && copy.yearEnd == e.yearEnd && copy.results == e.results && copy.lessons == e.lessons)
                #expect(copy.contactName == e.contactName && copy.contactRole == e.contactRole)
            }
        }
    }
}

@Suite("Web: search marks the words that matched")
struct SearchMarksWebTests {
    @Test("a search marks the query's words and their forms, not longer words that only begin with them")
    func marksMatchedWordsOnly() async throws {
        try await Harness.with { harness, app in
            let lines = [
                ["ext_id": "mark-1", "title": "Styrning i Tillitsby", "summary": "I Tillitsby kommun bygger vi styrningen på tillit och tilliten växer.",
                 "body": "Text.", "sectors": ["lss"], "principles": ["tillit"], "organisation": "Tillitsby kommun", "org_kind": "kommun"],
                ["ext_id": "mark-2", "title": "Tillitsbyskolan", "summary": "Tillitsbyskolan har öppet hus.",
                 "body": "Text.", "sectors": ["lss"], "principles": ["tillit"], "organisation": "Tillitsby kommun", "org_kind": "kommun"],
            ].map { String(decoding: try! JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            _ = try await Knowledge(platform: harness.platform).importExamples(actor: .commandLine("test"), jsonl: Data(lines.joined(separator: "\n").utf8))
            try await app.test(.router) { client in
                let page = try await client.get("/kunskapsbank?q=tillit", as: .anonymous).text
                let marked = page.matches(of: /<mark>([^<]*)<\/mark>/).map { String($0.1) }
                #expect(marked.contains("tillit") && marked.contains("tilliten"))
                #expect(!marked.contains { $0.lowercased().hasPrefix("tillitsby") }, "\(marked)")
            }
        }
    }
}
