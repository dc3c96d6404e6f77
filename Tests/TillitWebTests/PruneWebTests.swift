import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TillitListen
import TillitPlatform
import TillitPrune
import TillitTestSupport
@testable import TillitWeb

@Suite("Prune on the web")
struct PruneWebTests {
    func fields(_ response: TestResponse) -> [String] {
        ((response.json?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    @Test("the API: create, read with figures, assess, decide with hours freed, and the unit's burden, exactly as documented")
    func apiContract() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let staff = harness.callers["medarbetare"]!
                let org = harness.organisation.id
                let teamA = harness.units["teamA"]!
                let created = try await client.api(.post, "/api/v1/requirements", as: chef, json: """
                    {"organisation_id":\(org),"name":"Avvikelserapport","type":"foreskrift","issuer":"Socialstyrelsen","legal_reference":"SOSFS 2011:9",
                     "purpose":"Lärande","unit_ids":[\(teamA)],"frequency":"per_arende","cases_per_year":12,"minutes":30,"population":10}
                    """)
                #expect(created.status == .created)
                let id = try #require(created.json?["id"] as? Int)
                #expect(created.json?["status"] as? String == "active")
                #expect(created.json?["hours_per_year"] as? Double == 60)
                #expect(created.json?["cost_per_year_sek"] as? Int == 60 * 450)
                #expect(created.json?["staff"] is NSNull)

                let assessed = try await client.api(.post, "/api/v1/requirements/\(id)/assessments", as: staff, json: #"{"minutes":40,"usefulness":2,"comment":"Bra"}"#)
                #expect(assessed.status == .created)
                let again = try await client.api(.post, "/api/v1/requirements/\(id)/assessments", as: staff, json: #"{"minutes":35,"usefulness":3}"#)
                #expect(again.status == .ok)
                #expect(again.json?["minutes"] as? Int == 35)
                // one answer is below the threshold: no aggregate
                let read = try await client.api(.get, "/api/v1/requirements/\(id)", as: staff)
                #expect(read.json?["staff"] is NSNull)

                // bad input, each with its field
                let bad = try await client.api(.post, "/api/v1/requirements/\(id)/assessments", as: staff, json: #"{"minutes":-3,"usefulness":9}"#)
                #expect(bad.status == .unprocessableContent)
                #expect(Set(fields(bad)) == ["minutes", "usefulness"])
                let outsider = try await client.api(.post, "/api/v1/requirements/\(id)/assessments", as: harness.callers["styrelse"]!, json: #"{"minutes":3,"usefulness":3}"#)
                #expect(outsider.status == .forbidden)
                let absurd = try await client.api(.post, "/api/v1/requirements", as: chef, json: """
                    {"organisation_id":\(org),"name":"X","type":"lag","issuer":"Y","purpose":"Z","unit_ids":[\(teamA)],"frequency":"varje_timme","minutes":100000,"population":-1}
                    """)
                #expect(absurd.status == .unprocessableContent)
                #expect(Set(fields(absurd)) == ["frequency", "minutes", "population"])

                let simplified = try await client.api(.post, "/api/v1/requirements/\(id)/decisions", as: chef, json: #"{"decision":"forenkla","reason":"Kortare","new_minutes":10}"#)
                #expect(simplified.status == .created)
                #expect(simplified.json?["hours_freed_per_year"] as? Double == 40)
                let removed = try await client.api(.post, "/api/v1/requirements/\(id)/decisions", as: chef, json: #"{"decision":"ta_bort","reason":"Ingen läser"}"#)
                #expect(removed.json?["hours_freed_per_year"] as? Double == 20)

                let law = try await client.api(.post, "/api/v1/requirements", as: chef, json: """
                    {"organisation_id":\(org),"name":"Journal","type":"lag","issuer":"Riksdagen","purpose":"Insyn","unit_ids":[\(teamA)],"frequency":"dag","minutes":5,"population":2}
                    """)
                let lawID = try #require(law.json?["id"] as? Int)
                let refused = try await client.api(.post, "/api/v1/requirements/\(lawID)/decisions", as: chef, json: #"{"decision":"ta_bort","reason":"Nej"}"#)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(fields(refused) == ["decision"])

                let burden = try await client.api(.get, "/api/v1/units/\(harness.units["norr"]!)/admin-burden", as: staff)
                #expect(burden.status == .ok)
                // the harness's own requirement (10 min × 12 × 5) and the law (5 × 220 × 2); the removed one counts no more
                let total: Double = (Double(10 * 12 * 5 + 5 * 220 * 2) / 60 * 100).rounded() / 100
                let lawHours: Double = (Double(5 * 220 * 2) / 60 * 100).rounded() / 100
                #expect(burden.json?["hours_per_year"] as? Double == total)
                let byType = try #require(burden.json?["by_type"] as? [String: [String: Any]])
                #expect(byType["lag"]?["hours_per_year"] as? Double == lawHours)
                #expect(Set(byType.keys) == Set(RequirementType.allCases.map(\.rawValue)))
                let byIssuer = try #require(burden.json?["by_issuer"] as? [String: Any])
                #expect(Set(byIssuer.keys) == ["Riksdagen", "HR"])
                #expect(burden.json?["share_of_working_time"] is Double)

                let list = try await client.api(.get, "/api/v1/requirements?organisation=\(org)&sort=cost", as: staff)
                let names = ((list.json?["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                #expect(names.first == "Journal")
                let badSort = try await client.api(.get, "/api/v1/requirements?sort=random", as: staff)
                #expect(badSort.status == .badRequest)
            }
        }
    }

    @Test("forms: a staff proposal, the manager's decision with post/redirect/get, and a refused removal of a law shown with its reason")
    func forms() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let chef = harness.callers["chef"]!
                let teamA = String(harness.units["teamA"]!)
                let proposed = try await client.post("/o/tillitsby/krav/ny", as: staff, form: [
                    ("name", "Dubbel inloggning"), ("type", "lag"), ("issuer", "Riksdagen"), ("purpose", "Säkerhet"), ("unit_ids", teamA),
                    ("frequency", "dag"), ("minutes", "3"), ("population", "4")])
                #expect(proposed.status == .seeOther)
                let page = try await client.follow(proposed, as: staff)
                #expect(page.text.contains("Förslaget väntar på granskning"))
                // wrong input: the form again, with the message beside the field and what was typed
                let wrong = try await client.post("/o/tillitsby/krav/ny", as: chef, form: [
                    ("name", "Fel"), ("type", "lag"), ("issuer", "Riksdagen"), ("purpose", "X"), ("unit_ids", teamA), ("frequency", "dag"),
                    ("minutes", "-4"), ("population", "4")])
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("id=\"error-minutes\""))
                #expect(wrong.text.contains("value=\"-4\""))

                let id = try #require(Route.requirement.values(of: proposed.headers[.location]!.components(separatedBy: "?")[0])?[1])
                let accepted = try await client.post("/o/tillitsby/krav/\(id)/granska", as: chef, form: [("accept", "1")])
                #expect(accepted.status == .seeOther)
                let form = try await client.get("/o/tillitsby/krav/\(id)/beslut", as: chef)
                #expect(form.text.contains("kan inte ta bort det själv"))
                #expect(!form.text.contains("value=\"ta_bort\""))
                let refused = try await client.post("/o/tillitsby/krav/\(id)/beslut", as: chef, form: [("decision", "ta_bort"), ("reason", "Onödigt")])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("Lagar och förordningar kan inte tas bort"))
                let simplified = try await client.post("/o/tillitsby/krav/\(id)/beslut", as: chef, form: [("decision", "forenkla"), ("reason", "Längre tid"), ("new_minutes", "1")])
                #expect(simplified.status == .seeOther)
                let after = try await client.follow(simplified, as: chef)
                #expect(after.text.contains("Beslutet är sparat"))
                #expect(after.text.contains("Förenkla"))
                // the unit's burden page and the overview with its chart and table
                let overview = try await client.get("/o/tillitsby/kravbild", as: staff)
                #expect(overview.status == .ok)
                #expect(overview.text.contains("<svg"))
                #expect(overview.text.contains("Kraven i diagrammet"))
                let csv = try await client.get("/o/tillitsby/krav.csv", as: staff)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csv.text.contains("Dubbel inloggning"))
            }
        }
    }

    @Test("the inventory page shows every change at once: a new name, a new hourly cost, and the staff's view from the threshold")
    func inventoryPageFollowsChanges() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let id = harness.prune["view"]!
                func row() async throws -> String {
                    let text = try await client.get("/o/tillitsby/krav", as: chef).text
                    guard let link = text.range(of: "/krav/\(id)\""),
                          let start = text.range(of: "<tr>", options: .backwards, range: text.startIndex..<link.lowerBound),
                          let end = text.range(of: "</tr>", range: link.upperBound..<text.endIndex) else { return "" }
                    return String(text[start.lowerBound..<end.upperBound])
                }
                // 10 minutes a month for 5 people: 10 hours, 4 500 kr at 450 kr an hour; no view below the threshold
                let first = try await row()
                #expect(first.contains(">Månadsrapport</a>"))
                #expect(first.contains("4\u{00A0}500 kr"))
                #expect(first.hasSuffix("<td class=\"num\">–</td><td>I inventeringen</td></tr>"))
                #expect(try await row() == first)

                let admin = harness.callers["administrator"]!
                let administrator = Actor(userID: admin.userID, label: "admin",
                                          grants: [RoleGrant(role: .administrator, organisationID: harness.organisation.id, unitID: nil)], via: "test")
                let requirements = Requirements(platform: harness.platform)
                var input = RequirementInput(name: "Kvartalsrapport", type: "riktlinje", issuer: "HR", purpose: "Uppföljning",
                                             unitIDs: [String(harness.units["teamA"]!)], frequency: "manad", minutes: "10", population: "5")
                _ = try await requirements.update(actor: administrator, id: id, input)
                #expect(try await row().contains(">Kvartalsrapport</a>"))

                let settings = try await client.api(.patch, "/api/v1/organisations/\(harness.organisation.id)/settings", as: admin,
                                                    json: #"{"hourly_cost_sek":600,"anonymity_threshold":3}"#)
                #expect(settings.status == .ok)
                #expect(try await row().contains("6\u{00A0}000 kr"))

                // three answers reach the threshold of three: the mean usefulness shows at once
                var staff = [Actor(userID: harness.callers["medarbetare"]!.userID, label: "staff",
                                   grants: [RoleGrant(role: .medarbetare, organisationID: harness.organisation.id, unitID: harness.units["teamA"])], via: "test")]
                for i in 1...2 {
                    staff.append(try await harness.staffMember("bedomare\(i)@test.se", unit: "teamA"))
                }
                for (person, useful) in zip(staff, ["2", "3", "5"]) {
                    #expect(try await row().hasSuffix("<td class=\"num\">–</td><td>I inventeringen</td></tr>"))
                    _ = try await requirements.assess(actor: person, id: id, minutes: "10", usefulness: useful, comment: nil)
                }
                #expect(try await row().hasSuffix("<td class=\"num\">3,3</td><td>I inventeringen</td></tr>"))
                input.name = "Årsrapport"
                _ = try await requirements.update(actor: administrator, id: id, input)
                let last = try await row()
                #expect(last.contains(">Årsrapport</a>") && last.contains("6\u{00A0}000 kr") && last.contains("<td class=\"num\">3,3</td>"))
                // a fourth answer moves the mean shown: the page shows it at once
                _ = try await requirements.assess(actor: try await harness.staffMember("bedomare4@test.se", unit: "teamA"),
                                                  id: id, minutes: "10", usefulness: "1", comment: nil)
                #expect(try await row().hasSuffix("<td class=\"num\">2,8</td><td>I inventeringen</td></tr>"))
                // another filter is another page: a guideline is not among the laws, and is again among all
                let laws = try await client.get("/o/tillitsby/krav?type=lag", as: chef).text
                #expect(!laws.contains("/krav/\(id)\""))
                #expect(try await row().contains(">Årsrapport</a>"))
            }
        }
    }

    @Test("the API's list follows every change at once, though a page is written once: a rename, an hourly cost, the staff's view from the threshold, the page asked for")
    func apiListFollowsChanges() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staffCaller = harness.callers["medarbetare"]!
                let admin = harness.callers["administrator"]!
                let org = harness.organisation.id
                let id = harness.prune["view"]!
                func item() async throws -> [String: Any] {
                    let list = try await client.api(.get, "/api/v1/requirements?organisation=\(org)&per_page=100", as: staffCaller)
                    #expect(list.status == .ok)
                    return ((list.json?["items"] as? [[String: Any]]) ?? []).first { ($0["id"] as? Int).map(Int64.init) == id } ?? [:]
                }
                let first = try await item()
                #expect(first["name"] as? String == "Månadsrapport" && first["cost_per_year_sek"] as? Int == 4500 && first["staff"] is NSNull)
                let administrator = Actor(userID: admin.userID, label: "admin",
                                          grants: [RoleGrant(role: .administrator, organisationID: org, unitID: nil)], via: "test")
                let requirements = Requirements(platform: harness.platform)
                let input = RequirementInput(name: "Kvartalsrapport", type: "riktlinje", issuer: "HR", purpose: "Uppföljning",
                                             unitIDs: [String(harness.units["teamA"]!)], frequency: "manad", minutes: "10", population: "5")
                _ = try await requirements.update(actor: administrator, id: id, input)
                #expect(try await item()["name"] as? String == "Kvartalsrapport")
                #expect(try await client.api(.patch, "/api/v1/organisations/\(org)/settings", as: admin,
                                             json: #"{"hourly_cost_sek":600,"anonymity_threshold":3}"#).status == .ok)
                #expect(try await item()["cost_per_year_sek"] as? Int == 6000)
                var staff: [Actor] = []
                for i in 1...4 {
                    staff.append(try await harness.staffMember("api-bedomare\(i)@test.se", unit: "teamA"))
                }
                for (person, minutes) in zip(staff.prefix(2), ["10", "20"]) {
                    _ = try await requirements.assess(actor: person, id: id, minutes: minutes, usefulness: "4", comment: nil)
                    #expect(try await item()["staff"] is NSNull)
                }
                _ = try await requirements.assess(actor: staff[2], id: id, minutes: "30", usefulness: "5", comment: nil)
                let three = try #require(try await item()["staff"] as? [String: Any])
                #expect(three["n"] as? Int == 3 && three["median_minutes"] as? Double == 20)
                _ = try await requirements.assess(actor: staff[3], id: id, minutes: "40", usefulness: "5", comment: nil)
                let four = try #require(try await item()["staff"] as? [String: Any])
                #expect(four["n"] as? Int == 4 && four["median_minutes"] as? Double == 25)
                // another page of the same list is another answer
                let one = try await client.api(.get, "/api/v1/requirements?organisation=\(org)&per_page=1", as: staffCaller)
                let two = try await client.api(.get, "/api/v1/requirements?organisation=\(org)&per_page=1&page=2", as: staffCaller)
                #expect(one.json?["page"] as? Int == 1 && two.json?["page"] as? Int == 2 && one.text != two.text)
            }
        }
    }

    @Test("the burden pages are rendered once yet follow all they show: a requirement's new name, a unit's, the people counted, a decision, the staff's view")
    func burdenPagesFollowChanges() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let org = harness.organisation.id
                let id = harness.prune["view"]!
                let unit = harness.units["teamA"]!
                func main(_ path: String) async throws -> String {
                    let text = try await client.get(path, as: chef).text
                    guard let start = text.range(of: "<main"), let end = text.range(of: "</main>") else { return "" }
                    return String(text[start.lowerBound..<end.upperBound])
                }
                func people(_ page: String) -> String? {
                    guard let range = page.range(of: #"<dt>Personer i enheterna</dt><dd>[^<]*</dd>"#, options: .regularExpression) else { return nil }
                    return String(page[range])
                }
                let overview = try await main("/o/tillitsby/kravbild"), unitPage = try await main("/o/tillitsby/enheter/\(unit)/krav")
                #expect(overview.contains("Månadsrapport") && unitPage.contains("Månadsrapport"))
                #expect(try await main("/o/tillitsby/kravbild") == overview)
                let administrator = Actor(userID: harness.callers["administrator"]!.userID, label: "admin",
                                          grants: [RoleGrant(role: .administrator, organisationID: org, unitID: nil)], via: "test")
                let requirements = Requirements(platform: harness.platform)
                _ = try await requirements.update(actor: administrator, id: id, RequirementInput(
                    name: "Kvartalsrapport", type: "riktlinje", issuer: "HR", purpose: "Uppföljning",
                    unitIDs: [String(unit)], frequency: "manad", minutes: "10", population: "5"))
                let renamed = try await main("/o/tillitsby/kravbild")
                #expect(renamed.contains("Kvartalsrapport") && !renamed.contains("Månadsrapport"))
                #expect(try await main("/o/tillitsby/enheter/\(unit)/krav").contains("Kvartalsrapport"))
                // the unit's new name in its page's title
                _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: unit, input: .init(name: "Lag Alfa"))
                #expect(try await main("/o/tillitsby/enheter/\(unit)/krav").contains("Krav på Lag Alfa"))
                // one more person in the unit is counted
                let before = try #require(people(try await main("/o/tillitsby/enheter/\(unit)/krav")))
                _ = try await harness.staffMember("ny-i-laget@test.se", unit: "teamA")
                #expect(people(try await main("/o/tillitsby/enheter/\(unit)/krav")) != before)
                // a decision shows among the freed hours
                let decided = try await client.post("/o/tillitsby/krav/\(id)/beslut", as: chef, form: [("decision", "forenkla"), ("reason", "Kortare"), ("new_minutes", "5")])
                #expect(decided.status == .seeOther)
                let afterDecision = try await main("/o/tillitsby/kravbild")
                #expect(afterDecision != renamed && afterDecision.contains("Förenkla"))
                // the staff's view from the threshold: nothing shown changes below it, and it shows at once when reached
                #expect(try await client.api(.patch, "/api/v1/organisations/\(org)/settings", as: harness.callers["administrator"]!,
                                             json: #"{"anonymity_threshold":3}"#).status == .ok)
                var assessors: [Actor] = []
                for i in 1...3 {
                    assessors.append(try await harness.staffMember("bild\(i)@test.se", unit: "teamA"))
                }
                let unassessed = try await main("/o/tillitsby/kravbild")
                for (i, person) in assessors.enumerated() {
                    _ = try await requirements.assess(actor: person, id: id, minutes: "5", usefulness: "1", comment: nil)
                    let page = try await main("/o/tillitsby/kravbild")
                    #expect(i < 2 ? page == unassessed : page != unassessed, "after \(i + 1) assessments")
                }
            }
        }
    }

    @Test("the import page: a bad file shows every problem with its line and writes nothing; a good one redirects to the inventory")
    func importPage() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let teamA = harness.units["teamA"]!
                let header = "name,description,type,issuer,legal_reference,purpose,units,roles,frequency,cases_per_year,minutes,population\n"
                let bad = header + "Ett,,riktlinje,HR,,Syfte,\(teamA),,manad,,10,5\nTvå,,riktlinje,HR,,Syfte,\(teamA),,manad,,99999,5\n"
                let refused = try await client.upload("/o/tillitsby/kravimport", as: admin, fileName: "krav.csv", data: Data(bad.utf8))
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("Rad 3: minutes"))
                let listed = try await client.get("/o/tillitsby/krav", as: admin)
                #expect(!listed.text.contains(">Ett<"))
                let good = header + "Ett,,riktlinje,HR,,Syfte,\(teamA),,manad,,10,5\n"
                let imported = try await client.upload("/o/tillitsby/kravimport", as: admin, fileName: "krav.csv", data: Data(good.utf8))
                #expect(imported.status == .seeOther)
                let after = try await client.follow(imported, as: admin)
                #expect(after.text.contains("1 krav importerades."))
                #expect(after.text.contains(">Ett<"))
                // only administrators import
                let staff = try await client.upload("/o/tillitsby/kravimport", as: harness.callers["chef"]!, fileName: "krav.csv", data: Data(good.utf8))
                #expect(staff.status == .forbidden)
            }
        }
    }

    @Test("the import writes all or nothing, naming each bad line")
    func csvImport() async throws {
        try await Harness.with { harness, _ in
            let requirements = Requirements(platform: harness.platform)
            let admin = Actor(userID: harness.callers["administrator"]!.userID, label: "admin",
                              grants: [RoleGrant(role: .administrator, organisationID: harness.organisation.id, unitID: nil)], via: "test")
            let teamA = harness.units["teamA"]!
            let header = "name,description,type,issuer,legal_reference,purpose,units,roles,frequency,cases_per_year,minutes,population\n"
            let bad = header + "Bra,,riktlinje,HR,,Syfte,\(teamA),,manad,,10,5\nDålig,,okänd,HR,,Syfte,\(teamA),,manad,,-1,5\nÄven dålig,,lag,HR,,Syfte,999999,,per_arende,,10,5\n"
            do {
                _ = try await requirements.importCSV(actor: admin, organisationID: harness.organisation.id, data: Data(bad.utf8))
                Issue.record("a bad file was imported")
            } catch let error as AppError {
                let messages = error.fieldErrors.map { $0.message.text(.sv) }
                #expect(messages.contains { $0.hasPrefix("Rad 3: type") })
                #expect(messages.contains { $0.hasPrefix("Rad 3: minutes") })
                #expect(messages.contains { $0.hasPrefix("Rad 4: unit_ids") })
                #expect(messages.contains { $0.hasPrefix("Rad 4: cases_per_year") })
                #expect(!messages.contains { $0.hasPrefix("Rad 2") })
            }
            let before = try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init()).count
            let good = header + "Bra,,riktlinje,HR,,Syfte,\(teamA),medarbetare,manad,,10,5\n\"Med, komma\",,avtal,Regionen,,Syfte,\(teamA),,per_arende,40,5,2\n"
            #expect(try await requirements.importCSV(actor: admin, organisationID: harness.organisation.id, data: Data(good.utf8)) == 2)
            #expect(try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init()).count == before + 2)
            // what is exported imports again
            let tree = try await harness.platform.unitTree(organisationID: harness.organisation.id)
            let exported = RequirementCSV.export(try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init(status: "active")), tree: tree)
            let count = try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init(status: "active")).count
            #expect(try await requirements.importCSV(actor: admin, organisationID: harness.organisation.id, data: Data(exported.utf8)) == count)
            // ... as the same requirements, not copies; an edited line changes its requirement
            #expect(try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init(status: "active")).count == count)
            let edited = exported.replacingOccurrences(of: "\"Med, komma\"", with: "\"Med, komma (ändrad)\"")
            #expect(edited != exported)
            #expect(try await requirements.importCSV(actor: admin, organisationID: harness.organisation.id, data: Data(edited.utf8)) == count)
            let names = try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init(status: "active")).map(\.requirement.name)
            #expect(names.contains("Med, komma (ändrad)") && !names.contains("Med, komma"))
            // an id the organisation does not have, or the same id twice, is refused by line
            let exportedLines = exported.components(separatedBy: "\r\n")
            let header2 = exportedLines[0], firstLine = exportedLines[1]
            let firstID = String(firstLine.prefix { $0 != "," })
            let wrong = [header2, firstLine.replacingOccurrences(of: firstID + ",", with: "4242,"), firstLine, firstLine, ""].joined(separator: "\r\n")
            do {
                _ = try await requirements.importCSV(actor: admin, organisationID: harness.organisation.id, data: Data(wrong.utf8))
                Issue.record("a file with an unknown id was imported")
            } catch let error as AppError {
                let messages = error.fieldErrors.map { $0.message.text(.sv) }
                #expect(messages.contains { $0.hasPrefix("Rad 2: id") })
                #expect(messages.contains { $0.hasPrefix("Rad 4: id") })
                #expect(!messages.contains { $0.hasPrefix("Rad 3") })
            }
            #expect(try await requirements.list(actor: admin, organisationID: harness.organisation.id, filter: .init(status: "active")).count == count)
        }
    }
}

