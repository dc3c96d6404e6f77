import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PropertyBased
import SQLKit
import Testing
import TillitFormats
import TillitLearn
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

@Suite("Web: forms, CSRF, sign-in, headers")
struct WebBehaviourTests {
    func unitCount(_ harness: Harness) async throws -> Int {
        try await harness.platform.unitTree(organisationID: harness.organisation.id).units.count
    }

    @Test("a form without the right CSRF token is refused and writes nothing")
    func csrf() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let before = try await unitCount(harness)
                for token in ["", "wrong-token", Caller.anonymous.csrfToken] {
                    let response = try await client.post("/o/tillitsby/admin/enheter/ny", as: admin, form: [("name", "X"), ("kind", "enhet")], csrf: token)
                    #expect(response.status == .forbidden)
                }
                // a browser session cannot write through the API (only tokens can)
                var headers = admin.browserHeaders
                headers[.contentType] = "application/json"
                let api = try await client.execute(uri: "/api/v1/organisations/\(harness.organisation.id)/units", method: .post, headers: headers,
                                                   body: ByteBuffer(string: #"{"name":"X","kind":"enhet"}"#))
                #expect(api.status == .unauthorized)
                #expect(try await unitCount(harness) == before)
                // and with the token it works
                let ok = try await client.post("/o/tillitsby/admin/enheter/ny", as: admin, form: [("name", "X"), ("kind", "enhet"), ("parent_id", "")])
                #expect(ok.status == .seeOther)
                #expect(try await unitCount(harness) == before + 1)
            }
        }
    }

    @Test("the signals page shows each list a page at a time, with links that keep the other lists' pages")
    func signalsPaged() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!, chef = harness.callers["chef"]!
                for n in 0..<55 {
                    let raised = try await client.post("/signaler/ny", as: staff, form: [("kind", "hinder"), ("text", "Sidtest \(n)"), ("unit_id", String(harness.units["teamA"]!))])
                    #expect(raised.status == .seeOther)
                }
                func toAnswer(_ html: String) -> [String] {
                    let section = html.components(separatedBy: "id=\"to-answer\"")[1].components(separatedBy: "</section>")[0]
                    return section.components(separatedBy: "<li><a href=\"/signaler/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                }
                let first = try await client.get("/signaler", as: chef)
                #expect(first.status == .ok)
                let firstIDs = toAnswer(first.text)
                #expect(firstIDs.count == 50)
                #expect(first.text.contains("href=\"/signaler?besvara=2#to-answer\" rel=\"next\""))
                // the staff member's own list is paged by its own parameter, and its links keep the other list's page
                let mine = try await client.get("/signaler?lyfta=2&besvara=2", as: staff)
                #expect(mine.status == .ok)
                #expect(mine.text.contains("href=\"/signaler?besvara=2&amp;lyfta=1#raised\" rel=\"prev\""))
                let second = try await client.get("/signaler?besvara=2", as: chef)
                let secondIDs = toAnswer(second.text)
                #expect(!secondIDs.isEmpty && Set(firstIDs).isDisjoint(with: secondIDs))
                #expect(second.text.contains("href=\"/signaler?besvara=1#to-answer\" rel=\"prev\""))
                // the pagers are told apart by their lists' names
                #expect(second.text.contains("aria-label=\"Att besvara: Sida 2 av 2\""))
                for bad in ["/signaler?besvara=0", "/signaler?lyfta=x", "/signaler?enheter=100001"] {
                    #expect(try await client.get(bad, as: chef).status == .badRequest, "\(bad)")
                }
            }
        }
    }

    @Test("a form with errors is shown again with a summary that links to each field")
    func formErrors() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let response = try await client.post("/o/tillitsby/admin/enheter/ny", as: admin, form: [("name", "  "), ("kind", "kontor"), ("parent_id", "")])
                #expect(response.status == .unprocessableContent)
                let html = response.text
                #expect(html.contains("class=\"error-summary\" role=\"alert\""))
                #expect(html.contains("<a href=\"#field-name\">Namn: Fyll i fältet.</a>"))
                #expect(html.contains("href=\"#field-kind\""))
                #expect(html.contains("id=\"field-name\" name=\"name\" type=\"text\" value=\"  \" aria-describedby=\"error-name\" aria-invalid=\"true\""))
                // invalid UTF-8 in a percent-escape
                var headers = admin.browserHeaders
                headers[.contentType] = "application/x-www-form-urlencoded"
                let bad = try await client.execute(uri: "/o/tillitsby/admin/enheter/ny", method: .post, headers: headers,
                                                   body: ByteBuffer(string: "_csrf=\(admin.csrfToken)&name=%E5ngen&kind=enhet"))
                #expect(bad.status == .badRequest)
            }
        }
    }

    @Test("a unit's page shows where it sits, its sub-units and its people, not disabled ones")
    func unitPage() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let norr = try await client.get("/o/tillitsby/enheter/\(harness.units["norr"]!)", as: staff).text
                #expect(norr.contains("<h1>Hemtjänst Norr</h1>"))
                #expect(norr.contains("<li><a href=\"/o/tillitsby/enheter/\(harness.units["vof"]!)\">Vård och omsorg</a></li>"))
                #expect(norr.contains(">Team A</a>"))
                #expect(norr.contains("<li>Target <span class=\"meta\">Medarbetare</span></li>"))
                let empty = try await client.get("/o/tillitsby/enheter/\(harness.units["it"]!)", as: staff).text
                #expect(empty.contains("Inga personer är kopplade till enheten."))
                // a unit of another organisation is not found under this one
                #expect(try await client.get("/o/tillitsby/enheter/\(harness.otherUnit)", as: staff).status == .notFound)
                try await harness.platform.disablePerson(actor: .commandLine("test"), userID: harness.targetUserID, organisationID: harness.organisation.id)
                let after = try await client.get("/o/tillitsby/enheter/\(harness.units["norr"]!)", as: staff).text
                #expect(!after.contains("Target"))
                #expect(after.contains("Inga personer är kopplade till enheten."))
            }
        }
    }

    @Test("text is escaped in pages")
    func escaping() async throws {
        try await Harness.with { harness, app in
            _ = try await harness.platform.createUnit(actor: .commandLine("test"), organisationID: harness.organisation.id,
                                                      input: .init(name: "<script>alert(\"x\")</script>", kind: "enhet", parentID: ""))
            try await app.test(.router) { client in
                let html = try await client.get("/o/tillitsby", as: harness.callers["medarbetare"]!).text
                #expect(!html.contains("<script>"))
                #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            }
        }
    }

    @Test("signing in through the form, switching language, and signing out")
    func signInFlow() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                // the sign-in page hands out a form token in a cookie and a hidden field
                let page = try await client.execute(uri: "/logga-in", method: .get, headers: [:], body: nil)
                let setCookie = page.headers[values: .setCookie].first { $0.hasPrefix("tillit_csrf=") }!
                let csrf = String(setCookie.dropFirst("tillit_csrf=".count).prefix { $0 != ";" })
                #expect(page.text.contains("name=\"_csrf\" value=\"\(csrf)\""))
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
                // a wrong password shows the form again
                var headers = HTTPFields()
                headers[.cookie] = "tillit_csrf=\(csrf)"
                headers[.contentType] = "application/x-www-form-urlencoded"
                let wrong = try await client.execute(uri: "/logga-in", method: .post, headers: headers,
                                                     body: ByteBuffer(string: "_csrf=\(csrf)&email=chef%40test.se&password=nope&next=%2Fmitt"))
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains("Fel e-postadress eller lösenord."))
                // the right one signs in and goes where it was asked to (never off-site)
                let right = try await client.execute(uri: "/logga-in", method: .post, headers: headers,
                                                     body: ByteBuffer(string: "_csrf=\(csrf)&email=chef%40test.se&password=a+sentence+long+enough&next=%2Fmitt"))
                #expect(right.status == .seeOther)
                #expect(right.headers[.location] == "/mitt")
                let session = right.headers[values: .setCookie].first { $0.hasPrefix("tillit_session=") }!
                #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax"))
                // Secure only when the public address is https (here it is http://127.0.0.1:8080)
                #expect(!session.contains("Secure"))
                let token = String(session.dropFirst("tillit_session=".count).prefix { $0 != ";" })
                var signedIn = HTTPFields()
                signedIn[.cookie] = "tillit_session=\(token)"
                let me = try await client.execute(uri: "/mitt", method: .get, headers: signedIn, body: nil)
                #expect(me.status == .ok)
                #expect(me.text.contains("<html lang=\"sv\">"))
                // every way a browser would read as another site goes home instead
                for next in ["%2F%2Fevil.example", "%2F%09%2Fevil.example", "%2F%5Cevil.example", "%2F%0D%0A%2Fevil.example", "https%3A%2F%2Fevil.example",
                             "%2F%20%2Fevil.example", "%09%2F%2Fevil.example", "%2F%E3%80%82%2Fevil.example"] {
                    let offsite = try await client.execute(uri: "/logga-in", method: .post, headers: headers,
                                                           body: ByteBuffer(string: "_csrf=\(csrf)&email=chef%40test.se&password=a+sentence+long+enough&next=\(next)"))
                    #expect(offsite.headers[.location] == "/", "\(next)")
                }
                // English, remembered on the account
                let sessionCSRF = try await harness.platform.session(token: token)!.csrfToken
                signedIn[.contentType] = "application/x-www-form-urlencoded"
                let switched = try await client.execute(uri: "/sprak", method: .post, headers: signedIn,
                                                        body: ByteBuffer(string: "_csrf=\(sessionCSRF)&lang=en&return_to=%2Fmitt"))
                #expect(switched.status == .seeOther)
                #expect(switched.headers[.location] == "/mitt")
                let away = try await client.execute(uri: "/sprak", method: .post, headers: signedIn,
                                                    body: ByteBuffer(string: "_csrf=\(sessionCSRF)&lang=en&return_to=%2F%09%2Fevil.example"))
                #expect(away.headers[.location] == "/")
                let english = try await client.execute(uri: "/mitt", method: .get, headers: [.cookie: "tillit_session=\(token)"], body: nil)
                #expect(english.text.contains("<html lang=\"en\">"))
                #expect(english.text.contains("My page"))
                // signing out ends the session
                let out = try await client.execute(uri: "/logga-ut", method: .post, headers: signedIn, body: ByteBuffer(string: "_csrf=\(sessionCSRF)"))
                #expect(out.status == .seeOther)
                let after = try await client.execute(uri: "/mitt", method: .get, headers: [.cookie: "tillit_session=\(token)"], body: nil)
                #expect(after.status == .seeOther)
                #expect(after.headers[.location] == "/logga-in?next=/mitt")
            }
        }
    }

    @Test("Accept-Language picks English for visitors")
    func acceptLanguage() async throws {
        try await Harness.with { _, app in
            try await app.test(.router) { client in
                let page = try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.8"], body: nil)
                #expect(page.text.contains("<html lang=\"en\">"))
                #expect(page.headers[.contentLanguage] == "en")
            }
        }
    }

    @Test("a password reset goes by mail, works once, and the new password signs in")
    func passwordReset() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let anon = Caller.anonymous
                // an unknown address gets the same answer and no mail
                let unknown = try await client.post("/glomt-losenord", as: anon, form: [("email", "nobody@test.se")])
                #expect(unknown.status == .seeOther)
                #expect(harness.mailer.messages.isEmpty)
                let known = try await client.post("/glomt-losenord", as: anon, form: [("email", "chef@test.se")])
                #expect(known.status == .seeOther && known.headers[.location] == unknown.headers[.location])
                #expect(try await client.follow(known, as: anon).text.contains("notice"))
                let mail = try #require(try await harness.mailer.waitFor(1).first)
                #expect(mail.to == "chef@test.se")
                let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/aterstall/") })
                let path = String(link[link.range(of: "/aterstall/")!.lowerBound...])
                #expect(try await client.get(path, as: anon).status == .ok)
                let saved = try await client.post(path, as: anon, form: [("password", "my brand new password"), ("password_confirmation", "my brand new password")])
                #expect(saved.status == .seeOther && saved.headers[.location] == "/logga-in?losenord=sparat")
                #expect(try await client.follow(saved, as: anon).text.contains("notice"))
                #expect(try await client.get(path, as: anon).status == .notFound)
                _ = try await harness.platform.signIn(email: "chef@test.se", password: "my brand new password")
            }
        }
    }

    @Test("every response carries the security headers; the policy allows no script")
    func securityHeaders() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                for path in ["/", "/logga-in", "/nope", "/api/v1/openapi.json"] {
                    let response = try await client.get(path, as: .anonymous)
                    let csp = try #require(response.headers[.contentSecurityPolicy])
                    #expect(csp.contains("script-src 'none'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
            }
        }
    }

    @Test("unknown pages are 404 in HTML, and problem+json under the API")
    func notFound() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let page = try await client.get("/finns-inte", as: .anonymous)
                #expect(page.status == .notFound)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                let api = try await client.api(.get, "/api/v1/finns-inte", as: harness.callers["administrator"]!)
                #expect(api.status == .notFound)
                #expect(api.headers[.contentType] == "application/problem+json")
                let unit = try await client.get("/o/tillitsby/enheter/999999", as: harness.callers["administrator"]!)
                #expect(unit.status == .notFound)
            }
        }
    }

    @Test("health, readiness and metrics")
    func operations() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                #expect(try await client.get("/healthz", as: .anonymous).status == .ok)
                #expect(try await client.get("/readyz", as: .anonymous).text == "ready\n")
                _ = try await client.get("/o/tillitsby", as: harness.callers["medarbetare"]!)
                let metrics = try await client.get("/metrics", as: .anonymous).text
                #expect(metrics.contains("tillit_db_pool_readers_total"))
                #expect(metrics.contains("http_route=\"/o/{slug}\""))
            }
        }
    }
}

