import Foundation
import TillitLearn
import TillitPlatform

/// The list of pilots: each with its status, hosts, years and aim, and a link to register a new
/// one for those who may.
struct PilotListPage {
    let pilots: [Pilot]
    /// Whether the viewer may register a pilot.
    let canCreate: Bool

    func render(_ ctx: PageContext) -> PageView {
        let all = pilots, canCreate = self.canCreate
        let items: [HTML] = all.map { p in
            """
            <li><h2><a href="\(LearnURL.pilot(p.id))">\(p.name)</a></h2>
            <p class="meta"><span class="tag">\(ctx.t(p.status.label))</span> \(p.hosts.map { $0.unitName.isEmpty ? $0.organisationName : "\($0.organisationName), \($0.unitName)" }.joined(separator: " · "))\
            \(PilotController.period(p.yearStart, p.yearEnd).map { " · \($0)" } ?? "")</p>
            <p>\(p.aim)</p></li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.pilots))</h1>
            <p class="lead">\(ctx.t(LearnUI.pilotsLead))</p>
            \(canCreate ? "<p class=\"actions\"><a class=\"button-link\" href=\"\(LearnURL.pilotNew)\">\(ctx.t(LearnUI.newPilot))</a></p>" as HTML : .empty)
            \(items.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(items)</ul>" as HTML)
            """
        return PageView(title: ctx.t(LearnUI.pilots), content: content)
    }
}
