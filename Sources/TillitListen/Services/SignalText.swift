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
    case unitClosed
    case codeUnknown
    case codeWithdrawn
    case codeLimit

    public var texts: (sv: String, en: String) {
        switch self {
        case .reasonRequired: ("Skriv varför.", "Say why.")
        case .forwardToSelf: ("Signalen finns redan hos den enheten.", "The signal is already at that unit.")
        case .forwardOutside: ("Enheten hör till en annan organisation eller är nedlagd.", "The unit belongs to another organisation or is closed.")
        case .noMandate: ("Du har inte mandat att besvara eller skicka vidare den här signalen.", "You have no mandate to answer or forward this signal.")
        case .alreadyDecided: ("Signalen är redan besvarad.", "The signal has already been answered.")
        case .notDecided: ("Signalen behöver ett beslut först.", "The signal needs a decision first.")
        case .receiptUnknown: ("Hittar ingen signal med den koden. Kontrollera att alla tolv tecken är med, som ABCD-EFGH-JKLM; bindestreck, mellanslag och små bokstäver spelar ingen roll.",
                               "No signal has that code. Check that all twelve characters are there, as in ABCD-EFGH-JKLM; hyphens, spaces and small letters do not matter.")
        case .unitClosed: ("Enheten är nedlagd.", "The unit is closed.")
        case .codeUnknown: ("Koden finns inte. Titta på lappen igen och skriv koden som den står.", "There is no such code. Look at the poster again and type the code as it is written.")
        case .codeWithdrawn: ("Den här koden används inte längre. Fråga personalen efter den nya.", "This code is no longer in use. Ask the staff for the new one.")
        case .codeLimit: ("Många har skrivit här i dag. Försök igen i morgon, eller prata med personalen.", "Many people have written here today. Try again tomorrow, or talk to the staff.")
        case .notYourUnit: ("Välj en enhet i din egen organisation.", "Choose a unit in your own organisation.")
        }
    }
}
