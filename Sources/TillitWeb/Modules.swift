import Foundation
import Logging
import TillitFollowUp
import TillitLearn
import TillitListen
import TillitPlatform
import TillitPrune
import TillitSignOn
import TillitStorage

/// A part of Tillit as the app assembles it: the platform or a loop, with everything it brings.
/// Adding a loop is one entry in ``Tillit/modules`` and one definition like those below.
struct Module: Sendable {
    let name: String
    /// Its tables, appended in order after the modules before it.
    let migrations: [Migration]
    /// Its organisation settings.
    let settings: @Sendable (AppConfig) -> [SettingDefinition]
    /// Registers its pages and API routes.
    let routes: @Sendable (Site, RouteRegistry) -> Void
    /// Adds its demo content once the demo's organisations, units and people exist.
    let demo: @Sendable (DemoWorld) async throws -> Void
    /// Where the targets of its notices are, by the target's kind.
    var noticeLinks: [String: @Sendable (Int64?) -> String] = [:]
    /// How its audit-log entries read: actions, objects and details in words.
    var audit = AuditVocabulary()
    /// What a signed-in person should see first on the start page (what waits for them), if anything.
    var startPanel: (@Sendable (Site, Actor, PageContext) async throws -> HTML?)? = nil
    /// What it holds about a person: for the data download, removal and retention.
    var personalData: PersonalDataPart? = nil
}

/// What the demo has made before the modules add theirs.
struct DemoWorld: Sendable {
    let platform: Platform
    /// The operator loading the demo.
    let actor: Actor
    /// The demo municipality.
    let organisation: Organisation
    /// Demo units by key, in every demo organisation.
    let units: [String: Int64]
    /// Demo accounts by email.
    let people: [String: Actor]
    let logger: Logger
}

extension Tillit {
    /// Everything Tillit is made of, in order: the platform first, then each loop.
    static let modules: [Module] = [.platform, .listen, .learn, .prune, .followUp, .signOn]

    /// What every module brings under a key, the first module's where two bring the same.
    private static func merged<Value>(_ part: (Module) -> [String: Value]) -> [String: Value] {
        modules.reduce(into: [:]) { all, module in all.merge(part(module)) { first, _ in first } }
    }

    static let audit = AuditVocabulary.merged(modules.map(\.audit))
    static let personalDataParts: [PersonalDataPart] = modules.compactMap(\.personalData)
    static let noticeLinks: [String: @Sendable (Int64?) -> String] = merged(\.noticeLinks)

    /// What waits for `actor`, from every module that has something, in module order: the start
    /// page and my page both begin with it.
    static func startPanels(_ site: Site, _ actor: Actor, _ ctx: PageContext) async throws -> [HTML] {
        var panels: [HTML] = []
        for module in modules {
            if let panel = try await module.startPanel?(site, actor, ctx) { panels.append(panel) }
        }
        return panels
    }

    /// The path of what a notice is about; the notices page for a target no module knows.
    static func noticePath(_ target: NoticeTarget) -> String {
        noticeLinks[target.kind]?(target.id) ?? SiteURL.notifications.path
    }
}

extension Module {
    static let platform = Module(
        name: "platform",
        migrations: PlatformSchema.migrations,
        settings: { PlatformSettings.definitions(allowPrivateSMTP: $0.allowPrivateSMTP) + PrivacySettings.definitions },
        routes: { site, registry in
            PublicController(site: site).register(on: registry)
            OrganisationController(site: site).register(on: registry)
            AdminController(site: site).register(on: registry)
            SystemController(site: site).register(on: registry)
            NotificationController(site: site).register(on: registry)
            APIController(site: site).register(on: registry)
            PrivacyController(site: site).register(on: registry)
        },
        demo: { _ in },
        // A notice mail's footer leads to the page where the person chooses their mail.
        noticeLinks: ["me": { _ in SiteURL.me.path }],
        audit: .platform,
        personalData: Platform.personalData)

    /// Listen: signals from staff and participants.
    static let listen = Module(
        name: "listen",
        migrations: SignalSchema.migrations,
        settings: { _ in SignalSchema.settings },
        routes: { site, registry in
            SignalController(site: site).register(on: registry)
            SignalStatsController(site: site).register(on: registry)
            ParticipantController(site: site).register(on: registry)
        },
        demo: { world in
            try await SignalDemo(platform: world.platform, actors: world.people, units: world.units).load()
        },
        noticeLinks: ["signal": { SiteURL.signal(id: $0 ?? 0).path }],
        audit: .listen,
        startPanel: { site, actor, ctx in try await SignalController(site: site).startPanel(actor, ctx) },
        personalData: Signals.personalData)

    /// Learn: the knowledge bank, pilots and the report series.
    static let learn = Module(
        name: "learn",
        migrations: KnowledgeSchema.migrations + LearnSchema.migrations,
        settings: { _ in [] },
        routes: { site, registry in
            KnowledgeController(site: site).register(on: registry)
            KnowledgeAPIController(site: site).register(on: registry)
            ExampleFilesController(site: site).register(on: registry)
            PilotController(site: site).register(on: registry)
            ReportController(site: site).register(on: registry)
            OpenDataController(site: site).register(on: registry)
            LearnAPIController(site: site).register(on: registry)
        },
        demo: { world in
            try await LearnDemo.loadAll(world)
        },
        noticeLinks: ["pilot": { LearnURL.pilot($0 ?? 0) }, "problem-reports": { _ in LearnURL.problems }],
        audit: .learn,
        personalData: LearnPersonalData.part)

    /// Follow up: the trust barometer and the participant survey, with disclosure control.
    static let followUp = Module(
        name: "followup",
        migrations: FollowUpSchema.migrations,
        settings: { _ in FollowUpSchema.settings },
        routes: { site, registry in
            SurveyController(site: site).register(on: registry)
            FollowUpAPIController(site: site).register(on: registry)
        },
        demo: { world in
            try await SurveyDemo(world: world).load()
        },
        audit: .followUp,
        startPanel: { site, actor, ctx in try await SurveyController(site: site).startPanel(actor, ctx) },
        personalData: FollowUpPersonalData.part)
}

extension Module {
    /// Sign-on: signing in with an organisation's own identity provider (OpenID Connect).
    static let signOn = Module(
        name: "signon",
        migrations: SignOnSchema.migrations,
        settings: { SignOnSettings.definitions(allowHTTP: $0.oidcAllowHTTP, allowPrivate: $0.oidcAllowPrivate) },
        routes: { site, registry in
            SignOnController(site: site).register(on: registry)
        },
        demo: { _ in },
        audit: .signOn,
        personalData: SignOnPersonalData.part)

    /// Prune: the requirements inventory.
    static let prune = Module(
        name: "prune",
        migrations: PruneSchema.migrations,
        settings: { _ in PruneSchema.settings },
        routes: { site, registry in
            RequirementController(site: site).register(on: registry)
            RequirementImportController(site: site).register(on: registry)
            SignalRequirementLink(site: site).register(on: registry)
            PruneAPIController(site: site).register(on: registry)
        },
        demo: { world in
            try await PruneDemo.load(world)
        },
        noticeLinks: ["requirement": { PruneURL.requirementByID($0 ?? 0) }],
        audit: .prune,
        personalData: PrunePersonalData.part)
}

