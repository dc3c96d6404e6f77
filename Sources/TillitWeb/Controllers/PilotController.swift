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
        guard context.identity == nil else {
            let view = PilotListPage(pilots: try await pilots.list(), canCreate: Pilots.canCreate(try context.actor()))
            return site.render(view.render(site.pageContext(request, context)), request, context)
        }
        return try await site.keptPage(request, context, variant: "public") { ctx in
            PilotListPage(pilots: try await pilots.list(), canCreate: false).render(ctx)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try site.id(context)
        guard context.identity == nil else { return try await page(request, context, id: id, form: FormData(pairs: []), errors: []) }
        // The page marks what lies ahead of today.
        let today = LocalTime(site.platform.clock.now()).dateOnly
        return try await site.keptPage(request, context, variant: "public \(today)") { ctx in
            try await view(id: id, actor: nil, form: FormData(pairs: []), errors: [], today: today).render(ctx)
        }
    }

    private func page(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData, errors: [FieldError],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let view = try await view(id: id, actor: actor, form: form, errors: errors, today: LocalTime(site.platform.clock.now()).dateOnly)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    private func view(id: Int64, actor: Actor?, form: FormData, errors: [FieldError], today: String) async throws -> PilotPage {
        let pilot = try await pilots.pilot(id: id)
        let access = pilots.access(actor, pilot)
        let log = try await pilots.log(actor: actor, pilot: pilot)
        let reports = try await Reports(platform: site.platform).forPilot(id)
        let examples = try await Knowledge(platform: site.platform).examples(actor: actor, ids: pilot.exampleIDs)
        return PilotPage(pilot: pilot, access: access, log: log, reports: reports, examples: examples, form: form, errors: errors, today: today)
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
        let view = PilotFormPage(form: form, errors: errors, id: id, organisations: try await site.platform.allOrganisations())
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
