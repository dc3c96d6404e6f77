import Foundation
import TillitPlatform
import TillitStorage

/// The instance's own administration: every organisation, a page at a time, with a link to its
/// administration, and the form for a new organisation.
struct SystemOrganisationsPage {
    let page: Page<Organisation>
    /// The new organisation's form as typed.
    let form: FormData
    var errors: [FieldError] = []

    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML] = page.items.map {
            "<tr><td><a href=\"\(SiteURL.organisation(slug: $0.slug).path)\">\($0.name)</a></td><td>\($0.slug)</td><td>\(ctx.t($0.kind.label))</td><td><a href=\"\(SiteURL.adminUnits(slug: $0.slug).path)\">\(ctx.t(UIText.administration))<span class=\"visually-hidden\">: \($0.name)</span></a></td></tr>"
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.systemAdministration))</h1>
            <h2>\(ctx.t(UIText.allOrganisations))</h2>
            \(Form.table(label: ctx.t(UIText.allOrganisations), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.allOrganisations))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.name))</th><th scope="col">\(ctx.t(UIText.slug))</th><th scope="col">\(ctx.t(UIText.organisationKind))</th><th scope="col">\(ctx.t(UIText.administration))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """))
            \(Form.pager(page, path: SiteURL.systemOrganisations.path, ctx))
            <h2 id="new-organisation">\(ctx.t(UIText.createOrganisation))</h2>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "slug": ctx.t(UIText.slug), "kind": ctx.t(UIText.organisationKind)]))
            <form method="post" action="\(SiteURL.systemOrganisations.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: form["name"], errors: errors, ctx))
            \(Form.text("slug", label: ctx.t(UIText.slug), value: form["slug"], errors: errors, ctx, hint: ctx.t(UIText.slugHint)))
            \(Form.select("kind", label: ctx.t(UIText.organisationKind), options: OrganisationKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["kind"], errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.createOrganisation))</button>
            </form>
            """
        return PageView(title: ctx.t(UIText.systemAdministration), content: content)
    }
}
