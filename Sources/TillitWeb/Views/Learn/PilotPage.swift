import Foundation
import TillitFormats
import TillitLearn
import TillitPlatform

/// A pilot's page: its aim, hosts, people and years, the linked examples and reports, and its
/// timeline (the whole research log for the pilot's researchers and contacts, with the form for a
/// new entry for researchers).
struct PilotPage {
    let pilot: Pilot
    /// What the viewer may see and do.
    let access: PilotAccess
    /// The log entries the viewer may read.
    let log: [LogEntry]
    let reports: [Report]
    /// The linked examples the viewer may read.
    let examples: [Example]
    /// The new entry's form as typed.
    var form = FormData(pairs: [])
    var errors: [FieldError] = []
    /// Today's date (YYYY-MM-DD), the new entry's default.
    let today: String

    func render(_ ctx: PageContext) -> PageView {
        let pilot = self.pilot, id = pilot.id, access = self.access, log = self.log, reports = self.reports
        let examples: [HTML] = self.examples.map { e in
            "<li><a href=\"\(SiteURL.example(id: e.id).path)\">\(e.title)</a> <span class=\"meta\">\(e.organisationName)</span></li>"
        }
        var facts: [HTML] = [
            "<dt>\(ctx.t(LearnUI.status))</dt><dd>\(ctx.t(pilot.status.label))</dd>",
            "<dt>\(ctx.t(LearnUI.hosts))</dt><dd>\(pilot.hosts.map { $0.unitName.isEmpty ? $0.organisationName : "\($0.organisationName), \($0.unitName)" }.joined(separator: "; "))</dd>",
            "<dt>\(ctx.t(LearnUI.sectors))</dt><dd>\(pilot.sectors.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
        ]
        if let period = PilotController.period(pilot.yearStart, pilot.yearEnd) { facts.append("<dt>\(ctx.t(LearnUI.period))</dt><dd>\(period)</dd>") }
        facts.append("<dt>\(ctx.t(LearnUI.researchers))</dt><dd><ul class=\"plain-list\">\(pilot.researchers.map { "<li>\($0.name)\($0.affiliation.isEmpty ? "" : ", \($0.affiliation)")</li>" as HTML })</ul></dd>")
        if !pilot.contacts.isEmpty {
            facts.append("<dt>\(ctx.t(LearnUI.contacts))</dt><dd><ul class=\"plain-list\">\(pilot.contacts.map { "<li>\($0.name)\($0.affiliation.isEmpty ? "" : ", \($0.affiliation)")</li>" as HTML })</ul></dd>")
        }
        let entries: [HTML] = log.map { entry in
            let toggle: HTML = access.isResearcher ? """
                <form method="post" action="\(LearnURL.pilotLogVisibility(id, entry.id))" class="inline-form">\(Form.csrf(ctx))\
                <input type="hidden" name="public" value="\(entry.isPublic ? "0" : "1")">\
                <button type="submit" class="link-button">\(ctx.t(entry.isPublic ? LearnUI.makeEntryInternal : LearnUI.makeEntryPublic))</button></form>
                """ : .empty
            return """
                <li class="timeline-entry"><p class="meta"><time datetime="\(entry.date)">\(entry.date)</time> · \(ctx.t(entry.kind.label))\
                \(access.isMember ? " · \(ctx.t(entry.isPublic ? LearnUI.publicEntry : LearnUI.internalEntry))" : "")</p>
                <h3>\(entry.title)</h3><p class="prewrap">\(entry.text)</p>\(toggle)</li>
                """
        }
        let entryForm: HTML = access.isResearcher ? """
            <section class="panel" aria-labelledby="entry-title"><h2 id="entry-title">\(ctx.t(LearnUI.addEntry))</h2>
            \(Form.errorSummary(errors, ctx, labels: ["date": ctx.t(LearnUI.date), "kind": ctx.t(LearnUI.kind), "title": ctx.t(LearnUI.title), "text": ctx.t(LearnUI.text)]))
            <form method="post" action="\(LearnURL.pilotLog(id))" novalidate>\(Form.csrf(ctx))
            \(Form.text("date", label: ctx.t(LearnUI.date), value: form["date"] ?? today, errors: errors, ctx, hint: ctx.t(LearnUI.dateHint)))
            \(Form.select("kind", label: ctx.t(LearnUI.kind), options: LogKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["kind"], errors: errors, ctx))
            \(Form.text("title", label: ctx.t(LearnUI.title), value: form["title"], errors: errors, ctx))
            \(Form.textarea("text", label: ctx.t(LearnUI.text), value: form["text"], errors: errors, ctx, rows: 6))
            \(Form.checkbox("public", label: ctx.t(LearnUI.makePublic), checked: form["public"] == "1", hint: nil))
            <button type="submit">\(ctx.t(LearnUI.save))</button></form></section>
            """ : .empty
        let content: HTML = """
            <article>
            <h1>\(pilot.name)</h1>
            <p class="lead">\(pilot.aim)</p>
            \(access.canEdit ? "<p class=\"actions\"><a class=\"button-link\" href=\"\(LearnURL.pilotEdit(id))\">\(ctx.t(LearnUI.edit))</a></p>" as HTML : .empty)
            <dl class="facts">\(facts)</dl>
            <div class="example-body">\(HTML(unsafeRaw: Markdown.html(pilot.description)))</div>
            \(examples.isEmpty ? .empty : "<h2>\(ctx.t(LearnUI.linkedExamples))</h2><ul>\(examples)</ul>" as HTML)
            \(reports.isEmpty ? .empty : "<h2>\(ctx.t(LearnUI.reportsTitle))</h2><ul>\(reports.map { "<li><a href=\"\(LearnURL.report($0.reference))\">\($0.number ?? "") \($0.title)</a></li>" as HTML })</ul>" as HTML)
            <section aria-labelledby="log-title">
            <h2 id="log-title">\(ctx.t(access.isMember ? LearnUI.researchLog : LearnUI.timeline))</h2>
            \(access.isMember ? "<p class=\"hint\">\(ctx.t(LearnUI.logMembersOnly))</p>" as HTML : .empty)
            \(entries.isEmpty ? "<p>\(ctx.t(LearnUI.noEntries))</p>" as HTML : "<ol class=\"log-timeline\">\(entries)</ol>" as HTML)
            </section>
            </article>
            \(entryForm)
            """
        return PageView(title: pilot.name, breadcrumbs: [(ctx.t(LearnUI.pilots), LearnURL.pilots)], content: content)
    }
}
