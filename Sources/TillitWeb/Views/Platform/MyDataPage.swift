import Foundation
import TillitFormats
import TillitPlatform

/// Mina uppgifter: what Tillit holds about the signed-in person, the download, and removal.
struct MyDataPage {
    let files: [PersonalFile]
    let selfRemoval: Bool
    let rules: [NamedContentRule]
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML] = files.map { file in
            "<tr><th scope=\"row\">\(ctx.t(file.title))</th><td class=\"num\">\(file.count)</td></tr>"
        }
        let removal: HTML = selfRemoval ? """
            <form method="post" action="\(Route.myDataRemove.path())" novalidate>
            \(Form.csrf(ctx))
            \(Form.errorSummary(errors, ctx))
            <p>\(ctx.t(PrivacyUIText.removeAccountLead))</p>
            \(rules.map { "<p>\(ctx.t(PrivacyUIText.removeAccountRule($0)))</p>" as HTML })
            \(Form.checkboxes("confirm", legend: ctx.t(PrivacyUIText.removeAccount), options: [("1", ctx.t(PrivacyUIText.confirmRemoval))], selected: [], errors: errors, ctx))
            <button type="submit" class="danger">\(ctx.t(PrivacyUIText.removeButton))</button>
            </form>
            """ : "<p>\(ctx.t(PrivacyUIText.removeAccountNotAllowed))</p>"
        let content: HTML = """
            <h1>\(ctx.t(PrivacyUIText.myData))</h1>
            <p class="lead">\(ctx.t(PrivacyUIText.myDataLead))</p>
            <section aria-labelledby="held-title"><h2 id="held-title">\(ctx.t(PrivacyUIText.whatWeHold))</h2>
            \(Form.table(label: ctx.t(PrivacyUIText.whatWeHold), """
                <table><thead><tr><th scope="col">\(ctx.t(PrivacyUIText.file))</th><th scope="col" class="num">\(ctx.t(PrivacyUIText.records))</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """))
            <p>\(ctx.t(PrivacyUIText.anonymousNotIncluded))</p>
            <p><a class="button-link" href="\(Route.myDataDownload.path())" download>\(ctx.t(PrivacyUIText.download))</a></p>
            </section>
            <section aria-labelledby="remove-title"><h2 id="remove-title">\(ctx.t(PrivacyUIText.removeAccount))</h2>
            \(removal)
            </section>
            """
        return PageView(title: ctx.t(PrivacyUIText.myData), breadcrumbs: [(ctx.t(UIText.myPage), SiteURL.me.path)], content: content)
    }
}
