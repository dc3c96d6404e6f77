import Foundation
import TillitFormats
import TillitPlatform
import TillitPrune

/// What the requirements cost a unit and its subtree, or the whole organisation: the totals and
/// share of working time, by type and by issuer, the list to review first, the chart, and the
/// hours the decisions have freed over time.
struct BurdenPage {
    let organisation: Organisation
    let report: BurdenReport
    /// How many requirements the top list shows.
    var topCount = 10
    /// Where whole pages are kept as rendered.
    var kept: KeptBurdenPages? = nil

    func render(_ ctx: PageContext) -> PageView {
        kept?.page(self, ctx) { rendered(ctx) } ?? rendered(ctx)
    }

    private func rendered(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let burden = report.burden
        let title = report.unit.map { ctx.t(PruneUI.unitBurdenTitle($0.name)) } ?? ctx.t(PruneUI.overview)
        func amountRows<Key>(_ entries: [(Key, CostModel.Amount)], label: (Key) -> String) -> [HTML] {
            entries.map { key, amount in
                "<tr><th scope=\"row\">\(label(key))</th><td class=\"num\">\(PruneFormat.hours(amount.hoursPerYear, ctx))</td><td class=\"num\">\(PruneFormat.kronor(amount.costPerYear, ctx))</td></tr>"
            }
        }
        let byType = RequirementType.allCases.compactMap { type in burden.byType[type].map { (type, $0) } }
        let byIssuer = burden.byIssuer.sorted { $0.value.minutesPerYear == $1.value.minutesPerYear ? SwedishCollation.precedes($0.key, $1.key) : $0.value.minutesPerYear > $1.value.minutesPerYear }
        func table(_ caption: String, _ rows: [HTML], first: String) -> HTML {
            rows.isEmpty ? "<p>–</p>" : Form.table(label: caption, """
                <table><caption class="visually-hidden">\(caption)</caption>
                <thead><tr><th scope="col">\(first)</th><th scope="col">\(ctx.t(PruneUI.hoursPerYear))</th><th scope="col">\(ctx.t(PruneUI.costPerYear))</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """)
        }
        let top = Array(report.requirements.prefix(topCount))
        let topRows: [HTML] = top.map { item in
            let part = burden.byRequirement[item.requirement.id] ?? 0
            return """
                <tr><th scope="row"><a href="\(PruneURL.requirement(slug, item.requirement.id))">\(item.requirement.name)</a></th>\
                <td>\(ctx.t(item.requirement.type.label))</td><td class="num">\(PruneFormat.hours(minutes: part, ctx))</td>\
                <td class="num">\(PruneFormat.kronor(CostModel.cost(minutesPerYear: part, hourlyCost: item.hourlyCost), ctx))</td>\
                <td class="num">\(PruneFormat.usefulness(item, ctx))</td></tr>
                """
        }
        let freed = report.freedByMonth
        let totalFreed = freed.last?.cumulative ?? 0
        let decisionRows: [HTML] = RequirementDecisionKind.allCases.compactMap { kind in
            report.freedByDecision[kind].map { entry in
                "<tr><th scope=\"row\">\(ctx.t(kind.label))</th><td class=\"num\">\(ctx.number(entry.count))</td><td class=\"num\">\(PruneFormat.hours(minutes: entry.minutes, ctx))</td></tr>"
            }
        }
        let content: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(ctx.t(report.unit == nil ? PruneUI.overviewLead : PruneUI.unitBurdenLead))</p>
            <p class="actions"><a href="\(PruneURL.requirements(slug))\(report.unit.map { "?unit=\($0.id)" } ?? "")">\(ctx.t(PruneUI.inventoryLink))</a>\
            \(report.unit == nil ? .empty : "<a href=\"\(PruneURL.overview(slug))\">\(ctx.t(PruneUI.overview))</a>" as HTML)</p>
            <dl class="facts">
            <dt>\(ctx.t(PruneUI.hoursPerYear))</dt><dd>\(PruneFormat.hours(burden.total.hoursPerYear, ctx))</dd>
            <dt>\(ctx.t(PruneUI.costPerYear))</dt><dd>\(PruneFormat.kronor(burden.total.costPerYear, ctx))</dd>
            <dt>\(ctx.t(PruneUI.people))</dt><dd>\(report.people == 0 ? ctx.t(PruneUI.noPeople) : ctx.number(report.people))</dd>
            <dt>\(ctx.t(PruneUI.shareOfWorkingTime))</dt><dd>\(PruneFormat.share(report.shareOfWorkingTime, ctx)) <span class="meta">\(ctx.t(PruneUI.shareHelp(report.settings.annualHoursPerPerson)))</span></dd>
            </dl>
            <section aria-labelledby="top-title"><h2 id="top-title">\(ctx.t(PruneUI.topList))</h2>
            <p>\(ctx.t(PruneUI.topListLead))</p>
            \(top.isEmpty ? "<p>\(ctx.t(PruneUI.nothing))</p>" as HTML : Form.table(label: ctx.t(PruneUI.topList), """
                <table><caption class="visually-hidden">\(ctx.t(PruneUI.topList))</caption>
                <thead><tr><th scope="col">\(ctx.t(PruneUI.requirement))</th><th scope="col">\(ctx.t(PruneUI.type))</th><th scope="col">\(ctx.t(PruneUI.hoursPerYear))</th>\
                <th scope="col">\(ctx.t(PruneUI.costPerYear))</th><th scope="col">\(ctx.t(PruneUI.meanUsefulness))</th></tr></thead>
                <tbody>\(topRows)</tbody></table>
                """))
            </section>
            \(report.fromAbove.isEmpty ? .empty : """
                <section aria-labelledby="above-title"><h2 id="above-title">\(ctx.t(PruneUI.fromAbove))</h2>
                <p>\(ctx.t(PruneUI.fromAboveLead))</p>
                \(Form.table(label: ctx.t(PruneUI.fromAbove), """
                    <table><caption class="visually-hidden">\(ctx.t(PruneUI.fromAbove))</caption>
                    <thead><tr><th scope="col">\(ctx.t(PruneUI.requirement))</th><th scope="col">\(ctx.t(PruneUI.unitsTitle))</th>\
                    <th scope="col">\(ctx.t(PruneUI.hoursPerYear))</th><th scope="col">\(ctx.t(PruneUI.costPerYear))</th></tr></thead>
                    <tbody>\(report.fromAbove.map { item in
                        "<tr><th scope=\"row\"><a href=\"\(PruneURL.requirement(slug, item.requirement.id))\">\(item.requirement.name)</a></th><td>\(item.requirement.unitIDs.compactMap { report.tree[$0]?.name }.joined(separator: ", "))</td><td class=\"num\">\(PruneFormat.hours(item.hoursPerYear, ctx))</td><td class=\"num\">\(PruneFormat.kronor(item.costPerYear, ctx))</td></tr>" as HTML
                    })</tbody></table>
                    """))
                </section>
                """ as HTML)
            \(CostUsefulnessChart.render(report.requirements, slug: slug, ctx))
            <div class="columns prune-columns">
            <section aria-labelledby="type-title"><h2 id="type-title">\(ctx.t(PruneUI.byType))</h2>
            \(table(ctx.t(PruneUI.byType), amountRows(byType) { ctx.t($0.label) }, first: ctx.t(PruneUI.type)))</section>
            <section aria-labelledby="issuer-title"><h2 id="issuer-title">\(ctx.t(PruneUI.byIssuer))</h2>
            \(table(ctx.t(PruneUI.byIssuer), amountRows(byIssuer.map { ($0.key, $0.value) }) { $0 }, first: ctx.t(PruneUI.issuer)))</section>
            </div>
            <section aria-labelledby="freed-title"><h2 id="freed-title">\(ctx.t(PruneUI.freedOverTime))</h2>
            <p>\(ctx.t(PruneUI.freedTotal(PruneFormat.hours(minutes: totalFreed, ctx))))</p>
            <div class="columns prune-columns">
            <div>\(decisionRows.isEmpty ? "<p>\(ctx.t(PruneUI.noDecisions))</p>" as HTML : Form.table(label: ctx.t(PruneUI.byDecision), """
                <table><caption>\(ctx.t(PruneUI.byDecision))</caption>
                <thead><tr><th scope="col">\(ctx.t(PruneUI.decision))</th><th scope="col">\(ctx.t(PruneUI.count))</th><th scope="col">\(ctx.t(PruneUI.hoursFreed))</th></tr></thead>
                <tbody>\(decisionRows)</tbody></table>
                """))</div>
            <div>\(freed.isEmpty ? .empty : Form.table(label: ctx.t(PruneUI.freedOverTime), """
                <table><caption>\(ctx.t(PruneUI.freedOverTime))</caption>
                <thead><tr><th scope="col">\(ctx.t(PruneUI.month))</th><th scope="col">\(ctx.t(PruneUI.freedThisMonth))</th><th scope="col">\(ctx.t(PruneUI.freedCumulative))</th></tr></thead>
                <tbody>\(freed.map { "<tr><th scope=\"row\">\($0.month)</th><td class=\"num\">\(PruneFormat.hours(minutes: $0.minutes, ctx))</td><td class=\"num\">\(PruneFormat.hours(minutes: $0.cumulative, ctx))</td></tr>" as HTML })</tbody></table>
                """))</div>
            </div>
            </section>
            """
        var crumbs: [(label: String, path: String)] = [(organisation.name, SiteURL.organisation(slug: slug).path)]
        if let unit = report.unit { crumbs.append((unit.name, SiteURL.unit(slug: slug, id: unit.id).path)) }
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }
}
