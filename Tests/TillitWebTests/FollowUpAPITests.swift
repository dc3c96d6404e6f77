import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Testing
import TillitFollowUp
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

/// The Follow up API as integrations use it: exactly the paths, fields and status codes of its contract.
@Suite("Follow up API")
struct FollowUpAPITests {
    @Test("a round from start to results: questionnaires, round, invitations, anonymous responses, refusals, close, results with nulls")
    func wholeRound() async throws {
        let lines = LockedBox<[String]>([])
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: [:])
            config.passwordCost = 4
            let mailer = RecordingMailer()
            let clock = AppClock.fixed(TestDatabases.epoch)
            let platform = try Tillit.platform(database, config: config, clock: clock, logger: TestDatabases.logger)
            let harness = try await Harness.seed(platform, mailer: mailer)
            var logger = Logger(label: "test") { _ in CollectingLogHandler(lines) }
            logger.logLevel = .trace
            let app = try await Tillit.buildApplication(config, database: database, clock: clock, mailer: mailer, logger: logger, platform: platform)
            let admin = harness.callers["administrator"]!
            let staff = harness.callers["medarbetare"]!
            let (vof, norr, teamA) = (harness.units["vof"]!, harness.units["norr"]!, harness.units["teamA"]!)
            try await app.test(.router) { client in
                // the questionnaires: exactly id, title, version
                let list = try await client.api(.get, "/api/v1/questionnaires", as: staff)
                #expect(list.status == .ok)
                let items = try #require(list.json?["items"] as? [[String: Any]])
                #expect(items.count == 2)
                #expect(items.allSatisfy { Set($0.keys) == ["id", "title", "version"] })
                let barometerID = try #require(items.first { $0["title"] as? String == "Tillitsbarometern" }?["id"] as? Int)
                let one = try await client.api(.get, "/api/v1/questionnaires/\(barometerID)", as: staff).json
                #expect(Set(one?.keys.map { $0 } ?? []) == ["id", "title", "items"])
                let questions = try #require(one?["items"] as? [[String: Any]])
                #expect(questions.allSatisfy { Set($0.keys) == ["id", "kind", "text", "dimension"] })
                #expect(questions.contains { $0["id"] as? String == "tillit-1" && $0["kind"] as? String == "likert" && $0["dimension"] as? String == "tillit" })
                #expect(questions.contains { $0["kind"] as? String == "text" && $0["dimension"] is NSNull })

                // a round over Vård och omsorg, and invitations for Team A and Norr itself
                let created = try await client.api(.post, "/api/v1/rounds", as: admin,
                                                   json: #"{"questionnaire_id":\#(barometerID),"unit_id":\#(vof),"opens_on":"2026-03-02","closes_on":"2026-03-13"}"#)
                #expect(created.status == .created)
                let roundID = try #require(created.json?["id"] as? Int)
                let bad = try await client.api(.post, "/api/v1/rounds", as: admin,
                                               json: #"{"questionnaire_id":\#(barometerID),"unit_id":\#(vof),"opens_on":"2026-03-13","closes_on":"2026-03-02"}"#)
                #expect(bad.status == .unprocessableContent)
                #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let team = try await client.api(.post, "/api/v1/rounds/\(roundID)/invitations", as: admin, json: #"{"unit_id":\#(teamA),"count":7}"#)
                #expect(team.status == .created)
                let teamTokens = try #require(team.json?["tokens"] as? [String])
                let own = try #require(try await client.api(.post, "/api/v1/rounds/\(roundID)/invitations", as: admin, json: #"{"unit_id":\#(norr),"count":2}"#).json?["tokens"] as? [String])
                #expect(teamTokens.count == 7 && own.count == 2)

                // responses without an account
                for (index, token) in teamTokens.prefix(6).enumerated() {
                    let sent = try await client.api(.post, "/api/v1/responses", as: .anonymous,
                                                    json: #"{"token":"\#(token)","answers":{"tillit-1":\#(index % 5 + 1),"tillit-2":"vet_ej","onskan":"Mer tid"}}"#)
                    #expect(sent.status == .created)
                }
                for token in own {
                    #expect(try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(token)","answers":{"tillit-1":5}}"#).status == .created)
                }
                let reused = try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(teamTokens[0])","answers":{"tillit-1":3}}"#)
                #expect(reused.status == .conflict)
                #expect(reused.json?["type"] as? String != nil)
                let outOfRange = try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(teamTokens[6])","answers":{"tillit-1":6}}"#)
                #expect(outOfRange.status == .unprocessableContent)
                let unknown = try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(teamTokens[6])","answers":{"nej":3}}"#)
                #expect(unknown.status == .unprocessableContent)
                let wrongType = try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(teamTokens[6])","answers":{"tillit-1":[1]}}"#)
                #expect(wrongType.status == .unprocessableContent || wrongType.status == .badRequest)

                // results wait for the round to close
                #expect(try await client.api(.get, "/api/v1/rounds/\(roundID)/results", as: admin).status == .conflict)
                #expect(try await client.api(.post, "/api/v1/rounds/\(roundID)/close", as: staff).status == .forbidden)
                #expect(try await client.api(.post, "/api/v1/rounds/\(roundID)/close", as: admin).status == .ok)
                let late = try await client.api(.post, "/api/v1/responses", as: .anonymous, json: #"{"token":"\#(teamTokens[6])","answers":{"tillit-1":3}}"#)
                #expect(late.status == .conflict)

                // during the embargo the administrator gets every unit listed, all null
                let embargoed = try #require(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?depth=3", as: admin).json)
                #expect(Set(embargoed.keys) == ["k", "units"])
                #expect(embargoed["k"] as? Int == 5)
                let listed = try #require(embargoed["units"] as? [[String: Any]])
                #expect(listed.map { $0["unit_id"] as? Int } == [Int(vof), Int(norr), Int(teamA)])
                #expect(listed.allSatisfy { $0["n"] is NSNull && $0["suppressed"] as? Bool == true })
                // Team A's own people see their own results at once
                let mine = try #require(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?unit=\(teamA)&depth=0", as: staff).json)
                let teamResult = try #require((mine["units"] as? [[String: Any]])?.first)
                #expect(Set(teamResult.keys) == ["unit_id", "parent_id", "invited", "n", "response_rate", "suppressed", "items"])
                #expect(teamResult["n"] as? Int == 6 && teamResult["invited"] as? Int == 7)
                #expect(abs((teamResult["response_rate"] as? Double ?? 0) - 6.0 / 7.0) < 1e-9)
                let item = try #require((teamResult["items"] as? [String: Any])?["tillit-1"] as? [String: Any])
                #expect(Set(item.keys) == ["n", "mean", "distribution", "suppressed"])
                #expect(item["n"] as? Int == 6)
                #expect(abs((item["mean"] as? Double ?? 0) - 16.0 / 6.0) < 1e-9)
                #expect((item["distribution"] as? [String: Int]) == ["1": 2, "2": 1, "3": 1, "4": 1, "5": 1])
                let dontKnow = try #require((teamResult["items"] as? [String: Any])?["tillit-2"] as? [String: Any])
                #expect(dontKnow["n"] as? Int == 0, "six answered vet ej: nobody is counted")

                // with no embargo the administrator sees the tree, with Norr and the top hidden:
                // Norr's own two would be Norr less Team A
                #expect(try await client.api(.patch, "/api/v1/organisations/\(harness.organisation.id)/settings", as: admin,
                                             json: #"{"results_embargo_days":0}"#).status == .ok)
                let released = try #require(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?depth=3", as: admin).json?["units"] as? [[String: Any]])
                let byUnit = Dictionary(uniqueKeysWithValues: released.map { ($0["unit_id"] as! Int, $0) })
                #expect(byUnit[Int(teamA)]?["n"] as? Int == 6)
                #expect(byUnit[Int(norr)]?["n"] is NSNull && byUnit[Int(norr)]?["response_rate"] is NSNull)
                #expect(byUnit[Int(vof)]?["n"] is NSNull)
                #expect(byUnit[Int(norr)]?["invited"] as? Int == 9)
                // bad queries
                #expect(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?depth=99", as: admin).status == .badRequest)
                #expect(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?unit=abc", as: admin).status == .badRequest)
                #expect(try await client.api(.get, "/api/v1/rounds/\(roundID)/results?unit=\(harness.units["it"]!)", as: admin).status == .notFound)

                // a response leaves no request-log line and no metric
                let log = lines.value.joined(separator: "\n")
                #expect(log.contains("/api/v1/rounds/{id}/results"))
                #expect(!log.contains("/api/v1/responses"))
                let metrics = try await client.get("/metrics", as: .anonymous).text
                #expect(!metrics.contains("/api/v1/responses"))
            }
        }
    }
}
