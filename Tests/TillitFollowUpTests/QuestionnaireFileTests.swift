import Foundation
import Testing
@testable import TillitFollowUp
import TillitPlatform

@Suite("Follow up: questionnaire files")
struct QuestionnaireFileTests {
    static let minimal = """
        key: puls
        version: 2
        title: {sv: Puls, en: Pulse}
        scale:
          steps:
            - {sv: Inte alls, en: Not at all}
            - {sv: Lite, en: A little}
            - {sv: Delvis, en: Partly}
            - {sv: Mycket, en: Much}
            - {sv: Helt, en: Fully}
          dont_know: {sv: Vet ej, en: Don't know}
        dimensions:
          - {id: arbete, title: {sv: Arbetet, en: The work}}
        items:
          - {id: q1, kind: likert, dimension: arbete, text: {sv: Fråga ett, en: Question one}}
          - id: q2
            kind: choice
            text: {sv: Fråga två, en: Question two}
            options:
              - {id: ja, label: {sv: Ja, en: Yes}}
              - {id: nej, label: {sv: Nej, en: No}}
          - {id: q3, kind: text, text: {sv: Fråga tre, en: Question three}}
        """

    @Test("a YAML file gives the questionnaire with its items, dimensions and labels")
    func yaml() throws {
        let q = try QuestionnaireFile.parse(Self.minimal)
        #expect(q.key == "puls" && q.version == 2 && q.title.en == "Pulse")
        #expect(q.items.map(\.id) == ["q1", "q2", "q3"])
        #expect(q.items.map(\.kind.name) == ["likert", "choice", "text"])
        guard case .likert(let scale) = q.items[0].kind else { Issue.record("q1 is not likert"); return }
        #expect(scale.steps.count == 5 && scale.steps[4].sv == "Helt" && scale.dontKnow.en == "Don't know")
        #expect(q.items[0].dimension == "arbete" && q.items[1].dimension == nil)
    }

    @Test("the same questionnaire in JSON reads the same")
    func json() throws {
        let json = """
            {"key": "puls", "version": 2, "title": {"sv": "Puls", "en": "Pulse"},
             "scale": {"steps": [{"sv": "1", "en": "1"}, {"sv": "2", "en": "2"}, {"sv": "3", "en": "3"}, {"sv": "4", "en": "4"}, {"sv": "5", "en": "5"}],
                       "dont_know": {"sv": "Vet ej", "en": "Don't know"}},
             "dimensions": [{"id": "arbete", "title": {"sv": "Arbetet", "en": "The work"}}],
             "items": [{"id": "q1", "kind": "likert", "dimension": "arbete", "text": {"sv": "Fråga", "en": "Question"}}]}
            """
        let q = try QuestionnaireFile.parse(json)
        #expect(q.items.count == 1 && q.items[0].kind.name == "likert")
    }

    @Test("duplicate ids, missing labels and unknown dimensions are each reported with their line")
    func problemsByLine() throws {
        let bad = Self.minimal
            .replacingOccurrences(of: "{id: q3, kind: text", with: "{id: q1, kind: text")
            .replacingOccurrences(of: "    - {sv: Helt, en: Fully}\n", with: "")
            .replacingOccurrences(of: "dimension: arbete, text: {sv: Fråga ett", with: "dimension: okand, text: {sv: Fråga ett")
        #expect(throws: QuestionnaireFile.Refused.self) { try QuestionnaireFile.parse(bad) }
        do {
            _ = try QuestionnaireFile.parse(bad)
        } catch {
            let lines = error.problems.map(\.line)
            let texts = error.problems.map { $0.text(.sv) }
            #expect(texts.contains { $0.contains("fem steg") }, "four labels for a five-step scale")
            #expect(texts.contains { $0.contains("”q1” finns redan") })
            #expect(texts.contains { $0.contains("okand") })
            #expect(lines.allSatisfy { $0 != nil })
            #expect(error.problems.first { $0.text(.en).contains("already there") }?.line == 21)
        }
    }

