import Foundation
import TillitPlatform
import TillitPrune

/// Adding, proposing or editing a requirement. Every field has its label and hint; errors are shown
/// beside their fields and in the summary, with what was typed.
struct RequirementFormPage {
    let organisation: Organisation
    let tree: UnitTree
    let form: FormData
    let errors: [FieldError]
    /// The requirement being edited, or nil for a new one.
    let id: Int64?
    /// Whether what is saved goes straight into the inventory (else it is a proposal).
    let direct: Bool

    static func labels(_ ctx: PageContext) -> [String: String] {
        ["name": ctx.t(PruneUI.name), "description": ctx.t(PruneUI.description), "type": ctx.t(PruneUI.type), "issuer": ctx.t(PruneUI.issuer),
         "issuer_unit_id": ctx.t(PruneUI.issuerUnit), "legal_reference": ctx.t(PruneUI.legalReference), "purpose": ctx.t(PruneUI.purpose),
         "unit_ids": ctx.t(PruneUI.appliesToUnits), "roles": ctx.t(PruneUI.roles), "frequency": ctx.t(PruneUI.frequency),
         "cases_per_year": ctx.t(PruneUI.casesPerYear), "minutes": ctx.t(PruneUI.minutes), "population": ctx.t(PruneUI.population),
         "organisation_id": ctx.t(UIText.organisations)]
    }

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let title = ctx.t(id != nil ? PruneUI.editRequirement : direct ? PruneUI.newRequirement : PruneUI.proposeRequirement)
        let action = id.map { PruneURL.requirementEdit(slug, $0) } ?? PruneURL.requirementNew(slug)
        let units = PruneFormat.unitOptions(tree)
        let signalID = id == nil ? form["signal_id"].flatMap { RequestNumber.id($0) } : nil
        let content: HTML = """
            <h1>\(title)</h1>
            \(direct || id != nil ? .empty : "<p class=\"lead\">\(ctx.t(PruneUI.proposeNote))</p>" as HTML)
            \(Form.errorSummary(errors, ctx, labels: Self.labels(ctx)))
            \(signalID == nil ? .empty : "<p class=\"notice\">\(ctx.t(PruneUI.fromSignal))</p>" as HTML)
            <form method="post" action="\(action)" novalidate>
            \(Form.csrf(ctx))
            \(signalID.map { "<input type=\"hidden\" name=\"signal_id\" value=\"\($0)\">" as HTML })
            \(Form.text("name", label: ctx.t(PruneUI.name), value: form["name"], errors: errors, ctx))
            \(Form.select("type", label: ctx.t(PruneUI.type), options: [("", "–")] + RequirementType.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                          selected: form["type"], errors: errors, ctx))
            \(Form.text("issuer", label: ctx.t(PruneUI.issuer), value: form["issuer"], errors: errors, ctx, hint: ctx.t(PruneUI.issuerHint), conditional: true))
            \(Form.select("issuer_unit_id", label: ctx.t(PruneUI.issuerUnit), options: [("", ctx.t(PruneUI.externalIssuer))] + units,
                          selected: form["issuer_unit_id"] ?? "", errors: errors, ctx))
            \(Form.text("legal_reference", label: ctx.t(PruneUI.legalReference), value: form["legal_reference"], errors: errors, ctx,
                        hint: ctx.t(PruneUI.legalReferenceHint), required: false))
            \(Form.textarea("purpose", label: ctx.t(PruneUI.purpose), value: form["purpose"], errors: errors, ctx, hint: ctx.t(PruneUI.purposeHint), rows: 3))
            \(Form.textarea("description", label: ctx.t(PruneUI.description), value: form["description"], errors: errors, ctx, required: false, rows: 4))
            \(Form.checkboxes("unit_ids", legend: ctx.t(PruneUI.appliesToUnits), options: units, selected: Set(form.all("unit_ids")), errors: errors, ctx,
                              hint: ctx.t(PruneUI.appliesToUnitsHint)))
            \(Form.checkboxes("roles", legend: ctx.t(PruneUI.roles), options: RequirementRole.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                              selected: Set(form.all("roles")), errors: errors, ctx, hint: ctx.t(PruneUI.rolesHint), required: false))
            \(Form.radios("frequency", legend: ctx.t(PruneUI.frequency), options: Frequency.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                          selected: form["frequency"], errors: errors, ctx))
            \(Form.text("cases_per_year", label: ctx.t(PruneUI.casesPerYear), value: form["cases_per_year"], errors: errors, ctx,
                        hint: ctx.t(PruneUI.casesPerYearHint), autocomplete: "off", conditional: true))
            \(Form.text("minutes", label: ctx.t(PruneUI.minutes), value: form["minutes"], errors: errors, ctx, hint: ctx.t(PruneUI.minutesHint), autocomplete: "off"))
            \(Form.text("population", label: ctx.t(PruneUI.population), value: form["population"], errors: errors, ctx, hint: ctx.t(PruneUI.populationHint), autocomplete: "off"))
            <button type="submit">\(ctx.t(PruneUI.save))</button>
            </form>
            """
        return PageView(title: title, breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path), (ctx.t(PruneUI.inventory), PruneURL.requirements(slug))],
                        content: content)
    }

    /// A requirement as the form shows it for editing.
    static func form(_ r: Requirement) -> FormData {
        var pairs: [(String, String)] = [
            ("name", r.name), ("type", r.type.rawValue), ("issuer", r.issuerUnitID == nil ? r.issuer : ""),
            ("issuer_unit_id", r.issuerUnitID.map(String.init) ?? ""), ("legal_reference", r.legalReference ?? ""), ("purpose", r.purpose),
            ("description", r.description), ("frequency", r.workload.frequency.rawValue), ("cases_per_year", r.workload.casesPerYear.map(String.init) ?? ""),
            ("minutes", String(r.workload.minutes)), ("population", String(r.workload.population)),
        ]
        pairs += r.unitIDs.map { ("unit_ids", String($0)) }
        pairs += r.roles.map { ("roles", $0.rawValue) }
        return FormData(pairs: pairs)
    }

    /// The service's input from the form.
    static func input(_ form: FormData) -> RequirementInput {
        RequirementInput(name: form["name"], description: form["description"], type: form["type"], issuer: form["issuer"], issuerUnitID: form["issuer_unit_id"],
                         legalReference: form["legal_reference"], purpose: form["purpose"], unitIDs: form.all("unit_ids"), roles: form.all("roles"),
                         frequency: form["frequency"], casesPerYear: form["cases_per_year"], minutes: form["minutes"], population: form["population"])
    }
}

