import Foundation
import TillitLearn
import TillitPlatform

/// The open-data page: the files and feeds of everything published in the knowledge bank, and
/// the export's columns one by one.
struct OpenDataPage {
    func render(_ ctx: PageContext) -> PageView {
        let sv = ctx.language == .sv
        let rows: [HTML] = OpenDataController.columns.map { "<tr><th scope=\"row\"><code>\($0.name)</code></th><td>\(sv ? $0.sv : $0.en)</td></tr>" }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.openData))</h1>
            <p class="lead">\(sv ? "Allt som är publicerat i kunskapsbanken får användas fritt. Här finns det som filer och flöden." : "Everything published in the knowledge bank may be used freely. Here it is as files and feeds.")</p>
            <ul>
            <li><a href="\(LearnURL.exportJSONL)">\(sv ? "Alla publicerade exempel som JSON Lines" : "All published examples as JSON Lines")</a> (<code>application/jsonl</code>)</li>
            <li><a href="\(LearnURL.exportCSV)">\(sv ? "Alla publicerade exempel som CSV" : "All published examples as CSV")</a> (UTF-8, \(sv ? "kommaseparerad, med rubrikrad" : "comma-separated, with a header row"))</li>
            <li><a href="\(LearnURL.examplesFeed)">\(ctx.t(LearnUI.examplesFeed))</a></li>
            <li><a href="\(LearnURL.reportsFeed)">\(ctx.t(LearnUI.reportsFeed))</a></li>
            <li><a href="\(LearnURL.sitemap)">sitemap.xml</a></li>
            <li><a href="\(SiteURL.openAPI.path)">\(sv ? "API:t (OpenAPI)" : "The API (OpenAPI)")</a></li>
            </ul>
            <h2>\(sv ? "Kolumner" : "Columns")</h2>
            <p>\(sv ? "Samma fält finns i JSON Lines, där listor är arrayer. I CSV skiljs listor åt med semikolon, och celler som börjar med = + - @ inleds med en apostrof så att kalkylprogram inte kör dem som formler." : "The same fields are in JSON Lines, where lists are arrays. In the CSV, lists are separated by semicolons, and cells starting with = + - @ get a leading apostrophe so that spreadsheets do not run them as formulas.")</p>
            \(Form.table(label: sv ? "Kolumner" : "Columns", "<table><thead><tr><th scope=\"col\">\(sv ? "Kolumn" : "Column")</th><th scope=\"col\">\(sv ? "Innehåll" : "Contents")</th></tr></thead><tbody>\(rows)</tbody></table>"))
            """
        return PageView(title: ctx.t(LearnUI.openData), content: content)
    }
}
