import Foundation
import TillitPlatform
import Yams

/// Reads a questionnaire from YAML or JSON (JSON is read as YAML, so both report problems by line).
///
/// ```yaml
/// key: tillitsbarometern
/// version: 1
/// audience: staff              # or participants
/// title: {sv: Tillitsbarometern, en: The trust barometer}
/// scale:                       # the labels of 1–5 and of "don't know", for every likert item
///   steps:
///     - {sv: Stämmer inte alls, en: Not at all true}
///     - …                      # five in all
///   dont_know: {sv: Vet ej / ej aktuellt, en: Don't know / not applicable}
/// dimensions:
///   - {id: tillit, title: {sv: Tillit, en: Trust}}
/// items:
///   - {id: t1, kind: likert, dimension: tillit, text: {sv: …, en: …}}
///   - {id: c1, kind: choice, options: [{id: ja, label: {sv: Ja, en: Yes}}], text: {sv: …, en: …}}
///   - {id: f1, kind: text, text: {sv: …, en: …}}
/// ```
///
/// Every problem found is reported with its line, and a file with any problem yields nothing.
public enum QuestionnaireFile {
    /// A problem in a questionnaire file, at a line (1-based) where one is known.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int?
        public let message: BothLanguages
        public init(line: Int?, _ message: BothLanguages) {
            self.line = line
            self.message = message
        }
        public func text(_ language: Language) -> String {
            guard let line else { return message.text(language) }
            return (language == .sv ? "Rad \(line): " : "Line \(line): ") + message.text(language)
        }
        public var description: String { text(.en) }
    }

    /// Why a file was refused: every problem found.
    public struct Refused: Error, Sendable {
        public let problems: [Problem]
    }

    /// An id: 1–40 of a–z, 0–9, `_` and `-`, starting with a letter or digit.
    static func isIdentifier(_ text: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        return (1...40).contains(text.count) && text.allSatisfy(allowed.contains) && text.first != "_" && text.first != "-"
    }
    /// The most items an instrument may have (a survey is meant to take minutes, not hours).
    public static let maxItems = 80

    /// Parses `text`; throws ``Refused`` listing every problem.
    public static func parse(_ text: String) throws(Refused) -> Questionnaire {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Refused(problems: [Problem(line: nil, BothLanguages(sv: "Filen är tom.", en: "The file is empty."))])
            }
            root = node
        } catch let refused as Refused {
            throw refused
        } catch {
            throw Refused(problems: [Problem(line: lineOf(error), BothLanguages(sv: "Filen kan inte läsas som YAML eller JSON.",
                                                                                 en: "The file cannot be read as YAML or JSON."))])
        }
        var reader = Reader()
        let result = reader.questionnaire(root)
        if !reader.problems.isEmpty || result == nil {
            throw Refused(problems: reader.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return result!
    }

    /// The line a Yams error names (its description starts with `line:column:`).
    static func lineOf(_ error: any Error) -> Int? {
        let description = String(describing: error)
        guard let match = description.firstMatch(of: /(\d+):(\d+)/) else { return nil }
        return Int(match.1)
    }

    private struct Reader {
        var problems: [Problem] = []

        mutating func fail(_ node: Node?, _ sv: String, _ en: String) {
            problems.append(Problem(line: node.flatMap(\.mark).map(\.line), BothLanguages(sv: sv, en: en)))
        }

        func field(_ node: Node, _ key: String) -> Node? {
            guard case .mapping(let mapping) = node else { return nil }
            return mapping.first { $0.key.string == key }?.value
        }

        mutating func string(_ node: Node, _ key: String, required: Bool = true, maxLength: Int = 500) -> String? {
            guard let value = field(node, key) else {
                if required { fail(node, "Fältet ”\(key)” saknas.", "The field \"\(key)\" is missing.") }
                return nil
            }
            guard case .scalar(let scalar) = value else {
                fail(value, "Fältet ”\(key)” ska vara en text.", "The field \"\(key)\" must be a text.")
                return nil
            }
            let text = TextInput.normalise(scalar.string)
            if text.isEmpty {
                if required { fail(value, "Fältet ”\(key)” är tomt.", "The field \"\(key)\" is empty.") }
                return nil
            }
            if text.count > maxLength {
                fail(value, "Fältet ”\(key)” är längre än \(maxLength) tecken.", "The field \"\(key)\" is longer than \(maxLength) characters.")
                return nil
            }
            return text
        }

        mutating func identifier(_ node: Node, _ key: String) -> String? {
            guard let id = string(node, key, maxLength: 40) else { return nil }
            guard QuestionnaireFile.isIdentifier(id) else {
                fail(field(node, key), "”\(id)” är inget giltigt id: små bokstäver a–z, siffror, _ och -, högst 40 tecken.",
                     "\"\(id)\" is not a valid id: small letters a–z, digits, _ and -, at most 40 characters.")
                return nil
            }
            return id
        }

        /// A text in both languages: `{sv: …, en: …}`.
        mutating func both(_ node: Node, _ key: String, maxLength: Int = 500) -> BothLanguages? {
            guard let value = field(node, key) else {
                fail(node, "Fältet ”\(key)” saknas.", "The field \"\(key)\" is missing.")
                return nil
            }
            return both(value, name: key, maxLength: maxLength)
        }

        mutating func both(_ value: Node, name: String, maxLength: Int = 500) -> BothLanguages? {
            guard case .mapping = value else {
                fail(value, "”\(name)” ska ha en svensk (sv) och en engelsk (en) text.", "\"\(name)\" must have a Swedish (sv) and an English (en) text.")
                return nil
            }
            let sv = string(value, "sv", maxLength: maxLength)
            let en = string(value, "en", maxLength: maxLength)
            guard let sv, let en else { return nil }
            return BothLanguages(sv: sv, en: en)
        }

        mutating func list(_ node: Node, _ key: String) -> [Node]? {
            guard let value = field(node, key) else {
                fail(node, "Fältet ”\(key)” saknas.", "The field \"\(key)\" is missing.")
                return nil
            }
            guard case .sequence(let sequence) = value, !sequence.isEmpty else {
                fail(value, "”\(key)” ska vara en lista med minst en rad.", "\"\(key)\" must be a list with at least one entry.")
                return nil
            }
            return Array(sequence)
        }

        mutating func scale(_ node: Node) -> Questionnaire.Scale? {
            guard case .mapping = node else {
                fail(node, "”scale” ska ha ”steps” och ”dont_know”.", "\"scale\" must have \"steps\" and \"dont_know\".")
                return nil
            }
            let steps = list(node, "steps")
            if let steps, steps.count != 5 {
                fail(field(node, "steps"), "En skala har fem steg, ett namn på varje; här finns \(steps.count).",
                     "A scale has five steps, each with a label; this one has \(steps.count).")
            }
            let labels = (steps ?? []).map { both($0, name: "steps") }
            let dontKnow = both(node, "dont_know")
            guard let steps, steps.count == 5, labels.allSatisfy({ $0 != nil }), let dontKnow else { return nil }
            return Questionnaire.Scale(steps: labels.map { $0! }, dontKnow: dontKnow)
        }

        mutating func questionnaire(_ root: Node) -> Questionnaire? {
            guard case .mapping = root else {
                fail(root, "Filen ska beskriva ett frågeformulär med key, version, title, dimensions och items.",
                     "The file must describe a questionnaire with key, version, title, dimensions and items.")
                return nil
            }
            let key = identifier(root, "key")
            var version: Int?
            if let node = field(root, "version") {
                if let number = node.int, (1...9999).contains(number) { version = number } else {
                    fail(node, "”version” ska vara ett heltal 1–9999.", "\"version\" must be a whole number 1–9999.")
                }
            } else {
                fail(root, "Fältet ”version” saknas.", "The field \"version\" is missing.")
            }
            let title = both(root, "title", maxLength: 200)
            var audience = Questionnaire.Audience.staff
            if let raw = string(root, "audience", required: false) {
                if let value = Questionnaire.Audience(rawValue: raw) { audience = value } else {
                    fail(field(root, "audience"), "”audience” ska vara staff eller participants.", "\"audience\" must be staff or participants.")
                }
            }
            let defaultScale = field(root, "scale").flatMap { scale($0) }
            var dimensions: [Questionnaire.Dimension] = []
            for node in list(root, "dimensions") ?? [] {
                guard let id = identifier(node, "id"), let title = both(node, "title", maxLength: 200) else { continue }
                if dimensions.contains(where: { $0.id == id }) {
                    fail(node, "Dimensionen ”\(id)” finns redan.", "The dimension \"\(id)\" is already there.")
                } else {
                    dimensions.append(.init(id: id, title: title))
                }
            }
            var items: [Questionnaire.Item] = []
            var seen: Set<String> = []
            let itemNodes = list(root, "items") ?? []
            if itemNodes.count > QuestionnaireFile.maxItems {
                fail(field(root, "items"), "Högst \(QuestionnaireFile.maxItems) frågor.", "At most \(QuestionnaireFile.maxItems) items.")
            }
            for node in itemNodes {
                let id = identifier(node, "id")
                if let id {
                    if seen.contains(id) {
                        fail(field(node, "id"), "Frågan ”\(id)” finns redan: varje fråga behöver ett eget id.", "The item \"\(id)\" is already there: every item needs an id of its own.")
                    }
                    seen.insert(id)
                }
                let text = both(node, "text", maxLength: 500)
                var dimension: String?
                if let raw = string(node, "dimension", required: false) {
                    if dimensions.contains(where: { $0.id == raw }) { dimension = raw } else {
                        fail(field(node, "dimension"), "Dimensionen ”\(raw)” finns inte under dimensions.", "The dimension \"\(raw)\" is not listed under dimensions.")
                    }
                }
                var kind: Questionnaire.Item.Kind?
                switch string(node, "kind") {
                case "likert":
                    if let own = field(node, "scale") {
                        kind = scale(own).map { .likert($0) }
                    } else if let defaultScale {
                        kind = .likert(defaultScale)
                    } else if field(root, "scale") == nil {
                        fail(node, "En femgradig fråga behöver namn på varje steg: ange ”scale” för formuläret eller frågan.",
                             "A five-step item needs a label on every step: give a \"scale\" for the questionnaire or the item.")
                    }
                case "choice":
                    var options: [Questionnaire.Option] = []
                    for option in list(node, "options") ?? [] {
                        guard let optionID = identifier(option, "id"), let label = both(option, "label", maxLength: 200) else { continue }
                        if options.contains(where: { $0.id == optionID }) || optionID == Answer.dontKnowToken {
                            fail(option, "Svarsalternativet ”\(optionID)” finns redan eller är reserverat.", "The option \"\(optionID)\" is already there or reserved.")
                        } else {
                            options.append(.init(id: optionID, label: label))
                        }
                    }
                    if options.count >= 2 { kind = .choice(options) } else if !options.isEmpty {
                        fail(node, "En flervalsfråga behöver minst två svarsalternativ.", "A choice item needs at least two options.")
                    }
                case "text":
                    kind = .text
                case let other?:
                    fail(field(node, "kind"), "Okänd frågetyp ”\(other)”: likert, choice eller text.", "Unknown item kind \"\(other)\": likert, choice or text.")
                case nil:
                    break
                }
                if let id, let text, let kind {
                    items.append(.init(id: id, kind: kind, dimension: dimension, text: text))
                }
            }
            guard let key, let version, let title, problems.isEmpty else { return nil }
            return Questionnaire(key: key, version: version, title: title, audience: audience, dimensions: dimensions, items: items)
        }
    }
}
