import Foundation
import Hummingbird
import Synchronization

/// Registers routes on the router and keeps the list, so tests can check every route against the
/// authorisation matrix and the OpenAPI document without a second, hand-kept list.
final class RouteRegistry {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    let router: Router<AppRequestContext>
    /// Routes that leave no trace in the request log or `/metrics` (see ``QuietRoutes``).
    let quiet: QuietRoutes
    private(set) var routes: [(method: HTTPRequest.Method, path: String)] = []

    init(router: Router<AppRequestContext>, quiet: QuietRoutes = QuietRoutes()) {
        self.router = router
        self.quiet = quiet
    }

    func get(_ route: Route, quiet: Bool = false, use handler: @escaping Handler) { add(.get, route.template, quiet, handler) }
    func post(_ route: Route, quiet: Bool = false, use handler: @escaping Handler) { add(.post, route.template, quiet, handler) }
    func patch(_ route: Route, use handler: @escaping Handler) { add(.patch, route.template, false, handler) }
    func delete(_ route: Route, use handler: @escaping Handler) { add(.delete, route.template, false, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ isQuiet: Bool, _ handler: @escaping Handler) {
        router.on(RouterPath(path), method: method, use: handler)
        routes.append((method, path))
        if isQuiet { quiet.insert(method, path) }
    }
}

/// The routes whose use must not be dated: raising a signal (which may be anonymous), an anonymous
/// raiser's reply and receipt look-ups, a participant's message, a reader's problem report, and the
/// pages that show a receipt once. They are not logged per request and not counted in `/metrics`,
/// so neither an operator's logs nor someone polling `/metrics` learns when one was used
/// (docs/ANONYMITY.md).
final class QuietRoutes: Sendable {
    private let entries = Mutex<Set<String>>([])

    func insert(_ method: HTTPRequest.Method, _ template: String) {
        _ = entries.withLock { $0.insert(Self.key(method, Self.endpoint(template))) }
    }

    /// Whether the matched endpoint (Hummingbird's form, `/signaler/{id}`) is quiet.
    func contains(_ method: HTTPRequest.Method, endpoint: String?) -> Bool {
        guard let endpoint else { return false }
        return entries.withLock { $0.contains(Self.key(method, endpoint)) }
    }

    var all: Set<String> { entries.withLock { $0 } }

    private static func key(_ method: HTTPRequest.Method, _ endpoint: String) -> String { "\(method.rawValue) \(endpoint)" }

    /// `/signaler/:id` as Hummingbird reports a matched route: `/signaler/{id}`.
    static func endpoint(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}
