import Foundation
import TillitFormats
import TillitPlatform
import TillitStorage

/// What every page needs from the request: language, who is signed in, the form token, where we are.
struct PageContext: Sendable {
    let language: Language
    let identity: Identity?
    let csrfToken: String
    let path: String
    let demo: Bool
    /// The request's query string, if any, so that switching language comes back to the same
    /// search, filters and page (GET requests only: a form's answer is not asked for again).
    var query: String? = nil

    /// Where the language switch returns to.
    var returnTo: String { query.map { "\(path)?\($0)" } ?? path }

    func t(_ text: some LocalizedText) -> String { text.text(language) }

    /// A figure as the reader's language writes it (`12 345`, `3,5` in Swedish).
    func number(_ value: Int) -> String { NumberText.format(value, swedish: language == .sv) }
    func number(_ value: Double, digits: Int) -> String { NumberText.format(value, fractionDigits: digits, swedish: language == .sv) }
    func percent(_ value: Int) -> String { NumberText.percent(value, swedish: language == .sv) }
    func percent(_ value: Double, digits: Int) -> String { NumberText.percent(value, fractionDigits: digits, swedish: language == .sv) }

    var isSystemAdministrator: Bool { identity.map { Policy.isSystemAdministrator($0.actor) } ?? false }
}

/// A page: its title, where it sits, and its content.
struct PageView: Sendable {
    let title: String
    var breadcrumbs: [(label: String, path: String)] = []
    let content: HTML
    /// A page for the public without an account (the participant's voice): no navigation, larger text.
    var plain = false
    /// Whether long words in the content's headings already have their soft hyphens.
    var hyphenated = false
}

