import Hummingbird
import Synchronization
import TillitFormats
import TillitLearn
import TillitPlatform

/// Public pages and API lists kept as rendered until what they show changes.
///
/// The knowledge bank, the pilots and the report series read the same for every visitor of a kind
/// (not signed in; for the bank's search, signed in or not), in each language, and so do their
/// lists in the API for every caller. Their content is kept with ``TillitLearn/PublicContent``'s
/// change count at the time it was read and served again while that number stands: any change to
/// what they show, by this server or by a command run beside it, lets go of them all. Nothing else
/// does: the count never moves with an anonymous action, so a kept page's speed tells no one when
/// one happened.
///
/// The frame around a page's content (navigation, the language switch with the visitor's form
/// token, who is signed in) is rendered for each request. Where the count cannot be known cheaply
/// (PostgreSQL, with instances that may be several) nothing is kept.
///
/// A page whose content holds the visitor's form token is never kept, whatever a view puts in it.
final class KeptPages: Sendable {
    struct Key: Hashable, Sendable {
        /// The path and query as the request wrote them.
        let target: String
        let language: Language
        /// What else the content depends on (who reads it, the day).
        let variant: String
    }

    enum Content: Sendable {
        /// A page's content, its headings hyphenated.
        case page(PageView)
        /// A JSON body.
        case json(ByteBuffer)
    }

    struct Kept: Sendable {
        let changeCount: Int64
        let content: Content
    }

    private let kept: KeptValues<Key, Kept>
    private let served = Atomic<Int>(0)

    /// `capacity` pages at most (about 20 kB each); 0 keeps nothing.
    init(capacity: Int) {
        kept = KeptValues(capacity: capacity)
    }

    /// How many requests were answered from a kept page.
    var hits: Int { served.load(ordering: .relaxed) }

    /// What was kept for `key` at `changeCount`, if anything.
    func content(_ key: Key, at changeCount: Int64) -> Content? {
        guard kept.capacity > 0, let hit = kept.value(key), hit.changeCount == changeCount else { return nil }
        served.add(1, ordering: .relaxed)
        return hit.content
    }

    /// Keeps `content` as read at `changeCount`, unless it is a page that holds `formToken`.
    func keep(_ content: Content, for key: Key, at changeCount: Int64, formToken: String) {
        guard kept.capacity > 0 else { return }
        if case .page(let page) = content, !formToken.isEmpty, page.content.rendered.contains(formToken) { return }
        kept.keep(Kept(changeCount: changeCount, content: content), for: key)
    }
}

extension Site {
    /// Renders the page `make` makes for `request`, or the one kept from an earlier request while
    /// nothing was committed since. Only for pages whose content depends on nothing but the
    /// address, the language and `variant`.
    func keptPage(_ request: Request, _ context: AppRequestContext, variant: String = "",
                  _ make: (PageContext) async throws -> PageView) async throws -> Response {
        let ctx = pageContext(request, context)
        guard let count = PublicContent.changeCount(platform.database) else {
            return HTMLResponse.make(Layout.render(try await make(ctx), ctx))
        }
        let key = KeptPages.Key(target: request.uri.description, language: ctx.language, variant: variant)
        if case .page(let page) = keptPages.content(key, at: count) {
            return HTMLResponse.make(Layout.render(page, ctx))
        }
        let page = Layout.hyphenated(try await make(ctx))
        keptPages.keep(.page(page), for: key, at: count, formToken: ctx.csrfToken)
        return HTMLResponse.make(Layout.render(page, ctx))
    }

    /// The JSON `make` gives for `request`, or the body kept from an earlier request while nothing
    /// was committed since. Only for answers that depend on nothing but the address.
    func keptJSON(_ request: Request, _ make: () async throws -> some Encodable) async throws -> Response {
        guard let count = PublicContent.changeCount(platform.database) else { return try JSONResponse.make(try await make()) }
        let key = KeptPages.Key(target: request.uri.description, language: .sv, variant: "api")
        if case .json(let body) = keptPages.content(key, at: count) { return JSONResponse.make(body: body) }
        let body = try JSONResponse.body(try await make())
        keptPages.keep(.json(body), for: key, at: count, formToken: "")
        return JSONResponse.make(body: body)
    }
}
