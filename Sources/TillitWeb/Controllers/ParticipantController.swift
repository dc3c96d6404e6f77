import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitListen

/// The participant's voice: a unit's short code and QR code, and the plain-language page behind
/// them where participants and service users write without an account.
struct ParticipantController: Sendable {
    let site: Site
    var signals: Signals { Signals(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.participantEntry, use: entry)
        router.get(Route.participant, use: form)
        router.post(Route.participant, quiet: true, use: submit)
        router.get(Route.participantThanks, quiet: true, use: thanksPage)
        router.get(Route.participantQR, use: qr)
        router.get(Route.unitParticipantCode, use: manage)
        router.post(Route.unitParticipantCode, use: publish)
        router.post(Route.unitParticipantCodeWithdraw, use: withdraw)
    }

    // MARK: The participant's page

    /// Where a resident types the code from a poster (`?kod=…`): a known code leads to its page, any
    /// other is shown again with what was typed and what to check. Failed look-ups count towards the
    /// same limit per client as receipt codes, so codes cannot be guessed in bulk.
    @Sendable func entry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ctx = site.pageContext(request, context)
        guard let typed = site.formText(request, "kod").map({ String($0.prefix(40)) }), !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
            return site.render(CodeEntryPage(typed: nil, errors: []).render(ctx), request, context)
        }
        let key = site.receiptAttempts.key(context, scope: "participant-code")
        try site.receiptAttempts.check(key)
        do {
            let target = try await signals.participantTarget(code: typed)
            return HTMLResponse.seeOther(SiteURL.participant(code: target.code.code).path)
        } catch let error as AppError where error.status == .notFound || error.status == .gone {
            site.receiptAttempts.record(key)
            let status: HTTPResponse.Status = error.status == .gone ? .gone : .notFound
            return site.render(CodeEntryPage(typed: typed, errors: [FieldError("kod", error.message)]).render(ctx), request, context, status: status)
        }
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await signals.participantTarget(code: try context.parameters.require("code"))
        return page(request, context, target, form: FormData(pairs: []), errors: [])
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ target: ParticipantTarget, form: FormData, errors: [FieldError],
                      status: HTTPResponse.Status = .ok) -> Response {
        let view = ParticipantPage(target: target, form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let target = try await signals.participantTarget(code: code)
        let thanks = SiteURL.participantThanks(code: target.code.code).path
        return try await site.submit(request, context, save: { form in
            // A filled honeypot is a robot: it is thanked like anyone, and nothing is kept.
            if !(form["website"] ?? "").isEmpty { return try await HandOver.receipt.redirect(to: thanks, carrying: nil, site, context) }
            let key = site.participantPosts.key(context, scope: target.code.code)
            try site.participantPosts.check(key)
            let (_, receipt) = try await signals.raise(participantCode: code, kind: form["kind"], text: form["text"])
            site.participantPosts.record(key)
            // The answer is a 303 like the robot's; the thank-you page shows the code once (a
            // hand-over), and reloading it sends nothing twice.
            return try await HandOver.receipt.redirect(to: thanks, carrying: receipt, site, context)
        }, again: { request, form, errors, status in
            page(request, context, target, form: form, errors: errors, status: status)
        })
    }

    /// The thank-you page after a message, with its receipt code the first time it is shown.
    @Sendable func thanksPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await HandOver.receipt.show(request, site, context) { receipt in thanks(request, context, receipt: receipt) }
    }

    private func thanks(_ request: Request, _ context: AppRequestContext, receipt: String?) -> Response {
        var response = site.render(ParticipantThanksPage(receipt: receipt).render(site.pageContext(request, context)), request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The QR code for the code's page, as SVG.
    @Sendable func qr(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = try await signals.participantTarget(code: try context.parameters.require("code"))
        let link = site.publicURL + SiteURL.participant(code: target.code.code).path
        let svg = try QRCode.encode(link, correction: .medium).svg(title: SignalUIText.participantCodeQRAlt(link).text(context.language))
        var headers = HTTPFields()
        headers[.contentType] = "image/svg+xml; charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    // MARK: Managing a unit's code

    private func unitAndCode(_ context: AppRequestContext) async throws -> (Organisation, OrgUnit, ParticipantCode?) {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let unit = try await site.platform.unit(actor: actor, id: try site.id(context))
        guard unit.organisationID == organisation.id else { throw AppError.notFound }
        return (organisation, unit, try await signals.participantCode(actor: actor, unitID: unit.id))
    }

    @Sendable func manage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (organisation, unit, code) = try await unitAndCode(context)
        let view = ParticipantCodePage(organisation: organisation, unit: unit, code: code, publicURL: site.publicURL,
                                       publicURLIsThisMachine: site.publicURLIsThisMachine)
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (organisation, unit, _) = try await unitAndCode(context)
        _ = try await signals.publishParticipantCode(actor: try context.actor(), unitID: unit.id)
        return HTMLResponse.seeOther(SiteURL.unitParticipantCode(slug: organisation.slug, id: unit.id).path)
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (organisation, unit, _) = try await unitAndCode(context)
        try await signals.withdrawParticipantCode(actor: try context.actor(), unitID: unit.id)
        return HTMLResponse.seeOther(SiteURL.unitParticipantCode(slug: organisation.slug, id: unit.id).path)
    }
}
