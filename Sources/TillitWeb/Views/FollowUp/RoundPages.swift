import Foundation
import TillitFollowUp
import TillitFormats
import TillitPlatform

/// Status words for a round on a day.
enum RoundStatus {
    static func text(_ round: SurveyRound, today: CivilDate, _ ctx: PageContext) -> String {
        if let closed = round.closingDay(today: today) { return ctx.t(FollowUpUIText.statusClosed(closed.description)) }
        return round.isOpen(on: today) ? ctx.t(FollowUpUIText.statusOpen) : ctx.t(FollowUpUIText.statusUpcoming)
    }
}

/// An organisation's survey rounds, and the form to start one for those who may.
struct SurveyRoundsPage {
    let organisation: Organisation
    let rounds: [SurveyRound]
    let titles: [Int64: String]
    let unitNames: [Int64: String]
    let questionnaires: [(id: Int64, title: String)]
    /// Units the reader may start a round for (empty: no form).
    let startable: [(id: Int64, name: String)]
    let today: CivilDate
    let form: FormData
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let rows: [HTML] = rounds.map { round in
            """
            <tr><th scope="row"><a href="\(Route.surveyRound.path(slug, round.id))">\(titles[round.questionnaireID] ?? "–")</a></th>\
            <td>\(unitNames[round.unitID] ?? "–")</td><td>\(round.opensOn.description) – \(round.closesOn.description)</td>\
            <td>\(RoundStatus.text(round, today: today, ctx))</td></tr>
            """
        }
        let list: HTML = rounds.isEmpty ? "<p>\(ctx.t(FollowUpUIText.noRounds))</p>" : Form.table(label: ctx.t(FollowUpUIText.surveys), """
            <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.questionnaire))</th><th scope="col">\(ctx.t(FollowUpUIText.unit))</th>\
            <th scope="col">\(ctx.t(FollowUpUIText.opensOn)) – \(ctx.t(FollowUpUIText.closesOn))</th><th scope="col">\(ctx.t(FollowUpUIText.status))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """)
        let labels = ["questionnaire_id": ctx.t(FollowUpUIText.questionnaire), "unit_id": ctx.t(FollowUpUIText.unit),
                      "opens_on": ctx.t(FollowUpUIText.opensOn), "closes_on": ctx.t(FollowUpUIText.closesOn)]
        let start: HTML = startable.isEmpty ? .empty : """
            <section aria-labelledby="new-round"><h2 id="new-round">\(ctx.t(FollowUpUIText.newRound))</h2>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(Route.surveyRounds.path(slug))" class="narrow" novalidate>
            \(Form.csrf(ctx))
            \(Form.select("questionnaire_id", label: labels["questionnaire_id"]!, options: questionnaires.map { (String($0.id), $0.title) }, selected: form["questionnaire_id"], errors: errors, ctx))
            \(Form.select("unit_id", label: labels["unit_id"]!, options: startable.map { (String($0.id), $0.name) }, selected: form["unit_id"], errors: errors, ctx))
            \(Form.text("opens_on", label: labels["opens_on"]!, value: form["opens_on"] ?? today.description, errors: errors, ctx, hint: ctx.t(FollowUpUIText.dateHint), autocomplete: "off"))
            \(Form.text("closes_on", label: labels["closes_on"]!, value: form["closes_on"] ?? CivilDate(daysSince1970: today.daysSince1970 + 14).description, errors: errors, ctx, hint: ctx.t(FollowUpUIText.dateHint), autocomplete: "off"))
            <button type="submit">\(ctx.t(FollowUpUIText.startRound))</button>
            </form></section>
            """
        let title = ctx.t(FollowUpUIText.roundsOf(organisation.name))
        return PageView(title: title, breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path)], content: """
            <h1>\(title)</h1>
            <p class="lead">\(ctx.t(FollowUpUIText.surveysLead))</p>
            \(list)
            \(start)
            """)
    }
}

/// One round: its facts, the invited per unit, and for those who run it, invitations and closing.
struct SurveyRoundPage {
    let organisation: Organisation
    let overview: FollowUp.Overview
    let unitNames: [Int64: String]
    /// The round's units, parents first, with their depth.
    let units: [(id: Int64, depth: Int)]
    let today: CivilDate
    let errors: [FieldError]
    let form: FormData
    /// The address links are made with, and whether it names this machine (no phone reaches it).
    var publicURL = ""
    var publicURLIsThisMachine = false

