import TillitFormats
import TillitPlatform

/// The Follow up module's messages.
public enum FollowUpText: LocalizedText, Error, Equatable {
    case answerOutOfRange
    case unknownOption
    case unknownItem(String)
    case textTooLong
    case tokenUnknown
    case tokenUsed
    case roundNotOpen
    case roundClosed
    case roundAlreadyClosed
    case unitOutsideRound
    case datesOutOfOrder
    case dateInvalid
    case questionnaireRefused(Int)
    case versionExists(String, Int)
    case notClosedYet
    case codeUnknown
    case codeFull
    case countOutOfRange

    public var texts: (sv: String, en: String) {
        switch self {
        case .answerOutOfRange: ("Svaret ska vara 1–5 eller ”vet ej”.", "The answer must be 1–5 or \"vet_ej\".")
        case .unknownOption: ("Det svarsalternativet finns inte för frågan.", "The question has no such option.")
        case .unknownItem(let id): ("Frågan ”\(id)” finns inte i enkäten.", "The survey has no question \"\(id)\".")
        case .textTooLong: ("Svaret är längre än \(AnswerRule.maxTextLength) tecken.", "The answer is longer than \(AnswerRule.maxTextLength) characters.")
        case .tokenUnknown: ("Länken eller koden finns inte. Kontrollera att den är rätt skriven.", "There is no such link or code. Check that it is typed correctly.")
        case .tokenUsed: ("Den här länken har redan använts för att skicka in svar. Tack för att du svarade!", "This link has already been used to send answers. Thank you for answering!")
        case .roundNotOpen: ("Enkäten har inte öppnat än.", "The survey has not opened yet.")
        case .roundClosed: ("Enkäten är stängd och tar inte emot fler svar.", "The survey is closed and takes no more answers.")
        case .roundAlreadyClosed: ("Omgången är redan stängd.", "The round is already closed.")
        case .unitOutsideRound: ("Enheten ingår inte i omgången.", "The unit is not part of the round.")
        case .datesOutOfOrder: ("Sista dagen kan inte vara före första dagen.", "The last day cannot be before the first day.")
        case .dateInvalid: ("Skriv datumet som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD.")
        case .questionnaireRefused(let count): ("Frågeformuläret har \(sv: count) fel; inget sparades.", "The questionnaire has \(en: count) problems; nothing was saved.")
        case .versionExists(let key, let version): ("Version \(version) av ”\(key)” används redan i en omgång och kan inte ändras. Ge filen ett nytt versionsnummer.",
                                                    "Version \(version) of \"\(key)\" is already used by a round and cannot change. Give the file a new version number.")
        case .notClosedYet: ("Resultaten visas när omgången har stängt.", "Results are shown once the round has closed.")
        case .codeUnknown: ("Koden finns inte. Titta på lappen igen och skriv koden som den står.", "There is no such code. Look at the poster again and type the code as it is written.")
        case .codeFull: ("Koden har tagit emot så många svar som den får.", "The code has taken as many answers as it may.")
        case .countOutOfRange: ("Antalet ska vara 1–5\u{00A0}000.", "The number must be 1–5,000.")
        }
    }
}
