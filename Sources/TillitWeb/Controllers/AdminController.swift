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

    // MARK: Units

    @Sendable func units(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let view = AdminUnitsPage(organisation: organisation, tree: try await site.platform.unitTree(organisationID: organisation.id),
                                  saved: request.uri.queryParameters.get("saved") == "1")
        return site.render(view.render(site.pageContext(request, context)), request, context)
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

    @Sendable func newUnitForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await unitForm(request, context, organisation, unit: nil, input: Platform.UnitInput(kind: UnitKind.enhet.rawValue, parentID: request.uri.queryParameters.get("parent")), errors: [])
    }

    private func unitForm(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, unit: OrgUnit?, input: Platform.UnitInput, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        var events: [UnitEvent] = []
        if let unit { events = try await site.platform.unitEvents(unitID: unit.id) }
        let view = AdminUnitFormPage(organisation: organisation, tree: tree, unit: unit, input: input, errors: errors, events: events)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
        let pageRequest = try site.pageRequest(request)
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let kept = site.platform.keptPeoplePages
        // Kept while the directory's count stands (where it can be known without a round trip).
        if let key = KeptPeoplePages.key(organisation, page: pageRequest, directoryVersion: DirectoryChanges.peek(site.platform.database), tree: tree, ctx),
           let page = kept.page(key) {
            return site.render(page, request, context)
        }
        let people = try await site.platform.people(actor: try context.actor(), organisationID: organisation.id, page: pageRequest)
        let view = AdminPeoplePage(organisation: organisation, page: people.page, tree: tree, directoryVersion: people.version)
        return site.render(kept.page(view, ctx), request, context)
    }

    @Sendable func newPersonForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return try await personForm(request, context, organisation, form: FormData(pairs: [("role", Role.medarbetare.rawValue)]), errors: [])
    }

    private func personForm(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = AdminPersonFormPage(organisation: organisation, tree: try await site.platform.unitTree(organisationID: organisation.id),
                                       actor: try context.actor(), form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
        try await personPage(request, context, removalErrors: [], status: .ok)
    }

    /// A person's page; `removalErrors` are those of a refused removal.
    func personPage(_ request: Request, _ context: AppRequestContext, removalErrors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        let user = try await site.platform.user(id: userID)
        let grants = try await site.platform.grants(userID: userID)
        guard grants.contains(where: { $0.organisationID == organisation.id }) else { throw AppError.notFound }
        let view = AdminPersonPage(organisation: organisation, user: user, grants: grants, tree: try await site.platform.unitTree(organisationID: organisation.id),
                                   actor: try context.actor(), invited: request.uri.queryParameters.get("invited") == "1", removalErrors: removalErrors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
        let view = AdminSettingsPage(organisation: organisation, settings: site.platform.settings, values: values, errors: errors, notice: notice,
                                     signOnRedirect: site.publicURL + SiteURL.signOnCallback(slug: organisation.slug).path)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func updateSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let settings = site.platform.settings
        // A write-only setting left empty stays as it is; its checkbox clears it.
        func changes(_ form: FormData) -> [String: String] {
            var changes: [String: String] = [:]
            for definition in settings {
                guard let value = form[definition.key] else { continue }
                if definition.isSecret, value.isEmpty {
                    if form[definition.key + AdminSettingsPage.clearSuffix] == "1" { changes[definition.key] = "" }
                    continue
                }
                changes[definition.key] = value
            }
            return changes
        }
        return try await site.submit(request, context, save: { form in
            _ = try await site.platform.updateSettings(actor: try context.actor(), organisationID: organisation.id, changes: changes(form))
            return HTMLResponse.seeOther(SiteURL.adminSettings(slug: organisation.slug).with(query: [("saved", "1")]))
        }, again: { request, form, errors, status in
            var values = try await site.platform.settings(actor: try context.actor(), organisationID: organisation.id)
            // What was typed is shown again, but never a secret.
            values.merge(changes(form).filter { key, _ in !settings.contains { $0.key == key && $0.isSecret } }) { _, new in new }
            return settingsPage(request, context, organisation, values: values, errors: errors, notice: false, status: status)
        })
    }

    // MARK: Audit log

    @Sendable func auditLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let actor = try context.actor()
        let page = try await site.platform.auditLog(actor: actor, organisationID: organisation.id, page: try site.pageRequest(request))
        let ctx = site.pageContext(request, context)
        // Links only where they lead: each object's module says whether this reader may open its page.
        var asked: [String: [Int64]] = [:]
        for entry in page.items {
            guard let raw = entry.objectID, let id = Int64(raw), asked[entry.objectType]?.contains(id) != true else { continue }
            asked[entry.objectType, default: []].append(id)
        }
        var pages: [String: [Int64: String]] = [:]
        for (type, ids) in asked {
            guard let find = Tillit.audit.objects[type]?.pages else { continue }
            pages[type] = (try? await find(site, actor, organisation, ids)) ?? [:]
        }
        let settings = Dictionary(site.platform.settings.map { ($0.key, $0.label) }) { first, _ in first }
        let view = AuditLogPage(organisation: organisation, entries: page, vocabulary: Tillit.audit, pages: pages,
                                tree: try await site.platform.unitTree(organisationID: organisation.id), settings: settings,
                                nav: AdminView.nav(organisation, ctx), crumbs: AdminView.crumbs(organisation, ctx),
                                keptRows: site.platform.keptAuditRows)
        return site.render(view.render(ctx), request, context)
    }
}
