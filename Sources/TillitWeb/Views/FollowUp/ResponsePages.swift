import Foundation
import TillitFollowUp
import TillitPlatform

/// The survey as a respondent answers it, on a phone and without JavaScript: one fieldset per
/// question, the labelled steps as radio buttons, "don't know" last; save for later (with a link)
/// or send. Public pages without navigation.
struct SurveyResponsePage {
    let questionnaire: Questionnaire
    let saved: [String: Answer]
    /// The form as typed, when it is shown again with errors.
    let typed: FormData?
    let errors: [FieldError]
    /// Whether answers can be saved for later (a personal link) or only sent (a shared code).
    let canSave: Bool
    let notice: String?
    let openUntil: String

    static func field(_ id: String) -> String { "answers.\(id)" }

    /// What to show as chosen for an item: what was typed, else what was saved.
    func value(_ item: Questionnaire.Item) -> String? {
        if let typed { return typed[Self.field(item.id)] }
        switch saved[item.id] {
        case .scale(let value)?: return String(value)
        case .dontKnow?: return Answer.dontKnowToken
        case .choice(let option)?: return option
        case .text(let text)?: return text
        case nil: return nil
        }
    }

    func render(_ ctx: PageContext) -> PageView {
        let title = questionnaire.title.text(ctx.language)
        let questions: [HTML] = questionnaire.items.enumerated().map { index, item in
            let name = Self.field(item.id)
            let error = errors.first { $0.field == name }.map { ctx.t($0.message) }
            let chosen = value(item)
            let legend = "\(index + 1). \(item.text.text(ctx.language))"
            let errorHTML: HTML = error.map { "<p class=\"error-message\" id=\"error-\(name)\"><span class=\"visually-hidden\">\(ctx.t(UIText.errorPrefix)) </span>\($0)</p>" as HTML } ?? .empty
            switch item.kind {
            case .likert(let scale):
                let options = scale.steps.enumerated().map { (String($0.offset + 1), $0.element.text(ctx.language)) } + [(Answer.dontKnowToken, scale.dontKnow.text(ctx.language))]
                return Self.fieldset(name, legend: legend, options: options, chosen: chosen, error: error, errorHTML: errorHTML)
            case .choice(let choices):
                return Self.fieldset(name, legend: legend, options: choices.map { ($0.id, $0.label.text(ctx.language)) }, chosen: chosen, error: error, errorHTML: errorHTML)
            case .text:
                return """
                    <div class="field question\(error == nil ? "" : " field-error")">
                    <label for="field-\(name)">\(legend)</label>
                    <p class="hint" id="hint-\(name)">\(ctx.t(FollowUpUIText.anonymityNote))</p>
                    \(errorHTML)
                    <textarea id="field-\(name)" name="\(name)" rows="4" aria-describedby="hint-\(name)\(error == nil ? "" : " error-\(name)")"\(error == nil ? "" : " aria-invalid=\"true\"" as HTML)>\(chosen ?? "")</textarea>
                    </div>
                    """
            }
        }
        // The participant survey is written plainly and shown in larger text, as the participant's voice is.
        let content: HTML = """
            <div class="\(questionnaire.audience == .participants ? "easy-read" : "staff-survey")">
            <h1>\(title)</h1>
            \(Form.notice(notice))
            <p class="lead">\(ctx.t(FollowUpUIText.answerLead))</p>
            <p>\(ctx.t(FollowUpUIText.skipHint)) \(ctx.t(FollowUpUIText.openUntil(openUntil)))</p>
            \(Form.errorSummary(errors, ctx, labels: Dictionary(uniqueKeysWithValues: questionnaire.items.enumerated().map { (Self.field($0.element.id), "\($0.offset + 1)") })))
            <form method="post" action="\(ctx.path)" class="survey-form" novalidate>
            \(Form.csrf(ctx))
            \(questions)
            <div class="actions">
            <button type="submit" name="action" value="send">\(ctx.t(FollowUpUIText.send))</button>
            \(canSave ? "<button type=\"submit\" name=\"action\" value=\"save\" class=\"secondary\">\(ctx.t(FollowUpUIText.save))</button>" as HTML : .empty)
            </div>
            </form>
            </div>
            """
        return PageView(title: title, content: content, plain: true)
    }

    static func fieldset(_ name: String, legend: String, options: [(String, String)], chosen: String?, error: String?, errorHTML: HTML) -> HTML {
        let items: [HTML] = options.enumerated().map { index, option in
            """
            <div class="choice"><input type="radio" id="field-\(name)-\(index)" name="\(name)" value="\(option.0)"\(option.0 == chosen ? " checked" : "")>\
            <label for="field-\(name)-\(index)">\(option.1)</label></div>
            """
        }
        return """
            <fieldset class="field question\(error == nil ? "" : " field-error")" id="field-\(name)"\(error == nil ? "" : " aria-describedby=\"error-\(name)\"" as HTML)>
            <legend>\(legend)</legend>
            \(errorHTML)
            \(items)
            </fieldset>
            """
    }
}

/// The thank-you page after sending, and the page where a shared code is typed.
struct SurveyPlainPages {
    static func thanks(_ ctx: PageContext) -> PageView {
        PageView(title: ctx.t(FollowUpUIText.thanks), content: """
            <h1>\(ctx.t(FollowUpUIText.thanks))</h1>
            <p class="lead">\(ctx.t(FollowUpUIText.thanksLead))</p>
            """, plain: true)
    }

    static func entry(_ ctx: PageContext, typed: String?, errors: [FieldError]) -> PageView {
        PageView(title: ctx.t(FollowUpUIText.answerTitle), content: """
            <h1>\(ctx.t(FollowUpUIText.answerTitle))</h1>
            \(Form.errorSummary(errors, ctx, labels: ["kod": ctx.t(FollowUpUIText.enterCode)]))
            <form method="get" action="\(Route.surveyEntry.path())" class="narrow" novalidate>
            \(Form.text("kod", label: ctx.t(FollowUpUIText.enterCode), value: typed, errors: errors, ctx, hint: ctx.t(FollowUpUIText.enterCodeHint), autocomplete: "off"))
            <button type="submit">\(ctx.t(FollowUpUIText.go))</button>
            </form>
            """, plain: true)
    }
}
