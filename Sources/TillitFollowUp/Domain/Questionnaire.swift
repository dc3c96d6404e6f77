import Foundation
import TillitPlatform

/// A survey instrument: items grouped in dimensions, in Swedish and English. A questionnaire is
/// identified by its key and version; once a round has used a version it never changes (a changed
/// instrument is imported as the next version).
public struct Questionnaire: Sendable, Equatable {
    /// A stable name for the instrument across versions, e.g. `tillitsbarometern`.
    public let key: String
    public let version: Int
    public let title: BothLanguages
    /// Who answers: staff (through invitations) or participants (also through a shared unit code).
    public let audience: Audience
    public let dimensions: [Dimension]
    public let items: [Item]

    public init(key: String, version: Int, title: BothLanguages, audience: Audience, dimensions: [Dimension], items: [Item]) {
        self.key = key
        self.version = version
        self.title = title
        self.audience = audience
        self.dimensions = dimensions
        self.items = items
    }

    public enum Audience: String, Sendable, CaseIterable {
        case staff
        case participants
    }

    public struct Dimension: Sendable, Equatable {
        public let id: String
        public let title: BothLanguages
        public init(id: String, title: BothLanguages) {
            self.id = id
            self.title = title
        }
    }

    /// One question.
    public struct Item: Sendable, Equatable {
        public let id: String
        public let kind: Kind
        public let dimension: String?
        public let text: BothLanguages

        public init(id: String, kind: Kind, dimension: String?, text: BothLanguages) {
            self.id = id
            self.kind = kind
            self.dimension = dimension
            self.text = text
        }

        public enum Kind: Sendable, Equatable {
            /// 1–5 with a label on every step, and a "don't know / not applicable" answer.
            case likert(Scale)
            /// One of the listed options.
            case choice([Option])
            /// Free text, shown only for large groups.
            case text

            /// The API's name for the kind.
            public var name: String {
                switch self {
                case .likert: "likert"
                case .choice: "choice"
                case .text: "text"
                }
            }
        }
    }

    /// The labels of a 1–5 scale, from 1 to 5, and of the answer "don't know / not applicable".
    public struct Scale: Sendable, Equatable {
        public let steps: [BothLanguages]
        public let dontKnow: BothLanguages
        public init(steps: [BothLanguages], dontKnow: BothLanguages) {
            self.steps = steps
            self.dontKnow = dontKnow
        }
    }

    public struct Option: Sendable, Equatable {
        public let id: String
        public let label: BothLanguages
        public init(id: String, label: BothLanguages) {
            self.id = id
            self.label = label
        }
    }

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }

    /// The items that are counted (likert and choice), in order.
    public var countedItems: [Item] { items.filter { $0.kind != .text } }
}

/// One answer to one item, as stored and as reported.
public enum Answer: Sendable, Equatable, Hashable {
    case scale(Int)
    case dontKnow
    case choice(String)
    case text(String)

    /// The token an answer is written as in the API and in storage: `1`…`5`, `vet_ej`, an option id, or the text.
    public static let dontKnowToken = "vet_ej"
}

/// Checks one answer against its item, so nothing out of range or unknown is ever stored.
public enum AnswerRule {
    /// The longest free-text answer kept.
    public static let maxTextLength = 2000

    /// The answer `raw` (an integer or a string from a form or the API) means for `item`, or why it is refused.
    public static func parse(_ raw: RawAnswer, for item: Questionnaire.Item) -> Result<Answer?, FollowUpText> {
        switch (item.kind, raw) {
        case (.likert, .number(let value)):
            guard (1...5).contains(value) else { return .failure(.answerOutOfRange) }
            return .success(.scale(value))
        case (.likert, .string(let text)):
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .success(nil) }
            if text == Answer.dontKnowToken { return .success(.dontKnow) }
            guard let value = Int(text), (1...5).contains(value) else { return .failure(.answerOutOfRange) }
            return .success(.scale(value))
        case (.choice(let options), .string(let text)):
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .success(nil) }
            guard options.contains(where: { $0.id == text }) else { return .failure(.unknownOption) }
            return .success(.choice(text))
        case (.choice, .number):
            return .failure(.unknownOption)
        case (.text, .string(let text)):
            let clean = TextInput.normalise(text)
            if clean.isEmpty { return .success(nil) }
            guard clean.count <= maxTextLength else { return .failure(.textTooLong) }
            return .success(.text(clean))
        case (.text, .number):
            return .failure(.answerOutOfRange)
        }
    }
}

/// An answer as it arrives, before it is checked against its item.
public enum RawAnswer: Sendable, Equatable {
    case number(Int)
    case string(String)
}