@Suite("Prune and Listen: signals about unnecessary requirements")
struct SignalRequirementTests {
    @Test("a signal becomes a requirement in one action and is answered, in the same transaction, when the requirement is decided")
    func becomeAndAnswer() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["administrator"]!
                let staff = harness.callers["medarbetare"]!
                let signalID = harness.signals["requirement"]!
                // the manager sees the section and the way to make a requirement of the signal
                let page = try await client.get("/signaler/\(signalID)", as: chef)
                #expect(page.text.contains("id=\"requirement-title\""))
                #expect(page.text.contains("/o/tillitsby/krav/ny?signal=\(signalID)"))
                // staff see the section without the forms; another kind of signal has none
                #expect(!(try await client.get("/signaler/\(signalID)", as: staff)).text.contains("?signal="))
                #expect(!(try await client.get("/signaler/\(harness.signals["view"]!)", as: harness.callers["chef"]!)).text.contains("id=\"requirement-title\""))
                // the form starts from the signal's text and unit; staff may not start it
                let form = try await client.get("/o/tillitsby/krav/ny?signal=\(signalID)", as: chef)
                #expect(form.text.contains("Signal requirement"))
                #expect(form.text.contains("name=\"signal_id\" value=\"\(signalID)\""))
                #expect(try await client.get("/o/tillitsby/krav/ny?signal=\(signalID)", as: staff).status == .forbidden)
                let created = try await client.post("/o/tillitsby/krav/ny", as: chef, form: [
                    ("signal_id", String(signalID)), ("name", "Dubbel registrering"), ("type", "riktlinje"), ("issuer", "Förvaltningen"),
                    ("purpose", "Ingen vet"), ("unit_ids", String(harness.units["teamA"]!)), ("frequency", "dag"), ("minutes", "5"), ("population", "3")])
                #expect(created.status == .seeOther)
                let location = try #require(created.headers[.location])
                let id = try #require(Route.requirement.values(of: location.components(separatedBy: "?")[0])?[1])
                #expect(try await client.get("/signaler/\(signalID)", as: staff).text.contains("Dubbel registrering"))
                // investigating answers nothing yet; removing answers the signal
                _ = try await client.post("/o/tillitsby/krav/\(id)/beslut", as: chef, form: [("decision", "utred"), ("reason", "Vi tittar på det")])
                let open = try await Signals(platform: harness.platform).detail(actor: .commandLine("test"), id: signalID).signal
                #expect(open.status == .open)
                let removed = try await client.post("/o/tillitsby/krav/\(id)/beslut", as: chef, form: [("decision", "ta_bort"), ("reason", "Ingen läser den")])
                #expect(removed.status == .seeOther)
                let answered = try await Signals(platform: harness.platform).detail(actor: .commandLine("test"), id: signalID).signal
                #expect(answered.status == .decided)
                #expect(answered.decision == .atgardas)
                #expect(answered.decisionText?.contains("Dubbel registrering") == true)
                #expect(answered.decisionText?.contains("Ingen läser den") == true)
            }
        }
    }

    @Test("a signal is linked to an existing requirement; keeping the requirement answers it with the reason")
    func linkAndKeep() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["administrator"]!
                let signalID = harness.signals["requirement"]!
                let requirementID = harness.prune["view"]!
                let linked = try await client.post("/signaler/\(signalID)/krav", as: chef, form: [("requirement_id", String(requirementID))])
                #expect(linked.status == .seeOther)
                #expect(linked.headers[.location] == "/signaler/\(signalID)#requirement-title")
                #expect(try await client.get("/signaler/\(signalID)", as: chef).text.contains("Månadsrapport"))
                // someone without the mandate may not link
                let refused = try await client.post("/signaler/\(signalID)/krav", as: harness.callers["medarbetare"]!, form: [("requirement_id", String(requirementID))])
                #expect(refused.status == .forbidden)
                let kept = try await client.api(.post, "/api/v1/requirements/\(requirementID)/decisions", as: chef, json: #"{"decision":"behall","reason":"Krävs av HR"}"#)
                #expect(kept.status == .created)
                let answered = try await Signals(platform: harness.platform).detail(actor: .commandLine("test"), id: signalID).signal
                #expect(answered.decision == .atgardasInte)
                #expect(answered.decisionText?.contains("Krävs av HR") == true)
            }
        }
    }
}
