import Foundation

/// The one error type that reaches users. It carries a message in both languages and, for
/// validation failures, one message per field. The web layer renders it as an HTML page (with
/// the form and an error summary) or as `application/problem+json` (RFC 9457).
public struct AppError: Error, Sendable {
    /// What went wrong, in HTTP terms.
    public enum Status: Int, Sendable {
        case badRequest = 400
        case unauthorized = 401
        case forbidden = 403
        case notFound = 404
        case conflict = 409
        case gone = 410
        case contentTooLarge = 413
        case unsupportedMediaType = 415
        case unprocessable = 422
        case tooManyRequests = 429
        case unavailable = 503
    }

    public let status: Status
    /// A short machine-readable code, used as the problem type's last path segment.
    public let code: String
    public let message: any LocalizedText
    public let fieldErrors: [FieldError]

    public init(_ status: Status, code: String, message: any LocalizedText, fieldErrors: [FieldError] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.fieldErrors = fieldErrors
    }

    /// The request was not signed in.
    public static let signInRequired = AppError(.unauthorized, code: "sign-in-required", message: PlatformText.signInRequired)
    /// The signed-in person may not do this.
    public static let forbidden = AppError(.forbidden, code: "forbidden", message: PlatformText.forbidden)
    /// Nothing here (or nothing the person may know exists).
    public static let notFound = AppError(.notFound, code: "not-found", message: PlatformText.notFound)

    /// A validation failure listing each bad field.
    public static func invalid(_ errors: [FieldError]) -> AppError {
        AppError(.unprocessable, code: "validation", message: PlatformText.validationFailed, fieldErrors: errors)
    }
}

/// A problem with one input field.
public struct FieldError: Sendable {
    /// The field's name as in the form and the JSON body.
    public let field: String
    public let message: any LocalizedText

    public init(_ field: String, _ message: any LocalizedText) {
        self.field = field
        self.message = message
    }
}

/// Collects field errors, so a form reports every bad field at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: any LocalizedText) {
        errors.append(FieldError(field, message))
    }

    /// Throws a validation error if any field was bad.
    public func check() throws(AppError) {
        if !errors.isEmpty { throw AppError.invalid(errors) }
    }

    /// A required single-line text: trimmed, NFC-normalised, 1…`maxLength` characters, no control
    /// characters. Returns nil (and records why) when it is not acceptable.
    public mutating func text(_ field: String, _ value: String?, maxLength: Int, required: Bool = true) -> String? {
        checked(field, TextInput.normalise(value ?? ""), maxLength: maxLength, required: required, allowed: [])
    }

    /// A multi-line text: like ``text(_:_:maxLength:required:)`` but line breaks are allowed.
    public mutating func multilineText(_ field: String, _ value: String?, maxLength: Int, required: Bool = true) -> String? {
        checked(field, TextInput.normalise(value ?? "").replacingOccurrences(of: "\r\n", with: "\n"),
                maxLength: maxLength, required: required, allowed: ["\n", "\t"])
    }

    /// Checks cleaned text for presence, length and control characters (other than `allowed`).
    private mutating func checked(_ field: String, _ cleaned: String, maxLength: Int, required: Bool, allowed: Set<Unicode.Scalar>) -> String? {
        if cleaned.isEmpty {
            if required { add(field, PlatformText.fieldRequired) }
            return required ? nil : ""
        }
        if cleaned.count > maxLength {
            add(field, PlatformText.fieldTooLong(maxLength))
            return nil
        }
        if cleaned.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            add(field, PlatformText.fieldHasControlCharacters)
            return nil
        }
        return cleaned
    }

    /// A value of a closed set (an enum), by its raw value.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ value: String?, as type: T.Type) -> T? where T.RawValue == String {
        guard let value, !value.isEmpty else {
            add(field, PlatformText.chooseOne)
            return nil
        }
        guard let parsed = T(rawValue: value) else {
            add(field, PlatformText.fieldUnknownChoice(T.allCases.map(\.rawValue)))
            return nil
        }
        return parsed
    }

    /// An email address: trimmed, lower-cased, with one @ and a dot in the domain.
    public mutating func email(_ field: String, _ value: String?) -> String? {
        guard let text = text(field, value, maxLength: 254) else { return nil }
        let email = text.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace })
        else {
            add(field, PlatformText.fieldInvalidEmail)
            return nil
        }
        return email
    }

    /// A password of at least 12 characters (NIST SP 800-63B: length over composition rules).
    public mutating func newPassword(_ field: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty else {
            add(field, PlatformText.fieldRequired)
            return nil
        }
        if value.count < 12 {
            add(field, PlatformText.passwordTooShort(12))
            return nil
        }
        if value.utf8.count > 72 {
            // bcrypt only reads the first 72 bytes; a longer password would be silently truncated.
            add(field, PlatformText.passwordTooLong(72))
            return nil
        }
        return value
    }

    /// A URL-safe short name: lower-case letters, digits and hyphens.
    public mutating func slug(_ field: String, _ value: String?) -> String? {
        guard let text = text(field, value, maxLength: 60) else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard text.allSatisfy({ allowed.contains($0) }), !text.hasPrefix("-"), !text.hasSuffix("-") else {
            add(field, PlatformText.fieldInvalidSlug)
            return nil
        }
        return text
    }
}

/// The one place user text is cleaned before it is stored or searched.
public enum TextInput {
    /// Trims surrounding whitespace and normalises to Unicode NFC, so "å" typed as a + ring and
    /// "å" typed as one character are the same text in the database and in search.
    public static func normalise(_ value: String) -> String {
        value.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
