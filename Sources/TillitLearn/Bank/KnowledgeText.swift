import TillitPlatform

/// The Learn module's messages.
public enum KnowledgeText: LocalizedText {
    case chooseOne
    case yearRange
    case notYourOrganisation
    case wrongState(ExampleStatus)
    case linkInvalid
    case tooMany(Int)
    case commentRequired

    public var texts: (sv: String, en: String) {
        switch self {
        case .chooseOne: ("Välj minst ett.", "Choose at least one.")
        case .yearRange: ("Skriv ett år mellan 1990 och 2100, och ett slutår som inte är före startåret.",
                          "Enter a year between 1990 and 2100, and an end year no earlier than the start year.")
        case .notYourOrganisation: ("Välj en av dina egna organisationer.", "Choose one of your own organisations.")
        case .wrongState(let status): ("Det går inte när exemplet är \(status.label.sv.lowercased()).", "Not possible while the example is \(status.label.en.lowercased()).")
        case .linkInvalid: ("Länkar ska börja med https:// eller http://.", "Links must start with https:// or http://.")
        case .tooMany(let n): ("Högst \(n) stycken.", "At most \(n).")
        case .commentRequired: ("Skriv en kommentar till den som bidrog.", "Write a comment for the contributor.")
        }
    }
}
