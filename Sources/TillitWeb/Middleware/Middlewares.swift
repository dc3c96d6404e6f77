import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Synchronization
import TillitPlatform

/// Records every finished request once: one log line (method, route template — never the concrete
/// path or query, which can hold personal data — status and duration; the request id comes from
/// the logger's metadata) and the `/metrics` counter and timer by route, method and status.
///
/// Quiet routes are neither logged nor counted: a line's time or a counter that moves would date
/// an anonymous signal. There is no gauge of requests in flight: at its start a request's route is
/// not known yet, so it could not be left out.
struct RequestRecordMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let quiet: QuietRoutes
    private let handles = MetricHandles()

    init(quiet: QuietRoutes) {
        self.quiet = quiet
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        guard !quiet.contains(request.method, endpoint: context.endpointPath) else { return }
        let elapsed = (ContinuousClock.now - start).components
        let nanoseconds = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
        let route = context.endpointPath ?? "unmatched"
        let (counter, timer) = handles.for(route: route, method: request.method.rawValue, status: status)
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
        guard context.logger.logLevel <= .info else { return }
        let microseconds = nanoseconds / 1000
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(route)",
            "status": "\(status)",
            "ms": "\(microseconds / 1000).\(microseconds % 1000 / 100)",
        ])
    }
}

/// The counter and timer of each route, method and status, made once: making them checks and
/// registers their names with the metrics backend, which cost more than the rest of the record.
/// Routes are templates and statuses few, so the set stays small.
private final class MetricHandles: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }
    private let made = Mutex<[Key: (Counter, Timer)]>([:])

    func `for`(route: String, method: String, status: Int) -> (Counter, Timer) {
        let key = Key(route: route, method: method, status: status)
        if let found = made.withLock({ $0[key] }) { return found }
        let dimensions = [("http.route", route), ("http.request.method", method), ("http.response.status_code", String(status))]
        let handles = (Counter(label: "hb.requests", dimensions: dimensions),
                       Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
        made.withLock { $0[key] = handles }
        return handles
    }
}

/// Gives each request that changes nothing a ``RequestMemo``: the organisation, settings and unit
/// tree its parts ask for are read once. On SQLite it also runs such a request (GET, HEAD) on the
/// readers' threads (`readExecutor`), so each of its reads starts where it already is rather than
/// with two thread switches, into a reader's thread and back.
struct RequestMemoMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    var readExecutor: (any TaskExecutor)? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        guard let readExecutor else {
            return try await RequestMemo.$current.withValue(RequestMemo()) { try await next(request, context) }
        }
        return try await withTaskExecutorPreference(readExecutor) {
            try await RequestMemo.$current.withValue(RequestMemo()) { try await next(request, context) }
        }
    }
}

/// Security headers on every response. The Content-Security-Policy allows no script at all: Tillit
/// works without JavaScript, so there is none to allow.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let policy = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Identifies the caller (session cookie or bearer token), picks the language, and sets up the
/// CSRF token that forms carry.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let platform: Platform
    let maxBodySize: Int
    let demo: Bool
    let secureCookies: Bool

    static let sessionCookie = "tillit_session"
    static let csrfCookie = "tillit_csrf"
    static let languageCookie = "tillit_lang"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodySize = maxBodySize
        context.secureCookies = secureCookies
        // Parsed once, when first asked for: each `request.cookies` parses the headers anew.
        lazy var cookies = request.cookies
        if let authorization = request.headers[.authorization] {
            // API tokens: "Authorization: Bearer tlt_…". A bad token is refused outright rather than
            // treated as anonymous, so an integration with a revoked token fails loudly.
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  let found = try await platform.authenticate(apiToken: String(parts[1]))
            else {
                context.language = Language.negotiate(acceptLanguage: request.headers[.acceptLanguage])
                return ErrorRenderer.response(for: AppError(.unauthorized, code: "invalid-token", message: PlatformText.signInRequired),
                                              request: request, context: context, demo: demo)
            }
            context.identity = Identity(user: found.user, grants: found.grants, sessionToken: nil, viaToken: true)
        } else if let token = cookies[Self.sessionCookie]?.value, !token.isEmpty,
                  let session = try await platform.session(token: token) {
            context.identity = Identity(user: session.user, grants: session.grants, sessionToken: token, viaToken: false)
            context.csrfToken = session.csrfToken
        }
        // A bearer token's requests need no form token (they are never checked for one).
        if context.csrfToken.isEmpty && context.identity?.viaToken != true {
            if let cookie = cookies[Self.csrfCookie]?.value, cookie.count >= 32 {
                context.csrfToken = cookie
            } else {
                context.csrfToken = Secrets.newToken()
                context.issueCSRFCookie = true
            }
        }
        context.language = context.identity?.user.language
            ?? cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
            ?? Language.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        var response = try await next(request, context)
        if context.issueCSRFCookie && context.identity == nil {
            response.setCookie(Self.cookie(Self.csrfCookie, context.csrfToken, context: context))
        }
        response.headers[.contentLanguage] = context.language.rawValue
        return response
    }

    /// A cookie that is HttpOnly, SameSite=Lax, and Secure when the site's public address
    /// (`TILLIT_PUBLIC_URL`) is https — never decided by the Host header a client sends.
    static func cookie(_ name: String, _ value: String, context: AppRequestContext, maxAge: Int? = nil, path: String = "/") -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: context.secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// Checks the CSRF token of every state-changing request from a browser.
///
/// Signed-in browsers carry their session's token (synchroniser token); visitors not signed in carry
/// a random cookie value echoed in the form (double submit). API calls authenticate with a bearer
/// token, which a browser never sends on its own, so they need no form token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// API paths that use no identity, so no session can be abused through them.
    static let withoutIdentity: Set<String> = [Route.apiResponses.template]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let safe = request.method == .get || request.method == .head || request.method == .options
        if safe || context.identity?.viaToken == true {
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix("/api/") {
            // A route that takes no identity at all (a survey response, whose token is its only key)
            // has nothing a forged request could borrow.
            if Self.withoutIdentity.contains(request.uri.path) { return try await next(request, context) }
            // A browser session may not write through the API: only tokens can.
            throw AppError.signInRequired
        }
        var request = request
        var context = context
        let sent: String
        if MultipartForm.isMultipart(request) {
            // Only signed-in people upload files, so only they may send a body this large.
            guard context.identity != nil else { throw AppError.signInRequired }
            let upload = try await MultipartForm.read(&request)
            context.upload = upload
            sent = upload["_csrf"] ?? ""
        } else {
            let form = try await FormData.read(&request, context: context)
            sent = form["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
        }
        guard !context.csrfToken.isEmpty, Secrets.constantTimeEquals(sent, context.csrfToken), !context.issueCSRFCookie || context.identity != nil else {
            throw AppError(.forbidden, code: "csrf", message: PlatformText.csrfFailed)
        }
        return try await next(request, context)
    }
}
