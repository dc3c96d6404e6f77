import Foundation
import TillitFormats
import TillitListen
import TillitPlatform

/// The follow-up figures of a unit and its subtree, or of a whole organisation: the period form,
/// the figures with what they mean, by kind, the charts (signals per month and kind over the last
/// year, days to the first answer, närhetsgrad over time) each beside its table, and, where there
/// are units one level down, the same figures for each in tree order (never ranked); then the CSV
/// link. A period that cannot be read gives the form again, with what was typed and no figures.
struct SignalStatsPage {
    let title: String
    let figures: SignalFigures?
    let period: SignalStatsController.Period
    /// The months the charts show (`YYYY-MM`, oldest first): the last year of the period.
    let months: [String]
    let csv: String?
    let crumbs: [(label: String, path: String)]
    let organisationWide: Bool

    /// The twelve months up to the period's last day (today when it runs on), not before its first.
    static func months(from: Date?, to: Date?, now: Date) -> [String] {
        let end = LocalTime(to.map { $0.addingTimeInterval(-1) } ?? now)
        let start = from.map(LocalTime.init)
        var months: [String] = []
        var (year, month) = (end.year, end.month)
        for _ in 0..<12 {
            if let start, (year, month) < (start.year, start.month) { break }
            months.append(CivilDate.monthText(year: year, month: month))
            (year, month) = month == 1 ? (year - 1, 12) : (year, month - 1)
        }
        return months.reversed()
    }

    /// The buckets of days to the first answer: 0, 1, 2–3, 4–7, 8–14, 15–30, 31 or more.
    static let dayBuckets: [(low: Int, high: Int?)] = [(0, 0), (1, 1), (2, 3), (4, 7), (8, 14), (15, 30), (31, nil)]