/// A staff member's assessment of a requirement: their own minutes, how much it helps, a comment.
struct AssessmentFormPage {
    let organisation: Organisation
    let requirement: Requirement
    let form: FormData
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let labels = ["minutes": ctx.t(PruneUI.yourMinutes), "usefulness": ctx.t(PruneUI.usefulnessQuestion), "comment": ctx.t(PruneUI.comment)]
        let content: HTML = """
            <h1>\(ctx.t(PruneUI.assessmentTitle))</h1>
            <p class="lead">\(requirement.name)</p>
            <p>\(ctx.t(PruneUI.assessmentLead))</p>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(PruneURL.requirementAssess(slug, requirement.id))" novalidate class="narrow">
            \(Form.csrf(ctx))
            \(Form.text("minutes", label: ctx.t(PruneUI.yourMinutes), value: form["minutes"], errors: errors, ctx, hint: ctx.t(PruneUI.yourMinutesHint), autocomplete: "off"))
            \(Form.radios("usefulness", legend: ctx.t(PruneUI.usefulnessQuestion), options: (1...5).map { (String($0), ctx.t(PruneUI.rating($0))) },
                          selected: form["usefulness"], errors: errors, ctx))
            \(Form.textarea("comment", label: ctx.t(PruneUI.comment), value: form["comment"], errors: errors, ctx, hint: ctx.t(PruneUI.commentHint), required: false, rows: 3))
            <button type="submit">\(ctx.t(PruneUI.save))</button>
            <a class="cancel" href="\(PruneURL.requirement(slug, requirement.id))">\(ctx.t(UIText.cancel))</a>
            </form>
            """
        return PageView(title: ctx.t(PruneUI.assessmentTitle), breadcrumbs: [(ctx.t(PruneUI.inventory), PruneURL.requirements(slug)),
                                                                             (requirement.name, PruneURL.requirement(slug, requirement.id))], content: content)
    }
}

