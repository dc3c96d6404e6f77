import Foundation
import TillitFormats
import TillitPlatform
import TillitPrune

/// A requirement's page: its facts, what it costs (both ways when staff's estimate differs), what
/// staff say (only from the anonymity threshold), the actor's own assessment, and its decisions.
struct RequirementPage {
    let organisation: Organisation
    let detail: RequirementDetail
    var notice: String? = nil

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let figures = detail.figures
        let r = figures.requirement
        let tree = detail.tree
        let units: [HTML] = r.unitIDs.map { id in
            tree[id].map { "<li><a href=\"\(PruneURL.unitBurden(slug, id))\">\($0.name)</a></li>" as HTML } ?? "<li>–</li>"
        }
        let facts: HTML = """
            <dl class="facts">
            <dt>\(ctx.t(PruneUI.type))</dt><dd>\(ctx.t(r.type.label))</dd>
            <dt>\(ctx.t(PruneUI.issuer))</dt><dd>\(r.issuerUnitID.map { id in "<a href=\"\(PruneURL.unitBurden(slug, id))\">\(r.issuer)</a>" as HTML } ?? "\(r.issuer)")</dd>
            \(r.legalReference.map { "<dt>\(ctx.t(PruneUI.legalReference))</dt><dd>\($0)</dd>" as HTML })
            <dt>\(ctx.t(PruneUI.purpose))</dt><dd>\(r.purpose)</dd>
            \(r.description.isEmpty ? .empty : "<dt>\(ctx.t(PruneUI.description))</dt><dd>\(r.description)</dd>" as HTML)
            <dt>\(ctx.t(PruneUI.unitsTitle))</dt><dd><ul class="inline-list">\(units)</ul></dd>
            <dt>\(ctx.t(PruneUI.rolesShort))</dt><dd>\(r.roles.isEmpty ? ctx.t(PruneUI.everyone) : r.roles.map { ctx.t($0.label) }.joined(separator: ", "))</dd>
            <dt>\(ctx.t(PruneUI.frequency))</dt><dd>\(PruneFormat.frequency(r.workload, ctx))</dd>
            <dt>\(ctx.t(PruneUI.minutesShort))</dt><dd>\(ctx.number(Int(r.workload.minutes)))</dd>
            <dt>\(ctx.t(PruneUI.populationShort))</dt><dd>\(ctx.number(Int(r.workload.population)))</dd>
            <dt>\(ctx.t(PruneUI.status))</dt><dd>\(ctx.t(r.status.label))</dd>
            </dl>
            """
        let both: HTML = figures.staffMinutesPerYear.map { minutes in
            "<p>\(ctx.t(PruneUI.costBoth(hours: PruneFormat.hours(minutes: minutes, ctx), cost: PruneFormat.kronor(figures.staffCostPerYear ?? 0, ctx), median: ctx.number(figures.staff?.medianMinutes ?? 0, digits: 1))))</p>" as HTML
        } ?? .empty
        let cost: HTML = """
            <section aria-labelledby="cost-title"><h2 id="cost-title">\(ctx.t(PruneUI.cost))</h2>
            <dl class="facts">
            <dt>\(ctx.t(PruneUI.hoursPerYear))</dt><dd>\(PruneFormat.hours(figures.hoursPerYear, ctx))</dd>
            <dt>\(ctx.t(PruneUI.costPerYear))</dt><dd>\(PruneFormat.kronor(figures.costPerYear, ctx))</dd>
            <dt>\(ctx.t(PruneUI.hourlyCostUsed))</dt><dd>\(PruneFormat.kronor(figures.hourlyCost, ctx))</dd>
            </dl>
            \(r.status == .removed ? "<p>\(ctx.t(PruneUI.removedNote))</p>" as HTML : .empty)\(both)
            </section>
            """
        let staff: HTML
        if let view = figures.staff {
            let rows: [HTML] = (1...5).map { n in "<tr><th scope=\"row\">\(ctx.t(PruneUI.rating(n)))</th><td class=\"num\">\(ctx.number(view.usefulness[n]))</td></tr>" }
            staff = """
                <dl class="facts">
                <dt>\(ctx.t(PruneUI.answers))</dt><dd>\(ctx.number(view.n))</dd>
                <dt>\(ctx.t(PruneUI.medianMinutes))</dt><dd>\(ctx.number(view.medianMinutes, digits: 1))</dd>
                <dt>\(ctx.t(PruneUI.meanUsefulness))</dt><dd>\(ctx.number(view.meanUsefulness, digits: 1))</dd>
                </dl>
                \(Form.table(label: ctx.t(PruneUI.distribution), """
                    <table><caption>\(ctx.t(PruneUI.distribution))</caption>
                    <thead><tr><th scope="col">\(ctx.t(PruneUI.usefulness))</th><th scope="col">\(ctx.t(PruneUI.answers))</th></tr></thead>
                    <tbody>\(rows)</tbody></table>
                    """))
                \(view.comments.isEmpty ? .empty : "<h3>\(ctx.t(PruneUI.comments))</h3><ul class=\"plain-list\">\(view.comments.map { "<li>\($0)</li>" as HTML })</ul>" as HTML)
                """
        } else {
            staff = "<p>\(ctx.t(PruneUI.staffBelowThreshold(threshold: detail.settings.anonymityThreshold)))</p>"
        }
        let own: HTML
        if detail.canAssess {
            own = """
                <h3>\(ctx.t(PruneUI.yourAssessment))</h3>
                \(detail.ownAssessment.map { "<p>\(ctx.t(PruneUI.youAssessed(minutes: ctx.number(Int($0.minutes)), rating: $0.usefulness)))</p>" as HTML })
                <p><a class="button-link" href="\(PruneURL.requirementAssess(slug, r.id))">\(ctx.t(detail.ownAssessment == nil ? PruneUI.assess : PruneUI.changeAssessment))</a></p>
                """
        } else { own = .empty }
        let history: HTML = detail.decisions.isEmpty ? "<p>\(ctx.t(PruneUI.noDecisions))</p>" : Form.table(label: ctx.t(PruneUI.history), """
            <table><caption class="visually-hidden">\(ctx.t(PruneUI.history))</caption>
            <thead><tr><th scope="col">\(ctx.t(PruneUI.decidedAt))</th><th scope="col">\(ctx.t(PruneUI.decision))</th><th scope="col">\(ctx.t(PruneUI.reason))</th>\
            <th scope="col">\(ctx.t(PruneUI.hoursFreed))</th><th scope="col">\(ctx.t(PruneUI.decidedBy))</th></tr></thead>
            <tbody>\(detail.decisions.map { d in
                "<tr><td>\(LocalTime(d.decidedAt).dateOnly)</td><th scope=\"row\">\(ctx.t(d.kind.label))</th><td>\(d.reason)</td><td class=\"num\">\(PruneFormat.hours(d.hoursFreedPerYear, ctx))</td><td>\(d.decidedByName ?? "–")</td></tr>" as HTML
            })</tbody></table>
            """)
        let ownerActions: HTML
        if detail.isOwner, r.status == .proposed {
            ownerActions = """
                <p>\(ctx.t(PruneUI.proposalWaiting))</p>
                <div class="actions">
                <form method="post" action="\(PruneURL.requirementReview(slug, r.id))" class="inline-form">\(Form.csrf(ctx))<input type="hidden" name="accept" value="1"><button type="submit">\(ctx.t(PruneUI.accept))</button></form>
                <form method="post" action="\(PruneURL.requirementReview(slug, r.id))" class="inline-form">\(Form.csrf(ctx))<input type="hidden" name="accept" value="0"><button type="submit" class="secondary">\(ctx.t(PruneUI.reject))</button></form>
                <a href="\(PruneURL.requirementEdit(slug, r.id))">\(ctx.t(PruneUI.edit))</a>
                </div>
                """
        } else if detail.isOwner, r.status == .active {
            ownerActions = """
                <p class="actions"><a class="button-link" href="\(PruneURL.requirementDecide(slug, r.id))">\(ctx.t(PruneUI.decide))</a>
                <a href="\(PruneURL.requirementEdit(slug, r.id))">\(ctx.t(PruneUI.edit))</a></p>
                """
        } else if r.status == .proposed {
            ownerActions = "<p>\(ctx.t(PruneUI.proposalWaiting))</p>"
        } else { ownerActions = .empty }
        let content: HTML = """
            <h1>\(r.name)</h1>
            \(Form.notice(notice))
            <p><span class="tag">\(ctx.t(r.type.label))</span> <span class="tag">\(ctx.t(r.status.label))</span></p>
            \(detail.proposerName.map { "<p class=\"meta\">\(ctx.t(PruneUI.proposedBy($0)))</p>" as HTML })
            \(ownerActions)
            <div class="columns prune-columns">
            <section aria-labelledby="facts-title"><h2 id="facts-title">\(ctx.t(PruneUI.facts))</h2>\(facts)</section>
            <div>\(cost)
            <section aria-labelledby="staff-title"><h2 id="staff-title">\(ctx.t(PruneUI.staffView))</h2>\(staff)\(own)</section></div>
            </div>
            <section aria-labelledby="history-title"><h2 id="history-title">\(ctx.t(PruneUI.history))</h2>\(history)</section>
            """
        return PageView(title: r.name, breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path), (ctx.t(PruneUI.inventory), PruneURL.requirements(slug))],
                        content: content)
    }
}
