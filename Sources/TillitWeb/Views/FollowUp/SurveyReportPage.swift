import Foundation
import TillitFollowUp
import TillitFormats
import TillitPlatform

/// A unit's report for a round: its figures with disclosure control applied, SVG charts drawn here
/// with a text table beside each, the change since the previous round, the units below as a heatmap
/// (hidden cells marked), free text for large groups, and the CSV.
struct SurveyReportPage {
    let organisation: Organisation
    let results: RoundResults
    let unitNames: [Int64: String]
    /// The first day the levels above see the results.
    let releasedOn: CivilDate
    var note: FollowUp.DialogueNote? = nil
    var mayWriteNote = false
    var form = FormData(pairs: [])
    var errors: [FieldError] = []
    var notice: String? = nil
    /// Where the report's figures are kept as rendered, and the version of the tree `unitNames`
    /// come from (nil: not kept).
    var kept: KeptReportSections? = nil
    var unitsVersion: Int64? = nil

    func dialogue(_ unitID: Int64, _ ctx: PageContext) -> HTML {
        guard note != nil || mayWriteNote else { return .empty }
        let slug = organisation.slug
        let labels = ["what_we_see": ctx.t(FollowUpUIText.whatWeSee), "what_we_do": ctx.t(FollowUpUIText.whatWeDo), "what_we_need": ctx.t(FollowUpUIText.whatWeNeed)]
        let shown: HTML = note.map { note in
            """
            <dl class="facts dialogue-note">
            <dt>\(labels["what_we_see"]!)</dt><dd class="prewrap">\(note.whatWeSee)</dd>
            <dt>\(labels["what_we_do"]!)</dt><dd class="prewrap">\(note.whatWeDo)</dd>
            <dt>\(labels["what_we_need"]!)</dt><dd class="prewrap">\(note.whatWeNeed.isEmpty ? "–" : note.whatWeNeed)</dd>
            </dl>
            \(note.signalID.map { "<p><a href=\"\(SiteURL.signal(id: $0).path)\">\(ctx.t(FollowUpUIText.needRaised))</a></p>" as HTML })
            """
        } ?? .empty
        guard mayWriteNote else {
            return "<section aria-labelledby=\"dialogue-title\"><h2 id=\"dialogue-title\">\(ctx.t(FollowUpUIText.dialogue))</h2>\(shown)</section>"
        }
        let raise: HTML = note.map { note in
            note.signalID == nil && !note.whatWeNeed.isEmpty ? """
                <form method="post" action="\(Route.surveyDialogueSignal.path(slug, results.round.id))" class="no-print">\(Form.csrf(ctx))
                <input type="hidden" name="unit_id" value="\(unitID)">
                <p class="hint">\(ctx.t(FollowUpUIText.raiseNeedHint))</p>
                <button type="submit" class="secondary">\(ctx.t(FollowUpUIText.raiseNeed))</button></form>
                """ : .empty
        } ?? .empty
        return """
            <section aria-labelledby="dialogue-title"><h2 id="dialogue-title">\(ctx.t(FollowUpUIText.dialogue))</h2>
            \(Form.notice(notice))
            <p>\(ctx.t(FollowUpUIText.dialogueLead))</p>
            \(shown)
            \(raise)
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(Route.surveyDialogue.path(slug, results.round.id))" class="narrow no-print" novalidate>
            \(Form.csrf(ctx))
            <input type="hidden" name="unit_id" value="\(unitID)">
            \(Form.textarea("what_we_see", label: labels["what_we_see"]!, value: form["what_we_see"] ?? note?.whatWeSee, errors: errors, ctx, rows: 3))
            \(Form.textarea("what_we_do", label: labels["what_we_do"]!, value: form["what_we_do"] ?? note?.whatWeDo, errors: errors, ctx, rows: 3))
            \(Form.textarea("what_we_need", label: labels["what_we_need"]!, value: form["what_we_need"] ?? note?.whatWeNeed, errors: errors, ctx,
                             hint: ctx.t(FollowUpUIText.whatWeNeedHint), required: false, rows: 3))
            <button type="submit">\(ctx.t(FollowUpUIText.saveNote))</button>
            </form></section>
            """
    }

