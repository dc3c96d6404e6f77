import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

public enum ReportKind: String, Sendable, CaseIterable {
    case report, anthology
    public var label: BothLanguages {
        switch self {
        case .report: BothLanguages(sv: "Rapport", en: "Report")
        case .anthology: BothLanguages(sv: "Antologi", en: "Anthology")
        }
    }
}

public enum ReportStatus: String, Sendable { case draft, published }

/// An author (or, for an anthology, an editor) with affiliation.
public struct ReportAuthor: Sendable, Equatable, Codable {
    public let name: String
    public let affiliation: String
    public init(name: String, affiliation: String) {
        self.name = name
        self.affiliation = affiliation
    }
}

/// A chapter of an anthology, in order.
public struct Chapter: Sendable, Equatable {
    public let position: Int
    public let title: String
    public let authors: [ReportAuthor]
    public let abstract: String
    public init(position: Int, title: String, authors: [ReportAuthor], abstract: String) {
        self.position = position
        self.title = title
        self.authors = authors
        self.abstract = abstract
    }
}

/// A report or an anthology in the numbered series.
public struct Report: Sendable, Identifiable {
    public let id: Int64
    public let extKey: String?
    public let kind: ReportKind
    public let status: ReportStatus
    public let numberYear: Int?
    public let numberSeq: Int?
    public let title: String
    public let abstract: String
    public let keywords: [String]
    /// The authors of a report; the editors of an anthology.
    public let authors: [ReportAuthor]
    /// YYYY-MM-DD, once published.
    public let publishedOn: String?
    public let pilotIDs: [Int64]
    public let chapters: [Chapter]
    public let pdf: Attachment?
    public let createdBy: Int64?
    public let updatedAt: Date

    /// The series number, "2026:3".
    public var number: String? { numberYear.flatMap { y in numberSeq.map { "\(y):\($0)" } } }
    /// The permanent reference used in URLs: "2026-3" once published, else the id.
    public var reference: String { numberYear.flatMap { y in numberSeq.map { "\(y)-\($0)" } } ?? String(id) }
}

public struct ReportInput: Sendable {
    public var extKey: String?
    public var kind: String?
    public var title: String?
    public var abstract: String?
    public var keywords: [String]
    public var authors: [ReportAuthor]?
    public var pilotIDs: [Int64]
    public var chapters: [Chapter]?

    public init(extKey: String? = nil, kind: String?, title: String?, abstract: String?, keywords: [String], authors: [ReportAuthor]?,
                pilotIDs: [Int64], chapters: [Chapter]?) {
        self.extKey = extKey
        self.kind = kind
        self.title = title
        self.abstract = abstract
        self.keywords = keywords
        self.authors = authors
        self.pilotIDs = pilotIDs
        self.chapters = chapters
    }

    /// Authors written one per line as "name | affiliation"; nil if a line is malformed.
    public static func authors(_ text: String?) -> [ReportAuthor]? {
        PilotInput.pipeLines(text, fields: 1...2)?.map { ReportAuthor(name: $0[0], affiliation: $0.count == 2 ? $0[1] : "") }
    }

    /// Chapters written as blocks: "# Title", then "Författare: Name (University); Name (University)",
    /// then the abstract. Nil if a block does not follow the form.
    public static func chapters(_ text: String?) -> [Chapter]? {
        var chapters: [Chapter] = []
        var title: String?, authors: [ReportAuthor] = [], abstract: [String] = []
        func flush() -> Bool {
            guard let current = title else { return abstract.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            guard !current.isEmpty, !authors.isEmpty else { return false }
            chapters.append(Chapter(position: chapters.count + 1, title: current, authors: authors,
                                    abstract: abstract.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)))
            return true
        }
        for raw in (text ?? "").replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("# ") {
                guard flush() else { return nil }
                title = TextInput.normalise(String(line.dropFirst(2)))
                authors = []
                abstract = []
            } else if title != nil, authors.isEmpty, line.lowercased().hasPrefix("författare:") || line.lowercased().hasPrefix("authors:") {
                let list = line[line.index(after: line.firstIndex(of: ":")!)...]
                for item in list.split(separator: ";") {
                    let text = TextInput.normalise(String(item))
                    guard !text.isEmpty else { continue }
                    if let open = text.lastIndex(of: "("), text.hasSuffix(")") {
                        authors.append(ReportAuthor(name: TextInput.normalise(String(text[..<open])),
                                                    affiliation: String(text[text.index(after: open)..<text.index(before: text.endIndex)])))
                    } else {
                        authors.append(ReportAuthor(name: text, affiliation: ""))
                    }
                }
            } else {
                abstract.append(line)
            }
        }
        guard flush() else { return nil }
        return chapters
    }

    /// Chapters written back in the form ``chapters(_:)`` reads.
    public static func text(_ chapters: [Chapter]) -> String {
        chapters.map { chapter in
            "# \(chapter.title)\nFörfattare: \(chapter.authors.map { $0.affiliation.isEmpty ? $0.name : "\($0.name) (\($0.affiliation))" }.joined(separator: "; "))\n\(chapter.abstract)"
        }.joined(separator: "\n\n")
    }
}

