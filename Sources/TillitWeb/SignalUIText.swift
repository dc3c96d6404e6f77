import TillitFormats
import TillitPlatform

/// The words of the Listen pages.
enum SignalUIText: LocalizedText {
    case signals
    case raiseTitle
    case raiseLead
    case raise
    case kind
    case text
    case textHint
    case concernsUnit
    case affects
    case notSaid
    case suggestion
    case anonymous
    case anonymousHint
    case receiptTitle
    case receiptLead
    case receiptNoLongerShown
    case receiptCode
    case receiptFollow
    case followTitle
    case followLead
    case show
    case toAnswer
    case moreWaiting(Int)
    case moreNewest(Int)
    case allSignals
    case raisedByMe
    case ofMyUnits
    case nothingHere
    case overdue
    case path
    case support(Int)
    case supportNone
    case pathForRaiser
    case arrivedAt
    case supportAdd
    case supportRemove
    case answerTitle
    case decision
    case decisionText
    case decisionTextHint
    case answer
    case forwardTitle
    case forwardTo
    case forwardReason
    case forwardReasonHint
    case forward
    case implementTitle
    case implementNote
    case markImplemented
    case status
    case raisedOn(String)
    /// The lead of the page the raiser follows with a code: when and where they sent it.
    case sentByYou(date: String, unit: String)
    case anonymousSignal
    case whyHere
    case escalatedNote
    case reason
    case followUp
    case followUpLead
    case followUpLeadOrganisation
    case from
    case to
    case period
    case showPeriod
    case raised
    case openCount
    case overdueCount
    case medianDays
    case inTime
    case proximity
    case proximityHint
    case figuresHelp
    case inTimeHelp
    case forwardedUpHelp
    case mostLevelsUpHelp
    case waitingAtTopHelp
    case forwardedUp
    case mostLevelsUp
    case waitingAtTop
    case waitingAtTopOrg
    case byKind
    case byMonth
    case month
    case count
    case figure
    case value
    case noData
    case exportStats
    case invalidDate
    case endBeforeStart
    case dateHint
    case comments
    case noComments
    case commentLabel
    case commentSend
    case asQuestion
    case asQuestionHint
    case questionToRaiser
    case raiserLabel
    case raiserAnonymous
    case replyTitle
    case replyLabel
    case replyHint
    case replySend
    case replySaved
    case questionsForYou
    case owner
    case ownerHint
    case ownerShown(String)
    case participantSource
    case participantTitle
    case codeEntryTitle
    case codeEntryLead
    case codeEntryLabel
    case codeEntryHint
    case codeEntryGo
    case codeEntryHome
    case participantLead
    case participantUnit(String)
    case participantKindLegend
    case participantKindHinder
    case participantKindIde
    case participantKindFraga
    case participantTextLabel
    case participantTextHint
    case participantPrivacy
    case participantSend
    case participantHoneypot
    case participantThanks
    case participantThanksLead
    case participantThanksCode
    case participantThanksCodeShown
    case participantThanksFollow
    case participantCodeTitle
    case participantCodeLead
    case participantCodeNone
    case participantCodePublish
    case participantCodeRotate
    case participantCodeWithdraw
    case participantCodeLink
    case participantCodeQRAlt(String)
    case participantCodePoster
    case participantCodeWithdrawn
    case participantCodeManage
    case publicURLLocal(String)

