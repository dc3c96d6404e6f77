import TillitFormats
import TillitPlatform

/// The words of the follow-up charts and the breakdown by unit (Listen).
enum SignalChartText: LocalizedText {
    case charts
    case perMonthTitle
    case perMonthDescription
    case perMonthTable
    case total
    case daysTitle
    case daysDescription(Int)
    case daysTable
    case days
    case signalsCount
    case daysBucket(Int, Int?)
    case proximityTitle
    case proximityDescription
    case proximityTable
    case decided
    case decidedWhereLanded
    case breakdownTitle
    case breakdownLead
    case breakdownChartTitle
    case breakdownChartDescription
    case breakdownTable
    case unit
    case openInTime
    case noSignals

    var texts: (sv: String, en: String) {
        switch self {
        case .charts: ("Diagram", "Charts")
        case .perMonthTitle: ("Signaler per månad och tema, senaste året", "Signals per month and theme, the last year")
        case .perMonthDescription:
            ("Staplar per månad, delade efter tema. Samma siffror står i tabellen bredvid.",
             "Bars per month, divided by theme. The same figures are in the table beside it.")
        case .perMonthTable: ("Signaler per månad och tema", "Signals per month and theme")
        case .total: ("Totalt", "Total")
        case .daysTitle: ("Dagar till första svar", "Days to first answer")
        case .daysDescription(let days):
            ("Hur många signaler som fick sitt första svar efter så många dagar. Svarstiden är \(days) dagar.",
             "How many signals got their first answer after so many days. The response time is \(days) days.")
        case .daysTable: ("Besvarade signaler efter dagar till första svar", "Answered signals by days to first answer")
        case .days: ("Dagar", "Days")
        case .signalsCount: ("Signaler", "Signals")
        case .daysBucket(let low, let high):
            switch high {
            case nil: ("\(low) eller fler", "\(low) or more")
            case let high? where high == low: ("\(low)", "\(low)")
            case let high?: ("\(low)–\(high)", "\(low)–\(high)")
            }
        case .proximityTitle: ("Närhetsgrad över tid", "Proximity over time")
        case .proximityDescription:
            ("Per månad signalerna lyftes: andelen av de besvarade som avgjordes där de landade, utan att skickas vidare.",
             "By the month signals were raised: the share of the answered ones decided where they landed, without being forwarded.")
        case .proximityTable: ("Närhetsgrad per månad", "Proximity per month")
        case .decided: ("Besvarade", "Answered")
        case .decidedWhereLanded: ("Avgjorda där de landade", "Decided where they landed")
        case .breakdownTitle: ("Enheterna en nivå ned", "The units one level down")
        case .breakdownLead:
            ("Varje enhet med allt under den, i organisationens ordning – inte rangordnade. Siffrorna visar hur verksamheten svarar, aldrig enskilda personer.",
             "Each unit with everything below it, in the organisation's order – not ranked. The figures show how the organisation answers, never individual people.")
        case .breakdownChartTitle: ("Öppna signaler per enhet", "Open signals per unit")
        case .breakdownChartDescription:
            ("Staplar per enhet: den röda delen är försenade signaler, den blå öppna signaler inom svarstiden.",
             "Bars per unit: the red part is overdue signals, the blue part open signals within the response time.")
        case .breakdownTable: ("Enheterna en nivå ned", "The units one level down")
        case .unit: ("Enhet", "Unit")
        case .openInTime: ("Öppna inom svarstiden", "Open within the response time")
        case .noSignals: ("Inga signaler under perioden.", "No signals in the period.")
        }
    }

    /// Short month names for a chart's axis.
    static func month(_ number: Int, _ language: Language) -> String {
        let sv = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
        let en = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return (language == .sv ? sv : en)[max(0, min(11, number - 1))]
    }
}
