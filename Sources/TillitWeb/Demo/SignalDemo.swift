import Foundation
import TillitPlatform
import TillitListen

/// Signals at every stage for the demo: new, forwarded upward twice, forwarded sideways, overdue,
/// answered each way, implemented, and anonymous.
struct SignalDemo {
    let platform: Platform
    let actors: [String: Actor]
    let units: [String: Int64]

    /// The services as they were `days` ago, so the demo has history and overdue signals.
    private func signals(daysAgo days: Double) -> Signals {
        Signals(platform: Platform(database: platform.database, clock: .fixed(platform.clock.now().addingTimeInterval(-days * 86_400)),
                                   passwords: platform.passwords, settings: platform.settings, logger: platform.logger))
    }

    private func raise(_ email: String, _ kind: SignalKind, unit: String, daysAgo: Double, anonymous: Bool = false,
                       affects: SignalAffects? = nil, _ text: String, suggestion: String? = nil) async throws -> Int64 {
        try await signals(daysAgo: daysAgo).raise(actor: actors[email]!, .init(
            kind: kind.rawValue, text: text, unitID: String(units[unit]!), affects: affects?.rawValue,
            suggestion: suggestion, anonymous: anonymous)).signal.id
    }

    func load() async throws {
        // New, at the closest manager.
        let documentation = try await raise("medarbetare@tillitsby.se", .hinder, unit: "norr-a", daysAgo: 2, affects: .citizens,
                            "Vi dokumenterar samma insats i tre olika system efter varje besök. Det tar ungefär tjugo minuter per pass som vi hellre skulle lägga hos brukarna.",
                            suggestion: "Låt journalsystemet skicka uppgifterna vidare till de andra två.")
        // Overdue: nobody has answered in a month, so it is now shown further up.
        _ = try await raise("underskoterska@tillitsby.se", .ide, unit: "norr-a", daysAgo: 31, affects: .colleagues,
                            "Kan vi få schemalägga överlappning på tjugo minuter mellan dag- och kvällspasset? Överlämningen sker i dag i korridoren.")
        // Forwarded upward twice, with reasons.
        let budget = try await raise("medarbetare@tillitsby.se", .fraga, unit: "norr", daysAgo: 12,
                                     "Kan vi få elcyklar till hemtjänsten i Norr? Bilarna står ofta still i trafiken i centrum och parkeringen tar tid.")
        _ = try await signals(daysAgo: 10).forward(actor: actors["chef.norr@tillitsby.se"]!, id: budget, toUnitID: String(units["hemtjanst"]!),
                                                   reason: "Kräver budget som ligger på avdelningen.")
        _ = try await signals(daysAgo: 6).forward(actor: actors["chef.hemtjanst@tillitsby.se"]!, id: budget, toUnitID: String(units["vof"]!),
                                                  reason: "Gäller alla hemtjänstgrupper och fordonsavtalet, som förvaltningen äger.")
        // Forwarded sideways to IT, then answered there.
        let it = try await raise("chef.norr@tillitsby.se", .onodigtKrav, unit: "norr", daysAgo: 20,
                                 "Varje månad skriver vi ut och skannar in samma avvikelserapport för att den ska kunna arkiveras.")
        _ = try await signals(daysAgo: 19).forward(actor: actors["chef.norr@tillitsby.se"]!, id: it, toUnitID: String(units["it"]!),
                                                   reason: "Gäller arkiveringen i IT-systemet, utanför mitt mandat.")
        _ = try await signals(daysAgo: 15).decide(actor: actors["it@tillitsby.se"]!, id: it, decision: Decision.redanLost.rawValue,
                                                  text: "Systemet kan arkivera rapporten direkt sedan versionen i mars. Vi visar gärna hur.")
        // Decided and implemented.
        let done = try await raise("underskoterska@tillitsby.se", .ide, unit: "norr-a", daysAgo: 40, affects: .citizens,
                                   "Brukarna vill veta vem som kommer. Kan vi skicka ett sms med namnet på den som kommer på morgonen?")
        _ = try await signals(daysAgo: 35).decide(actor: actors["chef.norr@tillitsby.se"]!, id: done, decision: Decision.atgardas.rawValue,
                                                  text: "Vi provar i Team Norr A under två månader. Ansvarig: Nora Enhetschef.")
        _ = try await signals(daysAgo: 3).implement(actor: actors["chef.norr@tillitsby.se"]!, id: done,
                                                    note: "Sms skickas nu varje morgon. Brukarna är nöjda, och samtalen till kontoret har minskat.")
        // Anonymous, answered with a reason why not.
        let anonymous = try await raise("medarbetare@tillitsby.se", .hinder, unit: "norr-a", daysAgo: 9, anonymous: true,
                                        "Det är svårt att säga ifrån när planeringen inte går ihop, eftersom det uppfattas som att man inte klarar jobbet.")
        _ = try await signals(daysAgo: 5).decide(actor: actors["chef.norr@tillitsby.se"]!, id: anonymous, decision: Decision.atgardasDelvis.rawValue,
                                                 text: "Tack för att du tog upp det. Vi inför en stående punkt på arbetsplatsträffen där planeringen kan ifrågasättas utan att någon pekas ut.")
        // Not done, with a reason.
        let no = try await raise("larare@tillitsby.se", .ide, unit: "tillitsbyskolan", daysAgo: 25,
                                 "Kan alla lärare få en egen skrivare i klassrummet?")
        _ = try await signals(daysAgo: 20).decide(actor: actors["chef.skola@tillitsby.se"]!, id: no, decision: Decision.atgardasInte.rawValue,
                                                  text: "Det ryms inte i budgeten i år, och de gemensamma skrivarna används bara till en tiondel. Vi ser över placeringen i stället.")
        // A question from social services, new.
        _ = try await raise("socialsekreterare@tillitsby.se", .fraga, unit: "barn", daysAgo: 1, affects: .citizens,
                            "Kan vi få ta emot familjer på kvällstid en dag i veckan? Många föräldrar kan inte komma på dagen utan att förlora lön.")
        // A colleague stands behind the first one, and says so.
        try await signals(daysAgo: 1).toggleSupport(actor: actors["underskoterska@tillitsby.se"]!, id: documentation)
        _ = try await signals(daysAgo: 1).comment(actor: actors["underskoterska@tillitsby.se"]!, id: documentation,
                                                  text: "Samma sak på kvällspasset. Det blir ofta sista kvarten innan vi går hem.")
        // The manager asks the anonymous raiser a follow-up question before answering.
        _ = try await signals(daysAgo: 7).comment(actor: actors["chef.norr@tillitsby.se"]!, id: anonymous,
                                                  text: "Tack för att du skriver. Gäller det planeringen för hela veckan eller främst helgerna?", question: true)

        // The participant's voice: Hemtjänst Norr and Steget at the coordination association have
        // published codes, and participants have used them.
        let norrCode = try await signals(daysAgo: 30).publishParticipantCode(actor: actors["chef.norr@tillitsby.se"]!, unitID: units["norr"]!)
        let feedback = try await signals(daysAgo: 8).raise(participantCode: norrCode.code, kind: "ide",
                                                           text: "Det vore fint om samma person kom på morgonen flera dagar i rad. Då behöver jag inte förklara allt varje gång.")
        _ = try await signals(daysAgo: 4).decide(actor: actors["chef.norr@tillitsby.se"]!, id: feedback.signal.id, decision: Decision.atgardasDelvis.rawValue,
                                                 text: "Vi gör om planeringen så att varje brukare har högst tre olika personer på morgonen under en vecka.")
        _ = try await signals(daysAgo: 2).raise(participantCode: norrCode.code, kind: "hinder",
                                                text: "Telefonen till hemtjänsten svarar inte efter klockan fyra.")
        if let steget = units["steget"], let chef = actors["admin@tillitsdalen.se"] {
            let stegetCode = try await signals(daysAgo: 20).publishParticipantCode(actor: chef, unitID: steget)
            _ = try await signals(daysAgo: 6).raise(participantCode: stegetCode.code, kind: "fraga",
                                                    text: "Kan vi få träffas någon annanstans än på kontoret ibland? Det är jobbigt att sitta i väntrummet.")
        }
    }
}
