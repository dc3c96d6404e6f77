import TillitPlatform

/// The Listen module's messages.
public enum SignalText: LocalizedText {
    case reasonRequired
    case forwardToSelf
    case forwardOutside
    case noMandate
    case alreadyDecided
    case notDecided
    case receiptUnknown
    case notYourUnit

    public var texts: (sv: String, en: String) {
        switch self {
        case .reasonRequired: ("Skriv varför.", "Say why.")
        case .forwardToSelf: ("Signalen finns redan hos den enheten.", "The signal is already at that unit.")
        case .forwardOutside: ("Enheten hör till en annan organisation eller är nedlagd.", "The unit belongs to another organisation or is closed.")
        case .noMandate: ("Du har inte mandat att besvara eller skicka vidare den här signalen.", "You have no mandate to answer or forward this signal.")
        case .alreadyDecided: ("Signalen är redan besvarad.", "The signal has already been answered.")
        case .notDecided: ("Signalen behöver ett beslut först.", "The signal needs a decision first.")
        case .receiptUnknown: ("Hittar ingen signal med den koden. Kontrollera koden och försök igen.", "No signal has that code. Check the code and try again.")
        case .notYourUnit: ("Välj en enhet i din egen organisation.", "Choose a unit in your own organisation.")
        }
    }
}
