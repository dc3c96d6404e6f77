import TillitFormats
import TillitPlatform

/// The words of Follow up's pages.
enum FollowUpUIText: LocalizedText {
    case surveys, surveysLead, newRound, questionnaire, unit, opensOn, closesOn, dateHint, startRound, noRounds
    case statusOpen, statusUpcoming, statusClosed(String), status, invited, invite, inviteHint, count, makeLinks
    case close, closeHint, report, reportOf, respondents, responseRate, suppressedMark, suppressedExplained, k(Int)
    case dimensions, dimension, mean, change, items, item, distribution, heatmap, heatmapHint, freeText, freeTextHidden
    case chartDimensions, chartItem, csv, answerTitle, answerLead, save, send, saved, thanks, thanksLead, enterCode, enterCodeHint, go
    case skipHint, embargo(String), notVisible, notClosed, previousRound, children, answers, none, roundsOf(String), dontKnow
    case anonymityNote, openUntil(String)
    case unitCodes, code, cap, trend
    /// The links and codes name an address no phone reaches.
    case linksLocal(String)
    case dialogue, dialogueLead, whatWeSee, whatWeDo, whatWeNeed, whatWeNeedHint, saveNote, noteSaved, raiseNeed, raiseNeedHint, needRaised, needSignalText(String, String)

