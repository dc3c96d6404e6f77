import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import TillitPlatform

/// A `multipart/form-data` body: its text fields and its files. Forms that upload a file use it;
/// the CSRF check reads it once and hands it to the handler through the request context.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let field: String
        let fileName: String
        let data: Data
    }

    private(set) var fields: [(String, String)] = []
    private(set) var files: [File] = []

    subscript(_ key: String) -> String? { fields.first { $0.0 == key }?.1 }
    func file(_ field: String) -> File? { files.first { $0.field == field && !$0.data.isEmpty } }

    /// The largest upload body: one 20 MB file and the form around it.
    static let maxBodySize = 21 * 1024 * 1024

    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Reads and parses the body. Too large → 413; not well-formed, no boundary or text that is
    /// not UTF-8 → 400.
    static func read(_ request: inout Request) async throws -> MultipartForm {
        let contentType = request.headers[.contentType] ?? ""
        guard let boundary = Self.boundary(contentType) else { throw AppError(.badRequest, code: "invalid-multipart", message: UploadText.malformed) }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodySize)
        } catch is NIOTooManyBytesError {
            throw AppError(.contentTooLarge, code: "body-too-large", message: PlatformText.bodyTooLarge(maxBodySize))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw AppError(.contentTooLarge, code: "body-too-large", message: PlatformText.bodyTooLarge(maxBodySize))
        }
        return try parse(buffer, boundary: boundary)
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    static func parse(_ buffer: ByteBuffer, boundary: String) throws -> MultipartForm {
        final class Collector {
            var headers: [(String, String)] = []
            var body = ByteBuffer()
            var parts: [([(String, String)], ByteBuffer)] = []
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers.append((name, value)) }
        parser.onBody = { chunk in collector.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            collector.parts.append((collector.headers, collector.body))
            collector.headers = []
            collector.body = ByteBuffer()
        }
        do { try parser.execute(buffer) } catch { throw AppError(.badRequest, code: "invalid-multipart", message: UploadText.malformed) }
        var form = MultipartForm()
        for (headers, body) in collector.parts {
            guard let disposition = headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                  let name = parameter(disposition, "name") else { continue }
            if let fileName = parameter(disposition, "filename") {
                form.files.append(File(field: name, fileName: fileName, data: Data(body.readableBytesView)))
            } else {
                guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                    throw AppError(.badRequest, code: "invalid-encoding", message: WebText.invalidEncoding)
                }
                form.fields.append((name, text))
            }
        }
        return form
    }

    /// A parameter of a Content-Disposition header, quoted or not.
    static func parameter(_ header: String, _ key: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            let trimmed = rest.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...]
            if value.first == "\"" {
                value = value.dropFirst()
                var out = ""
                var escaped = false
                var end = value.endIndex
                for index in value.indices {
                    let c = value[index]
                    if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { end = index; break } else { out.append(c) }
                }
                if name == key { return out }
                rest = end < value.endIndex ? value[value.index(after: end)...] : ""
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                if name == key { return value[..<end].trimmingCharacters(in: .whitespaces) }
                rest = value[end...]
            }
        }
        return nil
    }
}

enum UploadText: LocalizedText {
    case malformed
    var texts: (sv: String, en: String) {
        switch self {
        case .malformed: ("Uppladdningen gick inte att läsa. Försök igen.", "The upload could not be read. Please try again.")
        }
    }
}
