import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TillitFormats
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

@Suite("API")
struct APITests {
    func unitCount(_ harness: Harness) async throws -> Int {
        try await harness.platform.unitTree(organisationID: harness.organisation.id).units.count
    }

    /// The `errors[].field` names of a problem response.
    func fields(_ response: TestResponse) -> [String] {
        ((response.json?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    @Test("units can be listed, created and changed with a token")
    func unitsRoundTrip() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let org = harness.organisation.id
                let created = try await client.api(.post, "/api/v1/organisations/\(org)/units", as: admin,
                                                   json: #"{"name":"Nya enheten","kind":"enhet","parent_id":\#(harness.units["vof"]!),"external_id":"HR-1"}"#)
                #expect(created.status == .created)
                let id = try #require(created.json?["id"] as? Int)
                #expect(created.json?["external_id"] as? String == "HR-1")
                // the list follows every change at once, and shows only to those who may see the organisation
                func listed(_ query: String = "?per_page=100") async throws -> [String] {
                    let list = try await client.api(.get, "/api/v1/organisations/\(org)/units\(query)", as: admin)
                    return ((list.json?["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                }
                #expect(try await listed().contains("Nya enheten"))
                #expect(try await listed().contains("Nya enheten"))
                #expect(try await client.api(.get, "/api/v1/organisations/\(org)/units?per_page=100", as: harness.callers["otherAdmin"]!).status == .forbidden)
                let moved = try await client.api(.patch, "/api/v1/units/\(id)", as: admin, json: #"{"name":"Omdöpt","parent_id":null}"#)
                #expect(moved.status == .ok)
                let renamed = try await listed()
                #expect(renamed.contains("Omdöpt") && !renamed.contains("Nya enheten"))
                #expect(moved.json?["name"] as? String == "Omdöpt")
                #expect(moved.json?["parent_id"] is NSNull)
                // a change that fails halfway changes nothing: the move is refused, so the unit stays open
                let vof = harness.units["vof"]!
                let refused = try await client.api(.patch, "/api/v1/units/\(vof)", as: admin, json: #"{"closed":true,"parent_id":\#(harness.units["teamA"]!)}"#)
                #expect(refused.status == .unprocessableContent)
                #expect(try await harness.platform.unit(id: vof).isClosed == false)
                let closed = try await client.api(.patch, "/api/v1/units/\(id)", as: admin, json: #"{"closed":true}"#)
                #expect(closed.json?["closed_at"] is String)
                let open = try await listed(), withClosed = try await listed("?per_page=100&include_closed=true")
                #expect(!open.contains("Omdöpt") && withClosed.contains("Omdöpt"))
                let renamedWhileClosed = try await client.api(.patch, "/api/v1/units/\(id)", as: admin, json: #"{"name":"Stängd"}"#)
                #expect(renamedWhileClosed.status == .conflict)
                let reopened = try await client.api(.patch, "/api/v1/units/\(id)", as: admin, json: #"{"closed":false,"name":"Öppen igen"}"#)
                #expect(reopened.json?["closed_at"] is NSNull)
                #expect(reopened.json?["name"] as? String == "Öppen igen")
                _ = try await client.api(.patch, "/api/v1/units/\(id)", as: admin, json: #"{"closed":true}"#)
                // lists are paginated with a total
                let page = try await client.api(.get, "/api/v1/organisations/\(org)/units?per_page=2&page=2", as: admin)
                #expect(page.status == .ok)
                #expect(page.json?["per_page"] as? Int == 2)
                #expect(page.json?["page"] as? Int == 2)
                #expect((page.json?["items"] as? [Any])?.count == 2)
                #expect(page.json?["total"] as? Int == 5)
                let all = try await client.api(.get, "/api/v1/organisations/\(org)/units?include_closed=true&per_page=100", as: admin)
                #expect(all.json?["total"] as? Int == 6)
            }
        }
    }

    @Test("bad input is refused with problem+json naming the field, and nothing is written")
    func badInput() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let path = "/api/v1/organisations/\(harness.organisation.id)/units"
                let before = try await unitCount(harness)
                let cases: [(String, HTTPResponse.Status, [String])] = [
                    (#"{"name":"","kind":"enhet"}"#, .unprocessableContent, ["name"]),
                    (#"{"name":"\#(String(repeating: "x", count: 201))","kind":"enhet"}"#, .unprocessableContent, ["name"]),
                    (#"{"name":5,"kind":"enhet"}"#, .unprocessableContent, ["name"]),
                    (#"{"name":"Ok","kind":"kontor"}"#, .unprocessableContent, ["kind"]),
                    (#"{"name":"Ok","kind":"enhet","parent_id":"ett"}"#, .unprocessableContent, ["parent_id"]),
                    (#"{"name":"Ok","kind":"enhet","parent_id":\#(harness.otherUnit)}"#, .unprocessableContent, ["parent_id"]),
                    (#"{"name":"Ok","kind":"enhet""#, .badRequest, []),
                    (#"["name"]"#, .badRequest, []),
                ]
                for (json, status, expectedFields) in cases {
                    let response = try await client.api(.post, path, as: admin, json: json)
                    #expect(response.status == status, "\(json)")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(json)")
                    #expect(fields(response) == expectedFields, "\(json)")
                    #expect(response.json?["status"] as? Int == Int(status.code))
                }
                // invalid UTF-8
                var headers = admin.apiHeaders
                let bytes: [UInt8] = Array(#"{"name":""#.utf8) + [0xE5] + Array(#"","kind":"enhet"}"#.utf8)
                let utf8 = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
                #expect(utf8.status == .badRequest)
                // not JSON at all
                headers[.contentType] = "text/plain"
                let plain = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: "name=x"))
                #expect(plain.status == .unsupportedMediaType)
                // too large
                let huge = try await client.api(.post, path, as: admin, json: #"{"name":"\#(String(repeating: "x", count: 2_000_000))","kind":"enhet"}"#)
                #expect(huge.status == .contentTooLarge)
                #expect(try await unitCount(harness) == before)
                // pagination out of range names the parameter
                for query in ["per_page=101", "per_page=0", "page=0", "page=abc", "page=99999999999"] {
                    let response = try await client.api(.get, path + "?" + query, as: admin)
                    #expect(response.status == .badRequest || response.status == .unprocessableContent, "\(query)")
                    #expect(fields(response) == [String(query.split(separator: "=")[0])], "\(query)")
                }
                // settings: unknown keys and out-of-range values, and nothing saved
                let settings = try await client.api(.patch, "/api/v1/organisations/\(harness.organisation.id)/settings", as: admin,
                                                    json: #"{"anonymity_threshold":2,"hourly_cost_sek":"600","nonsense":"1"}"#)
                #expect(settings.status == .unprocessableContent)
                #expect(Set(fields(settings)) == ["anonymity_threshold", "nonsense"])
                #expect(try await harness.platform.settingValues(organisationID: harness.organisation.id)["hourly_cost_sek"] == "450")
                let good = try await client.api(.patch, "/api/v1/organisations/\(harness.organisation.id)/settings", as: admin, json: #"{"hourly_cost_sek":600}"#)
                #expect(good.json?["hourly_cost_sek"] as? String == "600")
            }
        }
    }

    @Test("a second example with the same ext_id is 422 naming ext_id, not a 500")
    func duplicateExtID() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let body = #"{"ext_id":"x1","title":"T","summary":"S","body":"B","sectors":["lss"],"principles":["tillit"]}"#
                let first = try await client.api(.post, "/api/v1/examples", as: harness.callers["medarbetare"]!, json: body)
                #expect(first.status == .created)
                let second = try await client.api(.post, "/api/v1/examples", as: harness.callers["medarbetare"]!, json: body)
                #expect(second.status == .unprocessableContent)
                #expect(second.headers[.contentType] == "application/problem+json")
                #expect(second.text.contains("\"field\":\"ext_id\""))
            }
        }
    }

    @Test("a missing or revoked token is 401 with problem+json")
    func tokens() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let none = try await client.execute(uri: "/api/v1/me", method: .get, headers: [:], body: nil)
                #expect(none.status == .unauthorized)
                #expect(none.headers[.contentType] == "application/problem+json")
                let bad = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer tlt_nope"], body: nil)
                #expect(bad.status == .unauthorized)
                let chef = harness.callers["chef"]!
                let me = try await client.api(.get, "/api/v1/me", as: chef)
                #expect(me.json?["email"] as? String == "chef@test.se")
                // revoked on the tokens page, the token stops working at once
                let page = try await client.get("/mitt/nycklar", as: chef).text
                #expect(page.contains(">test <span class=\"meta\">"))
                let id = try #require(try await harness.platform.tokens(userID: chef.userID!).first?.id)
                #expect(try await client.post("/mitt/nycklar/\(id)/aterkalla", as: chef, form: []).status == .seeOther)
                #expect(try await client.api(.get, "/api/v1/me", as: chef).status == .unauthorized)
                #expect(try await harness.platform.tokens(userID: chef.userID!).isEmpty)
            }
        }
    }

    @Test("the OpenAPI document describes exactly the API routes the server has")
    func openAPIMatchesRoutes() async throws {
        try await Harness.with { harness, app in
            let site = Site(platform: harness.platform, mailer: harness.mailer, publicURL: "http://localhost", demo: false)
            let registered = try Tillit.buildRouter(site: site, database: harness.platform.database, maxBodySize: 1 << 20).routes
            let served = Set(registered.filter { $0.path.hasPrefix("/api/v1/") && $0.path != "/api/v1/openapi.json" }.map { route in
                "\(route.method.rawValue.lowercased()) " + route.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            }.map { $0.replacingOccurrences(of: " api/", with: " /api/") })
            try await app.test(.router) { client in
                let response = try await client.get("/api/v1/openapi.json", as: .anonymous)
                let document = try #require(response.json)
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var documented = Set<String>()
                for (path, item) in paths {
                    for method in ["get", "post", "patch", "put", "delete"] where item[method] != nil {
                        documented.insert("\(method) \(path)")
                        // every operation documents its success and the problem responses
                        let responses = (item[method] as? [String: Any])?["responses"] as? [String: Any]
                        #expect(responses?["401"] != nil, "\(method) \(path)")
                        #expect(responses?.keys.contains { $0.hasPrefix("2") } == true, "\(method) \(path)")
                        // every {name} in the path is declared as a path parameter (on the path or
                        // the operation), and a parameter list, where there is one, is a list
                        let operation = item[method] as? [String: Any]
                        var declared = Set<String>()
                        for list in [item["parameters"], operation?["parameters"]] where list != nil {
                            let parameters = list as? [[String: Any]]
                            #expect(parameters != nil, "\(method) \(path): parameters is not a list")
                            for parameter in parameters ?? [] where parameter["in"] as? String == "path" {
                                if let name = parameter["name"] as? String { declared.insert(name) }
                            }
                        }
                        let inPath = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                        #expect(declared == inPath, "\(method) \(path): path parameters \(declared) ≠ \(inPath)")
                    }
                }
                #expect(documented == served)
                #expect(served.count == 40)
            }
        }
    }

    @Test("a list written from kept items is byte for byte what the encoder writes for the whole list, whatever its items and page")
    func keptListBody() throws {
        func audit(_ id: Int64, _ details: String) -> APIController.AuditJSON {
            APIController.AuditJSON(id: id, at: Date(timeIntervalSince1970: 1_780_000_000 + Double(id)), actor: "Anna \"A\" Åberg", via: "web",
                                    action: "unit.update", objectType: "unit", objectId: id % 2 == 0 ? String(id) : nil, details: details)
        }
        let kept = KeptValues<APIController.AuditJSON, EncodedJSON>(capacity: 8)
        let pages: [[APIController.AuditJSON]] = [
            [], [audit(1, "{}")], (1...5).map { audit($0, #"{"name":"Hemtjänst \#($0)"}"#) },
            // the same entries again (kept), one of them rewritten in place, and more than the store holds
            (1...5).map { audit($0, #"{"name":"Hemtjänst \#($0)"}"#) }, (1...5).map { audit($0, $0 == 3 ? "{}" : #"{"name":"Hemtjänst \#($0)"}"#) },
            (1...20).map { audit($0, "{\"n\":\"\($0)\u{2028}\"}") },
        ]
        for (index, items) in pages.enumerated() {
            let page = Page(items: items, total: items.count + index * 7, request: PageRequest(page: index + 1, perPage: 20)!)
            let written = try APIController.keptList(page, kept: kept) { $0 }
            let whole = try JSONResponse.body(APIController.list(page) { $0 })
            #expect(written == whole, "page \(index)")
        }
    }
}
