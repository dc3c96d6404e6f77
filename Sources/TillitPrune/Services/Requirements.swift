import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

/// Input for a new or changed requirement, as typed in a form, a JSON body or a CSV line.
public struct RequirementInput: Sendable {
    public var name: String?
    public var description: String?
    public var type: String?
    public var issuer: String?
    public var issuerUnitID: String?
    public var legalReference: String?
    public var purpose: String?
    public var unitIDs: [String]
    public var roles: [String]
    public var frequency: String?
    public var casesPerYear: String?
    public var minutes: String?
    public var population: String?

    public init(name: String? = nil, description: String? = nil, type: String? = nil, issuer: String? = nil, issuerUnitID: String? = nil,
                legalReference: String? = nil, purpose: String? = nil, unitIDs: [String] = [], roles: [String] = [], frequency: String? = nil,
                casesPerYear: String? = nil, minutes: String? = nil, population: String? = nil) {
        self.name = name
        self.description = description
        self.type = type
        self.issuer = issuer
        self.issuerUnitID = issuerUnitID
        self.legalReference = legalReference
        self.purpose = purpose
        self.unitIDs = unitIDs
        self.roles = roles
        self.frequency = frequency
        self.casesPerYear = casesPerYear
        self.minutes = minutes
        self.population = population
    }
}

/// What the figures of an organisation are computed with: its settings for Prune.
public struct CostSettings: Sendable, Hashable {
    public var hourlyCost: Int
    public var perRole: [RequirementRole: Int]
    public var annualHoursPerPerson: Int
    public var anonymityThreshold: Int

    public init(hourlyCost: Int = 450, perRole: [RequirementRole: Int] = [:], annualHoursPerPerson: Int = 1600, anonymityThreshold: Int = 5) {
        self.hourlyCost = hourlyCost
        self.perRole = perRole
        self.annualHoursPerPerson = annualHoursPerPerson
        self.anonymityThreshold = anonymityThreshold
    }

    public func hourlyCost(_ requirement: Requirement) -> Double {
        CostModel.hourlyCost(roles: requirement.roles, organisation: hourlyCost, perRole: perRole)
    }
}

/// A requirement with its figures: what it costs, and what staff say when enough have answered.
/// A reference: lists of them are filtered and sorted for every request, and a requirement is
/// large to copy.
public final class RequirementFigures: Sendable {
    public let requirement: Requirement
    public let hourlyCost: Double
    /// The staff's aggregate, nil below the anonymity threshold.
    public let staff: StaffView?
    /// How many have answered (shown as "fewer than the threshold" when below it).
    public let answers: Int
    /// The `prune_changes` count the requirement was read at, when it came from the kept inventory:
    /// with its id, it names this version of the requirement.
    public let inventoryVersion: Int64?
    /// The requirement's place in its organisation's inventory in name order, when it came from
    /// the kept inventory (``Requirements/inNameOrder(_:)``).
    let nameOrder: Int?

    public convenience init(requirement: Requirement, hourlyCost: Double, staff: StaffView?, answers: Int, inventoryVersion: Int64? = nil) {
        self.init(requirement: requirement, hourlyCost: hourlyCost, staff: staff, answers: answers, inventoryVersion: inventoryVersion, nameOrder: nil)
    }

    init(requirement: Requirement, hourlyCost: Double, staff: StaffView?, answers: Int, inventoryVersion: Int64?, nameOrder: Int?) {
        self.requirement = requirement
        self.hourlyCost = hourlyCost
        self.staff = staff
        self.answers = answers
        self.inventoryVersion = inventoryVersion
        self.nameOrder = nameOrder
    }

    public var minutesPerYear: Int64 { requirement.counts ? requirement.workload.minutesPerYear : 0 }
    public var hoursPerYear: Double { Double(requirement.workload.minutesPerYear) / 60 }
    public var costPerYear: Double { CostModel.cost(minutesPerYear: requirement.workload.minutesPerYear, hourlyCost: hourlyCost) }
    /// Minutes per year by the staff's median estimate, when it differs from the registered minutes.
    public var staffMinutesPerYear: Int64? {
        guard let staff, staff.medianMinutes != Double(requirement.workload.minutes) else { return nil }
        return staff.minutesPerYear(requirement.workload)
    }
    public var staffCostPerYear: Double? { staffMinutesPerYear.map { CostModel.cost(minutesPerYear: $0, hourlyCost: hourlyCost) } }
    public var priority: Double { ReviewOrder.priority(costPerYear: costPerYear, meanUsefulness: staff?.meanUsefulness) }
}

/// The burden on a unit and its subtree in figures alone (``Requirements/burdenTotals(actor:unitID:)``).
public struct BurdenTotals: Sendable {
    public let unit: OrgUnit
    public let burden: CostModel.Burden
    /// People with a role in the units.
    public let people: Int
    public let settings: CostSettings

    public var shareOfWorkingTime: Double? {
        CostModel.shareOfWorkingTime(minutesPerYear: burden.total.minutesPerYear, people: people, annualHoursPerPerson: settings.annualHoursPerPerson)
    }
}

/// A requirement's page.
public struct RequirementDetail: Sendable {
    public let figures: RequirementFigures
    public let tree: UnitTree
    /// Decisions, newest first.
    public let decisions: [RequirementDecision]
    /// The actor's own assessment, if they gave one.
    public let ownAssessment: Assessment?
    public let isOwner: Bool
    public let canAssess: Bool
    public let settings: CostSettings
    public let proposerName: String?
}

/// The burden of the requirements on a unit and its subtree, or on a whole organisation.
public struct BurdenReport: Sendable {
    public let organisationID: Int64
    /// The unit, or nil for the whole organisation.
    public let unit: OrgUnit?
    public let burden: CostModel.Burden
    /// People with a role in the units.
    public let people: Int
    public let settings: CostSettings
    /// The requirements that fall on the units, with their figures, highest review priority first.
    public let requirements: [RequirementFigures]
    /// Decisions on those requirements, newest first.
    public let decisions: [RequirementDecision]
    public let tree: UnitTree
    /// Requirements set on a unit above (they apply to this unit too, but are counted where they
    /// are set, so nothing is counted twice), highest cost first.
    public var fromAbove: [RequirementFigures] = []

