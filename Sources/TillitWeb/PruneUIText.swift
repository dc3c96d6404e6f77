import TillitFormats
import TillitPlatform

/// The words of Prune's pages: the inventory, a requirement, its forms, the burden and the chart.
enum PruneUI: LocalizedText {
    case inventory
    case inventoryLead
    case newRequirement
    case proposeRequirement
    case proposeNote
    case editRequirement
    case overview
    case overviewLead
    case unitBurdenTitle(String)
    case unitBurdenLead
    case filter
    case show
    case unit
    case allUnits
    case type
    case allTypes
    case status
    case activeAndProposed
    case sort
    case sortName
    case sortCost
    case sortUsefulness
    case sortPriority
    case requirement
    case issuer
    case issuerHint
    case issuerUnit
    case externalIssuer
    case legalReference
    case legalReferenceHint
    case purpose
    case purposeHint
    case description
    case name
    case appliesToUnits
    case appliesToUnitsHint
    case roles
    case rolesHint
    case everyone
    case frequency
    case casesPerYear
    /// The same within a sentence.
    case casesPerYearInline
    case casesPerYearHint
    case minutes
    case minutesHint
    case population
    case populationHint
    case hoursPerYear
    case costPerYear
    case hourlyCostUsed
    case usefulness
    case answers
    case summary(count: Int, hours: String, cost: String)
    case nothing
    case facts
    case cost
    case costBoth(hours: String, cost: String, median: String)
    case staffView
    case staffBelowThreshold(threshold: Int)
    case medianMinutes
    case distribution
    case comments
    case rating(Int)
    case ratingShort(Int)
    case yourAssessment
    case assess
    case changeAssessment
    case assessmentTitle
    case assessmentLead
    case yourMinutes
    case yourMinutesHint
    case usefulnessQuestion
    case comment
    case commentHint
    case youAssessed(minutes: String, rating: Int)
    case decide
    case decisionTitle
    case decision
    case reason
    case reasonHint
    case newMinutes
    case newFrequency
    case unchanged
    case newCasesPerYear
    case newValuesHint
    case bindingNote
    case history
    case noDecisions
    case decidedAt
    case decidedBy
    case hoursFreed
    case freedNote(String)
    case accept
    case reject
    case proposedBy(String)
    case proposalWaiting
    case edit
    case save
    case perYear
    case byType
    case byIssuer
    case people
    case shareOfWorkingTime
    case shareHelp(Int)
    case topList
    case topListLead
    case freedOverTime
    case freedTotal(String)
    case month
    case freedThisMonth
    case freedCumulative
    case byDecision
    case count
    case chartTitle
    case chartLead
    case chartAxisCost
    case chartAxisUsefulness
    case chartTableCaption
    case chartMissing
    case chartPoint(number: Int, name: String, cost: String, usefulness: String)
    case number
    case meanUsefulness
    case exportCSV
    case importTitle
    case importLead
    case importFile
    case importHint
    case importButton
    case imported(Int)
    case units
    case unitsTitle
    case saved
    case decided(String)
    case assessed
    case noPeople
    case legend
    case inventoryLink
    case burdenLink
    case signalPanelTitle
    case populationShort
    case fromAbove
    case removedNote
    case fromAboveLead
    case rolesShort
    case minutesShort
    case signalLinkedTo
    case signalNotLinked
    case chooseRequirement
    case linkButton
    case createFromSignal
    case answeredOnDecision
    case fromSignal

