import Foundation
import Hummingbird
import TillitFormats
import TillitLearn
import TillitPlatform

/// Pilots (försöksverksamheter): the public list and pages with their timeline, registering and
/// editing, and the research log that only the pilot's researchers and contacts read whole.
struct PilotController: Sendable {
    let site: Site
    var pilots: Pilots { Pilots(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.pilots, use: list)
        router.get(Route.pilotNew, use: newForm)
        router.post(Route.pilotNew, use: create)
        router.get(Route.pilot, use: show)
        router.get(Route.pilotEdit, use: editForm)
        router.post(Route.pilotEdit, use: update)
        router.post(Route.pilotLog, use: addEntry)
        router.post(Route.pilotLogVisibility, use: setVisibility)
    }

    static func period(_ start: Int?, _ end: Int?) -> String? {
        guard let start else { return nil }
        guard let end else { return "\(start)–" }
        return end == start ? "\(start)" : "\(start)–\(end)"
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ctx = site.pageContext(request, context)
        let all = try await pilots.list()
        let items: [HTML] = all.map { p in
            """
            <li><h2><a href="\(LearnURL.pilot(p.id))">\(p.name)</a></h2>
            <p class="meta"><span class="tag">\(ctx.t(p.status.label))</span> \(p.hosts.map { $0.unitName.isEmpty ? $0.organisationName : "\($0.organisationName), \($0.unitName)" }.joined(separator: " · "))\
            \(Self.period(p.yearStart, p.yearEnd).map { " · \($0)" } ?? "")</p>
            <p>\(p.aim)</p></li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.pilots))</h1>
            <p class="lead">\(ctx.t(LearnUI.pilotsLead))</p>
            \(Pilots.canCreate(context.identity == nil ? nil : try context.actor()) ? "<p class=\"actions\"><a class=\"button-link\" href=\"\(LearnURL.pilotNew)\">\(ctx.t(LearnUI.newPilot))</a></p>" as HTML : .empty)
            \(items.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(items)</ul>" as HTML)
            """
        return site.render(PageView(title: ctx.t(LearnUI.pilots), content: content), request, context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request, context, id: try site.id(context), form: FormData(pairs: []), errors: [])
    }

    private func page(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData, errors: [FieldError],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let ctx = site.pageContext(request, context)
        let actor = context.identity == nil ? nil : try context.actor()
        let pilot = try await pilots.pilot(id: id)
        let access = pilots.access(actor, pilot)
        let log = try await pilots.log(actor: actor, pilotID: id)
        let reports = try await Reports(platform: site.platform).forPilot(id)
        var examples: [HTML] = []
        for exampleID in pilot.exampleIDs {
            if let e = try? await Knowledge(platform: site.platform).example(actor: actor, id: exampleID) {
                examples.append("<li><a href=\"\(SiteURL.example(id: e.id).path)\">\(e.title)</a> <span class=\"meta\">\(e.organisationName)</span></li>")
            }
        }
        var facts: [HTML] = [
            "<dt>\(ctx.t(LearnUI.status))</dt><dd>\(ctx.t(pilot.status.label))</dd>",
            "<dt>\(ctx.t(LearnUI.hosts))</dt><dd>\(pilot.hosts.map { $0.unitName.isEmpty ? $0.organisationName : "\($0.organisationName), \($0.unitName)" }.joined(separator: "; "))</dd>",
            "<dt>\(ctx.t(LearnUI.sectors))</dt><dd>\(pilot.sectors.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
        ]
        if let period = Self.period(pilot.yearStart, pilot.yearEnd) { facts.append("<dt>\(ctx.t(LearnUI.period))</dt><dd>\(period)</dd>") }
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
            \(Form.text("date", label: ctx.t(LearnUI.date), value: form["date"] ?? LocalTime(site.platform.clock.now()).dateOnly, errors: errors, ctx, hint: ctx.t(LearnUI.dateHint)))
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
            \(entries.isEmpty ? "<p>\(ctx.t(LearnUI.noEntries))</p>" as HTML : "<ol class=\"timeline\">\(entries)</ol>" as HTML)
            </section>
            </article>
            \(entryForm)
            """
        return site.render(PageView(title: pilot.name, breadcrumbs: [(ctx.t(LearnUI.pilots), LearnURL.pilots)], content: content),
                           request, context, status: status)
    }

    @Sendable func addEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        return try await site.submit(request, context, save: { form in
            _ = try await pilots.addLogEntry(actor: actor, pilotID: id, date: form["date"], kind: form["kind"], title: form["title"], text: form["text"],
                                             isPublic: form["public"] == "1")
            return HTMLResponse.seeOther(LearnURL.pilot(id) + "#log-title")
        }, again: { request, form, errors, status in
            try await page(request, context, id: id, form: form, errors: errors, status: status)
        })
    }

    @Sendable func setVisibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        let entry = try site.id(context, "entry")
        var request = request
        let form = try await FormData.read(&request, context: context)
        try await pilots.setLogEntryPublic(actor: actor, pilotID: id, entryID: entry, isPublic: form["public"] == "1")
        return HTMLResponse.seeOther(LearnURL.pilot(id) + "#log-title")
    }

    // MARK: Registering and editing

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        guard Pilots.canCreate(actor) else { throw AppError.forbidden }
        let organisation = Policy.organisationIDs(actor).sorted().first.map(String.init) ?? ""
        return try await formPage(request, context, form: FormData(pairs: [("host_org_1", organisation), ("status", "planned")]), errors: [], id: nil)
    }

    private func formPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], id: Int64?,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let ctx = site.pageContext(request, context)
        // The hosts' error belongs to the first host field, where the summary's link leads.
        let errors = errors.map { $0.field == "hosts" ? FieldError("host_org_1", $0.message) : $0 }
        let organisations: [(String, String)] = [("", "–")] + (try await site.platform.allOrganisations().map { (String($0.id), $0.name) })
        let labels: [String: String] = [
            "name": ctx.t(LearnUI.name), "status": ctx.t(LearnUI.status), "aim": ctx.t(LearnUI.aim), "description": ctx.t(LearnUI.description),
            "year_start": ctx.t(KnowledgeUIText.yearStart), "year_end": ctx.t(KnowledgeUIText.yearEnd), "sectors": ctx.t(LearnUI.sectors),
            "hosts": ctx.t(LearnUI.hosts), "researchers": ctx.t(LearnUI.researchers), "contacts": ctx.t(LearnUI.contacts),
            "examples": ctx.t(LearnUI.linkedExamples),
        ]
        let hostFields: [HTML] = (1...3).map { n in
            """
            <fieldset class="field-group"><legend>\(ctx.t(LearnUI.hosts)) \(n)</legend>
            \(Form.select("host_org_\(n)", label: ctx.t(LearnUI.hosts), options: organisations, selected: form["host_org_\(n)"], errors: n == 1 ? errors : [], ctx))
            \(Form.text("host_unit_\(n)", label: ctx.t(LearnUI.hostUnit), value: form["host_unit_\(n)"], errors: [], ctx, required: false))
            </fieldset>
            """
        }
        let title = ctx.t(id == nil ? LearnUI.newPilot : LearnUI.editPilot)
        let content: HTML = """
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: labels.merging(["host_org_1": ctx.t(LearnUI.hosts)]) { a, _ in a }))
            <form method="post" action="\(id.map(LearnURL.pilotEdit) ?? LearnURL.pilotNew)" novalidate>\(Form.csrf(ctx))
            \(Form.text("name", label: labels["name"]!, value: form["name"], errors: errors, ctx))
            \(Form.radios("status", legend: labels["status"]!, options: PilotStatus.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["status"], errors: errors, ctx))
            \(Form.textarea("aim", label: labels["aim"]!, value: form["aim"], errors: errors, ctx, rows: 3))
            \(Form.textarea("description", label: labels["description"]!, value: form["description"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.bodyHint), rows: 10))
            \(Form.text("year_start", label: labels["year_start"]!, value: form["year_start"], errors: errors, ctx, required: false))
            \(Form.text("year_end", label: labels["year_end"]!, value: form["year_end"], errors: errors, ctx, required: false))
            \(Form.checkboxes("sectors", legend: labels["sectors"]!, options: Sector.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: Set(form.all("sectors")), errors: errors, ctx))
            \(hostFields)
            \(Form.textarea("researchers", label: labels["researchers"]!, value: form["researchers"], errors: errors, ctx, hint: ctx.t(LearnUI.peopleHint), required: false, rows: 3))
            \(Form.textarea("contacts", label: labels["contacts"]!, value: form["contacts"], errors: errors, ctx, hint: ctx.t(LearnUI.peopleHint), required: false, rows: 3))
            \(Form.text("examples", label: labels["examples"]!, value: form["examples"], errors: errors, ctx, hint: ctx.t(LearnUI.examplesHint), required: false))
            <button type="submit">\(ctx.t(LearnUI.save))</button>
            </form>
            """
        return site.render(PageView(title: title, breadcrumbs: [(ctx.t(LearnUI.pilots), LearnURL.pilots)], content: content), request, context, status: status)
    }

    static func input(_ form: FormData) -> (PilotInput, [FieldError]) {
        var errors: [FieldError] = []
        let researchers = PilotInput.people(form["researchers"])
        if researchers == nil { errors.append(FieldError("researchers", LearnText.personLine)) }
        let contacts = PilotInput.people(form["contacts"])
        if contacts == nil { errors.append(FieldError("contacts", LearnText.personLine)) }
        var examples: [Int64] = []
        for part in (form["examples"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
            if let id = RequestNumber.id(String(part)) { examples.append(id) } else { errors.append(FieldError("examples", LearnText.exampleUnknown)); break }
        }
        let hosts = (1...3).map { (form["host_org_\($0)"] ?? "", form["host_unit_\($0)"] ?? "") }
        return (PilotInput(name: form["name"], status: form["status"], aim: form["aim"], description: form["description"], yearStart: form["year_start"],
                           yearEnd: form["year_end"], sectors: form.all("sectors"), hosts: hosts, researchers: researchers ?? [], contacts: contacts ?? [],
                           exampleIDs: examples), errors)
    }

    static func form(_ p: Pilot) -> FormData {
        var pairs: [(String, String)] = [
            ("name", p.name), ("status", p.status.rawValue), ("aim", p.aim), ("description", p.description),
            ("year_start", p.yearStart.map(String.init) ?? ""), ("year_end", p.yearEnd.map(String.init) ?? ""),
            ("researchers", p.researchers.map { [$0.name, $0.affiliation, $0.email].joined(separator: " | ") }.joined(separator: "\n")),
            ("contacts", p.contacts.map { [$0.name, $0.affiliation, $0.email].joined(separator: " | ") }.joined(separator: "\n")),
            ("examples", p.exampleIDs.map(String.init).joined(separator: ", ")),
        ]
        for (index, host) in p.hosts.prefix(3).enumerated() {
            pairs += [("host_org_\(index + 1)", String(host.organisationID)), ("host_unit_\(index + 1)", host.unitName)]
        }
        pairs += p.sectors.map { ("sectors", $0.rawValue) }
        return FormData(pairs: pairs)
    }

    private func save(_ request: Request, _ context: AppRequestContext, id: Int64?) async throws -> Response {
        let actor = try context.actor()
        return try await site.saveForm(request, context, parse: Self.input, save: { input in
            let pilot: Pilot
            if let id { pilot = try await pilots.update(actor: actor, id: id, input) } else { pilot = try await pilots.create(actor: actor, input) }
            return LearnURL.pilot(pilot.id)
        }, again: { request, form, errors in
            try await formPage(request, context, form: form, errors: errors, id: id, status: .unprocessableContent)
        })
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard Pilots.canCreate(try context.actor()) else { throw AppError.forbidden }
        return try await save(request, context, id: nil)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let pilot = try await pilots.pilot(id: try site.id(context))
        guard pilots.access(actor, pilot).canEdit else { throw AppError.forbidden }
        return try await formPage(request, context, form: Self.form(pilot), errors: [], id: pilot.id)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let pilot = try await pilots.pilot(id: try site.id(context))
        guard pilots.access(actor, pilot).canEdit else { throw AppError.forbidden }
        return try await save(request, context, id: pilot.id)
    }
}
