import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitPrune

/// Prune's pages: the inventory with its filters, a requirement's page, the forms to add, propose,
/// edit, assess and decide, the burden on a unit and on the organisation, and the CSV export.
struct RequirementController: Sendable {
    let site: Site
    var requirements: Requirements { Requirements(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.requirements, use: list)
        router.get(Route.requirementNew, use: newForm)
        router.post(Route.requirementNew, use: create)
        router.get(Route.requirement, use: show)
        router.get(Route.requirementEdit, use: editForm)
        router.post(Route.requirementEdit, use: update)
        router.get(Route.requirementAssess, use: assessForm)
        router.post(Route.requirementAssess, use: assess)
        router.get(Route.requirementDecide, use: decideForm)
        router.post(Route.requirementDecide, use: decide)
        router.post(Route.requirementReview, use: review)
        router.get(Route.requirementsOverview, use: overview)
        router.get(Route.unitRequirements, use: unitBurden)
        router.get(Route.requirementsCSV, use: exportCSV)
        router.get(Route.requirementByID, use: byID)
    }

    // MARK: The inventory

    /// The filter in the query; a value that cannot be read is a 400 naming the field.
    static func filter(_ request: Request) throws -> Requirements.Filter {
        let query = request.uri.queryParameters
        var filter = Requirements.Filter(type: query.get("type"), status: query.get("status"), issuer: query.get("issuer").map { String($0.prefix(200)) },
                                         sort: query.get("sort"))
        if let raw = query.get("unit"), !raw.isEmpty {
            guard let id = RequestNumber.id(raw) else {
                throw AppError(.badRequest, code: "invalid-unit", message: PlatformText.fieldNotANumber, fieldErrors: [FieldError("unit", PlatformText.fieldNotANumber)])
            }
            filter.unitID = id
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let filter = try Self.filter(request)
        let items = try await requirements.list(actor: actor, organisationID: organisation.id, filter: filter)
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let notice = request.uri.queryParameters.get("importerade").flatMap { RequestNumber.int($0, in: 0...100_000) }.map { ctx.t(PruneUI.imported($0)) }
        let view = RequirementListPage(organisation: organisation, items: items, tree: tree, filter: filter,
                                       canCreate: Policy.canAdministerOrganisation(actor, organisation.id) || Policy.isManager(actor),
                                       canImport: Policy.canAdministerOrganisation(actor, organisation.id), notice: notice,
                                       keptPages: site.platform.keptRequirementLists)
        return site.render(view.render(ctx), request, context)
    }

    // MARK: A requirement

    /// The requirement in the path, within the organisation in the path.
    private func detail(_ context: AppRequestContext, _ organisation: Organisation) async throws -> RequirementDetail {
        let detail = try await requirements.detail(actor: try context.actor(), id: try site.id(context))
        guard detail.figures.requirement.organisationID == organisation.id else { throw AppError.notFound }
        return detail
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        let ctx = site.pageContext(request, context)
        let query = request.uri.queryParameters
        var notice: String?
        if query.get("bedomd") == "1" { notice = ctx.t(PruneUI.assessed) }
        if query.get("sparat") == "1" { notice = ctx.t(PruneUI.saved) }
        if query.get("beslut") == "1", let latest = detail.decisions.first {
            notice = ctx.t(PruneUI.decided(PruneFormat.hours(latest.hoursFreedPerYear, ctx)))
        }
        return site.render(RequirementPage(organisation: organisation, detail: detail, notice: notice).render(ctx), request, context)
    }

    /// A requirement by id alone (a notice's link): its page, if the caller may see it.
    @Sendable func byID(_ request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await requirements.detail(actor: try context.actor(), id: try site.id(context))
        let organisation = try await site.platform.organisation(id: detail.figures.requirement.organisationID)
        return HTMLResponse.seeOther(PruneURL.requirement(organisation.slug, detail.figures.requirement.id))
    }

    // MARK: Adding and editing

    private func formPage(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, form: FormData, errors: [FieldError], id: Int64?,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.actor()
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let direct = Policy.canAdministerOrganisation(actor, organisation.id) || Policy.isManager(actor)
        let view = RequirementFormPage(organisation: organisation, tree: tree, form: form, errors: errors, id: id, direct: direct)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        // From a signal about an unnecessary requirement: its text and unit to start from, and the link.
        if let raw = request.uri.queryParameters.get("signal") {
            guard let signalID = RequestNumber.id(raw) else { throw AppError.notFound }
            let signal = try await SignalRequirementLink(site: site).linkableSignal(actor: actor, id: signalID).signal
            guard signal.organisationID == organisation.id else { throw AppError.notFound }
            return try await formPage(request, context, organisation, form: FormData(pairs: [
                ("frequency", "manad"), ("description", signal.text), ("unit_ids", String(signal.unitID)), ("signal_id", String(signalID)),
            ]), errors: [], id: nil)
        }
        let home = Policy.homeUnit(actor).map { [("unit_ids", String($0))] } ?? []
        return try await formPage(request, context, organisation, form: FormData(pairs: [("frequency", "manad")] + home), errors: [], id: nil)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        return try await site.saveForm(request, context, parse: { form in
            ((RequirementFormPage.input(form), form["signal_id"].flatMap { $0.isEmpty ? nil : $0 }), [])
        }, save: { input, signal in
            var link: Int64?
            if let signal {
                guard let signalID = RequestNumber.id(signal) else { throw AppError.notFound }
                _ = try await SignalRequirementLink(site: site).linkableSignal(actor: actor, id: signalID)
                link = signalID
            }
            let requirement = try await requirements.create(actor: actor, organisationID: organisation.id, input, linkSignal: link)
            return PruneURL.requirement(organisation.slug, requirement.id) + "?sparat=1"
        }, again: { request, form, errors in
            try await formPage(request, context, organisation, form: form, errors: errors, id: nil, status: .unprocessableContent)
        })
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        guard detail.isOwner else { throw AppError(.forbidden, code: "not-owner", message: PruneText.notOwner) }
        let r = detail.figures.requirement
        return try await formPage(request, context, organisation, form: RequirementFormPage.form(r), errors: [], id: r.id)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        guard detail.isOwner else { throw AppError(.forbidden, code: "not-owner", message: PruneText.notOwner) }
        let id = detail.figures.requirement.id
        let actor = try context.actor()
        return try await site.saveForm(request, context, parse: { (RequirementFormPage.input($0), []) }, save: { input in
            _ = try await requirements.update(actor: actor, id: id, input)
            return PruneURL.requirement(organisation.slug, id) + "?sparat=1"
        }, again: { request, form, errors in
            try await formPage(request, context, organisation, form: form, errors: errors, id: id, status: .unprocessableContent)
        })
    }

    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        var request = request
        let form = try await FormData.read(&request, context: context)
        let r = try await requirements.review(actor: try context.actor(), id: detail.figures.requirement.id, accept: form["accept"] == "1")
        return HTMLResponse.seeOther(PruneURL.requirement(organisation.slug, r.id) + "?sparat=1")
    }

