import Foundation
import Hummingbird
import TillitListen
import TillitPlatform
import TillitStorage

/// My page, API tokens, and the organisation and unit pages that members see.
struct OrganisationController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.me, use: me)
        router.get(Route.tokens, use: tokensForm)
        router.post(Route.tokens, use: createToken)
        router.post(Route.tokenRevoke, use: revokeToken)
        router.get(Route.organisations, use: organisations)
        router.get(Route.organisation, use: organisation)
        router.get(Route.unit, use: unit)
    }

    /// My page: my units and my roles.
    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let identity = context.identity!
        var organisations: [Int64: Organisation] = [:]
        var grants: [MyPage.Grant] = []
        for grant in identity.grants {
            var organisation: Organisation?
            if let orgID = grant.organisationID {
                if organisations[orgID] == nil { organisations[orgID] = try await site.platform.organisation(id: orgID) }
                organisation = organisations[orgID]
            }
            var unit: OrgUnit?
            if let unitID = grant.unitID, organisation != nil { unit = try await site.platform.unit(actor: actor, id: unitID) }
            grants.append(MyPage.Grant(role: grant.role, organisation: organisation, unit: unit))
        }
        let administered = organisations.values.sorted { $0.name < $1.name }.filter { Policy.canAdministerOrganisation(actor, $0.id) }
        let unread = try await site.platform.unreadNotifications(userID: identity.user.id)
        let mode = try await site.platform.notifyMode(userID: identity.user.id)
        let ctx = site.pageContext(request, context)
        let panels = try await Tillit.startPanels(site, actor, ctx)
        let view = MyPage(user: identity.user, grants: grants, administered: administered, unread: unread, mode: mode, panels: panels)
        return site.render(view.render(ctx), request, context)
    }

    @Sendable func tokensForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.actor()
        var response = try await HandOver.apiToken.show(request, site, context) { created in
            try await tokensPage(request, context, created: created, errors: [])
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func tokensPage(_ request: Request, _ context: AppRequestContext, created: String?, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let tokens = try await site.platform.tokens(userID: try context.actor().userID!)
        let view = TokensPage(tokens: tokens, created: created, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            // The new token goes to the page that shows it by a hand-over, taken when shown: it is shown
            // once, never stored to be shown again, never in an address.
            let token = try await site.platform.createToken(actor: actor, userID: actor.userID!, name: form["name"])
            return try await HandOver.apiToken.redirect(to: SiteURL.tokens.path, carrying: token, site, context)
        }, again: { request, _, errors, status in
            try await tokensPage(request, context, created: nil, errors: errors, status: status)
        })
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await site.platform.revokeToken(actor: try context.actor(), tokenID: try site.id(context))
        return HTMLResponse.seeOther(SiteURL.tokens.path)
    }

    /// The organisations the person belongs to (all of them for a system administrator).
    @Sendable func organisations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let page = try await site.platform.organisations(actor: actor, page: try site.pageRequest(request))
        return site.render(OrganisationsPage(page: page).render(site.pageContext(request, context)), request, context)
    }

    /// An organisation's page: its unit tree.
    @Sendable func organisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let view = OrganisationPage(organisation: organisation, tree: tree, canAdminister: Policy.canAdministerOrganisation(actor, organisation.id),
                                    canReadGovernance: Policy.canReadGovernance(actor, organisation.id))
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    /// A unit's page: where it sits, its sub-units, its people and its history.
    @Sendable func unit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        let overview = try await site.platform.unitOverview(actor: actor, organisationSlug: try context.parameters.require("slug"), unitID: id)
        let view = UnitPage(overview: overview,
                            canSeeStats: Signals.canSeeStats(actor, unitID: id, organisationID: overview.organisation.id, tree: overview.tree),
                            canManageCode: Policy.canAdministerOrganisation(actor, overview.organisation.id) || Policy.manages(actor, unit: id, in: overview.tree),
                            canEdit: Policy.canAdministerOrganisation(actor, overview.organisation.id))
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }
}

/// A unit's history as a timeline.
enum UnitHistoryView {
    static func render(_ events: [UnitEvent], _ ctx: PageContext) -> HTML {
        """
        <section aria-labelledby="history-title"><h2 id="history-title">\(ctx.t(UIText.history))</h2>
        <ul class="timeline">\(events.map { "<li>\(Form.dateTime($0.at)) – \(ctx.t(label($0.kind)))\(change($0))</li>" as HTML })</ul>
        </section>
        """
    }

    static func label(_ kind: UnitEvent.Kind) -> UIText {
        switch kind {
        case .created: .historyCreated
        case .renamed: .historyRenamed
        case .moved: .historyMoved
        case .closed: .historyClosed
        case .reopened: .historyReopened
        case .kindChanged: .historyKindChanged
        }
    }

    static func change(_ event: UnitEvent) -> HTML {
        switch event.kind {
        case .renamed, .moved, .kindChanged: ": \(event.from ?? "–") → \(event.to ?? "–")"
        case .created: event.to.map { ": \($0)" } ?? .empty
        default: .empty
        }
    }
}

/// A unit tree as nested lists (readable without styles, and by screen readers as a hierarchy).
enum UnitTreeView {
    static func render(_ tree: UnitTree, slug: String, _ ctx: PageContext, includeClosed: Bool = false, link: (Int64) -> String) -> HTML {
        func level(_ units: [OrgUnit]) -> HTML {
            let visible = units.filter { includeClosed || !$0.isClosed }
            guard !visible.isEmpty else { return .empty }
            return "<ul>\(visible.map { unit in "<li><a href=\"\(link(unit.id))\">\(unit.name)</a> <span class=\"meta\">\(ctx.t(unit.kind.label))\(unit.isClosed ? " · \(ctx.t(UIText.closed))" : "")</span>\(level(tree.children(of: unit.id)))</li>" as HTML })</ul>"
        }
        return "<div class=\"tree\">\(level(tree.roots))</div>"
    }
}
