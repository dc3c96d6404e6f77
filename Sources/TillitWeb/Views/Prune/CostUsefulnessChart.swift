import Foundation
import TillitPlatform
import TillitPrune

/// The cost × usefulness chart: an SVG drawn in `Chart`'s frame (no script, no library) and, beside it, a table
/// with the same figures for screen readers and anyone who prefers numbers. Each point carries
/// the number of its table row. Requirements without enough answers have no usefulness to place
/// and are listed below the table.
enum CostUsefulnessChart {
    static let frame = Chart.Frame(width: 640, height: 400, left: 72, right: 20, top: 20, bottom: 56, minimum: 1, maximum: 5)

    static func render(_ items: [RequirementFigures], slug: String, _ ctx: PageContext) -> HTML {
        let placed = items.filter { $0.staff != nil }.sorted { $0.priority > $1.priority }
        let missing = items.filter { $0.staff == nil }
        let maxCost = max(1, placed.map(\.costPerYear).max() ?? 1)
        let frame = Self.frame
        let (width, height, left, top, bottom) = (frame.width, frame.height, frame.left, frame.top, frame.bottom)
        let plotWidth = frame.plotWidth, plotHeight = frame.plotHeight
        func x(_ cost: Double) -> Double { left + cost / maxCost * plotWidth }
        func y(_ usefulness: Double) -> Double { frame.y(usefulness) }
        let f = svgNumber
        let xTicks: [HTML] = [0.0, 0.5, 1.0].map { share in
            """
            <line x1="\(f(x(maxCost * share)))" y1="\(f(top))" x2="\(f(x(maxCost * share)))" y2="\(f(height - bottom))" stroke="#d0d7de" stroke-width="1"/>\
            <text x="\(f(x(maxCost * share)))" y="\(f(height - bottom + 20))" text-anchor="\(share == 0 ? "start" : share == 1 ? "end" : "middle")" font-size="14" fill="#3d4752">\(PruneFormat.kronor(maxCost * share, ctx))</text>
            """
        }
        let points: [HTML] = placed.enumerated().map { index, item in
            let cx = x(item.costPerYear), cy = y(item.staff!.meanUsefulness)
            let label = ctx.t(PruneUI.chartPoint(number: index + 1, name: item.requirement.name, cost: PruneFormat.kronor(item.costPerYear, ctx),
                                                 usefulness: ctx.number(item.staff!.meanUsefulness, digits: 1)))
            return """
                <g><title>\(label)</title><circle cx="\(f(cx))" cy="\(f(cy))" r="7" fill="#1f5f8b" stroke="#fff" stroke-width="2"/>\
                <text x="\(f(cx + (cx > width - 60 ? -10 : 10)))" y="\(f(cy - 9))" text-anchor="\(cx > width - 60 ? "end" : "start")" font-size="13" fill="#1b1f24">\(index + 1)</text></g>
                """
        }
        // The quarter to look at first (costly, little use) shaded, then the cost grid, and the frame's grid and axes over it.
        let svg = Chart.svg(id: "chart-svg", title: ctx.t(PruneUI.chartTitle), description: ctx.t(PruneUI.chartLead), frame: frame, """
            <rect x="\(f(x(maxCost / 2)))" y="\(f(y(3)))" width="\(f(plotWidth / 2))" height="\(f(plotHeight / 2))" fill="#fdecea"/>
            \(xTicks)\(frame.axes(ticks: [1, 2, 3, 4, 5], label: { String(Int($0)) }))
            <text x="\(f(left + plotWidth / 2))" y="\(f(height - 8))" text-anchor="middle" font-size="14" fill="#1b1f24">\(ctx.t(PruneUI.chartAxisCost))</text>
            <text x="16" y="\(f(top + plotHeight / 2))" text-anchor="middle" font-size="14" fill="#1b1f24" transform="rotate(-90 16 \(f(top + plotHeight / 2)))">\(ctx.t(PruneUI.chartAxisUsefulness))</text>
            \(points)
            """)
        let rows: [HTML] = placed.enumerated().map { index, item in
            """
            <tr><td class="num">\(index + 1)</td><th scope="row"><a href="\(PruneURL.requirement(slug, item.requirement.id))">\(item.requirement.name)</a></th>\
            <td class="num">\(PruneFormat.kronor(item.costPerYear, ctx))</td><td class="num">\(ctx.number(item.staff!.meanUsefulness, digits: 1))</td>\
            <td class="num">\(ctx.number(item.staff!.n))</td></tr>
            """
        }
        return """
            <section aria-labelledby="chart-title" class="chart-section"><h2 id="chart-title">\(ctx.t(PruneUI.chartTitle))</h2>
            <p>\(ctx.t(PruneUI.chartLead))</p>
            <div class="chart-layout">
            <figure class="chart-figure">\(svg)</figure>
            \(Form.table(label: ctx.t(PruneUI.chartTableCaption), """
                <table><caption>\(ctx.t(PruneUI.chartTableCaption))</caption>
                <thead><tr><th scope="col">\(ctx.t(PruneUI.number))</th><th scope="col">\(ctx.t(PruneUI.requirement))</th><th scope="col">\(ctx.t(PruneUI.costPerYear))</th>\
                <th scope="col">\(ctx.t(PruneUI.meanUsefulness))</th><th scope="col">\(ctx.t(PruneUI.answers))</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """))
            </div>
            \(missing.isEmpty ? .empty : """
                <p>\(ctx.t(PruneUI.chartMissing))</p>
                <ul class="inline-list">\(missing.map { "<li><a href=\"\(PruneURL.requirement(slug, $0.requirement.id))\">\($0.requirement.name)</a></li>" as HTML })</ul>
                """ as HTML)
            </section>
            """
    }
}