/// Collects log lines so a test can look for what must never be logged.
struct CollectingLogHandler: LogHandler {
    let lines: LockedBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(_ lines: LockedBox<[String]>) {
        self.lines = lines
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.mutate { $0.append("\(event.level) \(event.message) \(all)") }
    }
}

@Suite("Web: logs")
struct LogTests {
    @Test("request logs hold no personal data, passwords or free text")
    func noPersonalDataInLogs() async throws {
        let lines = LockedBox<[String]>([])
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: [:])
            config.passwordCost = 4
            let mailer = RecordingMailer()
            let platform = try Tillit.platform(database, config: config, clock: .fixed(TestDatabases.epoch), logger: TestDatabases.logger)
            let harness = try await Harness.seed(platform, mailer: mailer)
            var logger = Logger(label: "test") { _ in CollectingLogHandler(lines) }
            logger.logLevel = .trace
            let app = try await Tillit.buildApplication(config, database: database, clock: .fixed(TestDatabases.epoch), mailer: mailer, logger: logger)
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                _ = try await client.post("/logga-in", as: .anonymous, form: [("email", "chef@test.se"), ("password", Harness.password)])
                _ = try await client.post("/o/tillitsby/admin/personer/ny", as: admin,
                                          form: [("name", "Hemlig Person"), ("email", "hemlig@test.se"), ("role", "styrelse"), ("unit_id", "")])
                _ = try await client.get("/o/tillitsby/enheter/\(harness.units["norr"]!)?q=hemligt+sokord", as: admin)
                let anonymous = try await client.post("/signaler/ny", as: harness.callers["medarbetare"]!,
                                                      form: [("kind", "hinder"), ("text", "Anonym hemlighet"), ("unit_id", String(harness.units["teamA"]!)), ("anonymous", "1")])
                #expect(anonymous.status == .seeOther)
                #expect(try await client.follow(anonymous, as: harness.callers["medarbetare"]!).text.contains("<code class=\"token\">"))
            }
        }
        let all = lines.value.joined(separator: "\n")
        #expect(all.contains("request"))
        // raising a signal and showing its receipt leave no line at all: its time would date it
        #expect(!all.contains("/signaler/ny") && !all.contains("/kvitto"))
        for secret in ["chef@test.se", Harness.password, "Hemlig Person", "hemlig@test.se", "hemligt", "administrator@test.se",
                       "medarbetare@test.se", "Anonym hemlighet", "tillit_session"] {
            #expect(!all.contains(secret), "\(secret) appeared in the logs")
        }
    }
}

