import TillitFormats
import Foundation

/// Messages of the platform core, in Swedish and English.
public enum PlatformText: LocalizedText {
    case signInRequired
    case forbidden
    case notFound
    case validationFailed
    case fieldRequired
    case fieldTooLong(Int)
    case fieldHasControlCharacters
    case fieldUnknownChoice([String])
    case fieldInvalidEmail
    case fieldInvalidValue
    case tooManyAttempts
    case fieldInvalidSlug
    case fieldNotANumber
    case fieldOutOfRange(min: Int, max: Int)
    case passwordTooShort(Int)
    case passwordTooLong(Int)
    case passwordsDiffer
    case signInFailed
    case signInRateLimited
    case linkInvalidOrUsed
    case emailTaken
    case slugTaken
    case unitExternalIDTaken
    case unitOfAnotherOrganisation
    case unitMoveCycle
    case unitIsClosed
    case unitParentClosed
    case unitNotClosed
    case userNotFound(String)
    case organisationNotFound(String)
    case unknownSetting(String)
    case invalidJSON
    case bodyTooLarge(Int)
    case serviceBusy
    case csrfFailed
    case importFailed(Int)
    case roleScopeMismatch
    case tokenNameRequired
    case lastSystemAdministrator
    case internalHostRefused
    case httpsRequired
    case internalProviderRefused
    case roleMapInvalid(line: Int)
    case badRequest
    case chooseOne
    case fieldWrongType

