import Foundation
import Logging
import TillitLearn
import TillitPlatform

/// Loads a fictional municipality into an empty database, so a newcomer sees a living system.
///
/// Each module adds its own content here, after the platform's organisations, units and people.
/// The accounts exist only in the demo; their shared password is printed at start-up.
public struct DemoLoader: Sendable {
    let platform: Platform
    let logger: Logger

    /// The password of every demo account.
    public static let password = "demo-tillit-2026"

    public init(platform: Platform, logger: Logger) {
        self.platform = platform
        self.logger = logger
    }

    /// A unit in the demo tree: name, kind, children.
    struct DemoUnit {
        let key: String
        let name: String
        let kind: UnitKind
        var children: [DemoUnit] = []
    }

    static let tillitsby: [DemoUnit] = [
        DemoUnit(key: "klf", name: "Kommunledningsförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "hr", name: "HR-avdelningen", kind: .avdelning),
            DemoUnit(key: "it", name: "IT-avdelningen", kind: .avdelning),
            DemoUnit(key: "ekonomi", name: "Ekonomiavdelningen", kind: .avdelning),
        ]),
        DemoUnit(key: "vof", name: "Vård- och omsorgsförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "hemtjanst", name: "Hemtjänst", kind: .avdelning, children: [
                DemoUnit(key: "norr", name: "Hemtjänst Norr", kind: .enhet, children: [
                    DemoUnit(key: "norr-a", name: "Team Norr A", kind: .arbetsgrupp),
                    DemoUnit(key: "norr-b", name: "Team Norr B", kind: .arbetsgrupp),
                ]),
                DemoUnit(key: "soder", name: "Hemtjänsten Söder", kind: .enhet, children: [
                    DemoUnit(key: "natt", name: "Nattpatrullen", kind: .arbetsgrupp),
                ]),
            ]),
            DemoUnit(key: "sabo", name: "Särskilt boende", kind: .avdelning, children: [
                DemoUnit(key: "bjorkgarden", name: "Björkgårdens vård- och omsorgsboende", kind: .enhet),
                DemoUnit(key: "solglantan", name: "Solgläntans vård- och omsorgsboende", kind: .enhet),
            ]),
            DemoUnit(key: "lss", name: "Funktionsstöd (LSS)", kind: .avdelning, children: [
                DemoUnit(key: "linden", name: "Gruppbostaden Linden", kind: .enhet),
                DemoUnit(key: "verkstan", name: "Daglig verksamhet Verkstan", kind: .enhet),
            ]),
        ]),
        DemoUnit(key: "uf", name: "Utbildningsförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "forskola", name: "Förskola", kind: .avdelning, children: [
                DemoUnit(key: "ekorren", name: "Förskolan Ekorren", kind: .enhet),
                DemoUnit(key: "humlan", name: "Förskolan Humlan", kind: .enhet),
            ]),
            DemoUnit(key: "grundskola", name: "Grundskola", kind: .avdelning, children: [
                DemoUnit(key: "tillitsbyskolan", name: "Tillitsbyskolan F–6", kind: .enhet),
                DemoUnit(key: "ostra", name: "Östra skolan 7–9", kind: .enhet),
            ]),
            DemoUnit(key: "gymnasium", name: "Tillitsby gymnasium", kind: .enhet),
        ]),
        DemoUnit(key: "sof", name: "Socialförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "ifo", name: "Individ- och familjeomsorg", kind: .avdelning, children: [
                DemoUnit(key: "barn", name: "Barn och unga", kind: .enhet),
                DemoUnit(key: "vuxen", name: "Vuxen och beroende", kind: .enhet),
                DemoUnit(key: "bistand", name: "Ekonomiskt bistånd", kind: .enhet),
            ]),
            DemoUnit(key: "am", name: "Arbetsmarknad och integration", kind: .avdelning, children: [
                DemoUnit(key: "jobbcentrum", name: "Jobbcentrum", kind: .enhet),
            ]),
        ]),
        DemoUnit(key: "kff", name: "Kultur- och fritidsförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "bibliotek", name: "Biblioteket", kind: .enhet),
            DemoUnit(key: "fritidsgardar", name: "Fritidsgårdarna", kind: .enhet),
        ]),
        DemoUnit(key: "sbf", name: "Samhällsbyggnadsförvaltningen", kind: .forvaltning, children: [
            DemoUnit(key: "bygglov", name: "Bygglov", kind: .enhet),
            DemoUnit(key: "miljo", name: "Miljö och hälsoskydd", kind: .enhet),
        ]),
    ]

    static let tillitsdalen: [DemoUnit] = [
        DemoUnit(key: "kansli", name: "Förbundets kansli", kind: .enhet),
        DemoUnit(key: "insatser", name: "Gemensamma insatser", kind: .avdelning, children: [
            DemoUnit(key: "steget", name: "Steget – arbetslivsinriktad rehabilitering", kind: .enhet),
        ]),
    ]

    /// Loads the demo unless the database already has organisations. Returns whether it loaded.
    @discardableResult
    public func loadIfEmpty() async throws -> Bool {
        guard try await platform.allOrganisations().isEmpty else {
            logger.info("demo data present; not loading again")
            return false
        }
        try await load()
        return true
    }

    /// Loads the demo content.
    public func load() async throws {
        let actor = Actor.commandLine("serve --demo")
        let kommun = try await platform.createOrganisation(actor: actor, slug: "tillitsby", name: "Tillitsby kommun", kind: OrganisationKind.kommun.rawValue)
        let units = try await createUnits(Self.tillitsby, in: kommun, actor: actor)
        let forbund = try await platform.createOrganisation(actor: actor, slug: "tillitsdalen", name: "Samordningsförbundet Tillitsdalen", kind: OrganisationKind.samordningsforbund.rawValue)
        let forbundUnits = try await createUnits(Self.tillitsdalen, in: forbund, actor: actor)

        // A little history, as a real tree has.
        _ = try await platform.updateUnit(actor: actor, id: units["soder"]!, input: .init(name: "Hemtjänst Söder"))

        let people: [(String, String, [RoleGrant])] = [
            ("system@tillit.example", "Sam Systemsson", [RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)]),
            ("admin@tillitsby.se", "Ada Administratör", [RoleGrant(role: .administrator, organisationID: kommun.id, unitID: nil),
                                                        RoleGrant(role: .medarbetare, organisationID: kommun.id, unitID: units["hr"]!)]),
            ("styrelse@tillitsby.se", "Stina Styrelse", [RoleGrant(role: .styrelse, organisationID: kommun.id, unitID: nil)]),
            ("redaktor@tillitsby.se", "Rut Redaktör", [RoleGrant(role: .redaktor, organisationID: kommun.id, unitID: nil)]),
            ("forskare@tillitsby.se", "Fredrik Forskare", [RoleGrant(role: .forskare, organisationID: kommun.id, unitID: nil)]),
            ("chef.vard@tillitsby.se", "Vera Förvaltningschef", [RoleGrant(role: .chef, organisationID: kommun.id, unitID: units["vof"]!)]),
            ("chef.hemtjanst@tillitsby.se", "Henrik Hemtjänstchef", [RoleGrant(role: .chef, organisationID: kommun.id, unitID: units["hemtjanst"]!)]),
            ("chef.norr@tillitsby.se", "Nora Enhetschef", [RoleGrant(role: .chef, organisationID: kommun.id, unitID: units["norr"]!)]),
            ("chef.skola@tillitsby.se", "Greta Grundskolechef", [RoleGrant(role: .chef, organisationID: kommun.id, unitID: units["grundskola"]!)]),
            ("medarbetare@tillitsby.se", "Maja Medarbetare", [RoleGrant(role: .medarbetare, organisationID: kommun.id, unitID: units["norr-a"]!)]),
            ("underskoterska@tillitsby.se", "Ulf Undersköterska", [RoleGrant(role: .medarbetare, organisationID: kommun.id, unitID: units["norr-a"]!)]),
            ("larare@tillitsby.se", "Lena Lärare", [RoleGrant(role: .medarbetare, organisationID: kommun.id, unitID: units["tillitsbyskolan"]!)]),
            ("socialsekreterare@tillitsby.se", "Sara Socialsekreterare", [RoleGrant(role: .medarbetare, organisationID: kommun.id, unitID: units["barn"]!)]),
            ("it@tillitsby.se", "Ivar IT-samordnare", [RoleGrant(role: .chef, organisationID: kommun.id, unitID: units["it"]!)]),
            ("admin@tillitsdalen.se", "Dalia Förbundsadministratör", [RoleGrant(role: .administrator, organisationID: forbund.id, unitID: nil),
                                                                     RoleGrant(role: .chef, organisationID: forbund.id, unitID: forbundUnits["kansli"]!)]),
        ]
        var actors: [String: Actor] = [:]
        for (email, name, grants) in people {
            let (user, _) = try await platform.createPerson(actor: actor, .init(email: email, name: name, password: Self.password, grants: grants))
            actors[email] = Actor(userID: user.id, label: email, grants: grants, via: "demo")
        }
        let world = DemoWorld(platform: platform, actor: actor, organisation: kommun,
                              units: units.merging(forbundUnits) { own, _ in own }, people: actors, logger: logger)
        for module in Tillit.modules {
            try await module.demo(world)
        }
        logger.info("demo loaded", metadata: ["units": "\(units.count + forbundUnits.count)", "people": "\(people.count)"])
        // Written straight to the file descriptor, so the details show at once even when output goes to a file.
        FileHandle.standardOutput.write(Data("""

            Tillit demo: \(units.count + forbundUnits.count) units and \(people.count) people loaded.
            Sign in with any of these accounts (demo only) and the password \(Self.password):
            \(people.map { "  \($0.0)  (\($0.2.map(\.role.rawValue).joined(separator: ", ")))" }.joined(separator: "\n"))

            """.utf8))
    }

    private func createUnits(_ tree: [DemoUnit], in organisation: Organisation, actor: Actor) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        func create(_ units: [DemoUnit], parent: Int64?) async throws {
            for unit in units {
                let created = try await platform.createUnit(actor: actor, organisationID: organisation.id,
                                                            input: .init(name: unit.name, kind: unit.kind.rawValue, parentID: parent.map(String.init) ?? ""))
                ids[unit.key] = created.id
                try await create(unit.children, parent: created.id)
            }
        }
        try await create(tree, parent: nil)
        return ids
    }
}
