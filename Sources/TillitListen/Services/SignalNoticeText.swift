import TillitPlatform

/// What Listen's notices say. They name units and decisions, never what someone wrote: mail
/// leaves Tillit, and free text stays inside.
public enum SignalNoticeText: LocalizedText {
    case questionToRaiser(unit: String)
    case commentToRaiser(unit: String)
    case commentToManager(unit: String)
    case raiserReplied(unit: String)
    case participantFeedback(unit: String)
    case forwarded(unit: String)
    case arrived(unit: String)
    case overdue(unit: String)
    case decidedToRaiser(unit: String, decision: Decision)
    case decidedToSupporter(unit: String, decision: Decision)
    case implementedToRaiser(unit: String)
    case implementedToSupporter(unit: String)

    /// What a notice from Listen points at.
    public static func target(_ signalID: Int64) -> NoticeTarget { NoticeTarget("signal", id: signalID) }

    public var texts: (sv: String, en: String) {
        switch self {
        case .questionToRaiser(let unit): ("Du har fått en fråga om din signal om \(unit).", "You have a question about your signal about \(unit).")
        case .commentToRaiser(let unit): ("Någon har kommenterat din signal om \(unit).", "Someone commented on your signal about \(unit).")
        case .commentToManager(let unit): ("En ny kommentar på en signal om \(unit).", "A new comment on a signal about \(unit).")
        case .raiserReplied(let unit): ("Avsändaren har svarat på en signal om \(unit).", "The raiser has replied on a signal about \(unit).")
        case .participantFeedback(let unit): ("En deltagare har lämnat en synpunkt om \(unit). Den väntar på ditt svar.",
                                              "A participant has left feedback about \(unit). It is waiting for your answer.")
        case .forwarded(let unit): ("En signal om \(unit) har skickats vidare till dig och väntar på ditt svar.",
                                    "A signal about \(unit) has been forwarded to you and is waiting for your answer.")
        case .arrived(let unit): ("En ny signal om \(unit) väntar på ditt svar.", "A new signal about \(unit) is waiting for your answer.")
        case .overdue(let unit): ("En signal om \(unit) har inte fått svar i tid och visas nu för dig.",
                                  "A signal about \(unit) was not answered in time and is now shown to you.")
        case .decidedToRaiser(let unit, let decision): ("Din signal om \(unit) har besvarats: \(decision.label.sv).",
                                                        "Your signal about \(unit) has been answered: \(decision.label.en).")
        case .decidedToSupporter(let unit, let decision): ("En signal du stöder, om \(unit), har besvarats: \(decision.label.sv).",
                                                           "A signal you support, about \(unit), has been answered: \(decision.label.en).")
        case .implementedToRaiser(let unit): ("Det som din signal om \(unit) gällde är genomfört.", "What your signal about \(unit) asked for has been done.")
        case .implementedToSupporter(let unit): ("En signal du stöder, om \(unit), är genomförd.", "A signal you support, about \(unit), has been carried out.")
        }
    }
}