@Suite("Formatting")
struct FormattingTests {
    @Test("local time agrees with Foundation's calendar in winter, summer and across the DST change")
    func localTime() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LocalTime.zone
        // every 7 hours and 13 minutes over four years, and the 2026 spring change itself
        var dates = stride(from: 1_700_000_000.0, to: 1_830_000_000.0, by: 26_000).map { Date(timeIntervalSince1970: $0) }
        dates.append(Date(timeIntervalSince1970: 1_774_746_000))  // 2026-03-29 01:00 UTC = 03:00 CEST
        for date in dates {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let local = LocalTime(date)
            let ours: [Int] = [local.year, local.month, local.day, local.hour, local.minute]
            let foundations: [Int] = [c.year!, c.month!, c.day!, c.hour!, c.minute!]
            #expect(ours == foundations, "\(date)")
        }
        #expect(LocalTime(Date(timeIntervalSince1970: 1_772_442_000)).iso8601 == "2026-03-02T10:00:00+01:00")
        #expect(LocalTime(Date(timeIntervalSince1970: 1_774_746_000)).display == "2026-03-29 03:00")
    }
}

@Suite("Web: signals")
struct SignalPageTests {
    @Test("a signal raised in the form lands with the manager, who answers it; the raiser sees the answer and the path")
    func raiseAndAnswer() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let chef = harness.callers["chef"]!
                // bad input: the form again, with a summary naming the fields
                let bad = try await client.post("/signaler/ny", as: staff, form: [("kind", "klagomal"), ("text", ""), ("unit_id", String(harness.units["teamA"]!))])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("<a href=\"#field-text\">Beskriv: Fyll i fältet.</a>"))
                #expect(bad.text.contains("href=\"#field-kind\""))
                let raised = try await client.post("/signaler/ny", as: staff, form: [("kind", "hinder"), ("text", "Skrivaren fungerar aldrig"), ("unit_id", String(harness.units["teamA"]!))])
                #expect(raised.status == .seeOther)
                let path = try #require(raised.headers[.location])
                // the manager has it to answer
                let inbox = try await client.get("/signaler", as: chef).text
                #expect(inbox.contains("Skrivaren fungerar aldrig"))
                // forwarding without a reason is refused, field by field
                let noReason = try await client.post(path + "/vidare", as: chef, form: [("to_unit_id", String(harness.units["it"]!)), ("reason", "")])
                #expect(noReason.status == .unprocessableContent)
                #expect(noReason.text.contains("href=\"#field-reason\""))
                let answered = try await client.post(path + "/beslut", as: chef, form: [("decision", "atgardas"), ("text", "Ny skrivare på fredag")])
                #expect(answered.status == .seeOther)
                let seen = try await client.get(path, as: staff).text
                #expect(seen.contains("Beslut: Åtgärdas"))
                #expect(seen.contains("Ny skrivare på fredag"))
                #expect(seen.contains("Landade hos Vård och omsorg"))
                #expect(!seen.contains("Skicka svaret"))  // the raiser has no mandate
                // the unit's follow-up counts it, on the page, in the CSV and in the API
                let stats = try await client.get("/o/tillitsby/enheter/\(harness.units["teamA"]!)/signaler", as: staff)
                #expect(stats.status == .ok)
                #expect(stats.text.contains("<th scope=\"row\">Lyfta signaler</th><td>7</td>"))
                let csv = try await client.get("/o/tillitsby/enheter/\(harness.units["teamA"]!)/signaler.csv", as: staff)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.text.hasPrefix("Mått,Värde\r\nLyfta signaler,7\r\n"))
                let api = try await client.api(.get, "/api/v1/units/\(harness.units["teamA"]!)/signal-stats?from=2020-01-01&to=2030-12-31", as: chef)
                #expect(api.json?["raised"] as? Int == 7)
                let badDate = try await client.api(.get, "/api/v1/units/\(harness.units["teamA"]!)/signal-stats?from=2026-02-30", as: chef)
                #expect(badDate.status == .badRequest)
                #expect(((badDate.json?["errors"] as? [[String: Any]])?.first?["field"] as? String) == "from")
            }
        }
    }
}

