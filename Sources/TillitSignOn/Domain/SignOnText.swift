import TillitPlatform

/// What sign-on tells a person, in Swedish and English.
public enum SignOnText: LocalizedText {
    case notConfigured
    case providerUnavailable
    case providerDocument
    case providerAddress
    case requestUnknown
    case providerDenied
    case tokenRefused(IDTokenProblem)
    case codeRefused
    case emailMissing
    case emailNotVerified
    case unknownPerson(organisation: String)
    case accountElsewhere(organisation: String)
    case accountDisabled
    case newPeopleUnitMissing
    case passwordsOff(organisation: String)

    public var texts: (sv: String, en: String) {
        switch self {
        case .notConfigured:
            ("Organisationen har inte ställt in inloggning med sitt eget konto. Logga in med e-post och lösenord.",
             "The organisation has not set up sign-in with its own account. Sign in with email and password.")
        case .providerUnavailable:
            ("Organisationens inloggningstjänst svarar inte just nu. Försök igen om en stund.",
             "The organisation's sign-in service is not answering just now. Try again in a while.")
        case .providerDocument:
            ("Organisationens inloggningstjänst svarade på ett sätt som Tillit inte kan lita på. Kontakta din administratör.",
             "The organisation's sign-in service answered in a way Tillit cannot trust. Contact your administrator.")
        case .providerAddress:
            ("Inloggningstjänstens adress är inte tillåten (den måste vara https och inte på ett internt nät). Kontakta din administratör.",
             "The sign-in service's address is not allowed (it must be https and not on an internal network). Contact your administrator.")
        case .requestUnknown:
            ("Inloggningen kunde inte slutföras: den har redan använts, tog för lång tid eller startades i en annan webbläsare. Börja om från inloggningssidan.",
             "The sign-in could not be completed: it has already been used, took too long or was started in another browser. Start again from the sign-in page.")
        case .providerDenied:
            ("Inloggningstjänsten avbröt inloggningen. Börja om från inloggningssidan.",
             "The sign-in service stopped the sign-in. Start again from the sign-in page.")
        case .tokenRefused(let problem):
            ("Inloggningstjänstens intyg godtogs inte: \(Self.reason(problem).sv) Försök igen, och kontakta din administratör om det upprepas.",
             "The sign-in service's token was not accepted: \(Self.reason(problem).en) Try again, and contact your administrator if it happens again.")
        case .codeRefused:
            ("Inloggningstjänsten godtog inte Tillits begäran (klient-id eller klienthemlighet kan vara fel). Kontakta din administratör.",
             "The sign-in service did not accept Tillit's request (the client id or client secret may be wrong). Contact your administrator.")
        case .emailMissing:
            ("Inloggningstjänsten lämnade ingen e-postadress, och den behövs för att hitta ditt konto. Kontakta din administratör.",
             "The sign-in service gave no email address, which is needed to find your account. Contact your administrator.")
        case .emailNotVerified:
            ("Inloggningstjänsten har inte bekräftat din e-postadress, så den kan inte knytas till ett konto. Kontakta din administratör.",
             "The sign-in service has not verified your email address, so it cannot be linked to an account. Contact your administrator.")
        case .unknownPerson(let organisation):
            ("Du har inget konto i Tillit hos \(organisation). Kontakta din administratör så att du får ett.",
             "You have no account in Tillit at \(organisation). Contact your administrator to get one.")
        case .accountElsewhere(let organisation):
            ("Ditt konto har roller utanför \(organisation) och loggar därför in med e-post och lösenord.",
             "Your account has roles outside \(organisation), so it signs in with email and password.")
        case .accountDisabled:
            ("Kontot är inaktiverat. Kontakta din administratör.", "The account is disabled. Contact your administrator.")
        case .newPeopleUnitMissing:
            ("Enheten som nya personer ska placeras i finns inte längre. Kontakta din administratör.",
             "The unit new people are to be placed in no longer exists. Contact your administrator.")
        case .passwordsOff(let organisation):
            ("\(organisation) loggar in med organisationens eget konto. Välj organisationen under ”Logga in med din organisation”.",
             "\(organisation) signs in with the organisation's own account. Choose the organisation under “Sign in with your organisation”.")
        }
    }

    static func reason(_ problem: IDTokenProblem) -> (sv: String, en: String) {
        switch problem {
        case .malformed: ("det hade fel form.", "it was not well formed.")
        case .algorithmNotAllowed: ("det var inte undertecknat med en tillåten metod.", "it was not signed with an allowed method.")
        case .unknownKey: ("det var undertecknat med en nyckel som leverantören inte har publicerat.", "it was signed with a key the provider has not published.")
        case .badSignature: ("underskriften stämde inte.", "the signature did not match.")
        case .wrongIssuer: ("det var utfärdat av någon annan än organisationens leverantör.", "it was issued by someone other than the organisation's provider.")
        case .wrongAudience: ("det var inte utfärdat för Tillit.", "it was not issued for Tillit.")
        case .expired: ("det hade gått ut.", "it had expired.")
        case .issuedAtWrong: ("tiden det utfärdades stämde inte.", "the time it was issued did not fit.")
        case .nonceMismatch: ("det hörde inte till den här inloggningen.", "it did not belong to this sign-in.")
        }
    }
}
