import Foundation
import Hummingbird
import TillitPlatform

/// The request context: who is asking, in which language, and the form token to embed.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, through a browser session or an API token.
    public var identity: Identity?
    public var language: Language = .sv
    /// The token forms must carry back (CSRF protection).
    public var csrfToken: String = ""
    /// Whether the response must set a fresh CSRF cookie.
    public var issueCSRFCookie = false
    /// The largest body a handler may read.
    public var maxBodySize: Int = 1_048_576
    /// A signed-in person's file upload, read once by the CSRF check.
    var upload: MultipartForm?

    /// The client's address (the connection's, or behind a trusted proxy the forwarded one); used
    /// only, hashed, to count attempts.
    public var clientAddress: String?
    /// Whether cookies carry the Secure flag: the site's public address is https.
    public var secureCookies = false

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodySize }

    /// The acting person for a service call, naming the route for the audit log.
    public func actor() throws -> Actor {
        guard let identity else { throw AppError.signInRequired }
        return Actor(userID: identity.user.id, label: identity.user.email, grants: identity.grants,
                     via: "\(identity.viaToken ? "api" : "web") \(endpointPath ?? "")")
    }

    /// The acting person, or an anonymous visitor with no roles.
    public var actorOrAnonymous: Actor {
        (try? actor()) ?? Actor(userID: nil, label: "anonymous", grants: [], via: endpointPath ?? "")
    }

    /// A text in the request's language.
    public func t(_ text: some LocalizedText) -> String { text.text(language) }
}

/// Who is signed in.
public struct Identity: Sendable {
    public let user: User
    public let grants: [RoleGrant]
    /// The session token's hash key, when signed in through a browser.
    public let sessionToken: String?
    /// Whether the identity came from an API token (no CSRF check; no cookies).
    public let viaToken: Bool

    /// The person as an actor for `Policy` questions (the route is named by `AppRequestContext.actor()`).
    public var actor: Actor { Actor(userID: user.id, label: user.email, grants: grants, via: viaToken ? "api" : "web") }
}
