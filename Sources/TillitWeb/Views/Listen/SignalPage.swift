import Foundation
import TillitFormats
import TillitListen
import TillitPlatform

/// A signal's page: its text, the answer, the path it took, the conversation, and the actions the
/// viewer may take. The signed-in viewer acts through forms; the anonymous raiser (`receipt`) can
/// only reply.
struct SignalPage {
    let detail: SignalDetail
    var errors: [FieldError] = []
    /// Who is looking; nil for the anonymous raiser with the receipt code.
    let viewer: Actor?
    var receipt: String? = nil
    var notice: String? = nil
    /// The requirements inventory's section, for a signal about a requirement.
    var requirementPanel: HTML = .empty

    func render(_ ctx: PageContext) -> PageView {
        let signal = detail.signal
        let tree = detail.tree
        func name(_ id: Int64?) -> String { id.flatMap { tree[$0]?.name } ?? "–" }
        let answer: HTML = signal.decision.map { decision in
            """
            <section aria-labelledby="answer-title" class="answer"><h2 id="answer-title">\(ctx.t(SignalUIText.decision)): \(ctx.t(decision.label))</h2>
            \(signal.decisionText.map { "<p class=\"prewrap\">\($0)</p>" as HTML })
            \(signal.decisionOwner.map { "<p>\(ctx.t(SignalUIText.ownerShown($0)))</p>" as HTML })
            \(signal.implementedNote.map { "<p><strong>\(ctx.t(SignalUIText.implementTitle)):</strong> \($0)</p>" as HTML })
            </section>
            """
        } ?? .empty
        let pathItems: [HTML] = detail.path.map { hop in
            let when: String = signal.anonymous && hop.kind == .landed ? LocalTime(hop.at).dateOnly : LocalTime(hop.at).display
            // The raiser following with a code is told in their own words where the signal went.
            let step = receipt != nil && hop.kind == .landed ? ctx.t(SignalUIText.arrivedAt) : ctx.t(hop.kind.label)
            return "<li><strong>\(when)</strong> – \(step) \(name(hop.toUnitID))\(hop.reason.map { ". \(ctx.t(SignalUIText.reason)): \($0)" } ?? "")</li>"
        }
        var actions: [HTML] = []
        if detail.actorHasMandate, signal.status == .open {
            let units = tree.flattened(includeClosed: false).filter { $0.unit.id != signal.currentUnitID }.map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
            actions.append("""
                <section aria-labelledby="decide-title" class="panel"><h2 id="decide-title">\(ctx.t(SignalUIText.answerTitle))</h2>
                <form method="post" action="\(SiteURL.signalDecide(id: signal.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.radios("decision", legend: ctx.t(SignalUIText.decision), options: Decision.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: nil, errors: errors, ctx))
                \(Form.textarea("text", label: ctx.t(SignalUIText.decisionText), value: nil, errors: errors, ctx, hint: ctx.t(SignalUIText.decisionTextHint), required: false, conditional: true, rows: 4))
                \(Form.text("owner", label: ctx.t(SignalUIText.owner), value: nil, errors: errors, ctx, hint: ctx.t(SignalUIText.ownerHint), required: false))
                <button type="submit">\(ctx.t(SignalUIText.answer))</button></form></section>
                <section aria-labelledby="forward-title" class="panel"><h2 id="forward-title">\(ctx.t(SignalUIText.forwardTitle))</h2>
                <form method="post" action="\(SiteURL.signalForward(id: signal.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.select("to_unit_id", label: ctx.t(SignalUIText.forwardTo), options: units, selected: tree[signal.currentUnitID]?.parentID.map(String.init), errors: errors, ctx))
                \(Form.textarea("reason", label: ctx.t(SignalUIText.forwardReason), value: nil, errors: errors, ctx, hint: ctx.t(SignalUIText.forwardReasonHint), rows: 3))
                <button type="submit" class="secondary">\(ctx.t(SignalUIText.forward))</button></form></section>
                """)
        }
        if detail.actorHasMandate, signal.status == .decided, signal.decision != .atgardasInte {
            actions.append("""
                <section aria-labelledby="implement-title" class="panel"><h2 id="implement-title">\(ctx.t(SignalUIText.implementTitle))</h2>
                <form method="post" action="\(SiteURL.signalImplement(id: signal.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.textarea("note", label: ctx.t(SignalUIText.implementNote), value: nil, errors: errors, ctx, rows: 3))
                <button type="submit" class="secondary">\(ctx.t(SignalUIText.markImplemented))</button></form></section>
                """)
        }
        if viewer?.userID != nil, signal.isSolved {
            actions.append("""
                <section aria-labelledby="share-title" class="panel"><h2 id="share-title">\(ctx.t(KnowledgeUIText.shareSolution))</h2>
                <p>\(ctx.t(KnowledgeUIText.shareSolutionLead))</p>
                <form method="post" action="\(SiteURL.signalShare(id: signal.id).path)">\(Form.csrf(ctx))<button type="submit" class="secondary">\(ctx.t(KnowledgeUIText.shareSolution))</button></form></section>
                """)
        }
        let supportForm: HTML = viewer?.userID == nil ? .empty : """
            <form method="post" action="\(SiteURL.signalSupport(id: signal.id).path)" class="inline-form">\(Form.csrf(ctx))\
            <button type="submit" class="secondary">\(ctx.t(detail.supportedByActor ? SignalUIText.supportRemove : SignalUIText.supportAdd))</button></form>
            """
        let commentItems: [HTML] = detail.comments.map { comment in
            let who: String = comment.byRaiser
                ? (comment.authorName.map { "\($0) (\(ctx.t(SignalUIText.raiserLabel)))" } ?? ctx.t(SignalUIText.raiserAnonymous))
                : (comment.authorName ?? "–")
            let when = comment.authorName == nil ? LocalTime(comment.createdAt).dateOnly : LocalTime(comment.createdAt).display
            return """
                <li\(comment.question ? " class=\"question\"" as HTML : .empty)><p class="meta"><strong>\(who)</strong> · \(when)\
                \(comment.question ? " · <span class=\"tag\">\(ctx.t(SignalUIText.questionToRaiser))</span>" as HTML : .empty)</p>
                <p class="prewrap">\(SignalController.shown(comment.text, ctx))</p></li>
                """
        }
        let commentForm: HTML
        if let receipt {
            commentForm = """
                <form method="post" action="\(SiteURL.receiptReply.path)" novalidate>\(Form.csrf(ctx))
                <input type="hidden" name="receipt" value="\(receipt)">
                \(Form.textarea("comment", label: ctx.t(SignalUIText.replyTitle), value: nil, errors: errors, ctx, hint: ctx.t(SignalUIText.replyHint), rows: 3))
                <button type="submit">\(ctx.t(SignalUIText.replySend))</button></form>
                """
        } else if viewer?.userID != nil {
            commentForm = """
                <form method="post" action="\(SiteURL.signalComment(id: signal.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.textarea("comment", label: ctx.t(SignalUIText.commentLabel), value: nil, errors: errors, ctx, rows: 3))
                \(detail.actorHasMandate ? Form.checkbox("question", label: ctx.t(SignalUIText.asQuestion), checked: false, hint: ctx.t(SignalUIText.asQuestionHint)) : .empty)
                <button type="submit" class="secondary">\(ctx.t(SignalUIText.commentSend))</button></form>
                """
        } else {
            commentForm = .empty
        }
        let hasQuestion = receipt != nil && detail.comments.last(where: { !$0.byRaiser })?.question == true
        let commentsSection: HTML = """
            <section aria-labelledby="comments-title"><h2 id="comments-title">\(ctx.t(SignalUIText.comments))</h2>
            \(hasQuestion ? "<p class=\"notice\">\(ctx.t(SignalUIText.questionsForYou))</p>" as HTML : .empty)
            \(detail.comments.isEmpty ? "<p>\(ctx.t(SignalUIText.noComments))</p>" as HTML : "<ul class=\"plain-list comments\">\(commentItems)</ul>" as HTML)
            \(commentForm)
            </section>
            """
        let created = signal.anonymous ? LocalTime(signal.createdAt).dateOnly : LocalTime(signal.createdAt).display
        let title = "\(ctx.t(signal.kind.label)): \(SignalController.excerpt(SignalController.shown(signal.text, ctx), length: 60))"
        // The raiser following with a code is told when and where they sent it, in their own words.
        let lead: HTML = receipt != nil
            ? "<p class=\"lead\">\(ctx.t(SignalUIText.sentByYou(date: created, unit: name(signal.unitID)))) \(ctx.t(SignalUIText.status)): \(ctx.t(signal.status.label))</p>"
            : """
            <p class="lead">\(ctx.t(SignalUIText.raisedOn(created)))\(signal.anonymous ? " · \(ctx.t(SignalUIText.anonymousSignal))" : "")\(signal.source == .participant ? " · \(ctx.t(SignalUIText.participantSource))" : "") · \(name(signal.unitID)) · \
            \(ctx.t(SignalUIText.status)): \(ctx.t(signal.status.label))\(detail.overdue ? " " as HTML : .empty)\(detail.overdue ? "<span class=\"tag\">\(ctx.t(SignalUIText.overdue))</span>" as HTML : .empty)</p>
            """
        let content: HTML = """
            <h1>\(title)</h1>
            \(lead)
            \(Form.notice(notice))
            \(Form.errorSummary(errors, ctx, labels: ["comment": ctx.t(receipt == nil ? SignalUIText.commentLabel : SignalUIText.replyTitle),
                                                      "owner": ctx.t(SignalUIText.owner), "text": ctx.t(SignalUIText.decisionText),
                                                      "decision": ctx.t(SignalUIText.decision), "to_unit_id": ctx.t(SignalUIText.forwardTo),
                                                      "reason": ctx.t(SignalUIText.forwardReason), "note": ctx.t(SignalUIText.implementNote)]))
            <div class="prewrap signal-text">\(SignalController.shown(signal.text, ctx))</div>
            \(signal.suggestion.map { "<h2>\(ctx.t(SignalUIText.suggestion))</h2><p class=\"prewrap\">\($0)</p>" as HTML })
            \(receipt != nil ? .empty : "<div class=\"support\"><p>\(ctx.t(detail.supporters == 0 ? SignalUIText.supportNone : SignalUIText.support(detail.supporters)))</p>\(supportForm)</div>" as HTML)
            \(answer)
            <section aria-labelledby="path-title"><h2 id="path-title">\(ctx.t(receipt != nil ? SignalUIText.pathForRaiser : SignalUIText.path))</h2>
            <ul class="timeline">\(pathItems)</ul>
            \(detail.escalatedTo.isEmpty ? .empty : "<p>\(ctx.t(SignalUIText.escalatedNote)) \(detail.escalatedTo.map { name($0) }.joined(separator: ", ")).</p>" as HTML)
            </section>
            \(commentsSection)
            \(actions)\(requirementPanel)
            """
        // The raiser with a code has no account: the way back is to the code form, not to the signals.
        let crumbs = receipt != nil ? [(ctx.t(SignalUIText.followTitle), SiteURL.receipt.path)] : [(ctx.t(SignalUIText.signals), SiteURL.signals.path)]
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }
}