/// The report series: researchers and editors write reports and anthologies; a report gets its
/// number YYYY:N when it is published, and is public from then on.
public struct Reports: Sendable {
    public let platform: Platform
    public let attachmentStore: AttachmentStore
    /// The series' name in citations.
    public static let seriesName = "Tillits rapportserie"
    public static let publisher = "Tillit"

    public init(platform: Platform, attachmentStore: AttachmentStore = AttachmentStore(directory: nil)) {
        self.platform = platform
        self.attachmentStore = attachmentStore
    }

    var database: any Database { platform.database }

    public static func canCreate(_ actor: Actor?) -> Bool {
        guard let actor else { return false }
        return Policy.canRegisterResearch(actor)
    }

    /// Editors may correct any report; its creator may change it until it is published.
    public static func canEdit(_ actor: Actor?, _ report: Report) -> Bool {
        guard let actor else { return false }
        return Policy.isEditor(actor) || (report.status == .draft && actor.userID != nil && report.createdBy == actor.userID && canCreate(actor))
    }

    static func canSee(_ actor: Actor?, _ report: Report) -> Bool {
        report.status == .published || canEdit(actor, report)
    }

    /// The published series, newest number first.
    public func published() async throws -> [Report] {
        try await database.read { db in
            try await Self.loadMany(db, "WHERE r.status = 'published' ORDER BY r.number_year DESC, r.number_seq DESC")
        }
    }

    /// Drafts the actor may work on.
    public func drafts(actor: Actor) async throws -> [Report] {
        guard Self.canCreate(actor) else { return [] }
        return try await database.read { db in
            Policy.isEditor(actor)
                ? try await Self.loadMany(db, "WHERE r.status = 'draft' ORDER BY r.updated_at DESC, r.id DESC")
                : try await Self.loadMany(db, "WHERE r.status = 'draft' AND r.created_by = \(bind: actor.userID) ORDER BY r.updated_at DESC, r.id DESC")
        }
    }

    public func report(actor: Actor?, id: Int64) async throws -> Report {
        guard let report = try await database.read({ db in try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first }), Self.canSee(actor, report) else {
            throw AppError.notFound
        }
        return report
    }

    /// A report by its permanent reference: "2026-3" (or "2026:3"), or a draft's id.
    public func report(actor: Actor?, reference: String) async throws -> Report {
        let parts = reference.split(whereSeparator: { $0 == "-" || $0 == ":" })
        if parts.count == 2, let year = Int(parts[0]), let seq = Int(parts[1]) {
            guard let report = try await database.read({ db in
                try await Self.loadMany(db, "WHERE r.number_year = \(bind: year) AND r.number_seq = \(bind: seq) AND r.status = 'published'").first
            }) else { throw AppError.notFound }
            return report
        }
        guard parts.count == 1, let id = Int64(reference) else { throw AppError.notFound }
        return try await report(actor: actor, id: id)
    }

    /// Published reports linked to a pilot.
    public func forPilot(_ pilotID: Int64) async throws -> [Report] {
        try await database.read { db in
            try await Self.loadMany(db, """
                WHERE r.status = 'published' AND r.id IN (SELECT report_id FROM report_pilots WHERE pilot_id = \(bind: pilotID))
                ORDER BY r.number_year DESC, r.number_seq DESC
                """)
        }
    }

    struct Checked {
        var kind: ReportKind, title: String, abstract: String, keywords: [String], authors: [ReportAuthor], pilotIDs: [Int64], chapters: [Chapter]
    }