@Suite("Web: the participant's voice, conversations and notifications")
struct ListenWebTests {
    @Test("a participant writes through the code without an account; honeypots and bad input are handled")
    func participant() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let visitor = harness.callers["anonymous"]!
                let path = "/rost/\(harness.participantCode)"
                let page = try await client.get(path, as: visitor)
                #expect(page.status == .ok)
                #expect(page.text.contains("<body class=\"plain-page\">"))
                #expect(page.text.contains("Det du skriver går till chefen för Hemtjänst Norr, Tillitsby kommun."))
                #expect(!page.text.contains("class=\"main-nav\""))
                func count() async throws -> Int {
                    try await harness.platform.database.read { db in
                        try await db.raw("SELECT COUNT(*) AS n FROM signals WHERE source = 'participant'").first()!.decode(column: "n", as: Int.self)
                    }
                }
                // bad input: the form again, naming the fields
                let bad = try await client.post(path, as: visitor, form: [("kind", "onodigt_krav"), ("text", "")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("href=\"#field-text\"") && bad.text.contains("href=\"#field-kind\""))
                // a robot fills the hidden field: thanked, nothing kept
                let robotPost = try await client.post(path, as: visitor, form: [("kind", "ide"), ("text", "Köp billiga klockor"), ("website", "http://spam.example")])
                #expect(robotPost.status == .seeOther && robotPost.headers[.location] == path + "/tack")
                let robot = try await client.follow(robotPost, as: visitor)
                #expect(robot.status == .ok && robot.text.contains("Tack!") && !robot.text.contains("class=\"token\""))
                #expect(try await count() == 0)
                // a person: thanked, with a code to follow the answer
                let sentPost = try await client.post(path, as: visitor, form: [("kind", "fraga"), ("text", "Varför byts personalen så ofta?")])
                // the same 303 as the robot's: the answer does not tell a real message from a dropped one
                #expect(sentPost.status == .seeOther && sentPost.headers[.location] == path + "/tack")
                #expect(!(sentPost.headers[.location] ?? "").contains("-"))
                let sent = try await client.follow(sentPost, as: visitor)
                #expect(sent.status == .ok && sent.text.contains("class=\"token\""))
                #expect(sent.headers[.cacheControl] == "no-store")
                #expect(sent.headers[values: .setCookie].contains { $0.hasPrefix("tillit_receipt=;") && $0.contains("Max-Age=0") })
                // reloading the thank-you page sends nothing twice, and the code, shown once, is not shown again
                let reloaded = try await client.follow(sentPost, as: visitor)
                #expect(reloaded.status == .ok && !reloaded.text.contains("class=\"token\"") && reloaded.text.contains("visades en gång"))
                #expect(try await count() == 1)
                // the QR code is an SVG of the page's address
                let qr = try await client.get(path + "/qr.svg", as: visitor)
                #expect(qr.headers[.contentType] == "image/svg+xml; charset=utf-8")
                #expect(qr.text.hasPrefix("<svg") && qr.text.contains("/rost/\(harness.participantCode)"))
                // unknown and withdrawn codes say so plainly
                #expect(try await client.get("/rost/ZZZZZZ", as: visitor).status == .notFound)
                let chef = harness.callers["chef"]!
                let manage = try await client.get("/o/tillitsby/enheter/\(harness.units["norr"]!)/deltagarrost", as: chef)
                #expect(manage.text.contains(harness.participantCode) && manage.text.contains("qr.svg"))
                #expect(try await client.post("/o/tillitsby/enheter/\(harness.units["norr"]!)/deltagarrost/dra-tillbaka", as: chef, form: []).status == .seeOther)
                let gone = try await client.get(path, as: visitor)
                #expect(gone.status == .gone && gone.text.contains("Den här koden används inte längre."))
            }
        }
    }

    @Test("the manager asks the anonymous raiser a question, which they answer with their code")
    func receiptConversation() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let chef = harness.callers["chef"]!
                let raised = try await client.post("/signaler/ny", as: staff,
                                                   form: [("kind", "hinder"), ("text", "Ingen lyssnar på APT"), ("unit_id", String(harness.units["teamA"]!)), ("anonymous", "1")])
                #expect(raised.status == .seeOther && raised.headers[.location] == "/kvitto/ny")
                let shown = try await client.follow(raised, as: staff)
                let code = try #require(shown.text.firstMatch(of: /<code class="token">([A-Z0-9-]+)<\/code>/)?.1).description
                // without the hand-over cookie the page shows no code, nor when it is loaded again: shown once
                #expect(!(try await client.get("/kvitto/ny", as: staff)).text.contains("class=\"token\""))
                #expect(!(try await client.follow(raised, as: staff)).text.contains("class=\"token\""))
                let id = try await harness.platform.database.read { db in
                    try await db.raw("SELECT id FROM signals WHERE text = 'Ingen lyssnar på APT'").first()!.int64("id")
                }
                let asked = try await client.post("/signaler/\(id)/kommentar", as: chef, form: [("comment", "Vilken APT menar du?"), ("question", "1")])
                #expect(asked.status == .seeOther)
                let emptyComment = try await client.post("/signaler/\(id)/kommentar", as: chef, form: [("comment", "")])
                #expect(emptyComment.status == .unprocessableContent && emptyComment.text.contains("href=\"#field-comment\""))
                let followed = try await client.post("/kvitto", as: .anonymous, form: [("receipt", code)])
                #expect(followed.status == .ok && followed.headers[.cacheControl] == "no-store")
                #expect(followed.text.contains("Det finns en fråga till dig nedan.") && followed.text.contains("Vilken APT menar du?"))
                // the raiser is spoken to as the raiser, not as staff
                #expect(followed.text.contains("Vad som har hänt med din signal") && followed.text.contains("Kom fram till"))
                #expect(!followed.text.contains("står bakom") && !followed.text.contains("Landade hos"))
                #expect(followed.text.contains("Du skickade den ") && !followed.text.contains("Lyft "))
                // no way back to pages that need an account
                #expect(!followed.text.contains("href=\"/signaler\"") && followed.text.contains("href=\"/kvitto\""))
                let answered = try await client.post("/kvitto/svar", as: .anonymous, form: [("receipt", code), ("comment", "Den i mars")])
                // to the signal by a redirect, the code in a short-lived cookie and never in the address
                #expect(answered.status == .seeOther && answered.headers[.location] == "/kvitto/svar")
                let replied = try await client.follow(answered, as: .anonymous)
                #expect(replied.status == .ok && replied.text.contains("Tack! Ditt svar är sparat."))
                #expect(replied.headers[.cacheControl] == "no-store")
                // without the hand-over the page asks for the code: nothing is sent again
                #expect(try await client.get("/kvitto/svar", as: .anonymous).text.contains("name=\"receipt\""))
                let seen = try await client.get("/signaler/\(id)", as: chef).text
                #expect(seen.contains("Avsändaren (anonym)") && seen.contains("Den i mars"))
                // the manager was told, in the app
                let notices = try await client.get("/mitt/aviseringar", as: chef)
                #expect(notices.text.contains("En ny signal om Team A väntar på ditt svar."))
                #expect(try await client.post("/mitt/aviseringar/val", as: chef, form: [("notify_mode", "weekly")]).status == .unprocessableContent)
                #expect(try await client.post("/mitt/aviseringar/val", as: chef, form: [("notify_mode", "daily")]).status == .seeOther)
                #expect(try await harness.platform.notifyMode(userID: chef.userID!) == .daily)
            }
        }
    }

    @Test("attempts are counted per client and forgotten after the window; clients without an address are not counted")
    func limiter() throws {
        let limiter = AttemptLimiter(limit: 2, window: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        try limiter.check("a", now: start)
        limiter.record("a", now: start)
        limiter.record("a", now: start.addingTimeInterval(1))
        #expect(throws: AppError.self) { try limiter.check("a", now: start.addingTimeInterval(2)) }
        try limiter.check("b", now: start.addingTimeInterval(2))
        try limiter.check("a", now: start.addingTimeInterval(61))
        limiter.record(nil, now: start)
        try limiter.check(nil, now: start)
    }

    @Test("a request the HTTP parser refuses (a line past the limit) is answered 400 with problem+json")
    func parserRefusal() async throws {
        try await Harness.with { _, app in
            try await app.test(.live) { client in
                let long = String(repeating: "a", count: 100 * 1024)
                let response = try await client.execute(uri: "/api/v1/search/analyze?text=\(long)", method: .get, headers: [:], body: nil)
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try #require(response.json)
                #expect(problem["status"] as? Int == 400)
                #expect(problem["type"] as? String == "https://tillit.se/problems/malformed-request")
            }
        }
    }

    @Test("a resident types a poster's code: any case and spacing leads to its page; an unknown one is shown again as typed")
    func codeEntry() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let empty = try await client.get("/rost", as: .anonymous)
                #expect(empty.status == .ok && empty.text.contains("name=\"kod\""))
                #expect(try await client.get("/", as: .anonymous).text.contains("href=\"/rost\""))
                let code = harness.participantCode
                let typed = " " + code.lowercased().prefix(3) + " " + code.lowercased().dropFirst(3) + " "
                let found = try await client.get("/rost?kod=\(typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: .anonymous)
                #expect(found.status == .seeOther)
                #expect(found.headers[.location] == "/rost/\(code)")
                let unknown = try await client.get("/rost?kod=zz%20zz99", as: .anonymous)
                #expect(unknown.status == .notFound)
                #expect(unknown.text.contains("value=\"zz zz99\""))
                #expect(unknown.text.contains("Koden finns inte"))
                // as a browser's form sends it: a space as "+"
                let plus = try await client.get("/rost?kod=+\(code.prefix(3))+\(code.dropFirst(3).lowercased())", as: .anonymous)
                #expect(plus.status == .seeOther && plus.headers[.location] == "/rost/\(code)")
                #expect(try await client.get("/rost?kod=zz+zz99", as: .anonymous).text.contains("value=\"zz zz99\""))
            }
        }
    }

    @Test("a date on the follow-up figures that cannot be read, or an end before the start, shows the form again with the typed value beside its message")
    func periodErrors() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let base = "/o/tillitsby/enheter/\(harness.units["vof"]!)/signaler"
                for (query, field, typed) in [("from=2026-13-01", "from", "2026-13-01"), ("from=5%2F12%2F2026", "from", "5/12/2026"),
                                              ("from=2026-02-30&to=2026-03-01", "from", "2026-02-30"),
                                              ("from=2026-03-10&to=2026-03-01", "to", "2026-03-01")] {
                    let page = try await client.get("\(base)?\(query)", as: chef)
                    #expect(page.status == .badRequest, "\(query)")
                    #expect(page.text.contains("<form method=\"get\""), "\(query)")
                    #expect(page.text.contains("value=\"\(typed)\""), "\(query)")
                    // shown in a text input, which keeps what a date input would empty
                    #expect(page.text.contains("name=\"\(field)\" type=\"text\" value=\"\(typed)\""), "\(query)")
                    #expect(page.text.contains("id=\"error-\(field)\""), "\(query)")
                    #expect(page.text.contains("href=\"#field-\(field)\""), "\(query): the summary links to the field")
                }
                // a period that reads well shows its figures; someone without access still gets 403
                let good = try await client.get("\(base)?from=2026-01-01&to=2026-01-01", as: chef)
                #expect(good.status == .ok && good.text.contains("name=\"from\" type=\"date\" value=\"2026-01-01\""))
                #expect(try await client.get("\(base)?from=2026-13-01", as: harness.callers["otherAdmin"]!).status == .forbidden)
            }
        }
    }

    @Test("a receipt code that leads nowhere is shown again as typed, with what to check, and kept out of caches")
    func receiptKeepsInput() async throws {
        try await Harness.with { _, app in
            try await app.test(.router) { client in
                let wrong = try await client.post("/kvitto", as: .anonymous, form: [("receipt", "abcd-efgh-jkl")])
                #expect(wrong.status == .notFound)
                #expect(wrong.text.contains("value=\"abcd-efgh-jkl\""))
                #expect(wrong.text.contains("alla tolv tecken"))
                #expect(wrong.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("switching language comes back to the same search, filters and page")
    func languageKeepsQuery() async throws {
        try await Harness.with { _, app in
            try await app.test(.router) { client in
                let page = try await client.get("/kunskapsbank?q=tillit&sector=hemtjanst&page=1", as: .anonymous)
                #expect(page.text.contains("name=\"return_to\" value=\"/kunskapsbank?q=tillit&amp;sector=hemtjanst&amp;page=1\""))
                let switched = try await client.post("/sprak", as: .anonymous, form: [("lang", "en"), ("return_to", "/kunskapsbank?q=tillit&sector=hemtjanst&page=1")])
                #expect(switched.status == .seeOther)
                #expect(switched.headers[.location] == "/kunskapsbank?q=tillit&sector=hemtjanst&page=1")
            }
        }
    }

    @Test("a unit's page links to its follow-up figures only for those who may see them")
    func followUpLinks() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                var shown = 0, hidden = 0
                for role in Harness.roles where role != "anonymous" {
                    let caller = harness.callers[role]!
                    for key in ["teamA", "norr", "it"] {
                        let unit = harness.units[key]!
                        let page = try await client.get("/o/tillitsby/enheter/\(unit)", as: caller)
                        guard page.status == .ok else { continue }
                        let link = "/o/tillitsby/enheter/\(unit)/signaler"
                        let target = try await client.get(link, as: caller).status
                        if page.text.contains("href=\"\(link)\"") {
                            shown += 1
                            #expect(target == .ok, "\(role) \(key)")
                        } else {
                            hidden += 1
                            #expect(target == .forbidden, "\(role) \(key)")
                        }
                    }
                }
                #expect(shown > 0 && hidden > 0)
            }
        }
    }

    @Test("a new API token is shown once, on the page a redirect leads to, and never in an address")
    func tokenShownOnce() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let created = try await client.post("/mitt/nycklar", as: staff, form: [("name", "Integration")])
                #expect(created.status == .seeOther && created.headers[.location] == "/mitt/nycklar")
                let cookie = try #require(created.headers[values: .setCookie].first { $0.hasPrefix("tillit_new_token=") })
                #expect(cookie.contains("Path=/mitt/nycklar") && cookie.contains("HttpOnly"))
                let shown = try await client.follow(created, as: staff)
                let token = try #require(shown.text.range(of: "tlt_[A-Za-z0-9_-]+", options: .regularExpression).map { String(shown.text[$0]) })
                #expect(try await harness.platform.authenticate(apiToken: token)?.user.id == staff.userID)
                #expect(shown.headers[values: .setCookie].contains { $0.hasPrefix("tillit_new_token=;") || $0.contains("Max-Age=0") })
                // shown once: the page again, without the hand-over, does not show it
                #expect(!(try await client.get("/mitt/nycklar", as: staff).text.contains(token)))
            }
        }
    }

    @Test("staff raise a signal from any page's header; a manager's start page and my page list what waits for an answer")
    func fewerSteps() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let raise = "class=\"button-link raise-link\""
                #expect(try await client.get("/kunskapsbank", as: harness.callers["medarbetare"]!).text.contains("href=\"/signaler/ny\" \(raise)"))
                #expect(!(try await client.get("/kunskapsbank", as: .anonymous).text.contains(raise)))
                #expect(!(try await client.get("/signaler/ny", as: harness.callers["medarbetare"]!).text.contains(raise)))
                let home = try await client.get("/", as: harness.callers["chef"]!).text
                #expect(home.contains("id=\"start-to-answer\"") && home.contains("/signaler/\(harness.signals["view"]!)"))
                #expect(!(try await client.get("/", as: harness.callers["medarbetare"]!).text.contains("start-to-answer")))
                let mine = try await client.get("/mitt", as: harness.callers["chef"]!).text
                #expect(mine.contains("id=\"start-to-answer\"") && mine.contains("/signaler/\(harness.signals["view"]!)"))
                #expect(!(try await client.get("/mitt", as: harness.callers["medarbetare"]!).text.contains("start-to-answer")))
            }
        }
    }

    @Test("the people page is kept while the people and their roles stand, and shows every change to them or to the units at once")
    func keptPeoplePage() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let path = "/o/tillitsby/admin/personer"
                func page() async throws -> String {
                    let response = try await client.get(path, as: admin)
                    #expect(response.status == .ok)
                    return response.text
                }
                // The target's row of the table.
                func row(_ text: String) -> String {
                    guard let link = text.range(of: "href=\"\(path)/\(harness.targetUserID)\""),
                          let start = text[..<link.lowerBound].range(of: "<tr>", options: .backwards),
                          let end = text[link.upperBound...].range(of: "</tr>") else { return "" }
                    return String(text[start.lowerBound..<end.upperBound])
                }
                let target = try await harness.platform.user(id: harness.targetUserID)
                let first = try await page()
                #expect(row(first).contains(">\(target.name)</a>") && !row(first).contains("Styrelse/politiker"))
                #expect(try await page() == first)
                // a role given through the form
                #expect(try await client.post("\(path)/\(harness.targetUserID)/roller", as: admin, form: [("role", "styrelse"), ("unit_id", "")]).status == .seeOther)
                #expect(row(try await page()).contains("Styrelse/politiker"))
                // a name changed by plain SQL, as a command or another instance would
                try await harness.platform.database.transaction { db in
                    try await db.raw("UPDATE users SET name = 'Greta Garbo' WHERE id = \(bind: harness.targetUserID)").run()
                }
                #expect(try await page().contains(">Greta Garbo</a>"))
                // a unit renamed: the roles name their units
                #expect(try await page().contains("(Team A)"))
                _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: harness.units["teamA"]!, input: .init(name: "Team Alfa"))
                let renamed = try await page()
                #expect(renamed.contains("(Team Alfa)") && !renamed.contains("(Team A)"))
                // What is served while the count stands is the page as kept: a change the count does not see (its triggers
                // gone) is not shown; the next change it sees shows both.
                try await harness.platform.database.transaction { db in
                    for event in ["insert", "update", "delete"] { try await db.raw(SQLQueryString("DROP TRIGGER directory_changes_users_\(event)")).run() }
                    try await db.raw("UPDATE users SET name = 'Unseen Name' WHERE id = \(bind: harness.targetUserID)").run()
                }
                #expect(try await page() == renamed)
                #expect(try await client.post("\(path)/\(harness.targetUserID)/roller/ta-bort", as: admin, form: [("role", "styrelse"), ("unit_id", "")]).status == .seeOther)
                let after = try await page()
                #expect(row(after).contains(">Unseen Name</a>") && !row(after).contains("Styrelse/politiker"))
            }
        }
    }

    @Test("the audit log tells in words what happened, newest first, with links to what it concerns")
    func auditLogInWords() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                #expect(try await client.post("/o/tillitsby/admin/personer/\(harness.targetUserID)/roller", as: admin,
                                              form: [("role", "styrelse"), ("unit_id", "")]).status == .seeOther)
                let page = try await client.get("/o/tillitsby/admin/logg", as: admin)
                #expect(page.status == .ok)
                #expect(page.text.contains("gav en roll") && page.text.contains("Roll: Styrelse/politiker"))
                #expect(!page.text.contains(">role.grant<"))
                #expect(page.text.contains("href=\"/o/tillitsby/admin/personer/\(harness.targetUserID)\""))
                // newest first: the grant just made comes before the accounts made when the harness was set up
                let grant = try #require(page.text.range(of: "gav en roll")), created = try #require(page.text.range(of: "skapade ett konto"))
                #expect(grant.lowerBound < created.lowerBound)
                // every module's entries in words: a requirement's type and link, a survey round's unit by name
                #expect(page.text.contains("föreslog ett krav") && page.text.contains("Typ av krav: Riktlinje"))
                #expect(page.text.contains("href=\"/o/tillitsby/krav/\(harness.prune["proposal"]!)\">Krav \(harness.prune["proposal"]!)</a>"))
                #expect(page.text.contains("startade en enkätomgång") && page.text.contains("Enhet: Vård och omsorg"))
                #expect(page.text.contains("href=\"/o/tillitsby/enkater/\(harness.followUp["open"]!)\""))
                #expect(!page.text.contains(">requirement ") && !page.text.contains("type: ") && !page.text.contains(">round "))
                // a link only where the reader may go: the staff member's draft is theirs and the editors'
                #expect(!page.text.contains("href=\"/kunskapsbank/exempel/\(harness.examples["draft"]!)\""))
                #expect(page.text.contains("Exempel \(harness.examples["draft"]!)"))
                // details written otherwise than as an object of strings (a list, a number, parts between commas) are read too
                try await harness.platform.database.transaction { db in
                    try await db.raw("""
                        INSERT INTO audit_log (at, actor_user_id, actor_label, via, action, object_type, object_id, organisation_id, details)
                        VALUES (\(bind: Int64(TestDatabases.epoch.timeIntervalSince1970) + 60), NULL, 'import', 'cli', 'listed', 'thing', NULL,
                                \(bind: harness.organisation.id), '{"codes":["x1","y2"],"count":3,"names":" Anna ,Bo,, Cia "}')
                        """).run()
                }
                let listed = try await client.get("/o/tillitsby/admin/logg", as: admin).text
                #expect(listed.contains("<li>codes: x1, y2</li><li>Antal: 3</li><li>names: Anna, Bo, Cia</li>"))
                // in the reader's language
                #expect(try await client.post("/sprak", as: admin, form: [("lang", "en"), ("return_to", "/o/tillitsby/admin/logg")]).status == .seeOther)
                let english = try await client.get("/o/tillitsby/admin/logg", as: admin)
                #expect(english.text.contains("proposed a requirement") && english.text.contains("Type of requirement: Guideline"))
            }
        }
    }

    @Test("the log's rows are rendered once yet follow what decides them: a unit's new name, an erased label, a link that no longer leads")
    func auditLogKeptRows() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let person = "href=\"/o/tillitsby/admin/personer/\(harness.targetUserID)\""
                #expect(try await client.post("/o/tillitsby/admin/personer/\(harness.targetUserID)/roller", as: admin,
                                              form: [("role", "styrelse"), ("unit_id", "")]).status == .seeOther)
                let first = try await client.get("/o/tillitsby/admin/logg", as: admin).text
                #expect(first.contains("Enhet: Vård och omsorg") && first.contains(person))
                // The unit named in a round's details is renamed.
                _ = try await harness.platform.updateUnit(actor: .commandLine("test"), id: harness.units["vof"]!, input: .init(name: "Omsorgsförvaltningen"))
                let renamed = try await client.get("/o/tillitsby/admin/logg", as: admin).text
                #expect(renamed.contains("Enhet: Omsorgsförvaltningen") && !renamed.contains("Enhet: Vård och omsorg"))
                // A person's data is erased from the log as the erasure does it, in place.
                let label = try #require(try await harness.platform.database.read { db in
                    try await db.raw("SELECT actor_label FROM audit_log WHERE action = 'role.grant' ORDER BY id DESC LIMIT 1").first()?.decode(column: "actor_label", as: String.self)
                })
                #expect(renamed.contains(">\(label)<"))
                try await harness.platform.database.transaction { db in
                    try await db.raw("UPDATE audit_log SET actor_label = 'Tidigare användare' WHERE actor_label = \(bind: label)").run()
                }
                let erased = try await client.get("/o/tillitsby/admin/logg", as: admin).text
                #expect(erased.contains(">Tidigare användare<") && !erased.contains(">\(label)<"))
                // The person leaves the organisation: their page is no longer linked.
                try await harness.platform.database.transaction { db in
                    try await db.raw("DELETE FROM role_grants WHERE user_id = \(bind: harness.targetUserID) AND organisation_id = \(bind: harness.organisation.id)").run()
                }
                let gone = try await client.get("/o/tillitsby/admin/logg", as: admin).text
                #expect(!gone.contains(person))
            }
        }
    }

    @Test("a field required only in some cases is not marked optional; a required choice is marked required and asks to choose")
    func requiredWording() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let chef = harness.callers["chef"]!
                let page = try await client.get("/signaler/\(harness.signals["decide"]!)", as: chef).text
                let label = try #require(page.range(of: "<label for=\"field-text\">[^<]*(<span[^>]*>[^<]*</span>)?</label>", options: .regularExpression))
                #expect(!page[label].contains("frivilligt"))
                #expect(page.contains("name=\"decision\" value=\"atgardas\" required"))
                let none = try await client.post("/signaler/\(harness.signals["decide"]!)/beslut", as: chef, form: [("text", "")])
                #expect(none.status == .unprocessableContent && none.text.contains("Välj ett alternativ."))
                // a group of checkboxes that may be left empty says so; one that may not says nothing, and asks to choose
                let form = try await client.get("/o/tillitsby/krav/ny", as: chef).text
                #expect(form.contains("<legend>Roller som kravet gäller <span class=\"optional\">(frivilligt)</span></legend>"))
                #expect(form.range(of: #"<legend>[^<]*<span class="optional">[^<]*</span></legend>\s*<p class="hint" id="hint-unit_ids">"#, options: .regularExpression) == nil)
                let noFrequency = try await client.post("/o/tillitsby/krav/ny", as: chef, form: [("name", "Krav"), ("type", "riktlinje"), ("issuer", "HR"),
                                                                                                  ("purpose", "P"), ("minutes", "5"), ("population", "2")])
                #expect(noFrequency.status == .unprocessableContent && noFrequency.text.contains("Välj ett alternativ.")
                        && noFrequency.text.contains("Välj minst en enhet som kravet gäller."))
            }
        }
    }

    @Test("a unit's poster page and a survey round's page warn when their links name this machine, which no phone can reach")
    func posterWarnsOfLocalAddress() async throws {
        for (environment, warned) in [([String: String](), true), (["TILLIT_PUBLIC_URL": "https://tillit.kommun.se"], false)] {
            try await Harness.with(environment: environment) { harness, app in
                try await app.test(.router) { client in
                    let page = try await client.get("/o/tillitsby/enheter/\(harness.units["norr"]!)/deltagarrost", as: harness.callers["chef"]!)
                    #expect(page.status == .ok)
                    #expect(page.text.contains("TILLIT_PUBLIC_URL") == warned, "\(environment)")
                    // and the survey round whose links are handed out
                    let round = try await client.get("/o/tillitsby/enkater/\(harness.followUp["open"]!)", as: harness.callers["chef"]!)
                    #expect(round.status == .ok && round.text.contains("TILLIT_PUBLIC_URL") == warned, "\(environment)")
                }
            }
        }
    }

    @Test("a signal's title is cut between words, never inside one")
    func excerptCutsBetweenWords() {
        let text = "Vi dokumenterar samma insats i tre olika system efter varje besök, och det tar tid."
        let cut = SignalController.excerpt(text, length: 60)
        #expect(cut == "Vi dokumenterar samma insats i tre olika system efter…")
        #expect(cut.count <= 60)
        #expect(SignalController.excerpt("Kort.", length: 60) == "Kort.")
        #expect(SignalController.excerpt(String(repeating: "a", count: 80), length: 60).count <= 60)
    }

    @Test("an excerpt is the first line that is not empty, cut as before, whatever the text")
    func excerptOfAnyText() async {
        // The first way excerpts were made: every line split off, the whole line counted.
        func reference(_ text: String, length: Int) -> String {
            let line = text.split(separator: "\n").first.map(String.init) ?? text
            guard line.count > length else { return line }
            let cut = line.prefix(length - 1)
            let words = cut.lastIndex(where: \.isWhitespace).map { cut[..<$0] } ?? cut
            return words.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) + "…"
        }
        let pieces = ["\n", "\r\n", " ", "ord", "å", "e\u{301}", ".", ",", "—", "\t", "👍🏽", "x", "«", "!", "\u{301}", "\u{00A0}", "…", "𝒜"]
        await propertyCheck(count: 2000, input: Gen.int(in: 0..<pieces.count).array(of: 0...60), Gen.int(in: 1...20)) { picks, length in
            let text = picks.map { pieces[$0] }.joined()
            #expect(SignalController.excerpt(text, length: length) == reference(text, length: length), "\(text.debugDescription) \(length)")
            #expect(SignalController.cut(text, length: length) == reference(text, length: length), "\(text.debugDescription) \(length)")
        }
    }

    @Test("cookies are Secure when the public address is https, whatever host a request names")
    func secureCookies() async throws {
        for (publicURL, secure) in [("https://tillit.kommun.se", true), ("http://127.0.0.1:8080", false)] {
            try await Harness.with(environment: ["TILLIT_PUBLIC_URL": publicURL]) { _, app in
                try await app.test(.router) { client in
                    // the test client's requests name this machine as their host, which no longer decides
                    let page = try await client.execute(uri: "/logga-in", method: .get, headers: [:], body: nil)
                    let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("tillit_csrf=") })
                    #expect(cookie.contains("; Secure") == secure, "\(publicURL)")
                }
            }
        }
    }

    @Test("behind trusted proxies the client is the first untrusted address from the right; others' X-Forwarded-For is ignored")
    func trustedProxies() throws {
        let proxies = try TrustedProxies.parse("10.0.0.5, 10.1.0.0/16, fd00::/8").get()
        // a client straight to the server: its own address, whatever it claims
        #expect(proxies.client(peer: "198.51.100.7", forwardedFor: ["1.2.3.4"]) == "198.51.100.7")
        // through the proxy: the address the proxy saw, not what the client wrote further left
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["6.6.6.6", "198.51.100.7, 10.1.4.4"]) == "198.51.100.7")
        #expect(proxies.client(peer: "fd00::1", forwardedFor: ["2001:db8::9"]) == "2001:db8::9")
        #expect(proxies.client(peer: "::ffff:10.0.0.5", forwardedFor: ["198.51.100.8"]) == "198.51.100.8")
        // nothing forwarded, or garbage: the proxy itself
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["not-an-address"]) == "10.0.0.5")
        #expect(TrustedProxies.none.client(peer: "10.0.0.5", forwardedFor: ["198.51.100.7"]) == "10.0.0.5")
        for bad in ["10.0.0.300", "10.0.0.0/33", "fd00::/129", "proxy.local"] {
            #expect(throws: AppConfig.Invalid.self) { _ = try AppConfig.load(environment: ["TILLIT_TRUSTED_PROXIES": bad]) }
        }
        #expect(try AppConfig.load(environment: ["TILLIT_TRUSTED_PROXIES": "10.0.0.5"]).trustedProxies == (try TrustedProxies.parse("10.0.0.5").get()))
    }

    @Test("a password reset answers the same whether the relay takes the mail or refuses it")
    func resetWithRefusingRelay() async throws {
        let relay = RefusingMailer()
        try await Harness.with(appMailer: relay) { _, app in
            try await app.test(.router) { client in
                let unknown = try await client.post("/glomt-losenord", as: .anonymous, form: [("email", "nobody@test.se")])
                let known = try await client.post("/glomt-losenord", as: .anonymous, form: [("email", "chef@test.se")])
                #expect(known.status == .seeOther)
                #expect(known.headers[.location] == unknown.headers[.location])
                for _ in 0..<200 where relay.attempts == 0 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(relay.attempts == 1)
            }
        }
    }
}

