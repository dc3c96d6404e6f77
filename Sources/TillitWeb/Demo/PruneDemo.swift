import Foundation
import TillitListen
import TillitPlatform
import TillitPrune

/// The demo's requirements inventory: about forty requirements across the municipality, staff
/// assessments (some above the anonymity threshold, some below), a proposal waiting for review,
/// and decisions over the past months.
enum PruneDemo {
    /// One requirement: name, type, issuer (a unit key prefixed `@`, or an authority), legal
    /// reference, purpose, unit keys, roles, frequency, cases per year, minutes, population.
    struct Entry {
        let name: String, type: RequirementType, issuer: String, legal: String?, purpose: String, units: [String], roles: [RequirementRole]
        let frequency: Frequency, cases: Int?, minutes: Int, population: Int
        var description = ""
    }

    static let forvaltningar = ["klf", "vof", "uf", "sof", "kff", "sbf"]

    static let entries: [Entry] = [
        Entry(name: "Social dokumentation efter varje besök", type: .lag, issuer: "Riksdagen (socialtjänstlagen)", legal: "SFS 2001:453, 11 kap. 5 §",
              purpose: "Brukarens rätt till insyn och kontinuitet; underlag när insatsen följs upp.", units: ["hemtjanst"], roles: [.medarbetare],
              frequency: .perArende, cases: 900, minutes: 6, population: 60, description: "Anteckning i verksamhetssystemet om vad som gjordes och hur brukaren mådde."),
        Entry(name: "Samma besök registreras i tidsredovisningen", type: .riktlinje, issuer: "@vof", legal: nil,
              purpose: "Ekonomiavdelningen fördelar kostnader per insats.", units: ["hemtjanst"], roles: [.medarbetare],
              frequency: .perArende, cases: 900, minutes: 2, population: 60, description: "Tid och insats skrivs in en gång till i ett annat system än journalen."),
        Entry(name: "Avvikelserapport vid missad insats", type: .foreskrift, issuer: "Socialstyrelsen", legal: "SOSFS 2011:9, 5 kap. 5 §",
              purpose: "Verksamheten lär av misstag och förebygger att de upprepas.", units: ["hemtjanst", "sabo"], roles: [],
              frequency: .perArende, cases: 6, minutes: 25, population: 90),
        Entry(name: "Lex Sarah-rapport", type: .lag, issuer: "Riksdagen (socialtjänstlagen)", legal: "SFS 2001:453, 14 kap. 3 §",
              purpose: "Missförhållanden rapporteras, utreds och avhjälps.", units: ["vof"], roles: [], frequency: .perArende, cases: 12, minutes: 90, population: 1),
        Entry(name: "Månadsrapport om sjukfrånvaro till HR", type: .riktlinje, issuer: "@hr", legal: nil,
              purpose: "HR sammanställer sjukfrånvaron för kommunstyrelsen.", units: ["vof", "uf", "sof"], roles: [.chef],
              frequency: .manad, cases: nil, minutes: 45, population: 40),
        Entry(name: "Månatlig budgetuppföljning med kommentarer", type: .politisktBeslut, issuer: "Kommunstyrelsen", legal: nil,
              purpose: "Nämnderna ser tidigt om budgeten håller.", units: forvaltningar, roles: [.chef], frequency: .manad, cases: nil, minutes: 120, population: 45),
        Entry(name: "Tertialrapport till vård- och omsorgsnämnden", type: .politisktBeslut, issuer: "Vård- och omsorgsnämnden", legal: nil,
              purpose: "Nämnden följer mål och ekonomi.", units: ["vof"], roles: [.chef], frequency: .kvartal, cases: nil, minutes: 240, population: 12),
        Entry(name: "Riskbedömning i Senior alert", type: .avtal, issuer: "Senior alert (nationellt kvalitetsregister)", legal: nil,
              purpose: "Förebygga fall, trycksår och undernäring; jämförelser mellan boenden.", units: ["sabo"], roles: [.medarbetare],
              frequency: .perArende, cases: 25, minutes: 15, population: 30),
        Entry(name: "Punktprevalensmätning av trycksår", type: .avtal, issuer: "Senior alert (nationellt kvalitetsregister)", legal: nil,
              purpose: "Nationell jämförelse av trycksår en vecka om året.", units: ["sabo"], roles: [.medarbetare], frequency: .ar, cases: nil, minutes: 240, population: 30),
        Entry(name: "Registrering i BPSD-registret", type: .avtal, issuer: "Svenskt register för beteendemässiga och psykiska symtom vid demens", legal: nil,
              purpose: "Bemötande och vårdplan för personer med demens.", units: ["sabo"], roles: [.medarbetare], frequency: .perArende, cases: 6, minutes: 45, population: 20),
        Entry(name: "Signering av läkemedel både på papper och i systemet", type: .riktlinje, issuer: "Medicinskt ansvarig sjuksköterska", legal: nil,
              purpose: "Spårbarhet när läkemedel ges.", units: ["sabo", "hemtjanst"], roles: [.medarbetare], frequency: .dag, cases: nil, minutes: 5, population: 45,
              description: "Samma signering görs två gånger: på signeringslistan och i det digitala läkemedelssystemet."),
        Entry(name: "Genomförandeplan följs upp var sjätte månad", type: .foreskrift, issuer: "Socialstyrelsen", legal: "SOSFS 2014:5, 5 kap.",
              purpose: "Brukaren är med och bestämmer hur insatsen ska göras.", units: ["hemtjanst", "sabo"], roles: [.medarbetare],
              frequency: .perArende, cases: 2, minutes: 60, population: 300),
        Entry(name: "Daglig rapport i kommunikationsbok och journal", type: .riktlinje, issuer: "@hemtjanst", legal: nil,
              purpose: "Nästa pass vet vad som hänt.", units: ["norr", "soder"], roles: [.medarbetare], frequency: .dag, cases: nil, minutes: 10, population: 30),
        Entry(name: "Körjournal för tjänstebilar", type: .riktlinje, issuer: "@ekonomi", legal: nil,
              purpose: "Underlag för förmånsbeskattning och fordonskostnader.", units: ["hemtjanst"], roles: [.medarbetare], frequency: .dag, cases: nil, minutes: 4, population: 40),
        Entry(name: "Nyckelkvittens vid varje pass", type: .riktlinje, issuer: "@hemtjanst", legal: nil,
              purpose: "Brukarnas nycklar ska kunna spåras.", units: ["norr", "soder"], roles: [.medarbetare], frequency: .dag, cases: nil, minutes: 3, population: 60),
        Entry(name: "Manuell sammanställning av brukarundersökningen", type: .politisktBeslut, issuer: "Vård- och omsorgsnämnden", legal: nil,
              purpose: "Nämnden vill se resultaten per enhet.", units: ["hemtjanst", "sabo"], roles: [.chef], frequency: .ar, cases: nil, minutes: 480, population: 6),
        Entry(name: "Egenkontroll av basala hygienrutiner", type: .foreskrift, issuer: "Socialstyrelsen", legal: "SOSFS 2015:10",
              purpose: "Minska smittspridning.", units: ["sabo", "hemtjanst"], roles: [.chef], frequency: .kvartal, cases: nil, minutes: 60, population: 6),
        Entry(name: "Dokumentation av genomförande i LSS", type: .lag, issuer: "Riksdagen (LSS)", legal: "SFS 1993:387, 21 a §",
              purpose: "Den enskildes rättssäkerhet och insyn.", units: ["lss"], roles: [.medarbetare], frequency: .perArende, cases: 250, minutes: 5, population: 20),
        Entry(name: "Närvarorapport för habiliteringsersättning", type: .politisktBeslut, issuer: "Socialnämnden", legal: nil,
              purpose: "Underlag för utbetalning av habiliteringsersättning.", units: ["verkstan"], roles: [.chef], frequency: .manad, cases: nil, minutes: 60, population: 2),
        Entry(name: "Dokumentation av extra anpassningar", type: .riktlinje, issuer: "Skolverket (allmänna råd)", legal: nil,
              purpose: "Att stödet till eleven följs upp och kan överlämnas.", units: ["grundskola"], roles: [.medarbetare],
              frequency: .perArende, cases: 30, minutes: 20, population: 40),
        Entry(name: "Anmälan om kränkande behandling till huvudmannen", type: .lag, issuer: "Riksdagen (skollagen)", legal: "SFS 2010:800, 6 kap. 10 §",
              purpose: "Huvudmannen utreder och förhindrar kränkningar.", units: ["grundskola", "gymnasium"], roles: [],
              frequency: .perArende, cases: 5, minutes: 40, population: 60),
        Entry(name: "Frånvaro registreras i två system", type: .riktlinje, issuer: "@uf", legal: nil,
              purpose: "Vårdnadshavare meddelas; CSN får uppgifter för gymnasiet.", units: ["grundskola", "gymnasium"], roles: [.medarbetare],
              frequency: .dag, cases: nil, minutes: 5, population: 60, description: "Frånvaron förs först i lärplattformen och sedan i elevregistret."),
        Entry(name: "Kunskapsmatriser till rektor varje termin", type: .riktlinje, issuer: "@grundskola", legal: nil,
              purpose: "Rektor följer kunskapsutvecklingen.", units: ["grundskola"], roles: [.medarbetare], frequency: .perArende, cases: 2, minutes: 120, population: 40),
        Entry(name: "Veckovis pedagogisk dokumentation i förskolan", type: .riktlinje, issuer: "@uf", legal: nil,
              purpose: "Synliggöra barnens lärande för vårdnadshavare.", units: ["forskola"], roles: [.medarbetare], frequency: .vecka, cases: nil, minutes: 30, population: 25),
        Entry(name: "Säkerhetsrond i förskolan", type: .riktlinje, issuer: "@uf", legal: nil,
              purpose: "Upptäcka risker i lokaler och på gården.", units: ["forskola"], roles: [.chef], frequency: .kvartal, cases: nil, minutes: 45, population: 2),
        Entry(name: "Utredning enligt BBIC", type: .foreskrift, issuer: "Socialstyrelsen", legal: "SOSFS 2014:5",
              purpose: "Barnets behov utreds på ett enhetligt sätt.", units: ["barn"], roles: [.medarbetare], frequency: .perArende, cases: 25, minutes: 240, population: 15),
        Entry(name: "Individbaserad statistik till Socialstyrelsen", type: .forordning, issuer: "Socialstyrelsen", legal: nil,
              purpose: "Nationell statistik om socialtjänstens insatser.", units: ["ifo"], roles: [.medarbetare], frequency: .manad, cases: nil, minutes: 30, population: 15),
        Entry(name: "Försörjningsstöd i både ärendesystem och journal", type: .riktlinje, issuer: "@sof", legal: nil,
              purpose: "Beslut och utbetalning ska stämma med journalen.", units: ["bistand"], roles: [.medarbetare], frequency: .perArende, cases: 200, minutes: 8, population: 12),
        Entry(name: "Deltagarrapport till Arbetsförmedlingen", type: .avtal, issuer: "Arbetsförmedlingen", legal: nil,
              purpose: "Arbetsförmedlingen följer deltagarnas aktiviteter.", units: ["jobbcentrum"], roles: [.medarbetare], frequency: .manad, cases: nil, minutes: 20, population: 30),
        Entry(name: "Daglig besöksräkning på biblioteket", type: .riktlinje, issuer: "Kultur- och fritidsnämnden", legal: nil,
              purpose: "Besöksstatistik i årsredovisningen.", units: ["bibliotek"], roles: [.medarbetare], frequency: .dag, cases: nil, minutes: 5, population: 6),
        Entry(name: "Tidrapport per bygglovsärende", type: .riktlinje, issuer: "@sbf", legal: nil,
              purpose: "Underlag för taxan.", units: ["bygglov"], roles: [.medarbetare], frequency: .perArende, cases: 120, minutes: 5, population: 8),
        Entry(name: "Registrering av allmänna handlingar", type: .lag, issuer: "Riksdagen (offentlighets- och sekretesslagen)", legal: "SFS 2009:400, 5 kap. 1 §",
              purpose: "Allmänhetens rätt att ta del av handlingar.", units: ["bygglov", "miljo"], roles: [], frequency: .perArende, cases: 600, minutes: 3, population: 10),
        Entry(name: "Tillsynsrapport efter inspektion", type: .lag, issuer: "Riksdagen (miljöbalken)", legal: "SFS 1998:808, 26 kap.",
              purpose: "Verksamhetsutövaren får veta vad som brister.", units: ["miljo"], roles: [.medarbetare], frequency: .perArende, cases: 80, minutes: 60, population: 6),
        Entry(name: "Fakturaattest i två steg", type: .riktlinje, issuer: "@ekonomi", legal: nil,
              purpose: "Intern kontroll av utbetalningar.", units: forvaltningar, roles: [.chef], frequency: .vecka, cases: nil, minutes: 30, population: 45),
        Entry(name: "Dokumentation av lönesamtal", type: .avtal, issuer: "Centrala kollektivavtal", legal: nil,
              purpose: "Underlag för lönesättningen.", units: forvaltningar, roles: [.chef], frequency: .ar, cases: nil, minutes: 45, population: 1200),
        Entry(name: "Årlig uppföljning av arbetsmiljöarbetet", type: .foreskrift, issuer: "Arbetsmiljöverket", legal: "AFS 2001:1, 11 §",
              purpose: "Att det systematiska arbetsmiljöarbetet fungerar.", units: forvaltningar, roles: [.chef], frequency: .ar, cases: nil, minutes: 240, population: 45),
        Entry(name: "Riskbedömning vid förändring i verksamheten", type: .foreskrift, issuer: "Arbetsmiljöverket", legal: "AFS 2001:1, 8 §",
              purpose: "Förändringar ska inte ge ohälsa.", units: forvaltningar, roles: [.chef], frequency: .perArende, cases: 3, minutes: 120, population: 45),
        Entry(name: "Veckovis flextidsrapport", type: .riktlinje, issuer: "@hr", legal: nil,
              purpose: "Lönesystemet räknar flex och övertid.", units: forvaltningar, roles: [], frequency: .vecka, cases: nil, minutes: 10, population: 1200),
        Entry(name: "Incidentrapport om informationssäkerhet", type: .riktlinje, issuer: "@it", legal: nil,
              purpose: "Incidenter analyseras och rapporteras vidare vid behov.", units: forvaltningar, roles: [], frequency: .perArende, cases: 1, minutes: 30, population: 50),
        Entry(name: "Internkontrollplan med uppföljning", type: .politisktBeslut, issuer: "Kommunstyrelsen", legal: nil,
              purpose: "Styrelsen följer upp att rutinerna fungerar.", units: forvaltningar, roles: [.chef], frequency: .ar, cases: nil, minutes: 480, population: 8),
        Entry(name: "Förteckning över behandlingar av personuppgifter", type: .forordning, issuer: "EU (dataskyddsförordningen)", legal: "Förordning (EU) 2016/679, art. 30",
              purpose: "Den registrerade och tillsynsmyndigheten kan se vilka uppgifter som behandlas.", units: forvaltningar, roles: [.chef],
              frequency: .ar, cases: nil, minutes: 120, population: 40),
    ]