    func check(_ db: any SQLDatabase, _ input: ReportInput) async throws -> Checked {
        var v = Validator()
        let kind = v.choice("kind", input.kind, as: ReportKind.self)
        let title = v.text("title", input.title, maxLength: 300)
        let abstract = v.multilineText("abstract", input.abstract, maxLength: 5000)
        var keywords: [String] = []
        for raw in input.keywords {
            let word = TextInput.normalise(raw)
            if word.isEmpty || keywords.contains(word) { continue }
            if word.count > 80 { v.add("keywords", PlatformText.fieldTooLong(80)); break }
            keywords.append(word)
        }
        if keywords.count > 20 { v.add("keywords", KnowledgeText.tooMany(20)) }
        if let authors = input.authors {
            if authors.isEmpty { v.add("authors", LearnText.authorRequired) }
            if authors.count > 30 { v.add("authors", KnowledgeText.tooMany(30)) }
            if authors.contains(where: { $0.name.count > 200 || $0.affiliation.count > 200 }) { v.add("authors", PlatformText.fieldTooLong(200)) }
        } else {
            v.add("authors", LearnText.personLine)
        }
        var chapters: [Chapter] = []
        if kind == .anthology {
            if let given = input.chapters {
                chapters = given
                if given.isEmpty { v.add("chapters", KnowledgeText.chooseOne) }
                if given.count > 60 { v.add("chapters", KnowledgeText.tooMany(60)) }
                if given.contains(where: { $0.title.count > 300 || $0.abstract.count > 5000 || $0.authors.isEmpty }) { v.add("chapters", LearnText.chapterFormat) }
            } else {
                v.add("chapters", LearnText.chapterFormat)
            }
        }
        var pilotIDs: [Int64] = []
        for id in input.pilotIDs where !pilotIDs.contains(id) { pilotIDs.append(id) }
        if !pilotIDs.isEmpty {
            let known = Set(try await db.raw("SELECT id FROM pilots").all().map { try $0.int64("id") })
            if !pilotIDs.allSatisfy(known.contains) { v.add("pilots", LearnText.pilotUnknown) }
        }
        try v.check()
        return Checked(kind: kind!, title: title!, abstract: abstract!, keywords: keywords, authors: input.authors ?? [], pilotIDs: pilotIDs, chapters: chapters)
    }

    public func create(actor: Actor, _ input: ReportInput) async throws -> Report {
        guard Self.canCreate(actor) else { throw AppError.forbidden }
        let now = platform.clock.now()
        return try await database.transaction { db in
            let c = try await check(db, input)
            let id = try await db.raw("""
                INSERT INTO reports (ext_key, kind, status, title, abstract, keywords, authors, created_by, created_at, updated_at)
                VALUES (\(bind: input.extKey), \(bind: c.kind.rawValue), 'draft', \(bind: c.title), \(bind: c.abstract), \(bind: Knowledge.json(c.keywords)),
                        \(bind: Knowledge.json(c.authors)), \(bind: actor.userID), \(bind: now.epochSeconds), \(bind: now.epochSeconds))
                RETURNING id
                """).first()!.int64("id")
            try await Self.writeLists(db, id: id, c)
            try await AuditLog.record(db, at: now, actor: actor, action: "report.create", objectType: "report", objectID: String(id), organisationID: nil)
            return try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first!
        }
    }

    public func update(actor: Actor, id: Int64, _ input: ReportInput) async throws -> Report {
        let now = platform.clock.now()
        return try await database.transaction { db in
            guard let report = try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first, Self.canSee(actor, report) else { throw AppError.notFound }
            guard Self.canEdit(actor, report) else { throw AppError.forbidden }
            let c = try await check(db, input)
            try await db.raw("""
                UPDATE reports SET kind = \(bind: c.kind.rawValue), title = \(bind: c.title), abstract = \(bind: c.abstract),
                    keywords = \(bind: Knowledge.json(c.keywords)), authors = \(bind: Knowledge.json(c.authors)), updated_at = \(bind: now.epochSeconds)
                WHERE id = \(bind: id)
                """).run()
            try await Self.writeLists(db, id: id, c)
            try await AuditLog.record(db, at: now, actor: actor, action: "report.update", objectType: "report", objectID: String(id), organisationID: nil)
            return try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first!
        }
    }

    /// Uploads the report's PDF, replacing an earlier one.
    public func attachPDF(actor: Actor, id: Int64, fileName: String, data: Data) async throws -> Attachment {
        let now = platform.clock.now()
        let (attachment, unused) = try await database.transaction { db in
            guard let report = try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first, Self.canSee(actor, report) else { throw AppError.notFound }
            guard Self.canEdit(actor, report) else { throw AppError.forbidden }
            let attachment = try await attachmentStore.add(db, owner: .report, ownerID: id, fileName: fileName, data: data, only: [.pdf],
                                                           by: actor.userID, at: now)
            var unused: String?
            if let old = report.pdf { unused = try await attachmentStore.remove(db, old) }
            try await AuditLog.record(db, at: now, actor: actor, action: "report.pdf", objectType: "report", objectID: String(id), organisationID: nil)
            return (attachment, unused)
        }
        try await attachmentStore.deleteFileIfUnused(unused, database: database)
        return attachment
    }

