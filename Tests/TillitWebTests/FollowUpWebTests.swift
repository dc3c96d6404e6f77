import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TillitFollowUp
import TillitFormats
import TillitPlatform
import TillitTestSupport
@testable import TillitWeb

/// A finished round over Vård och omsorg in the harness, with answers that make Hemtjänst Norr's own
/// small group hide Norr and the top, and an open round's link for the answering page.
enum SurveyFixture {
    static func closedRound(_ harness: Harness) async throws -> (round: Int64, openToken: String) {
        let surveys = FollowUp(platform: harness.platform)
        let root = Actor.commandLine("test")
        let barometer = harness.followUp["questionnaire"]!
        let round = try await surveys.createRound(actor: root, .init(questionnaireID: String(barometer), unitID: String(harness.units["vof"]!),
                                                                     opensOn: "2026-03-02", closesOn: "2026-03-09"))
        let team = try await surveys.invite(actor: root, roundID: round.id, unitID: String(harness.units["teamA"]!), count: "8")
        let norr = try await surveys.invite(actor: root, roundID: round.id, unitID: String(harness.units["norr"]!), count: "3")
        for (index, token) in team.prefix(7).enumerated() {
            try await surveys.respond(token: token, answers: ["tillit-1": .number(index % 5 + 1), "tillit-2": .number(4), "stod-1": .number(index < 3 ? 2 : 3),
                                                              "stod-2": .string("vet_ej")], submit: true)
        }
        for token in norr.prefix(2) { try await surveys.respond(token: token, answers: ["tillit-1": .number(5)], submit: true) }
        _ = try await surveys.close(actor: root, roundID: round.id)
        _ = try await harness.platform.updateSettings(actor: root, organisationID: harness.organisation.id, changes: ["results_embargo_days": "0"])
        let open = try await surveys.invite(actor: root, roundID: harness.followUp["open"]!, unitID: String(harness.units["teamA"]!), count: "1")
        return (round.id, open[0])
    }
}

