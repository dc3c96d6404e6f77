import Foundation
import Hummingbird
import NIOCore
import TillitPlatform

/// The fields of an `application/x-www-form-urlencoded` body (or a query string).
///
/// A field may repeat (checkboxes); ``subscript(_:)`` gives the first value, ``all(_:)`` every one.
/// Percent-escapes that do not decode to valid UTF-8 make the whole form invalid rather than
/// being silently replaced.
struct FormData: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// Parses an encoded form; nil if it is not valid UTF-8 after decoding.
    init?(encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = String(pieces[0]).replacingOccurrences(of: "+", with: " ")
            let rawValue = pieces.count > 1 ? String(pieces[1]).replacingOccurrences(of: "+", with: " ") : ""
            guard let key = rawKey.removingPercentEncoding, let value = rawValue.removingPercentEncoding else { return nil }
            pairs.append((key, value))
        }
    }

    subscript(_ key: String) -> String? {
        pairs.first { $0.0 == key }?.1
    }

    func all(_ key: String) -> [String] {
        pairs.filter { $0.0 == key }.map(\.1)
    }

    /// Reads and parses a request's form body, refusing bodies over the context's limit and bodies
    /// that are not UTF-8.
    static func read(_ request: inout Request, context: AppRequestContext) async throws -> FormData {
        let text = try await readUTF8Body(&request, context: context)
        guard let form = FormData(encoded: text) else { throw AppError(.badRequest, code: "invalid-encoding", message: WebText.invalidEncoding) }
        return form
    }
}

/// Reads a whole request body as UTF-8 text, refusing bodies over the context's limit (413) and
/// bytes that are not UTF-8 (400).
func readUTF8Body(_ request: inout Request, context: AppRequestContext) async throws -> String {
    let buffer: ByteBuffer
    do {
        buffer = try await request.collectBody(upTo: context.maxBodySize)
    } catch is NIOTooManyBytesError {
        throw AppError(.contentTooLarge, code: "body-too-large", message: PlatformText.bodyTooLarge(context.maxBodySize))
    } catch let error as HTTPError where error.status == .contentTooLarge {
        throw AppError(.contentTooLarge, code: "body-too-large", message: PlatformText.bodyTooLarge(context.maxBodySize))
    }
    guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
        throw AppError(.badRequest, code: "invalid-encoding", message: WebText.invalidEncoding)
    }
    return text
}

/// Messages of the web layer itself (not of a page).
enum WebText: LocalizedText {
    case invalidEncoding
    case internalError(String)
    case unsupportedMediaType

    var texts: (sv: String, en: String) {
        switch self {
        case .invalidEncoding: ("Begäran innehåller tecken som inte är giltig UTF-8.", "The request contains characters that are not valid UTF-8.")
        case .internalError(let id): ("Ett oväntat fel inträffade (felkod \(id)).", "An unexpected error occurred (error code \(id)).")
        case .unsupportedMediaType: ("Skicka JSON (Content-Type: application/json).", "Send JSON (Content-Type: application/json).")
        }
    }
}
