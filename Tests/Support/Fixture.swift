import Foundation
import TillitPlatform
import TillitStorage

/// A small organisation with a person in every role, built through the services themselves.
public struct Fixture: Sendable {
    public let platform: Platform
    public let organisation: Organisation
    public let other: Organisation
    /// Unit ids by key: vof (förvaltning) → hemtjanst (avdelning) → norr (enhet) → teamA (arbetsgrupp); it (avdelning).
    public let units: [String: Int64]
    public let otherUnit: Int64

    public static let password = "correct horse battery staple"

    public static func make(_ database: any Database, clock: AppClock = .fixed(TestDatabases.epoch)) async throws -> Fixture {
        let platform = Platform(database: database, clock: clock, passwords: PasswordHasher(cost: 4), logger: TestDatabases.logger)
        let root = Actor.commandLine("test")
        let organisation = try await platform.createOrganisation(actor: root, slug: "tillitsby", name: "Tillitsby kommun", kind: "kommun")
        let other = try await platform.createOrganisation(actor: root, slug: "annanstad", name: "Annanstads kommun", kind: "kommun")
        var units: [String: Int64] = [:]
        func unit(_ key: String, _ name: String, _ kind: UnitKind, parent: String?) async throws {
            units[key] = try await platform.createUnit(actor: root, organisationID: organisation.id,
                                                       input: .init(name: name, kind: kind.rawValue, parentID: parent.flatMap { units[$0] }.map(String.init) ?? "")).id
        }
        try await unit("vof", "Vård- och omsorgsförvaltningen", .forvaltning, parent: nil)
        try await unit("hemtjanst", "Hemtjänst", .avdelning, parent: "vof")
        try await unit("norr", "Hemtjänst Norr", .enhet, parent: "hemtjanst")
        try await unit("teamA", "Team A", .arbetsgrupp, parent: "norr")
        try await unit("it", "IT-avdelningen", .avdelning, parent: nil)
        let otherUnit = try await platform.createUnit(actor: root, organisationID: other.id, input: .init(name: "Stadshuset", kind: "enhet", parentID: "")).id
        return Fixture(platform: platform, organisation: organisation, other: other, units: units, otherUnit: otherUnit)
    }

    /// Creates a person with `grants` and the fixture's password; returns their actor.
    public func person(_ email: String, _ grants: [RoleGrant]) async throws -> Actor {
        let (user, _) = try await platform.createPerson(actor: .commandLine("test"), .init(email: email, name: email, password: Self.password, grants: grants))
        return Actor(userID: user.id, label: email, grants: grants, via: "test")
    }

    public func grant(_ role: Role, unit: String? = nil) -> RoleGrant {
        RoleGrant(role: role, organisationID: organisation.id, unitID: unit.flatMap { units[$0] })
    }
}

extension UnitTree {
    /// A generated tree of `parents.count + 1` units, for property tests: unit 1 is the root, and
    /// unit `i + 2` hangs under one of the units before it (`parents[i]` picks which).
    public static func generated(_ parents: [Int]) -> UnitTree {
        var units = [OrgUnit(id: 1, organisationID: 1, parentID: nil, externalID: nil, name: "1", kind: .forvaltning, createdAt: .distantPast, closedAt: nil)]
        for (index, pick) in parents.enumerated() {
            let id = Int64(index + 2)
            units.append(OrgUnit(id: id, organisationID: 1, parentID: Int64(pick % (index + 1) + 1), externalID: nil, name: "\(id)", kind: .enhet,
                                 createdAt: .distantPast, closedAt: nil))
        }
        return UnitTree(units)
    }
}
