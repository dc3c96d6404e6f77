import Foundation
import Hummingbird
import Logging
import TillitLearn
import TillitPlatform
import TillitSignOn
import TillitStorage

/// What every page controller holds: the platform services and the site's settings.
struct Site: Sendable {
    let platform: Platform
    let mailer: any Mailer
    let publicURL: String
    let demo: Bool
    /// The proxies whose X-Forwarded-For names the client.
    var trustedProxies = TrustedProxies.none
    /// Whether the public address names this machine (`TILLIT_PUBLIC_URL` left unset on a server
    /// that listens on loopback): links and QR codes made from it lead nowhere on anyone's phone.
    var publicURLIsThisMachine: Bool {
        URLComponents(string: publicURL)?.host.map(NetworkAddress.namesThisMachine) ?? false
    }
    /// Cookies are Secure when the public address is https.
    var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }
    /// Where attachments are kept (the database unless a directory is configured).
    var attachmentStore = AttachmentStore(directory: nil)
    /// Sign-in with organisations' own identity providers.
    var signOn: SignOn
    /// Public pages kept until the database changes.
    var keptPages = KeptPages(capacity: 512)

    init(platform: Platform, mailer: any Mailer, publicURL: String, demo: Bool,
         signOnHTTP: any SignOnHTTP = LiveSignOnHTTP(allowHTTP: false, allowPrivate: false)) {
        self.platform = platform
        self.mailer = mailer
        self.publicURL = publicURL
        self.demo = demo
        self.signOn = SignOn(platform: platform, http: signOnHTTP)
    }
    /// Failed receipt-code lookups per client: 10 per 15 minutes.
    let receiptAttempts = AttemptLimiter(limit: 10, window: 15 * 60)
    /// Sign-ins started with an organisation's provider per client: 30 per 10 minutes.
    let signOnStarts = AttemptLimiter(limit: 30, window: 10 * 60)
    /// Participant feedback per client and code: 5 per 10 minutes.
    let participantPosts = AttemptLimiter(limit: 5, window: 10 * 60)

    /// Sends a mail in the background; a failure is logged without the address or the text.
    func sendLater(_ message: MailMessage, logger: Logger) {
        let mailer = self.mailer
        // Outliving the request, the mail reads nothing the request remembered.
        Task {
            await RequestMemo.$current.withValue(nil) { await Self.send(mailer, message, logger: logger) }
        }
    }

    private static func send(_ mailer: any Mailer, _ message: MailMessage, logger: Logger) async {
        do { try await mailer.send(message) } catch { logger.warning("mail not sent", metadata: ["error": "\(type(of: error))"]) }
    }

    func pageContext(_ request: Request, _ context: AppRequestContext) -> PageContext {
        PageContext(language: context.language, identity: context.identity, csrfToken: context.csrfToken, path: request.uri.path, demo: demo,
                    query: request.method == .get ? request.uri.query.flatMap { $0.isEmpty ? nil : $0 } : nil)
    }

    func render(_ page: PageView, _ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        HTMLResponse.make(Layout.render(page, pageContext(request, context)), status: status)
    }

    /// The organisation named in the path, if the caller may see it.
    func organisation(_ context: AppRequestContext, viewable: Bool = true) async throws -> Organisation {
        let slug = try context.parameters.require("slug")
        let organisation = try await platform.organisation(slug: slug)
        if viewable {
            let actor = try context.actor()
            guard Policy.canViewOrganisation(actor, organisation.id) else { throw AppError.forbidden }
        }
        return organisation
    }

    /// The organisation named in the path, if the caller administers it.
    func administeredOrganisation(_ context: AppRequestContext) async throws -> Organisation {
        let organisation = try await organisation(context, viewable: false)
        guard Policy.canAdministerOrganisation(try context.actor(), organisation.id) else { throw AppError.forbidden }
        return organisation
    }

    /// A numeric path parameter.
    func id(_ context: AppRequestContext, _ name: String = "id") throws -> Int64 {
        guard let id = RequestNumber.id(context.parameters.get(name)) else { throw AppError.notFound }
        return id
    }

    /// A free-text query parameter as a browser's form sends it (`application/x-www-form-urlencoded`:
    /// a space as `+`, a plus sign as `%2B`), which the router's query parameters leave as `+`.
    /// The first value; nil when absent or not valid UTF-8.
    func formText(_ request: Request, _ name: String) -> String? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0].replacingOccurrences(of: "+", with: " ").removingPercentEncoding == name else { continue }
            return parts.count < 2 ? "" : parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    /// Pagination from the `page` and `per_page` query parameters, for pages and the API alike;
    /// out-of-range or non-numeric values are a 400 naming each bad parameter.
    func pageRequest(_ request: Request, defaultPerPage: Int = 50) throws -> PageRequest {
        let n = try numbers(request, [("page", 1, PageRequest.maxPage), ("per_page", defaultPerPage, PageRequest.maxPerPage)])
        return PageRequest(page: n[0], perPage: n[1])!
    }

    /// The pages of several lists on one page, each from a query parameter of its own, `perPage`
    /// each; out-of-range or non-numeric values are a 400 naming each bad parameter.
    func pageRequests(_ request: Request, _ names: [String], perPage: Int) throws -> [PageRequest] {
        try numbers(request, names.map { ($0, 1, PageRequest.maxPage) }).map { PageRequest(page: $0, perPage: perPage)! }
    }

    /// Whole numbers from query parameters, each within 1...max, or its fallback when absent.
    private func numbers(_ request: Request, _ wanted: [(name: String, fallback: Int, max: Int)]) throws -> [Int] {
        var v = Validator()
        let values = wanted.map { name, fallback, max in
            guard let raw = request.uri.queryParameters.get(name) else { return fallback }
            guard let n = RequestNumber.int(raw, in: 1...max) else {
                v.add(name, PlatformText.fieldOutOfRange(min: 1, max: max))
                return fallback
            }
            return n
        }
        guard v.errors.isEmpty else {
            throw AppError(.badRequest, code: "invalid-page", message: PlatformText.validationFailed, fieldErrors: v.errors)
        }
        return values
    }

    /// A path on this site to return to after a form, never another site. Browsers drop tabs and
    /// line breaks from a URL and read a backslash as a slash, so `/\t/evil.example` or `/\\evil`
    /// would become `//evil.example`: a path must be printable ASCII without spaces or backslashes,
    /// start with one slash and not two.
    static func safeReturnPath(_ raw: String?) -> String {
        guard let raw, raw.utf8.count <= 2048, raw.hasPrefix("/"), !raw.hasPrefix("//"),
              raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") })
        else { return SiteURL.home.path }
        return raw
    }
}

