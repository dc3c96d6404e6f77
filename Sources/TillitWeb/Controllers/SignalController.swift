import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitListen
import TillitStorage

/// The Listen pages: raise a signal, follow it, answer and forward it.
struct SignalController: Sendable {
    let site: Site
    var signals: Signals { Signals(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.signals, use: overview)
        router.get(Route.signalNew, use: newForm)
        router.post(Route.signalNew, quiet: true, use: raise)
        // Quiet like the receipt page: a named raise lands here and an anonymous one on the
        // receipt, so a log line here and none there would tell the two apart.
        router.get(Route.signal, quiet: true, use: show)
        router.post(Route.signalForward, use: forward)
        router.post(Route.signalDecide, use: decide)
        router.post(Route.signalImplement, use: implement)
        router.post(Route.signalSupport, use: support)
        router.post(Route.signalComment, use: comment)
        router.get(Route.receipt, use: receiptForm)
        router.post(Route.receipt, quiet: true, use: receipt)
        router.get(Route.receiptIssued, quiet: true, use: receiptIssued)
        router.post(Route.receiptReply, quiet: true, use: receiptReply)
        router.get(Route.receiptReply, quiet: true, use: receiptReplied)
    }

    /// The manager's signals waiting for an answer, for their start page (nil for anyone who manages no unit).
    func startPanel(_ actor: Actor, _ ctx: PageContext) async throws -> HTML? {
        guard Policy.isManager(actor) else { return nil }
        let first = PageRequest(page: 1, perPage: 5)!
        let data = try await signals.overview(actor: actor, pages: OverviewPages(toAnswer: first, raised: first, ofMyUnits: first), onlyToAnswer: true)
        return """
            <section aria-labelledby="start-to-answer"><h2 id="start-to-answer">\(ctx.t(SignalUIText.toAnswer)) (\(ctx.number(data.toAnswer.total)))</h2>
            \(SignalList.render(data.toAnswer.items, overdue: data.overdue, trees: data.trees, ctx))
            <p><a href="\(SiteURL.signals.path)">\(ctx.t(SignalUIText.allSignals))</a></p></section>
            """
    }

    /// A text as shown: cleared text (retention, or a removed writer's) says so instead.
    static func shown(_ text: String, _ ctx: PageContext) -> String {
        text.isEmpty ? ctx.t(PrivacyUIText.textRemoved) : text
    }

    /// The first line of a text, at most `length` characters, cut between words.
    static func excerpt(_ text: String, length: Int = 90) -> String {
        // Lists show the same texts again and again, and cutting between characters walks the text
        // character by character: each excerpt is made once per text and length.
        excerpts.value(ExcerptKey(text: ExactText(text), length: length)) { cut(text, length: length) }
    }

    private struct ExcerptKey: Hashable, Sendable {
        let text: ExactText
        let length: Int
    }

    private static let excerpts = KeptValues<ExcerptKey, String>(capacity: 4096)

    static func cut(_ text: String, length: Int) -> String {
        // The first line that is not empty (all of a text without one), counted only as far as
        // the cut: a list shows many excerpts of texts of any length.
        var rest = text[...]
        while rest.first == "\n" { rest = rest.dropFirst() }
        let line = rest.isEmpty ? text[...] : rest.firstIndex(of: "\n").map { rest[..<$0] } ?? rest
        guard let limit = line.index(line.startIndex, offsetBy: length, limitedBy: line.endIndex), limit < line.endIndex else {
            return String(line)
        }
        let cut = line.prefix(length - 1)
        let words = cut.lastIndex(where: \.isWhitespace).map { cut[..<$0] } ?? cut
        // Spaces and punctuation off both ends, scalar by scalar (as Foundation trims, without
        // bridging the text to an NSString).
        var scalars = Substring(words).unicodeScalars
        while let first = scalars.first, Self.trimmed.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, Self.trimmed.contains(last) { scalars.removeLast() }
        return String(Substring(scalars)) + "…"
    }