    func render(_ ctx: PageContext) -> PageView {
        let errors = period.errors
        let form: HTML = """
            \(Form.errorSummary(errors, ctx, labels: ["from": ctx.t(SignalUIText.from), "to": ctx.t(SignalUIText.to)]))
            <form method="get" action="\(ctx.path)" class="period-form" novalidate>
            \(Form.text("from", label: ctx.t(SignalUIText.from), value: period.raw.0, errors: errors, ctx, type: "date", hint: ctx.t(SignalUIText.dateHint), autocomplete: "off", required: false))
            \(Form.text("to", label: ctx.t(SignalUIText.to), value: period.raw.1, errors: errors, ctx, type: "date", hint: ctx.t(SignalUIText.dateHint), autocomplete: "off", required: false))
            <button type="submit" class="secondary">\(ctx.t(SignalUIText.showPeriod))</button>
            </form>
            """
        let lead: HTML = "<p class=\"lead\">\(ctx.t(organisationWide ? SignalUIText.followUpLeadOrganisation : SignalUIText.followUpLead))</p>"
        guard errors.isEmpty, let figures else {
            // No figures for a period that could not be read: the form again, with what was typed.
            return PageView(title: title, breadcrumbs: crumbs, content: "<h1>\(title)</h1>\(lead)\(form)")
        }
        let stats = figures.stats
        let rows = SignalStatsController.rows(stats, ctx, organisationWide: organisationWide)
        let kinds = SignalKind.allCases.map { (ctx.t($0.label), stats.byKind[$0.rawValue] ?? 0) }
        let content: HTML = """
            <h1>\(title)</h1>
            \(lead)
            \(form)
            \(Form.table(label: ctx.t(SignalUIText.followUp), """
                <table><caption class="visually-hidden">\(ctx.t(SignalUIText.followUp))</caption>
                <thead><tr><th scope="col">\(ctx.t(SignalUIText.figure))</th><th scope="col">\(ctx.t(SignalUIText.value))</th></tr></thead>
                <tbody>\(rows.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" as HTML })</tbody></table>
                """))
            <details class="figures-help"><summary>\(ctx.t(SignalUIText.figuresHelp))</summary><dl class="facts">
            <dt>\(ctx.t(SignalUIText.proximity))</dt><dd>\(ctx.t(SignalUIText.proximityHint))</dd>
            <dt>\(ctx.t(SignalUIText.inTime))</dt><dd>\(ctx.t(SignalUIText.inTimeHelp))</dd>
            <dt>\(ctx.t(SignalUIText.forwardedUp))</dt><dd>\(ctx.t(SignalUIText.forwardedUpHelp))</dd>
            <dt>\(ctx.t(SignalUIText.mostLevelsUp))</dt><dd>\(ctx.t(SignalUIText.mostLevelsUpHelp))</dd>
            <dt>\(ctx.t(organisationWide ? SignalUIText.waitingAtTopOrg : SignalUIText.waitingAtTop))</dt><dd>\(ctx.t(SignalUIText.waitingAtTopHelp))</dd>
            </dl></details>
            <section aria-labelledby="kinds-title"><h2 id="kinds-title">\(ctx.t(SignalUIText.byKind))</h2>
            \(Form.table(label: ctx.t(SignalUIText.byKind), """
                <table><thead><tr><th scope="col">\(ctx.t(SignalUIText.kind))</th><th scope="col">\(ctx.t(SignalUIText.count))</th></tr></thead>
                <tbody>\(kinds.map { "<tr><th scope=\"row\">\($0.0)</th><td class=\"num\">\(ctx.number($0.1))</td></tr>" as HTML })</tbody></table>
                """))</section>
            \(Self.keptCharts.value(ChartsKey(sums: figures.sums, months: months, language: ctx.language)) {
                "\(perMonth(figures.sums, ctx))\n\(days(figures, ctx))\n\(proximity(figures.sums, ctx))"
            })
            \(figures.parts.isEmpty ? .empty : Self.keptBreakdowns.value(
                BreakdownKey(names: figures.parts.map(\.unit.name), stats: figures.parts.map(\.stats), language: ctx.language)) { breakdown(figures, ctx) })
            \(csv.map { "<p><a href=\"\($0)\">\(ctx.t(SignalUIText.exportStats))</a></p>" as HTML })
            """
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }

    /// The charts as drawn, by what they show: the sums, the months and the language (the same
    /// figures are drawn for every reader of a unit until a signal changes), and the breakdown by
    /// the units and figures in it.
    struct ChartsKey: Hashable, Sendable {
        let sums: SignalSums
        let months: [String]
        let language: Language
    }

    struct BreakdownKey: Hashable, Sendable {
        let names: [String]
        let stats: [SignalStats]
        let language: Language
    }

    static let keptCharts = KeptValues<ChartsKey, HTML>(capacity: 512)
    static let keptBreakdowns = KeptValues<BreakdownKey, HTML>(capacity: 512)

    /// A month's label on a chart's axis: its short name, with the year under January and the first.
    private func axisLabel(_ month: String, first: Bool, _ ctx: PageContext) -> String {
        let parts = month.split(separator: "-")
        let number = Int(parts.last ?? "") ?? 1
        let name = SignalChartText.month(number, ctx.language)
        return number == 1 || first ? "\(name)\n\(parts.first ?? "")" : name
    }

    /// A chart with its table beside it, under a heading.
    private func chartSection(id: String, title: String, chart: HTML, legend: HTML = .empty, table: HTML, tableLabel: String) -> HTML {
        """
        <section aria-labelledby="\(id)-heading" class="chart-section"><h2 id="\(id)-heading">\(title)</h2>
        <div class="chart-layout stacked">
        <figure class="chart-figure">\(chart)\(legend)</figure>
        \(Form.table(label: tableLabel, table))
        </div></section>
        """
    }

    private func perMonth(_ sums: SignalSums, _ ctx: PageContext) -> HTML {
        let kinds = SignalKind.allCases
        let series = kinds.enumerated().map { index, kind in
            Chart.Series(label: ctx.t(kind.label), values: months.map { Double(sums.byMonthAndKind[$0]?[kind.rawValue] ?? 0) }, colour: index)
        }
        let chart = Chart.bars(id: "chart-months", title: ctx.t(SignalChartText.perMonthTitle), description: ctx.t(SignalChartText.perMonthDescription),
                               categories: months.enumerated().map { axisLabel($1, first: $0 == 0, ctx) }, series: series,
                               valueLabel: { ctx.number(Int($0)) })
        let body: [HTML] = months.map { month in
            let counts = kinds.map { sums.byMonthAndKind[month]?[$0.rawValue] ?? 0 }
            return """
                <tr><th scope="row">\(month)</th>\(counts.map { "<td class=\"num\">\(ctx.number($0))</td>" as HTML })\
                <td class="num">\(ctx.number(counts.reduce(0, +)))</td></tr>
                """
        }
        let table: HTML = """
            <table><caption>\(ctx.t(SignalChartText.perMonthTable))</caption>
            <thead><tr><th scope="col">\(ctx.t(SignalUIText.month))</th>\(kinds.map { "<th scope=\"col\">\(ctx.t($0.label))</th>" as HTML })\
            <th scope="col">\(ctx.t(SignalChartText.total))</th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
        return chartSection(id: "months", title: ctx.t(SignalChartText.perMonthTitle), chart: chart, legend: Chart.legend(series),
                            table: table, tableLabel: ctx.t(SignalChartText.perMonthTable))
    }

    private func days(_ figures: SignalFigures, _ ctx: PageContext) -> HTML {
        let counts = Self.dayBuckets.map { bucket in
            figures.sums.daysToFirstAnswer.reduce(0) { sum, entry in
                entry.key >= bucket.low && bucket.high.map { entry.key <= $0 } ?? true ? sum + entry.value : sum
            }
        }
        let labels = Self.dayBuckets.map { ctx.t(SignalChartText.daysBucket($0.low, $0.high)) }
        let chart = Chart.bars(id: "chart-days", title: ctx.t(SignalChartText.daysTitle),
                               description: ctx.t(SignalChartText.daysDescription(figures.responseDays)),
                               categories: labels, series: [Chart.Series(label: ctx.t(SignalChartText.signalsCount), values: counts.map(Double.init))],
                               valueLabel: { ctx.number(Int($0)) })
        let table: HTML = """
            <table><caption>\(ctx.t(SignalChartText.daysTable))</caption>
            <thead><tr><th scope="col">\(ctx.t(SignalChartText.days))</th><th scope="col">\(ctx.t(SignalChartText.signalsCount))</th></tr></thead>
            <tbody>\(zip(labels, counts).map { "<tr><th scope=\"row\">\($0.0)</th><td class=\"num\">\(ctx.number($0.1))</td></tr>" as HTML })</tbody></table>
            """
        return chartSection(id: "days", title: ctx.t(SignalChartText.daysTitle), chart: chart, table: table, tableLabel: ctx.t(SignalChartText.daysTable))
    }

    private func proximity(_ sums: SignalSums, _ ctx: PageContext) -> HTML {
        let shares: [Double?] = months.map { month in
            guard let decided = sums.decidedByMonth[month], decided > 0 else { return nil }
            return Double(sums.landedByMonth[month] ?? 0) / Double(decided)
        }
        let chart = Chart.lines(id: "chart-proximity", title: ctx.t(SignalChartText.proximityTitle),
                                description: ctx.t(SignalChartText.proximityDescription),
                                categories: months.enumerated().map { axisLabel($1, first: $0 == 0, ctx) },
                                series: [Chart.Series(label: ctx.t(SignalUIText.proximity), values: shares)], maximum: 1,
                                ticks: [0, 0.25, 0.5, 0.75, 1], valueLabel: { ctx.percent(Int(($0 * 100).rounded())) })
        let body: [HTML] = months.enumerated().map { index, month in
            """
            <tr><th scope="row">\(month)</th><td class="num">\(ctx.number(sums.decidedByMonth[month] ?? 0))</td>\
            <td class="num">\(ctx.number(sums.landedByMonth[month] ?? 0))</td><td class="num">\(SignalStatsController.percent(shares[index], ctx))</td></tr>
            """
        }
        let table: HTML = """
            <table><caption>\(ctx.t(SignalChartText.proximityTable))</caption>
            <thead><tr><th scope="col">\(ctx.t(SignalUIText.month))</th><th scope="col">\(ctx.t(SignalChartText.decided))</th>\
            <th scope="col">\(ctx.t(SignalChartText.decidedWhereLanded))</th><th scope="col">\(ctx.t(SignalUIText.proximity))</th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
        return chartSection(id: "proximity", title: ctx.t(SignalChartText.proximityTitle), chart: chart, table: table,
                            tableLabel: ctx.t(SignalChartText.proximityTable))
    }

    private func breakdown(_ figures: SignalFigures, _ ctx: PageContext) -> HTML {
        guard !figures.parts.isEmpty else { return .empty }
        let names = figures.parts.map(\.unit.name)
        let series = [
            Chart.Series(label: ctx.t(SignalUIText.overdueCount), values: figures.parts.map { Double($0.stats.overdue) }, colour: 1),
            Chart.Series(label: ctx.t(SignalChartText.openInTime), values: figures.parts.map { Double($0.stats.open - $0.stats.overdue) }, colour: 0),
        ]
        let chart = Chart.rows(id: "chart-units", title: ctx.t(SignalChartText.breakdownChartTitle),
                               description: ctx.t(SignalChartText.breakdownChartDescription), categories: names, series: series,
                               valueLabel: { ctx.number(Int($0)) })
        let body: [HTML] = figures.parts.map { part in
            let s = part.stats
            return """
                <tr><th scope="row">\(part.unit.name)</th><td class="num">\(ctx.number(s.raised))</td><td class="num">\(ctx.number(s.open))</td>\
                <td class="num">\(ctx.number(s.overdue))</td><td class="num">\(s.medianDaysToFirstAnswer.map { ctx.number($0, digits: 1) } ?? "–")</td>\
                <td class="num">\(SignalStatsController.percent(s.proximityShare, ctx))</td><td class="num">\(SignalStatsController.percent(s.answeredInTimeShare, ctx))</td></tr>
                """
        }
        let table: HTML = """
            <table><caption>\(ctx.t(SignalChartText.breakdownTable))</caption>
            <thead><tr><th scope="col">\(ctx.t(SignalChartText.unit))</th><th scope="col">\(ctx.t(SignalUIText.raised))</th>\
            <th scope="col">\(ctx.t(SignalUIText.openCount))</th><th scope="col">\(ctx.t(SignalUIText.overdueCount))</th>\
            <th scope="col">\(ctx.t(SignalUIText.medianDays))</th><th scope="col">\(ctx.t(SignalUIText.proximity))</th>\
            <th scope="col">\(ctx.t(SignalUIText.inTime))</th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
        return """
            <section aria-labelledby="units-heading" class="chart-section"><h2 id="units-heading">\(ctx.t(SignalChartText.breakdownTitle))</h2>
            <p>\(ctx.t(SignalChartText.breakdownLead))</p>
            <div class="chart-layout stacked">
            <figure class="chart-figure">\(chart)\(Chart.legend(series))</figure>
            \(Form.table(label: ctx.t(SignalChartText.breakdownTable), table))
            </div></section>
            """
    }
}
