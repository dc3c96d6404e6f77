import Foundation
import Hummingbird
import TillitPlatform
import TillitStorage

/// An organisation's administration: units, people, settings and the audit log.
struct AdminController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.adminUnits, use: units)
        router.get(Route.adminUnitsExport, use: exportUnits)
        router.get(Route.adminUnitNew, use: newUnitForm)
        router.post(Route.adminUnitNew, use: createUnit)
        router.get(Route.adminUnit, use: editUnitForm)
        router.post(Route.adminUnit, use: updateUnit)
        router.post(Route.adminUnitClose, use: closeUnit)
        router.post(Route.adminUnitReopen, use: reopenUnit)
        router.get(Route.adminPeople, use: people)
        router.get(Route.adminPersonNew, use: newPersonForm)
        router.post(Route.adminPersonNew, use: createPerson)
        router.get(Route.adminPerson, use: person)
        router.post(Route.adminPersonGrant, use: grant)
        router.post(Route.adminPersonRevoke, use: revoke)
        router.post(Route.adminPersonInvite, use: invite)
        router.post(Route.adminPersonDisable, use: disable)
        router.get(Route.adminSettings, use: settingsForm)
        router.post(Route.adminSettings, use: updateSettings)
        router.get(Route.auditLog, use: auditLog)
    }

    private func adminNav(_ organisation: Organisation, _ ctx: PageContext) -> HTML {
        let items: [(UIText, String)] = [
            (.adminUnits, SiteURL.adminUnits(slug: organisation.slug).path),
            (.adminPeople, SiteURL.adminPeople(slug: organisation.slug).path),
            (.adminSettings, SiteURL.adminSettings(slug: organisation.slug).path),
            (.auditLog, SiteURL.auditLog(slug: organisation.slug).path),
        ]
        return """
            <nav class="subnav" aria-label="\(ctx.t(UIText.administration))"><ul>\
            \(items.map { "<li><a href=\"\($0.1)\"\(ctx.path == $0.1 ? " aria-current=\"page\"" as HTML : .empty)>\(ctx.t($0.0))</a></li>" as HTML })\
            </ul></nav>
            """
    }

    private func crumbs(_ organisation: Organisation, _ ctx: PageContext) -> [(label: String, path: String)] {
        [(ctx.t(UIText.organisations), SiteURL.organisations.path), (organisation.name, SiteURL.organisation(slug: organisation.slug).path)]
    }

    // MARK: Units

    @Sendable func units(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminUnits)): \(organisation.name)</h1>
            \(adminNav(organisation, ctx))
            \(Form.notice(request.uri.queryParameters.get("saved") == "1" ? ctx.t(UIText.saved) : nil))
            <p class="actions"><a class="button-link" href="\(SiteURL.adminUnitNew(slug: organisation.slug).path)">\(ctx.t(UIText.newUnit))</a>
            <a href="\(SiteURL.adminUnitsExport(slug: organisation.slug).path)">\(ctx.t(UIText.exportCSV))</a></p>
            <p class="hint">\(ctx.t(UIText.importHint)) <code>tillit import units FIL.csv --org \(organisation.slug)</code></p>
            \(UnitTreeView.render(tree, slug: organisation.slug, ctx, includeClosed: true, link: { SiteURL.adminUnit(slug: organisation.slug, id: $0).path }))
            """
        return site.render(PageView(title: "\(ctx.t(UIText.adminUnits)): \(organisation.name)", breadcrumbs: crumbs(organisation, ctx), content: content), request, context)
    }

    /// The unit tree in the import format, so an export can be edited and imported again.
    @Sendable func exportUnits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let csv = try await site.platform.exportUnits(actor: try context.actor(), organisationID: organisation.id)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(organisation.slug)-enheter.csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    private func unitOptions(_ tree: UnitTree, excluding: Int64?, _ ctx: PageContext) -> [(value: String, label: String)] {
        let excluded = excluding.map { tree.subtree(of: $0) } ?? []
        return [("", ctx.t(UIText.topLevel))] + tree.flattened(includeClosed: false).filter { !excluded.contains($0.unit.id) }.map {
            (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name)
        }
    }

    private func kindOptions(_ ctx: PageContext) -> [(value: String, label: String)] {
        UnitKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }
    }

    @Sendable func newUnitForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await unitForm(request, context, organisation, unit: nil, input: Platform.UnitInput(kind: UnitKind.enhet.rawValue, parentID: request.uri.queryParameters.get("parent")), errors: [])
    }

    private func unitForm(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, unit: OrgUnit?, input: Platform.UnitInput, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        var events: [UnitEvent] = []
        if let unit { events = try await site.platform.unitEvents(unitID: unit.id) }
        let ctx = site.pageContext(request, context)
        let title = unit == nil ? ctx.t(UIText.newUnit) : "\(ctx.t(UIText.editUnit)): \(unit!.name)"
        let action = unit.map { SiteURL.adminUnit(slug: organisation.slug, id: $0.id).path } ?? SiteURL.adminUnitNew(slug: organisation.slug).path
        let closeForm: HTML = unit.map { unit in
            unit.isClosed ? """
                <form method="post" action="\(SiteURL.adminUnitReopen(slug: organisation.slug, id: unit.id).path)" class="danger-zone">\(Form.csrf(ctx))
                <h2>\(ctx.t(UIText.reopenUnit))</h2>
                <button type="submit" class="secondary">\(ctx.t(UIText.reopenUnit))</button></form>
                """ : """
                <form method="post" action="\(SiteURL.adminUnitClose(slug: organisation.slug, id: unit.id).path)" class="danger-zone">\(Form.csrf(ctx))
                <h2>\(ctx.t(UIText.closeUnit))</h2>
                <p>\(ctx.t(UIText.closeUnitWarning))</p>
                <button type="submit" class="danger">\(ctx.t(UIText.closeUnit))</button></form>
                """
        } ?? .empty
        let content: HTML = """
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "kind": ctx.t(UIText.unitKind), "parent_id": ctx.t(UIText.parentUnit), "external_id": ctx.t(UIText.externalID)]))
            <form method="post" action="\(action)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: input.name, errors: errors, ctx))
            \(Form.select("kind", label: ctx.t(UIText.unitKind), options: kindOptions(ctx), selected: input.kind, errors: errors, ctx))
            \(Form.select("parent_id", label: ctx.t(UIText.parentUnit), options: unitOptions(tree, excluding: unit?.id, ctx), selected: input.parentID ?? "", errors: errors, ctx))
            \(unit == nil ? Form.text("external_id", label: ctx.t(UIText.externalID), value: input.externalID, errors: errors, ctx, hint: ctx.t(UIText.externalIDHint), required: false) : .empty)
            <button type="submit">\(unit == nil ? ctx.t(UIText.create) : ctx.t(UIText.save))</button>
            <a href="\(SiteURL.adminUnits(slug: organisation.slug).path)" class="cancel">\(ctx.t(UIText.cancel))</a>
            </form>
            \(closeForm)
            \(unit == nil ? .empty : UnitHistoryView.render(events, ctx))
            """
        return site.render(PageView(title: title, breadcrumbs: crumbs(organisation, ctx) + [(ctx.t(UIText.adminUnits), SiteURL.adminUnits(slug: organisation.slug).path)], content: content), request, context, status: status)
    }

    private func unitInput(_ form: FormData) -> Platform.UnitInput {
        Platform.UnitInput(name: form["name"] ?? "", kind: form["kind"] ?? "", parentID: form["parent_id"] ?? "", externalID: form["external_id"])
    }

    @Sendable func createUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await site.submit(request, context, save: { form in
            let unit = try await site.platform.createUnit(actor: try context.actor(), organisationID: organisation.id, input: unitInput(form))
            return HTMLResponse.seeOther(SiteURL.unit(slug: organisation.slug, id: unit.id).path)
        }, again: { request, form, errors, status in
            try await unitForm(request, context, organisation, unit: nil, input: unitInput(form), errors: errors, status: status)
        })
    }

    @Sendable func editUnitForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let unit = try await site.platform.unit(id: try site.id(context))
        guard unit.organisationID == organisation.id else { throw AppError.notFound }
        return try await unitForm(request, context, organisation, unit: unit,
                                  input: Platform.UnitInput(name: unit.name, kind: unit.kind.rawValue, parentID: unit.parentID.map(String.init) ?? ""), errors: [])
    }

    @Sendable func updateUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let unit = try await site.platform.unit(id: try site.id(context))
        guard unit.organisationID == organisation.id else { throw AppError.notFound }
        func input(_ form: FormData) -> Platform.UnitInput {
            var input = unitInput(form)
            input.externalID = nil
            return input
        }
        return try await site.submit(request, context, save: { form in
            _ = try await site.platform.updateUnit(actor: try context.actor(), id: unit.id, input: input(form))
            return HTMLResponse.seeOther(SiteURL.unit(slug: organisation.slug, id: unit.id).path)
        }, again: { request, form, errors, status in
            try await unitForm(request, context, organisation, unit: unit, input: input(form), errors: errors, status: status)
        })
    }

    @Sendable func closeUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let id = try site.id(context)
        guard try await site.platform.unit(id: id).organisationID == organisation.id else { throw AppError.notFound }
        _ = try await site.platform.closeUnit(actor: try context.actor(), id: id)
        return HTMLResponse.seeOther(SiteURL.adminUnits(slug: organisation.slug).with(query: [("saved", "1")]))
    }

    @Sendable func reopenUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let id = try site.id(context)
        guard try await site.platform.unit(id: id).organisationID == organisation.id else { throw AppError.notFound }
        _ = try await site.platform.reopenUnit(actor: try context.actor(), id: id)
        return HTMLResponse.seeOther(SiteURL.adminUnits(slug: organisation.slug).with(query: [("saved", "1")]))
    }

    // MARK: People

    @Sendable func people(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let page = try await site.platform.people(actor: try context.actor(), organisationID: organisation.id, page: try site.pageRequest(request))
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let rows: [HTML] = page.items.map { person in
            let roles = person.grants.filter { $0.organisationID == organisation.id }.map { grant -> String in
                let label: String = ctx.t(grant.role.label)
                guard let unitID = grant.unitID, let unitName = tree[unitID]?.name else { return label }
                return "\(label) (\(unitName))"
            }.joined(separator: ", ")
            let status = person.user.disabledAt != nil ? UIText.disabled : person.user.hasPassword ? UIText.active : UIText.invited
            return """
                <tr><td><a href="\(SiteURL.adminPerson(slug: organisation.slug, id: person.user.id).path)">\(person.user.name)</a></td>\
                <td>\(person.user.email)</td><td>\(roles)</td><td>\(ctx.t(status))</td></tr>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminPeople)): \(organisation.name)</h1>
            \(adminNav(organisation, ctx))
            <p class="actions"><a class="button-link" href="\(SiteURL.adminPersonNew(slug: organisation.slug).path)">\(ctx.t(UIText.newPerson))</a></p>
            <p>\(ctx.t(UIText.peopleCount(page.total)))</p>
            \(Form.table(label: ctx.t(UIText.adminPeople), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.adminPeople))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.name))</th><th scope="col">\(ctx.t(UIText.email))</th><th scope="col">\(ctx.t(UIText.roles))</th><th scope="col">\(ctx.t(UIText.status))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """))
            \(Form.pager(page, path: SiteURL.adminPeople(slug: organisation.slug).path, ctx))
            """
        return site.render(PageView(title: "\(ctx.t(UIText.adminPeople)): \(organisation.name)", breadcrumbs: crumbs(organisation, ctx), content: content), request, context)
    }

    private func roleOptions(_ actor: Actor, _ ctx: PageContext) -> [(value: String, label: String)] {
        Policy.grantableRoles(actor).map { ($0.rawValue, ctx.t($0.label)) }
    }

    private func roleUnitOptions(_ tree: UnitTree, _ ctx: PageContext) -> [(value: String, label: String)] {
        [("", "–")] + tree.flattened(includeClosed: false).map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
    }

    @Sendable func newPersonForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await personForm(request, context, organisation, form: FormData(pairs: [("role", Role.medarbetare.rawValue)]), errors: [])
    }

    private func personForm(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let actor = try context.actor()
        let content: HTML = """
            <h1>\(ctx.t(UIText.newPerson))</h1>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "email": ctx.t(UIText.email), "role": ctx.t(UIText.role), "unit_id": ctx.t(UIText.unit)]))
            <form method="post" action="\(SiteURL.adminPersonNew(slug: organisation.slug).path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: form["name"], errors: errors, ctx, autocomplete: "off"))
            \(Form.text("email", label: ctx.t(UIText.email), value: form["email"], errors: errors, ctx, type: "email", autocomplete: "off"))
            \(Form.select("role", label: ctx.t(UIText.role), options: roleOptions(actor, ctx), selected: form["role"], errors: errors, ctx))
            \(Form.select("unit_id", label: ctx.t(UIText.unit), options: roleUnitOptions(tree, ctx), selected: form["unit_id"], errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.invitePerson))</button>
            <a href="\(SiteURL.adminPeople(slug: organisation.slug).path)" class="cancel">\(ctx.t(UIText.cancel))</a>
            </form>
            """
        return site.render(PageView(title: ctx.t(UIText.newPerson), breadcrumbs: crumbs(organisation, ctx) + [(ctx.t(UIText.adminPeople), SiteURL.adminPeople(slug: organisation.slug).path)], content: content), request, context, status: status)
    }

    @Sendable func createPerson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await site.submit(request, context, save: { form in
            let grant = try await site.platform.makeGrant(role: form["role"], organisationID: organisation.id, unitID: form["unit_id"])
            let (user, invitation) = try await site.platform.createPerson(actor: try context.actor(), Platform.NewPerson(email: form["email"], name: form["name"], grants: [grant]))
            if let invitation {
                try await sendInvitation(to: user, token: invitation, context: context)
            }
            return HTMLResponse.seeOther(SiteURL.adminPerson(slug: organisation.slug, id: user.id).with(query: [("invited", "1")]))
        }, again: { request, form, errors, status in
            try await personForm(request, context, organisation, form: form, errors: errors, status: status)
        })
    }

    private func sendInvitation(to user: User, token: String, context: AppRequestContext) async throws {
        let link = site.publicURL + SiteURL.invitation(token: token).path
        try await site.mailer.send(MailMessage(
            to: user.email,
            subject: "Inbjudan till Tillit / Invitation to Tillit",
            body: "Hej \(user.name)!\n\nDu har fått ett konto i Tillit. Öppna länken och välj ett lösenord (länken gäller i sju dagar):\n\(link)\n\n–\n\nYou have been given an account in Tillit. Open the link and choose a password (valid for seven days)."))
    }

    @Sendable func person(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        let user = try await site.platform.user(id: userID)
        let grants = try await site.platform.grants(userID: userID)
        guard grants.contains(where: { $0.organisationID == organisation.id }) else { throw AppError.notFound }
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let actor = try context.actor()
        let roleRows: [HTML] = grants.filter { $0.organisationID == organisation.id }.map { grant in
            """
            <li>\(ctx.t(grant.role.label))\(grant.unitID.flatMap { tree[$0]?.name }.map { " – \($0)" } ?? "")
            <form method="post" action="\(SiteURL.adminPersonRevoke(slug: organisation.slug, id: userID).path)" class="inline-form">\(Form.csrf(ctx))
            <input type="hidden" name="role" value="\(grant.role.rawValue)"><input type="hidden" name="unit_id" value="\(grant.unitID.map(String.init) ?? "")">
            <button type="submit" class="link-button">\(ctx.t(UIText.removeRole))<span class="visually-hidden">: \(ctx.t(grant.role.label))</span></button></form></li>
            """
        }
        let status = user.disabledAt != nil ? UIText.disabled : user.hasPassword ? UIText.active : UIText.invited
        let content: HTML = """
            <h1>\(user.name)</h1>
            \(Form.notice(request.uri.queryParameters.get("invited") == "1" ? ctx.t(UIText.saved) : nil))
            <p class="lead">\(user.email) · \(ctx.t(status))</p>
            <section aria-labelledby="roles-title"><h2 id="roles-title">\(ctx.t(UIText.roles))</h2>
            <ul class="plain-list">\(roleRows)</ul>
            <form method="post" action="\(SiteURL.adminPersonGrant(slug: organisation.slug, id: userID).path)" novalidate>
            \(Form.csrf(ctx))
            <h3>\(ctx.t(UIText.addRole))</h3>
            \(Form.select("role", label: ctx.t(UIText.role), options: roleOptions(actor, ctx), selected: nil, errors: [], ctx))
            \(Form.select("unit_id", label: ctx.t(UIText.unit), options: roleUnitOptions(tree, ctx), selected: nil, errors: [], ctx))
            <button type="submit" class="secondary">\(ctx.t(UIText.addRole))</button>
            </form>
            </section>
            \(user.disabledAt == nil ? """
                <section aria-labelledby="account-title"><h2 id="account-title">\(ctx.t(UIText.status))</h2>
                \(user.hasPassword ? .empty : "<form method=\"post\" action=\"\(SiteURL.adminPersonInvite(slug: organisation.slug, id: userID).path)\" class=\"inline-form\">\(Form.csrf(ctx))<button type=\"submit\" class=\"secondary\">\(ctx.t(UIText.newInvitationLink))</button></form>" as HTML)
                <form method="post" action="\(SiteURL.adminPersonDisable(slug: organisation.slug, id: userID).path)" class="inline-form">\(Form.csrf(ctx))<button type="submit" class="danger">\(ctx.t(UIText.disablePerson))</button></form>
                </section>
                """ as HTML : .empty)
            """
        return site.render(PageView(title: user.name, breadcrumbs: crumbs(organisation, ctx) + [(ctx.t(UIText.adminPeople), SiteURL.adminPeople(slug: organisation.slug).path)], content: content), request, context)
    }

    private func grantFromForm(_ request: inout Request, _ context: AppRequestContext, _ organisation: Organisation) async throws -> RoleGrant {
        let form = try await FormData.read(&request, context: context)
        return try await site.platform.makeGrant(role: form["role"], organisationID: organisation.id, unitID: form["unit_id"])
    }

    @Sendable func grant(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        var request = request
        let grant = try await grantFromForm(&request, context, organisation)
        try await site.platform.addGrant(actor: try context.actor(), userID: userID, grant: grant)
        return HTMLResponse.seeOther(SiteURL.adminPerson(slug: organisation.slug, id: userID).path)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        var request = request
        let grant = try await grantFromForm(&request, context, organisation)
        try await site.platform.removeGrant(actor: try context.actor(), userID: userID, grant: grant)
        return HTMLResponse.seeOther(SiteURL.adminPerson(slug: organisation.slug, id: userID).path)
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        let token = try await site.platform.createInvitation(actor: try context.actor(), userID: userID)
        try await sendInvitation(to: try await site.platform.user(id: userID), token: token, context: context)
        return HTMLResponse.seeOther(SiteURL.adminPerson(slug: organisation.slug, id: userID).with(query: [("invited", "1")]))
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        try await site.platform.disablePerson(actor: try context.actor(), userID: userID, organisationID: organisation.id)
        return HTMLResponse.seeOther(SiteURL.adminPeople(slug: organisation.slug).path)
    }

    // MARK: Settings

    @Sendable func settingsForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let values = try await site.platform.settings(actor: try context.actor(), organisationID: organisation.id)
        return settingsPage(request, context, organisation, values: values, errors: [], notice: request.uri.queryParameters.get("saved") == "1")
    }

    private func settingsPage(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, values: [String: String], errors: [FieldError], notice: Bool, status: HTTPResponse.Status = .ok) -> Response {
        let ctx = site.pageContext(request, context)
        let fields: [HTML] = site.platform.settings.map { definition in
            switch definition.kind {
            case .integer, .text, .checkedText:
                return Form.text(definition.key, label: ctx.t(definition.label), value: values[definition.key], errors: errors, ctx, type: "text", hint: ctx.t(definition.help))
            case .choice(let options):
                return Form.select(definition.key, label: ctx.t(definition.label), options: options.map { ($0, $0) }, selected: values[definition.key], errors: errors, ctx, hint: ctx.t(definition.help))
            }
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminSettings)): \(organisation.name)</h1>
            \(adminNav(organisation, ctx))
            \(Form.notice(notice ? ctx.t(UIText.settingsSaved) : nil))
            \(Form.errorSummary(errors, ctx, labels: Dictionary(uniqueKeysWithValues: site.platform.settings.map { ($0.key, ctx.t($0.label)) })))
            <p>\(ctx.t(UIText.settingsIntro))</p>
            <form method="post" action="\(SiteURL.adminSettings(slug: organisation.slug).path)" novalidate>
            \(Form.csrf(ctx))
            \(fields)
            <button type="submit">\(ctx.t(UIText.save))</button>
            </form>
            """
        return site.render(PageView(title: "\(ctx.t(UIText.adminSettings)): \(organisation.name)", breadcrumbs: crumbs(organisation, ctx), content: content), request, context, status: status)
    }

    @Sendable func updateSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let settings = site.platform.settings
        func changes(_ form: FormData) -> [String: String] {
            var changes: [String: String] = [:]
            for definition in settings {
                if let value = form[definition.key] { changes[definition.key] = value }
            }
            return changes
        }
        return try await site.submit(request, context, save: { form in
            _ = try await site.platform.updateSettings(actor: try context.actor(), organisationID: organisation.id, changes: changes(form))
            return HTMLResponse.seeOther(SiteURL.adminSettings(slug: organisation.slug).with(query: [("saved", "1")]))
        }, again: { request, form, errors, status in
            var values = try await site.platform.settingValues(organisationID: organisation.id)
            values.merge(changes(form)) { _, new in new }
            return settingsPage(request, context, organisation, values: values, errors: errors, notice: false, status: status)
        })
    }

    // MARK: Audit log

    @Sendable func auditLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let page = try await site.platform.auditLog(actor: try context.actor(), organisationID: organisation.id, page: try site.pageRequest(request))
        let ctx = site.pageContext(request, context)
        let view = AuditLogPage(organisation: organisation, entries: page, words: Tillit.auditWords, nav: adminNav(organisation, ctx), crumbs: crumbs(organisation, ctx))
        return site.render(view.render(ctx), request, context)
    }
}