    var texts: (sv: String, en: String) {
        switch self {
        case .inventory: ("Kravinventering", "Requirements inventory")
        case .inventoryLead: ("Krav på dokumentation, rapportering och kontroll, med vad de kostar i tid och pengar per år och vad medarbetarna tycker att de ger. Underlag för att behålla, förenkla eller ta bort.",
                              "Requirements for documentation, reporting and control, with what they cost in time and money each year and what staff think they give. A basis for keeping, simplifying or removing them.")
        case .newRequirement: ("Nytt krav", "New requirement")
        case .proposeRequirement: ("Föreslå ett krav", "Propose a requirement")
        case .proposeNote: ("Ditt förslag granskas av kravets ägare (chefen för enheterna eller organisationens administratör) innan det kommer in i inventeringen.",
                            "Your proposal is reviewed by the requirement's owner (the manager of its units or the organisation's administrator) before it enters the inventory.")
        case .editRequirement: ("Ändra kravet", "Edit the requirement")
        case .overview: ("Kravbild och prioritering", "Requirements overview and priorities")
        case .overviewLead: ("Vad kraven kostar hela organisationen, vilka som bör granskas först (hög kostnad, låg nytta) och hur mycket tid besluten har frigjort.",
                             "What the requirements cost the whole organisation, which to review first (high cost, low usefulness) and how much time the decisions have freed.")
        case .unitBurdenTitle(let name): ("Krav på \(name)", "Requirements on \(name)")
        case .unitBurdenLead: ("Vad kraven kostar enheten och enheterna under den. Ett krav som gäller flera enheter delas lika mellan dem.",
                               "What the requirements cost the unit and the units below it. A requirement that applies to several units is shared equally between them.")
        case .filter: ("Urval", "Filter")
        case .show: ("Visa", "Show")
        case .unit: ("Enhet", "Unit")
        case .allUnits: ("Alla enheter", "All units")
        case .type: ("Typ av krav", "Type of requirement")
        case .allTypes: ("Alla typer", "All types")
        case .status: ("Status", "Status")
        case .activeAndProposed: ("I inventeringen och föreslagna", "In the inventory and proposed")
        case .sort: ("Ordning", "Order")
        case .sortName: ("Namn", "Name")
        case .sortCost: ("Högst kostnad först", "Highest cost first")
        case .sortUsefulness: ("Minst nytta först", "Least useful first")
        case .sortPriority: ("Hög kostnad och låg nytta först", "High cost and low usefulness first")
        case .requirement: ("Krav", "Requirement")
        case .issuer: ("Utfärdare", "Issuer")
        case .issuerHint: ("Myndigheten eller organet som ställer kravet, till exempel Socialstyrelsen eller IVO.",
                           "The authority or body that sets the requirement, for example Socialstyrelsen or IVO.")
        case .issuerUnit: ("Eller: en enhet i organisationen som ställer kravet", "Or: a unit of the organisation that sets the requirement")
        case .externalIssuer: ("Ingen, utfärdaren är extern", "None, the issuer is external")
        case .legalReference: ("Lagrum", "Legal reference")
        case .legalReferenceHint: ("Till exempel SFS 2001:453, 11 kap. 5 §.", "For example SFS 2001:453, 11 kap. 5 §.")
        case .purpose: ("Syfte", "Purpose")
        case .purposeHint: ("Vem använder uppgifterna, och till vad?", "Who uses the information, and for what?")
        case .description: ("Beskrivning", "Description")
        case .name: ("Namn", "Name")
        case .appliesToUnits: ("Enheter som kravet gäller", "Units the requirement applies to")
        case .appliesToUnitsHint: ("Kravet gäller också enheterna under de valda.", "The requirement also applies to the units below those chosen.")
        case .roles: ("Roller som kravet gäller", "Roles the requirement applies to")
        case .rolesHint: ("Välj ingen om kravet gäller alla. Timkostnaden för rollen används där den är inställd.",
                          "Choose none if it applies to everyone. The role's hourly cost is used where it is set.")
        case .everyone: ("Alla", "Everyone")
        case .frequency: ("Hur ofta", "How often")
        case .casesPerYear: ("Ärenden per år", "Cases per year")
        case .casesPerYearInline: ("ärenden per år", "cases per year")
        case .casesPerYearHint: ("Bara när kravet gäller per ärende: hur många ärenden varje person eller enhet har per år.",
                                 "Only when the requirement applies per case: how many cases each person or unit has a year.")
        case .minutes: ("Minuter per tillfälle", "Minutes per occurrence")
        case .minutesHint: ("Ett heltal från 1 till 2 400.", "A whole number from 1 to 2,400.")
        case .population: ("Antal personer eller ärenden som kravet gäller", "Number of people or cases it applies to")
        case .populationHint: ("Ett heltal från 1 till 100 000.", "A whole number from 1 to 100,000.")
        case .hoursPerYear: ("Timmar per år", "Hours per year")
        case .costPerYear: ("Kostnad per år", "Cost per year")
        case .hourlyCostUsed: ("Timkostnad", "Hourly cost")
        case .usefulness: ("Nytta", "Usefulness")
        case .answers: ("Svar", "Answers")
        case .summary(let count, let hours, let cost): ("\(sv: count) krav · \(hours) timmar per år · \(cost) per år", "\(en: count) requirements · \(hours) hours a year · \(cost) a year")
        case .nothing: ("Inga krav här ännu.", "No requirements here yet.")
        case .facts: ("Om kravet", "About the requirement")
        case .cost: ("Vad kravet kostar", "What the requirement costs")
        case .costBoth(let hours, let cost, let median): ("Med medarbetarnas uppskattning (median \(median) minuter per tillfälle): \(hours) timmar och \(cost) per år.",
                                                          "By staff's estimate (median \(median) minutes per occurrence): \(hours) hours and \(cost) a year.")
        case .staffView: ("Vad medarbetarna säger", "What staff say")
        case .staffBelowThreshold(let threshold): ("Medarbetarnas bedömningar visas när minst \(sv: threshold) har svarat, så att ingen enskild kan utläsas.",
                                                   "Staff's assessments are shown once at least \(en: threshold) have answered, so that nobody can be singled out.")
        case .medianMinutes: ("Median, minuter per tillfälle", "Median minutes per occurrence")
        case .distribution: ("Hur mycket hjälper det?", "How much does it help?")
        case .comments: ("Kommentarer", "Comments")
        case .rating(let n):
            switch n {
            case 1: ("1 – inte alls", "1 – not at all")
            case 2: ("2 – lite", "2 – a little")
            case 3: ("3 – en del", "3 – somewhat")
            case 4: ("4 – mycket", "4 – a lot")
            default: ("5 – väldigt mycket", "5 – a great deal")
            }
        case .ratingShort(let n): ("\(n) av 5", "\(n) of 5")
        case .yourAssessment: ("Din bedömning", "Your assessment")
        case .assess: ("Ge din bedömning", "Give your assessment")
        case .changeAssessment: ("Ändra din bedömning", "Change your assessment")
        case .assessmentTitle: ("Bedöm kravet", "Assess the requirement")
        case .assessmentLead: ("Din bedömning visas aldrig för sig: bara sammanställd när tillräckligt många har svarat, utan tid och utan ordning. Du kan ändra den när du vill.",
                               "Your assessment is never shown on its own: only summarised once enough people have answered, without times or order. You can change it at any time.")
        case .yourMinutes: ("Hur många minuter tar det dig varje gång?", "How many minutes does it take you each time?")
        case .yourMinutesHint: ("Ett heltal från 0 till 2 400.", "A whole number from 0 to 2,400.")
        case .usefulnessQuestion: ("Hur mycket hjälper det här dig eller den du är till för?", "How much does this help you or the people you serve?")
        case .comment: ("Kommentar", "Comment")
        case .commentHint: ("Skriv inte namn eller annat som pekar ut någon.", "Do not write names or anything that singles someone out.")
        case .youAssessed(let minutes, let rating): ("Du har svarat \(minutes) minuter och \(rating) av 5.", "You answered \(minutes) minutes and \(rating) of 5.")
        case .decide: ("Fatta beslut", "Decide")
        case .decisionTitle: ("Beslut om kravet", "Decision on the requirement")
        case .decision: ("Beslut", "Decision")
        case .reason: ("Skäl", "Reason")
        case .reasonHint: ("Skälet visas i kravets historik för alla i organisationen.", "The reason is shown in the requirement's history to everyone in the organisation.")
        case .newMinutes: ("Nya minuter per tillfälle", "New minutes per occurrence")
        case .newFrequency: ("Ny frekvens", "New frequency")
        case .unchanged: ("Oförändrad", "Unchanged")
        case .newCasesPerYear: ("Nya ärenden per år", "New cases per year")
        case .newValuesHint: ("Bara för Förenkla: ange nya minuter, en ny frekvens eller båda.", "For Simplify only: enter new minutes, a new frequency or both.")
        case .bindingNote: ("Kravet kommer från en lag eller förordning. Organisationen kan inte ta bort det själv, men kan förenkla hur det uppfylls inom lagens ram: hur ofta, hur mycket och på vilket sätt.",
                            "The requirement comes from an act or ordinance. The organisation cannot remove it itself, but can simplify how it is met within the law: how often, how much and in what way.")
        case .history: ("Beslut", "Decisions")
        case .noDecisions: ("Inga beslut ännu.", "No decisions yet.")
        case .decidedAt: ("Datum", "Date")
        case .decidedBy: ("Beslutat av", "Decided by")
        case .hoursFreed: ("Frigjorda timmar per år", "Hours freed per year")
        case .freedNote(let hours): ("Beslutet frigör \(hours) timmar per år.", "The decision frees \(hours) hours a year.")
        case .accept: ("Ta in i inventeringen", "Take into the inventory")
        case .reject: ("Ta inte in", "Do not take in")
        case .proposedBy(let name): ("Föreslaget av \(name).", "Proposed by \(name).")
        case .proposalWaiting: ("Förslaget väntar på granskning av kravets ägare.", "The proposal is waiting for review by the requirement's owner.")
        case .edit: ("Ändra", "Edit")
        case .save: ("Spara", "Save")
        case .perYear: ("per år", "a year")
        case .byType: ("Per typ", "By type")
        case .byIssuer: ("Per utfärdare", "By issuer")
        case .people: ("Personer i enheterna", "People in the units")
        case .shareOfWorkingTime: ("Andel av arbetstiden", "Share of working time")
        case .shareHelp(let hours): ("Timmar per år delat med antalet personer gånger \(sv: hours) arbetstimmar per person och år.",
                                     "Hours per year over the number of people times \(en: hours) working hours per person and year.")
        case .topList: ("Att granska först", "To review first")
        case .topListLead: ("Kraven med hög kostnad och låg nytta enligt medarbetarna först. Krav utan tillräckligt många svar räknas som medelnytta.",
                            "Requirements with high cost and low usefulness according to staff first. Requirements without enough answers count as average usefulness.")
        case .freedOverTime: ("Frigjord tid", "Time freed")
        case .freedTotal(let hours): ("Besluten hittills frigör \(hours) timmar per år.", "The decisions so far free \(hours) hours a year.")
        case .month: ("Månad", "Month")
        case .freedThisMonth: ("Frigjort under månaden (timmar per år)", "Freed that month (hours a year)")
        case .freedCumulative: ("Totalt (timmar per år)", "Total (hours a year)")
        case .byDecision: ("Per beslut", "By decision")
        case .count: ("Antal", "Count")
        case .chartTitle: ("Kostnad och nytta", "Cost and usefulness")
        case .chartLead: ("Varje punkt är ett krav: längre till höger kostar mer, längre ner hjälper mindre. Kraven nere till höger bör granskas först. Tabellen visar samma uppgifter.",
                          "Each point is a requirement: further right costs more, further down helps less. The requirements at the bottom right should be reviewed first. The table shows the same figures.")
        case .chartAxisCost: ("Kostnad per år (kr)", "Cost per year (SEK)")
        case .chartAxisUsefulness: ("Nytta (1–5)", "Usefulness (1–5)")
        case .chartTableCaption: ("Kraven i diagrammet", "The requirements in the chart")
        case .chartMissing: ("Krav som inte är med i diagrammet eftersom för få har svarat:", "Requirements not in the chart because too few have answered:")
        case .chartPoint(let number, let name, let cost, let usefulness): ("\(number). \(name): \(cost) per år, nytta \(usefulness)", "\(number). \(name): \(cost) a year, usefulness \(usefulness)")
        case .number: ("Nr", "No.")
        case .meanUsefulness: ("Nytta (medel)", "Usefulness (mean)")
        case .exportCSV: ("Ladda ner inventeringen som CSV", "Download the inventory as CSV")
        case .importTitle: ("Importera krav", "Import requirements")
        case .importLead: ("En CSV-fil med en rubrikrad och ett krav per rad. Fel anges med radnummer, och ingenting sparas om någon rad är fel.",
                           "A CSV file with a header row and one requirement per line. Errors are given with line numbers, and nothing is saved if any line is wrong.")
        case .importFile: ("CSV-fil", "CSV file")
        case .importHint: ("Kolumner: name, description, type, issuer, legal_reference, purpose, units (enheternas nummer eller externa id, åtskilda med semikolon), roles, frequency, cases_per_year, minutes, population. En rad med ett kravs id (som i exporten) ändrar det kravet i stället för att lägga till ett nytt.",
                           "Columns: name, description, type, issuer, legal_reference, purpose, units (the units' numbers or external ids, separated by semicolons), roles, frequency, cases_per_year, minutes, population. A line with a requirement's id (as in the export) changes that requirement instead of adding a new one.")
        case .importButton: ("Importera", "Import")
        case .imported(let n): ("\(sv: n) krav importerades.", "\(en: n) requirements were imported.")
        case .units: ("Enheter", "Units")
        case .unitsTitle: ("Gäller", "Applies to")
        case .saved: ("Sparat.", "Saved.")
        case .decided(let hours): ("Beslutet är sparat. Det frigör \(hours) timmar per år.", "The decision is saved. It frees \(hours) hours a year.")
        case .assessed: ("Tack! Din bedömning är sparad.", "Thank you! Your assessment is saved.")
        case .noPeople: ("Ingen har en roll i enheterna ännu.", "Nobody has a role in the units yet.")
        case .legend: ("Förklaring", "Legend")
        case .inventoryLink: ("Kravinventering", "Requirements inventory")
        case .burdenLink: ("Kravens kostnad för enheten", "What requirements cost the unit")
        case .removedNote: ("Kravet är borttaget och räknas inte längre i enheternas kostnader.", "The requirement has been removed and no longer counts in the units' costs.")
        case .fromAbove: ("Krav som ställs på en enhet ovanför", "Requirements set on a unit above")
        case .fromAboveLead: ("De gäller också den här enheten men räknas hos enheten de ställs på, så att inget räknas två gånger. Siffrorna gäller hela kravet.",
                              "They apply to this unit too but are counted at the unit they are set on, so that nothing is counted twice. The figures are for the whole requirement.")
        case .populationShort: ("Personer eller ärenden", "People or cases")
        case .rolesShort: ("Roller", "Roles")
        case .minutesShort: ("Minuter per gång", "Minutes each time")
        case .signalPanelTitle: ("Kravinventeringen", "The requirements inventory")
        case .signalLinkedTo: ("Signalen är kopplad till kravet:", "The signal is linked to the requirement:")
        case .signalNotLinked: ("Signalen är inte kopplad till något krav i inventeringen ännu.", "The signal is not linked to a requirement in the inventory yet.")
        case .chooseRequirement: ("Krav i inventeringen", "Requirement in the inventory")
        case .linkButton: ("Koppla signalen till kravet", "Link the signal to the requirement")
        case .createFromSignal: ("Gör ett nytt krav av signalen", "Make a new requirement of the signal")
        case .answeredOnDecision: ("Signalen besvaras när kravets ägare beslutar att behålla, förenkla eller ta bort kravet.",
                                   "The signal is answered when the requirement's owner decides to keep, simplify or remove it.")
        case .fromSignal: ("Kravet skapas från en signal om ett onödigt krav och kopplas till den. Signalen besvaras när kravet får ett beslut.",
                           "The requirement is made from a signal about an unnecessary requirement and linked to it. The signal is answered when the requirement is decided.")
        }
    }
}
