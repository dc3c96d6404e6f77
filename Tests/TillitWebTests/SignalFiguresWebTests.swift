import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TillitListen
import TillitPlatform
@testable import TillitWeb

@Suite("Web: signal figures with charts")
struct SignalFiguresWebTests {
    @Test("the follow-up pages draw their charts in SVG, each beside its table; dates are the browser's date fields")
    func charts() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let page = try await client.get("/o/tillitsby/enheter/\(harness.units["vof"]!)/signaler", as: chef)
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.contains("<input id=\"field-from\" name=\"from\" type=\"date\""))
                #expect(html.contains("<input id=\"field-to\" name=\"to\" type=\"date\""))
                for (chart, caption) in [("chart-months", "Signaler per månad och tema"), ("chart-days", "Besvarade signaler efter dagar till första svar"),
                                         ("chart-proximity", "Närhetsgrad per månad"), ("chart-units", "Enheterna en nivå ned")] {
                    #expect(html.contains("<svg class=\"chart\" viewBox=\"0 0 640 "), "\(chart)")
                    #expect(html.contains("role=\"img\" aria-labelledby=\"\(chart)-title \(chart)-desc\""), "\(chart)")
                    #expect(html.contains("<caption>\(caption)</caption>"), "\(chart)")
                }
                #expect(!html.contains("<script"))
                // The month table lists the last twelve months up to this one, oldest first.
                #expect(html.contains("<tr><th scope=\"row\">2025-04</th>"))
                #expect(html.contains("<tr><th scope=\"row\">2026-03</th>"))
                #expect(!html.contains("<tr><th scope=\"row\">2025-03</th>"))
                // The unit one level down shows the figures of its subtree, as the API gives them.
                let norr = try await client.api(.get, "/api/v1/units/\(harness.units["norr"]!)/signal-stats", as: chef)
                let raised = try #require(norr.json?["raised"] as? Int)
                #expect(raised > 0)
                #expect(html.contains("<tr><th scope=\"row\">Hemtjänst Norr</th><td class=\"num\">\(raised)</td>"))

                // The charts follow each change at once: a new signal is counted, a renamed unit shows its new name.
                func section(_ html: String, _ id: String) -> String {
                    guard let start = html.range(of: "id=\"\(id)-heading\""), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return "" }
                    return String(html[start.lowerBound..<end.upperBound])
                }
                let path = "/o/tillitsby/enheter/\(harness.units["vof"]!)/signaler"
                #expect(section(try await client.get(path, as: chef).text, "months") == section(html, "months"))
                let staff = Actor(userID: harness.callers["medarbetare"]!.userID, label: "staff",
                                  grants: [RoleGrant(role: .medarbetare, organisationID: harness.organisation.id, unitID: harness.units["teamA"])], via: "test")
                _ = try await Signals(platform: harness.platform).raise(actor: staff, .init(kind: "ide", text: "En ny idé", unitID: String(harness.units["teamA"]!)))
                let after = try await client.get(path, as: chef).text
                #expect(section(after, "months") != section(html, "months"))
                #expect(after.contains("<tr><th scope=\"row\">Hemtjänst Norr</th><td class=\"num\">\(raised + 1)</td>"))
                _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: harness.units["norr"]!, input: .init(name: "Hemtjänst Nord"))
                let renamed = try await client.get(path, as: chef).text
                #expect(renamed.contains("<tr><th scope=\"row\">Hemtjänst Nord</th><td class=\"num\">\(raised + 1)</td>"))

                // A period narrows the months to those in it.
                let narrow = try await client.get("/o/tillitsby/enheter/\(harness.units["vof"]!)/signaler?from=2026-01-15&to=2026-03-31", as: chef).text
                #expect(narrow.contains("<tr><th scope=\"row\">2026-01</th>"))
                #expect(!narrow.contains("<tr><th scope=\"row\">2025-12</th>"))
                #expect(narrow.contains("value=\"2026-01-15\""))
            }
        }
    }

    @Test("the board's figures break down by the top-level units in the tree's order; a unit's own people do not see the units below")
    func breakdown() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let board = try await client.get("/o/tillitsby/signaler", as: harness.callers["styrelse"]!).text
                // Top-level units by name, not by any figure: IT, Sandlådan, Vård och omsorg.
                let rows = ["IT", "Sandlådan", "Vård och omsorg"].map { board.range(of: "<tr><th scope=\"row\">\($0)</th>")?.lowerBound }
                #expect(rows.allSatisfy { $0 != nil })
                #expect(rows.compactMap { $0 } == rows.compactMap { $0 }.sorted())
                let staff = try await client.get("/o/tillitsby/enheter/\(harness.units["teamA"]!)/signaler", as: harness.callers["medarbetare"]!).text
                #expect(!staff.contains("units-heading"))
            }
        }
    }
}
