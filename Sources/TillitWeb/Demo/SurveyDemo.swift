import Foundation
import TillitFollowUp
import TillitFormats
import TillitListen
import TillitPlatform

/// Follow up for the demo: two finished rounds of the trust barometer over Vård och omsorg (half a
/// year apart, with Team Norr A's room to act improving after its dialogue), one round of the
/// participant survey at the LSS units through their codes, small groups that disclosure control
/// hides (the night patrol, Hemtjänst Norr's own two, the day centre's participants), free text
/// where groups are large, and dialogue notes, one of whose needs went upward as a signal.
struct SurveyDemo {
    let world: DemoWorld

    /// The services as they were `days` ago.
    private func followUp(daysAgo days: Int) -> FollowUp {
        let platform = world.platform
        return FollowUp(platform: Platform(database: platform.database, clock: .fixed(platform.clock.now().addingTimeInterval(-Double(days) * 86_400)),
                                           passwords: platform.passwords, settings: platform.settings, logger: platform.logger))
    }

    private func day(_ daysAgo: Int) -> String {
        CivilDate(LocalTime(world.platform.clock.now().addingTimeInterval(-Double(daysAgo) * 86_400)).dateOnly)!.description
    }

    /// A repeatable stream of numbers, so the demo looks the same every time.
    struct Stream {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// How many are invited in each unit itself, and how many of them answer.
    static let staffing: [(unit: String, invited: Int, answering: Int)] = [
        ("vof", 8, 6), ("norr", 2, 2), ("norr-a", 14, 11), ("norr-b", 10, 8), ("soder", 9, 7), ("natt", 4, 3),
        ("bjorkgarden", 26, 20), ("solglantan", 19, 14), ("linden", 8, 6), ("verkstan", 7, 5),
    ]

    /// Each unit's leaning per dimension (added to a middle answer of 3), for the first round.
    static let leaning: [String: [String: Int]] = [
        "norr-a": ["handlingsutrymme": -1, "stod": -1, "tillit": 0],
        "norr-b": ["tillit": 1, "oppenhet": 1],
        "bjorkgarden": ["medborgarfokus": 1, "kunskap": 1, "stod": -1],
        "solglantan": ["langsiktighet": -1, "helhetssyn": 1],
        "linden": ["tillit": 1, "handlingsutrymme": 1],
    ]

    static let wishes = [
        "Färre dubbla dokumentationer, så att tiden räcker till brukarna.",
        "Att vi får bestämma mer om hur vi lägger upp dagen.",
        "En fast kontaktperson på IT som känner vår verksamhet.",
        "Tid för handledning och att lära av varandra.",
        "Att beslut förklaras för oss innan de börjar gälla.",
        "Mer kontinuitet i bemanningen.",
        "Att chefen har tid att vara på plats.",
        "Bättre introduktion för nyanställda.",
        "Att vi slipper rapportera samma sak till flera håll.",
        "Att vi får följa upp det vi själva tycker är viktigt.",
    ]

    func answers(_ questionnaire: Questionnaire, unit: String, improved: Bool, stream: inout Stream) -> [String: RawAnswer] {
        var answers: [String: RawAnswer] = [:]
        for item in questionnaire.items {
            switch item.kind {
            case .likert:
                let roll = stream.next(20)
                if roll == 0 { continue }
                if roll == 1 { answers[item.id] = .string(Answer.dontKnowToken); continue }
                var lean = Self.leaning[unit]?[item.dimension ?? ""] ?? 0
                if improved && unit == "norr-a" && (item.dimension == "handlingsutrymme" || item.dimension == "stod") { lean += 2 }
                let value = min(max(3 + lean + stream.next(3) - 1 + (stream.next(4) == 0 ? 1 : 0), 1), 5)
                answers[item.id] = .number(value)
            case .choice(let options):
                answers[item.id] = .string(options[min(stream.next(options.count + 1), options.count - 1)].id)
            case .text:
                if stream.next(3) != 0 { answers[item.id] = .string(Self.wishes[stream.next(Self.wishes.count)]) }
            }
        }
        return answers
    }

