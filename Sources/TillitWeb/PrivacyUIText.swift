import TillitFormats
import TillitPlatform

/// The words of the people's rights pages.
enum PrivacyUIText: LocalizedText {
    case myData
    case myDataLead
    case whatWeHold
    case file
    case records
    case download
    case anonymousNotIncluded
    case removeAccount
    case removeAccountLead
    case removeAccountRule(NamedContentRule)
    case removeAccountNotAllowed
    case confirmRemoval
    case confirmRemovalRequired
    case removeButton
    case removePerson
    case removePersonLead
    case removePersonButton
    case removed
    case summaryTitle(String)
    case summaryIntro
    case textRemoved

    var texts: (sv: String, en: String) {
        switch self {
        case .myData: ("Mina uppgifter", "My data")
        case .myDataLead: ("Här ser du vad Tillit har sparat om dig och kan ladda ner allt som en ZIP-fil med JSON och en läsbar sammanfattning.",
                           "Here you see what Tillit holds about you and can download all of it as a ZIP file with JSON and a readable summary.")
        case .whatWeHold: ("Det här har vi om dig", "What we hold about you")
        case .file: ("Fil", "File")
        case .records: ("Antal", "Count")
        case .download: ("Ladda ner mina uppgifter (ZIP)", "Download my data (ZIP)")
        case .anonymousNotIncluded: ("Det du har skrivit anonymt finns inte med. Anonyma signaler och svar sparas utan koppling till någon person, så de går inte att hitta för dig eller för någon annan.",
                                     "What you wrote anonymously is not included. Anonymous signals and answers are stored without any link to a person, so neither you nor anyone else can find them.")
        case .removeAccount: ("Ta bort mitt konto", "Remove my account")
        case .removeAccountLead: ("Ditt konto tas bort direkt: du loggas ut överallt och dina API-nycklar slutar fungera. Det går inte att ångra.",
                                  "Your account is removed at once: you are signed out everywhere and your API tokens stop working. This cannot be undone.")
        case .removeAccountRule(let rule):
            switch rule {
            case .deidentify: ("Det du har skrivit i eget namn finns kvar, men visas som skrivet av en tidigare medarbetare.",
                               "What you wrote in your own name stays, shown as written by a former member of staff.")
            case .delete: ("Texten i det du har skrivit i eget namn raderas. Det som behövs för statistiken finns kvar utan ditt namn.",
                           "The text of what you wrote in your own name is deleted. What the figures need stays, without your name.")
            }
        case .removeAccountNotAllowed: ("Din organisation låter inte personer ta bort sina egna konton. Kontakta din administratör om du vill att ditt konto tas bort.",
                                        "Your organisation does not let people remove their own accounts. Contact your administrator if you want your account removed.")
        case .confirmRemoval: ("Jag förstår att borttagningen inte går att ångra", "I understand that the removal cannot be undone")
        case .confirmRemovalRequired: ("Bekräfta att du förstår att borttagningen inte går att ångra.", "Confirm that you understand the removal cannot be undone.")
        case .removeButton: ("Ta bort mitt konto", "Remove my account")
        case .removePerson: ("Ta bort personen", "Remove the person")
        case .removePersonLead: ("Kontot tas bort direkt: inloggningar och API-nycklar slutar fungera, namn och e-postadress försvinner. Det går inte att ångra. Vad som händer med det personen har skrivit styrs av inställningen ”Det en borttagen person har skrivit”.",
                                 "The account is removed at once: sessions and API tokens stop working, the name and email address are gone. This cannot be undone. What happens to what the person wrote follows the setting \"What a removed person wrote\".")
        case .removePersonButton: ("Ta bort personen", "Remove the person")
        case .removed: ("Personen är borttagen.", "The person has been removed.")
        case .summaryTitle(let date): ("Dina uppgifter i Tillit, \(date)", "Your data in Tillit, \(date)")
        case .summaryIntro: ("Filerna i den här ZIP-filen är allt Tillit har sparat om dig i eget namn. Varje fil är JSON.",
                             "The files in this ZIP file are everything Tillit holds about you in your own name. Each file is JSON.")
        case .textRemoved: ("Texten har tagits bort.", "The text has been removed.")
        }
    }
}
