import Foundation
import TillitFormats
import TillitPlatform
import TillitStorage

/// A person's notifications, a page at a time, newest first with the unread ones marked, and how
/// they want to hear of them by mail.
struct NotificationsPage {
    let page: Page<NotificationItem>
    let unread: Int
    let mode: NotifyMode
    /// Whether the mail choice has just been saved.
    var saved = false

    func render(_ ctx: PageContext) -> PageView {
        let items: [HTML] = page.items.map { item in
            """
            <li><a href="\(Tillit.noticePath(item.target))">\(ctx.t(item.message))</a>\(item.read ? .empty : " <span class=\"tag\">\(ctx.t(NoticeUIText.new))</span>" as HTML)
            <span class="meta">\(LocalTime(item.createdAt).dateOnly)</span></li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(NoticeUIText.notices))</h1>
            \(Form.notice(saved ? ctx.t(NoticeUIText.modeSaved) : nil))
            <p>\(ctx.t(NoticeUIText.unread(unread)))</p>
            \(unread == 0 ? .empty : "<form method=\"post\" action=\"\(SiteURL.notificationsRead.path)\">\(Form.csrf(ctx))<button type=\"submit\" class=\"secondary\">\(ctx.t(NoticeUIText.markRead))</button></form>" as HTML)
            \(items.isEmpty ? "<p>\(ctx.t(NoticeUIText.none))</p>" as HTML : "<ul class=\"plain-list\">\(items)</ul>" as HTML)
            \(Form.pager(page, path: SiteURL.notifications.path, ctx))
            \(NotificationController.modeForm(mode, ctx))
            """
        return PageView(title: ctx.t(NoticeUIText.notices), breadcrumbs: [(ctx.t(UIText.myPage), SiteURL.me.path)], content: content)
    }
}
