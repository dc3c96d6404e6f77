import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TillitLearn
import TillitPlatform
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

@Suite("Web: public pages kept until the database changes")
struct KeptPagesWebTests {
    /// The app over the harness's database with a site the test can look into.
    static func app(_ harness: Harness, capacity: Int = 512) throws -> (Site, some ApplicationProtocol) {
        var site = Site(platform: harness.platform, mailer: harness.mailer, publicURL: "http://localhost:8080", demo: false)
        site.keptPages = KeptPages(capacity: capacity)
        let router = try Tillit.buildRouter(site: site, database: harness.platform.database, maxBodySize: 1 << 20).router
        return (site, Application(router: router))
    }

    /// A browser without an account whose form token is `token`.
    static func visitor(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.cookie] = "tillit_csrf=\(token)"
        return headers
    }

    @Test("a kept page is served again with each visitor's own frame, and any commit, the server's or another connection's, lets go of it")
    func keptUntilChanged() async throws {
        try await Harness.with { harness, _ in
            let (site, app) = try Self.app(harness)
            try await app.test(.router) { client in
                let first = try await client.execute(uri: "/kunskapsbank", method: .get, headers: Self.visitor("first-visitor-token-0123456789abcdef"))
                #expect(first.status == .ok && site.keptPages.hits == 0)
                let second = try await client.execute(uri: "/kunskapsbank", method: .get, headers: Self.visitor("other-visitor-token-0123456789abcdef"))
                #expect(second.status == .ok && site.keptPages.hits == 1)
                // the same content, each with the visitor's own form token in the language switch
                #expect(String(buffer: second.body).contains("value=\"other-visitor-token-0123456789abcdef\""))
                #expect(!String(buffer: second.body).contains("first-visitor-token"))
                #expect(String(buffer: first.body).replacingOccurrences(of: "first-visitor", with: "other-visitor") == String(buffer: second.body))
                // another address, or another language, is another page
                _ = try await client.execute(uri: "/kunskapsbank?page=1", method: .get, headers: Self.visitor("first-visitor-token-0123456789abcdef"))
                #expect(site.keptPages.hits == 1)
                var english = Self.visitor("first-visitor-token-0123456789abcdef")
                english[.acceptLanguage] = "en"
                let inEnglish = try await client.execute(uri: "/kunskapsbank", method: .get, headers: english)
                #expect(site.keptPages.hits == 1 && String(buffer: inEnglish.body).contains("<html lang=\"en\">"))
                // signed in, the bank offers to contribute: not the visitors' page
                let staff = try await client.get("/kunskapsbank", as: harness.callers["medarbetare"]!)
                #expect(site.keptPages.hits == 1 && staff.text.contains("/kunskapsbank/ny"))
                #expect(!String(buffer: first.body).contains("/kunskapsbank/ny"))

                // the server's own write: an import publishes an example
                try await KnowledgeOrganisationFacetWebTests.importExamples(harness, count: 1)
                let afterImport = try await client.execute(uri: "/kunskapsbank", method: .get, headers: Self.visitor("first-visitor-token-0123456789abcdef"))
                #expect(String(buffer: afterImport.body).contains("Tillit i verksamhet 1"))
                #expect(site.keptPages.hits == 1)

                // a write through another connection to the file, as a command beside the server makes
                let path = (harness.platform.database as! SQLiteDatabase).path
                let other = try await SQLiteDatabase.open(path: path, readers: 1, logger: TestDatabases.logger)
                try await other.transaction { db in
                    try await db.raw("UPDATE examples SET title = 'Ett nytt namn' WHERE title = 'Tillit i verksamhet 1'").run()
                }
                await other.shutdown()
                let afterOther = try await client.execute(uri: "/kunskapsbank", method: .get, headers: Self.visitor("first-visitor-token-0123456789abcdef"))
                #expect(String(buffer: afterOther.body).contains("Ett nytt namn") && !String(buffer: afterOther.body).contains("Tillit i verksamhet 1"))
                _ = try await client.execute(uri: "/kunskapsbank", method: .get, headers: Self.visitor("first-visitor-token-0123456789abcdef"))
                #expect(site.keptPages.hits == 2)
            }
        }
    }

    @Test("no anonymous action moves the count: a kept page's speed tells no one when one happened")
    func anonymousActionsKeepPages() async throws {
        try await Harness.with { harness, _ in
            let (site, app) = try Self.app(harness)
            let database = harness.platform.database
            try await app.test(.router) { client in
                let visitor = harness.callers["anonymous"]!
                _ = try await client.get("/kunskapsbank", as: visitor)
                let count = PublicContent.changeCount(database)
                #expect(count != nil)
                // and neither the directory's nor the audit log's count
                let counts = (DirectoryChanges.peek(database), AuditLog.peekChanges(database))
                #expect(counts.0 != nil && counts.1 != nil)
                // an anonymous signal, a reader's problem report, the sessions' activity
                let raised = try await client.post("/signaler/ny", as: harness.callers["medarbetare"]!,
                                                   form: [("kind", "hinder"), ("text", "Utan namn"), ("unit_id", String(harness.units["teamA"]!)), ("anonymous", "1")])
                #expect(raised.status == .seeOther)
                _ = try await Knowledge(platform: harness.platform).reportProblem(exampleID: harness.examples["published"]!, reason: "fel", text: "Länken är död")
                _ = try await harness.platform.flushSessionActivity()
                #expect(PublicContent.changeCount(database) == count)
                #expect(DirectoryChanges.peek(database) == counts.0 && AuditLog.peekChanges(database) == counts.1)
                _ = try await client.get("/kunskapsbank", as: visitor)
                #expect(site.keptPages.hits == 1)
                // what the pages show moves it: an organisation's new name
                try await database.transaction { db in
                    try await db.raw("UPDATE organisations SET name = 'Tillitsby stad' WHERE id = \(bind: harness.organisation.id)").run()
                }
                #expect(PublicContent.changeCount(database) != count)
                let renamed = try await client.get("/kunskapsbank", as: visitor)
                #expect(renamed.text.contains("Tillitsby stad") && site.keptPages.hits == 1)
            }
        }
    }

    @Test("the API's public lists are kept as bodies for every caller; an example's page only for visitors")
    func apiAndExample() async throws {
        try await Harness.with { harness, _ in
            let (site, app) = try Self.app(harness)
            try await app.test(.router) { client in
                let anonymous = try await client.api(.get, "/api/v1/examples?q=tillit", as: harness.callers["anonymous"]!)
                let token = try await client.api(.get, "/api/v1/examples?q=tillit", as: harness.callers["administrator"]!)
                #expect(anonymous.status == .ok && site.keptPages.hits == 1)
                #expect(token.headers[.contentType] == "application/json; charset=utf-8" && anonymous.text == token.text)
                for path in ["/api/v1/pilots", "/api/v1/reports"] {
                    let before = site.keptPages.hits
                    let once = try await client.api(.get, path, as: harness.callers["anonymous"]!)
                    let twice = try await client.api(.get, path, as: harness.callers["anonymous"]!)
                    #expect(once.status == .ok && once.text == twice.text && site.keptPages.hits == before + 1, "\(path)")
                }
                // a bad query is answered as before and kept as nothing
                #expect(try await client.api(.get, "/api/v1/examples?page=0", as: harness.callers["anonymous"]!).status == .badRequest)
                #expect(try await client.api(.get, "/api/v1/examples?page=0", as: harness.callers["anonymous"]!).status == .badRequest)

                let example = "/kunskapsbank/exempel/\(harness.examples["published"]!)"
                let before = site.keptPages.hits
                _ = try await client.get(example, as: harness.callers["anonymous"]!)
                _ = try await client.get(example, as: harness.callers["anonymous"]!)
                #expect(site.keptPages.hits == before + 1)
                _ = try await client.get(example, as: harness.callers["redaktor"]!)
                _ = try await client.get(example, as: harness.callers["redaktor"]!)
                #expect(site.keptPages.hits == before + 1)
                // a draft is no one's page without an account, kept or not
                let draft = "/kunskapsbank/exempel/\(harness.examples["draft"]!)"
                #expect(try await client.get(draft, as: harness.callers["anonymous"]!).status == .notFound)
                #expect(try await client.get(draft, as: harness.callers["anonymous"]!).status == .notFound)
            }
        }
    }

    @Test("with no room to keep pages, every request reads")
    func nothingKept() async throws {
        try await Harness.with { harness, _ in
            let (site, app) = try Self.app(harness, capacity: 0)
            try await app.test(.router) { client in
                for _ in 0..<3 {
                    let response = try await client.get("/forsok", as: harness.callers["anonymous"]!)
                    #expect(response.status == .ok)
                }
                #expect(site.keptPages.hits == 0)
            }
        }
    }

    @Test("a page that holds the reader's form token is never kept")
    func formTokenNeverKept() {
        let pages = KeptPages(capacity: 4)
        let key = KeptPages.Key(target: "/x", language: .sv, variant: "")
        pages.keep(.page(PageView(title: "x", content: "<input name=\"_csrf\" value=\"secret-token\">")), for: key, at: 1, formToken: "secret-token")
        #expect(pages.content(key, at: 1) == nil)
        pages.keep(.page(PageView(title: "x", content: "<p>open</p>")), for: key, at: 1, formToken: "secret-token")
        #expect(pages.content(key, at: 1) != nil)
        #expect(pages.content(key, at: 2) == nil, "kept at another change count")
    }
}

@Suite("Web: page requests run where their reads run")
struct ReadExecutorWebTests {
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("on SQLite a GET or HEAD runs on the readers' threads, so its reads start without a hop; a POST and a read inside a GET stay where they are")
    func getsRunOnReaderThreads() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let sqlite = database as! SQLiteDatabase
            let router = Router(context: AppRequestContext.self)
            router.add(middleware: RequestMemoMiddleware(readExecutor: sqlite.readExecutor))
            router.get("/where") { _, _ -> String in
                let before = Self.threadName()
                let inside = try await database.read { _ in Self.threadName() }
                return "\(before) \(inside) \(Self.threadName())"
            }
            router.post("/where") { _, _ -> String in Self.threadName() }
            try await Application(router: router).test(.router) { client in
                let get = String(buffer: try await client.execute(uri: "/where", method: .get).body).split(separator: " ")
                #expect(get.count == 3 && get.allSatisfy { $0.hasPrefix("TP-") }, "\(get)")
                let post = String(buffer: try await client.execute(uri: "/where", method: .post).body)
                #expect(!post.hasPrefix("TP-") && !post.isEmpty, "\(post)")
            }
        }
    }
}
