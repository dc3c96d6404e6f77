import TillitFormats
import TillitPlatform
import TillitStorage

/// The web interface's words, in Swedish and English.
enum UIText: LocalizedText {
    case appName
    case narrowDown
    case youAreHere
    case errorPrefix
    case resetMailSubject
    case resetMailBody(name: String, link: String)
    case skipToContent
    case mainNavigation
    case home
    case signIn
    case signOut
    case myPage
    case organisations
    case languageSwitch
    case footerAbout
    case email
    case password
    case passwordConfirmation
    case passwordHint
    case forgotPassword
    case forgotPasswordIntro
    case sendResetLink
    case resetLinkSent
    case chooseNewPassword
    case savePassword
    case passwordSaved
    case acceptInvitation
    case invitationIntro(String)
    case homeTitle
    case homeLead
    case homeLoops
    case loopLearn, loopLearnText
    case loopListen, loopListenText
    case loopPrune, loopPruneText
    case loopFollowUp, loopFollowUpText
    case principlesTitle
    case principlesLead
    case homeSignedIn(String)
    case goToMyPage
    case myUnits
    case myRoles
    case noUnits
    case noRoles
    case roleIn(String)
    case wholeInstance
    case apiTokens
    case apiTokensIntro
    case tokenName
    case createToken
    case tokenCreated
    case tokenShownOnce
    case activeTokens
    case createdOn
    case revoke
    case organisationKind
    case unitTree
    case closedUnits
    case closed
    case unitKind
    case parentUnit
    case topLevel
    case externalID
    case externalIDHint
    case members
    case noMembers
    case subUnits
    case history
    case historyCreated, historyRenamed, historyMoved, historyClosed, historyReopened, historyKindChanged
    case administration
    case adminUnits
    case adminPeople
    case adminSettings
    case auditLog
    case newestFirst
    case newUnit
    case editUnit
    case create
    case save
    case cancel
    case closeUnit
    case closeUnitWarning
    case reopenUnit
    case exportCSV
    case importHint
    case name
    case role
    case unit
    case roles
    case status
    case active
    case invited
    case disabled
    case newPerson
    case invitePerson
    case personCreatedInvite(String)
    case newInvitationLink
    case invitationLinkIs(String)
    case addRole
    case removeRole
    case disablePerson
    case settingsIntro
    case secretIsSet
    case signInWith(String)
    case signOnHeading
    case signOnIntro
    case signedOutTitle
    case signedOutText
    case signedOutProviderText(String)
    case signOutAtProvider(String)
    case signInAgain
    case signOnRedirect(String)
    case secretIsNotSet
    case secretClear(String)
    case settingsSaved
    case saved
    case when
    case who
    case via
    case action
    case object
    case details
    case previous
    case next
    case pageOf(Int, Int)
    case totalCount(Int)
    case errorTitle
    case errorSummaryTitle
    case errorPageHelp
    case backToStart
    case createOrganisation
    case slug
    case slugHint
    case systemAdministration
    case allOrganisations
    case unitsCount(Int)
    case peopleCount(Int)
    case signedInAs(String)
    case demoNotice
    case optional
    case yes
    case no

