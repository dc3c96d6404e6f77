import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TillitFollowUp
import TillitLearn
import TillitPlatform
import TillitListen
import TillitPrune
import TillitStorage
import TillitTestSupport
@testable import TillitWeb

/// Mail kept in memory, for tests that follow a link from a message.
final class RecordingMailer: Mailer {
    private let box = LockedBox<[MailMessage]>([])
    var messages: [MailMessage] { box.value }
    func send(_ message: MailMessage) async throws { box.mutate { $0.append(message) } }

    /// The messages once there are at least `count` (mail sent after a response arrives a moment later).
    func waitFor(_ count: Int) async throws -> [MailMessage] {
        for _ in 0..<200 where messages.count < count { try await Task.sleep(for: .milliseconds(10)) }
        return messages
    }
}

/// A relay that refuses everything, counting what it was given.
final class RefusingMailer: Mailer {
    private let box = LockedBox<Int>(0)
    var attempts: Int { box.value }
    func send(_ message: MailMessage) async throws {
        box.mutate { $0 += 1 }
        throw Refused()
    }
    struct Refused: Error {}
}

final class LockedBox<T: Sendable>: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func mutate(_ body: (inout T) -> Void) { lock.withLock { body(&stored) } }
}

/// Someone making requests: nobody, a browser session, or an API token.
struct Caller: Sendable {
    let name: String
    let sessionToken: String?
    let csrfToken: String
    let apiToken: String?
    let userID: Int64?

    static let anonymous = Caller(name: "anonymous", sessionToken: nil, csrfToken: "anonymous-csrf-token-0123456789abcdef", apiToken: nil, userID: nil)

    /// Headers for a browser request (cookies; a form token for the anonymous double submit).
    var browserHeaders: HTTPFields {
        var headers = HTTPFields()
        var cookies = ["tillit_csrf=\(Caller.anonymous.csrfToken)"]
        if let sessionToken { cookies.append("tillit_session=\(sessionToken)") }
        headers[.cookie] = cookies.joined(separator: "; ")
        return headers
    }

    var apiHeaders: HTTPFields {
        var headers = HTTPFields()
        if let apiToken { headers[.authorization] = "Bearer \(apiToken)" }
        headers[.contentType] = "application/json"
        return headers
    }
}

/// A web app on a fresh SQLite database with one person in every role.
struct Harness: Sendable {
    let platform: Platform
    let organisation: Organisation
    let other: Organisation
    let units: [String: Int64]
    let otherUnit: Int64
    let callers: [String: Caller]
    let targetUserID: Int64
    /// An API token of the administrator's, by id, for the revocation route.
    let adminTokenID: Int64
    /// Signals about Team A, raised by the staff member, one for each route that changes one.
    let signals: [String: Int64]
    let mailer: RecordingMailer
    /// Hemtjänst Norr's code for the participant's voice.
    let participantCode: String
    /// Knowledge-bank examples by state: "published", "draft" (the staff member's), "toPublish",
    /// "toReturn" (submitted by the manager), "toWithdraw" (published).
    let examples: [String: Int64]
    /// Learn's objects: "pilot" (the researcher's, with the board member as a named contact),
    /// "entry" (its log entry), "report" (published), "reportDraft" and "reportToPublish" (the
    /// researcher's drafts, the second with its PDF), "attachment" (on the published example),
    /// "draftAttachment" (on the staff member's draft), "problem" (a reader's report).
    let learn: [String: Int64]
    /// People for the removal routes, by route ("form", "api"): staff of Team A.
    let removable: [String: Int64]
    /// The published report's number, as in its permanent address.
    let reportReference: String
    /// Follow up: "questionnaire" (the shipped barometer), rounds over Vård och omsorg "open",
    /// "toClose" and "closePage" (open) and "closed" (closed today, so still in its embargo).
    let followUp: [String: Int64]
    /// Requirements in the inventory: "view" (active, for Team A), "proposal" (proposed by the staff member).
    var prune: [String: Int64] = [:]

