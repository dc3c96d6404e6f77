import Foundation
import TillitPlatform

/// A unit's page: where it sits, its kind, its sub-units and its people, with the ways to its
/// follow-up figures, its participant code and its editing for those who may.
struct UnitPage {
    let overview: UnitOverview
    /// Whether the viewer may see the unit's follow-up figures.
    let canSeeStats: Bool
    /// Whether the viewer may manage the unit's participant code.
    let canManageCode: Bool
    /// Whether the viewer may edit the unit (administers the organisation).
    let canEdit: Bool

    func render(_ ctx: PageContext) -> PageView {
        let (organisation, tree, unit, members) = (overview.organisation, overview.tree, overview.unit, overview.members)
        let id = unit.id, canSeeStats = self.canSeeStats, canManageCode = self.canManageCode, canEdit = self.canEdit
        let crumbs = [(ctx.t(UIText.organisations), SiteURL.organisations.path), (organisation.name, SiteURL.organisation(slug: organisation.slug).path)]
            + tree.ancestors(of: id).map { ($0.name, SiteURL.unit(slug: organisation.slug, id: $0.id).path) }
        let children = tree.children(of: id)
        let content: HTML = """
            <h1>\(unit.name)\(unit.isClosed ? " <span class=\"tag\">\(ctx.t(UIText.closed))</span>" as HTML : .empty)</h1>
            <p class="lead">\(ctx.t(unit.kind.label))\(unit.externalID.map { " · \(ctx.t(UIText.externalID)) \($0)" })</p>
            <p class="actions">\(canSeeStats ? "<a href=\"\(SiteURL.unitSignalStats(slug: organisation.slug, id: id).path)\">\(ctx.t(SignalUIText.followUp))</a>" as HTML : .empty)\
            \(canManageCode ? " <a href=\"\(SiteURL.unitParticipantCode(slug: organisation.slug, id: id).path)\">\(ctx.t(SignalUIText.participantCodeManage))</a>" as HTML : .empty)\
             <a href="\(PruneURL.unitBurden(organisation.slug, id))">\(ctx.t(PruneUI.burdenLink))</a>\
            \(canEdit ? " <a href=\"\(SiteURL.adminUnit(slug: organisation.slug, id: id).path)\">\(ctx.t(UIText.editUnit))</a>" as HTML : .empty)</p>
            <div class="columns">
            <section aria-labelledby="sub-title"><h2 id="sub-title">\(ctx.t(UIText.subUnits))</h2>
            \(children.isEmpty ? "<p>–</p>" as HTML : "<ul class=\"plain-list\">\(children.map { "<li><a href=\"\(SiteURL.unit(slug: organisation.slug, id: $0.id).path)\">\($0.name)</a> <span class=\"meta\">\(ctx.t($0.kind.label))\($0.isClosed ? " · \(ctx.t(UIText.closed))" : "")</span></li>" as HTML })</ul>")
            </section>
            <section aria-labelledby="members-title"><h2 id="members-title">\(ctx.t(UIText.members))</h2>
            \(members.isEmpty ? "<p>\(ctx.t(UIText.noMembers))</p>" as HTML : "<ul class=\"plain-list\">\(members.map { "<li>\($0.user.name) <span class=\"meta\">\(ctx.t($0.role.label))</span></li>" as HTML })</ul>")
            </section>
            </div>
            """
        return PageView(title: unit.name, breadcrumbs: crumbs, content: content)
    }
}
