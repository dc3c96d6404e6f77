import Foundation
import TillitLearn
import TillitPlatform

/// The form for registering a pilot or editing one: name, status, aim, description, years,
/// sectors, up to three hosts, the people and the linked examples.
struct PilotFormPage {
    let form: FormData
    var errors: [FieldError] = []
    /// The pilot being edited; nil for a new one.
    let id: Int64?
    /// The organisations a host may be.
    let organisations: [Organisation]

    func render(_ ctx: PageContext) -> PageView {
        let organisations: [(String, String)] = [("", "–")] + self.organisations.map { (String($0.id), $0.name) }
        // The hosts' error belongs to the first host field, where the summary's link leads.
        let errors = self.errors.map { $0.field == "hosts" ? FieldError("host_org_1", $0.message) : $0 }
        let labels: [String: String] = [
            "name": ctx.t(LearnUI.name), "status": ctx.t(LearnUI.status), "aim": ctx.t(LearnUI.aim), "description": ctx.t(LearnUI.description),
            "year_start": ctx.t(KnowledgeUIText.yearStart), "year_end": ctx.t(KnowledgeUIText.yearEnd), "sectors": ctx.t(LearnUI.sectors),
            "hosts": ctx.t(LearnUI.hosts), "researchers": ctx.t(LearnUI.researchers), "contacts": ctx.t(LearnUI.contacts),
            "examples": ctx.t(LearnUI.linkedExamples),
        ]
        let hostFields: [HTML] = (1...3).map { n in
            """
            <fieldset class="field-group"><legend>\(ctx.t(LearnUI.hosts)) \(n)</legend>
            \(Form.select("host_org_\(n)", label: ctx.t(LearnUI.hosts), options: organisations, selected: form["host_org_\(n)"], errors: n == 1 ? errors : [], ctx))
            \(Form.text("host_unit_\(n)", label: ctx.t(LearnUI.hostUnit), value: form["host_unit_\(n)"], errors: [], ctx, required: false))
            </fieldset>
            """
        }
        let title = ctx.t(id == nil ? LearnUI.newPilot : LearnUI.editPilot)
        let content: HTML = """
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: labels.merging(["host_org_1": ctx.t(LearnUI.hosts)]) { a, _ in a }))
            <form method="post" action="\(id.map(LearnURL.pilotEdit) ?? LearnURL.pilotNew)" novalidate>\(Form.csrf(ctx))
            \(Form.text("name", label: labels["name"]!, value: form["name"], errors: errors, ctx))
            \(Form.radios("status", legend: labels["status"]!, options: PilotStatus.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["status"], errors: errors, ctx))
            \(Form.textarea("aim", label: labels["aim"]!, value: form["aim"], errors: errors, ctx, rows: 3))
            \(Form.textarea("description", label: labels["description"]!, value: form["description"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.bodyHint), rows: 10))
            \(Form.text("year_start", label: labels["year_start"]!, value: form["year_start"], errors: errors, ctx, required: false))
            \(Form.text("year_end", label: labels["year_end"]!, value: form["year_end"], errors: errors, ctx, required: false))
            \(Form.checkboxes("sectors", legend: labels["sectors"]!, options: Sector.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: Set(form.all("sectors")), errors: errors, ctx))
            \(hostFields)
            \(Form.textarea("researchers", label: labels["researchers"]!, value: form["researchers"], errors: errors, ctx, hint: ctx.t(LearnUI.peopleHint), required: false, rows: 3))
            \(Form.textarea("contacts", label: labels["contacts"]!, value: form["contacts"], errors: errors, ctx, hint: ctx.t(LearnUI.peopleHint), required: false, rows: 3))
            \(Form.text("examples", label: labels["examples"]!, value: form["examples"], errors: errors, ctx, hint: ctx.t(LearnUI.examplesHint), required: false))
            <button type="submit">\(ctx.t(LearnUI.save))</button>
            </form>
            """
        return PageView(title: title, breadcrumbs: [(ctx.t(LearnUI.pilots), LearnURL.pilots)], content: content)
    }
}
