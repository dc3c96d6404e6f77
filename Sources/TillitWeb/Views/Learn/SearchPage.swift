import Foundation
import TillitFormats
import TillitLearn
import TillitPlatform

/// The knowledge bank's search page: the form, the facets that narrow the results, the hits with
/// their matching words marked, and what to try when nothing is found.
struct SearchPage {
    let query: ExampleQuery
    let results: ExampleResults
    /// The `sort` parameter as given, kept in links.
    let sortParameter: String?

    func render(_ ctx: PageContext) -> PageView {
        // The parameters in the order links write them, as this page was asked for.
        let current: [(key: String, value: String?)] = [
            ("q", query.text.isEmpty ? nil : query.text), ("sector", query.sector?.rawValue), ("principle", query.principle?.rawValue),
            ("org_kind", query.organisationKind?.rawValue), ("org", query.organisation.map(String.init)), ("year", query.year.map(String.init)),
            ("sort", sortParameter),
        ]
        func link(_ changes: [String: String?]) -> String {
            var items: [(String, String)] = []
            for (key, value) in current {
                let chosen = changes.index(forKey: key).map { changes[$0].value } ?? value
                if let chosen, !chosen.isEmpty { items.append((key, chosen)) }
            }
            return SiteURL.knowledge.with(query: items)
        }
        func facet(_ key: String, _ title: String, label: (String) -> String, selected: String?, parameter: String? = nil, limit: Int = .max) -> HTML {
            let values = results.facets[key] ?? []
            guard !values.isEmpty || selected != nil else { return .empty }
            let parameter = parameter ?? key
            return """
                <h2 id="facet-\(key)">\(title)</h2>
                <ul aria-labelledby="facet-\(key)">\(selected == nil ? .empty : "<li><a href=\"\(link([parameter: nil]))\">\(ctx.t(KnowledgeUIText.clearFilter))</a></li>" as HTML)\
                \(values.prefix(limit).map { value, count in
                    "<li><a href=\"\(link([parameter: value]))\"\(value == selected ? " aria-current=\"true\"" as HTML : .empty)>\(label(value))</a> <span class=\"meta\">(\(count))</span></li>" as HTML
                })\(values.count > limit ? "<li class=\"meta\">\(ctx.t(KnowledgeUIText.moreValues(values.count - limit)))</li>" as HTML : .empty)</ul>
                """
        }
        let hits: [HTML] = results.page.items.map { hit in
            let e = hit.example
            return """
                <li><h2><a href="\(SiteURL.example(id: e.id).path)">\(e.title)</a></h2>
                <p class="meta">\(e.organisationName) · \(e.sectors.map { ctx.t($0.label) }.joined(separator: ", "))\(KnowledgeController.period(e, ctx).map { " · \($0)" } ?? "")</p>
                <p>\(hit.snippet.map { $0.match ? "<mark>\($0.text)</mark>" as HTML : "\($0.text)" as HTML })</p></li>
                """
        }
        var notices: [HTML] = []
        if results.onlyStopWords { notices.append("<div class=\"notice\" role=\"status\"><p>\(ctx.t(KnowledgeUIText.onlyStopWords))</p></div>") }
        if !results.unknownWords.isEmpty {
            let suggestions: [HTML] = results.suggestions.map { "<li><a href=\"\(link(["q": $0]))\">\($0)</a></li>" }
            notices.append("""
                <div class="notice" role="status"><p>\(ctx.t(KnowledgeUIText.unknownWords(results.unknownWords)))</p>\
                \(suggestions.isEmpty ? .empty : "<p>\(ctx.t(KnowledgeUIText.didYouMean))</p><ul>\(suggestions)</ul>" as HTML)</div>
                """)
        }
        if !results.onlyStopWords, results.page.total == 0 {
            var tries: [HTML] = []
            if let broader = results.broader { tries.append("<li><a href=\"\(link(["q": broader]))\">\(broader)</a></li>") }
            if query.hasFilters { tries.append("<li><a href=\"\(link(["sector": nil, "principle": nil, "org_kind": nil, "org": nil, "year": nil]))\">\(ctx.t(KnowledgeUIText.removeFilters))</a></li>") }
            notices.append("""
                <div class="notice" role="status"><p>\(ctx.t(KnowledgeUIText.noResults))</p>\
                \(tries.isEmpty ? .empty : "<p>\(ctx.t(KnowledgeUIText.tryBroader))</p><ul>\(tries)</ul>" as HTML)</div>
                """)
        }
        let sortOptions: [(String, String)] = [("relevance", ctx.t(KnowledgeUIText.sortRelevance)), ("date", ctx.t(KnowledgeUIText.sortDate))]
        let content: HTML = """
            <h1>\(ctx.t(KnowledgeUIText.bank))</h1>
            <p class="lead">\(ctx.t(KnowledgeUIText.bankLead))</p>
            \(ctx.identity == nil ? .empty : "<p class=\"actions\"><a class=\"button-link\" href=\"\(SiteURL.knowledgeNew.path)\">\(ctx.t(KnowledgeUIText.contribute))</a> <a href=\"\(SiteURL.knowledgeWorkbench.path)\">\(ctx.t(KnowledgeUIText.workbench))</a></p>" as HTML)
            <form method="get" action="\(SiteURL.knowledge.path)" class="search-form" role="search">
            \(Form.text("q", label: ctx.t(KnowledgeUIText.searchLabel), value: query.text, errors: [], ctx, type: "search", required: false))
            \(Form.select("sort", label: ctx.t(KnowledgeUIText.sort), options: sortOptions, selected: query.sort.rawValue, errors: [], ctx))
            \(query.sector.map { "<input type=\"hidden\" name=\"sector\" value=\"\($0.rawValue)\">" as HTML })\
            \(query.principle.map { "<input type=\"hidden\" name=\"principle\" value=\"\($0.rawValue)\">" as HTML })\
            \(query.organisationKind.map { "<input type=\"hidden\" name=\"org_kind\" value=\"\($0.rawValue)\">" as HTML })\
            \(query.organisation.map { "<input type=\"hidden\" name=\"org\" value=\"\($0)\">" as HTML })\
            \(query.year.map { "<input type=\"hidden\" name=\"year\" value=\"\($0)\">" as HTML })
            <button type="submit">\(ctx.t(KnowledgeUIText.searchButton))</button>
            </form>
            <div class="search-layout">
            <details class="facets-disclosure"\(query.hasFilters ? " open" as HTML : .empty)>
            <summary>\(ctx.t(KnowledgeUIText.narrowSearch))</summary>
            <nav class="facets" aria-label="\(ctx.t(UIText.narrowDown))">
            \(facet("sector", ctx.t(KnowledgeUIText.sector), label: { Sector(rawValue: $0).map { ctx.t($0.label) } ?? $0 }, selected: query.sector?.rawValue))
            \(facet("principle", ctx.t(KnowledgeUIText.principle), label: { Principle(rawValue: $0).map { ctx.t($0.label) } ?? $0 }, selected: query.principle?.rawValue))
            \(facet("org_kind", ctx.t(KnowledgeUIText.orgKind), label: { OrganisationKind(rawValue: $0).map { ctx.t($0.label) } ?? $0 }, selected: query.organisationKind?.rawValue))
            \(facet("organisation", ctx.t(KnowledgeUIText.organisation), label: { results.organisationNames[$0] ?? $0 },
                   selected: query.organisation.map(String.init), parameter: "org", limit: 15))
            \(facet("year", ctx.t(KnowledgeUIText.year), label: { $0 }, selected: query.year.map(String.init)))
            </nav>
            </details>
            <section aria-labelledby="hits-title">
            <h2 id="hits-title" class="visually-hidden">\(ctx.t(KnowledgeUIText.results(results.page.total)))</h2>
            <p role="status">\(ctx.t(KnowledgeUIText.results(results.page.total)))</p>
            \(notices)
            <ul class="hits">\(hits)</ul>
            \(Form.pager(results.page, path: link([:]), ctx))
            </section>
            </div>
            """
        return PageView(title: ctx.t(KnowledgeUIText.bank), content: content)
    }
}
