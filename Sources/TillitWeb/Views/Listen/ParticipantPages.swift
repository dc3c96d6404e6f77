import Foundation
import TillitListen
import TillitPlatform

/// The participant's page behind a unit's code: plain, easy-to-read words, a kind to choose and a
/// text, nothing about the sender kept.
struct ParticipantPage {
    let target: ParticipantTarget
    let form: FormData
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let kinds: [(String, String)] = [
            (ParticipantKind.hinder.rawValue, ctx.t(SignalUIText.participantKindHinder)),
            (ParticipantKind.ide.rawValue, ctx.t(SignalUIText.participantKindIde)),
            (ParticipantKind.fraga.rawValue, ctx.t(SignalUIText.participantKindFraga)),
        ]
        let content: HTML = """
            <div class="narrow easy-read">
            <h1>\(ctx.t(SignalUIText.participantTitle))</h1>
            <p class="lead">\(ctx.t(SignalUIText.participantLead))</p>
            <p>\(ctx.t(SignalUIText.participantUnit("\(target.unit.name), \(target.organisation.name)")))</p>
            \(Form.errorSummary(errors, ctx, labels: ["kind": ctx.t(SignalUIText.participantKindLegend), "text": ctx.t(SignalUIText.participantTextLabel)]))
            <form method="post" action="\(SiteURL.participant(code: target.code.code).path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.radios("kind", legend: ctx.t(SignalUIText.participantKindLegend), options: kinds, selected: form["kind"], errors: errors, ctx))
            \(Form.textarea("text", label: ctx.t(SignalUIText.participantTextLabel), value: form["text"], errors: errors, ctx, hint: ctx.t(SignalUIText.participantTextHint), rows: 5))
            <div class="hp" aria-hidden="true"><label for="field-website">\(ctx.t(SignalUIText.participantHoneypot))</label>\
            <input type="text" id="field-website" name="website" tabindex="-1" autocomplete="off"></div>
            <p>\(ctx.t(SignalUIText.participantPrivacy))</p>
            <button type="submit">\(ctx.t(SignalUIText.participantSend))</button>
            </form>
            </div>
            """
        return PageView(title: ctx.t(SignalUIText.participantTitle), content: content, plain: true)
    }
}

/// The thanks after a participant's message, with its receipt code while the hand-over lasts.
struct ParticipantThanksPage {
    let receipt: String?

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <div class="narrow easy-read">
            <h1>\(ctx.t(SignalUIText.participantThanks))</h1>
            <div class="notice" role="status"><p>\(ctx.t(SignalUIText.participantThanksLead))</p></div>
            \(receipt.map { """
                <p>\(ctx.t(SignalUIText.participantThanksCode))</p>
                <p><code class="token">\($0)</code></p>
                """ as HTML } ?? "<p>\(ctx.t(SignalUIText.participantThanksCodeShown))</p>")
            <p><a href="\(SiteURL.receipt.path)">\(ctx.t(SignalUIText.participantThanksFollow))</a></p>
            </div>
            """
        return PageView(title: ctx.t(SignalUIText.participantThanks), content: content, plain: true)
    }
}

/// A unit's code for the participants' voice, as a poster with its QR code and link, for the
/// unit's managers and the administrators: publish, replace or withdraw it.
struct ParticipantCodePage {
    let organisation: Organisation
    let unit: OrgUnit
    let code: ParticipantCode?
    let publicURL: String
    let publicURLIsThisMachine: Bool

    func render(_ ctx: PageContext) -> PageView {
        let action = SiteURL.unitParticipantCode(slug: organisation.slug, id: unit.id).path
        let body: HTML
        if let code {
            let link = publicURL + SiteURL.participant(code: code.code).path
            let unreachable: HTML = publicURLIsThisMachine
                ? "<div class=\"notice no-print\" role=\"status\"><p>\(ctx.t(SignalUIText.publicURLLocal(publicURL)))</p></div>" : .empty
            body = """
                \(unreachable)
                <div class="poster">
                <p class="poster-title">\(ctx.t(SignalUIText.participantTitle)) – \(unit.name)</p>
                <img class="qr" src="\(SiteURL.participantQR(code: code.code).path)" alt="\(ctx.t(SignalUIText.participantCodeQRAlt(link)))" width="240" height="240">
                <p>\(ctx.t(SignalUIText.participantCodeLink)): <a href="\(SiteURL.participant(code: code.code).path)">\(link)</a></p>
                <p>\(ctx.t(SignalUIText.receiptCode)): <code class="token">\(code.code)</code></p>
                </div>
                <p class="no-print">\(ctx.t(SignalUIText.participantCodePoster))</p>
                <div class="actions no-print">
                <form method="post" action="\(action)" class="inline-form">\(Form.csrf(ctx))<button type="submit" class="secondary">\(ctx.t(SignalUIText.participantCodeRotate))</button></form>
                <form method="post" action="\(SiteURL.unitParticipantCodeWithdraw(slug: organisation.slug, id: unit.id).path)" class="inline-form">\(Form.csrf(ctx))\
                <button type="submit" class="secondary">\(ctx.t(SignalUIText.participantCodeWithdraw))</button></form>
                </div>
                """
        } else {
            body = """
                <p>\(ctx.t(SignalUIText.participantCodeNone))</p>
                <form method="post" action="\(action)">\(Form.csrf(ctx))<button type="submit">\(ctx.t(SignalUIText.participantCodePublish))</button></form>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(SignalUIText.participantCodeTitle)): \(unit.name)</h1>
            <p class="lead no-print">\(ctx.t(SignalUIText.participantCodeLead))</p>
            \(body)
            """
        return PageView(title: "\(ctx.t(SignalUIText.participantCodeTitle)): \(unit.name)",
                        breadcrumbs: [(organisation.name, SiteURL.organisation(slug: organisation.slug).path),
                                      (unit.name, SiteURL.unit(slug: organisation.slug, id: unit.id).path)],
                        content: content)
    }
}
