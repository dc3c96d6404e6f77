import Foundation
import Hummingbird

/// A secret carried from the POST that made it to the page that shows it (post/redirect/get): in
/// a short-lived HttpOnly cookie only this browser has, never in an address or a log.
struct HandOver: Sendable {
    let cookie: String
    /// Seconds the page can show it.
    let lifetime: Int
    /// Where the browser sends the cookie.
    var path = "/"
    var maxLength: Int
    /// The characters a value may hold; anything else is not shown.
    let allowed: @Sendable (Unicode.Scalar) -> Bool

    /// A receipt code, for the pages after raising anonymously, a participant's message and an anonymous reply.
    static let receipt = HandOver(cookie: "tillit_receipt", lifetime: 600, maxLength: 40,
                                  allowed: { CharacterSet.alphanumerics.contains($0) || $0 == "-" })
    /// A new API token, shown once on the tokens page.
    static let apiToken = HandOver(cookie: "tillit_new_token", lifetime: 300, path: SiteURL.tokens.path, maxLength: 100,
                                   allowed: { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") })

    /// A 303 to `target`, carrying `value` (if any) for that page.
    func redirect(to target: String, carrying value: String?, _ context: AppRequestContext) -> Response {
        var response = HTMLResponse.seeOther(target)
        if let value {
            response.setCookie(IdentityMiddleware.cookie(cookie, value, context: context, maxAge: lifetime, path: path))
        }
        return response
    }

    /// The value handed over, if it is still there and looks like one.
    func value(_ request: Request) -> String? {
        guard let value = request.cookies[cookie]?.value, !value.isEmpty, value.count <= maxLength,
              value.unicodeScalars.allSatisfy(allowed) else { return nil }
        return value
    }

    /// Ends the hand-over, for a value shown only once.
    func clear(_ response: inout Response, _ context: AppRequestContext) {
        response.setCookie(IdentityMiddleware.cookie(cookie, "", context: context, maxAge: 0, path: path))
    }
}