    static let palette = ["#b2182b", "#ef8a62", "#bdbdbd", "#67a9cf", "#2166ac", "#7b3294", "#008837", "#e66101"]

    func hidden(_ ctx: PageContext) -> HTML { "<span class=\"suppressed\">\(ctx.t(FollowUpUIText.suppressedMark))</span>" }

    func mean(_ value: Double?, _ ctx: PageContext) -> HTML {
        value.map { "\(ctx.number($0, digits: 1))" as HTML } ?? hidden(ctx)
    }

    func change(_ now: Double?, _ before: Double?, _ ctx: PageContext) -> HTML {
        guard let now, let before else { return "–" }
        // Rounded first, so a change too small to show reads ±0,0 rather than −0,0.
        let delta = ((now - before) * 10).rounded() / 10
        return "\(delta > 0 ? "+" : delta < 0 ? "−" : "±")\(ctx.number(abs(delta), digits: 1))"
    }

    /// Horizontal bars of the dimension means on the 1–5 scale.
    func dimensionChart(_ means: [(String, Double?)], _ ctx: PageContext) -> HTML {
        let rowHeight = 28, labelWidth = 150, barWidth = 220
        let height = means.count * rowHeight + 8
        let bars: [HTML] = means.enumerated().map { index, entry in
            let y = index * rowHeight + 4
            let width = entry.1.map { Int((($0 - 1) / 4) * Double(barWidth)) } ?? 0
            return """
                <text x="0" y="\(y + 18)" font-size="13">\(entry.0)</text>\
                \(entry.1 == nil ? "<text x=\"\(labelWidth)\" y=\"\(y + 18)\" font-size=\"13\" font-style=\"italic\">\(ctx.t(FollowUpUIText.suppressedMark))</text>" as HTML
                    : "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(width, 2))\" height=\"18\" fill=\"#2166ac\"></rect><text x=\"\(labelWidth + max(width, 2) + 6)\" y=\"\(y + 18)\" font-size=\"13\">\(ctx.number(entry.1!, digits: 1))</text>" as HTML)
                """
        }
        return """
            <svg class="chart" viewBox="0 0 \(labelWidth + barWidth + 50) \(height)" role="img" aria-labelledby="chart-dimensions-title">\
            <title id="chart-dimensions-title">\(ctx.t(FollowUpUIText.chartDimensions))</title>\(bars)</svg>
            """
    }

    /// One stacked bar of an item's distribution.
    func distributionChart(_ id: String, _ bins: [(String, Int)], _ ctx: PageContext) -> HTML {
        let total = max(bins.reduce(0) { $0 + $1.1 }, 1)
        var x = 0
        let width = 300
        let parts: [HTML] = bins.enumerated().map { index, bin in
            let w = bin.1 * width / total
            defer { x += w }
            return "<rect x=\"\(x)\" y=\"0\" width=\"\(w)\" height=\"20\" fill=\"\(Self.palette[index % Self.palette.count])\"></rect>"
        }
        return """
            <svg class="chart chart-bar" viewBox="0 0 \(width) 20" role="img" aria-labelledby="chart-\(id)"><title id="chart-\(id)">\(ctx.t(FollowUpUIText.chartItem))</title>\(parts)</svg>
            """
    }