    func render(_ ctx: PageContext) -> PageView {
        let round = overview.round
        let slug = organisation.slug
        let title = "\(overview.questionnaire.title.text(ctx.language)): \(unitNames[round.unitID] ?? "")"
        let invitedRows: [HTML] = units.filter { (overview.invited[$0.id] ?? 0) > 0 }.map { unit in
            "<tr><th scope=\"row\">\(unitNames[unit.id] ?? "–")</th><td>\(ctx.number(overview.invited[unit.id] ?? 0))</td></tr>"
        }
        let closed = overview.closedOn != nil
        // A code leads to the answering page only while the round takes answers.
        let answering = !closed && round.closingDay(today: today) == nil && round.isOpen(on: today)
        func codeLink(_ code: String) -> HTML {
            answering ? "<a href=\"\(Route.surveyCode.path(code))\">\(code)</a>" : "\(code)"
        }
        let run: HTML = !overview.actorRuns || closed ? .empty : """
            <section aria-labelledby="invite-title"><h2 id="invite-title">\(ctx.t(FollowUpUIText.invite))</h2>
            <p class="hint">\(ctx.t(FollowUpUIText.inviteHint))</p>
            \(publicURLIsThisMachine ? "<div class=\"notice\" role=\"status\"><p>\(ctx.t(FollowUpUIText.linksLocal(publicURL)))</p></div>" as HTML : .empty)
            \(Form.errorSummary(errors, ctx, labels: ["unit_id": ctx.t(FollowUpUIText.unit), "count": ctx.t(FollowUpUIText.count)]))
            <form method="post" action="\(Route.surveyInvitations.path(slug, round.id))" class="narrow" novalidate>
            \(Form.csrf(ctx))
            \(Form.select("unit_id", label: ctx.t(FollowUpUIText.unit), options: units.map { (String($0.id), String(repeating: "– ", count: $0.depth) + (unitNames[$0.id] ?? "")) }, selected: form["unit_id"], errors: errors, ctx))
            \(Form.text("count", label: ctx.t(FollowUpUIText.count), value: form["count"], errors: errors, ctx, type: "number", autocomplete: "off"))
            <button type="submit">\(ctx.t(FollowUpUIText.makeLinks))</button>
            </form></section>
            <section class="danger-zone" aria-labelledby="close-title"><h2 id="close-title">\(ctx.t(FollowUpUIText.close))</h2>
            <p>\(ctx.t(FollowUpUIText.closeHint))</p>
            <form method="post" action="\(Route.surveyClose.path(slug, round.id))">\(Form.csrf(ctx))<button type="submit" class="secondary">\(ctx.t(FollowUpUIText.close))</button></form>
            </section>
            """
        let content: HTML = """
            <h1>\(title)</h1>
            <dl class="facts">
            <dt>\(ctx.t(FollowUpUIText.status))</dt><dd>\(RoundStatus.text(round, today: today, ctx))</dd>
            <dt>\(ctx.t(FollowUpUIText.opensOn))</dt><dd>\(round.opensOn.description)</dd>
            <dt>\(ctx.t(FollowUpUIText.closesOn))</dt><dd>\(round.closesOn.description)</dd>
            </dl>
            \(closed ? "<p><a href=\"\(Route.surveyReport.path(slug, round.id))\" class=\"button-link\">\(ctx.t(FollowUpUIText.report))</a></p>" as HTML : "<p>\(ctx.t(FollowUpUIText.notClosed))</p>" as HTML)
            <h2>\(ctx.t(FollowUpUIText.invited))</h2>
            \(invitedRows.isEmpty ? "<p>\(ctx.t(FollowUpUIText.none))</p>" as HTML : Form.table(label: ctx.t(FollowUpUIText.invited), """
                <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.unit))</th><th scope="col">\(ctx.t(FollowUpUIText.invited))</th></tr></thead>
                <tbody>\(invitedRows)</tbody></table>
                """))
            \(overview.codes.isEmpty ? .empty : """
                <h2>\(ctx.t(FollowUpUIText.unitCodes))</h2>
                \(Form.table(label: ctx.t(FollowUpUIText.unitCodes), """
                    <table><thead><tr><th scope="col">\(ctx.t(FollowUpUIText.unit))</th><th scope="col">\(ctx.t(FollowUpUIText.code))</th><th scope="col">\(ctx.t(FollowUpUIText.cap))</th></tr></thead>
                    <tbody>\(overview.codes.map { "<tr><th scope=\"row\">\(unitNames[$0.unitID] ?? "–")</th><td>\(codeLink($0.code))</td><td>\(ctx.number($0.cap))</td></tr>" as HTML })</tbody></table>
                    """))
                """ as HTML)
            \(run)
            """
        return PageView(title: title, breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path),
                                                    (ctx.t(FollowUpUIText.surveys), Route.surveyRounds.path(slug))], content: content)
    }
}