@Suite("Web: the knowledge bank")
struct KnowledgeWebTests {
    @Test("contribute, review and read without signing in; Markdown is safe; search marks the words; a solved signal becomes a draft")
    func flow() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let editor = harness.callers["redaktor"]!
                let visitor = harness.callers["anonymous"]!
                // bad input: the form again, field by field
                let bad = try await client.post("/kunskapsbank/ny", as: staff, form: [("organisation_id", String(harness.organisation.id)), ("title", ""), ("summary", "S"), ("body", "B")])
                #expect(bad.status == .unprocessableContent && bad.text.contains("href=\"#field-title\""))
                let created = try await client.post("/kunskapsbank/ny", as: staff, form: [
                    ("organisation_id", String(harness.organisation.id)), ("title", "Kvällsöppet på familjecentralen"), ("summary", "Föräldrar kan komma efter jobbet."),
                    ("body", "## Så gjorde vi\n- Öppet tisdagar\n\n<script>alert(1)</script> [klicka](javascript:alert(1)) [läs mer](https://example.se/a)"),
                    ("sectors", "socialtjanst"), ("principles", "medborgarfokus"), ("principles", "tillit"), ("tags", "familjer, kvällstid"),
                    ("contact_name", "Sara"), ("contact_email", "sara@tillitsby.example.se")])
                #expect(created.status == .seeOther)
                let path = try #require(created.headers[.location])
                #expect(try await client.get(path, as: visitor).status == .notFound)  // a draft is not public
                #expect(try await client.post(path + "/skicka-in", as: staff, form: []).status == .seeOther)
                #expect(try await client.post(path + "/publicera", as: editor, form: []).status == .seeOther)
                let page = try await client.get(path, as: visitor)
                #expect(page.status == .ok)
                #expect(page.text.contains("<h2>Så gjorde vi</h2>") && page.text.contains("&lt;script&gt;"))
                #expect(!page.text.contains("<script>") && !page.text.contains("href=\"javascript"))
                #expect(page.text.contains("<a href=\"https://example.se/a\" rel=\"nofollow noopener\">läs mer</a>"))
                #expect(!page.text.contains("sara@tillitsby.example.se") && page.text.contains("Logga in för att se e-postadressen."))
                #expect(try await client.get(path, as: staff).text.contains("mailto:sara@tillitsby.example.se"))
                // search, without signing in: the words marked, facets with counts
                let search = try await client.get("/kunskapsbank?q=kv%C3%A4llstid", as: visitor)
                #expect(search.text.contains("Kvällsöppet på familjecentralen") && search.text.contains("1 exempel"))
                let inflected = try await client.get("/kunskapsbank?q=f%C3%B6r%C3%A4ldrarna", as: visitor)
                #expect(inflected.text.contains("<mark>Föräldrar</mark>"))
                #expect(try await client.get("/kunskapsbank?q=och+att", as: visitor).text.contains("bara vanliga småord"))
                // and the API says so too
                #expect(try await client.api(.get, "/api/v1/examples?q=och%20att", as: visitor).json?["only_stop_words"] as? Bool == true)
                #expect(try await client.api(.get, "/api/v1/examples?q=familjer", as: visitor).json?["only_stop_words"] as? Bool == false)
                // a word the bank does not have is named, with words of the bank spelt nearly the same to try
                let misspelt = try await client.get("/kunskapsbank?q=famiiljecentralen", as: visitor)
                #expect(misspelt.text.contains("Ordet ”famiiljecentralen” finns inte i något exempel.") && misspelt.text.contains("Menade du:"))
                #expect(misspelt.text.contains("href=\"/kunskapsbank?q=familjecentralen\">familjecentralen</a>"))
                let suggested = try await client.api(.get, "/api/v1/examples?q=famiiljecentralen", as: visitor)
                #expect(suggested.json?["total"] as? Int == 0 && suggested.json?["unknown_words"] as? [String] == ["famiiljecentralen"])
                #expect(suggested.json?["suggestions"] as? [String] == ["familjecentralen"])
                #expect(try await client.api(.get, "/api/v1/examples?q=familjer", as: visitor).json?["unknown_words"] as? [String] == [])
                // a form sends a space as "+", and a plus sign as "%2B"
                let twoWords = try await client.get("/kunskapsbank?q=famiiljecentralen+kv%C3%A4llstid", as: visitor)
                #expect(twoWords.text.contains("value=\"famiiljecentralen kvällstid\"") && twoWords.text.contains(">familjecentralen kvällstid</a>"))
                let plus = try await client.get("/kunskapsbank?q=C%2B%2B&sector=lss", as: visitor)
                #expect(plus.text.contains("value=\"C++\"") && plus.text.contains("href=\"/kunskapsbank?q=C%2B%2B\""))
                #expect(try await client.get("/kunskapsbank?sector=rymden", as: visitor).status == .badRequest)
                #expect(try await client.get("/kunskapsbank?page=999999999", as: visitor).status == .badRequest)
                // the API: open reading with facets, and the analyser
                let api = try await client.api(.get, "/api/v1/examples?q=familjer&sector=socialtjanst", as: visitor)
                #expect(api.json?["total"] as? Int == 1)
                #expect(((api.json?["facets"] as? [String: Any])?["sector"] as? [String: Int])?["socialtjanst"] == 1)
                let analyzed = try await client.api(.get, "/api/v1/search/analyze?text=Hemtj%C3%A4nstens%20medarbetare%20och%20%C3%A4ldreomsorg", as: visitor)
                #expect(analyzed.json?["tokens"] as? [String] == ["hemtjänst", "medarbet", "äldreomsorg"])
                // "dela lösningen": the decided signal becomes a draft with its text and decision
                let shared = try await client.post("/signaler/\(harness.signals["implement"]!)/dela", as: staff, form: [])
                #expect(shared.status == .seeOther)
                let draft = try await client.get(try #require(shared.headers[.location]), as: staff)
                #expect(draft.text.contains("Signal implement") && draft.text.contains("Vi gör det"))
                #expect(try await client.post("/signaler/\(harness.signals["view"]!)/dela", as: staff, form: []).status == .conflict)
            }
        }
    }
}