    /// Publishes a report and gives it the next number of its year. `on` (YYYY-MM-DD) is the
    /// publication date, today if not given.
    public func publish(actor: Actor, id: Int64, on day: String? = nil) async throws -> Report {
        let now = platform.clock.now()
        var v = Validator()
        let date = day.map { Pilots.date(&v, "published_on", $0) } ?? LocalTime(now).dateOnly
        try v.check()
        return try await database.transaction { db in
            guard let report = try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first, Self.canSee(actor, report) else { throw AppError.notFound }
            guard Self.canEdit(actor, report) else { throw AppError.forbidden }
            guard report.status == .draft else { throw AppError(.conflict, code: "wrong-state", message: LearnText.reportPublished) }
            if report.kind == .report, report.pdf == nil { throw AppError.invalid([FieldError("file", LearnText.pdfMissing)]) }
            let year = Int(date!.prefix(4))!
            let next = try await db.raw("SELECT COALESCE(MAX(number_seq), 0) + 1 AS n FROM reports WHERE number_year = \(bind: year)").first()!
                .decode(column: "n", as: Int.self)
            try await db.raw("""
                UPDATE reports SET status = 'published', number_year = \(bind: year), number_seq = \(bind: next), published_on = \(bind: date!),
                    updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "report.publish", objectType: "report", objectID: String(id), organisationID: nil,
                                      details: ["number": "\(year):\(next)"])
            return try await Self.loadMany(db, "WHERE r.id = \(bind: id)").first!
        }
    }

    private static func writeLists(_ db: any SQLDatabase, id: Int64, _ c: Checked) async throws {
        try await db.raw("DELETE FROM report_pilots WHERE report_id = \(bind: id)").run()
        try await db.raw("DELETE FROM report_chapters WHERE report_id = \(bind: id)").run()
        for pilot in c.pilotIDs { try await db.raw("INSERT INTO report_pilots (report_id, pilot_id) VALUES (\(bind: id), \(bind: pilot))").run() }
        for (index, chapter) in c.chapters.enumerated() {
            try await db.raw("""
                INSERT INTO report_chapters (report_id, position, title, authors, abstract)
                VALUES (\(bind: id), \(bind: index + 1), \(bind: chapter.title), \(bind: Knowledge.json(chapter.authors)), \(bind: chapter.abstract))
                """).run()
        }
    }

    static func loadMany(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [Report] {
        let rows = try await db.raw("""
            SELECT r.id, r.ext_key, r.kind, r.status, r.number_year, r.number_seq, r.title, r.abstract, r.keywords, r.authors, r.published_on,
                   r.created_by, r.updated_at FROM reports r \(filter)
            """).all()
        guard !rows.isEmpty else { return [] }
        let list = SQLQueryString.list(try rows.map { try $0.int64("id") })
        let decoder = JSONDecoder()
        func authors(_ text: String) -> [ReportAuthor] { (try? decoder.decode([ReportAuthor].self, from: Data(text.utf8))) ?? [] }
        var pilots: [Int64: [Int64]] = [:], chapters: [Int64: [Chapter]] = [:], pdfs: [Int64: Attachment] = [:]
        for row in try await db.raw("SELECT report_id, pilot_id FROM report_pilots WHERE report_id IN \(list) ORDER BY report_id, pilot_id").all() {
            pilots[try row.int64("report_id"), default: []].append(try row.int64("pilot_id"))
        }
        for row in try await db.raw("SELECT report_id, position, title, authors, abstract FROM report_chapters WHERE report_id IN \(list) ORDER BY report_id, position").all() {
            chapters[try row.int64("report_id"), default: []].append(Chapter(position: Int(try row.int64("position")), title: try row.string("title"),
                                                                               authors: authors(try row.string("authors")), abstract: try row.string("abstract")))
        }
        for row in try await db.raw("""
            SELECT id, owner_type, owner_id, file_name, kind, size, sha256, created_at FROM attachments
            WHERE owner_type = 'report' AND owner_id IN \(list) ORDER BY id
            """).all() {
            let attachment = try AttachmentStore.attachment(row: row)
            pdfs[attachment.ownerID] = attachment
        }
        return try rows.map { row in
            let id = try row.int64("id")
            return Report(id: id, extKey: try row.optionalString("ext_key"), kind: ReportKind(rawValue: try row.string("kind")) ?? .report,
                          status: ReportStatus(rawValue: try row.string("status")) ?? .draft,
                          numberYear: try row.optionalInt64("number_year").map(Int.init), numberSeq: try row.optionalInt64("number_seq").map(Int.init),
                          title: try row.string("title"), abstract: try row.string("abstract"),
                          keywords: (try? decoder.decode([String].self, from: Data(try row.string("keywords").utf8))) ?? [],
                          authors: authors(try row.string("authors")), publishedOn: try row.optionalString("published_on"), pilotIDs: pilots[id] ?? [],
                          chapters: chapters[id] ?? [], pdf: pdfs[id], createdBy: try row.optionalInt64("created_by"), updatedAt: try row.date("updated_at"))
        }
    }
}
