import Foundation
import Logging
import TillitFormats
import TillitLearn
import TillitPlatform

/// The demo's pilots with their research logs, and the report series with an anthology, read from
/// `Assets/demo/learn.json`. Each report gets a real PDF of its title page and abstract.
struct LearnDemo {
    let platform: Platform
    let actor: Actor
    /// Demo accounts that take part in a pilot, by the pilot's key.
    let members: [String: (researchers: [PilotPerson], contacts: [String: String])]

    struct Person: Decodable { let name: String; let university: String?; let affiliation: String?; let role: String?; let email: String? }
    struct Host: Decodable { let organisation: String; let unit: String }
    struct Entry: Decodable { let date: String; let kind: String; let title: String; let text: String; let `public`: Bool }
    struct PilotRecord: Decodable {
        let key: String, name: String, hosts: [Host], sectors: [String], year_start: Int?, year_end: Int?, status: String, aim: String
        let description: String, researchers: [Person], contacts: [Person], examples: [String], log: [Entry]
    }
    struct ReportRecord: Decodable {
        let key: String, title: String, authors: [Person], abstract: String, keywords: [String], published: String, pilots: [String]
    }
    struct ChapterRecord: Decodable { let title: String; let authors: [Person]; let abstract: String }
    struct AnthologyRecord: Decodable { let title: String; let editors: [Person]; let published: String; let summary: String; let chapters: [ChapterRecord] }
    struct Catalogue: Decodable { let pilots: [PilotRecord]; let reports: [ReportRecord]; let anthologies: [AnthologyRecord] }

    /// Learn's whole demo: the examples of many organisations (imported as any source system would),
    /// one contribution waiting for the editor, the pilots and the report series.
    static func loadAll(_ world: DemoWorld) async throws {
        let knowledge = Knowledge(platform: world.platform)
        let examples = try await knowledge.importExamples(actor: world.actor, jsonl: try Assets.data("demo/examples.jsonl"))
        // A solved signal, shared by the one who raised it.
        _ = try await knowledge.create(actor: world.people["underskoterska@tillitsby.se"]!, ExampleInput(
            organisationID: String(world.organisation.id), unitName: "Team Norr A", title: "Sms till brukarna om vem som kommer på morgonen",
            summary: "Brukarna i hemtjänsten får ett sms varje morgon med namnet på den som kommer. Samtalen till kontoret har minskat.",
            body: "## Utgångsläget\n\nBrukarna ville veta vem som kommer.\n\n## Beslutet\n\nVi provade i Team Norr A under två månader.\n\n## Så blev det\n\nSms skickas nu varje morgon.",
            sectors: ["hemtjanst"], principles: ["medborgarfokus", "oppenhet"], yearStart: "2026",
            results: "Färre samtal till kontoret, och brukarna känner sig tryggare."), submit: true)
        let learn = try await LearnDemo(platform: world.platform, actor: world.actor, members: [
            // The demo's researcher follows the home-care pilot, and its unit manager is a named contact.
            "pilot-1": (researchers: [PilotPerson(name: "Fredrik Forskare", affiliation: "Linnéuniversitetet", email: "forskare@tillitsby.se")],
                        contacts: ["Nora Holmgren": "chef.norr@tillitsby.se"]),
        ]).load()
        world.logger.info("demo pilots and reports loaded", metadata: ["pilots": "\(learn.pilots)", "reports": "\(learn.reports)"])
        world.logger.info("demo examples loaded", metadata: ["examples": "\(examples.created)", "new_organisations": "\(examples.newOrganisations.count)"])
    }

