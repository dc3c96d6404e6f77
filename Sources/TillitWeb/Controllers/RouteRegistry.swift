import Foundation
import Hummingbird

/// Registers routes on the router and keeps the list, so tests can check every route against the
/// authorisation matrix and the OpenAPI document without a second, hand-kept list.
final class RouteRegistry {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    let router: Router<AppRequestContext>
    private(set) var routes: [(method: HTTPRequest.Method, path: String)] = []

    init(router: Router<AppRequestContext>) {
        self.router = router
    }

    func get(_ path: String, use handler: @escaping Handler) { add(.get, path, handler) }
    func post(_ path: String, use handler: @escaping Handler) { add(.post, path, handler) }
    func patch(_ path: String, use handler: @escaping Handler) { add(.patch, path, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        router.on(RouterPath(path), method: method, use: handler)
        routes.append((method, path))
    }
}
