import Foundation

/// Who is acting, with what roles, and through which route or command. Every service call takes
/// one, so the same authorisation holds for the web UI, the API and the command line.
public struct Actor: Sendable {
    /// The person acting, if a person is (nil for the command line run by an operator).
    public let userID: Int64?
    /// How the audit log names the actor: an email or a command.
    public let label: String
    public let grants: [RoleGrant]
    /// The route or command, for the audit log.
    public let via: String

    public init(userID: Int64?, label: String, grants: [RoleGrant], via: String) {
        self.userID = userID
        self.label = label
        self.grants = grants
        self.via = via
    }

    /// An operator at the server's command line, who holds the instance.
    public static func commandLine(_ command: String) -> Actor {
        Actor(userID: nil, label: "tillit \(command)", grants: [RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)], via: "cli: tillit \(command)")
    }

    /// The same actor acting through another route.
    public func via(_ route: String) -> Actor {
        Actor(userID: userID, label: label, grants: grants, via: route)
    }
}

/// The authorisation rules of the platform core, as plain functions of an actor's grants.
///
/// Roles are scoped: a chef's grant on a unit covers its whole subtree, an administrator's covers
/// one organisation, a system administrator's covers the instance. Nothing here does I/O; callers
/// pass the unit tree where a rule needs ancestry.
public enum Policy {
    /// Whether the actor administers the whole instance.
    public static func isSystemAdministrator(_ actor: Actor) -> Bool {
        actor.grants.contains { $0.role == .systemadministrator }
    }

    /// Whether the actor administers organisation `organisationID` (units, people, settings, audit log).
    public static func canAdministerOrganisation(_ actor: Actor, _ organisationID: Int64) -> Bool {
        isSystemAdministrator(actor) || actor.grants.contains { $0.role == .administrator && $0.organisationID == organisationID }
    }

    /// Whether the actor may see organisation `organisationID`'s internal pages: its unit tree and units.
    /// Anyone with a role in the organisation may; people of other organisations may not.
    public static func canViewOrganisation(_ actor: Actor, _ organisationID: Int64) -> Bool {
        isSystemAdministrator(actor) || actor.grants.contains { $0.organisationID == organisationID }
    }

    /// Whether the actor may read the governance views of an organisation (the board's picture).
    public static func canReadGovernance(_ actor: Actor, _ organisationID: Int64) -> Bool {
        isSystemAdministrator(actor) || actor.grants.contains {
            $0.organisationID == organisationID && ($0.role == .styrelse || $0.role == .administrator)
        }
    }

    /// Whether the actor manages unit `unitID`: a chef of it or of a unit above it.
    /// Walks up from the unit without gathering its chain: a rounds page asks this of every unit.
    public static func manages(_ actor: Actor, unit unitID: Int64, in tree: UnitTree) -> Bool {
        let managed = actor.grants.compactMap { $0.role == .chef ? $0.unitID : nil }
        guard !managed.isEmpty else { return false }
        return tree.isAtOrBelow(unitID, anyOf: managed)
    }

    /// Whether the actor may edit the shared knowledge bank and report series. The bank is shared by
    /// every organisation of the instance, so an editor's grant counts for all of it, and only system
    /// administrators give it (see `canGrant`).
    /// Whether `actor` may remove a person holding `grants`: a system administrator, or an
    /// administrator of every organisation the person belongs to (a system administrator only by
    /// another system administrator).
    public static func canRemovePerson(_ actor: Actor, grants: [RoleGrant]) -> Bool {
        if isSystemAdministrator(actor) { return true }
        if grants.contains(where: { $0.role == .systemadministrator }) { return false }
        let organisations = Set(grants.compactMap(\.organisationID))
        return !organisations.isEmpty && organisations.allSatisfy { canAdministerOrganisation(actor, $0) }
    }

    public static func isEditor(_ actor: Actor) -> Bool {
        isSystemAdministrator(actor) || actor.grants.contains { $0.role == .redaktor }
    }

    /// Roles whose reach goes beyond one organisation: only system administrators grant them.
    public static let instanceWideRoles: Set<Role> = [.systemadministrator, .redaktor]

    /// Whether a grant may be given by this actor: administrators grant roles within their own
    /// organisation (never one that reaches beyond it); system administrators grant anything.
    public static func canGrant(_ actor: Actor, _ grant: RoleGrant) -> Bool {
        if isSystemAdministrator(actor) { return true }
        guard !instanceWideRoles.contains(grant.role), let org = grant.organisationID else { return false }
        return canAdministerOrganisation(actor, org)
    }

    /// The roles this actor may give in an organisation (for the forms that offer them).
    public static func grantableRoles(_ actor: Actor) -> [Role] {
        Role.allCases.filter { isSystemAdministrator(actor) || !instanceWideRoles.contains($0) }
    }

    /// Whether the actor follows pilots as a researcher (in any organisation): researchers register
    /// pilots and write reports.
    public static func isResearcher(_ actor: Actor) -> Bool {
        actor.grants.contains { $0.role == .forskare }
    }

    /// Whether the actor may register pilots and start reports in the series: researchers and editors.
    public static func canRegisterResearch(_ actor: Actor) -> Bool {
        isEditor(actor) || isResearcher(actor)
    }

    /// Whether the actor manages any unit.
    public static func isManager(_ actor: Actor) -> Bool {
        actor.grants.contains { $0.role == .chef }
    }

    /// The units the actor is a manager of (each with its subtree, see `manages`).
    public static func managedUnits(_ actor: Actor) -> Set<Int64> {
        Set(actor.grants.filter { $0.role == .chef }.compactMap(\.unitID))
    }

    /// The units the actor works in: as staff or as their manager (the unit itself, not its subtree).
    public static func memberUnits(_ actor: Actor) -> Set<Int64> {
        Set(actor.grants.filter { $0.role == .chef || $0.role == .medarbetare }.compactMap(\.unitID))
    }

    /// The unit the actor works in first, if any (a form's default).
    public static func homeUnit(_ actor: Actor) -> Int64? {
        actor.grants.first { $0.unitID != nil }?.unitID
    }

    /// Whether the actor has any role scoped to unit `unitID` itself.
    public static func hasRole(_ actor: Actor, inUnit unitID: Int64) -> Bool {
        actor.grants.contains { $0.unitID == unitID }
    }

    /// Whether the actor holds one of `roles` in one of `units` of `organisationID` or in a unit
    /// below one of them (a requirement's staff, a round's respondents).
    public static func holdsRole(_ actor: Actor, _ roles: Set<Role>, organisationID: Int64, inOrBelow units: Set<Int64>, tree: UnitTree) -> Bool {
        actor.grants.contains { grant in
            guard roles.contains(grant.role), grant.organisationID == organisationID, let unit = grant.unitID else { return false }
            return units.contains(unit) || tree.ancestors(of: unit).contains { units.contains($0.id) }
        }
    }

    /// The organisations the actor has any role in.
    public static func organisationIDs(_ actor: Actor) -> Set<Int64> {
        Set(actor.grants.compactMap(\.organisationID))
    }
}