    func load() async throws -> (pilots: Int, reports: Int) {
        let catalogue = try JSONDecoder().decode(Catalogue.self, from: try Assets.data("demo/learn.json"))
        let organisations = Dictionary(uniqueKeysWithValues: try await platform.allOrganisations().map { ($0.name, $0.id) })
        let knowledge = Knowledge(platform: platform)
        var pilotIDs: [String: Int64] = [:]
        let pilots = Pilots(platform: platform)
        for record in catalogue.pilots {
            var exampleIDs: [Int64] = []
            for extID in record.examples { if let e = try await knowledge.example(extID: extID) { exampleIDs.append(e.id) } }
            let extra = members[record.key]
            let researchers = record.researchers.map { PilotPerson(name: $0.name, affiliation: $0.university ?? "", email: $0.email ?? "") } + (extra?.researchers ?? [])
            let contacts = record.contacts.map { PilotPerson(name: $0.name, affiliation: $0.role ?? "", email: $0.email ?? extra?.contacts[$0.name] ?? "") }
            let pilot = try await pilots.create(actor: actor, PilotInput(
                extKey: record.key, name: record.name, status: record.status, aim: record.aim, description: record.description,
                yearStart: record.year_start.map(String.init), yearEnd: record.year_end.map(String.init), sectors: record.sectors,
                hosts: record.hosts.map { (organisations[$0.organisation].map(String.init) ?? "", $0.unit) },
                researchers: researchers, contacts: contacts, exampleIDs: exampleIDs))
            pilotIDs[record.key] = pilot.id
            for entry in record.log {
                _ = try await pilots.addLogEntry(actor: actor, pilotID: pilot.id, date: entry.date, kind: entry.kind, title: entry.title, text: entry.text,
                                                 isPublic: entry.public)
            }
        }
        // Published in date order, so the numbers run as they would have.
        enum Item { case report(ReportRecord), anthology(AnthologyRecord) }
        let items: [(String, Item)] = catalogue.reports.map { ($0.published, .report($0)) } + catalogue.anthologies.map { ($0.published, .anthology($0)) }
        let reports = Reports(platform: platform)
        func authors(_ people: [Person]) -> [ReportAuthor] { people.map { ReportAuthor(name: $0.name, affiliation: $0.affiliation ?? $0.university ?? "") } }
        for (day, item) in items.sorted(by: { $0.0 < $1.0 }) {
            let input: ReportInput
            switch item {
            case .report(let r):
                input = ReportInput(extKey: r.key, kind: "report", title: r.title, abstract: r.abstract, keywords: r.keywords, authors: authors(r.authors),
                                    pilotIDs: r.pilots.compactMap { pilotIDs[$0] }, chapters: nil)
            case .anthology(let a):
                input = ReportInput(extKey: nil, kind: "anthology", title: a.title, abstract: a.summary, keywords: [], authors: authors(a.editors), pilotIDs: [],
                                    chapters: a.chapters.enumerated().map { Chapter(position: $0.offset + 1, title: $0.element.title,
                                                                                      authors: authors($0.element.authors), abstract: $0.element.abstract) })
            }
            let report = try await reports.create(actor: actor, input)
            let byline = (input.authors ?? []).map(\.name).joined(separator: ", ")
            var paragraphs = [Reports.seriesName, "", input.abstract ?? ""]
            for chapter in input.chapters ?? [] { paragraphs += ["", "\(chapter.position). \(chapter.title)", chapter.authors.map(\.name).joined(separator: ", "), chapter.abstract] }
            _ = try await reports.attachPDF(actor: actor, id: report.id, fileName: "rapport.pdf",
                                            data: SimplePDF.document(title: input.title ?? "", author: byline, paragraphs: paragraphs))
            _ = try await reports.publish(actor: actor, id: report.id, on: day)
        }
        // An attachment on the first pilot's first example, and a reader's report for the editors.
        if let first = catalogue.pilots.first?.examples.first, let example = try await knowledge.example(extID: first) {
            let pdf = SimplePDF.document(title: "Teamets egen uppföljning – mall", author: example.organisationName, paragraphs: [
                "Mallen används av teamen varje månad. Den ersätter tidsregistreringen per insats.",
                "", "1. Vilka brukare har vi träffat oftast, och vilka har vi sett för sällan?",
                "2. Vad har brukarna själva sagt om kontinuiteten?",
                "3. Vad har hindrat oss, och vem behöver veta det?",
            ])
            _ = try await knowledge.addAttachment(actor: actor, exampleID: example.id, fileName: "Uppföljningsmall.pdf", data: pdf)
            _ = try await knowledge.reportProblem(exampleID: example.id, reason: "fel",
                                                  text: "Kontaktpersonen har slutat. Den nya enhetschefen heter något annat.")
        }
        return (catalogue.pilots.count, items.count)
    }
}
