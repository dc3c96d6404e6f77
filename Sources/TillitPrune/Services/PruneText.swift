import TillitPlatform

/// The Prune module's messages.
public enum PruneText: LocalizedText {
    case minutesRange
    case assessedMinutesRange
    case populationRange
    case casesRange
    case casesRequired
    case usefulnessRange
    case unitsRequired
    case unitOutside
    case issuerUnitOutside
    case bindingCannotBeRemoved
    case simplificationNeedsChange
    case notSimpler
    case notApplicable
    case notActive
    case alreadyRemoved
    case notProposed
    case notOwner
    case organisationRequired
    case duplicateUnit

    public var texts: (sv: String, en: String) {
        switch self {
        case .minutesRange: ("Ange minuter per tillfälle som ett heltal från 1 till 2 400 (en arbetsvecka).",
                             "Enter minutes per occurrence as a whole number from 1 to 2,400 (a working week).")
        case .assessedMinutesRange: ("Ange minuter som ett heltal från 0 till 2 400.", "Enter minutes as a whole number from 0 to 2,400.")
        case .populationRange: ("Ange antal personer eller ärenden som ett heltal från 1 till 100 000.",
                                "Enter the number of people or cases as a whole number from 1 to 100,000.")
        case .casesRange: ("Ange antal ärenden per år som ett heltal från 1 till 100 000.", "Enter cases per year as a whole number from 1 to 100,000.")
        case .casesRequired: ("Ange hur många ärenden per år kravet gäller när det gäller per ärende.",
                              "Enter how many cases a year when the requirement applies per case.")
        case .usefulnessRange: ("Välj ett värde från 1 till 5.", "Choose a value from 1 to 5.")
        case .unitsRequired: ("Välj minst en enhet som kravet gäller.", "Choose at least one unit the requirement applies to.")
        case .unitOutside: ("Enheten finns inte i organisationen eller är nedlagd.", "The unit is not in the organisation or is closed.")
        case .issuerUnitOutside: ("Den utfärdande enheten finns inte i organisationen.", "The issuing unit is not in the organisation.")
        case .bindingCannotBeRemoved: ("Lagar och förordningar kan inte tas bort av organisationen själv, bara förenklas inom lagens ram: hur ofta, hur mycket och på vilket sätt kravet uppfylls.",
                                       "Acts and ordinances cannot be removed by the organisation itself, only simplified within the law: how often, how much and how the requirement is met.")
        case .simplificationNeedsChange: ("Ange nya minuter per tillfälle eller en ny frekvens.", "Enter new minutes per occurrence or a new frequency.")
        case .notSimpler: ("En förenkling ska ta mindre tid än i dag. Ange färre minuter eller en glesare frekvens.",
                           "A simplification should take less time than today. Enter fewer minutes or a less frequent interval.")
        case .notApplicable: ("Kravet gäller inte dig: bara de som har en roll i en av kravets enheter kan bedöma det.",
                              "The requirement does not apply to you: only people with a role in one of its units can assess it.")
        case .notActive: ("Kravet finns inte i inventeringen just nu.", "The requirement is not in the inventory right now.")
        case .alreadyRemoved: ("Kravet är redan borttaget.", "The requirement has already been removed.")
        case .notProposed: ("Kravet är inte ett förslag som väntar på granskning.", "The requirement is not a proposal waiting for review.")
        case .notOwner: ("Bara kravets ägare (chef för alla enheter kravet gäller, eller organisationens administratör) kan göra det här.",
                         "Only the requirement's owner (the manager of all its units, or the organisation's administrator) can do this.")
        case .organisationRequired: ("Välj en organisation där du har en roll.", "Choose an organisation where you have a role.")
        case .duplicateUnit: ("Samma enhet är vald två gånger.", "The same unit is chosen twice.")
        }
    }
}
