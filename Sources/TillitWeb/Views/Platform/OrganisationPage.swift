import Foundation
import TillitPlatform

/// An organisation's page: its kind, its unit tree, the way to its follow-up figures for those
/// who may read them, and the administration's links for its administrators.
struct OrganisationPage {
    let organisation: Organisation
    let tree: UnitTree
    /// Whether the viewer administers the organisation.
    let canAdminister: Bool
    /// Whether the viewer may read the organisation's follow-up figures.
    let canReadGovernance: Bool

    func render(_ ctx: PageContext) -> PageView {
        let open = tree.flattened(includeClosed: false)
        let admin: HTML = canAdminister ? """
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
            \(canReadGovernance ? "<p><a href=\"\(SiteURL.organisationSignalStats(slug: organisation.slug).path)\">\(ctx.t(SignalUIText.followUp))</a></p>" as HTML : .empty)
            <p><a href="\(PruneURL.requirements(organisation.slug))">\(ctx.t(PruneUI.inventoryLink))</a> · <a href="\(PruneURL.overview(organisation.slug))">\(ctx.t(PruneUI.overview))</a></p>
            <section aria-labelledby="tree-title">
            <h2 id="tree-title">\(ctx.t(UIText.unitTree))</h2>
            \(UnitTreeView.render(tree, slug: organisation.slug, ctx, link: { SiteURL.unit(slug: organisation.slug, id: $0).path }))
            </section>
            """
        return PageView(title: organisation.name, breadcrumbs: [(ctx.t(UIText.organisations), SiteURL.organisations.path)], content: content)
    }
}
