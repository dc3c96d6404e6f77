import Foundation
import TillitPlatform

/// The start page: what Tillit is and what you can do, a way in to sign in or to one's own page,
/// the signed-in person's start panels from the modules, and the four loops.
struct HomePage {
    /// The modules' start panels for the signed-in person, in module order.
    var panels: [HTML] = []

    func render(_ ctx: PageContext) -> PageView {
        let loops: [(UIText, UIText)] = [(.loopLearn, .loopLearnText), (.loopListen, .loopListenText), (.loopPrune, .loopPruneText), (.loopFollowUp, .loopFollowUpText)]
        let greeting: HTML = ctx.identity.map { identity in
            "<p class=\"lead-action\">\(ctx.t(UIText.homeSignedIn(identity.user.name))) <a href=\"\(SiteURL.me.path)\">\(ctx.t(UIText.goToMyPage))</a></p>"
        } ?? "<p class=\"lead-action\"><a class=\"button-link\" href=\"\(SiteURL.signIn.path)\">\(ctx.t(UIText.signIn))</a></p>"
        let content: HTML = """
            <section class="hero">
            <h1>\(ctx.t(UIText.homeTitle))</h1>
            <p class="lead">\(ctx.t(UIText.homeLead))</p>
            \(greeting)
            <p><a href="\(SiteURL.participantEntry.path)">\(ctx.t(SignalUIText.codeEntryHome))</a></p>
            </section>
            \(panels)
            <section aria-labelledby="loops-title">
            <h2 id="loops-title">\(ctx.t(UIText.homeLoops))</h2>
            <ul class="cards">
            \(loops.map { "<li class=\"card\"><h3>\(ctx.t($0.0))</h3><p>\(ctx.t($0.1))</p></li>" as HTML })
            </ul>
            </section>
            <section aria-labelledby="principles-title">
            <h2 id="principles-title">\(ctx.t(UIText.principlesTitle))</h2>
            <p>\(ctx.t(UIText.principlesLead))</p>
            </section>
            """
        return PageView(title: ctx.t(UIText.homeTitle), content: content)
    }
}
