import Foundation
import TillitLearn
import TillitPlatform

/// The open-data page: the files and feeds of everything published in the knowledge bank, and
/// the export's columns one by one.
struct OpenDataPage {
    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML] = OpenDataController.columns.map { "<tr><th scope=\"row\"><code>\($0.name)</code></th><td>\(ctx.t(BothLanguages(sv: $0.sv, en: $0.en)))</td></tr>" }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.openData))</h1>
            <p class="lead">\(ctx.t(LearnUI.openDataLead))</p>
            <ul>
            <li><a href="\(LearnURL.exportJSONL)">\(ctx.t(LearnUI.openDataJSONL))</a> (<code>application/jsonl</code>)</li>
            <li><a href="\(LearnURL.exportCSV)">\(ctx.t(LearnUI.openDataCSV))</a> (UTF-8, \(ctx.t(LearnUI.openDataCSVForm)))</li>
            <li><a href="\(LearnURL.examplesFeed)">\(ctx.t(LearnUI.examplesFeed))</a></li>
            <li><a href="\(LearnURL.reportsFeed)">\(ctx.t(LearnUI.reportsFeed))</a></li>
            <li><a href="\(LearnURL.sitemap)">sitemap.xml</a></li>
            <li><a href="\(SiteURL.openAPI.path)">\(ctx.t(LearnUI.openDataAPI))</a></li>
            </ul>
            <h2>\(ctx.t(LearnUI.columns))</h2>
            <p>\(ctx.t(LearnUI.columnsNote))</p>
            \(Form.table(label: ctx.t(LearnUI.columns), "<table><thead><tr><th scope=\"col\">\(ctx.t(LearnUI.column))</th><th scope=\"col\">\(ctx.t(LearnUI.contents))</th></tr></thead><tbody>\(rows)</tbody></table>"))
            """
        return PageView(title: ctx.t(LearnUI.openData), content: content)
    }
}
