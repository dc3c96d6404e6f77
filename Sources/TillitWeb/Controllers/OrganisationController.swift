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
        let ctx = site.pageContext(request, context)
        var unitItems: [HTML] = []
        var roleItems: [HTML] = []
        var organisations: [Int64: Organisation] = [:]
        for grant in identity.grants {
            var place = ctx.t(UIText.wholeInstance)
            if let orgID = grant.organisationID {
                if organisations[orgID] == nil { organisations[orgID] = try await site.platform.organisation(id: orgID) }
                place = organisations[orgID]!.name
            }
            if let unitID = grant.unitID, let org = organisations[grant.organisationID ?? 0] {
                let unit = try await site.platform.unit(actor: actor, id: unitID)
                unitItems.append("<li><a href=\"\(SiteURL.unit(slug: org.slug, id: unit.id).path)\">\(unit.name)</a> <span class=\"meta\">\(org.name) · \(ctx.t(grant.role.label))</span></li>")
                place = unit.name
            }
            roleItems.append("<li>\(ctx.t(grant.role.label)) <span class=\"meta\">\(ctx.t(UIText.roleIn(place)))</span></li>")
        }
        let adminLinks: [HTML] = organisations.values.sorted { $0.name < $1.name }.filter { Policy.canAdministerOrganisation(actor, $0.id) }.map {
            "<li><a href=\"\(SiteURL.adminUnits(slug: $0.slug).path)\">\(ctx.t(UIText.administration)): \($0.name)</a></li>"
        }
        let unread = try await site.platform.unreadNotifications(userID: identity.user.id)
        let mode = try await site.platform.notifyMode(userID: identity.user.id)
        let content: HTML = """
            <h1>\(ctx.t(UIText.myPage))</h1>
            <p class="lead">\(identity.user.name) · \(identity.user.email)</p>
            <section aria-labelledby="my-notices"><h2 id="my-notices">\(ctx.t(NoticeUIText.notices))</h2>
            <p><a href="\(SiteURL.notifications.path)">\(ctx.t(NoticeUIText.unread(unread)))</a></p>
            \(NotificationController.modeForm(mode, ctx))
            </section>
            <div class="columns">
            <section aria-labelledby="my-units"><h2 id="my-units">\(ctx.t(UIText.myUnits))</h2>
            \(unitItems.isEmpty ? "<p>\(ctx.t(UIText.noUnits))</p>" as HTML : "<ul class=\"plain-list\">\(unitItems)</ul>")
            </section>
            <section aria-labelledby="my-roles"><h2 id="my-roles">\(ctx.t(UIText.myRoles))</h2>
            \(roleItems.isEmpty ? "<p>\(ctx.t(UIText.noRoles))</p>" as HTML : "<ul class=\"plain-list\">\(roleItems)</ul>")
            </section>
            </div>
            \(adminLinks.isEmpty ? .empty : "<section aria-labelledby=\"my-admin\"><h2 id=\"my-admin\">\(ctx.t(UIText.administration))</h2><ul class=\"plain-list\">\(adminLinks)</ul></section>" as HTML)
            <p><a href="\(SiteURL.tokens.path)">\(ctx.t(UIText.apiTokens))</a></p>
            """
        return site.render(PageView(title: ctx.t(UIText.myPage), content: content), request, context)
    }

    /// The cookie that carries a new API token from the POST to the page that shows it once.
    static let newTokenCookie = "tillit_new_token"

    @Sendable func tokensForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.actor()
        let created = request.cookies[Self.newTokenCookie]?.value.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }
        var response = try await tokensPage(request, context, created: created.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }, errors: [])
        if created != nil {
            response.setCookie(IdentityMiddleware.cookie(Self.newTokenCookie, "", context: context, maxAge: 0, path: SiteURL.tokens.path))
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func tokensPage(_ request: Request, _ context: AppRequestContext, created: String?, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let ctx = site.pageContext(request, context)
        let tokens = try await site.platform.tokens(userID: try context.actor().userID!)
        let list: HTML = tokens.isEmpty ? .empty : """
            <h2>\(ctx.t(UIText.activeTokens))</h2>
            <ul class="plain-list">\(tokens.map { token in
                """
                <li>\(token.name) <span class="meta">\(ctx.t(UIText.createdOn)) \(Form.dateTime(token.createdAt))</span>
                <form method="post" action="\(SiteURL.tokenRevoke(id: token.id).path)" class="inline-form">\(Form.csrf(ctx))\
                <button type="submit" class="link-button">\(ctx.t(UIText.revoke))<span class="visually-hidden">: \(token.name)</span></button></form></li>
                """ as HTML
            })</ul>
            """
        let createdBox: HTML = created.map {
            "<div class=\"notice\" role=\"status\"><h2>\(ctx.t(UIText.tokenCreated))</h2><p>\(ctx.t(UIText.tokenShownOnce))</p><p><code class=\"token\">\($0)</code></p></div>"
        } ?? .empty
        let content: HTML = """
            <h1>\(ctx.t(UIText.apiTokens))</h1>
            \(createdBox)
            \(Form.errorSummary(errors, ctx))
            <p>\(ctx.t(UIText.apiTokensIntro))</p>
            <form method="post" action="\(SiteURL.tokens.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.tokenName), value: nil, errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.createToken))</button>
            </form>
            \(list)
            """
        return site.render(PageView(title: ctx.t(UIText.apiTokens), breadcrumbs: [(ctx.t(UIText.myPage), SiteURL.me.path)], content: content), request, context, status: status)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            // The new token goes to the page that shows it in a short-lived cookie for that page only,
            // which the page clears: it is shown once, never stored to be shown again, never in an address.
            let token = try await site.platform.createToken(actor: actor, userID: actor.userID!, name: form["name"])
            var response = HTMLResponse.seeOther(SiteURL.tokens.path)
            response.setCookie(IdentityMiddleware.cookie(Self.newTokenCookie, token, context: context, maxAge: 300, path: SiteURL.tokens.path))
            return response
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
        let ctx = site.pageContext(request, context)
        let content: HTML = """
            <h1>\(ctx.t(UIText.organisations))</h1>
            <ul class="cards">
            \(page.items.map { "<li class=\"card\"><h2><a href=\"\(SiteURL.organisation(slug: $0.slug).path)\">\($0.name)</a></h2><p class=\"meta\">\(ctx.t($0.kind.label))</p></li>" as HTML })
            </ul>
            \(Form.pager(page, path: SiteURL.organisations.path, ctx))
            """
        return site.render(PageView(title: ctx.t(UIText.organisations), content: content), request, context)
    }

    /// An organisation's page: its unit tree.
    @Sendable func organisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let ctx = site.pageContext(request, context)
        let open = tree.flattened(includeClosed: false)
        let admin: HTML = Policy.canAdministerOrganisation(actor, organisation.id) ? """
            <nav class="subnav" aria-label="\(ctx.t(UIText.administration))"><ul>
            <li><a href="\(SiteURL.adminUnits(slug: organisation.slug).path)">\(ctx.t(UIText.adminUnits))</a></li>
            <li><a href="\(SiteURL.adminPeople(slug: organisation.slug).path)">\(ctx.t(UIText.adminPeople))</a></li>
            <li><a href="\(SiteURL.adminSettings(slug: organisation.slug).path)">\(ctx.t(UIText.adminSettings))</a></li>
            <li><a href="\(SiteURL.auditLog(slug: organisation.slug).path)">\(ctx.t(UIText.auditLog))</a></li>
            </ul></nav>
            """ : .empty
        let content: HTML = """
            <h1>\(organisation.name)</h1>
            <p class="lead">\(ctx.t(organisation.kind.label)) · \(ctx.t(UIText.unitsCount(open.count)))</p>
            \(admin)
            \(Policy.canReadGovernance(actor, organisation.id) ? "<p><a href=\"\(SiteURL.organisationSignalStats(slug: organisation.slug).path)\">\(ctx.t(SignalUIText.followUp))</a></p>" as HTML : .empty)
            <section aria-labelledby="tree-title">
            <h2 id="tree-title">\(ctx.t(UIText.unitTree))</h2>
            \(UnitTreeView.render(tree, slug: organisation.slug, ctx, link: { SiteURL.unit(slug: organisation.slug, id: $0).path }))
            </section>
            """
        return site.render(PageView(title: organisation.name, breadcrumbs: [(ctx.t(UIText.organisations), SiteURL.organisations.path)], content: content), request, context)
    }

    /// A unit's page: where it sits, its sub-units, its people and its history.
    @Sendable func unit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        let overview = try await site.platform.unitOverview(actor: actor, organisationSlug: try context.parameters.require("slug"), unitID: id)
        let (organisation, tree, unit, members) = (overview.organisation, overview.tree, overview.unit, overview.members)
        let ctx = site.pageContext(request, context)
        let crumbs = [(ctx.t(UIText.organisations), SiteURL.organisations.path), (organisation.name, SiteURL.organisation(slug: organisation.slug).path)]
            + tree.ancestors(of: id).map { ($0.name, SiteURL.unit(slug: organisation.slug, id: $0.id).path) }
        let children = tree.children(of: id)
        let content: HTML = """
            <h1>\(unit.name)\(unit.isClosed ? " <span class=\"tag\">\(ctx.t(UIText.closed))</span>" as HTML : .empty)</h1>
            <p class="lead">\(ctx.t(unit.kind.label))\(unit.externalID.map { " · \(ctx.t(UIText.externalID)) \($0)" })</p>
            <p class="actions">\(Signals.canSeeStats(actor, unitID: id, organisationID: organisation.id, tree: tree) ? "<a href=\"\(SiteURL.unitSignalStats(slug: organisation.slug, id: id).path)\">\(ctx.t(SignalUIText.followUp))</a>" as HTML : .empty)\
            \(Policy.canAdministerOrganisation(actor, organisation.id) || Policy.manages(actor, unit: id, in: tree) ? " <a href=\"\(SiteURL.unitParticipantCode(slug: organisation.slug, id: id).path)\">\(ctx.t(SignalUIText.participantCodeManage))</a>" as HTML : .empty)\
            \(Policy.canAdministerOrganisation(actor, organisation.id) ? " <a href=\"\(SiteURL.adminUnit(slug: organisation.slug, id: id).path)\">\(ctx.t(UIText.editUnit))</a>" as HTML : .empty)</p>
            <div class="columns">
            <section aria-labelledby="sub-title"><h2 id="sub-title">\(ctx.t(UIText.subUnits))</h2>
            \(children.isEmpty ? "<p>–</p>" as HTML : "<ul class=\"plain-list\">\(children.map { "<li><a href=\"\(SiteURL.unit(slug: organisation.slug, id: $0.id).path)\">\($0.name)</a> <span class=\"meta\">\(ctx.t($0.kind.label))\($0.isClosed ? " · \(ctx.t(UIText.closed))" : "")</span></li>" as HTML })</ul>")
            </section>
            <section aria-labelledby="members-title"><h2 id="members-title">\(ctx.t(UIText.members))</h2>
            \(members.isEmpty ? "<p>\(ctx.t(UIText.noMembers))</p>" as HTML : "<ul class=\"plain-list\">\(members.map { "<li>\($0.user.name) <span class=\"meta\">\(ctx.t($0.role.label))</span></li>" as HTML })</ul>")
            </section>
            </div>
            """
        return site.render(PageView(title: unit.name, breadcrumbs: crumbs, content: content), request, context)
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