    // MARK: Assessing

    private func assessPage(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, _ detail: RequirementDetail, form: FormData,
                            errors: [FieldError], status: HTTPResponse.Status = .ok) -> Response {
        let view = AssessmentFormPage(organisation: organisation, requirement: detail.figures.requirement, form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func assessForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        guard detail.canAssess else { throw AppError(.forbidden, code: "not-applicable", message: PruneText.notApplicable) }
        let own = detail.ownAssessment
        let form = FormData(pairs: own.map { [("minutes", String($0.minutes)), ("usefulness", String($0.usefulness)), ("comment", $0.comment ?? "")] }
                            ?? [("minutes", String(detail.figures.requirement.workload.minutes))])
        return assessPage(request, context, organisation, detail, form: form, errors: [])
    }

    @Sendable func assess(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        let id = detail.figures.requirement.id
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            try await requirements.assess(actor: actor, id: id, minutes: form["minutes"], usefulness: form["usefulness"], comment: form["comment"])
            return HTMLResponse.seeOther(PruneURL.requirement(organisation.slug, id) + "?bedomd=1")
        }, again: { request, form, errors, status in
            assessPage(request, context, organisation, detail, form: form, errors: errors, status: status)
        })
    }

    // MARK: Deciding

    private func decidePage(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, _ detail: RequirementDetail, form: FormData,
                            errors: [FieldError], status: HTTPResponse.Status = .ok) -> Response {
        let view = DecisionFormPage(organisation: organisation, figures: detail.figures, form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func decideForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        guard detail.isOwner else { throw AppError(.forbidden, code: "not-owner", message: PruneText.notOwner) }
        guard detail.figures.requirement.status == .active else { throw AppError(.conflict, code: "not-active", message: PruneText.notActive) }
        return decidePage(request, context, organisation, detail, form: FormData(pairs: []), errors: [])
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let detail = try await detail(context, organisation)
        let id = detail.figures.requirement.id
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            _ = try await requirements.decide(actor: actor, id: id, decision: form["decision"], reason: form["reason"], newMinutes: form["new_minutes"],
                                              newFrequency: form["new_frequency"], newCasesPerYear: form["new_cases_per_year"],
                                              afterwards: SignalRequirementLink.followUp(platform: site.platform, actor: actor))
            return HTMLResponse.seeOther(PruneURL.requirement(organisation.slug, id) + "?beslut=1")
        }, again: { request, form, errors, status in
            decidePage(request, context, organisation, detail, form: form, errors: errors, status: status)
        })
    }

    // MARK: Burden

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let report = try await requirements.organisationBurden(actor: try context.actor(), organisationID: organisation.id)
        return site.render(BurdenPage(organisation: organisation, report: report, kept: site.platform.keptBurdenPages).render(site.pageContext(request, context)),
                           request, context)
    }

    @Sendable func unitBurden(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let report = try await requirements.burden(actor: try context.actor(), unitID: try site.id(context))
        guard report.organisationID == organisation.id else { throw AppError.notFound }
        return site.render(BurdenPage(organisation: organisation, report: report, kept: site.platform.keptBurdenPages).render(site.pageContext(request, context)),
                           request, context)
    }

    // MARK: CSV

    @Sendable func exportCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let items = try await requirements.list(actor: actor, organisationID: organisation.id, filter: try Self.filter(request))
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let csv = RequirementCSV.export(items, tree: tree)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"krav-\(organisation.slug).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