    var texts: (sv: String, en: String) {
        switch self {
        case .appName: ("Tillit", "Tillit")
        case .narrowDown: ("Avgränsa", "Narrow down")
        case .youAreHere: ("Du är här", "You are here")
        case .errorPrefix: ("Fel:", "Error:")
        case .resetMailSubject: ("Nytt lösenord till Tillit", "New password for Tillit")
        case .resetMailBody(let name, let link):
            ("Hej \(name)!\n\nÖppna länken för att välja ett nytt lösenord. Den gäller en timme och kan användas en gång:\n\(link)\n\nHar du inte bett om det kan du strunta i det här brevet.",
             "Hello \(name)!\n\nOpen the link to choose a new password. It is valid for one hour and can be used once:\n\(link)\n\nIf you did not ask for this, you can ignore this message.")
        case .skipToContent: ("Hoppa till innehållet", "Skip to content")
        case .mainNavigation: ("Huvudmeny", "Main menu")
        case .home: ("Start", "Home")
        case .signIn: ("Logga in", "Sign in")
        case .signOut: ("Logga ut", "Sign out")
        case .myPage: ("Min sida", "My page")
        case .organisations: ("Organisationer", "Organisations")
        case .languageSwitch: ("English", "Svenska")
        case .footerAbout:
            ("Tillit är en öppen plattform för tillitsbaserad styrning och ledning i offentlig sektor.",
             "Tillit is an open platform for trust-based governance in the Swedish public sector.")
        case .email: ("E-postadress", "Email address")
        case .password: ("Lösenord", "Password")
        case .passwordConfirmation: ("Upprepa lösenordet", "Repeat the password")
        case .passwordHint: ("Minst 12 tecken. En mening du minns är ett bra lösenord.", "At least 12 characters. A sentence you remember makes a good password.")
        case .forgotPassword: ("Glömt lösenordet?", "Forgot your password?")
        case .forgotPasswordIntro:
            ("Skriv din e-postadress så skickar vi en länk där du väljer ett nytt lösenord. Länken gäller en timme.",
             "Enter your email address and we will send a link where you choose a new password. The link is valid for one hour.")
        case .sendResetLink: ("Skicka länk", "Send link")
        case .resetLinkSent:
            ("Om adressen har ett konto hos oss har vi skickat en länk dit. Titta i inkorgen.",
             "If the address has an account with us, we have sent a link to it. Check your inbox.")
        case .chooseNewPassword: ("Välj nytt lösenord", "Choose a new password")
        case .savePassword: ("Spara lösenordet", "Save password")
        case .passwordSaved: ("Lösenordet är sparat. Logga in med det nya lösenordet.", "The password is saved. Sign in with the new password.")
        case .acceptInvitation: ("Välkommen till Tillit", "Welcome to Tillit")
        case .invitationIntro(let name): ("Hej \(name)! Välj ett lösenord för att aktivera ditt konto.", "Hello \(name)! Choose a password to activate your account.")
        case .homeTitle: ("Tillit – styrning som bygger på förtroende", "Tillit – governance built on trust")
        case .homeLead:
            ("Tillit hjälper kommuner, regioner, myndigheter och samordningsförbund att styra och leda med tillit: att lyssna på medarbetare och brukare, rensa bort onödiga krav, följa upp det som gör nytta och lära av varandra.",
             "Tillit helps municipalities, regions, agencies and coordination associations govern with trust: listen to staff and service users, remove unnecessary requirements, follow up what is useful, and learn from each other.")
        case .homeLoops: ("Det här kan du göra i Tillit", "What you can do in Tillit")
        case .loopLearn: ("Lära", "Learn")
        case .loopLearnText:
            ("Dela och hitta utvecklingsexempel i kunskapsbanken, följ försöksverksamheter och läs rapportserien.",
             "Share and find development examples in the knowledge bank, follow pilots and read the report series.")
        case .loopListen: ("Lyssna", "Listen")
        case .loopListenText:
            ("Lyft hinder och idéer. Varje signal hamnar där mandatet finns, besvaras och kan skickas vidare uppåt.",
             "Raise obstacles and ideas. Every signal lands where the mandate is, is answered, and can be forwarded upward.")
        case .loopPrune: ("Rensa", "Prune")
        case .loopPruneText:
            ("Inventera krav på rapportering och dokumentation, vad de kostar i tid och vilken nytta de gör.",
             "Take stock of reporting and documentation requirements, what they cost in time and what use they are.")
        case .loopFollowUp: ("Följa upp", "Follow up")
        case .loopFollowUpText:
            ("Korta enkäter med anonymitet som håller. Resultaten går först till gruppen som svarade.",
             "Short surveys with anonymity that holds. Results go first to the team that answered.")
        case .principlesTitle: ("Principerna", "The principles")
        case .principlesLead:
            ("Tillit bygger på Tillitsdelegationens åtta principer: tillit, medborgarfokus, helhetssyn, handlingsutrymme, stöd, kunskap, öppenhet och långsiktighet.",
             "Tillit builds on the Trust Delegation's eight principles: trust, citizen focus, the whole, room to act, support, knowledge, openness and a long-term view.")
        case .homeSignedIn(let name): ("Du är inloggad som \(name).", "You are signed in as \(name).")
        case .goToMyPage: ("Gå till min sida", "Go to my page")
        case .myUnits: ("Mina enheter", "My units")
        case .myRoles: ("Mina roller", "My roles")
        case .noUnits: ("Du hör inte till någon enhet ännu.", "You do not belong to any unit yet.")
        case .noRoles: ("Du har inga roller ännu.", "You have no roles yet.")
        case .roleIn(let place): ("i \(place)", "in \(place)")
        case .wholeInstance: ("hela Tillit", "all of Tillit")
        case .apiTokens: ("API-nycklar", "API tokens")
        case .apiTokensIntro:
            ("En API-nyckel låter ett annat system använda Tillits API i ditt namn, med dina behörigheter. Nyckeln visas bara en gång.",
             "An API token lets another system use Tillit's API in your name, with your permissions. The token is shown only once.")
        case .tokenName: ("Vad ska nyckeln användas till?", "What is the token for?")
        case .createToken: ("Skapa nyckel", "Create token")
        case .tokenCreated: ("Nyckeln är skapad", "The token has been created")
        case .tokenShownOnce: ("Kopiera den nu. Den visas inte igen.", "Copy it now. It will not be shown again.")
        case .activeTokens: ("Dina nycklar", "Your tokens")
        case .createdOn: ("skapad", "created")
        case .revoke: ("Återkalla", "Revoke")
        case .organisationKind: ("Typ av organisation", "Kind of organisation")
        case .unitTree: ("Organisationens enheter", "The organisation's units")
        case .closedUnits: ("Nedlagda enheter", "Closed units")
        case .closed: ("nedlagd", "closed")
        case .unitKind: ("Typ av enhet", "Kind of unit")
        case .parentUnit: ("Ligger under", "Belongs under")
        case .topLevel: ("Högsta nivån", "Top level")
        case .externalID: ("Externt id", "External id")
        case .externalIDHint: ("Id:t i personalsystemet, om enheten finns där.", "The id in the HR system, if the unit is there.")
        case .members: ("Medarbetare och chefer", "Staff and managers")
        case .noMembers: ("Inga personer är kopplade till enheten.", "No people are linked to the unit.")
        case .subUnits: ("Underenheter", "Sub-units")
        case .history: ("Historik", "History")
        case .historyCreated: ("Skapad", "Created")
        case .historyRenamed: ("Bytte namn", "Renamed")
        case .historyMoved: ("Flyttad", "Moved")
        case .historyClosed: ("Nedlagd", "Closed")
        case .historyReopened: ("Återöppnad", "Reopened")
        case .historyKindChanged: ("Bytte typ", "Changed kind")
        case .administration: ("Administration", "Administration")
        case .adminUnits: ("Enheter", "Units")
        case .adminPeople: ("Personer", "People")
        case .adminSettings: ("Inställningar", "Settings")
        case .auditLog: ("Händelselogg", "Audit log")
        case .newestFirst: ("de senaste först", "newest first")
        case .newUnit: ("Ny enhet", "New unit")
        case .editUnit: ("Ändra enhet", "Edit unit")
        case .create: ("Skapa", "Create")
        case .save: ("Spara", "Save")
        case .cancel: ("Avbryt", "Cancel")
        case .closeUnit: ("Lägg ned enheten", "Close the unit")
        case .closeUnitWarning:
            ("Enheten och alla dess underenheter läggs ned. Inget raderas: historik och kopplingar finns kvar, och enheten kan öppnas igen.",
             "The unit and all its sub-units are closed. Nothing is deleted: history and links remain, and the unit can be reopened.")
        case .reopenUnit: ("Öppna enheten igen", "Reopen the unit")
        case .exportCSV: ("Exportera som CSV", "Export as CSV")
        case .importHint:
            ("Hela trädet kan läsas in från personalsystemets CSV-fil (kolumnerna id, parent_id, name, kind) med kommandot",
             "The whole tree can be imported from the HR system's CSV file (columns id, parent_id, name, kind) with the command")
        case .name: ("Namn", "Name")
        case .role: ("Roll", "Role")
        case .unit: ("Enhet", "Unit")
        case .roles: ("Roller", "Roles")
        case .status: ("Status", "Status")
        case .active: ("Aktiv", "Active")
        case .invited: ("Inbjuden", "Invited")
        case .disabled: ("Inaktiverad", "Disabled")
        case .newPerson: ("Ny person", "New person")
        case .invitePerson: ("Bjud in", "Invite")
        case .personCreatedInvite(let link):
            ("Kontot är skapat. Skicka inbjudningslänken till personen (den gäller i sju dagar): \(link)",
             "The account has been created. Send the invitation link to the person (valid for seven days): \(link)")
        case .newInvitationLink: ("Ny inbjudningslänk", "New invitation link")
        case .invitationLinkIs(let link): ("Ny inbjudningslänk (gäller i sju dagar): \(link)", "New invitation link (valid for seven days): \(link)")
        case .addRole: ("Lägg till roll", "Add role")
        case .removeRole: ("Ta bort", "Remove")
        case .disablePerson: ("Inaktivera kontot", "Disable the account")
        case .settingsIntro:
            ("Inställningarna gäller hela organisationen. Varje ändring sparas i händelseloggen.",
             "The settings apply to the whole organisation. Every change is kept in the audit log.")
        case .settingsSaved: ("Inställningarna är sparade.", "The settings have been saved.")
        case .secretIsSet: ("Ett värde är sparat; lämna fältet tomt för att behålla det.", "A value is stored; leave the field empty to keep it.")
        case .signInWith(let name): ("Logga in med \(name)", "Sign in with \(name)")
        case .signOnHeading: ("Logga in med din organisation", "Sign in with your organisation")
        case .signOnIntro:
            ("Använd kontot du redan har i din organisation. Du skickas till organisationens inloggning och kommer sedan tillbaka hit.",
             "Use the account you already have in your organisation. You are sent to the organisation's sign-in and then come back here.")
        case .signedOutTitle: ("Du är utloggad", "You are signed out")
        case .signedOutText: ("Du är utloggad från Tillit.", "You are signed out of Tillit.")
        case .signedOutProviderText(let name):
            ("Du loggade in med \(name)s konto. På en dator som andra använder bör du logga ut där också.",
             "You signed in with \(name)'s account. On a computer others use, sign out there too.")
        case .signOutAtProvider(let name): ("Logga ut från \(name)s inloggning", "Sign out of \(name)'s sign-in")
        case .signInAgain: ("Logga in igen", "Sign in again")
        case .signOnRedirect(let url):
            ("Inloggning med organisationens konto: registrera den här adressen för svar (redirect URI) hos identitetsleverantören: \(url)",
             "Sign-in with the organisation's account: register this address for answers (redirect URI) at the identity provider: \(url)")
        case .secretIsNotSet: ("Inget värde är sparat.", "No value is stored.")
        case .secretClear(let label): ("Ta bort det sparade värdet för ”\(label)”", "Remove the stored value of “\(label)”")
        case .saved: ("Sparat.", "Saved.")
        case .when: ("När", "When")
        case .who: ("Vem", "Who")
        case .via: ("Via", "Via")
        case .action: ("Händelse", "Action")
        case .object: ("Objekt", "Object")
        case .details: ("Detaljer", "Details")
        case .previous: ("Föregående", "Previous")
        case .next: ("Nästa", "Next")
        case .pageOf(let page, let count): ("Sida \(sv: page) av \(sv: count)", "Page \(en: page) of \(en: count)")
        case .totalCount(let n): ("\(NumberText.format(n, swedish: true)) totalt", "\(NumberText.format(n, swedish: false)) in total")
        case .errorTitle: ("Något gick fel", "Something went wrong")
        case .errorSummaryTitle: ("Rätta följande", "Correct the following")
        case .errorPageHelp:
            ("Försök igen om en stund. Om felet finns kvar, kontakta din administratör och ange felkoden.",
             "Try again in a while. If the error remains, contact your administrator and give the error code.")
        case .backToStart: ("Till startsidan", "To the start page")
        case .createOrganisation: ("Skapa organisation", "Create organisation")
        case .slug: ("Kortnamn", "Short name")
        case .slugHint: ("Används i adresser, till exempel tillitsby. Små bokstäver a–z, siffror och bindestreck.", "Used in addresses, such as tillitsby. Lower-case letters a–z, digits and hyphens.")
        case .systemAdministration: ("Systemadministration", "System administration")
        case .allOrganisations: ("Alla organisationer", "All organisations")
        case .unitsCount(let n): ("\(NumberText.format(n, swedish: true)) enheter", "\(NumberText.format(n, swedish: false)) units")
        case .peopleCount(let n): ("\(NumberText.format(n, swedish: true)) personer", "\(NumberText.format(n, swedish: false)) people")
        case .signedInAs(let email): ("Inloggad som \(email)", "Signed in as \(email)")
        case .demoNotice: ("Demoläge: all data är påhittad.", "Demo mode: all data is fictional.")
        case .optional: ("(frivilligt)", "(optional)")
        case .yes: ("Ja", "Yes")
        case .no: ("Nej", "No")
        }
    }
}