    public var texts: (sv: String, en: String) {
        switch self {
        case .signInRequired: ("Du behöver logga in för att se den här sidan.", "You need to sign in to see this page.")
        case .forbidden: ("Du har inte behörighet till det här.", "You do not have permission to do this.")
        case .notFound: ("Sidan finns inte.", "The page does not exist.")
        case .validationFailed: ("Några uppgifter behöver rättas.", "Some fields need correcting.")
        case .fieldRequired: ("Fyll i fältet.", "Fill in this field.")
        case .fieldTooLong(let n): ("Högst \(sv: n) tecken.", "At most \(en: n) characters.")
        case .fieldHasControlCharacters: ("Texten innehåller otillåtna tecken.", "The text contains characters that are not allowed.")
        case .fieldUnknownChoice(let allowed):
            ("Okänt värde. Tillåtna: \(allowed.joined(separator: ", ")).", "Unknown value. Allowed: \(allowed.joined(separator: ", ")).")
        case .tooManyAttempts: ("För många försök på kort tid. Vänta en stund och försök igen.", "Too many attempts in a short time. Wait a while and try again.")
        case .fieldInvalidValue: ("Värdet har fel form.", "The value is not in the right form.")
        case .badRequest: ("Felaktig begäran.", "Bad request.")
        case .chooseOne: ("Välj ett alternativ.", "Choose one of the options.")
        case .fieldWrongType: ("Fel typ av värde.", "Wrong type of value.")
        case .httpsRequired: ("Adressen måste börja med https://.", "The address must start with https://.")
        case .internalProviderRefused:
            ("Adressen ligger på ett internt nät eller på Tillits egen maskin. Ange leverantörens namn på nätet, eller be plattformens administratör tillåta interna identitetsleverantörer.",
             "The address is on an internal network or on Tillit's own machine. Give the provider's name on the network, or ask the platform's administrator to allow internal identity providers.")
        case .roleMapInvalid(let line):
            ("Del \(line) har fel form. Skriv varje del som värde=roll och skilj delarna åt med semikolon; roll är styrelse, forskare, redaktor, administrator, chef:ENHETS-ID eller medarbetare:ENHETS-ID.",
             "Part \(line) is not in the right form. Write each part as value=role and separate the parts with semicolons; role is styrelse, forskare, redaktor, administrator, chef:UNIT-ID or medarbetare:UNIT-ID.")
        case .internalHostRefused: ("Servern ligger på ett internt nät eller på Tillits egen maskin, dit Tillit inte skickar e-post åt en organisation. Ange reläets namn på nätet, eller be plattformens administratör tillåta interna reläer.",
                                    "The server is on an internal network or on Tillit's own machine, where Tillit does not send mail for an organisation. Give the relay's network name, or ask the platform's administrator to allow internal relays.")
        case .fieldInvalidEmail: ("Skriv en e-postadress, till exempel namn@kommun.se.", "Enter an email address, such as name@example.org.")
        case .fieldInvalidSlug: ("Använd små bokstäver a–z, siffror och bindestreck.", "Use lower-case letters a–z, digits and hyphens.")
        case .fieldNotANumber: ("Skriv ett heltal.", "Enter a whole number.")
        case .fieldOutOfRange(let min, let max): ("Värdet ska vara mellan \(sv: min) och \(sv: max).", "The value must be between \(en: min) and \(en: max).")
        case .passwordTooShort(let n): ("Lösenordet ska ha minst \(sv: n) tecken.", "The password must have at least \(en: n) characters.")
        case .passwordTooLong(let n): ("Lösenordet får ha högst \(sv: n) byte.", "The password may have at most \(en: n) bytes.")
        case .passwordsDiffer: ("Lösenorden är inte likadana.", "The passwords do not match.")
        case .signInFailed: ("Fel e-postadress eller lösenord.", "Wrong email address or password.")
        case .signInRateLimited:
            ("För många försök. Vänta en kvart och försök igen, eller återställ lösenordet.",
             "Too many attempts. Wait fifteen minutes and try again, or reset your password.")
        case .linkInvalidOrUsed:
            ("Länken är ogiltig, har redan använts eller har gått ut. Be om en ny.",
             "The link is invalid, already used or expired. Ask for a new one.")
        case .emailTaken: ("Det finns redan ett konto med den e-postadressen.", "An account with that email address already exists.")
        case .slugTaken: ("Kortnamnet används redan.", "The short name is already in use.")
        case .unitExternalIDTaken: ("Det externa id:t används redan av en annan enhet.", "The external id is already used by another unit.")
        case .unitOfAnotherOrganisation: ("Enheten hör till en annan organisation.", "The unit belongs to another organisation.")
        case .unitMoveCycle: ("En enhet kan inte flyttas under sig själv eller sina underenheter.", "A unit cannot be moved under itself or its sub-units.")
        case .unitIsClosed: ("Enheten är nedlagd.", "The unit is closed.")
        case .unitParentClosed: ("Den överordnade enheten är nedlagd.", "The parent unit is closed.")
        case .unitNotClosed: ("Enheten är inte nedlagd.", "The unit is not closed.")
        case .userNotFound(let email): ("Hittar inget konto för \(email).", "No account found for \(email).")
        case .organisationNotFound(let slug): ("Hittar ingen organisation med kortnamnet \(slug).", "No organisation with the short name \(slug).")
        case .unknownSetting(let key): ("Okänd inställning: \(key).", "Unknown setting: \(key).")
        case .invalidJSON: ("Begäran är inte giltig JSON.", "The request is not valid JSON.")
        case .bodyTooLarge(let n): ("Begäran är för stor (högst \(sv: n / 1024) kB).", "The request is too large (at most \(en: n / 1024) kB).")
        case .serviceBusy:
            ("Tjänsten är tillfälligt överbelastad eller når inte sin databas. Inget av det du skickade sparades. Försök igen om en stund.",
             "The service is busy or cannot reach its database right now. Nothing you sent was saved. Please try again in a moment.")
        case .csrfFailed:
            ("Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.",
             "The form has expired or came from another site. Reload the page and try again.")
        case .importFailed(let n): ("Importen stoppades: \(sv: n) fel. Inget sparades.", "The import was stopped: \(en: n) errors. Nothing was saved.")
        case .roleScopeMismatch: ("Rollen passar inte ihop med vald enhet eller organisation.", "The role does not fit the chosen unit or organisation.")
        case .tokenNameRequired: ("Ge nyckeln ett namn.", "Give the token a name.")
        case .lastSystemAdministrator: ("Den sista systemadministratören kan inte tas bort.", "The last system administrator cannot be removed.")
        }
    }
}
