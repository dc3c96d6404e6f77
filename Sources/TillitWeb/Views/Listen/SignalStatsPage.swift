import Foundation
import TillitFormats
import TillitListen
import TillitPlatform

/// The follow-up figures of a unit and its subtree, or of a whole organisation: the period form,
/// the figures with what they mean, by kind and by month, and the CSV link. A period that cannot
/// be read gives the form again, with what was typed and no figures.
struct SignalStatsPage {
    let title: String
    let stats: SignalStats
    let period: SignalStatsController.Period
    let csv: String?
    let crumbs: [(label: String, path: String)]
    let organisationWide: Bool

    func render(_ ctx: PageContext) -> PageView {
        let figures = SignalStatsController.rows(stats, ctx, organisationWide: organisationWide)
        let kinds = SignalKind.allCases.map { (ctx.t($0.label), stats.byKind[$0.rawValue] ?? 0) }
        let months = stats.byMonth.sorted { $0.key < $1.key }
        let errors = period.errors
        let form: HTML = """
            \(Form.errorSummary(errors, ctx, labels: ["from": ctx.t(SignalUIText.from), "to": ctx.t(SignalUIText.to)]))
            <form method="get" action="\(ctx.path)" class="period-form" novalidate>
            \(Form.text("from", label: ctx.t(SignalUIText.from), value: period.raw.0, errors: errors, ctx, hint: ctx.t(SignalUIText.dateHint), autocomplete: "off", required: false))
            \(Form.text("to", label: ctx.t(SignalUIText.to), value: period.raw.1, errors: errors, ctx, hint: ctx.t(SignalUIText.dateHint), autocomplete: "off", required: false))
            <button type="submit" class="secondary">\(ctx.t(SignalUIText.showPeriod))</button>
            </form>
            """
        guard errors.isEmpty else {
            // No figures for a period that could not be read: the form again, with what was typed.
            let content: HTML = """
                <h1>\(title)</h1>
                <p class="lead">\(ctx.t(organisationWide ? SignalUIText.followUpLeadOrganisation : SignalUIText.followUpLead))</p>
                \(form)
                """
            return PageView(title: title, breadcrumbs: crumbs, content: content)
        }
        let content: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(ctx.t(organisationWide ? SignalUIText.followUpLeadOrganisation : SignalUIText.followUpLead))</p>
            \(form)
            \(Form.table(label: ctx.t(SignalUIText.followUp), """
                <table><caption class="visually-hidden">\(ctx.t(SignalUIText.followUp))</caption>
                <thead><tr><th scope="col">\(ctx.t(SignalUIText.figure))</th><th scope="col">\(ctx.t(SignalUIText.value))</th></tr></thead>
                <tbody>\(figures.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" as HTML })</tbody></table>
                """))
            <details class="figures-help"><summary>\(ctx.t(SignalUIText.figuresHelp))</summary><dl class="facts">
            <dt>\(ctx.t(SignalUIText.proximity))</dt><dd>\(ctx.t(SignalUIText.proximityHint))</dd>
            <dt>\(ctx.t(SignalUIText.inTime))</dt><dd>\(ctx.t(SignalUIText.inTimeHelp))</dd>
            <dt>\(ctx.t(SignalUIText.forwardedUp))</dt><dd>\(ctx.t(SignalUIText.forwardedUpHelp))</dd>
            <dt>\(ctx.t(SignalUIText.mostLevelsUp))</dt><dd>\(ctx.t(SignalUIText.mostLevelsUpHelp))</dd>
            <dt>\(ctx.t(organisationWide ? SignalUIText.waitingAtTopOrg : SignalUIText.waitingAtTop))</dt><dd>\(ctx.t(SignalUIText.waitingAtTopHelp))</dd>
            </dl></details>
            <div class="columns">
            <section aria-labelledby="kinds-title"><h2 id="kinds-title">\(ctx.t(SignalUIText.byKind))</h2>
            \(Form.table(label: ctx.t(SignalUIText.byKind), """
                <table><thead><tr><th scope="col">\(ctx.t(SignalUIText.kind))</th><th scope="col">\(ctx.t(SignalUIText.count))</th></tr></thead>
                <tbody>\(kinds.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" as HTML })</tbody></table>
                """))</section>
            <section aria-labelledby="months-title"><h2 id="months-title">\(ctx.t(SignalUIText.byMonth))</h2>
            \(months.isEmpty ? "<p>–</p>" as HTML : Form.table(label: ctx.t(SignalUIText.byMonth), """
                <table><thead><tr><th scope="col">\(ctx.t(SignalUIText.month))</th><th scope="col">\(ctx.t(SignalUIText.count))</th></tr></thead>
                <tbody>\(months.map { "<tr><th scope=\"row\">\($0.key)</th><td>\($0.value)</td></tr>" as HTML })</tbody></table>
                """))</section>
            </div>
            \(csv.map { "<p><a href=\"\($0)\">\(ctx.t(SignalUIText.exportStats))</a></p>" as HTML })
            """
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }
}