extension Site {
    /// The one way through a form that changes something: read it (unless it is a file upload,
    /// which the CSRF check has read), do what it asks (`save`, which answers, most often with a
    /// redirect to the result), and on field errors show the page again through `again`, with
    /// every error, the values as typed and the error's own status (422, or 413/415 for a file).
    func submit(_ request: Request, _ context: AppRequestContext, upload: Bool = false,
                save: (FormData) async throws -> Response,
                again: (Request, FormData, [FieldError], HTTPResponse.Status) async throws -> Response) async throws -> Response {
        var request = request
        let form = upload ? FormData(pairs: []) : try await FormData.read(&request, context: context)
        do {
            return try await save(form)
        } catch let error as AppError where !error.fieldErrors.isEmpty {
            return try await again(request, form, error.fieldErrors, HTTPResponse.Status(code: error.status.rawValue))
        }
    }

    /// ``submit(_:_:upload:save:again:)`` for a form read into a service's input first: errors of
    /// the reading and of the service are shown together; success goes to the path `save` returns.
    func saveForm<Input>(_ request: Request, _ context: AppRequestContext, parse: @escaping (FormData) -> (Input, [FieldError]),
                         save: (Input) async throws -> String,
                         again: (Request, FormData, [FieldError]) async throws -> Response) async throws -> Response {
        try await submit(request, context, save: { form in
            let (input, formErrors) = parse(form)
            guard formErrors.isEmpty else { throw AppError.invalid(formErrors) }
            return HTMLResponse.seeOther(try await save(input))
        }, again: { request, form, errors, _ in try await again(request, form, errors) })
    }
}