@Suite("Follow up pages")
struct FollowUpWebTests {
    @Test("answering without JavaScript: save and come back, a wrong answer shown again, send, thanks; the link then says it was used")
    func answering() async throws {
        try await Harness.with { harness, app in
            let surveys = FollowUp(platform: harness.platform)
            let token = try await surveys.invite(actor: .commandLine("test"), roundID: harness.followUp["open"]!, unitID: String(harness.units["teamA"]!), count: "1")[0]
            try await app.test(.router) { client in
                let page = try await client.get("/svara/\(token)", as: .anonymous)
                #expect(page.status == .ok)
                #expect(page.text.contains("name=\"answers.tillit-1\" value=\"vet_ej\""))
                #expect(page.text.contains("Stämmer helt"))
                let saved = try await client.post("/svara/\(token)", as: .anonymous, form: [("answers.tillit-1", "4"), ("action", "save")])
                #expect(saved.status == .seeOther)
                #expect(saved.headers[.location] == "/svara/\(token)?sparat=1")
                let again = try await client.get("/svara/\(token)?sparat=1", as: .anonymous).text
                #expect(again.contains("value=\"4\" checked"))
                #expect(again.contains("role=\"status\""))
                let wrong = try await client.post("/svara/\(token)", as: .anonymous, form: [("answers.tillit-1", "9"), ("action", "send")])
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("error-summary"))
                let sent = try await client.post("/svara/\(token)", as: .anonymous, form: [("answers.tillit-2", "vet_ej"), ("action", "send")])
                #expect(sent.status == .seeOther && sent.headers[.location] == "/svara-tack")
                #expect(try await client.get("/svara-tack", as: .anonymous).status == .ok)
                let used = try await client.get("/svara/\(token)", as: .anonymous)
                #expect(used.status == .conflict)
                #expect(used.text.contains("redan använts"))
            }
        }
    }

    @Test("a shared unit code: typed on the entry page, answered, capped")
    func unitCode() async throws {
        try await Harness.with { harness, app in
            let surveys = FollowUp(platform: harness.platform)
            let participants = try await surveys.questionnaires(actor: .commandLine("test")).first { $0.questionnaire.key == "deltagarrosten" }!
            let round = try await surveys.createRound(actor: .commandLine("test"), .init(questionnaireID: String(participants.id), unitID: String(harness.units["norr"]!),
                                                                                          opensOn: "2026-03-01", closesOn: "2026-03-31"))
            let code = try await surveys.createUnitCode(actor: .commandLine("test"), roundID: round.id, unitID: harness.units["norr"]!, cap: 1)
            try await app.test(.router) { client in
                let entry = try await client.get("/svara?kod=\(code.lowercased())", as: .anonymous)
                #expect(entry.status == .seeOther && entry.headers[.location] == "/svara/kod/\(code)")
                let form = try await client.get("/svara/kod/\(code)", as: .anonymous).text
                #expect(form.contains("Lyssnar personalen på dig?"))
                #expect(!form.contains("value=\"save\""), "a shared code has no saving for later")
                let sent = try await client.post("/svara/kod/\(code)", as: .anonymous, form: [("answers.lyssnar", "5"), ("answers.rekommendera", "ja")])
                #expect(sent.status == .seeOther)
                #expect(try await client.get("/svara/kod/\(code)", as: .anonymous).status == .conflict)
                #expect(try await client.get("/svara?kod=XXXX", as: .anonymous).status == .notFound)
                #expect(try await client.get("/svara?kod=xx+xx", as: .anonymous).text.contains("value=\"xx xx\""))
                // the round's page links the code while the round takes answers, and only shows it after
                let admin = harness.callers["administrator"]!
                #expect(try await client.get("/o/tillitsby/enkater/\(round.id)", as: admin).text.contains("href=\"/svara/kod/\(code)\""))
                #expect(try await client.post("/o/tillitsby/enkater/\(round.id)/stang", as: admin, form: []).status == .seeOther)
                let closed = try await client.get("/o/tillitsby/enkater/\(round.id)", as: admin).text
                #expect(closed.contains(code) && !closed.contains("href=\"/svara/kod/\(code)\""))
            }
        }
    }

    @Test("the report: SVG charts with their tables, hidden groups marked, a heatmap, and a CSV with the same suppression")
    func report() async throws {
        try await Harness.with { harness, app in
            let (round, _) = try await SurveyFixture.closedRound(harness)
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let page = try await client.get("/o/tillitsby/enkater/\(round)/resultat", as: admin)
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.contains("<svg class=\"chart\""))
                #expect(html.contains("<table class=\"heatmap\""))
                #expect(html.contains("heat-hidden"), "Norr is hidden: its own two would be Norr less Team A")
                let norrPage = try await client.get("/o/tillitsby/enkater/\(round)/resultat?enhet=\(harness.units["norr"]!)", as: admin).text
                #expect(norrPage.contains("Team A"))
                let csv = try await client.get("/o/tillitsby/enkater/\(round)/resultat.csv?enhet=\(harness.units["norr"]!)", as: admin)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = csv.text.split(whereSeparator: \.isNewline).map(String.init)
                #expect(lines.count == 3)
                let norrRow = lines.first { $0.hasPrefix("\(harness.units["norr"]!),") }!
                let teamRow = lines.first { $0.hasPrefix("\(harness.units["teamA"]!),") }!
                #expect(norrRow.contains(",11,,"), "invited shown, respondents hidden")
                #expect(teamRow.contains(",8,7,"))
                // the start page leads to the surveys
                let start = try await client.get("/", as: harness.callers["medarbetare"]!).text
                #expect(start.contains("id=\"start-surveys\""))
                #expect(start.contains("href=\"/o/tillitsby/enkater\""))
                // a staff member of Team A sees the team but not Norr's figures (hidden anyway) nor other units'
                let staff = harness.callers["medarbetare"]!
                #expect(try await client.get("/o/tillitsby/enkater/\(round)/resultat?enhet=\(harness.units["teamA"]!)", as: staff).status == .ok)
                #expect(try await client.get("/o/tillitsby/enkater/\(round)/resultat?enhet=abc", as: staff).status == .notFound)
            }
        }
    }

    @Test("the report, kept as rendered, follows the reader's view of the units, their names and the threshold; the same page again reads the same")
    func keptReport() async throws {
        try await Harness.with { harness, app in
            let (round, _) = try await SurveyFixture.closedRound(harness)
            let root = Actor.commandLine("test")
            try await app.test(.router) { client in
                let path = "/o/tillitsby/enkater/\(round)/resultat?enhet=\(harness.units["teamA"]!)"
                let norrPath = "/o/tillitsby/enkater/\(round)/resultat?enhet=\(harness.units["norr"]!)"
                let chef = harness.callers["chef"]!, staff = harness.callers["medarbetare"]!
                let first = try await client.get(path, as: chef).text
                #expect(first.contains("Svar: 7"))
                #expect(try await client.get(path, as: chef).text == first)
                // the heatmap one level down names the units as they are now
                let norr = try await client.get(norrPath, as: chef).text
                #expect(norr.contains(">Team A</a>"))
                _ = try await harness.platform.updateUnit(actor: root, id: harness.units["teamA"]!, input: .init(name: "Team Alfa"))
                let renamed = try await client.get(norrPath, as: chef).text
                #expect(renamed.contains(">Team Alfa</a>") && !renamed.contains(">Team A</a>"))
                // moved up beside Norr, the team is no longer one level below it, and is one below the round's unit
                _ = try await harness.platform.updateUnit(actor: root, id: harness.units["teamA"]!, input: .init(parentID: String(harness.units["vof"]!)))
                #expect(!(try await client.get(norrPath, as: chef).text.contains(">Team Alfa</a>")))
                #expect(try await client.get("/o/tillitsby/enkater/\(round)/resultat", as: chef).text.contains(">Team Alfa</a>"))
                // an embargo again: the level above no longer sees the team's figures, the team still does
                _ = try await harness.platform.updateSettings(actor: root, organisationID: harness.organisation.id, changes: ["results_embargo_days": "30"])
                #expect(!(try await client.get(path, as: chef).text.contains("Svar: 7")))
                #expect(try await client.get(path, as: staff).text.contains("Svar: 7"))
                // a threshold above the team's seven answers hides them from everyone
                _ = try await harness.platform.updateSettings(actor: root, organisationID: harness.organisation.id, changes: ["anonymity_threshold": "8"])
                let hidden = try await client.get(path, as: staff).text
                #expect(!hidden.contains("Svar: 7"))
                #expect(hidden.contains("<span class=\"suppressed\">dold</span>"))
            }
        }
    }

    @Test("the report's headings carry their soft hyphens as if the whole page were hyphenated at once, kept or not")
    func reportHyphenatedInParts() async throws {
        try await Harness.with { harness, app in
            let (round, _) = try await SurveyFixture.closedRound(harness)
            // Long compounds in the report's own heading (its unit's name) and in the names of the units one level down.
            _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: harness.units["norr"]!,
                                                      input: .init(name: "Hemtjänstområdesverksamhetsenheten"))
            _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: harness.units["teamA"]!,
                                                      input: .init(name: "Arbetsmiljöutvecklingsgruppen"))
            try await app.test(.router) { client in
                for unit in ["norr", "teamA"] {
                    let path = "/o/tillitsby/enkater/\(round)/resultat?enhet=\(harness.units[unit]!)"
                    for _ in 0..<2 {  // made, then kept
                        let page = try await client.get(path, as: harness.callers["chef"]!).text
                        let main = try #require(page.range(of: "<main").flatMap { start in page.range(of: "</main>").map { String(page[start.lowerBound..<$0.upperBound]) } })
                        #expect(main.contains("\u{AD}"), "\(unit): no soft hyphen at all")
                        let plain = main.replacingOccurrences(of: "\u{AD}", with: "")
                        #expect(Hyphenation.headings(plain) == main, "\(unit)")
                    }
                }
            }
        }
    }

    @Test("starting a round and making links through the pages: errors shown again, the links as a file")
    func running() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let bad = try await client.post("/o/tillitsby/enkater", as: chef, form: [("questionnaire_id", String(harness.followUp["questionnaire"]!)),
                                                                                         ("unit_id", String(harness.units["vof"]!)), ("opens_on", "2026-03-10"), ("closes_on", "2026-03-01")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("error-summary"))
                let created = try await client.post("/o/tillitsby/enkater", as: chef, form: [("questionnaire_id", String(harness.followUp["questionnaire"]!)),
                                                                                             ("unit_id", String(harness.units["vof"]!)), ("opens_on", "2026-03-02"), ("closes_on", "2026-03-20")])
                #expect(created.status == .seeOther)
                let roundPath = try #require(created.headers[.location])
                let links = try await client.post(roundPath + "/inbjudningar", as: chef, form: [("unit_id", String(harness.units["teamA"]!)), ("count", "3")])
                #expect(links.status == .ok)
                #expect(links.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(links.text.split(whereSeparator: \.isNewline).count == 4)
                #expect(links.text.contains("/svara/"))
                let tooMany = try await client.post(roundPath + "/inbjudningar", as: chef, form: [("unit_id", String(harness.units["teamA"]!)), ("count", "0")])
                #expect(tooMany.status == .unprocessableContent)
                let roundPage = try await client.get(roundPath, as: chef).text
                #expect(roundPage.contains("Team A"))
                let closed = try await client.post(roundPath + "/stang", as: chef, form: [])
                #expect(closed.status == .seeOther)
            }
        }
    }

    @Test("the dialogue note: written by the unit's manager after closing, its need raised once as a signal to the level above")
    func dialogue() async throws {
        try await Harness.with { harness, app in
            let (round, _) = try await SurveyFixture.closedRound(harness)
            let teamA = harness.units["teamA"]!
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let staff = harness.callers["medarbetare"]!
                let path = "/o/tillitsby/enkater/\(round)/dialog"
                let empty = try await client.post(path, as: chef, form: [("unit_id", String(teamA)), ("what_we_see", ""), ("what_we_do", "")])
                #expect(empty.status == .unprocessableContent)
                #expect(empty.text.contains("error-summary"))
                #expect(try await client.post(path, as: staff, form: [("unit_id", String(teamA)), ("what_we_see", "x"), ("what_we_do", "y")]).status == .forbidden)
                let saved = try await client.post(path, as: chef, form: [("unit_id", String(teamA)), ("what_we_see", "Stödet brister"),
                                                                        ("what_we_do", "Vi ses varje vecka"), ("what_we_need", "En fast IT-kontakt")])
                #expect(saved.status == .seeOther)
                let report = try await client.get("/o/tillitsby/enkater/\(round)/resultat?enhet=\(teamA)", as: staff).text
                #expect(report.contains("Stödet brister") && report.contains("En fast IT-kontakt"))
                for _ in 0..<2 {
                    let raised = try await client.post(path + "/signal", as: chef, form: [("unit_id", String(teamA))])
                    #expect(raised.status == .seeOther)
                }
                let signals = try await harness.platform.database.read { db in
                    try await db.raw("SELECT unit_id, kind FROM signals WHERE text LIKE '%En fast IT-kontakt%'").all()
                }
                #expect(signals.count == 1, "raised once")
                #expect(try signals.first?.int64("unit_id") == harness.units["norr"]!, "to the level above Team A")
                let after = try await client.get("/o/tillitsby/enkater/\(round)/resultat?enhet=\(teamA)", as: chef).text
                #expect(after.contains("/signaler/"))
                // the note is in its writer's data download, and in no one else's
                let writer = Actor(userID: chef.userID, label: "chef", grants: [], via: "test")
                let (_, files) = try await harness.platform.exportPersonalData(actor: writer, parts: Tillit.personalDataParts)
                let notes = try #require(files.first { $0.name == "dialoganteckningar.json" })
                let records = try #require(JSONSerialization.jsonObject(with: notes.content) as? [[String: Any]])
                #expect(records.map { $0["det_vi_behover"] as? String } == ["En fast IT-kontakt"])
                let other = Actor(userID: staff.userID, label: "staff", grants: [], via: "test")
                let (_, theirs) = try await harness.platform.exportPersonalData(actor: other, parts: Tillit.personalDataParts)
                let theirNotes = try #require(theirs.first { $0.name == "dialoganteckningar.json" })
                #expect((try JSONSerialization.jsonObject(with: theirNotes.content) as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("the demo: two finished barometer rounds, a finished and an open participant round, small groups hidden, notes, a need raised; every publication passes the audit")
    func demo() async throws {
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: [:])
            config.passwordCost = 4
            let platform = try Tillit.platform(database, config: config, logger: TestDatabases.logger)
            #expect(try await DemoLoader(platform: platform, logger: TestDatabases.logger).loadIfEmpty())
            let tillitsby = try await platform.organisation(slug: "tillitsby")
            let surveys = FollowUp(platform: platform)
            let admin = Actor.commandLine("test")
            let rounds = try await surveys.rounds(actor: admin, organisationID: tillitsby.id)
            #expect(rounds.count == 4)
            let today = CivilDate(LocalTime(platform.clock.now()).dateOnly)!
            #expect(rounds.filter { $0.closingDay(today: today) != nil }.count == 3)
            let board = Actor(userID: 1, label: "styrelse", grants: [RoleGrant(role: .styrelse, organisationID: tillitsby.id, unitID: nil)], via: "test")
            for round in rounds where round.closingDay(today: today) != nil {
                let findings = try await surveys.audit(actor: admin, roundID: round.id, reader: admin)
                #expect(findings.isClean, "round \(round.id): \(findings.leaks) \(findings.mismatches)")
                #expect(try await surveys.audit(actor: admin, roundID: round.id, reader: board).isClean)
            }
            // the latest barometer round shows the top and hides small groups
            let latest = rounds.first { $0.questionnaireID == rounds.last!.questionnaireID }!
            let results = try await surveys.results(actor: admin, roundID: latest.id, unitID: nil, depth: 20)
            #expect(results.units.first!.respondents != nil)
            #expect(results.units.contains { $0.suppressed })
            #expect(!results.previous.isEmpty, "a previous round to compare with")
            #expect(results.trend.map(\.round.id) == [rounds.last!.id, latest.id], "the trend: the first round, then this one")
            let notes = try await database.read { db in try await db.raw("SELECT signal_id FROM survey_dialogue_notes").all() }
            #expect(notes.count == 2)
            #expect(try notes.contains { try $0.optionalInt64("signal_id") != nil })
        }
    }
}
