import TillitFormats
import TillitPlatform

/// The Learn module's messages.
public enum KnowledgeText: LocalizedText {
    case chooseOne
    case extIDTaken
    case problemReported
    case lineNotUTF8
    case extIDMissing
    case organisationMissing
    case unknownOrganisationKind(String)
    case extIDRepeated(String, line: Int)
    case fieldProblem(String, BothLanguages)
    case lineNotJSON
    case yearRange
    case notYourOrganisation
    case wrongState(ExampleStatus)
    case linkInvalid
    case tooMany(Int)
    case commentRequired

    public var texts: (sv: String, en: String) {
        switch self {
        case .chooseOne: ("Välj minst ett.", "Choose at least one.")
        case .extIDTaken: ("Det externa id:t används redan av ett annat exempel.", "This ext_id is already used by another example.")
        case .lineNotUTF8: ("raden är inte giltig UTF-8.", "the line is not valid UTF-8.")
        case .extIDMissing: ("ext_id saknas.", "ext_id is missing.")
        case .organisationMissing: ("organisation saknas.", "organisation is missing.")
        case .unknownOrganisationKind(let kind): ("okänd org_kind: \(kind)", "unknown org_kind: \(kind)")
        case .extIDRepeated(let ext, let earlier): ("ext_id \(ext) finns redan på rad \(earlier).", "ext_id \(ext) already on line \(earlier).")
        case .fieldProblem(let field, let message): ("\(field): \(message.sv)", "\(field): \(message.en)")
        case .lineNotJSON: ("ogiltig JSON eller fel typ av värde.", "invalid JSON or a wrong type of value.")
        case .problemReported: ("Ett problem har anmälts med ett exempel i kunskapsbanken.", "A problem has been reported with an example in the knowledge bank.")
        case .yearRange: ("Skriv ett år mellan 1990 och 2100, och ett slutår som inte är före startåret.",
                          "Enter a year between 1990 and 2100, and an end year no earlier than the start year.")
        case .notYourOrganisation: ("Välj en av dina egna organisationer.", "Choose one of your own organisations.")
        case .wrongState(let status): ("Det går inte när exemplet är \(status.label.sv.lowercased()).", "Not possible while the example is \(status.label.en.lowercased()).")
        case .linkInvalid: ("Länkar ska börja med https:// eller http://.", "Links must start with https:// or http://.")
        case .tooMany(let n): ("Högst \(sv: n) stycken.", "At most \(en: n).")
        case .commentRequired: ("Skriv en kommentar till den som bidrog.", "Write a comment for the contributor.")
        }
    }
}
