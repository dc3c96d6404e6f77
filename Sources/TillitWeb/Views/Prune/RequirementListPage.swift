import Foundation
import TillitPlatform
import TillitPrune

/// The inventory: the filter form, a summary of what the listed requirements cost, and the table.
struct RequirementListPage {
    let organisation: Organisation
    let items: [RequirementFigures]
    let tree: UnitTree
    let filter: Requirements.Filter
    let canCreate: Bool
    let canImport: Bool
    var notice: String? = nil
    /// Where whole pages are kept as rendered.
    var keptPages: KeptRequirementLists? = nil

    func render(_ ctx: PageContext) -> PageView {
        keptPages?.page(self, ctx) { rendered(ctx) } ?? rendered(ctx)
    }

    private func rendered(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let counted = items.filter { $0.requirement.counts }
        let minutes = counted.map(\.minutesPerYear).reduce(0, +)
        let cost = counted.map(\.costPerYear).reduce(0, +)
        let unitOptions = [("", ctx.t(PruneUI.allUnits))] + PruneFormat.unitOptions(tree)
        let typeOptions = [("", ctx.t(PruneUI.allTypes))] + RequirementType.allCases.map { ($0.rawValue, ctx.t($0.label)) }
        let statusOptions = [("", ctx.t(PruneUI.activeAndProposed))] + RequirementStatus.allCases.map { ($0.rawValue, ctx.t($0.label)) }
        let sortOptions: [(String, String)] = [("name", ctx.t(PruneUI.sortName)), ("cost", ctx.t(PruneUI.sortCost)),
                                               ("usefulness", ctx.t(PruneUI.sortUsefulness)), ("priority", ctx.t(PruneUI.sortPriority))]
        let rows: [HTML] = items.map { item in
            let r = item.requirement
            return """
                <tr><th scope="row"><a href="\(PruneURL.requirement(slug, r.id))">\(r.name)</a></th>\
                <td>\(ctx.t(r.type.label))</td><td>\(r.issuer)</td><td>\(PruneFormat.frequency(r.workload, ctx))</td>\
                <td class="num">\(PruneFormat.hours(item.hoursPerYear, ctx))</td><td class="num">\(PruneFormat.kronor(item.costPerYear, ctx))</td>\
                <td class="num">\(PruneFormat.usefulness(item, ctx))</td><td>\(ctx.t(r.status.label))</td></tr>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(PruneUI.inventory))</h1>
            <p class="lead">\(ctx.t(PruneUI.inventoryLead))</p>
            \(Form.notice(notice))
            <p class="actions">\(canCreate ? "<a class=\"button-link\" href=\"\(PruneURL.requirementNew(slug))\">\(ctx.t(PruneUI.newRequirement))</a>" as HTML : "<a class=\"button-link\" href=\"\(PruneURL.requirementNew(slug))\">\(ctx.t(PruneUI.proposeRequirement))</a>" as HTML)
            <a href="\(PruneURL.overview(slug))">\(ctx.t(PruneUI.overview))</a>
            <a href="\(PruneURL.requirementsCSV(slug))">\(ctx.t(PruneUI.exportCSV))</a>
            \(canImport ? "<a href=\"\(PruneURL.requirementsImport(slug))\">\(ctx.t(PruneUI.importTitle))</a>" as HTML : .empty)</p>
            <form method="get" action="\(PruneURL.requirements(slug))" class="filter-form">
            <fieldset><legend>\(ctx.t(PruneUI.filter))</legend>
            \(Form.select("unit", label: ctx.t(PruneUI.unit), options: unitOptions, selected: filter.unitID.map(String.init) ?? "", errors: [], ctx))
            \(Form.select("type", label: ctx.t(PruneUI.type), options: typeOptions, selected: filter.type ?? "", errors: [], ctx))
            \(Form.select("status", label: ctx.t(PruneUI.status), options: statusOptions, selected: filter.status ?? "", errors: [], ctx))
            \(Form.select("sort", label: ctx.t(PruneUI.sort), options: sortOptions, selected: filter.sort ?? "name", errors: [], ctx))
            <button type="submit" class="secondary">\(ctx.t(PruneUI.show))</button>
            </fieldset></form>
            <p>\(ctx.t(PruneUI.summary(count: items.count, hours: PruneFormat.hours(minutes: minutes, ctx), cost: PruneFormat.kronor(cost, ctx))))</p>
            \(items.isEmpty ? "<p>\(ctx.t(PruneUI.nothing))</p>" as HTML : Form.table(label: ctx.t(PruneUI.inventory), """
                <table><caption class="visually-hidden">\(ctx.t(PruneUI.inventory))</caption>
                <thead><tr><th scope="col">\(ctx.t(PruneUI.requirement))</th><th scope="col">\(ctx.t(PruneUI.type))</th><th scope="col">\(ctx.t(PruneUI.issuer))</th>\
                <th scope="col">\(ctx.t(PruneUI.frequency))</th><th scope="col">\(ctx.t(PruneUI.hoursPerYear))</th><th scope="col">\(ctx.t(PruneUI.costPerYear))</th>\
                <th scope="col">\(ctx.t(PruneUI.meanUsefulness))</th><th scope="col">\(ctx.t(PruneUI.status))</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """))
            """
        return PageView(title: ctx.t(PruneUI.inventory), breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path)], content: content)
    }
}
