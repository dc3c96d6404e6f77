import Foundation
import Hummingbird
import TillitPlatform

/// The words of the notification pages.
enum NoticeUIText: LocalizedText {
    case notices
    case unread(Int)
    case none
    case markRead
    case mode
    case modeHint
    case saveMode
    case modeSaved
    case new

    var texts: (sv: String, en: String) {
        switch self {
        case .notices: ("Aviseringar", "Notifications")
        case .unread(let n): n == 0 ? ("Inga olästa aviseringar", "No unread notifications")
            : (n == 1 ? ("1 oläst avisering", "1 unread notification") : ("\(n) olästa aviseringar", "\(n) unread notifications"))
        case .none: ("Inga aviseringar än.", "No notifications yet.")
        case .markRead: ("Markera alla som lästa", "Mark all as read")
        case .mode: ("Mejl om aviseringar", "Mail about notifications")
        case .modeHint: ("Mejlen berättar vad som hänt och länkar hit, men innehåller aldrig vad någon skrivit.",
                         "The mails tell what happened and link here, but never contain what anyone wrote.")
        case .saveMode: ("Spara valet", "Save the choice")
        case .modeSaved: ("Ditt val är sparat.", "Your choice has been saved.")
        case .new: ("ny", "new")
        }
    }
}

/// A person's notifications, and how they want to hear of them.
struct NotificationController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.notifications, use: list)
        router.post(Route.notificationsRead, use: markRead)
        router.post(Route.notifyMode, use: setMode)
    }

    static func modeForm(_ mode: NotifyMode, _ ctx: PageContext) -> HTML {
        """
        <form method="post" action="\(SiteURL.notifyMode.path)" novalidate>\(Form.csrf(ctx))
        \(Form.radios("notify_mode", legend: ctx.t(NoticeUIText.mode), options: NotifyMode.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                      selected: mode.rawValue, errors: [], ctx, hint: ctx.t(NoticeUIText.modeHint)))
        <button type="submit" class="secondary">\(ctx.t(NoticeUIText.saveMode))</button></form>
        """
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let (page, unread) = try await site.platform.notifications(userID: actor.userID!, page: try site.pageRequest(request, defaultPerPage: 50))
        let mode = try await site.platform.notifyMode(userID: actor.userID!)
        let view = NotificationsPage(page: page, unread: unread, mode: mode, saved: request.uri.queryParameters.get("saved") == "1")
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        try await site.platform.markNotificationsRead(userID: actor.userID!)
        return HTMLResponse.seeOther(SiteURL.notifications.path)
    }

    @Sendable func setMode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        var request = request
        let form = try await FormData.read(&request, context: context)
        try await site.platform.setNotifyMode(userID: actor.userID!, form["notify_mode"])
        return HTMLResponse.seeOther(SiteURL.notifications.with(query: [("saved", "1")]))
    }
}