@Suite("Demo")
struct DemoTests {
    @Test("the demo loads into an empty database once, with signals at every stage")
    func demoLoads() async throws {
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: [:])
            config.passwordCost = 4
            let platform = try Tillit.platform(database, config: config, logger: TestDatabases.logger)
            let loader = DemoLoader(platform: platform, logger: TestDatabases.logger)
            #expect(try await loader.loadIfEmpty())
            #expect(try await loader.loadIfEmpty() == false)
            let organisations = try await platform.allOrganisations()
            #expect(Set(organisations.map(\.slug)).isSuperset(of: ["tillitsby", "tillitsdalen", "region-norrdal"]))
            // the knowledge bank: every demo example published and searchable
            let examples = try await Knowledge(platform: platform).search(ExampleQuery())
            #expect(examples.page.total >= 30)
            #expect(try await Knowledge(platform: platform).search(ExampleQuery(text: "hemtjänsten")).page.total > 0)
            let tillitsby = organisations.first { $0.slug == "tillitsby" }!
            #expect(try await platform.unitTree(organisationID: tillitsby.id).units.count >= 30)
            let statuses = try await database.read { db in
                try await db.raw("SELECT status, anonymous FROM signals").all().map { "\(try $0.string("status"))/\(try $0.int64("anonymous"))" }
            }
            #expect(Set(statuses).isSuperset(of: ["open/0", "decided/0", "implemented/0", "decided/1"]))
            let participantUnits = try await database.read { db in
                try await db.raw("SELECT DISTINCT unit_id FROM signals WHERE source = 'participant'").all().count
            }
            #expect(participantUnits == 2)
        }
    }
}