    /// A new staff member of the unit named `unit` (a key of `units`), with the address `email`.
    func staffMember(_ email: String, unit: String) async throws -> Actor {
        let grant = RoleGrant(role: .medarbetare, organisationID: organisation.id, unitID: units[unit])
        let (user, _) = try await platform.createPerson(actor: .commandLine("test"), .init(email: email, name: email, password: Self.password, grants: [grant]))
        return Actor(userID: user.id, label: "staff", grants: [grant], via: "test")
    }

    static let password = "a sentence long enough"

    static let roles: [String] = ["anonymous", "medarbetare", "chef", "styrelse", "forskare", "redaktor", "administrator", "systemadministrator", "otherAdmin"]

    /// `environment` is read as `TILLIT_*` settings; `appMailer` replaces the recording mailer for the app.
    static func with(environment: [String: String] = [:], appMailer: (any Mailer)? = nil,
                     _ body: @Sendable (Harness, any ApplicationProtocol) async throws -> Void) async throws {
        try await TestDatabases.with(.sqlite, migrations: Tillit.migrations) { database in
            var config = try AppConfig.load(.init(dataDirectory: FileManager.default.temporaryDirectory.path), environment: environment)
            config.passwordCost = 4
            let mailer = RecordingMailer()
            let clock = AppClock.fixed(TestDatabases.epoch)
            let platform = try Tillit.platform(database, config: config, clock: clock, logger: TestDatabases.logger)
            let harness = try await seed(platform, mailer: mailer)
            let app = try await Tillit.buildApplication(config, database: database, clock: clock, mailer: appMailer ?? mailer, logger: TestDatabases.logger)
            try await body(harness, app)
        }
    }