    /// A barometer round over Vård och omsorg, open `opened` to `closed` days ago.
    func barometerRound(_ barometer: StoredQuestionnaire, opened: Int, closed: Int, improved: Bool, seed: UInt64) async throws -> SurveyRound {
        let admin = world.people["admin@tillitsby.se"]!
        let start = followUp(daysAgo: opened)
        let round = try await start.createRound(actor: admin, .init(questionnaireID: String(barometer.id), unitID: String(world.units["vof"]!),
                                                                    opensOn: day(opened), closesOn: day(closed)))
        var stream = Stream(state: seed)
        for entry in Self.staffing {
            let tokens = try await start.invite(actor: admin, roundID: round.id, unitID: String(world.units[entry.unit]!), count: String(entry.invited))
            for (index, token) in tokens.prefix(entry.answering).enumerated() {
                let answering = followUp(daysAgo: opened - 1 - index % max(opened - closed, 1))
                try await answering.respond(token: token, answers: answers(barometer.questionnaire, unit: entry.unit, improved: improved, stream: &stream), submit: true)
            }
        }
        return try await followUp(daysAgo: closed).close(actor: admin, roundID: round.id)
    }

    func load() async throws {
        let admin = world.people["admin@tillitsby.se"]!
        let all = try await followUp(daysAgo: 0).questionnaires(actor: admin)
        guard let barometer = all.first(where: { $0.questionnaire.key == "tillitsbarometern" }),
              let participants = all.first(where: { $0.questionnaire.key == "deltagarrosten" }) else { return }
        let first = try await barometerRound(barometer, opened: 200, closed: 186, improved: false, seed: 11)
        let second = try await barometerRound(barometer, opened: 40, closed: 26, improved: true, seed: 29)

        // Dialogue notes: Team Norr A after each round; its need after the first went upward.
        let norrChef = world.people["chef.norr@tillitsby.se"]!
        let teamA = world.units["norr-a"]!
        _ = try await followUp(daysAgo: 180).saveDialogueNote(
            actor: norrChef, roundID: first.id, unitID: teamA,
            see: "Vi upplever litet handlingsutrymme och att stödet från IT och bemanning inte räcker.",
            act: "Vi prövar att planera veckan själva i gruppen och tar upp stödet på varje APT.",
            need: "En fast kontakt på IT och att vi själva får lägga om turerna när brukarnas behov ändras.")
        let raised = try await Signals(platform: Platform(database: world.platform.database, clock: .fixed(world.platform.clock.now().addingTimeInterval(-179 * 86_400)),
                                                          passwords: world.platform.passwords, settings: world.platform.settings, logger: world.platform.logger))
            .raise(actor: norrChef, .init(kind: SignalKind.fraga.rawValue,
                                          text: FollowUpUIText.needSignalText(barometer.questionnaire.title.sv, "En fast kontakt på IT och att vi själva får lägga om turerna när brukarnas behov ändras.").text(.sv),
                                          unitID: String(world.units["norr"]!)))
        try await followUp(daysAgo: 179).markNeedRaised(actor: norrChef, roundID: first.id, unitID: teamA, signalID: raised.signal.id)
        _ = try await followUp(daysAgo: 20).saveDialogueNote(
            actor: norrChef, roundID: second.id, unitID: teamA,
            see: "Handlingsutrymmet och stödet har blivit bättre sedan förra mätningen.",
            act: "Vi fortsätter att planera veckan själva och följer upp det om ett halvår.",
            need: "")

        // The participant survey at the LSS units, through their codes; still in its embargo.
        let lssRound = try await followUp(daysAgo: 30).createRound(actor: admin, .init(questionnaireID: String(participants.id), unitID: String(world.units["lss"]!),
                                                                                       opensOn: day(30), closesOn: day(6)))
        var stream = Stream(state: 47)
        for (unit, count) in [("linden", 9), ("verkstan", 4)] {
            let code = try await followUp(daysAgo: 30).createUnitCode(actor: admin, roundID: lssRound.id, unitID: world.units[unit]!, cap: 40)
            for index in 0..<count {
                try await followUp(daysAgo: 28 - index * 2).respond(code: code, answers: answers(participants.questionnaire, unit: unit, improved: false, stream: &stream))
            }
        }
        _ = try await followUp(daysAgo: 6).close(actor: admin, roundID: lssRound.id)

        // An open round of the participant survey at Gruppbostaden Linden, answered through its code.
        let open = try await followUp(daysAgo: 3).createRound(actor: admin, .init(questionnaireID: String(participants.id), unitID: String(world.units["linden"]!),
                                                                                 opensOn: day(3), closesOn: day(-21)))
        _ = try await followUp(daysAgo: 3).createUnitCode(actor: admin, roundID: open.id, unitID: world.units["linden"]!, cap: 30)
    }
}