/// The shared page frame: skip link, header with navigation and language switch, main, footer.
enum Layout {
    static func render(_ page: PageView, _ ctx: PageContext) -> HTML {
        let other: Language = ctx.language == .sv ? .en : .sv
        let nav: HTML = page.plain ? .empty : ctx.identity == nil
            ? "<li><a href=\"\(SiteURL.home.path)\"\(current(ctx, SiteURL.home.path))>\(ctx.t(UIText.home))</a></li><li><a href=\"\(SiteURL.knowledge.path)\"\(current(ctx, SiteURL.knowledge.path))>\(ctx.t(KnowledgeUIText.bank))</a></li>\(learnLinks(ctx))"
            : """
              <li><a href="\(SiteURL.home.path)"\(current(ctx, SiteURL.home.path))>\(ctx.t(UIText.home))</a></li>\
              <li><a href="\(SiteURL.me.path)"\(current(ctx, SiteURL.me.path))>\(ctx.t(UIText.myPage))</a></li>\
              <li><a href="\(SiteURL.signals.path)"\(current(ctx, SiteURL.signals.path))>\(ctx.t(SignalUIText.signals))</a></li>\
              <li><a href="\(SiteURL.knowledge.path)"\(current(ctx, SiteURL.knowledge.path))>\(ctx.t(KnowledgeUIText.bank))</a></li>\(learnLinks(ctx))\
              <li><a href="\(SiteURL.organisations.path)"\(current(ctx, SiteURL.organisations.path))>\(ctx.t(UIText.organisations))</a></li>\
              \(ctx.isSystemAdministrator ? "<li><a href=\"\(SiteURL.systemOrganisations.path)\"\(current(ctx, SiteURL.systemOrganisations.path))>\(ctx.t(UIText.systemAdministration))</a></li>" as HTML : .empty)
              """
        let account: HTML = page.plain ? .empty : ctx.identity.map { identity in
            // Staff raise a signal from any page: the form, then the answer.
            let raise: HTML = Policy.organisationIDs(identity.actor).isEmpty || ctx.path == SiteURL.signalNew.path ? .empty
                : "<a href=\"\(SiteURL.signalNew.path)\" class=\"button-link raise-link\">\(ctx.t(SignalUIText.raiseTitle))</a>"
            return """
                \(raise)<form method="post" action="\(SiteURL.signOut.path)" class="inline-form">\(Form.csrf(ctx))\
                <button type="submit" class="link-button">\(ctx.t(UIText.signOut))</button></form>
                """
        } ?? "<a href=\"\(SiteURL.signIn.path)\" class=\"button-link\">\(ctx.t(UIText.signIn))</a>"
        let crumbs: HTML = page.breadcrumbs.isEmpty ? .empty : """
            <nav class="breadcrumbs" aria-label="\(ctx.t(UIText.youAreHere))"><ol>\
            \(page.breadcrumbs.map { "<li><a href=\"\($0.path)\">\($0.label)</a></li>" as HTML })\
            <li aria-current="page">\(page.title)</li></ol></nav>
            """
        return """
            <!doctype html>
            <html lang="\(ctx.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(page.title) – Tillit</title>
            <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
            <link rel="alternate" type="application/atom+xml" href="\(LearnURL.examplesFeed)" title="\(ctx.t(LearnUI.examplesFeed))">
            </head>
            <body\(page.plain ? " class=\"plain-page\"" as HTML : .empty)>
            <a class="skip-link" href="#main">\(ctx.t(UIText.skipToContent))</a>
            <header class="site-header">
            <div class="wrap header-row">
            <a class="brand" href="\(SiteURL.home.path)"><span class="brand-mark" aria-hidden="true"></span>Tillit</a>
            \(page.plain ? .empty : "<nav class=\"main-nav\" aria-label=\"\(ctx.t(UIText.mainNavigation))\"><ul>\(nav)</ul></nav>" as HTML)
            <div class="header-actions">
            <form method="post" action="\(SiteURL.language.path)" class="inline-form">\(Form.csrf(ctx))\
            <input type="hidden" name="lang" value="\(other.rawValue)"><input type="hidden" name="return_to" value="\(ctx.returnTo)">\
            <button type="submit" class="link-button" lang="\(other.rawValue)">\(ctx.t(UIText.languageSwitch))</button></form>
            \(account)
            </div>
            </div>
            \(ctx.demo ? "<p class=\"demo-banner\">\(ctx.t(UIText.demoNotice))</p>" as HTML : .empty)
            </header>
            <main id="main" tabindex="-1">
            <div class="wrap">
            \(crumbs)
            \(contentOf: page, trailing: 1024)
            </div>
            </main>
            <footer class="site-footer"><div class="wrap"><p>\(ctx.t(UIText.footerAbout))</p>\
            <p><a href="\(LearnURL.openData)">\(ctx.t(LearnUI.openData))</a> · <a href="\(LearnURL.examplesFeed)">\(ctx.t(LearnUI.examplesFeed))</a> · \
            <a href="\(LearnURL.reportsFeed)">\(ctx.t(LearnUI.reportsFeed))</a></p>\
            \(ctx.identity.map { "<p>\(ctx.t(UIText.signedInAs($0.user.email)))</p>" as HTML })</div></footer>
            </body>
            </html>
            """
    }

    /// `page` with soft hyphens in the long words of its content's headings, for a page kept as
    /// it is shown (``render(_:_:)`` puts them in as it writes a page that does not have them).
    static func hyphenated(_ page: PageView) -> PageView {
        guard !page.hyphenated else { return page }
        return PageView(title: page.title, breadcrumbs: page.breadcrumbs, content: Hyphenation.headings(page.content),
                        plain: page.plain, hyphenated: true)
    }

    private static func learnLinks(_ ctx: PageContext) -> HTML {
        "<li><a href=\"\(LearnURL.pilots)\"\(current(ctx, LearnURL.pilots))>\(ctx.t(LearnUI.pilotsShort))</a></li><li><a href=\"\(LearnURL.reports)\"\(current(ctx, LearnURL.reports))>\(ctx.t(LearnUI.reportsShort))</a></li>"
    }

