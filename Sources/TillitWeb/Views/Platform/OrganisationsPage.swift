import Foundation
import TillitPlatform
import TillitStorage

/// The organisations the person belongs to (all of them for a system administrator), a page at
/// a time.
struct OrganisationsPage {
    let page: Page<Organisation>

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <h1>\(ctx.t(UIText.organisations))</h1>
            <ul class="cards">
            \(page.items.map { "<li class=\"card\"><h2><a href=\"\(SiteURL.organisation(slug: $0.slug).path)\">\($0.name)</a></h2><p class=\"meta\">\(ctx.t($0.kind.label))</p></li>" as HTML })
            </ul>
            \(Form.pager(page, path: SiteURL.organisations.path, ctx))
            """
        return PageView(title: ctx.t(UIText.organisations), content: content)
    }
}