    @Test("a label missing in one language is refused")
    func missingLanguage() {
        let bad = Self.minimal.replacingOccurrences(of: "{sv: Lite, en: A little}", with: "{sv: Lite}")
        #expect(throws: QuestionnaireFile.Refused.self) { try QuestionnaireFile.parse(bad) }
    }

    @Test("text that is not YAML gives the line where reading stopped")
    func unreadable() {
        do {
            _ = try QuestionnaireFile.parse("key: a\nversion: 1\nitems: [\n  {id: x\n")
            Issue.record("accepted")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].line != nil)
        }
    }

    @Test("the shipped instruments: a barometer on all eight principles in 16–24 items, a participant survey of 6–8 items, both in two languages")
    func builtins() throws {
        let barometer = try QuestionnaireFile.parse(try FollowUpSchema.builtinSource("tillitsbarometern"))
        #expect((16...24).contains(barometer.items.count))
        #expect(Set(barometer.dimensions.map(\.id)) == ["tillit", "medborgarfokus", "helhetssyn", "handlingsutrymme", "stod", "kunskap", "oppenhet", "langsiktighet"])
        for dimension in barometer.dimensions {
            #expect(barometer.items.filter { $0.dimension == dimension.id }.count >= 2, "\(dimension.id) has at least two items")
        }
        #expect(barometer.audience == .staff)
        let participants = try QuestionnaireFile.parse(try FollowUpSchema.builtinSource("deltagarrosten"))
        #expect((6...8).contains(participants.items.count))
        #expect(participants.audience == .participants)
        for q in [barometer, participants] {
            for item in q.items {
                #expect(!item.text.sv.isEmpty && !item.text.en.isEmpty)
                if case .likert(let scale) = item.kind { #expect(scale.steps.count == 5) }
            }
        }
        // easy to read: short questions
        #expect(participants.items.allSatisfy { $0.text.sv.split(separator: " ").count <= 12 })
    }

    @Test("answers are checked against their item")
    func answers() {
        let q = try! QuestionnaireFile.parse(Self.minimal)
        #expect(AnswerRule.parse(.number(5), for: q.items[0]) == .success(.scale(5)))
        #expect(AnswerRule.parse(.number(6), for: q.items[0]) == .failure(.answerOutOfRange))
        #expect(AnswerRule.parse(.number(0), for: q.items[0]) == .failure(.answerOutOfRange))
        #expect(AnswerRule.parse(.string("vet_ej"), for: q.items[0]) == .success(.dontKnow))
        #expect(AnswerRule.parse(.string("ja"), for: q.items[1]) == .success(.choice("ja")))
        #expect(AnswerRule.parse(.string("kanske"), for: q.items[1]) == .failure(.unknownOption))
        #expect(AnswerRule.parse(.string(String(repeating: "x", count: 2001)), for: q.items[2]) == .failure(.textTooLong))
        #expect(throws: AppError.self) { try FollowUp.check(["okand": .number(3)], q) }
    }

    @Test("a stored file read again gives the same questionnaire as parsing it, for each shipped instrument and a changed file")
    func parsedOnce() throws {
        let memo = ParsedQuestionnaires(capacity: 2)
        for name in FollowUpSchema.builtinInstruments {
            let source = try FollowUpSchema.builtinSource(name)
            let parsed = try QuestionnaireFile.parse(source)
            #expect(memo.parsed(digest: Secrets.hash(source)) == nil)
            #expect(try memo.parse(source) == parsed)
            #expect(try memo.parse(source) == parsed)
            // found again by the file's digest alone
            #expect(memo.parsed(digest: Secrets.hash(source)) == parsed)
            // Another text is another questionnaire, never the one kept for the first.
            let renamed = source.replacingOccurrences(of: parsed.title.sv, with: parsed.title.sv + " 2")
            #expect(try memo.parse(renamed).title.sv == parsed.title.sv + " 2")
            #expect(memo.parsed(digest: Secrets.hash(renamed))?.title.sv == parsed.title.sv + " 2")
        }
    }
}
