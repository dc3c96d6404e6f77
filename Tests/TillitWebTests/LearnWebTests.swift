import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import TillitFormats
import TillitLearn
import TillitPlatform
import TillitTestSupport
@testable import TillitWeb

private let pdf = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)

extension TestClientProtocol {
    /// A browser's multipart upload of one file, with the form's CSRF token.
    func upload(_ path: String, as caller: Caller, fileName: String, data: Data, csrf: String? = nil) async throws -> TestResponse {
        let boundary = "----tillit\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf ?? caller.csrfToken)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = caller.browserHeaders
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await execute(uri: path, method: .post, headers: headers, body: body)
    }
}

@Suite("Web: attachments, problem reports, pilots, the report series and open data")
struct LearnWebTests {
    func attachmentCount(_ harness: Harness) async throws -> Int {
        try await harness.platform.database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM attachments").first()!.decode(column: "n", as: Int.self) }
    }

    @Test("uploads: checked by content, limited in size, CSRF-protected, for signed-in editors of the example; served with type and file name")
    func uploads() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let staff = harness.callers["medarbetare"]!
                let path = "/kunskapsbank/exempel/\(harness.examples["draft"]!)/bilagor"
                let before = try await attachmentCount(harness)
                // HTML dressed as a PDF: refused with the reason, nothing stored
                let disguised = try await client.upload(path, as: staff, fileName: "rapport.pdf", data: Data("<html><script>x</script></html>".utf8))
                #expect(disguised.status == .unsupportedMediaType)
                #expect(disguised.text.contains("Typen avgörs av innehållet"))
                // no CSRF token, or not signed in: refused
                #expect(try await client.upload(path, as: staff, fileName: "a.pdf", data: pdf, csrf: "wrong").status == .forbidden)
                #expect(try await client.upload(path, as: .anonymous, fileName: "a.pdf", data: pdf).status == .unauthorized)
                // over 21 MB: 413 before anything is parsed
                let huge = try await client.upload(path, as: staff, fileName: "stor.pdf", data: pdf + Data(count: 21 * 1024 * 1024))
                #expect(huge.status == .contentTooLarge)
                #expect(try await attachmentCount(harness) == before)
                // a real file is stored and comes back with its type and a safe name
                let ok = try await client.upload(path, as: staff, fileName: "Plan för \"2026\".pdf", data: pdf)
                #expect(ok.status == .seeOther)
                let list = try await Knowledge(platform: harness.platform).attachments(actor: nil, exampleID: harness.examples["published"]!)
                #expect(list.count == 1)
                let mine = try await harness.platform.database.read { db in
                    try await db.raw("SELECT id, file_name FROM attachments WHERE owner_id = \(bind: harness.examples["draft"]!) ORDER BY id DESC").first()!
                }
                let id = try mine.int64("id"), name = try mine.string("file_name")
                #expect(!name.contains("\""))
                let download = try await client.get("/bilagor/\(id)/x", as: staff)
                #expect(download.status == .ok)
                #expect(download.headers[.contentType] == "application/pdf")
                #expect(download.headers[.contentDisposition]?.hasPrefix("inline; filename=") == true)
                #expect(download.headers[.xContentTypeOptions] == "nosniff")
                #expect(Data(buffer: download.body) == pdf)
                // the draft's file is not for others
                #expect(try await client.get("/bilagor/\(id)/x", as: .anonymous).status == .notFound)
                // the API lists a published example's attachments with their addresses
                let api = try await client.api(.get, "/api/v1/examples/\(harness.examples["published"]!)", as: .anonymous)
                let files = api.json?["attachments"] as? [[String: Any]]
                #expect(files?.count == 1)
                #expect((files?.first?["url"] as? String)?.hasSuffix("/bilagor/\(harness.learn["attachment"]!)/bilaga.pdf") == true)
                #expect(files?.first?["content_type"] as? String == "application/pdf")
            }
        }
    }

    @Test("a reader reports a problem; a filled-in hidden field stores nothing")
    func problemReport() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let path = "/kunskapsbank/exempel/\(harness.examples["published"]!)/anmal"
                func count() async throws -> Int {
                    try await harness.platform.database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM example_problems").first()!.decode(column: "n", as: Int.self) }
                }
                let before = try await count()
                let robot = try await client.post(path, as: .anonymous, form: [("reason", "annat"), ("text", "Köp nu"), ("website", "http://spam.example")])
                // a robot is thanked like anyone, on the same page after a redirect
                #expect(robot.status == .seeOther && robot.headers[.location] == path + "/tack")
                #expect(try await count() == before)
                let bad = try await client.post(path, as: .anonymous, form: [("reason", "annat"), ("text", "")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("error-summary") || bad.text.contains("role=\"alert\""))
                let good = try await client.post(path, as: .anonymous, form: [("reason", "fel"), ("text", "Årtalet stämmer inte.")])
                #expect(good.status == .seeOther && good.headers[.location] == path + "/tack")
                #expect(try await count() == before + 1)
                // the thanks is a page of its own: reloading it reports nothing again
                let thanks = try await client.follow(good, as: .anonymous)
                #expect(thanks.status == .ok && thanks.text.contains("notice"))
                _ = try await client.get(path + "/tack", as: .anonymous)
                #expect(try await count() == before + 1)
                let list = try await client.get("/kunskapsbank/anmalningar", as: harness.callers["redaktor"]!)
                #expect(list.text.contains("Årtalet stämmer inte."))
            }
        }
    }

    @Test("a pilot's page shows its public entries to everyone and the whole log to its researcher and contact only")
    func pilotLog() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let path = "/forsok/\(harness.learn["pilot"]!)"
                for role in ["anonymous", "redaktor", "administrator", "systemadministrator", "medarbetare"] {
                    let page = try await client.get(path, as: harness.callers[role]!)
                    #expect(page.status == .ok)
                    #expect(!page.text.contains("Bara för försöket."), "\(role) sees an internal entry")
                }
                for role in ["forskare", "styrelse"] {
                    #expect(try await client.get(path, as: harness.callers[role]!).text.contains("Bara för försöket."), "\(role) misses the log")
                }
                // the researcher makes it public; now everyone sees it
                let toggled = try await client.post("\(path)/logg/\(harness.learn["entry"]!)/synlighet", as: harness.callers["forskare"]!, form: [("public", "1")])
                #expect(toggled.status == .seeOther)
                #expect(try await client.get(path, as: .anonymous).text.contains("Bara för försöket."))
                // the API gives the same answer
                let api = try await client.api(.get, "/api/v1/pilots/\(harness.learn["pilot"]!)", as: .anonymous)
                #expect((api.json?["log"] as? [[String: Any]])?.count == 1)
                // a bad entry is shown again with its errors
                let bad = try await client.post("\(path)/logg", as: harness.callers["forskare"]!, form: [("date", "2025-13-01"), ("kind", "memo"), ("title", ""), ("text", "x")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("ÅÅÅÅ-MM-DD"))
            }
        }
    }

    @Test("a published report has one permanent address, a PDF and citations; the API's format is checked")
    func reports() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let anonymous = Caller.anonymous
                let byID = try await client.get("/rapporter/\(harness.learn["report"]!)", as: anonymous)
                #expect(byID.status == .movedPermanently)
                #expect(byID.headers[.location] == "/rapporter/\(harness.reportReference)")
                #expect(try await client.get("/rapporter/2026:1", as: anonymous).status == .movedPermanently)
                let page = try await client.get("/rapporter/\(harness.reportReference)", as: anonymous)
                #expect(page.text.contains("Tillits rapportserie 2026:1"))
                let pdfResponse = try await client.get("/rapporter/\(harness.reportReference)/pdf", as: anonymous)
                #expect(pdfResponse.headers[.contentType] == "application/pdf")
                #expect(pdfResponse.headers[.contentDisposition]?.contains("tillit-2026-1.pdf") == true)
                let bib = try await client.get("/rapporter/\(harness.reportReference)/citera/bibtex", as: anonymous)
                #expect(bib.headers[.contentType]?.hasPrefix("application/x-bibtex") == true)
                #expect(bib.text.hasPrefix("@techreport{tillit-2026-1,"))
                #expect(bib.text.contains("{2026:1}"))
                let ris = try await client.get("/rapporter/\(harness.reportReference)/citera/ris", as: anonymous)
                #expect(ris.text.hasPrefix("TY  - RPRT\r\n"))
                #expect(try await client.get("/rapporter/\(harness.reportReference)/citera/word", as: anonymous).status == .notFound)
                let csl = try await client.api(.get, "/api/v1/reports/\(harness.learn["report"]!)?format=csl-json", as: anonymous)
                let items = try JSONSerialization.jsonObject(with: Data(buffer: csl.body)) as? [[String: Any]]
                #expect(items?.first?["type"] as? String == "report")
                #expect(try await client.api(.get, "/api/v1/reports/\(harness.learn["report"]!)?format=docx", as: anonymous).status == .badRequest)
                // a draft is nobody else's business
                #expect(try await client.api(.get, "/api/v1/reports/\(harness.learn["reportDraft"]!)", as: anonymous).status == .notFound)
                #expect(try await client.get("/rapporter/\(harness.learn["reportDraft"]!)", as: harness.callers["medarbetare"]!).status == .notFound)
                // publishing the other draft gives it the next number
                let published = try await client.post("/rapporter/\(harness.learn["reportToPublish"]!)/publicera", as: harness.callers["forskare"]!, form: [])
                #expect(published.status == .seeOther)
                #expect(published.headers[.location]?.hasPrefix("/rapporter/") == true && published.headers[.location] != "/rapporter/\(harness.learn["reportToPublish"]!)")
            }
        }
    }

    @Test("open data: the CSV's header is the documented columns, JSON Lines parse, the feeds and sitemap name what is published")
    func openData() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let anonymous = Caller.anonymous
                let csv = try await client.get("/oppna-data/exempel.csv", as: anonymous)
                let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "\u{FEFF}" + OpenDataController.columns.map(\.name).joined(separator: ","))
                let published = try await Knowledge(platform: harness.platform).published(after: 0, limit: 1000)
                #expect(lines.count == published.count + 1)
                let jsonl = try await client.get("/oppna-data/exempel.jsonl", as: anonymous)
                let rows = jsonl.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                #expect(rows.count == published.count)
                #expect(rows.allSatisfy { $0 != nil && Set($0!.keys) == Set(OpenDataController.columns.map(\.name)) })
                #expect(!jsonl.text.contains("contact_email"))
                let page = try await client.get("/oppna-data", as: anonymous)
                for column in OpenDataController.columns { #expect(page.text.contains("<code>\(column.name)</code>")) }
                let feed = try await client.get("/flode/exempel.atom", as: anonymous)
                #expect(feed.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                #expect(feed.text.contains("/kunskapsbank/exempel/\(harness.examples["published"]!)"))
                #expect(!feed.text.contains("/kunskapsbank/exempel/\(harness.examples["draft"]!)<"))
                let reportsFeed = try await client.get("/flode/rapporter.atom", as: anonymous)
                #expect(reportsFeed.text.contains("/rapporter/\(harness.reportReference)"))
                let sitemap = try await client.get("/sitemap.xml", as: anonymous)
                #expect(sitemap.text.contains("/forsok/\(harness.learn["pilot"]!)</loc>"))
                #expect(sitemap.text.contains("/kunskapsbank/exempel/\(harness.examples["published"]!)</loc>"))
                #expect(!sitemap.text.contains("/kunskapsbank/exempel/\(harness.examples["draft"]!)</loc>"))
            }
        }
    }
}
