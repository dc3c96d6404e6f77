import Foundation
import Hummingbird
import SQLKit
import TillitListen
import TillitPlatform
import TillitPrune

/// Where Listen and Prune meet: a signal about an unnecessary requirement ("onödigt krav") becomes
/// a requirement, or is linked to one, in one action by whoever may answer the signal; when the
/// requirement is decided, the decision answers the signal in the same transaction.
struct SignalRequirementLink: Sendable {
    let site: Site
    var signals: Signals { Signals(platform: site.platform) }
    var requirements: Requirements { Requirements(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.post(Route.signalRequirement, use: link)
    }

    /// The signal, if it is about a requirement and the actor may answer it (else 403; 404 if unseen).
    func linkableSignal(actor: Actor, id: Int64) async throws -> SignalDetail {
        let detail = try await signals.detail(actor: actor, id: id)
        guard detail.signal.kind == .onodigtKrav, detail.actorHasMandate, detail.signal.status == .open else { throw AppError.forbidden }
        return detail
    }

    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        _ = try await linkableSignal(actor: actor, id: id)
        return try await site.submit(request, context, save: { form in
            guard let requirementID = RequestNumber.id(form["requirement_id"]) else {
                throw AppError.invalid([FieldError("requirement_id", PlatformText.chooseOne)])
            }
            try await requirements.link(actor: actor, requirementID: requirementID, signalID: id)
            return HTMLResponse.seeOther(SiteURL.signal(id: id).path + "#requirement-title")
        }, again: { _, _, errors, _ in
            // The select offers only requirements that exist; a bad value is a hand-made request.
            throw AppError(.badRequest, code: "invalid-requirement", message: PlatformText.badRequest, fieldErrors: errors)
        })
    }

    /// The section on a signal's page: the requirements it is linked to and, for whoever may
    /// answer it, the form to link it and the way to make a requirement of it.
    func panel(actor: Actor, detail: SignalDetail, _ ctx: PageContext) async throws -> HTML {
        let signal = detail.signal
        guard signal.kind == .onodigtKrav, Policy.canViewOrganisation(actor, signal.organisationID) else { return .empty }
        let organisation = try await site.platform.organisation(id: signal.organisationID)
        let linked = try await requirements.linked(actor: actor, signalID: signal.id)
        var form: HTML = .empty
        if detail.actorHasMandate, signal.status == .open {
            let candidates = try await requirements.list(actor: actor, organisationID: organisation.id, filter: .init(status: RequirementStatus.active.rawValue))
                .filter { item in !linked.contains { $0.id == item.requirement.id } }
            let options = candidates.map { (String($0.requirement.id), $0.requirement.name) }
            form = """
                \(options.isEmpty ? .empty : """
                    <form method="post" action="\(Route.signalRequirement.path(signal.id))" novalidate>\(Form.csrf(ctx))
                    \(Form.select("requirement_id", label: ctx.t(PruneUI.chooseRequirement), options: options, selected: nil, errors: [], ctx))
                    <button type="submit" class="secondary">\(ctx.t(PruneUI.linkButton))</button></form>
                    """ as HTML)
                <p><a class="button-link" href="\(PruneURL.requirementNew(organisation.slug))?signal=\(signal.id)">\(ctx.t(PruneUI.createFromSignal))</a></p>
                <p class="hint">\(ctx.t(PruneUI.answeredOnDecision))</p>
                """
        }
        let list: HTML = linked.isEmpty ? "<p>\(ctx.t(PruneUI.signalNotLinked))</p>" : """
            <p>\(ctx.t(PruneUI.signalLinkedTo))</p>
            <ul class="plain-list">\(linked.map { "<li><a href=\"\(PruneURL.requirement(organisation.slug, $0.id))\">\($0.name)</a> <span class=\"meta\">\(ctx.t($0.status.label))</span></li>" as HTML })</ul>
            """
        return """
            <section aria-labelledby="requirement-title" class="panel"><h2 id="requirement-title">\(ctx.t(PruneUI.signalPanelTitle))</h2>
            \(list)\(form)</section>
            """
    }

    /// What a decision on a requirement answers its linked signals with: removing it is the
    /// signal's "åtgärdas", simplifying it "åtgärdas delvis", keeping it "åtgärdas inte" (with the
    /// owner's reason); an investigation answers nothing yet.
    static func signalDecision(_ kind: RequirementDecisionKind) -> Decision? {
        switch kind {
        case .taBort: .atgardas
        case .forenkla: .atgardasDelvis
        case .behall: .atgardasInte
        case .utred: nil
        }
    }

    /// The follow-up that answers the linked signals, for ``Requirements/decide``.
    static func followUp(platform: Platform, actor: Actor) -> Requirements.DecisionFollowUp {
        { db, decision, requirement, signalIDs in
            guard let answer = signalDecision(decision.kind) else { return }
            let text = "Signalen gällde kravet ”\(requirement.name)” i kravinventeringen. Beslut: \(decision.kind.label.sv). \(decision.reason)"
            for id in signalIDs {
                _ = try await Signals(platform: platform).answer(db, actor: actor, id: id, decision: answer, text: text)
            }
        }
    }
}