    /// Staff who answer in the demo, beyond the demo's named accounts, by unit key.
    static let staff: [(unit: String, count: Int)] = [("norr-a", 4), ("norr-b", 3), ("soder", 3), ("bjorkgarden", 4), ("solglantan", 2),
                                                       ("tillitsbyskolan", 4), ("ostra", 2), ("barn", 5)]

    /// Assessments: requirement index → (minutes, usefulness, comment) per answer, given by the
    /// staff of its units in turn.
    static let answers: [Int: [(Int, Int, String?)]] = [
        0: [(8, 4, "Behövs när någon annan tar över"), (10, 3, nil), (6, 4, nil), (12, 3, "Mallen har för många fält"), (7, 5, nil), (9, 4, nil), (8, 3, nil)],
        1: [(4, 1, "Samma sak som i journalen"), (3, 1, nil), (5, 1, "Ingen har förklarat vem som läser det"), (3, 2, nil), (4, 1, nil), (3, 1, nil)],
        2: [(30, 4, nil), (20, 4, "Bra när det leder till ändrade rutiner"), (35, 3, nil), (25, 4, nil), (30, 3, nil)],
        10: [(8, 2, "Papperslistan behövs inte när systemet fungerar"), (6, 2, nil), (5, 1, nil), (7, 2, nil), (6, 1, "Dubbelarbete varje pass"), (5, 2, nil)],
        12: [(15, 2, nil), (12, 2, "Boken och journalen säger samma sak"), (10, 3, nil), (15, 2, nil), (12, 1, nil)],
        13: [(5, 2, nil), (4, 1, nil), (6, 2, "Appen kunde logga resorna själv"), (5, 2, nil), (4, 2, nil)],
        14: [(3, 3, nil), (2, 4, nil), (3, 3, nil), (4, 3, nil), (3, 4, nil)],
        7: [(20, 4, "Vi har färre fall sedan vi började"), (15, 5, nil), (15, 4, nil), (20, 4, nil), (18, 3, nil), (15, 5, nil)],
        19: [(25, 3, nil), (30, 2, "Mycket text som ingen läser"), (20, 4, nil), (25, 3, nil), (30, 3, nil)],
        21: [(8, 1, "Samma frånvaro två gånger"), (6, 1, nil), (5, 1, nil), (7, 2, nil), (6, 1, nil), (5, 1, "Kan inte systemen prata med varandra?")],
        22: [(150, 2, nil), (180, 2, "Rektor tittar sällan på dem"), (120, 3, nil), (150, 2, nil), (160, 1, nil)],
        25: [(300, 4, "Tar tid men ger en bra bild av barnet"), (280, 4, nil), (240, 5, nil), (320, 3, nil), (260, 4, nil)],
        26: [(45, 2, nil), (40, 2, nil), (50, 1, nil)],
        5: [(150, 2, "Kommentarerna läses inte"), (120, 2, nil), (180, 1, nil), (120, 3, nil), (90, 2, nil)],
        4: [(45, 2, nil), (60, 2, nil), (40, 3, nil), (45, 2, nil), (50, 1, "Samma siffror finns i lönesystemet")],
    ]

