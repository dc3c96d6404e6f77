import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TillitFormats
import TillitPlatform
import TillitStorage

/// Turns every error into a response: an HTML page for browsers, `application/problem+json`
/// (RFC 9457) for the API. Unexpected errors are logged with the request id and shown only as
/// that id; their text never reaches the user.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let demo: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorRenderer.response(for: error, request: request, context: context, demo: demo)
        }
    }
}

enum ErrorRenderer {
    static func response(for error: any Error, request: Request, context: AppRequestContext, demo: Bool) -> Response {
        let appError: AppError
        switch error {
        case let e as AppError:
            appError = e
        case let e as HTTPError where e.status == .notFound:
            appError = .notFound
        case let e as HTTPError where e.status == .contentTooLarge:
            appError = AppError(.contentTooLarge, code: "body-too-large", message: PlatformText.bodyTooLarge(context.maxBodySize))
        case let e as HTTPError where e.status == .methodNotAllowed:
            appError = AppError(.notFound, code: "not-found", message: PlatformText.notFound)
        case let e as HTTPError where (400..<500).contains(e.status.code):
            appError = AppError(.badRequest, code: "bad-request", message: PlatformText.badRequest)
        case StorageError.unavailable:
            // The pool is exhausted or the database is down: a bounded, honest answer instead of a hang.
            appError = AppError(.unavailable, code: "unavailable", message: PlatformText.serviceBusy)
        default:
            context.logger.error("unexpected error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return internalError(request: request, context: context, demo: demo)
        }
        if wantsJSON(request) {
            return problem(appError, request: request, context: context)
        }
        if appError.status == .unavailable {
            // No page layout: it may need the database (the person's session) that is missing.
            return unavailablePage(appError, context: context)
        }
        if appError.status == .unauthorized, request.method == .get {
            // A browser that is not signed in goes to the sign-in page and comes back afterwards.
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: SiteURL.signIn.with(query: [("next", next)]), type: .normal)
        }
        return page(appError, request: request, context: context, demo: demo)
    }

    static func wantsJSON(_ request: Request) -> Bool {
        request.uri.path.hasPrefix("/api/") || (request.headers[.accept]?.contains("application/json") ?? false)
    }

    /// RFC 9457 problem details; validation problems list each field.
    static func problem(_ error: AppError, request: Request, context: AppRequestContext, status: HTTPResponse.Status? = nil) -> Response {
        let code = status?.code ?? error.status.rawValue
        var body: [String: any Sendable] = [
            "type": "https://tillit.se/problems/\(error.code)",
            "title": error.message.text(context.language),
            "status": code,
            "instance": request.uri.path,
        ]
        if !error.fieldErrors.isEmpty {
            body["errors"] = error.fieldErrors.map { ["field": $0.field, "detail": $0.message.text(context.language)] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"tillit\"" }
        if code == 503 { headers[.retryAfter] = "5" }
        return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func page(_ error: AppError, request: Request, context: AppRequestContext, demo: Bool) -> Response {
        let ctx = PageContext(language: context.language, identity: context.identity, csrfToken: context.csrfToken, path: request.uri.path, demo: demo)
        let content: HTML = """
            <h1>\(error.message.text(context.language))</h1>
            \(Form.errorSummary(error.fieldErrors, ctx))
            <p><a href="\(SiteURL.home.path)">\(ctx.t(UIText.backToStart))</a></p>
            """
        return HTMLResponse.make(Layout.render(PageView(title: error.message.text(context.language), content: content), ctx),
                                 status: .init(code: error.status.rawValue))
    }

    /// A plain page for 503: it is rendered without the layout's session-dependent parts.
    static func unavailablePage(_ error: AppError, context: AppRequestContext) -> Response {
        let language = context.language
        let html: HTML = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tillit</title></head>
            <body><main><h1>\(error.message.text(language))</h1></main></body></html>
            """
        var response = HTMLResponse.make(html, status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }

    static func internalError(request: Request, context: AppRequestContext, demo: Bool) -> Response {
        let id = context.id
        let message = WebText.internalError(id)
        if wantsJSON(request) {
            return problem(AppError(.unavailable, code: "internal", message: message), request: request, context: context,
                           status: .internalServerError)
        }
        let ctx = PageContext(language: context.language, identity: nil, csrfToken: context.csrfToken, path: request.uri.path, demo: demo)
        let content: HTML = """
            <h1>\(ctx.t(UIText.errorTitle))</h1>
            <p>\(message.text(context.language))</p>
            <p>\(ctx.t(UIText.errorPageHelp))</p>
            <p><a href="\(SiteURL.home.path)">\(ctx.t(UIText.backToStart))</a></p>
            """
        return HTMLResponse.make(Layout.render(PageView(title: ctx.t(UIText.errorTitle), content: content), ctx), status: .internalServerError)
    }
}

extension Response {
    func with(status: HTTPResponse.Status) -> Response {
        var copy = self
        copy.status = status
        return copy
    }
}

/// HTML and JSON responses with the right headers.
enum HTMLResponse {
    static func make(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
    }

    /// A redirect after a POST (303 See Other), so reloading does not send the form again.
    static func seeOther(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}

enum JSONResponse {
    /// Sorted keys, snake case, ISO 8601 dates: what Foundation's `JSONEncoder` writes so, faster.
    static let encoder = SortedJSONEncoder(snakeCaseKeys: true)

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        make(body: try body(value), status: status)
    }

    static func body(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
    }

    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