    /// Dimension means across rounds: one line per dimension on the 1–5 scale, a gap where a round hid it.
    func trendChart(_ ctx: PageContext) -> HTML {
        let q = results.questionnaire
        let rounds = results.trend
        guard rounds.count >= 2, !q.dimensions.isEmpty else { return .empty }
        let width = 320, height = 160, left = 30, top = 10, plotHeight = 120
        let step = (width - left - 20) / max(rounds.count - 1, 1)
        func y(_ value: Double) -> Int { top + Int(Double(plotHeight) * (5 - value) / 4) }
        let grid: [HTML] = (1...5).map { value in
            "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(y(Double(value)))\" y2=\"\(y(Double(value)))\" stroke=\"#dddddd\"></line><text x=\"4\" y=\"\(y(Double(value)) + 4)\" font-size=\"11\">\(value)</text>"
        }
        let means = rounds.map { $0.figures.dimensionMeans(q) }
        let lines: [HTML] = q.dimensions.enumerated().map { index, dimension in
            let points = rounds.indices.compactMap { position -> String? in
                guard let mean = means[position][dimension.id] ?? nil else { return nil }
                return "\(left + position * step),\(y(mean))"
            }
            return "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(Self.palette[index % Self.palette.count])\" stroke-width=\"2\"></polyline>"
        }
        let header: [HTML] = rounds.map { "<th scope=\"col\">\($0.round.closesOn.description)</th>" }
        let rows: [HTML] = q.dimensions.enumerated().map { index, dimension in
            let cells: [HTML] = means.map { "<td>\(mean($0[dimension.id] ?? nil, ctx))</td>" }
            return "<tr><th scope=\"row\"><span class=\"swatch swatch-\(index % Self.palette.count)\"></span>\(dimension.title.text(ctx.language))</th>\(cells)</tr>"
        }
        return """
            <section aria-labelledby="trend-title"><h2 id="trend-title">\(ctx.t(FollowUpUIText.trend))</h2>
            <div class="columns chart-columns">
            <svg class="chart" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="chart-trend-title"><title id="chart-trend-title">\(ctx.t(FollowUpUIText.trend))</title>\(grid)\(lines)</svg>
            \(Form.table(label: ctx.t(FollowUpUIText.trend), """
                <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.dimension))</th>\(header)</tr></thead><tbody>\(rows)</tbody></table>
                """))
            </div></section>
            """
    }

    func render(_ ctx: PageContext) -> PageView {
        let q = results.questionnaire
        let unit = results.units[0]
        let slug = organisation.slug
        let name = unitNames[unit.unitID] ?? ""
        let title = "\(ctx.t(FollowUpUIText.reportOf)) \(name)"
        let facts: HTML = """
            <dl class="facts">
            <dt>\(ctx.t(FollowUpUIText.respondents))</dt><dd>\(unit.respondents.map { "\(ctx.number($0))" as HTML } ?? hidden(ctx))</dd>
            <dt>\(ctx.t(FollowUpUIText.invited))</dt><dd>\(ctx.number(unit.invited))</dd>
            <dt>\(ctx.t(FollowUpUIText.responseRate))</dt><dd>\(unit.responseRate.map { "\(ctx.percent(Int(($0 * 100).rounded())))" as HTML } ?? hidden(ctx))</dd>
            </dl>
            <p class="hint">\(ctx.t(FollowUpUIText.k(results.k))) \(ctx.t(FollowUpUIText.suppressedExplained)) \(ctx.t(FollowUpUIText.embargo(releasedOn.description)))</p>
            """
        // The figures and free texts of a closed round, the same for every reader with the same
        // view of the same units, so kept as rendered by the figures' stamp.
        let keptKey = results.stamp.flatMap { stamp in
            unitsVersion.map {
                KeptReportSections.Key(stamp: stamp, units: results.units.map(\.unitID), visible: results.units.map { results.visible.contains($0.unitID) },
                                       unitsVersion: $0, language: ctx.language)
            }
        }
        let figuresHTML = kept?.sections(keptKey) { figures(ctx) } ?? figures(ctx)
        let crumbs = [(organisation.name, SiteURL.organisation(slug: slug).path), (ctx.t(FollowUpUIText.surveys), Route.surveyRounds.path(slug)),
                      (q.title.text(ctx.language), Route.surveyRound.path(slug, results.round.id))]
            + (unit.parentID.map { [(unitNames[$0] ?? "", Route.surveyReport.path(slug, results.round.id) + "?enhet=\($0)")] } ?? [])
        // The page's one <h1>, the only heading the frame hyphenates, is in its top part: that part
        // is hyphenated here, so the frame need not look through the whole report for it.
        let top: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(q.title.text(ctx.language)), \(results.round.opensOn.description) – \(results.round.closesOn.description)</p>
            \(facts)
            """
        let content: HTML = """
            \(Hyphenation.headings(top))
            \(figuresHTML.dimensions)
            \(figuresHTML.heatmap)
            <section aria-labelledby="items-title"><h2 id="items-title">\(ctx.t(FollowUpUIText.items))</h2>\(figuresHTML.items)</section>
            \(dialogue(unit.unitID, ctx))
            \(figuresHTML.freeTexts)
            <p class="no-print"><a href="\(Route.surveyReportCSV.path(slug, results.round.id))?enhet=\(unit.unitID)">\(ctx.t(FollowUpUIText.csv))</a></p>
            """
        return PageView(title: title, breadcrumbs: crumbs, content: content, hyphenated: true)
    }

    /// The dimensions with the trend, the heatmap, the items and the free texts.
    func figures(_ ctx: PageContext) -> KeptReportSections.Sections {
        let q = results.questionnaire
        let unit = results.units[0]
        let previous = results.previous[unit.unitID]
        let dimensionMeans = unit.dimensionMeans(q)
        let previousMeans = previous?.dimensionMeans(q) ?? [:]
        let dims = q.dimensions.map { ($0.title.text(ctx.language), dimensionMeans[$0.id] ?? nil, previousMeans[$0.id] ?? nil) }
        let dimensionSection: HTML = q.dimensions.isEmpty ? .empty : """
            <section aria-labelledby="dimensions-title"><h2 id="dimensions-title">\(ctx.t(FollowUpUIText.dimensions))</h2>
            <div class="columns chart-columns">
            \(dimensionChart(dims.map { ($0.0, $0.1) }, ctx))
            \(Form.table(label: ctx.t(FollowUpUIText.dimensions), """
                <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.dimension))</th><th scope="col">\(ctx.t(FollowUpUIText.mean))</th>\
                <th scope="col">\(ctx.t(FollowUpUIText.change))</th></tr></thead>
                <tbody>\(dims.map { "<tr><th scope=\"row\">\($0.0)</th><td>\(mean($0.1, ctx))</td><td>\(change($0.1, $0.2, ctx))</td></tr>" as HTML })</tbody></table>
                """))
            </div></section>
            """
        let itemSections: [HTML] = q.items.enumerated().compactMap { index, item in
            guard item.kind != .text, let figures = unit.items[item.id] else { return nil }
            let labels: [(String, String)]
            switch item.kind {
            case .likert(let scale): labels = scale.steps.enumerated().map { (String($0.offset + 1), $0.element.text(ctx.language)) }
            case .choice(let options): labels = options.map { ($0.id, $0.label.text(ctx.language)) }
            case .text: labels = []
            }
            let bins = labels.map { ($0.1, figures.distribution?[$0.0] ?? 0) }
            let before = previous?.items[item.id]?.mean
            let body: HTML = figures.suppressed ? "<p>\(hidden(ctx))</p>" : """
                <p>\(ctx.t(FollowUpUIText.answers)): \(ctx.number(figures.n ?? 0))\(figures.mean.map { " · \(ctx.t(FollowUpUIText.mean)): \(ctx.number($0, digits: 1))" as HTML } ?? .empty)\
                \(before != nil && figures.mean != nil ? " · \(ctx.t(FollowUpUIText.change)): \(change(figures.mean, before, ctx))" as HTML : .empty)</p>
                \(distributionChart(item.id, bins, ctx))
                \(Form.table(label: ctx.t(FollowUpUIText.distribution), """
                    <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.distribution))</th><th scope="col">\(ctx.t(FollowUpUIText.answers))</th></tr></thead>
                    <tbody>\(bins.enumerated().map { "<tr><th scope=\"row\"><span class=\"swatch swatch-\($0.offset)\"></span>\($0.element.0)</th><td>\(ctx.number($0.element.1))</td></tr>" as HTML })</tbody></table>
                    """))
                """
            return """
                <section class="item-result" aria-labelledby="item-\(item.id)"><h3 id="item-\(item.id)">\(index + 1). \(item.text.text(ctx.language))</h3>
                \(body)</section>
                """
        }
        return KeptReportSections.Sections(dimensions: "\(dimensionSection)\n\(trendChart(ctx))", heatmap: heatmap(ctx), items: "\(itemSections)",
                                           freeTexts: freeTexts(ctx))
    }

    /// The units one level down as a heatmap of their dimension means.
    func heatmap(_ ctx: PageContext) -> HTML {
        let q = results.questionnaire
        let children = Array(results.units.dropFirst())
        let slug = organisation.slug
        return children.isEmpty || q.dimensions.isEmpty ? .empty : {
            let rows: [HTML] = children.map { child in
                let means = child.dimensionMeans(q)
                let cells: [HTML] = q.dimensions.map { dimension in
                    guard let value = means[dimension.id] ?? nil else { return "<td class=\"heat heat-hidden\">\(hidden(ctx))</td>" }
                    return "<td class=\"heat heat-\(min(max(Int(value.rounded()), 1), 5))\">\(ctx.number(value, digits: 1))</td>"
                }
                return """
                    <tr><th scope="row"><a href="\(Route.surveyReport.path(slug, results.round.id))?enhet=\(child.unitID)">\(unitNames[child.unitID] ?? "–")</a></th>\
                    <td>\(child.respondents.map { "\(ctx.number($0))" as HTML } ?? hidden(ctx))</td>\(cells)</tr>
                    """
            }
            return """
                <section aria-labelledby="heat-title"><h2 id="heat-title">\(ctx.t(FollowUpUIText.heatmap))</h2>
                <p class="hint">\(ctx.t(FollowUpUIText.heatmapHint))</p>
                \(Form.table(label: ctx.t(FollowUpUIText.heatmap), """
                    <table class="heatmap"><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.unit))</th><th scope="col">\(ctx.t(FollowUpUIText.respondents))</th>\
                    \(q.dimensions.map { "<th scope=\"col\">\($0.title.text(ctx.language))</th>" as HTML })</tr></thead>
                    <tbody>\(rows)</tbody></table>
                    """))
                </section>
                """
        }()
    }

    /// The free-text answers, in alphabetical order.
    func freeTexts(_ ctx: PageContext) -> HTML {
        let q = results.questionnaire
        let unit = results.units[0]
        let texts: [HTML] = q.items.filter { $0.kind == .text }.map { item in
            let list = unit.texts[item.id] ?? nil
            return """
                <section aria-labelledby="text-\(item.id)"><h3 id="text-\(item.id)">\(item.text.text(ctx.language))</h3>
                \(list.map { $0.isEmpty ? "<p>–</p>" as HTML : "<ul class=\"free-text\">\($0.map { "<li class=\"prewrap\">\($0)</li>" as HTML })</ul>" as HTML } ?? "<p>\(ctx.t(FollowUpUIText.freeTextHidden))</p>" as HTML)
                </section>
                """
        }
        return texts.isEmpty ? .empty : "<section aria-labelledby=\"texts-title\"><h2 id=\"texts-title\">\(ctx.t(FollowUpUIText.freeText))</h2>\(texts)</section>"
    }
}