    static func seed(_ platform: Platform, mailer: RecordingMailer) async throws -> Harness {
        let root = Actor.commandLine("test")
        let org = try await platform.createOrganisation(actor: root, slug: "tillitsby", name: "Tillitsby kommun", kind: "kommun")
        let other = try await platform.createOrganisation(actor: root, slug: "annanstad", name: "Annanstads kommun", kind: "kommun")
        var units: [String: Int64] = [:]
        for (key, name, kind, parent) in [("vof", "Vård och omsorg", "forvaltning", nil), ("norr", "Hemtjänst Norr", "enhet", "vof"),
                                          ("teamA", "Team A", "arbetsgrupp", "norr"), ("it", "IT", "avdelning", nil),
                                          ("sandbox", "Sandlådan", "enhet", nil)] as [(String, String, String, String?)] {
            units[key] = try await platform.createUnit(actor: root, organisationID: org.id,
                                                       input: .init(name: name, kind: kind, parentID: parent.flatMap { units[$0] }.map(String.init) ?? "")).id
        }
        let otherUnit = try await platform.createUnit(actor: root, organisationID: other.id, input: .init(name: "Stadshuset", kind: "enhet", parentID: "")).id
        let grants: [String: RoleGrant] = [
            "medarbetare": RoleGrant(role: .medarbetare, organisationID: org.id, unitID: units["teamA"]),
            "chef": RoleGrant(role: .chef, organisationID: org.id, unitID: units["vof"]),
            "styrelse": RoleGrant(role: .styrelse, organisationID: org.id, unitID: nil),
            "forskare": RoleGrant(role: .forskare, organisationID: org.id, unitID: nil),
            "redaktor": RoleGrant(role: .redaktor, organisationID: org.id, unitID: nil),
            "administrator": RoleGrant(role: .administrator, organisationID: org.id, unitID: nil),
            "systemadministrator": RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil),
            "otherAdmin": RoleGrant(role: .administrator, organisationID: other.id, unitID: nil),
        ]
        var callers: [String: Caller] = ["anonymous": .anonymous]
        for (name, grant) in grants {
            let (user, _) = try await platform.createPerson(actor: root, .init(email: "\(name.lowercased())@test.se", name: name, password: password, grants: [grant]))
            let (token, session) = try await platform.signIn(email: user.email, password: password)
            let apiToken = try await platform.createToken(actor: root, userID: user.id, name: "test")
            callers[name] = Caller(name: name, sessionToken: token, csrfToken: session.csrfToken, apiToken: apiToken, userID: user.id)
        }
        let (target, _) = try await platform.createPerson(actor: root, .init(email: "target@test.se", name: "Target", password: password,
                                                                           grants: [RoleGrant(role: .medarbetare, organisationID: org.id, unitID: units["norr"])]))
        // A second token of the administrator's, for the revocation route (the first one is used for API calls).
        _ = try await platform.createToken(actor: root, userID: callers["administrator"]!.userID!, name: "to revoke")
        let adminTokenID = try await platform.tokens(userID: callers["administrator"]!.userID!).first { $0.name == "to revoke" }!.id
        let service = Signals(platform: platform)
        let staff = Actor(userID: callers["medarbetare"]!.userID, label: "staff", grants: [grants["medarbetare"]!], via: "test")
        let chef = Actor(userID: callers["chef"]!.userID, label: "chef", grants: [grants["chef"]!], via: "test")
        var signals: [String: Int64] = [:]
        for key in ["view", "forward", "decide", "implement", "apiForward", "apiDecide"] {
            signals[key] = try await service.raise(actor: staff, .init(kind: "hinder", text: "Signal \(key)", unitID: String(units["teamA"]!))).signal.id
        }
        // About an unnecessary requirement, at a unit without a manager: the administrators answer it.
        signals["requirement"] = try await service.raise(actor: staff, .init(kind: "onodigt_krav", text: "Signal requirement", unitID: String(units["sandbox"]!))).signal.id
        _ = try await service.decide(actor: chef, id: signals["implement"]!, decision: "atgardas", text: "Vi gör det")
        let code = try await service.publishParticipantCode(actor: chef, unitID: units["norr"]!).code
        let knowledge = Knowledge(platform: platform)
        let editor = Actor(userID: callers["redaktor"]!.userID, label: "editor", grants: [grants["redaktor"]!], via: "test")
        func example(_ title: String) -> ExampleInput {
            ExampleInput(organisationID: String(org.id), title: title, summary: "Sammanfattning", body: "Text om hemtjänst.", sectors: ["hemtjanst"], principles: ["tillit"])
        }
        let examples: [String: Int64] = [
            "published": try await knowledge.create(actor: editor, example("Publicerat"), publish: true).id,
            "toWithdraw": try await knowledge.create(actor: editor, example("Att dra tillbaka"), publish: true).id,
            "draft": try await knowledge.create(actor: staff, example("Utkast")).id,
            "toPublish": try await knowledge.create(actor: chef, example("Att publicera"), submit: true).id,
            "toReturn": try await knowledge.create(actor: chef, example("Att returnera"), submit: true).id,
        ]
        let researcher = Actor(userID: callers["forskare"]!.userID, label: "forskare@test.se", grants: [grants["forskare"]!], via: "test")
        let pilots = Pilots(platform: platform)
        let pilot = try await pilots.create(actor: researcher, PilotInput(
            name: "Försöket", status: "running", aim: "Pröva.", description: "Text.", yearStart: "2025", yearEnd: nil, sectors: ["hemtjanst"],
            hosts: [(String(org.id), "Hemtjänst Norr")], researchers: [PilotPerson(name: "Forskaren", affiliation: "Universitetet", email: "forskare@test.se")],
            contacts: [PilotPerson(name: "Styrelsen", affiliation: "Kontakt", email: "styrelse@test.se")], exampleIDs: [examples["published"]!]))
        let entry = try await pilots.addLogEntry(actor: researcher, pilotID: pilot.id, date: "2025-03-01", kind: "memo", title: "Intern", text: "Bara för försöket.", isPublic: false)
        let reports = Reports(platform: platform)
        func report(_ title: String) -> ReportInput {
            ReportInput(kind: "report", title: title, abstract: "Sammanfattning.", keywords: ["tillit"], authors: [ReportAuthor(name: "Forskaren", affiliation: "Universitetet")],
                        pilotIDs: [pilot.id], chapters: nil)
        }
        let pdf = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
        let published = try await reports.create(actor: researcher, report("Publicerad rapport"))
        _ = try await reports.attachPDF(actor: researcher, id: published.id, fileName: "r.pdf", data: pdf)
        let reportReference = try await reports.publish(actor: researcher, id: published.id, on: "2026-01-10").reference
        let toPublish = try await reports.create(actor: researcher, report("Att publicera"))
        _ = try await reports.attachPDF(actor: researcher, id: toPublish.id, fileName: "r.pdf", data: pdf)
        let learn: [String: Int64] = [
            "pilot": pilot.id, "entry": entry, "report": published.id, "reportToPublish": toPublish.id,
            "reportDraft": try await reports.create(actor: researcher, report("Utkast")).id,
            "attachment": try await knowledge.addAttachment(actor: editor, exampleID: examples["published"]!, fileName: "bilaga.pdf", data: pdf).id,
            "draftAttachment": try await knowledge.addAttachment(actor: staff, exampleID: examples["draft"]!, fileName: "utkast.pdf", data: pdf).id,
            "problem": try await knowledge.reportProblem(exampleID: examples["published"]!, reason: "fel", text: "Fel år.").id,
        ]
        var removable: [String: Int64] = [:]
        for key in ["form", "api"] {
            removable[key] = try await platform.createPerson(actor: root, .init(email: "remove-\(key)@test.se", name: "Remove \(key)", password: password,
                                                                                 grants: [grants["medarbetare"]!])).user.id
        }
        let surveys = FollowUp(platform: platform)
        let administrator = Actor(userID: callers["administrator"]!.userID, label: "administrator", grants: [grants["administrator"]!], via: "test")
        let barometer = try await surveys.questionnaires(actor: administrator).first { $0.questionnaire.key == "tillitsbarometern" }!.id
        func round() async throws -> Int64 {
            try await surveys.createRound(actor: administrator, .init(questionnaireID: String(barometer), unitID: String(units["vof"]!),
                                                                      opensOn: "2026-03-01", closesOn: "2026-03-20")).id
        }
        let followUp = ["questionnaire": barometer, "open": try await round(), "toClose": try await round(), "closePage": try await round(),
                        "closed": try await round()]
        _ = try await surveys.close(actor: administrator, roundID: followUp["closed"]!)
        let requirements = Requirements(platform: platform)
        func requirement(_ name: String) -> RequirementInput {
            RequirementInput(name: name, type: "riktlinje", issuer: "HR", purpose: "Uppföljning", unitIDs: [String(units["teamA"]!)], frequency: "manad",
                             minutes: "10", population: "5")
        }
        let admin = Actor(userID: callers["administrator"]!.userID, label: "admin", grants: [grants["administrator"]!], via: "test")
        let prune: [String: Int64] = [
            "view": try await requirements.create(actor: admin, organisationID: org.id, requirement("Månadsrapport")).id,
            "proposal": try await requirements.create(actor: staff, organisationID: org.id, requirement("Förslaget")).id,
        ]
        return Harness(platform: platform, organisation: org, other: other, units: units, otherUnit: otherUnit, callers: callers,
                       targetUserID: target.id, adminTokenID: adminTokenID, signals: signals, mailer: mailer, participantCode: code,
                       examples: examples, learn: learn, removable: removable, reportReference: reportReference, followUp: followUp, prune: prune)
    }
}