    private static let trimmed = CharacterSet.whitespaces.union(.punctuationCharacters)

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let requested = try site.pageRequests(request, SignalsOverviewPage.parameters, perPage: Signals.overviewPageSize)
        let pages = OverviewPages(toAnswer: requested[0], raised: requested[1], ofMyUnits: requested[2])
        let view = SignalsOverviewPage(overview: try await signals.overview(actor: actor, pages: pages), pages: pages, isManager: Policy.isManager(actor))
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let ownUnit = Policy.homeUnit(actor).map(String.init)
        return try await raisePage(request, context, form: FormData(pairs: [("unit_id", ownUnit ?? "")]), errors: [])
    }

    private func raisePage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.actor()
        var units: [(value: String, label: String)] = []
        for organisationID in Policy.organisationIDs(actor).sorted() {
            let tree = try await site.platform.unitTree(organisationID: organisationID)
            units += tree.flattened(includeClosed: false).map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
        }
        let view = RaiseSignalPage(form: form, errors: errors, units: units)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func raise(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            let (signal, receipt) = try await signals.raise(actor: actor, .init(
                kind: form["kind"], text: form["text"], unitID: form["unit_id"], affects: form["affects"],
                suggestion: form["suggestion"], anonymous: form["anonymous"] == "1"))
            guard let receipt else { return HTMLResponse.seeOther(SiteURL.signal(id: signal.id).path) }
            // Named or anonymous, the answer is the same 303: only this browser can see the receipt,
            // once, on the next page (a hand-over). Reloading sends nothing twice; the code is never
            // in an address or a log.
            return try await HandOver.receipt.redirect(to: SiteURL.receiptIssued.path, carrying: receipt, site, context)
        }, again: { request, form, errors, status in
            try await raisePage(request, context, form: form, errors: errors, status: status)
        })
    }

    /// The receipt of an anonymous signal, shown after the POST that raised it.
    @Sendable func receiptIssued(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await HandOver.receipt.show(request, site, context) { receipt in
            noStore(site.render(ReceiptIssuedPage(receipt: receipt).render(site.pageContext(request, context)), request, context))
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let detail = try await signals.detail(actor: actor, id: try site.id(context))
        let panel = try await SignalRequirementLink(site: site).panel(actor: actor, detail: detail, site.pageContext(request, context))
        return page(request, context, detail, errors: [], actor: actor, requirementPanel: panel)
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ detail: SignalDetail, errors: [FieldError], actor: Actor?,
                      receipt: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok, requirementPanel: HTML = .empty) -> Response {
        let view = SignalPage(detail: detail, errors: errors, viewer: actor, receipt: receipt, notice: notice, requirementPanel: requirementPanel)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    /// Runs a change from a form on the signal's page; shows the page again with errors if the form was wrong.
    private func act(_ request: Request, _ context: AppRequestContext, _ change: @Sendable (Actor, Int64, FormData) async throws -> Void) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        return try await site.submit(request, context, save: { form in
            try await change(actor, id, form)
            return HTMLResponse.seeOther(SiteURL.signal(id: id).path)
        }, again: { request, _, errors, status in
            page(request, context, try await signals.detail(actor: actor, id: id), errors: errors, actor: actor, status: status)
        })
    }

    @Sendable func forward(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signals = self.signals
        return try await act(request, context) { actor, id, form in
            _ = try await signals.forward(actor: actor, id: id, toUnitID: form["to_unit_id"], reason: form["reason"])
        }
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signals = self.signals
        return try await act(request, context) { actor, id, form in
            _ = try await signals.decide(actor: actor, id: id, decision: form["decision"], text: form["text"], owner: form["owner"])
        }
    }

    @Sendable func implement(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signals = self.signals
        return try await act(request, context) { actor, id, form in
            _ = try await signals.implement(actor: actor, id: id, note: form["note"])
        }
    }

    @Sendable func support(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signals = self.signals
        return try await act(request, context) { actor, id, _ in
            try await signals.toggleSupport(actor: actor, id: id)
        }
    }

    @Sendable func comment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signals = self.signals
        return try await act(request, context) { actor, id, form in
            _ = try await signals.comment(actor: actor, id: id, text: form["comment"], question: form["question"] == "1")
        }
    }

    @Sendable func receiptForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        receiptPage(request, context, errors: [])
    }

    /// The form for a receipt code; after a code that led nowhere, with what was typed and what to check.
    private func receiptPage(_ request: Request, _ context: AppRequestContext, errors: [FieldError], typed: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let view = ReceiptFormPage(errors: errors, typed: typed)
        return noStore(site.render(view.render(site.pageContext(request, context)), request, context, status: status))
    }

    /// The anonymous raiser's view: the code is sent in a POST body, never in a URL, so it does not
    /// end up in browser history or logs.
    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        let code = form["receipt"] ?? ""
        switch try await follow(code, context) {
        case .success(let detail): return noStore(page(request, context, detail, errors: [], actor: nil, receipt: code))
        case .failure(let error): return receiptPage(request, context, errors: error.fieldErrors, typed: code, status: .notFound)
        }
    }

    /// The anonymous raiser's answer, sent with the code again (in the body, never in a URL).
    @Sendable func receiptReply(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        let code = form["receipt"] ?? ""
        let detail: SignalDetail
        switch try await follow(code, context) {
        case .success(let found): detail = found
        case .failure(let error): return receiptPage(request, context, errors: error.fieldErrors, typed: code, status: .notFound)
        }
        do {
            try await signals.reply(receipt: code, text: form["comment"])
        } catch let error as AppError where !error.fieldErrors.isEmpty {
            return noStore(page(request, context, detail, errors: error.fieldErrors, actor: nil, receipt: code, status: .unprocessableContent))
        }
        // To the signal with the reply, by the same hand-over as a new receipt: the code is never in
        // the address, and a reload sends nothing again.
        return try await HandOver.receipt.redirect(to: SiteURL.receiptReply.path, carrying: Anonymity.normalise(receipt: code), site, context)
    }

    /// The signal after the anonymous raiser's reply, once (the hand-over); else the code form.
    @Sendable func receiptReplied(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await HandOver.receipt.show(request, site, context) { code in
            guard let code else { return receiptPage(request, context, errors: []) }
            let detail: SignalDetail
            do {
                detail = try await signals.detail(receipt: code)
            } catch let error as AppError where error.status == .notFound {
                return receiptPage(request, context, errors: [])
            }
            let ctx = site.pageContext(request, context)
            return noStore(page(request, context, detail, errors: [], actor: nil, receipt: code, notice: ctx.t(SignalUIText.replySaved)))
        }
    }

    /// The signal behind a receipt code, counting failed lookups per client (429 once they are used up).
    private func follow(_ code: String, _ context: AppRequestContext) async throws -> Result<SignalDetail, AppError> {
        let key = site.receiptAttempts.key(context)
        try site.receiptAttempts.check(key)
        do {
            return .success(try await signals.detail(receipt: code))
        } catch let error as AppError where !error.fieldErrors.isEmpty {
            site.receiptAttempts.record(key)
            return .failure(error)
        }
    }

    /// Pages that carry a receipt code are kept out of every cache.
    private func noStore(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
