import Foundation
import TillitPlatform

/// My page: what waits for me (signals to answer, surveys), who I am, my notifications and how I hear of them, my units and roles, the
/// organisations I administer, and the way to my API tokens.
struct MyPage {
    /// One of the person's roles and where it holds: in a unit of an organisation, in a whole
    /// organisation, or (with neither) in the whole instance.
    struct Grant {
        let role: Role
        let organisation: Organisation?
        let unit: OrgUnit?
    }

    let user: User
    let grants: [Grant]
    /// The organisations among the grants' that the person administers, by name.
    let administered: [Organisation]
    let unread: Int
    let mode: NotifyMode
    /// What waits for the person, from the modules (a manager's signals to answer first).
    var panels: [HTML] = []

    func render(_ ctx: PageContext) -> PageView {
        var unitItems: [HTML] = []
        var roleItems: [HTML] = []
        for grant in grants {
            var place = ctx.t(UIText.wholeInstance)
            if let org = grant.organisation { place = org.name }
            if let unit = grant.unit, let org = grant.organisation {
                unitItems.append("<li><a href=\"\(SiteURL.unit(slug: org.slug, id: unit.id).path)\">\(unit.name)</a> <span class=\"meta\">\(org.name) · \(ctx.t(grant.role.label))</span></li>")
                place = unit.name
            }
            roleItems.append("<li>\(ctx.t(grant.role.label)) <span class=\"meta\">\(ctx.t(UIText.roleIn(place)))</span></li>")
        }
        let adminLinks: [HTML] = administered.map {
            "<li><a href=\"\(SiteURL.adminUnits(slug: $0.slug).path)\">\(ctx.t(UIText.administration)): \($0.name)</a></li>"
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.myPage))</h1>
            <p class="lead">\(user.name) · \(user.email)</p>
            \(panels)
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
            <ul class="plain-list"><li><a href="\(SiteURL.tokens.path)">\(ctx.t(UIText.apiTokens))</a></li>
            <li><a href="\(Route.myData.path())">\(ctx.t(PrivacyUIText.myData))</a></li></ul>
            """
        return PageView(title: ctx.t(UIText.myPage), content: content)
    }
}
