import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TillitPlatform
import TillitTestSupport
@testable import TillitWeb

/// Hostile values in every path parameter and query parameter of every GET route, taken from the
/// route registry (a route added tomorrow is fuzzed without anyone listing it here). Nothing may
/// answer 5xx, and the process must stay up: a trap on overflow would end the test run itself.
///
/// With `TILLIT_ROUTE_FUZZ=full` (as `.ci/run` runs it, about 55,000 requests) every value goes
/// into every path parameter and into every query parameter at once, for every role, and into each
/// query parameter alone as a system administrator (who may open nearly every page), so one
/// parameter's validation cannot hide another's arithmetic. A plain `swift test` runs a sample:
/// the numeric edges, anonymously and as a system administrator.
@Suite("Route fuzz")
struct RouteFuzzTests {
    /// Numbers at and past every edge, and text no parser expects; percent-encoded as sent.
    static let values: [String] = [
        "-9223372036854775808", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999999999", "-1", "0", "1e308", "NaN", "0x10", "+1", "1.5",
        "", "%00", "%FF%FE%FD", "%", "%G1", "%C0%AF", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%3Cscript%3E",
        String(repeating: "9", count: 4096), String(repeating: "a", count: 20_000),
    ]

    /// Every query parameter any page or API reads: the names the web module's sources read
    /// (`.get("…")`, `.getAll("…")`, `formText(request, "…")`, a page's `number("…")`), those
    /// the OpenAPI document declares, and a few kept by hand, so a parameter added tomorrow is
    /// fuzzed without anyone listing it here.
    static let queryNames: [String] = {
        var names: Set<String> = ["page", "per_page", "from", "to", "q", "org", "year", "sector", "principle", "kind", "status",
                                  "unit", "unit_id", "next", "return_to", "id"]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/TillitWeb")
        let pattern = try! NSRegularExpression(pattern: #"(?:\.get\(|\.getAll\(|formText\(request,|\bnumber\()\s*"([a-z_]{1,40})""#)
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        if let data = try? Data(contentsOf: sources.appendingPathComponent("Assets/openapi.json")),
           let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if object["in"] as? String == "query", let name = object["name"] as? String { names.insert(name) }
                    object.values.forEach(collect)
                } else if let list = value as? [Any] {
                    list.forEach(collect)
                }
            }
            collect(document)
        }
        return names.sorted()
    }()

    /// A plausible value for each path parameter, so that the one being fuzzed is the only odd one.
    static func defaults(_ harness: Harness) -> [String: String] {
        ["id": "1", "slug": "tillitsby", "ref": harness.reportReference, "code": harness.participantCode, "format": "ris",
         "token": "nope", "name": "bilaga.pdf", "attachment": String(harness.learn["attachment"]!), "entry": String(harness.learn["entry"]!)]
    }

    static func path(_ template: String, fuzzing parameter: String?, with value: String, defaults: [String: String]) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            let name = String(segment.dropFirst())
            return name == parameter ? value : (defaults[name] ?? "1")
        }.joined(separator: "/")
    }

    static var full: Bool { ProcessInfo.processInfo.environment["TILLIT_ROUTE_FUZZ"] == "full" }
    /// The values that reach number parsers; the rest are text that no parser expects.
    static let numericEdges = Array(values.prefix(13)) + ["", "%00"]

    @Test("no GET route answers 5xx or traps, whatever its path and query hold")
    func fuzz() async throws {
        try await Harness.with { harness, app in
            let site = Site(platform: harness.platform, mailer: harness.mailer, publicURL: "http://localhost", demo: false)
            let routes = try Tillit.buildRouter(site: site, database: harness.platform.database, maxBodySize: 1 << 20).routes
                .filter { $0.method == .get }
                // Signing out would end the sessions the callers use; it is a POST anyway.
                .map(\.path)
            #expect(routes.count > 60)
            let defaults = Self.defaults(harness)
            try await app.test(.router) { client in
                var sent = 0
                var failures: [String] = []
                func check(_ uri: String, _ caller: Caller) async throws {
                    let headers = uri.hasPrefix("/api/") ? caller.apiHeaders : caller.browserHeaders
                    let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
                    sent += 1
                    if response.status.code >= 500 {
                        failures.append("\(response.status.code) GET \(uri.prefix(160)) as \(caller.name)")
                    }
                }
                let roles = Self.full ? Harness.roles : ["anonymous", "systemadministrator"]
                let admin = harness.callers["systemadministrator"]!
                for template in routes {
                    let parameters = template.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
                    for value in Self.full ? Self.values : Self.numericEdges {
                        // Each path parameter alone.
                        for parameter in parameters {
                            let uri = Self.path(template, fuzzing: parameter, with: value, defaults: defaults)
                            for role in roles { try await check(uri, harness.callers[role]!) }
                        }
                        // Every query parameter at once.
                        let base = Self.path(template, fuzzing: nil, with: "1", defaults: defaults)
                        let all = base + "?" + Self.queryNames.map { "\($0)=\(value)" }.joined(separator: "&")
                        for role in roles { try await check(all, harness.callers[role]!) }
                    }
                    // Each query parameter alone.
                    if Self.full {
                        let base = Self.path(template, fuzzing: nil, with: "1", defaults: defaults)
                        for value in Self.numericEdges {
                            for name in Self.queryNames { try await check(base + "?\(name)=\(value)", admin) }
                        }
                    }
                }
                print("route fuzz: \(sent) requests over \(routes.count) GET routes, \(failures.count) answered 5xx")
                #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
                #expect(sent > (Self.full ? 40_000 : 3_000))
                // the names come from the sources, not from a list that can fall behind them
                #expect(Self.queryNames.count > 30 && ["enhet", "kod", "signal", "depth", "include_closed"].allSatisfy(Self.queryNames.contains), "\(Self.queryNames)")
            }
        }
    }

    @Test("the revisions page with to = Int64.min answers, not traps")
    func revisionsAtTheEdge() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let id = harness.examples["published"]!
                for query in ["to=-9223372036854775808", "from=-9223372036854775808", "to=9223372036854775807&from=-9223372036854775808", "to=0"] {
                    let response = try await client.get("/kunskapsbank/exempel/\(id)/versioner?\(query)", as: .anonymous)
                    #expect(response.status == .ok, "\(query): \(response.status)")
                }
            }
        }
    }
}