    static func load(_ world: DemoWorld) async throws {
        let platform = world.platform
        let organisation = world.organisation
        let admin = world.people["admin@tillitsby.se"]!
        func service(daysAgo days: Double) -> Requirements {
            Requirements(platform: Platform(database: platform.database, clock: .fixed(platform.clock.now().addingTimeInterval(-days * 86_400)),
                                            passwords: platform.passwords, settings: platform.settings, logger: platform.logger))
        }
        // More staff, so that several requirements have enough answers to show.
        var staffByUnit: [String: [Actor]] = [:]
        let first = ["Amir", "Britt", "Carlos", "Dana", "Elin", "Fatima", "Gustav", "Hanna", "Ida", "Jonas", "Karin", "Leo", "Mona", "Nils", "Olga",
                     "Per", "Rana", "Sofia", "Tove", "Yusuf", "Wilma", "Axel", "Saga", "Omar", "Vera", "Emil", "Lina"]
        var n = 0
        for (unit, count) in staff {
            for i in 1...count {
                let email = "personal.\(unit).\(i)@tillitsby.se"
                let grants = [RoleGrant(role: .medarbetare, organisationID: organisation.id, unitID: world.units[unit]!)]
                let (user, _) = try await platform.createPerson(actor: world.actor, .init(email: email, name: "\(first[n % first.count]) \(unit.capitalized)",
                                                                                          password: DemoLoader.password, grants: grants))
                staffByUnit[unit, default: []].append(Actor(userID: user.id, label: email, grants: grants, via: "demo"))
                n += 1
            }
        }
        for (email, actor) in world.people {
            for grant in actor.grants where grant.organisationID == organisation.id && (grant.role == .medarbetare || grant.role == .chef) {
                if let key = world.units.first(where: { $0.value == grant.unitID })?.key, !email.hasPrefix("admin") {
                    staffByUnit[key, default: []].append(actor)
                }
            }
        }
        let tree = try await platform.unitTree(organisationID: organisation.id)
        var ids: [Int64] = []
        for entry in entries {
            let issuerUnit = entry.issuer.hasPrefix("@") ? world.units[String(entry.issuer.dropFirst())] : nil
            let input = RequirementInput(
                name: entry.name, description: entry.description, type: entry.type.rawValue, issuer: issuerUnit == nil ? entry.issuer : nil,
                issuerUnitID: issuerUnit.map(String.init), legalReference: entry.legal, purpose: entry.purpose,
                unitIDs: entry.units.map { String(world.units[$0]!) }, roles: entry.roles.map(\.rawValue), frequency: entry.frequency.rawValue,
                casesPerYear: entry.cases.map(String.init), minutes: String(entry.minutes), population: String(entry.population))
            ids.append(try await service(daysAgo: 120).create(actor: admin, organisationID: organisation.id, input).id)
        }
        // Answers from the people each requirement applies to.
        let requirements = Requirements(platform: platform)
        for (index, given) in answers.sorted(by: { $0.key < $1.key }) {
            let detail = try await requirements.detail(actor: admin, id: ids[index])
            let people = staffByUnit.values.flatMap { $0 }.filter { Requirements.appliesTo($0, detail.figures.requirement, tree: tree) }
                .sorted { $0.label < $1.label }
            for (answer, person) in zip(given, people) {
                try await requirements.assess(actor: person, id: ids[index], minutes: String(answer.0), usefulness: String(answer.1), comment: answer.2)
            }
        }
        // Decisions over the past months.
        _ = try await service(daysAgo: 75).decide(actor: admin, id: ids[1], decision: "ta_bort",
                                                  reason: "Tiden hämtas nu direkt från journalsystemet. Ingen dubbelregistrering behövs.")
        _ = try await service(daysAgo: 50).decide(actor: admin, id: ids[5], decision: "forenkla",
                                                  reason: "Kommentarer skrivs bara vid avvikelse, och uppföljningen görs per kvartal.", newMinutes: "60", newFrequency: "kvartal")
        _ = try await service(daysAgo: 30).decide(actor: admin, id: ids[12], decision: "forenkla",
                                                  reason: "Bara det som avviker skrivs i kommunikationsboken; resten står i journalen.", newMinutes: "4")
        _ = try await service(daysAgo: 20).decide(actor: admin, id: ids[0], decision: "forenkla",
                                                  reason: "Lagkravet står kvar, men nya mallar med förifyllda fält gör anteckningen kortare.", newMinutes: "4")
        _ = try await service(daysAgo: 12).decide(actor: admin, id: ids[21], decision: "utred",
                                                  reason: "IT-avdelningen utreder om lärplattformen kan skicka frånvaron till elevregistret.")
        _ = try await service(daysAgo: 5).decide(actor: admin, id: ids[35], decision: "behall",
                                                 reason: "Uppföljningen används i skyddsronderna och efterfrågas av skyddsombuden.")
        // Signals about unnecessary requirements: one linked to the vehicle log and answered by the
        // decision to simplify it, one waiting for the manager to link it or make a requirement of it.
        let chef = world.people["chef.norr@tillitsby.se"]!
        func signals(daysAgo days: Double) -> Signals {
            Signals(platform: Platform(database: platform.database, clock: .fixed(platform.clock.now().addingTimeInterval(-days * 86_400)),
                                       passwords: platform.passwords, settings: platform.settings, logger: platform.logger))
        }
        let vehicleLog = try await signals(daysAgo: 9).raise(actor: world.people["underskoterska@tillitsby.se"]!, .init(
            kind: "onodigt_krav", text: "Vi skriver körjournal för hand efter varje resa, fast bilarna redan loggar resorna med GPS.",
            unitID: String(world.units["norr-a"]!), suggestion: "Låt GPS-loggen räcka som körjournal.")).signal.id
        try await service(daysAgo: 8).link(actor: chef, requirementID: ids[13], signalID: vehicleLog)
        _ = try await service(daysAgo: 4).decide(actor: admin, id: ids[13], decision: "forenkla",
                                                 reason: "GPS-loggen räcker som körjournal; bara privata resor skrivs för hand.", newMinutes: "1",
                                                 afterwards: SignalRequirementLink.followUp(platform: platform, actor: admin))
        _ = try await signals(daysAgo: 1).raise(actor: world.people["medarbetare@tillitsby.se"]!, .init(
            kind: "onodigt_krav", text: "Nyckelkvittensen skrivs på papper varje pass, fast nyckelskåpet redan registrerar vem som tar ut nycklarna.",
            unitID: String(world.units["norr-a"]!)))
        // A proposal from staff, waiting for review.
        _ = try await service(daysAgo: 3).create(actor: world.people["medarbetare@tillitsby.se"]!, organisationID: organisation.id, RequirementInput(
            name: "Dubbel inloggning i planeringsappen", description: "Appen loggar ut efter fem minuter, och vi loggar in med kort och kod igen före varje besök.",
            type: RequirementType.riktlinje.rawValue, issuerUnitID: String(world.units["it"]!), purpose: "Informationssäkerhet.",
            unitIDs: [String(world.units["norr-a"]!)], roles: [RequirementRole.medarbetare.rawValue], frequency: Frequency.perArende.rawValue,
            casesPerYear: "900", minutes: "1", population: "12"))
    }
}