/// The owner's decision form. For an act or ordinance "ta bort" is not offered, and the page says why.
struct DecisionFormPage {
    let organisation: Organisation
    let figures: RequirementFigures
    let form: FormData
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let r = figures.requirement
        let kinds = RequirementDecisionKind.allCases.filter { !(r.type.isBinding && $0 == .taBort) }
        let labels = ["decision": ctx.t(PruneUI.decision), "reason": ctx.t(PruneUI.reason), "new_minutes": ctx.t(PruneUI.newMinutes),
                      "new_frequency": ctx.t(PruneUI.newFrequency), "new_cases_per_year": ctx.t(PruneUI.newCasesPerYear)]
        let content: HTML = """
            <h1>\(ctx.t(PruneUI.decisionTitle))</h1>
            <p class="lead">\(r.name)</p>
            <dl class="facts">
            <dt>\(ctx.t(PruneUI.type))</dt><dd>\(ctx.t(r.type.label))</dd>
            <dt>\(ctx.t(PruneUI.frequency))</dt><dd>\(PruneFormat.frequency(r.workload, ctx))</dd>
            <dt>\(ctx.t(PruneUI.minutesShort))</dt><dd>\(ctx.number(Int(r.workload.minutes)))</dd>
            <dt>\(ctx.t(PruneUI.hoursPerYear))</dt><dd>\(PruneFormat.hours(figures.hoursPerYear, ctx))</dd>
            <dt>\(ctx.t(PruneUI.meanUsefulness))</dt><dd>\(PruneFormat.usefulness(figures, ctx))</dd>
            </dl>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(PruneURL.requirementDecide(slug, r.id))" novalidate class="narrow">
            \(Form.csrf(ctx))
            \(Form.radios("decision", legend: ctx.t(PruneUI.decision), options: kinds.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["decision"], errors: errors, ctx,
                          hint: r.type.isBinding ? ctx.t(PruneUI.bindingNote) : nil))
            \(Form.textarea("reason", label: ctx.t(PruneUI.reason), value: form["reason"], errors: errors, ctx, hint: ctx.t(PruneUI.reasonHint), rows: 3))
            <fieldset class="field"><legend>\(ctx.t(PruneUI.newValuesHint))</legend>
            \(Form.text("new_minutes", label: ctx.t(PruneUI.newMinutes), value: form["new_minutes"], errors: errors, ctx, hint: ctx.t(PruneUI.minutesHint),
                        autocomplete: "off", conditional: true))
            \(Form.select("new_frequency", label: ctx.t(PruneUI.newFrequency), options: [("", ctx.t(PruneUI.unchanged))] + Frequency.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                          selected: form["new_frequency"] ?? "", errors: errors, ctx))
            \(Form.text("new_cases_per_year", label: ctx.t(PruneUI.newCasesPerYear), value: form["new_cases_per_year"], errors: errors, ctx,
                        hint: ctx.t(PruneUI.casesPerYearHint), autocomplete: "off", conditional: true))
            </fieldset>
            <button type="submit">\(ctx.t(PruneUI.decide))</button>
            <a class="cancel" href="\(PruneURL.requirement(slug, r.id))">\(ctx.t(UIText.cancel))</a>
            </form>
            """
        return PageView(title: ctx.t(PruneUI.decisionTitle), breadcrumbs: [(ctx.t(PruneUI.inventory), PruneURL.requirements(slug)),
                                                                           (r.name, PruneURL.requirement(slug, r.id))], content: content)
    }
}
