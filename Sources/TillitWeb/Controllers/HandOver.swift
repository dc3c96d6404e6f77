import Foundation
import Hummingbird
import TillitPlatform

/// A secret carried from the POST that made it to the page that shows it (post/redirect/get). The
/// secret waits server-side (``Platform/putHandOver(_:)``), sealed with a random handle that this
/// browser alone has, in a short-lived HttpOnly cookie; the page takes it, so it is shown once. It
/// is never in an address or a log, nor in the browser's cookies.
struct HandOver: Sendable {
    let cookie: String
    /// Seconds the browser keeps the handle: the time in which the page can be loaded.
    let lifetime: Int
    /// Where the browser sends the cookie.
    var path = "/"

    /// A receipt code, for the pages after raising anonymously, a participant's message and an anonymous reply.
    static let receipt = HandOver(cookie: "tillit_receipt", lifetime: 600)
    /// A new API token, shown once on the tokens page.
    static let apiToken = HandOver(cookie: "tillit_new_token", lifetime: 300, path: SiteURL.tokens.path)

    /// A 303 to `target`, carrying `value` (if any) for that page.
    func redirect(to target: String, carrying value: String?, _ site: Site, _ context: AppRequestContext) async throws -> Response {
        var response = HTMLResponse.seeOther(target)
        if let value {
            let handle = try await site.platform.putHandOver(value)
            response.setCookie(IdentityMiddleware.cookie(cookie, handle, context: context, maxAge: lifetime, path: path))
        }
        return response
    }

    /// The page `render` makes with the value handed over (nil when there is none, or it was
    /// shown already), which is taken from the store; the browser forgets its handle.
    func show(_ request: Request, _ site: Site, _ context: AppRequestContext,
              _ render: (String?) async throws -> Response) async throws -> Response {
        let handle = request.cookies[cookie]?.value
        var value: String?
        if let handle, !handle.isEmpty { value = try await site.platform.takeHandOver(handle) }
        var response = try await render(value)
        if handle != nil {
            response.setCookie(IdentityMiddleware.cookie(cookie, "", context: context, maxAge: 0, path: path))
        }
        return response
    }
}