    var texts: (sv: String, en: String) {
        switch self {
        case .signals: ("Signaler", "Signals")
        case .raiseTitle: ("Lyft en signal", "Raise a signal")
        case .raiseLead:
            ("Hur kan vi hjälpa dig att göra ditt jobb för medborgarna? Berätta om ett hinder, en idé eller en fråga. Signalen hamnar hos närmaste chef med mandat och ska besvaras.",
             "How can we help you do your work for the citizens? Tell us about an obstacle, an idea or a question. The signal lands with the closest manager with a mandate and must be answered.")
        case .raise: ("Skicka signalen", "Send the signal")
        case .kind: ("Vad gäller det?", "What is it about?")
        case .text: ("Beskriv", "Describe it")
        case .textHint: ("Vad händer, och vad betyder det för arbetet eller för dem vi finns till för?", "What happens, and what does it mean for the work or for the people we serve?")
        case .concernsUnit: ("Vilken enhet gäller det?", "Which unit does it concern?")
        case .affects: ("Vem påverkas?", "Who is affected?")
        case .notSaid: ("Vill inte ange", "Not stated")
        case .suggestion: ("Förslag på lösning", "Suggested solution")
        case .anonymous: ("Skicka anonymt", "Send anonymously")
        case .anonymousHint:
            ("Anonymt betyder att ditt namn aldrig sparas med signalen, inte ens dolt, och att bara dagen sparas, inte klockslaget. Du får en kod för att följa signalen. Tänk på att texten själv kan avslöja vem du är.",
             "Anonymous means that your name is never stored with the signal, not even hidden, and only the day is kept, not the time. You get a code to follow the signal. Remember that the text itself may reveal who you are.")
        case .receiptTitle: ("Din signal är skickad", "Your signal has been sent")
        case .receiptLead:
            ("Signalen är anonym. Spara koden nedan: med den kan du följa signalen och se svaret. Koden visas bara den här gången, bara i den här webbläsaren.",
             "The signal is anonymous. Keep the code below: with it you can follow the signal and see the answer. The code is shown only this once, only in this browser.")
        case .receiptNoLongerShown:
            ("Koden visas bara en gång, direkt efter att signalen skickats, och Tillit sparar den inte. Har du sparat den kan du följa signalen här.",
             "The code is shown only once, right after the signal was sent, and Tillit does not keep it. If you saved it, you can follow the signal here.")
        case .receiptCode: ("Kod", "Code")
        case .receiptFollow: ("Följ en anonym signal", "Follow an anonymous signal")
        case .followTitle: ("Följ din anonyma signal", "Follow your anonymous signal")
        case .followLead: ("Skriv koden du fick när du skickade signalen.", "Enter the code you got when you sent the signal.")
        case .show: ("Visa", "Show")
        case .toAnswer: ("Att besvara", "To answer")
        case .moreWaiting(let n): ("Fler signaler väntar på svar än listan visar: här är de \(n) som har väntat längst.",
                                   "More signals wait for an answer than the list shows: here are the \(n) that have waited longest.")
        case .moreNewest(let n): ("Listan visar de \(n) nyaste.", "The list shows the \(n) newest.")
        case .allSignals: ("Alla signaler", "All signals")
        case .raisedByMe: ("Signaler jag har lyft", "Signals I raised")
        case .ofMyUnits: ("Signaler om mina enheter", "Signals about my units")
        case .nothingHere: ("Inget här just nu.", "Nothing here right now.")
        case .overdue: ("försenad", "overdue")
        case .path: ("Signalens väg", "The signal's path")
        case .support(let n): ("\(NumberText.format(n, swedish: true)) fler står bakom", "\(NumberText.format(n, swedish: false)) more stand behind it")
        case .supportNone: ("Ingen annan har ställt sig bakom ännu.", "Nobody else has backed it yet.")
        case .pathForRaiser: ("Vad som har hänt med din signal", "What has happened to your signal")
        case .arrivedAt: ("Kom fram till", "Arrived at")
        case .supportAdd: ("Vi är fler", "Me too")
        case .supportRemove: ("Ta bort mitt stöd", "Withdraw my support")
        case .answerTitle: ("Besvara", "Answer")
        case .decision: ("Beslut", "Decision")
        case .decisionText: ("Motivering, plan och ansvarig", "Reasons, plan and owner")
        case .decisionTextHint: ("Om signalen inte åtgärdas: skriv varför. Annars: gärna vad som händer nu.", "If nothing will be done: say why. Otherwise: what happens now, if you like.")
        case .answer: ("Skicka svaret", "Send the answer")
        case .forwardTitle: ("Skicka vidare", "Forward")
        case .forwardTo: ("Till enhet", "To unit")
        case .forwardReason: ("Varför?", "Why?")
        case .forwardReasonHint: ("Till exempel: utanför mitt mandat, kräver budget, gäller IT.", "For example: outside my mandate, needs budget, concerns IT.")
        case .forward: ("Skicka vidare", "Forward")
        case .implementTitle: ("Genomfört", "Implemented")
        case .implementNote: ("Vad gjordes?", "What was done?")
        case .markImplemented: ("Markera som genomfört", "Mark as implemented")
        case .status: ("Status", "Status")
        case .raisedOn(let date): ("Lyft \(date)", "Raised \(date)")
        case .sentByYou(let date, let unit): ("Du skickade den \(date) till \(unit).", "You sent it on \(date) to \(unit).")
        case .anonymousSignal: ("anonym", "anonymous")
        case .whyHere: ("Den här signalen visas för dig eftersom den väntar på svar på din nivå.", "This signal is shown to you because it is waiting for an answer at your level.")
        case .escalatedNote: ("Försenad: syns nu också för", "Overdue: now also shown to")
        case .reason: ("Skäl", "Reason")
        case .followUp: ("Uppföljning av signaler", "Follow-up of signals")
        case .followUpLead:
            ("Siffrorna gäller enheten och allt under den. De visar hur verksamheten lyssnar och svarar, aldrig enskilda personer.",
             "The figures cover the unit and everything below it. They show how the organisation listens and answers, never individual people.")
        case .followUpLeadOrganisation:
            ("Siffrorna gäller hela organisationen. De visar hur verksamheten lyssnar och svarar, och vad som väntar på den högsta nivån – aldrig enskilda personer.",
             "The figures cover the whole organisation. They show how it listens and answers, and what is waiting for the top level – never individual people.")
        case .from: ("Från (ÅÅÅÅ-MM-DD)", "From (YYYY-MM-DD)")
        case .to: ("Till (ÅÅÅÅ-MM-DD)", "To (YYYY-MM-DD)")
        case .period: ("Period", "Period")
        case .showPeriod: ("Visa perioden", "Show the period")
        case .raised: ("Lyfta signaler", "Signals raised")
        case .openCount: ("Öppna", "Open")
        case .overdueCount: ("Försenade", "Overdue")
        case .medianDays: ("Median, dagar till första svar", "Median days to first answer")
        case .inTime: ("Besvarade inom svarstiden", "Answered within the response time")
        case .proximity: ("Närhetsgrad", "Proximity")
        case .proximityHint: ("Andel av besluten som togs där signalen landade.", "Share of decisions taken where the signal landed.")
        case .figuresHelp: ("Så läser du siffrorna", "How to read the figures")
        case .inTimeHelp: ("Andelen signaler som fick ett första svar inom organisationens svarstid.",
                           "The share of signals that got a first answer within the organisation's response time.")
        case .forwardedUpHelp: ("Hur många signaler som skickades vidare till en nivå ovanför den där de landade.",
                                "How many signals were forwarded to a level above the one where they landed.")
        case .mostLevelsUpHelp: ("Det längsta som någon signal har gått uppåt: hur många nivåer över den nivå där den landade.",
                                 "The furthest any signal went upward: how many levels above the one where it landed.")
        case .waitingAtTopHelp: ("Obesvarade signaler som har nått högsta nivån, utan fler chefer ovanför som kan ta dem.",
                                 "Unanswered signals that have reached the top level, with no managers above who could take them.")
        case .forwardedUp: ("Skickade uppåt", "Forwarded upward")
        case .mostLevelsUp: ("Högst antal nivåer uppåt", "Most levels upward")
        case .waitingAtTop: ("Väntar på enhetens högsta nivå", "Waiting at the unit's top level")
        case .waitingAtTopOrg: ("Väntar på högsta nivån (förvaltningarna)", "Waiting at the top level (the departments)")
        case .byKind: ("Teman", "Themes")
        case .byMonth: ("Per månad", "Per month")
        case .month: ("Månad", "Month")
        case .count: ("Antal", "Number")
        case .figure: ("Mått", "Figure")
        case .value: ("Värde", "Value")
        case .noData: ("–", "–")
        case .exportStats: ("Ladda ner som CSV", "Download as CSV")
        case .invalidDate: ("Skriv ett datum som finns, som ÅÅÅÅ-MM-DD, till exempel 2026-03-01.", "Write a date that exists, as YYYY-MM-DD, for example 2026-03-01.")
        case .endBeforeStart: ("Slutdatumet kommer före startdatumet.", "The end date comes before the start date.")
        case .dateHint: ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD")
        case .comments: ("Kommentarer och frågor", "Comments and questions")
        case .noComments: ("Inga kommentarer än.", "No comments yet.")
        case .commentLabel: ("Skriv en kommentar", "Write a comment")
        case .commentSend: ("Skicka kommentaren", "Send the comment")
        case .asQuestion: ("Det här är en fråga till den som lyfte signalen", "This is a question to the person who raised the signal")
        case .asQuestionHint: ("Avsändaren ser frågan, även om signalen är anonym, och kan svara med sin kod.", "The raiser sees the question, even if the signal is anonymous, and can answer with their code.")
        case .questionToRaiser: ("Fråga till avsändaren", "Question to the raiser")
        case .raiserLabel: ("avsändaren", "the raiser")
        case .raiserAnonymous: ("Avsändaren (anonym)", "The raiser (anonymous)")
        case .replyTitle: ("Svara eller lägg till något", "Answer or add something")
        case .replyLabel: ("Ditt svar", "Your answer")
        case .replyHint: ("Ditt namn sparas inte, bara dagen. Tänk på att texten själv kan avslöja vem du är.", "Your name is not stored, only the day. Remember that the text itself may reveal who you are.")
        case .replySend: ("Skicka svaret", "Send the answer")
        case .replySaved: ("Tack! Ditt svar är sparat.", "Thank you! Your answer has been saved.")
        case .questionsForYou: ("Det finns en fråga till dig nedan.", "There is a question for you below.")
        case .owner: ("Ansvarig för åtgärden", "Who answers for the action")
        case .ownerHint: ("Namn eller funktion. Tomt: du själv.", "A name or a role. Empty: yourself.")
        case .ownerShown(let name): ("Ansvarig: \(name)", "Owner: \(name)")
        case .participantSource: ("från en deltagare", "from a participant")
        case .participantTitle: ("Säg vad du tycker", "Tell us what you think")
        case .codeEntryTitle: ("Har du en kod?", "Do you have a code?")
        case .codeEntryLead: ("Koden står på lappen eller affischen där du får hjälp. Med den kan du säga vad du tycker, utan att skriva ditt namn.",
                              "The code is on the note or poster where you get help. With it you can say what you think without giving your name.")
        case .codeEntryLabel: ("Kod", "Code")
        case .codeEntryHint: ("Sex tecken, till exempel RQMHDC. Stora eller små bokstäver och mellanslag spelar ingen roll.",
                              "Six characters, for example RQMHDC. Capital or small letters and spaces do not matter.")
        case .codeEntryGo: ("Fortsätt", "Continue")
        case .codeEntryHome: ("Har du fått en kod? Skriv den här", "Have you been given a code? Enter it here")
        case .participantLead: ("Här kan du skriva till oss. Du behöver inte skriva ditt namn.", "Here you can write to us. You do not need to give your name.")
        case .participantUnit(let name): ("Det du skriver går till chefen för \(name).", "What you write goes to the manager of \(name).")
        case .participantKindLegend: ("Vad vill du säga?", "What do you want to say?")
        case .participantKindHinder: ("Något fungerar inte", "Something does not work")
        case .participantKindIde: ("Jag har en idé", "I have an idea")
        case .participantKindFraga: ("Jag har en fråga", "I have a question")
        case .participantTextLabel: ("Skriv här", "Write here")
        case .participantTextHint: ("Skriv med egna ord. Det går bra att skriva kort.", "Use your own words. It is fine to write just a little.")
        case .participantPrivacy: ("Vi sparar inte vem du är. Vi sparar bara dagen, inte klockslaget.", "We do not keep who you are. We keep only the day, not the time.")
        case .participantSend: ("Skicka", "Send")
        case .participantHoneypot: ("Lämna det här fältet tomt", "Leave this field empty")
        case .participantThanks: ("Tack!", "Thank you!")
        case .participantThanksLead: ("Vi har fått det du skrev. Chefen ska svara.", "We have received what you wrote. The manager will answer.")
        case .participantThanksCode: ("Vill du se svaret? Spara den här koden. Den visas bara nu:", "Do you want to see the answer? Keep this code. It is shown only now:")
        case .participantThanksCodeShown: ("Koden visades en gång och visas inte igen. Har du sparat den kan du se svaret med den.",
                                           "The code was shown once and is not shown again. If you kept it, you can see the answer with it.")
        case .participantThanksFollow: ("Se svaret med koden", "See the answer with the code")
        case .participantCodeTitle: ("Deltagarens röst", "Participant's voice")
        case .participantCodeLead:
            ("Med en kod och en QR-kod kan deltagare och brukare säga vad de tycker utan konto. Det de skriver hamnar hos enhetens chef som en signal. Inget sparas om vem som skrev, bara dagen.",
             "With a code and a QR code, participants and service users can say what they think without an account. What they write lands with the unit's manager as a signal. Nothing is kept about who wrote it, only the day.")
        case .participantCodeNone: ("Enheten har ingen kod ännu.", "The unit has no code yet.")
        case .participantCodePublish: ("Skapa en kod", "Create a code")
        case .participantCodeRotate: ("Byt till en ny kod", "Replace with a new code")
        case .participantCodeWithdraw: ("Sluta använda koden", "Stop using the code")
        case .participantCodeLink: ("Länk", "Link")
        case .participantCodeQRAlt(let link): ("QR-kod till \(link)", "QR code for \(link)")
        case .participantCodePoster: ("Skriv ut sidan och sätt upp den där deltagarna ser den.", "Print this page and put it up where participants see it.")
        case .participantCodeWithdrawn: ("Koden används inte längre.", "The code is no longer in use.")
        case .participantCodeManage: ("Deltagarens röst: kod och QR-kod", "Participant's voice: code and QR code")
        case .publicURLLocal(let url): ("Tillits adress är \(url), som bara fungerar på den här datorn: en telefon som läser QR-koden eller länken når inte fram. Den som driver Tillit anger adressen folk använder i TILLIT_PUBLIC_URL, till exempel https://tillit.kommun.se.",
                                        "Tillit's address is \(url), which works on this computer only: a phone that reads the QR code or the link cannot reach it. Whoever runs Tillit sets the address people use in TILLIT_PUBLIC_URL, for example https://tillit.kommun.se.")
        }
    }
}
