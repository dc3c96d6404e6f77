import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// The knowledge bank: examples contributed by anyone signed in, from any organisation, moderated
/// by editors (redaktörer), readable by everyone once published. Every save keeps a revision.
public struct Knowledge: Sendable {
    public let platform: Platform
    /// Where attached files are kept.
    public let attachmentStore: AttachmentStore

    public init(platform: Platform, attachmentStore: AttachmentStore = AttachmentStore(directory: nil)) {
        self.platform = platform
        self.attachmentStore = attachmentStore
    }

    var database: any Database { platform.database }
    var now: Date { platform.clock.now() }

    // MARK: Validation

    struct Checked: Sendable {
        var extID: String?
        var organisationID: Int64
        var unitName: String
        var title: String
        var summary: String
        var body: String
        var sectors: [Sector]
        var principles: [Principle]
        var yearStart: Int?
        var yearEnd: Int?
        var results: String
        var lessons: String
        var contactName: String
        var contactRole: String
        var contactEmail: String
        var links: [ExampleLink]
        var tags: [String]
    }

    /// Checks a whole input, naming every bad field at once. `organisations` are those the
    /// contributor may write for (nil: any, for imports).
    /// A draft may leave sectors and principles for later (`complete: false`); submitting and
    /// publishing need them.
    func check(_ input: ExampleInput, organisations: Set<Int64>?, complete: Bool = true) throws -> Checked {
        var v = Validator()
        let title = v.text("title", input.title, maxLength: 200)
        let summary = v.multilineText("summary", input.summary, maxLength: 500)
        let body = v.multilineText("body", input.body, maxLength: 50_000)
        let unitName = v.text("unit_name", input.unitName, maxLength: 200, required: false) ?? ""
        // Sectors and principles as stored values or as the labels people see, in either language.
        func list<T: LabelledChoice>(_ field: String, _ raw: [String]?, as type: T.Type) -> [T] {
            let values = (raw ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var parsed: [T] = []
            for value in values {
                guard let item = T(lenient: value) else { v.add(field, PlatformText.fieldUnknownChoice(T.allCases.map(\.rawValue))); return [] }
                if !parsed.contains(where: { $0.rawValue == item.rawValue }) { parsed.append(item) }
            }
            if parsed.isEmpty, complete { v.add(field, KnowledgeText.chooseOne) }
            return parsed
        }
        let sectors = list("sectors", input.sectors, as: Sector.self)
        let principles = list("principles", input.principles, as: Principle.self)
        let (yearStart, yearEnd) = v.period(input.yearStart, input.yearEnd)
        let results = v.multilineText("results", input.results, maxLength: 4000, required: false) ?? ""
        let lessons = v.multilineText("lessons", input.lessons, maxLength: 4000, required: false) ?? ""
        let contactName = v.text("contact_name", input.contactName, maxLength: 200, required: false) ?? ""
        let contactRole = v.text("contact_role", input.contactRole, maxLength: 200, required: false) ?? ""
        let contactEmail = (input.contactEmail ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? "" : (v.email("contact_email", input.contactEmail) ?? "")
        var links: [ExampleLink] = []
        for link in input.links ?? [] {
            let url = link.url.trimmingCharacters(in: .whitespaces)
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count <= 2000, URL(string: url) != nil, !url.contains(where: \.isWhitespace) else {
                v.add("links", KnowledgeText.linkInvalid); break
            }
            let title = TextInput.normalise(link.title).isEmpty ? url : String(TextInput.normalise(link.title).prefix(200))
            links.append(ExampleLink(title: title, url: url))
        }
        if links.count > 10 { v.add("links", KnowledgeText.tooMany(10)) }
        var tags: [String] = []
        for raw in input.tags ?? [] {
            let tag = TextInput.normalise(raw).lowercased()
            if tag.isEmpty || tags.contains(tag) { continue }
            if tag.count > 60 { v.add("tags", PlatformText.fieldTooLong(60)); break }
            tags.append(tag)
        }
        if tags.count > 20 { v.add("tags", KnowledgeText.tooMany(20)) }
        let extID = v.text("ext_id", input.extID, maxLength: 200, required: false).flatMap { $0.isEmpty ? nil : $0 }
        let organisationID = RequestNumber.id(input.organisationID)
        if organisationID == nil || !(organisations?.contains(organisationID!) ?? true) { v.add("organisation_id", KnowledgeText.notYourOrganisation) }
        try v.check()
        return Checked(extID: extID, organisationID: organisationID!, unitName: unitName, title: title!, summary: summary!, body: body!,
                       sectors: sectors, principles: principles, yearStart: yearStart, yearEnd: yearEnd, results: results, lessons: lessons,
                       contactName: contactName, contactRole: contactRole, contactEmail: contactEmail, links: links, tags: tags)
    }

    /// The organisations an actor may contribute for: their own (a system administrator: any).
    func contributorOrganisations(_ actor: Actor) async throws -> Set<Int64> {
        if Policy.isSystemAdministrator(actor) { return Set(try await platform.allOrganisations().map(\.id)) }
        return Policy.organisationIDs(actor)
    }

    // MARK: Workflow

    /// A new draft. With `publish`, an editor publishes it at once (the API's direct route).
    public func create(actor: Actor, _ input: ExampleInput, sourceSignalID: Int64? = nil, submit: Bool = false, publish: Bool = false) async throws -> Example {
        guard actor.userID != nil else { throw AppError.signInRequired }
        let checked = try check(input, organisations: try await contributorOrganisations(actor), complete: submit || publish)
        let publishNow = publish && Policy.isEditor(actor)
        let status: ExampleStatus = publishNow ? .published : (submit || publish ? .submitted : .draft)
        let now = self.now
        do {
            return try await database.transaction { db in
                let id = try await Self.insert(db, checked, status: status, createdBy: actor.userID, sourceSignalID: sourceSignalID, at: now)
                try await AuditLog.record(db, at: now, actor: actor, action: "example.create", objectType: "example", objectID: String(id),
                                          organisationID: checked.organisationID, details: ["status": status.rawValue])
                return try await Self.load(db, id: id)!
            }
        } catch where database.isUniqueViolation(error) {
            // examples.ext_id is UNIQUE: a second example with the same ext_id is the caller's mistake, not a 500.
            throw AppError.invalid([FieldError("ext_id", KnowledgeText.extIDTaken)])
        }
    }

    /// Saves changes: the contributor while it is a draft or returned, an editor at any time
    /// before it is withdrawn. Each save is a new revision.
    public func update(actor: Actor, id: Int64, _ input: ExampleInput) async throws -> Example {
        let now = self.now
        let organisations = try await contributorOrganisations(actor)
        do {
            return try await database.transaction { db in
                let example = try await editable(db, actor: actor, id: id)
                // An editor may keep the contributor's organisation even if it is not the editor's own.
                let checked = try check(input, organisations: organisations.union([example.organisationID]),
                                        complete: example.status == .published || example.status == .submitted)
                try await Self.write(db, id: id, checked, revision: example.revision + 1, at: now)
                try await Self.snapshot(db, id: id, revision: example.revision + 1, by: actor.userID, at: now)
                if example.status == .published { try await SearchIndex.index(db, id: id) }
                try await AuditLog.record(db, at: now, actor: actor, action: "example.update", objectType: "example", objectID: String(id),
                                          organisationID: example.organisationID)
                return try await Self.load(db, id: id)!
            }
        } catch where database.isUniqueViolation(error) {
            throw AppError.invalid([FieldError("ext_id", KnowledgeText.extIDTaken)])
        }
    }

    /// The contributor sends a draft (or a returned example) to the editors.
    public func submit(actor: Actor, id: Int64) async throws -> Example {
        try await transition(actor: actor, id: id, from: [.draft, .returned], to: .submitted, editorOnly: false, action: "example.submit")
    }

    /// An editor publishes a submitted example (or a draft of their own).
    public func publish(actor: Actor, id: Int64) async throws -> Example {
        try await transition(actor: actor, id: id, from: [.submitted, .draft, .returned], to: .published, editorOnly: true, action: "example.publish")
    }

    /// An editor returns a submitted example to its contributor with a comment.
    public func returnToContributor(actor: Actor, id: Int64, comment: String?) async throws -> Example {
        var v = Validator()
        let comment = v.multilineText("comment", comment, maxLength: 2000)
        if comment == nil, v.errors.isEmpty { v.add("comment", KnowledgeText.commentRequired) }
        try v.check()
        return try await transition(actor: actor, id: id, from: [.submitted], to: .returned, editorOnly: true, action: "example.return", note: comment)
    }

    /// An editor withdraws a published example with a reason; it leaves the public pages and search.
    public func withdraw(actor: Actor, id: Int64, reason: String?) async throws -> Example {
        var v = Validator()
        let reason = v.multilineText("reason", reason, maxLength: 2000)
        try v.check()
        return try await transition(actor: actor, id: id, from: [.published], to: .withdrawn, editorOnly: true, action: "example.withdraw", note: reason)
    }

    private func transition(actor: Actor, id: Int64, from: Set<ExampleStatus>, to: ExampleStatus, editorOnly: Bool, action: String,
                            note: String? = nil) async throws -> Example {
        let now = self.now
        return try await database.transaction { db in
            guard let example = try await Self.load(db, id: id), canSee(actor, example) else { throw AppError.notFound }
            if editorOnly ? !Policy.isEditor(actor) : !(example.createdBy == actor.userID || Policy.isEditor(actor)) { throw AppError.forbidden }
            guard from.contains(example.status) else {
                throw AppError(.conflict, code: "wrong-state", message: KnowledgeText.wrongState(example.status))
            }
            if to == .submitted || to == .published {
                var v = Validator()
                if example.sectors.isEmpty { v.add("sectors", KnowledgeText.chooseOne) }
                if example.principles.isEmpty { v.add("principles", KnowledgeText.chooseOne) }
                try v.check()
            }
            switch to {
            case .published:
                try await db.raw("""
                    UPDATE examples SET status = 'published', published_at = COALESCE(published_at, \(bind: now.epochSeconds)),
                    published_revision = COALESCE(published_revision, revision), editor_comment = NULL,
                    updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)
                    """).run()
                try await SearchIndex.index(db, id: id)
            case .returned:
                try await db.raw("UPDATE examples SET status = 'returned', editor_comment = \(bind: note), updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)").run()
            case .withdrawn:
                try await db.raw("UPDATE examples SET status = 'withdrawn', withdrawn_reason = \(bind: note), updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)").run()
                try await SearchIndex.remove(db, id: id)
            default:
                try await db.raw("UPDATE examples SET status = \(bind: to.rawValue), updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)").run()
            }
            try await AuditLog.record(db, at: now, actor: actor, action: action, objectType: "example", objectID: String(id),
                                      organisationID: example.organisationID)
            return try await Self.load(db, id: id)!
        }
    }

    // MARK: Reading

    /// Who may see an example: everyone once published; before that and after withdrawal, its
    /// contributor and the editors.
    func canSee(_ actor: Actor?, _ example: Example) -> Bool {
        Self.canSee(actor, status: example.status, createdBy: example.createdBy)
    }

    static func canSee(_ actor: Actor?, status: ExampleStatus, createdBy: Int64?) -> Bool {
        if status == .published { return true }
        guard let actor else { return false }
        return (actor.userID != nil && createdBy == actor.userID) || Policy.isEditor(actor)
    }

    func editable(_ db: any SQLDatabase, actor: Actor, id: Int64) async throws -> Example {
        guard let example = try await Self.load(db, id: id), canSee(actor, example) else { throw AppError.notFound }
        if Policy.isEditor(actor) {
            guard example.status != .withdrawn else { throw AppError(.conflict, code: "wrong-state", message: KnowledgeText.wrongState(example.status)) }
        } else {
            guard example.createdBy == actor.userID else { throw AppError.forbidden }
            guard example.status == .draft || example.status == .returned else {
                throw AppError(.conflict, code: "wrong-state", message: KnowledgeText.wrongState(example.status))
            }
        }
        return example
    }

    /// An example, if the actor (or a visitor, nil) may see it.
    public func example(actor: Actor?, id: Int64) async throws -> Example {
        guard let example = try await database.read({ db in try await Self.load(db, id: id) }), canSee(actor, example) else { throw AppError.notFound }
        return example
    }

    /// Which of `ids` the actor (or a visitor, nil) may see, as ``canSee(_:_:)`` decides, from the
    /// three columns it looks at: for a list of links to examples, without reading the examples.
    public func visible(actor: Actor?, ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.read { db in
            try await db.raw("SELECT id, status, created_by FROM examples WHERE id IN \(SQLQueryString.list(ids))").all()
        }
        var visible: Set<Int64> = []
        for row in rows {
            let status = ExampleStatus(rawValue: try row.string("status")) ?? .draft
            let createdBy = try row.optionalInt64("created_by")
            if Self.canSee(actor, status: status, createdBy: createdBy) { visible.insert(try row.int64("id")) }
        }
        return visible
    }

    /// The examples of `ids` the actor (or a visitor, nil) may see, in the order of `ids`, read together.
    public func examples(actor: Actor?, ids: [Int64]) async throws -> [Example] {
        guard !ids.isEmpty else { return [] }
        let found = try await database.read { db in try await Self.loadMany(db, "WHERE e.id IN \(SQLQueryString.list(ids))") }
        let byID = Dictionary(found.map { ($0.id, $0) }) { first, _ in first }
        return ids.compactMap { byID[$0] }.filter { canSee(actor, $0) }
    }

    /// An example by the source system's id, in any state (for imports and integrations).
    public func example(extID: String) async throws -> Example? {
        try await database.read { db in try await Self.loadMany(db, "WHERE e.ext_id = \(bind: extID)").first }
    }

    /// The actor's own examples, and for editors the ones waiting for them.
    public func workbench(actor: Actor) async throws -> (mine: [Example], waiting: [Example]) {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        return try await database.read { db in
            let mine = try await Self.loadMany(db, "WHERE e.created_by = \(bind: userID) ORDER BY e.updated_at DESC, e.id DESC LIMIT 200")
            let waiting = Policy.isEditor(actor)
                ? try await Self.loadMany(db, "WHERE e.status = 'submitted' ORDER BY e.updated_at, e.id LIMIT 200") : []
            return (mine, waiting)
        }
    }

    /// One saved revision of an example, as it was.
    public struct Revision: Sendable {
        public let number: Int
        public let savedAt: Date
        public let fields: [String: String]
    }

    /// The revisions of an example the actor may see, oldest first. Its contributor and the editors
    /// see every one; others only those from its first publication on (earlier ones may hold a draft
    /// or the text of the signal it was made from), and visitors never see a contact email, as on
    /// the example's own page.
    public func revisions(actor: Actor?, id: Int64) async throws -> [Revision] {
        let example = try await example(actor: actor, id: id)
        let everything = actor.map { ($0.userID != nil && example.createdBy == $0.userID) || Policy.isEditor($0) } ?? false
        return try await database.read { db in
            let first = everything ? 1 : Int(try await db.raw("SELECT published_revision FROM examples WHERE id = \(bind: id)").first()?
                .optionalInt64("published_revision") ?? Int64(Int.max))
            return try await db.raw("""
                SELECT revision, snapshot, created_at FROM example_revisions WHERE example_id = \(bind: id) AND revision >= \(bind: first) ORDER BY revision
                """).all().map { row in
                let data = Data(try row.string("snapshot").utf8)
                var fields = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
                if actor == nil, let contact = fields["contact"] {
                    // "name, role, email": the email part goes.
                    fields["contact"] = contact.components(separatedBy: ", ").filter { !$0.contains("@") }.joined(separator: ", ")
                }
                return Revision(number: Int(try row.int64("revision")), savedAt: try row.date("created_at"), fields: fields)
            }
        }
    }
}

extension Validator {
    /// A period of whole years (`year_start`, `year_end`), either may be empty: 1990–2100, the end
    /// no earlier than the start.
    mutating func period(_ start: String?, _ end: String?) -> (Int?, Int?) {
        func year(_ field: String, _ raw: String?) -> Int? {
            let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let year = RequestNumber.int(text, in: 1990...2100) else { add(field, KnowledgeText.yearRange); return nil }
            return year
        }
        let yearStart = year("year_start", start), yearEnd = year("year_end", end)
        if let yearStart, let yearEnd, yearEnd < yearStart { add("year_end", KnowledgeText.yearRange) }
        return (yearStart, yearEnd)
    }
}
