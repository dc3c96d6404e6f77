import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TillitLearn
import TillitPlatform
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