    public var shareOfWorkingTime: Double? {
        CostModel.shareOfWorkingTime(minutesPerYear: burden.total.minutesPerYear, people: people, annualHoursPerPerson: settings.annualHoursPerPerson)
    }

    /// Hours freed per year by decisions, by month (YYYY-MM), with the running total.
    public var freedByMonth: [(month: String, minutes: Int64, cumulative: Int64)] {
        var months: [String: Int64] = [:]
        for decision in decisions { months[LocalTime(decision.decidedAt).monthOnly, default: 0] += decision.minutesFreedPerYear }
        var running: Int64 = 0
        return months.sorted { $0.key < $1.key }.map { month, minutes in
            running = CostModel.sum([running, minutes])
            return (month, minutes, running)
        }
    }

    /// Minutes per year freed by decisions, by kind.
    public var freedByDecision: [RequirementDecisionKind: (count: Int, minutes: Int64)] {
        var result: [RequirementDecisionKind: (count: Int, minutes: Int64)] = [:]
        for decision in decisions {
            let current = result[decision.kind] ?? (0, 0)
            result[decision.kind] = (current.count + 1, CostModel.sum([current.minutes, decision.minutesFreedPerYear]))
        }
        return result
    }
}

/// How a list of requirements is ordered.
public enum RequirementSort: String, Sendable, CaseIterable {
    /// Highest yearly cost first.
    case cost
    /// Least useful by staff's view first; those without enough answers last.
    case usefulness
    /// High cost and low usefulness first (the review list).
    case priority
    /// By name.
    case name
}

/// The Prune loop: the requirements inventory, staff assessments and the owner's decisions. Every
/// method takes the ``Actor`` and checks what it may do.
public struct Requirements: Sendable {
    public let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    var database: any Database { platform.database }
    var now: Date { platform.clock.now() }

    // MARK: Rules

    /// The owner of a requirement decides on it and reviews proposals: the organisation's
    /// administrators, and a manager of every unit it applies to.
    public static func isOwner(_ actor: Actor, organisationID: Int64, unitIDs: [Int64], tree: UnitTree) -> Bool {
        if Policy.canAdministerOrganisation(actor, organisationID) { return true }
        return !unitIDs.isEmpty && unitIDs.allSatisfy { Policy.manages(actor, unit: $0, in: tree) }
    }

    /// Who sees a requirement: anyone in its organisation; a proposal not yet taken in only its
    /// proposer and owners.
    public static func canSee(_ actor: Actor, _ requirement: Requirement, tree: UnitTree) -> Bool {
        guard Policy.canViewOrganisation(actor, requirement.organisationID) else { return false }
        switch requirement.status {
        case .active, .removed: return true
        case .proposed, .rejected:
            return (actor.userID != nil && requirement.proposedBy == actor.userID)
                || isOwner(actor, organisationID: requirement.organisationID, unitIDs: requirement.unitIDs, tree: tree)
        }
    }

    /// Whether a requirement applies to the actor: they hold one of its roles (any, when it names
    /// none) in one of its units or a unit below one.
    public static func appliesTo(_ actor: Actor, _ requirement: Requirement, tree: UnitTree) -> Bool {
        let roles = requirement.roles.isEmpty ? Set(RequirementRole.allCases.map(\.role)) : Set(requirement.roles.map(\.role))
        return Policy.holdsRole(actor, roles, organisationID: requirement.organisationID, inOrBelow: Set(requirement.unitIDs), tree: tree)
    }

    // MARK: Settings

