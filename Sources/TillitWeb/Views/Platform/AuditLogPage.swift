import Foundation
import TillitFormats
import TillitListen
import TillitPlatform
import TillitStorage

/// An organisation's audit log for its administrators: who did what and when, in words, newest
/// first, with a link to what it concerns where there is a page for it.
struct AuditLogPage {
    let organisation: Organisation
    let entries: Page<AuditEntry>
    /// The words of every module.
    let vocabulary: AuditVocabulary
    /// The pages of the objects on this page that the reader may open, by object type and id.
    let pages: [String: [Int64: String]]
    /// The organisation's units, for details that name one.
    let tree: UnitTree
    /// The organisation settings' names, by key.
    let settings: [String: BothLanguages]
    let nav: HTML
    let crumbs: [(label: String, path: String)]
    /// Where the rows are kept as rendered.
    var keptRows: KeptAuditRows? = nil

    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML]
        if let keptRows, let version = tree.version {
            let keys = entries.items.map { entry in
                KeptAuditRows.Key(entry: entry, link: link(entry), organisationID: organisation.id, unitsVersion: version, language: ctx.language)
            }
            rows = keptRows.kept.values(keys) { row(entries.items[$0], ctx) }
        } else {
            rows = entries.items.map { row($0, ctx) }
        }
        let title = "\(ctx.t(UIText.auditLog)): \(organisation.name)"
        let content: HTML = """
            <h1>\(title)</h1>
            \(nav)
            <p>\(ctx.t(UIText.totalCount(entries.total))) · \(ctx.t(UIText.newestFirst))</p>
            \(Form.table(label: ctx.t(UIText.auditLog), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.auditLog))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.when))</th><th scope="col">\(ctx.t(UIText.who))</th><th scope="col">\(ctx.t(UIText.action))</th>\
            <th scope="col">\(ctx.t(UIText.object))</th><th scope="col">\(ctx.t(UIText.details))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """))
            \(Form.pager(entries, path: SiteURL.auditLog(slug: organisation.slug).path, ctx))
            """
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }

    private func row(_ entry: AuditEntry, _ ctx: PageContext) -> HTML {
        let what = vocabulary.actions[entry.action].map { ctx.t($0) } ?? entry.action
        return """
            <tr><td>\(Form.dateTime(entry.at))</td><td>\(entry.actorLabel)</td><td>\(what)</td>\
            <td>\(object(entry, ctx))</td><td>\(details(entry, ctx))</td></tr>
            """
    }

    /// The page of what the entry concerns, where there is one this reader may open.
    private func link(_ entry: AuditEntry) -> String? {
        guard let raw = entry.objectID, let id = Int64(raw) else { return nil }
        return pages[entry.objectType]?[id]
    }

    /// What the entry concerns, linked where it has a page the reader may open.
    private func object(_ entry: AuditEntry, _ ctx: PageContext) -> HTML {
        let name = vocabulary.objects[entry.objectType].map { ctx.t($0.label) } ?? entry.objectType
        guard let raw = entry.objectID, let id = Int64(raw) else { return "\(name)" }
        let label = entry.objectType == "unit" ? tree[id]?.name ?? "\(name) \(raw)" : "\(name) \(raw)"
        return link(entry).map { "<a href=\"\($0)\">\(label)</a>" as HTML } ?? "\(label)"
    }

    /// The entry's details (`{"role":"chef"}`) in words: names and codes translated, units by name,
    /// figures as the reader writes them.
    private func details(_ entry: AuditEntry, _ ctx: PageContext) -> HTML {
        // Details are written as an object of strings; anything else is read with the full parser.
        let fields: [String: [String]]
        if let flat = FlatJSON.stringObject(entry.details) {
            fields = flat.mapValues(Self.parts)
        } else if let data = entry.details.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            fields = object.mapValues { value in
                switch value {
                case let list as [Any]: list.map { "\($0)" }
                default: Self.parts("\(value)")
                }
            }
        } else {
            return .empty
        }
        guard !fields.isEmpty else { return .empty }
        let items: [HTML] = fields.keys.sorted().map { key in
            let detail = vocabulary.details[key]
            let shown = fields[key]!.filter { !$0.isEmpty }.map { value(detail?.value ?? .text, $0, entry.action, ctx) }.joined(separator: ", ")
            return "<li>\(detail.map { ctx.t($0.label) } ?? key): \(shown.isEmpty ? "–" : shown)</li>"
        }
        return "<ul class=\"plain-list\">\(items)</ul>"
    }

    /// A value's parts between commas, without the spaces around each (trimmed by moving the
    /// substring's ends: a log page has hundreds).
    static func parts(_ value: String) -> [String] {
        value.split(separator: ",").map { part in
            var part = part
            while part.first?.isWhitespace == true { part.removeFirst() }
            while part.last?.isWhitespace == true { part.removeLast() }
            return String(part)
        }
    }

    private func value(_ kind: AuditDetail.Value, _ raw: String, _ action: String, _ ctx: PageContext) -> String {
        switch kind {
        case .text: raw
        case .number: Int(raw).map(ctx.number) ?? raw
        case .minutesAsHours: Int(raw).map { PruneFormat.hours(minutes: Int64($0), ctx) } ?? raw
        case .unit: Int64(raw).flatMap { tree[$0]?.name } ?? raw
        case .yesNo: raw == "yes" ? ctx.t(UIText.yes) : raw == "no" ? ctx.t(UIText.no) : raw
        case .setting: settings[raw].map { ctx.t($0) } ?? raw
        case .code(let label): label(action, raw).map { ctx.t($0) } ?? raw
        }
    }
}

/// An entry's row as rendered, kept by everything that decides it: the entry as read (a person's
/// erasure rewrites its label and details, and so its key), the link to what it concerns (the
/// reader's right to open it), the organisation's unit tree as read (units are named by it) and
/// the language. A log page renders fifty entries for every request; each is rendered once.
final class KeptAuditRows: Sendable {
    struct Key: Hashable, Sendable {
        let id: Int64
        let at: Date
        let actor: ExactText
        let action: String
        let objectType: String
        let objectID: String?
        let details: ExactText
        let link: String?
        let organisationID: Int64
        let unitsVersion: Int64
        let language: Language

        init(entry: AuditEntry, link: String?, organisationID: Int64, unitsVersion: Int64, language: Language) {
            id = entry.id
            at = entry.at
            actor = ExactText(entry.actorLabel)
            action = entry.action
            objectType = entry.objectType
            objectID = entry.objectID
            details = ExactText(entry.details)
            self.link = link
            self.organisationID = organisationID
            self.unitsVersion = unitsVersion
            self.language = language
        }
    }

    let kept = KeptValues<Key, HTML>(capacity: 4096)
}

extension Platform {
    var keptAuditRows: KeptAuditRows { caches.cache(KeptAuditRows.self) { KeptAuditRows() } }
}