extension TestClientProtocol {
    /// A browser GET.
    func get(_ path: String, as caller: Caller) async throws -> TestResponse {
        try await execute(uri: path, method: .get, headers: caller.browserHeaders, body: nil)
    }

    /// A browser form POST with the caller's CSRF token (unless `csrf` overrides it).
    func post(_ path: String, as caller: Caller, form: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var headers = caller.browserHeaders
        headers[.contentType] = "application/x-www-form-urlencoded"
        let fields = [("_csrf", csrf ?? caller.csrfToken)] + form
        let body = fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Follows a 303 as a browser would, sending along the cookie the response set (a receipt
    /// handed over to the next page).
    func follow(_ response: TestResponse, as caller: Caller) async throws -> TestResponse {
        var headers = caller.browserHeaders
        if let set = response.headers[.setCookie], let pair = set.split(separator: ";").first {
            headers[.cookie] = (headers[.cookie].map { $0 + "; " } ?? "") + pair
        }
        return try await execute(uri: response.headers[.location] ?? "/", method: .get, headers: headers, body: nil)
    }

    /// An API call with the caller's token.
    func api(_ method: HTTPRequest.Method, _ path: String, as caller: Caller, json: String? = nil) async throws -> TestResponse {
        try await execute(uri: path, method: method, headers: caller.apiHeaders, body: json.map { ByteBuffer(string: $0) })
    }

    private func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] }
}
