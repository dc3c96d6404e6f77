import TillitPlatform

/// Messages of pilots, reports, attachments and problem reports.
public enum LearnText: LocalizedText {
    case fileMissing
    case fileTooLarge
    case fileType([String])
    case alreadyHandled
    case notResearcher
    case dateInvalid
    case personLine
    case organisationUnknown
    case exampleUnknown
    case pilotUnknown
    case chapterFormat
    case reportPublished
    case pdfMissing
    case authorRequired
    case membersByResearchers
    case membersChanged(String)

    public var texts: (sv: String, en: String) {
        switch self {
        case .fileMissing: ("Välj en fil.", "Choose a file.")
        case .fileTooLarge: ("Filen är större än 20 MB.", "The file is larger than 20 MB.")
        case .fileType(let kinds): ("Filen måste vara en av: \(kinds.joined(separator: ", ")). Typen avgörs av innehållet, inte av namnet.",
                                    "The file must be one of: \(kinds.joined(separator: ", ")). The type is decided by the content, not the name.")
        case .alreadyHandled: ("Anmälan är redan hanterad.", "The report has already been handled.")
        case .notResearcher: ("Bara försökets forskare kan skriva i forskningsloggen.", "Only the pilot's researchers can write in the research log.")
        case .dateInvalid: ("Skriv ett datum som ÅÅÅÅ-MM-DD.", "Enter a date as YYYY-MM-DD.")
        case .personLine: ("Skriv en person per rad: namn | organisation eller roll | e-post (e-post kan utelämnas).",
                           "One person per line: name | organisation or role | email (email may be left out).")
        case .organisationUnknown: ("Välj en organisation som finns.", "Choose an organisation that exists.")
        case .exampleUnknown: ("Ett av exemplen finns inte eller är inte publicerat.", "One of the examples does not exist or is not published.")
        case .pilotUnknown: ("Ett av försöken finns inte.", "One of the pilots does not exist.")
        case .chapterFormat: ("Varje kapitel börjar med en rad \"# Titel\", följd av en rad \"Författare: Namn (Lärosäte); Namn (Lärosäte)\" och en sammanfattning.",
                              "Each chapter starts with a line \"# Title\", then a line \"Författare: Name (University); Name (University)\" and an abstract.")
        case .reportPublished: ("Rapporten är redan publicerad.", "The report is already published.")
        case .pdfMissing: ("Ladda upp rapportens pdf innan den publiceras.", "Upload the report's PDF before publishing it.")
        case .authorRequired: ("Ange minst en författare.", "Enter at least one author.")
        case .membersByResearchers: ("Bara försökets forskare kan ändra vilka som är forskare och kontaktpersoner.",
                                     "Only the pilot's researchers can change who its researchers and contacts are.")
        case .membersChanged(let name): ("Forskarna eller kontaktpersonerna i försöket \"\(name)\" har ändrats.",
                                         "The researchers or contacts of the pilot \"\(name)\" have changed.")
        }
    }
}