    public func costSettings(organisationID: Int64) async throws -> CostSettings {
        let values = try await platform.settingValues(organisationID: organisationID)
        func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { RequestNumber.int($0, in: 0...100_000) } ?? fallback }
        var perRole: [RequirementRole: Int] = [:]
        for role in RequirementRole.allCases {
            if let value = values["hourly_cost_sek_\(role.rawValue)"].flatMap({ RequestNumber.int($0, in: 100...5000) }) { perRole[role] = value }
        }
        return CostSettings(hourlyCost: int("hourly_cost_sek", 450), perRole: perRole, annualHoursPerPerson: int("annual_hours_per_person", 1600),
                            anonymityThreshold: int("anonymity_threshold", 5))
    }

    // MARK: Validation

    struct Validated {
        let name: String, description: String, type: RequirementType, issuer: String, issuerUnitID: Int64?, legalReference: String?
        let purpose: String, unitIDs: [Int64], roles: [RequirementRole], workload: Workload
    }

    /// Checks every field; units are checked against the organisation's tree.
    static func validate(_ input: RequirementInput, tree: UnitTree, organisationID: Int64) throws -> Validated {
        var v = Validator()
        let name = v.text("name", input.name, maxLength: 200)
        let description = v.multilineText("description", input.description, maxLength: 4000, required: false)
        let type = v.choice("type", input.type, as: RequirementType.self)
        let legal = v.text("legal_reference", input.legalReference, maxLength: 300, required: false)
        let purpose = v.multilineText("purpose", input.purpose, maxLength: 2000)
        var issuerUnitID: Int64?
        var issuer: String?
        if let raw = input.issuerUnitID, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if let id = RequestNumber.id(raw.trimmingCharacters(in: .whitespaces)), let unit = tree[id], unit.organisationID == organisationID {
                issuerUnitID = id
                issuer = unit.name
            } else {
                v.add("issuer_unit_id", PruneText.issuerUnitOutside)
            }
        } else {
            issuer = v.text("issuer", input.issuer, maxLength: 200)
        }
        var units: [Int64] = []
        let rawUnits = input.unitIDs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if rawUnits.isEmpty { v.add("unit_ids", PruneText.unitsRequired) }
        for raw in rawUnits.prefix(200) {
            guard let id = RequestNumber.id(raw), let unit = tree[id], unit.organisationID == organisationID, !unit.isClosed else {
                v.add("unit_ids", PruneText.unitOutside)
                break
            }
            if units.contains(id) {
                v.add("unit_ids", PruneText.duplicateUnit)
                break
            }
            units.append(id)
        }
        var roles: [RequirementRole] = []
        for raw in input.roles.map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }) {
            guard let role = RequirementRole(rawValue: raw) else {
                v.add("roles", PlatformText.fieldUnknownChoice(RequirementRole.allCases.map(\.rawValue)))
                break
            }
            if !roles.contains(role) { roles.append(role) }
        }
        let frequency = v.choice("frequency", input.frequency, as: Frequency.self)
        var cases: Int64?
        if frequency == .perArende {
            if let raw = input.casesPerYear, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                if let n = RequestNumber.int(raw.trimmingCharacters(in: .whitespaces), in: CostModel.Limits.casesPerYear) { cases = Int64(n) } else {
                    v.add("cases_per_year", PruneText.casesRange)
                }
            } else {
                v.add("cases_per_year", PruneText.casesRequired)
            }
        }
        let minutes = number(&v, "minutes", input.minutes, CostModel.Limits.minutes, PruneText.minutesRange)
        let population = number(&v, "population", input.population, CostModel.Limits.population, PruneText.populationRange)
        try v.check()
        return Validated(name: name!, description: description ?? "", type: type!, issuer: issuer!, issuerUnitID: issuerUnitID,
                         legalReference: (legal ?? "").isEmpty ? nil : legal, purpose: purpose!, unitIDs: units.sorted(), roles: roles,
                         workload: Workload(frequency: frequency!, casesPerYear: cases, minutes: Int64(minutes!), population: Int64(population!)))
    }

    static func number(_ v: inout Validator, _ field: String, _ raw: String?, _ range: ClosedRange<Int>, _ message: PruneText) -> Int? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            v.add(field, PlatformText.fieldRequired)
            return nil
        }
        guard let n = RequestNumber.int(raw, in: range) else {
            v.add(field, message)
            return nil
        }
        return n
    }

    // MARK: Creating and changing

    /// Adds a requirement. Administrators and the managers of all its units put it straight into
    /// the inventory; anyone else with a role in the organisation proposes it for the owner's review.
    /// `signalID` links a signal to the new requirement (the caller has checked that the actor may
    /// answer that signal).
    public func create(actor: Actor, organisationID: Int64, _ input: RequirementInput, linkSignal signalID: Int64? = nil) async throws -> Requirement {
        guard actor.userID != nil || Policy.isSystemAdministrator(actor) else { throw AppError.signInRequired }
        guard Policy.canViewOrganisation(actor, organisationID) else {
            throw AppError(.forbidden, code: "forbidden", message: PruneText.organisationRequired, fieldErrors: [FieldError("organisation_id", PruneText.organisationRequired)])
        }
        let now = self.now
        return try await database.transaction { db in
            let tree = try await platform.unitTree(db, organisationID: organisationID)
            let valid = try Self.validate(input, tree: tree, organisationID: organisationID)
            let owner = Self.isOwner(actor, organisationID: organisationID, unitIDs: valid.unitIDs, tree: tree)
            let id = try await insert(db, organisationID: organisationID, valid, status: owner ? .active : .proposed,
                                      proposedBy: owner ? nil : actor.userID, at: now)
            try await AuditLog.record(db, at: now, actor: actor, action: owner ? "requirement.create" : "requirement.propose", objectType: "requirement",
                                      objectID: String(id), organisationID: organisationID, details: ["type": valid.type.rawValue])
            if let signalID { try await Self.insertLink(db, requirementID: id, signalID: signalID, actor: actor, organisationID: organisationID, at: now) }
            if !owner {
                let owners = try await Self.owners(db, organisationID: organisationID, units: valid.unitIDs, tree: tree)
                try await Self.notify(db, owners, organisationID: organisationID, kind: "requirement.proposed", .proposed(name: valid.name),
                                      requirementID: id, except: actor.userID, at: now)
            }
            return try await Self.load(db, id: id)!
        }
    }

    func insert(_ db: any SQLDatabase, organisationID: Int64, _ valid: Validated, status: RequirementStatus, proposedBy: Int64?, at now: Date) async throws -> Int64 {
        let id = Secrets.randomID()
        try await db.raw("""
            INSERT INTO prune_requirements (id, organisation_id, name, description, type, issuer, issuer_unit_id, legal_reference, purpose, roles,
                frequency, cases_per_year, minutes, population, status, proposed_by, created_at)
            VALUES (\(bind: id), \(bind: organisationID), \(bind: valid.name), \(bind: valid.description), \(bind: valid.type.rawValue),
                \(bind: valid.issuer), \(bind: valid.issuerUnitID), \(bind: valid.legalReference), \(bind: valid.purpose),
                \(bind: valid.roles.map(\.rawValue).joined(separator: ",")), \(bind: valid.workload.frequency.rawValue), \(bind: valid.workload.casesPerYear),
                \(bind: valid.workload.minutes), \(bind: valid.workload.population), \(bind: status.rawValue), \(bind: proposedBy), \(bind: now.epochSeconds))
            """).run()
        try await Self.setUnits(db, id: id, valid.unitIDs)
        return id
    }

    static func setUnits(_ db: any SQLDatabase, id: Int64, _ units: [Int64]) async throws {
        try await db.raw("DELETE FROM prune_requirement_units WHERE requirement_id = \(bind: id)").run()
        for unit in units {
            try await db.raw("INSERT INTO prune_requirement_units (requirement_id, unit_id) VALUES (\(bind: id), \(bind: unit))").run()
        }
    }

    /// Corrects a requirement's facts (its owner only), the registered time included; the audit log
    /// keeps the time before and after. Time freed is counted only from decisions (``decide``), so a
    /// correction of a wrong estimate never shows as hours freed.
    public func update(actor: Actor, id: Int64, _ input: RequirementInput) async throws -> Requirement {
        let now = self.now
        return try await database.transaction { db in
            let (requirement, tree) = try await forChange(db, actor: actor, id: id)
            guard requirement.status == .active || requirement.status == .proposed else { throw AppError(.conflict, code: "not-active", message: PruneText.notActive) }
            let valid = try Self.validate(input, tree: tree, organisationID: requirement.organisationID)
            guard Self.isOwner(actor, organisationID: requirement.organisationID, unitIDs: valid.unitIDs, tree: tree) else {
                throw AppError(.forbidden, code: "not-owner", message: PruneText.notOwner)
            }
            _ = try await Self.correct(db, id: id, valid, actor: actor, organisationID: requirement.organisationID, at: now)
            return try await Self.load(db, id: id)!
        }
    }

    /// Writes a requirement's corrected facts, in the caller's transaction, with the audit entry;
    /// false (nothing written) when the requirement is no longer active or proposed.
    static func correct(_ db: any SQLDatabase, id: Int64, _ valid: Validated, actor: Actor, organisationID: Int64, at now: Date) async throws -> Bool {
        guard let requirement = try await load(db, id: id), requirement.status == .active || requirement.status == .proposed else { return false }
        try await db.raw("""
            UPDATE prune_requirements SET name = \(bind: valid.name), description = \(bind: valid.description), type = \(bind: valid.type.rawValue),
                issuer = \(bind: valid.issuer), issuer_unit_id = \(bind: valid.issuerUnitID), legal_reference = \(bind: valid.legalReference),
                purpose = \(bind: valid.purpose), roles = \(bind: valid.roles.map(\.rawValue).joined(separator: ",")),
                frequency = \(bind: valid.workload.frequency.rawValue), cases_per_year = \(bind: valid.workload.casesPerYear),
                minutes = \(bind: valid.workload.minutes), population = \(bind: valid.workload.population)
            WHERE id = \(bind: id)
            """).run()
        try await setUnits(db, id: id, valid.unitIDs)
        try await AuditLog.record(db, at: now, actor: actor, action: "requirement.update", objectType: "requirement", objectID: String(id),
                                  organisationID: organisationID,
                                  details: ["minutes_per_year_before": String(requirement.workload.minutesPerYear),
                                            "minutes_per_year_after": String(valid.workload.minutesPerYear)])
        return true
    }

    /// The owner takes a proposal into the inventory, or does not.
    public func review(actor: Actor, id: Int64, accept: Bool) async throws -> Requirement {
        let now = self.now
        return try await database.transaction { db in
            let (requirement, _) = try await forChange(db, actor: actor, id: id)
            guard requirement.status == .proposed else { throw AppError(.conflict, code: "not-proposed", message: PruneText.notProposed) }
            let status: RequirementStatus = accept ? .active : .rejected
            try await db.raw("UPDATE prune_requirements SET status = \(bind: status.rawValue) WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, at: now, actor: actor, action: accept ? "requirement.accept" : "requirement.reject", objectType: "requirement",
                                      objectID: String(id), organisationID: requirement.organisationID)
            if let proposer = requirement.proposedBy {
                try await Self.notify(db, [proposer], organisationID: requirement.organisationID, kind: accept ? "requirement.accepted" : "requirement.rejected",
                                      accept ? .accepted(name: requirement.name) : .rejected(name: requirement.name), requirementID: id, except: actor.userID, at: now)
            }
            return try await Self.load(db, id: id)!
        }
    }

    /// The requirement a change is about, locked, if the actor sees it (else 404) and owns it (else 403).
    private func forChange(_ db: any SQLDatabase, actor: Actor, id: Int64) async throws -> (Requirement, UnitTree) {
        guard let requirement = try await Self.load(db, id: id, lock: true) else { throw AppError.notFound }
        let tree = try await platform.unitTree(db, organisationID: requirement.organisationID)
        guard Self.canSee(actor, requirement, tree: tree) else { throw AppError.notFound }
        guard Self.isOwner(actor, organisationID: requirement.organisationID, unitIDs: requirement.unitIDs, tree: tree) else {
            throw AppError(.forbidden, code: "not-owner", message: PruneText.notOwner)
        }
        return (requirement, tree)
    }

    // MARK: Staff assessments

    /// A staff member's own estimate and rating; a second one replaces the first. Returns whether
    /// it was the person's first.
    @discardableResult
    public func assess(actor: Actor, id: Int64, minutes: String?, usefulness: String?, comment: String?) async throws -> Bool {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        var v = Validator()
        let minutes = Self.number(&v, "minutes", minutes, CostModel.Limits.assessedMinutes, PruneText.assessedMinutesRange)
        var rating: Int?
        if let raw = usefulness?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            rating = RequestNumber.int(raw, in: CostModel.Limits.usefulness)
            if rating == nil { v.add("usefulness", PruneText.usefulnessRange) }
        } else {
            v.add("usefulness", PlatformText.chooseOne)
        }
        let comment = v.multilineText("comment", comment, maxLength: 1000, required: false)
        try v.check()
        let usefulness = rating!
        return try await database.transaction { db in
            guard let requirement = try await Self.load(db, id: id) else { throw AppError.notFound }
            let tree = try await platform.unitTree(db, organisationID: requirement.organisationID)
            guard Self.canSee(actor, requirement, tree: tree) else { throw AppError.notFound }
            guard requirement.status == .active else { throw AppError(.conflict, code: "not-active", message: PruneText.notActive) }
            guard Self.appliesTo(actor, requirement, tree: tree) else {
                throw AppError(.forbidden, code: "not-applicable", message: PruneText.notApplicable, fieldErrors: [FieldError("minutes", PruneText.notApplicable)])
            }
            let text = (comment ?? "").isEmpty ? nil : comment
            if try await db.raw("SELECT id FROM prune_assessments WHERE requirement_id = \(bind: id) AND user_id = \(bind: userID)\(db.lockRowsClause)").first() != nil {
                try await db.raw("""
                    UPDATE prune_assessments SET minutes = \(bind: Int64(minutes!)), usefulness = \(bind: usefulness), comment = \(bind: text)
                    WHERE requirement_id = \(bind: id) AND user_id = \(bind: userID)
                    """).run()
                return false
            } else {
                try await db.raw("""
                    INSERT INTO prune_assessments (id, requirement_id, user_id, minutes, usefulness, comment)
                    VALUES (\(bind: Secrets.randomID()), \(bind: id), \(bind: userID), \(bind: Int64(minutes!)), \(bind: usefulness), \(bind: text))
                    """).run()
                // No audit entry: its time would date the answer.
                return true
            }
        }
    }

    // MARK: Decisions

    /// The owner's decision, with a reason: keep, simplify (new minutes or frequency), remove
    /// (never an act or ordinance) or investigate. Returns the decision with the hours it frees.
    /// `afterwards` runs in the same transaction with the decision, the requirement and the signals
    /// linked to it, so that answering them is part of the decision (all or nothing).
    public func decide(actor: Actor, id: Int64, decision: String?, reason: String?, newMinutes: String? = nil, newFrequency: String? = nil,
                       newCasesPerYear: String? = nil, afterwards: DecisionFollowUp? = nil) async throws -> RequirementDecision {
        var v = Validator()
        let kind = v.choice("decision", decision, as: RequirementDecisionKind.self)
        let reason = v.multilineText("reason", reason, maxLength: 2000)
        var minutes: Int64?, frequency: Frequency?, cases: Int64?
        if kind == .forenkla {
            if let raw = newMinutes?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                if let n = RequestNumber.int(raw, in: CostModel.Limits.minutes) { minutes = Int64(n) } else { v.add("new_minutes", PruneText.minutesRange) }
            }
            if let raw = newFrequency, !raw.isEmpty { frequency = v.choice("new_frequency", raw, as: Frequency.self) }
            if let raw = newCasesPerYear?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                if let n = RequestNumber.int(raw, in: CostModel.Limits.casesPerYear) { cases = Int64(n) } else { v.add("new_cases_per_year", PruneText.casesRange) }
            }
        }
        try v.check()
        let now = self.now
        let (chosenMinutes, chosenFrequency, chosenCases) = (minutes, frequency, cases)
        return try await database.transaction { db in
            let (requirement, _) = try await forChange(db, actor: actor, id: id)
            guard requirement.status != .removed else { throw AppError(.conflict, code: "already-removed", message: PruneText.alreadyRemoved) }
            guard requirement.status == .active else { throw AppError(.conflict, code: "not-active", message: PruneText.notActive) }
            let before = requirement.workload
            let effect: (after: Workload, freed: Int64)
            switch CostModel.effect(of: kind!, type: requirement.type, on: before, newMinutes: chosenMinutes, newFrequency: chosenFrequency, newCasesPerYear: chosenCases) {
            case .success(let result): effect = result
            case .failure(.bindingCannotBeRemoved):
                throw AppError(.unprocessable, code: "binding-requirement", message: PruneText.bindingCannotBeRemoved,
                               fieldErrors: [FieldError("decision", PruneText.bindingCannotBeRemoved)])
            case .failure(.simplificationNeedsChange): throw AppError.invalid([FieldError("new_minutes", PruneText.simplificationNeedsChange)])
            case .failure(.notSimpler): throw AppError.invalid([FieldError("new_minutes", PruneText.notSimpler)])
            case .failure(.casesRequired): throw AppError.invalid([FieldError("new_cases_per_year", PruneText.casesRequired)])
            }
            let decisionID = Secrets.randomID()
            try await db.raw("""
                INSERT INTO prune_decisions (id, requirement_id, organisation_id, decision, reason, before_frequency, before_cases_per_year, before_minutes,
                    after_frequency, after_cases_per_year, after_minutes, population, minutes_freed_per_year, decided_by, decided_at)
                VALUES (\(bind: decisionID), \(bind: id), \(bind: requirement.organisationID), \(bind: kind!.rawValue), \(bind: reason!),
                    \(bind: before.frequency.rawValue), \(bind: before.casesPerYear), \(bind: before.minutes),
                    \(bind: effect.after.frequency.rawValue), \(bind: effect.after.casesPerYear), \(bind: effect.after.minutes), \(bind: before.population),
                    \(bind: effect.freed), \(bind: actor.userID), \(bind: now.epochSeconds))
                """).run()
            let status: RequirementStatus = kind == .taBort ? .removed : .active
            try await db.raw("""
                UPDATE prune_requirements SET status = \(bind: status.rawValue), last_decision = \(bind: kind!.rawValue),
                    frequency = \(bind: effect.after.frequency.rawValue), cases_per_year = \(bind: effect.after.casesPerYear), minutes = \(bind: effect.after.minutes)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "requirement.decide", objectType: "requirement", objectID: String(id),
                                      organisationID: requirement.organisationID,
                                      details: ["decision": kind!.rawValue, "minutes_freed_per_year": String(effect.freed)])
            let recorded = try await Self.decisions(db, "WHERE d.id = \(bind: decisionID)").first!
            if let proposer = requirement.proposedBy {
                try await Self.notify(db, [proposer], organisationID: requirement.organisationID, kind: "requirement.decided",
                                      .decided(name: requirement.name, decision: kind!), requirementID: id, except: actor.userID, at: now)
            }
            if let afterwards {
                try await afterwards(db, recorded, requirement, try await Self.linkedSignalIDs(db, requirementID: id))
            }
            return recorded
        }
    }

    /// What else a decision does, inside its transaction: given the decision, the requirement as it
    /// was, and the ids of the signals linked to it.
    public typealias DecisionFollowUp = @Sendable (any SQLDatabase, RequirementDecision, Requirement, [Int64]) async throws -> Void

    // MARK: Signals

    /// Links a signal to a requirement the actor may see (the caller has checked that the actor
    /// may answer the signal). Linking twice changes nothing.
    public func link(actor: Actor, requirementID: Int64, signalID: Int64) async throws {
        let now = self.now
        try await database.transaction { db in
            guard let requirement = try await Self.load(db, id: requirementID) else { throw AppError.notFound }
            let tree = try await platform.unitTree(db, organisationID: requirement.organisationID)
            guard Self.canSee(actor, requirement, tree: tree) else { throw AppError.notFound }
            guard requirement.status == .active || requirement.status == .proposed else {
                throw AppError(.conflict, code: "not-active", message: PruneText.notActive)
            }
            try await Self.insertLink(db, requirementID: requirementID, signalID: signalID, actor: actor, organisationID: requirement.organisationID, at: now)
        }
    }

    static func insertLink(_ db: any SQLDatabase, requirementID: Int64, signalID: Int64, actor: Actor, organisationID: Int64, at now: Date) async throws {
        guard try await db.raw("""
            SELECT 1 AS x FROM prune_signal_links WHERE requirement_id = \(bind: requirementID) AND signal_id = \(bind: signalID)
            """).first() == nil else { return }
        try await db.raw("INSERT INTO prune_signal_links (requirement_id, signal_id) VALUES (\(bind: requirementID), \(bind: signalID))").run()
        try await AuditLog.record(db, at: now, actor: actor, action: "requirement.link_signal", objectType: "requirement", objectID: String(requirementID),
                                  organisationID: organisationID, details: ["signal_id": String(signalID)])
    }

    static func linkedSignalIDs(_ db: any SQLDatabase, requirementID: Int64) async throws -> [Int64] {
        try await db.raw("SELECT signal_id FROM prune_signal_links WHERE requirement_id = \(bind: requirementID) ORDER BY signal_id").all()
            .map { try $0.int64("signal_id") }
    }

    /// The requirements a signal is linked to, those the actor may see.
    public func linked(actor: Actor, signalID: Int64) async throws -> [Requirement] {
        let requirements = try await database.read { db in
            try await Self.loadMany(db, "WHERE id IN (SELECT requirement_id FROM prune_signal_links WHERE signal_id = \(bind: signalID))")
        }
        var visible: [Requirement] = []
        for requirement in requirements {
            let tree = try await platform.unitTree(organisationID: requirement.organisationID)
            if Self.canSee(actor, requirement, tree: tree) { visible.append(requirement) }
        }
        return visible.sorted { SwedishCollation.precedes($0.name, $1.name) }
    }

    // MARK: Reading

    /// A requirement's page, if the actor may see it.
    public func detail(actor: Actor, id: Int64) async throws -> RequirementDetail {
        guard let requirement = try await database.read({ db in try await Self.load(db, id: id) }) else { throw AppError.notFound }
        let tree = try await platform.unitTree(organisationID: requirement.organisationID)
        guard Self.canSee(actor, requirement, tree: tree) else { throw AppError.notFound }
        let settings = try await costSettings(organisationID: requirement.organisationID)
        let (assessments, decisions, own, proposer) = try await database.read { db in
            let assessments = try await Self.assessments(db, requirementIDs: [id])[id] ?? []
            let decisions = try await Self.decisions(db, "WHERE d.requirement_id = \(bind: id)")
            var own: Assessment?
            if let userID = actor.userID,
               let row = try await db.raw("SELECT minutes, usefulness, comment FROM prune_assessments WHERE requirement_id = \(bind: id) AND user_id = \(bind: userID)").first() {
                own = Assessment(minutes: try row.int64("minutes"), usefulness: Int(try row.int64("usefulness")), comment: try row.optionalString("comment"))
            }
            var proposer: String?
            if let id = requirement.proposedBy { proposer = try await Directory.names(db, userIDs: [id])[id] }
            return (assessments, decisions, own, proposer)
        }
        let figures = RequirementFigures(requirement: requirement, hourlyCost: settings.hourlyCost(requirement),
                                         staff: StaffView.compute(assessments, threshold: settings.anonymityThreshold), answers: assessments.count)
        return RequirementDetail(figures: figures, tree: tree, decisions: decisions, ownAssessment: own,
                                 isOwner: Self.isOwner(actor, organisationID: requirement.organisationID, unitIDs: requirement.unitIDs, tree: tree),
                                 canAssess: requirement.status == .active && Self.appliesTo(actor, requirement, tree: tree),
                                 settings: settings, proposerName: proposer)
    }

    /// Filters for a list of requirements.
    public struct Filter: Sendable, Hashable {
        public var unitID: Int64?
        public var type: String?
        public var status: String?
        public var issuer: String?
        public var sort: String?
        public init(unitID: Int64? = nil, type: String? = nil, status: String? = nil, issuer: String? = nil, sort: String? = nil) {
            self.unitID = unitID
            self.type = type
            self.status = status
            self.issuer = issuer
            self.sort = sort
        }
    }

    /// The requirements of an organisation the actor may see, with their figures: narrowed to a
    /// unit (those that apply to it, its subtree or a unit above it), a type, a status or an issuer.
    public func list(actor: Actor, organisationID: Int64, filter: Filter) async throws -> [RequirementFigures] {
        guard Policy.canViewOrganisation(actor, organisationID) else { throw AppError.forbidden }
        var v = Validator()
        let type = (filter.type ?? "").isEmpty ? nil : v.choice("type", filter.type, as: RequirementType.self)
        let status = (filter.status ?? "").isEmpty ? nil : v.choice("status", filter.status, as: RequirementStatus.self)
        let sort = (filter.sort ?? "").isEmpty ? RequirementSort.name : v.choice("sort", filter.sort, as: RequirementSort.self)
        let tree = try await platform.unitTree(organisationID: organisationID)
        if let unitID = filter.unitID, tree[unitID] == nil { v.add("unit", PruneText.unitOutside) }
        if !v.errors.isEmpty { throw AppError(.badRequest, code: "invalid-filter", message: PlatformText.validationFailed, fieldErrors: v.errors) }
        let all = try await figures(organisationID: organisationID, tree: tree)
        let related: Set<Int64>? = filter.unitID.map { unit in tree.subtree(of: unit).union(tree.ancestors(of: unit).map(\.id)) }
        let issuer = filter.issuer.map(TextInput.normalise).flatMap { $0.isEmpty ? nil : $0 }
        let visible = all.filter { item in
            Self.canSee(actor, item.requirement, tree: tree)
                && (status.map { $0 == item.requirement.status } ?? (item.requirement.status == .active || item.requirement.status == .proposed))
                && (type.map { $0 == item.requirement.type } ?? true)
                && (issuer.map { $0 == item.requirement.issuer } ?? true)
                && (related.map { !$0.isDisjoint(with: item.requirement.unitIDs) } ?? true)
        }
        return Self.sorted(visible, by: sort!)
    }

    static func sorted(_ items: [RequirementFigures], by sort: RequirementSort) -> [RequirementFigures] {
        // What the comparisons look at, taken out once, so a comparison never copies a
        // requirement's figures (a sort compares many times, and figures are large); the places
        // are sorted, not the figures. Names compare by their place in the inventory's name order
        // where all items came from one reading of one organisation's kept inventory, else by
        // collation keys made here (once per name, not once per comparison).
        let byName: (Int, Int) -> Bool
        if let first = items.first, let version = first.inventoryVersion,
           items.allSatisfy({ $0.nameOrder != nil && $0.inventoryVersion == version && $0.requirement.organisationID == first.requirement.organisationID }) {
            let places = items.map { $0.nameOrder! }
            byName = { places[$0] < places[$1] }
        } else {
            let keyed = items.map { (key: SwedishCollation.key($0.requirement.name), id: $0.requirement.id) }
            byName = { Self.precedesByName(keyed[$0], keyed[$1]) }
        }
        let order: [Int]
        switch sort {
        case .name: order = items.indices.sorted(by: byName)
        case .cost:
            let cost = items.map(\.costPerYear)
            order = items.indices.sorted { a, b in cost[a] == cost[b] ? byName(a, b) : cost[a] > cost[b] }
        case .priority:
            let priority = items.map(\.priority)
            order = items.indices.sorted { a, b in priority[a] == priority[b] ? byName(a, b) : priority[a] > priority[b] }
        case .usefulness:
            let useful = items.map { $0.staff?.meanUsefulness }, cost = items.map(\.costPerYear)
            order = items.indices.sorted { a, b in
                switch (useful[a], useful[b]) {
                // Equally useful: the costlier first, and equal in both, by name (not by the order they came in).
                case let (x?, y?): return x != y ? x < y : cost[a] != cost[b] ? cost[a] > cost[b] : byName(a, b)
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return byName(a, b)
                }
            }
        }
        return order.map { items[$0] }
    }

    /// Whether a requirement comes before another in name order: by the names' collation keys
    /// (Swedish alphabetical order), and by id where the names collate alike.
    static func precedesByName(_ a: (key: [UInt32], id: Int64), _ b: (key: [UInt32], id: Int64)) -> Bool {
        a.key == b.key ? a.id < b.id : a.key.lexicographicallyPrecedes(b.key)
    }

    /// `requirements` in name order (``precedesByName(_:_:)``).
    static func inNameOrder(_ requirements: [Requirement]) -> [Requirement] {
        let keyed = requirements.map { (key: SwedishCollation.key($0.name), id: $0.id) }
        return requirements.indices.sorted { precedesByName(keyed[$0], keyed[$1]) }.map { requirements[$0] }
    }

    /// Every requirement of an organisation with its figures, in name order.
    func figures(organisationID: Int64, tree: UnitTree) async throws -> [RequirementFigures] {
        let settings = try await costSettings(organisationID: organisationID)
        let (inventory, assessments) = try await inventoryAndAssessments(organisationID: organisationID)
        return Self.figures(inventory, assessments: assessments, settings: settings)
    }

    /// The organisation's kept inventory and its assessments, read in one snapshot.
    private func inventoryAndAssessments(organisationID: Int64) async throws -> (KeptInventory.Inventory, [Int64: [Assessment]]) {
        let kept = platform.keptInventory
        return try await database.read { db in
            (try await kept.requirements(db, organisationID: organisationID), try await Self.assessments(db, organisationID: organisationID))
        }
    }

    static func figures(_ inventory: KeptInventory.Inventory, assessments: [Int64: [Assessment]], settings: CostSettings) -> [RequirementFigures] {
        inventory.requirements.enumerated().map { place, r in
            let answers = assessments[r.id] ?? []
            return RequirementFigures(requirement: r, hourlyCost: settings.hourlyCost(r),
                                      staff: StaffView.compute(answers, threshold: settings.anonymityThreshold), answers: answers.count,
                                      inventoryVersion: inventory.version, nameOrder: place)
        }
    }

    /// The burden on a unit and its subtree. Anyone in the organisation may see it.
    public func burden(actor: Actor, unitID: Int64) async throws -> BurdenReport {
        let unit = try await burdenUnit(actor: actor, id: unitID)
        return try await report(organisationID: unit.organisationID, unit: unit)
    }

    /// The unit whose burden is asked for, if the actor may see its organisation's.
    private func burdenUnit(actor: Actor, id: Int64) async throws -> OrgUnit {
        let unit = try await platform.unit(actor: actor, id: id)
        guard Policy.canViewOrganisation(actor, unit.organisationID) else { throw AppError.forbidden }
        return unit
    }

    /// The burden on a whole organisation. Anyone in the organisation may see it.
    public func organisationBurden(actor: Actor, organisationID: Int64) async throws -> BurdenReport {
        guard Policy.canViewOrganisation(actor, organisationID) else { throw AppError.forbidden }
        return try await report(organisationID: organisationID, unit: nil)
    }

    /// The burden on a unit and its subtree in figures alone, as ``burden(actor:unitID:)`` has them:
    /// without the requirements' list or the decisions, so without reading the assessments.
    public func burdenTotals(actor: Actor, unitID: Int64) async throws -> BurdenTotals {
        let unit = try await burdenUnit(actor: actor, id: unitID)
        let tree = try await platform.unitTree(organisationID: unit.organisationID)
        let settings = try await costSettings(organisationID: unit.organisationID)
        let kept = platform.keptInventory
        let inventory = try await database.read { db in try await kept.requirements(db, organisationID: unit.organisationID) }
        let shape = platform.keptBurdens.shape(organisationID: unit.organisationID, unit: unit, tree: tree, settings: settings, inventory: inventory)
        let people = try await database.read { db in try await Self.people(db, organisationID: unit.organisationID, unit: unit, shape: shape) }
        return BurdenTotals(unit: unit, burden: shape.burden, people: people, settings: settings)
    }

    private func report(organisationID: Int64, unit: OrgUnit?) async throws -> BurdenReport {
        let tree = try await platform.unitTree(organisationID: organisationID)
        let settings = try await costSettings(organisationID: organisationID)
        let (inventory, assessments) = try await inventoryAndAssessments(organisationID: organisationID)
        let all = Self.figures(inventory, assessments: assessments, settings: settings)
        let shape = platform.keptBurdens.shape(organisationID: organisationID, unit: unit, tree: tree, settings: settings, inventory: inventory)
        let (people, decisions) = try await database.read { db in
            (try await Self.people(db, organisationID: organisationID, unit: unit, shape: shape),
             try await Self.decisions(db, "WHERE d.organisation_id = \(bind: organisationID)").filter { shape.touching.contains($0.requirementID) })
        }
        let requirements = Self.sorted(all.filter { $0.requirement.counts && shape.burden.byRequirement[$0.requirement.id] != nil }, by: .priority)
        let fromAbove = Self.sorted(all.filter { shape.fromAbove.contains($0.requirement.id) }, by: .cost)
        return BurdenReport(organisationID: organisationID, unit: unit, burden: shape.burden, people: people, settings: settings,
                            requirements: requirements, decisions: decisions, tree: tree, fromAbove: fromAbove)
    }

    /// The people with a role in the report's units: for the whole organisation, counted by the database.
    private static func people(_ db: any SQLDatabase, organisationID: Int64, unit: OrgUnit?, shape: KeptBurdens.Shape) async throws -> Int {
        unit == nil ? try await Directory.peopleCount(db, organisationID: organisationID)
                    : try await Directory.peopleCount(db, organisationID: organisationID, unitIDs: shape.scope)
    }

    // MARK: Storage

    static let columns = """
        id, organisation_id, name, description, type, issuer, issuer_unit_id, legal_reference, purpose, roles, frequency, cases_per_year,
        minutes, population, status, last_decision, proposed_by, created_at
        """

    static func load(_ db: any SQLDatabase, id: Int64, lock: Bool = false) async throws -> Requirement? {
        try await loadMany(db, "WHERE id = \(bind: id)\(lock ? db.lockRowsClause : "")").first
    }

    static func loadMany(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [Requirement] {
        let rows = try await db.raw("SELECT \(unsafeRaw: columns) FROM prune_requirements \(filter)").all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        var units: [Int64: [Int64]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for row in try await db.raw("""
                SELECT requirement_id, unit_id FROM prune_requirement_units WHERE requirement_id IN \(SQLQueryString.list(chunk)) ORDER BY requirement_id, unit_id
                """).all() {
                units[try row.int64("requirement_id"), default: []].append(try row.int64("unit_id"))
            }
        }
        return try rows.map { row in
            let id = try row.int64("id")
            return Requirement(
                id: id, organisationID: try row.int64("organisation_id"), name: try row.string("name"), description: try row.string("description"),
                type: RequirementType(rawValue: try row.string("type")) ?? .riktlinje, issuer: try row.string("issuer"),
                issuerUnitID: try row.optionalInt64("issuer_unit_id"), legalReference: try row.optionalString("legal_reference"),
                purpose: try row.string("purpose"), unitIDs: units[id] ?? [],
                roles: try row.string("roles").split(separator: ",").compactMap { RequirementRole(rawValue: String($0)) },
                workload: Workload(frequency: Frequency(rawValue: try row.string("frequency")) ?? .ar, casesPerYear: try row.optionalInt64("cases_per_year"),
                                   minutes: try row.int64("minutes"), population: try row.int64("population")),
                status: RequirementStatus(rawValue: try row.string("status")) ?? .active,
                lastDecision: try row.optionalString("last_decision").flatMap(RequirementDecisionKind.init(rawValue:)),
                proposedBy: try row.optionalInt64("proposed_by"), createdAt: try row.date("created_at"))
        }
    }

    /// Assessments by requirement, in no particular order (their ids are random).
    static func assessments(_ db: any SQLDatabase, requirementIDs: [Int64]) async throws -> [Int64: [Assessment]] {
        guard !requirementIDs.isEmpty else { return [:] }
        return try await assessmentRows(db, "WHERE requirement_id IN \(SQLQueryString.list(requirementIDs))")
    }

    /// An organisation's assessments, without their comments (which only a requirement's own page shows).
    static func assessments(_ db: any SQLDatabase, organisationID: Int64) async throws -> [Int64: [Assessment]] {
        try await assessmentRows(db, "WHERE requirement_id IN (SELECT id FROM prune_requirements WHERE organisation_id = \(bind: organisationID))",
                                 comments: false)
    }

    private static func assessmentRows(_ db: any SQLDatabase, _ filter: SQLQueryString, comments: Bool = true) async throws -> [Int64: [Assessment]] {
        var result: [Int64: [Assessment]] = [:]
        let columns: SQLQueryString = comments ? "requirement_id, minutes, usefulness, comment" : "requirement_id, minutes, usefulness"
        for row in try await db.raw("SELECT \(columns) FROM prune_assessments \(filter)").all() {
            result[try row.int64("requirement_id"), default: []].append(
                Assessment(minutes: try row.int64("minutes"), usefulness: Int(try row.int64("usefulness")),
                           comment: comments ? try row.optionalString("comment") : nil))
        }
        return result
    }

    /// Decisions, newest first.
    static func decisions(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [RequirementDecision] {
        let rows = try await db.raw("""
            SELECT d.id, d.requirement_id, d.decision, d.reason, d.before_frequency, d.before_cases_per_year, d.before_minutes, d.after_frequency,
                d.after_cases_per_year, d.after_minutes, d.population, d.minutes_freed_per_year, d.decided_by, d.decided_at
            FROM prune_decisions d \(filter) ORDER BY d.decided_at DESC, d.id
            """).all()
        let names = try await Directory.names(db, userIDs: Set(try rows.compactMap { try $0.optionalInt64("decided_by") }))
        return try rows.map { row in
            let population = try row.int64("population")
            return RequirementDecision(
                id: try row.int64("id"), requirementID: try row.int64("requirement_id"),
                kind: RequirementDecisionKind(rawValue: try row.string("decision")) ?? .behall, reason: try row.string("reason"),
                before: Workload(frequency: Frequency(rawValue: try row.string("before_frequency")) ?? .ar, casesPerYear: try row.optionalInt64("before_cases_per_year"),
                                 minutes: try row.int64("before_minutes"), population: population),
                after: Workload(frequency: Frequency(rawValue: try row.string("after_frequency")) ?? .ar, casesPerYear: try row.optionalInt64("after_cases_per_year"),
                                minutes: try row.int64("after_minutes"), population: population),
                minutesFreedPerYear: try row.int64("minutes_freed_per_year"),
                decidedByName: try row.optionalInt64("decided_by").flatMap { names[$0] }, decidedAt: try row.date("decided_at"))
        }
    }
}
