import Foundation
import Hummingbird
import TillitFormats
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
        let ctx = site.pageContext(request, context)
        let items: [HTML] = page.items.map { item in
            """
            <li><a href="\(Tillit.noticePath(item.target))">\(ctx.t(item.message))</a>\(item.read ? .empty : " <span class=\"tag\">\(ctx.t(NoticeUIText.new))</span>" as HTML)
            <span class="meta">\(LocalTime(item.createdAt).dateOnly)</span></li>
            """
        }
        let mode = try await site.platform.notifyMode(userID: actor.userID!)
        let content: HTML = """
            <h1>\(ctx.t(NoticeUIText.notices))</h1>
            \(Form.notice(request.uri.queryParameters.get("saved") == "1" ? ctx.t(NoticeUIText.modeSaved) : nil))
            <p>\(ctx.t(NoticeUIText.unread(unread)))</p>
            \(unread == 0 ? .empty : "<form method=\"post\" action=\"\(SiteURL.notificationsRead.path)\">\(Form.csrf(ctx))<button type=\"submit\" class=\"secondary\">\(ctx.t(NoticeUIText.markRead))</button></form>" as HTML)
            \(items.isEmpty ? "<p>\(ctx.t(NoticeUIText.none))</p>" as HTML : "<ul class=\"plain-list\">\(items)</ul>" as HTML)
            \(Form.pager(page, path: SiteURL.notifications.path, ctx))
            \(Self.modeForm(mode, ctx))
            """
        return site.render(PageView(title: ctx.t(NoticeUIText.notices), breadcrumbs: [(ctx.t(UIText.myPage), SiteURL.me.path)], content: content), request, context)
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