    private static func current(_ ctx: PageContext, _ path: String) -> HTML {
        ctx.path == path ? " aria-current=\"page\"" : ""
    }
}

/// Form parts that carry labels, hints and errors the accessible way: every field has a label,
/// errors are linked from a summary and tied to their field with `aria-describedby`.
enum Form {
    static func csrf(_ ctx: PageContext) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(ctx.csrfToken)\">"
    }

    /// The error summary at the top of a form: a heading and a link to each bad field, named by
    /// its label so two "fill in this field" messages can be told apart.
    static func errorSummary(_ errors: [FieldError], _ ctx: PageContext, labels: [String: String] = [:]) -> HTML {
        guard !errors.isEmpty else { return .empty }
        return """
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 id="error-summary-title">\(ctx.t(UIText.errorSummaryTitle))</h2>
            <ul>\(errors.map { error in
                "<li><a href=\"#field-\(error.field)\">\(labels[error.field].map { "\($0): " } ?? "")\(ctx.t(error.message))</a></li>" as HTML
            })</ul>
            </div>
            """
    }

    /// A table in a scrolling region that keyboard users can reach and scroll (WCAG 2.1.1).
    static func table(label: String, _ table: HTML) -> HTML {
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"\(label)\">\(table)</div>"
    }

    /// A field's error message (if any) and the ids its input is described by.
    private static func messages(_ name: String, hint: String?, errors: [FieldError], _ ctx: PageContext) -> (error: String?, describedBy: String) {
        let error = errors.first { $0.field == name }.map { ctx.t($0.message) }
        let describedBy = [hint.map { _ in "hint-\(name)" }, error.map { _ in "error-\(name)" }].compactMap { $0 }.joined(separator: " ")
        return (error, describedBy)
    }

    /// The hint and the error message above a field; the error starts with a word a screen reader says.
    private static func hintAndError(_ name: String, hint: String?, error: String?, _ ctx: PageContext) -> HTML {
        """
        \(hint.map { "<p class=\"hint\" id=\"hint-\(name)\">\($0)</p>" as HTML })
        \(error.map { "<p class=\"error-message\" id=\"error-\(name)\"><span class=\"visually-hidden\">\(ctx.t(UIText.errorPrefix)) </span>\($0)</p>" as HTML })
        """
    }

    /// A text input with its label, optional hint and error.
    static func text(
        _ name: String, label: String, value: String?, errors: [FieldError], _ ctx: PageContext,
        type: String = "text", hint: String? = nil, autocomplete: String? = nil, required: Bool = true, conditional: Bool = false
    ) -> HTML {
        let (error, describedBy) = messages(name, hint: hint, errors: errors, ctx)
        // A date input empties a value it cannot read: a date shown again with its error is a text
        // input, so the person sees what they typed beside the message.
        let type = type == "date" && error != nil ? "text" : type
        return """
            <div class="field\(error == nil ? "" : " field-error")">
            <label for="field-\(name)">\(label)\(required || conditional ? "" : " <span class=\"optional\">\(ctx.t(UIText.optional))</span>" as HTML)</label>
            \(hintAndError(name, hint: hint, error: error, ctx))
            <input id="field-\(name)" name="\(name)" type="\(type)" value="\(type == "password" ? "" : value ?? "")"\
            \(describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\"" as HTML)\
            \(error == nil ? "" : " aria-invalid=\"true\"" as HTML)\
            \(autocomplete.map { " autocomplete=\"\($0)\"" as HTML })\(required ? " required" : "")>
            </div>
            """
    }

    /// A file input with its label, hint and error; its form needs `enctype="multipart/form-data"`.
    static func file(_ name: String, label: String, accept: String, errors: [FieldError], _ ctx: PageContext, hint: String? = nil) -> HTML {
        let (error, describedBy) = messages(name, hint: hint, errors: errors, ctx)
        return """
            <div class="field\(error == nil ? "" : " field-error")">
            <label for="field-\(name)">\(label)</label>
            \(hintAndError(name, hint: hint, error: error, ctx))
            <input id="field-\(name)" name="\(name)" type="file" accept="\(accept)"\
            \(describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\"" as HTML)\
            \(error == nil ? "" : " aria-invalid=\"true\"" as HTML) required>
            </div>
            """
    }

    /// A select with its label and error.
    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?, errors: [FieldError], _ ctx: PageContext,
        hint: String? = nil
    ) -> HTML {
        let (error, describedBy) = messages(name, hint: hint, errors: errors, ctx)
        return """
            <div class="field\(error == nil ? "" : " field-error")">
            <label for="field-\(name)">\(label)</label>
            \(hintAndError(name, hint: hint, error: error, ctx))
            <select id="field-\(name)" name="\(name)"\(describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\"" as HTML)\(error == nil ? "" : " aria-invalid=\"true\"" as HTML)>
            \(options.map { "<option value=\"\($0.value)\"\($0.value == selected ? " selected" : "")>\($0.label)</option>" as HTML })
            </select>
            </div>
            """
    }

    /// A multi-line text field with its label, hint and error.
    /// A text area; `conditional` for one that is required only in some cases (its hint says which):
    /// neither marked optional nor required.
    static func textarea(_ name: String, label: String, value: String?, errors: [FieldError], _ ctx: PageContext, hint: String? = nil, required: Bool = true,
                         conditional: Bool = false, rows: Int = 5) -> HTML {
        let (error, describedBy) = messages(name, hint: hint, errors: errors, ctx)
        return """
            <div class="field\(error == nil ? "" : " field-error")">
            <label for="field-\(name)">\(label)\(required || conditional ? "" : " <span class=\"optional\">\(ctx.t(UIText.optional))</span>" as HTML)</label>
            \(hintAndError(name, hint: hint, error: error, ctx))
            <textarea id="field-\(name)" name="\(name)" rows="\(rows)"\(describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\"" as HTML)\(error == nil ? "" : " aria-invalid=\"true\"" as HTML)\(required ? " required" : "")>\(value ?? "")</textarea>
            </div>
            """
    }

    /// A group of checkboxes sharing one name (several values may be chosen): at least one must be
    /// ticked unless `required` is false, which the legend then says.
    static func checkboxes(_ name: String, legend: String, options: [(value: String, label: String)], selected: Set<String>, errors: [FieldError],
                           _ ctx: PageContext, hint: String? = nil, required: Bool = true) -> HTML {
        choiceGroup(name, type: "checkbox", legend: legend, options: options, selected: selected, errors: errors, ctx, hint: hint, required: required)
    }

    /// A group of radio buttons, one of which must be chosen (unless `required` is false, which the
    /// legend then says).
    static func radios(_ name: String, legend: String, options: [(value: String, label: String)], selected: String?, errors: [FieldError], _ ctx: PageContext,
                       hint: String? = nil, required: Bool = true) -> HTML {
        choiceGroup(name, type: "radio", legend: legend, options: options, selected: selected.map { [$0] } ?? [], errors: errors, ctx, hint: hint,
                    required: required)
    }

    /// A fieldset of radio buttons or checkboxes with its legend, hint and error. A required group of
    /// radio buttons has `required` on each (the browser and screen readers say a choice is needed);
    /// a group that may be left empty says so in its legend, as optional fields do.
    private static func choiceGroup(_ name: String, type: String, legend: String, options: [(value: String, label: String)], selected: Set<String>,
                                    errors: [FieldError], _ ctx: PageContext, hint: String?, required: Bool) -> HTML {
        let error = errors.first { $0.field == name }.map { ctx.t($0.message) }
        let described = [hint == nil ? nil : "hint-\(name)", error == nil ? nil : "error-\(name)"].compactMap { $0 }.joined(separator: " ")
        let items: [HTML] = options.enumerated().map { index, option in
            """
            <div class="choice"><input type="\(type)" id="field-\(name)-\(index)" name="\(name)" value="\(option.value)"\(selected.contains(option.value) ? " checked" : "")\(required && type == "radio" ? " required" : "")>\
            <label for="field-\(name)-\(index)">\(option.label)</label></div>
            """
        }
        return """
            <fieldset class="field\(error == nil ? "" : " field-error")" id="field-\(name)"\(described.isEmpty ? "" : " aria-describedby=\"\(described)\"" as HTML)>
            <legend>\(legend)\(required ? .empty : " <span class=\"optional\">\(ctx.t(UIText.optional))</span>" as HTML)</legend>
            \(hint.map { "<p class=\"hint\" id=\"hint-\(name)\">\($0)</p>" as HTML })
            \(error.map { "<p class=\"error-message\" id=\"error-\(name)\"><span class=\"visually-hidden\">\(ctx.t(UIText.errorPrefix)) </span>\($0)</p>" as HTML })
            \(type == "checkbox" ? "<div class=\"checkbox-grid\">\(items)</div>" as HTML : "\(items)" as HTML)
            </fieldset>
            """
    }

    /// A single checkbox with its label and an explanation.
    static func checkbox(_ name: String, label: String, checked: Bool, hint: String?) -> HTML {
        """
        <div class="field choice"><input type="checkbox" id="field-\(name)" name="\(name)" value="1"\(checked ? " checked" : "")\(hint == nil ? "" : " aria-describedby=\"hint-\(name)\"" as HTML)>\
        <label for="field-\(name)">\(label)</label>\(hint.map { "<p class=\"hint\" id=\"hint-\(name)\">\($0)</p>" as HTML })</div>
        """
    }

    /// A notice after a successful action (announced by screen readers).
    static func notice(_ text: String?) -> HTML {
        guard let text, !text.isEmpty else { return .empty }
        return "<div class=\"notice\" role=\"status\"><p>\(text)</p></div>"
    }

    /// Previous/next links for a paged list. A page with several paged lists names each pager's
    /// list (`list`, so their landmarks differ), gives each its own query parameter, and links to
    /// the list's heading (`fragment`).
    static func pager<T>(_ page: Page<T>, path: String, parameter: String = "page", list: String? = nil, fragment: String? = nil,
                         _ ctx: PageContext) -> HTML {
        guard page.pageCount > 1 else { return .empty }
        let current = page.request.page
        func link(_ n: Int) -> String { path + (path.contains("?") ? "&" : "?") + "\(parameter)=\(n)" + (fragment.map { "#" + $0 } ?? "") }
        let label = (list.map { $0 + ": " } ?? "") + ctx.t(UIText.pageOf(current, page.pageCount))
        return """
            <nav class="pager" aria-label="\(label)"><ul>
            \(current > 1 ? "<li><a href=\"\(link(current - 1))\" rel=\"prev\">\(ctx.t(UIText.previous))</a></li>" as HTML : .empty)
            <li>\(ctx.t(UIText.pageOf(current, page.pageCount)))</li>
            \(current < page.pageCount ? "<li><a href=\"\(link(current + 1))\" rel=\"next\">\(ctx.t(UIText.next))</a></li>" as HTML : .empty)
            </ul></nav>
            """
    }

    /// A date and time in Swedish local time, ISO order (the same in both languages).
    static func dateTime(_ date: Date) -> HTML {
        let local = LocalTime(date)
        return "<time datetime=\"\(local.iso8601)\">\(local.display)</time>"
    }
}

extension Hyphenation {
    /// `html` with soft hyphens in its headings' long words (``headings(_:)-(String)``), for a page
    /// that hyphenates the part holding its heading itself rather than leaving the frame to look
    /// through all of it.
    static func headings(_ html: HTML) -> HTML {
        HTML(unsafeRaw: headings(html.rendered))
    }
}