    var texts: (sv: String, en: String) {
        switch self {
        case .surveys: ("Enkäter", "Surveys")
        case .surveysLead: ("Tillitsbarometern och deltagarrösten: korta enkäter där svaren är anonyma och resultaten går till enheten först.",
                            "The trust barometer and the participant's voice: short surveys with anonymous answers whose results go to the unit first.")
        case .newRound: ("Starta en enkätomgång", "Start a survey round")
        case .questionnaire: ("Frågeformulär", "Questionnaire")
        case .unit: ("Enhet", "Unit")
        case .opensOn: ("Första dag", "First day")
        case .closesOn: ("Sista dag", "Last day")
        case .dateHint: ("Som 2026-03-02", "As 2026-03-02")
        case .startRound: ("Starta omgången", "Start the round")
        case .noRounds: ("Inga enkätomgångar än.", "No survey rounds yet.")
        case .statusOpen: ("Öppen", "Open")
        case .statusUpcoming: ("Inte öppnad än", "Not open yet")
        case .statusClosed(let day): ("Stängd \(day)", "Closed \(day)")
        case .status: ("Läge", "Status")
        case .invited: ("Inbjudna", "Invited")
        case .invite: ("Bjud in", "Invite")
        case .inviteHint: ("Varje länk kan användas en gång. Du får en fil med länkarna att skriva ut eller skicka; de sparas inte och går inte att få fram igen, och ingenstans står vem som fick vilken.",
                           "Each link can be used once. You get a file of the links to print or send; they are not stored and cannot be had again, and nothing records who got which.")
        case .count: ("Antal", "Number")
        case .linksLocal(let url): ("Länkarna börjar med Tillits adress, \(url), som bara fungerar på den här datorn: den som svarar på sin telefon når inte fram. Den som driver Tillit anger adressen folk använder i TILLIT_PUBLIC_URL, till exempel https://tillit.kommun.se.",
                                    "The links begin with Tillit's address, \(url), which works on this computer only: someone answering on their phone cannot reach it. Whoever runs Tillit sets the address people use in TILLIT_PUBLIC_URL, for example https://tillit.kommun.se.")
        case .makeLinks: ("Skapa länkar", "Make links")
        case .close: ("Stäng omgången nu", "Close the round now")
        case .closeHint: ("Inga fler svar tas emot. Svar som sparats men inte skickats tas bort.", "No more answers are taken. Answers saved but not sent are removed.")
        case .report: ("Resultat", "Results")
        case .reportOf: ("Resultat för", "Results for")
        case .respondents: ("Svarande", "Respondents")
        case .responseRate: ("Svarsfrekvens", "Response rate")
        case .suppressedMark: ("dold", "hidden")
        case .suppressedExplained: ("”Dold” betyder att gruppen är för liten, eller att siffran skulle gå att räkna fram för en för liten grupp. Så skyddas allas anonymitet.",
                                    "\"Hidden\" means the group is too small, or that the figure would let someone compute a group that is too small. That keeps everyone anonymous.")
        case .k(let k): ("Minsta gruppstorlek: \(sv: k) svarande.", "Smallest group: \(en: k) respondents.")
        case .dimensions: ("Områden", "Dimensions")
        case .dimension: ("Område", "Dimension")
        case .mean: ("Medelvärde (1–5)", "Mean (1–5)")
        case .change: ("Förändring sedan förra omgången", "Change since the previous round")
        case .items: ("Frågor", "Questions")
        case .item: ("Fråga", "Question")
        case .distribution: ("Svarsfördelning", "Distribution of answers")
        case .heatmap: ("Enheterna under, område för område", "The units below, dimension by dimension")
        case .heatmapHint: ("Medelvärden 1–5. Ingen rangordning: jämför med er egen bild över tid.", "Means 1–5. Not a ranking: compare with your own picture over time.")
        case .freeText: ("Fritextsvar", "Free-text answers")
        case .freeTextHidden: ("Fritextsvar visas bara för större grupper.", "Free-text answers are shown only for larger groups.")
        case .chartDimensions: ("Medelvärde per område", "Mean per dimension")
        case .chartItem: ("Svarsfördelning för frågan", "Distribution of answers to the question")
        case .csv: ("Hämta resultaten som CSV", "Download the results as CSV")
        case .answerTitle: ("Svara på enkäten", "Answer the survey")
        case .answerLead: ("Dina svar är anonyma: de sparas utan namn och utan tid, och visas bara sammanräknade för grupper som är tillräckligt stora.",
                           "Your answers are anonymous: they are stored without a name or a time, and shown only added up for groups that are large enough.")
        case .save: ("Spara och fortsätt senare", "Save and continue later")
        case .send: ("Skicka svaren", "Send the answers")
        case .saved: ("Dina svar är sparade. Använd samma länk för att fortsätta.", "Your answers are saved. Use the same link to continue.")
        case .thanks: ("Tack för dina svar!", "Thank you for your answers!")
        case .thanksLead: ("Svaren är skickade. Resultaten visas först för er enhet, sedan för nivåerna ovanför.",
                           "The answers are sent. The results are shown to your unit first, then to the levels above.")
        case .enterCode: ("Skriv koden", "Type the code")
        case .enterCodeHint: ("Koden står på lappen eller i brevet, till exempel ABCD2345.", "The code is on the poster or in the letter, for example ABCD2345.")
        case .go: ("Gå till enkäten", "Go to the survey")
        case .skipHint: ("Du kan hoppa över en fråga.", "You may skip a question.")
        case .embargo(let day): ("Nivåerna ovanför ser resultaten från \(day).", "The levels above see the results from \(day).")
        case .notVisible: ("Du ser inte resultaten för den här enheten än.", "You cannot see this unit's results yet.")
        case .notClosed: ("Resultaten visas när omgången har stängt.", "Results are shown once the round has closed.")
        case .previousRound: ("Förra omgången", "Previous round")
        case .children: ("Enheter under", "Units below")
        case .answers: ("Svar", "Answers")
        case .none: ("–", "–")
        case .roundsOf(let name): ("Enkäter i \(name)", "Surveys in \(name)")
        case .dontKnow: ("Vet ej", "Don't know")
        case .anonymityNote: ("Skriv inte ditt namn eller något annat som visar vem du är.", "Do not write your name or anything else that shows who you are.")
        case .openUntil(let day): ("Öppen till och med \(day).", "Open until \(day).")
        case .unitCodes: ("Koder för enheter", "Unit codes")
        case .trend: ("Utveckling över omgångarna (medelvärde per område)", "Trend across rounds (mean per dimension)")
        case .code: ("Kod", "Code")
        case .cap: ("Högst antal svar", "Most answers")
        case .dialogue: ("Dialog om resultaten", "Dialogue on the results")
        case .dialogueLead: ("Prata igenom resultaten i gruppen och skriv ner det viktigaste. Kort räcker.", "Talk the results through as a group and write down what matters. Short is enough.")
        case .whatWeSee: ("Det här ser vi", "What we see")
        case .whatWeDo: ("Det här gör vi", "What we will do")
        case .whatWeNeed: ("Det här behöver vi från nivån ovanför", "What we need from the level above")
        case .whatWeNeedHint: ("Kan skickas som en signal till nivån ovanför.", "Can be sent as a signal to the level above.")
        case .saveNote: ("Spara anteckningen", "Save the note")
        case .noteSaved: ("Anteckningen är sparad.", "The note is saved.")
        case .raiseNeed: ("Skicka behovet uppåt som signal", "Send the need upward as a signal")
        case .raiseNeedHint: ("Det ni behöver blir en signal till nivån ovanför, som ska besvaras.", "What you need becomes a signal to the level above, which must be answered.")
        case .needRaised: ("Behovet är skickat uppåt som signal.", "The need has been sent upward as a signal.")
        case .needSignalText(let survey, let need): ("Från dialogen efter \(survey) – det här behöver vi från nivån ovanför:\n\n\(need)",
                                                     "From the dialogue after \(survey) – what we need from the level above:\n\n\(need)")
        }
    }
}
