import Foundation
import TillitPlatform

/// Where a requirement comes from, in law and practice.
public enum RequirementType: String, Sendable, CaseIterable, Codable {
    case lag
    case forordning
    case foreskrift
    case politisktBeslut = "politiskt_beslut"
    case riktlinje
    case avtal

    public var label: BothLanguages {
        switch self {
        case .lag: BothLanguages(sv: "Lag", en: "Act")
        case .forordning: BothLanguages(sv: "Förordning", en: "Ordinance")
        case .foreskrift: BothLanguages(sv: "Föreskrift", en: "Regulation")
        case .politisktBeslut: BothLanguages(sv: "Politiskt beslut", en: "Political decision")
        case .riktlinje: BothLanguages(sv: "Riktlinje", en: "Guideline")
        case .avtal: BothLanguages(sv: "Avtal", en: "Agreement")
        }
    }

    /// Acts and ordinances bind the organisation: they can be simplified within the law, never removed.
    public var isBinding: Bool { self == .lag || self == .forordning }
}

/// How often a requirement recurs.
public enum Frequency: String, Sendable, CaseIterable, Codable {
    case dag, vecka, manad, kvartal, ar
    /// Once per case, with a number of cases per year.
    case perArende = "per_arende"

    /// Occurrences per year of a fixed frequency (working days, working weeks); nil per case.
    public var fixedOccurrences: Int64? {
        switch self {
        case .dag: 220
        case .vecka: 46
        case .manad: 12
        case .kvartal: 4
        case .ar: 1
        case .perArende: nil
        }
    }

    public var label: BothLanguages {
        switch self {
        case .dag: BothLanguages(sv: "Varje arbetsdag", en: "Every working day")
        case .vecka: BothLanguages(sv: "Varje vecka", en: "Every week")
        case .manad: BothLanguages(sv: "Varje månad", en: "Every month")
        case .kvartal: BothLanguages(sv: "Varje kvartal", en: "Every quarter")
        case .ar: BothLanguages(sv: "En gång om året", en: "Once a year")
        case .perArende: BothLanguages(sv: "Per ärende", en: "Per case")
        }
    }
}

/// Where a requirement is in its life.
public enum RequirementStatus: String, Sendable, CaseIterable, Codable {
    /// Proposed by a staff member, waiting for the owner's review; not yet in the figures.
    case proposed
    /// In the inventory and in the figures.
    case active
    /// Removed by a decision: kept as history, out of the figures.
    case removed
    /// A proposal the owner did not take into the inventory.
    case rejected

    public var label: BothLanguages {
        switch self {
        case .proposed: BothLanguages(sv: "Föreslaget", en: "Proposed")
        case .active: BothLanguages(sv: "I inventeringen", en: "In the inventory")
        case .removed: BothLanguages(sv: "Borttaget", en: "Removed")
        case .rejected: BothLanguages(sv: "Inte infört", en: "Not taken in")
        }
    }
}

/// The owner's decision on a requirement.
public enum RequirementDecisionKind: String, Sendable, CaseIterable, Codable {
    case behall
    case forenkla
    case taBort = "ta_bort"
    case utred

    public var label: BothLanguages {
        switch self {
        case .behall: BothLanguages(sv: "Behåll", en: "Keep")
        case .forenkla: BothLanguages(sv: "Förenkla", en: "Simplify")
        case .taBort: BothLanguages(sv: "Ta bort", en: "Remove")
        case .utred: BothLanguages(sv: "Utred", en: "Investigate")
        }
    }
}

/// The roles a requirement can apply to: the people who do the work in units.
public enum RequirementRole: String, Sendable, CaseIterable, Codable {
    case medarbetare, chef

    public var role: Role {
        switch self {
        case .medarbetare: .medarbetare
        case .chef: .chef
        }
    }

    public var label: BothLanguages {
        switch self {
        case .medarbetare: BothLanguages(sv: "Medarbetare", en: "Staff")
        case .chef: BothLanguages(sv: "Chefer", en: "Managers")
        }
    }
}

/// How much time a requirement takes: minutes per occurrence, how often, for how many.
public struct Workload: Sendable, Equatable, Hashable, Codable {
    public var frequency: Frequency
    /// Cases per year, for `per_arende` only.
    public var casesPerYear: Int64?
    public var minutes: Int64
    /// People or cases it applies to.
    public var population: Int64

    public init(frequency: Frequency, casesPerYear: Int64?, minutes: Int64, population: Int64) {
        self.frequency = frequency
        self.casesPerYear = frequency == .perArende ? casesPerYear : nil
        self.minutes = minutes
        self.population = population
    }

    /// Occurrences per year for each of the population.
    public var occurrencesPerYear: Int64 { frequency.fixedOccurrences ?? casesPerYear ?? 0 }

    /// Minutes per year by the Standard Cost Model: minutes × occurrences × population. Inputs are
    /// bounded (``CostModel/limits``), so the product fits; it saturates rather than traps if not.
    public var minutesPerYear: Int64 { CostModel.product([minutes, occurrencesPerYear, population]) }

    /// Hours per year.
    public var hoursPerYear: Double { Double(minutesPerYear) / 60 }
}

/// A requirement (krav) in an organisation's inventory.
public struct Requirement: Sendable, Equatable, Identifiable {
    public let id: Int64
    public let organisationID: Int64
    public var name: String
    public var description: String
    public var type: RequirementType
    /// An external authority by name, or the name of the issuing unit.
    public var issuer: String
    /// The issuing unit, when the requirement is the organisation's own.
    public var issuerUnitID: Int64?
    public var legalReference: String?
    /// Who uses the information, for what.
    public var purpose: String
    /// The units it applies to (each with its subtree).
    public var unitIDs: [Int64]
    /// The roles it applies to; empty: everyone in the units.
    public var roles: [RequirementRole]
    public var workload: Workload
    public var status: RequirementStatus
    /// The latest decision, if any.
    public var lastDecision: RequirementDecisionKind?
    public var proposedBy: Int64?
    public let createdAt: Date

    public init(id: Int64, organisationID: Int64, name: String, description: String, type: RequirementType, issuer: String, issuerUnitID: Int64?,
                legalReference: String?, purpose: String, unitIDs: [Int64], roles: [RequirementRole], workload: Workload, status: RequirementStatus,
                lastDecision: RequirementDecisionKind?, proposedBy: Int64?, createdAt: Date) {
        self.id = id
        self.organisationID = organisationID
        self.name = name
        self.description = description
        self.type = type
        self.issuer = issuer
        self.issuerUnitID = issuerUnitID
        self.legalReference = legalReference
        self.purpose = purpose
        self.unitIDs = unitIDs
        self.roles = roles
        self.workload = workload
        self.status = status
        self.lastDecision = lastDecision
        self.proposedBy = proposedBy
        self.createdAt = createdAt
    }

    /// Whether it counts in the figures.
    public var counts: Bool { status == .active }
}

/// One staff member's view of a requirement.
public struct Assessment: Sendable, Equatable {
    public let minutes: Int64
    /// 1 (does not help at all) … 5 (helps a great deal).
    public let usefulness: Int
    public let comment: String?

    public init(minutes: Int64, usefulness: Int, comment: String?) {
        self.minutes = minutes
        self.usefulness = usefulness
        self.comment = comment
    }
}

/// A decision in a requirement's history.
public struct RequirementDecision: Sendable, Hashable {
    public let id: Int64
    public let requirementID: Int64
    public let kind: RequirementDecisionKind
    public let reason: String
    public let before: Workload
    /// The workload after a simplification (the same as before otherwise).
    public let after: Workload
    /// Minutes per year the decision frees (0 for keep and investigate).
    public let minutesFreedPerYear: Int64
    public let decidedByName: String?
    public let decidedAt: Date

    public init(id: Int64, requirementID: Int64, kind: RequirementDecisionKind, reason: String, before: Workload, after: Workload,
                minutesFreedPerYear: Int64, decidedByName: String?, decidedAt: Date) {
        self.id = id
        self.requirementID = requirementID
        self.kind = kind
        self.reason = reason
        self.before = before
        self.after = after
        self.minutesFreedPerYear = minutesFreedPerYear
        self.decidedByName = decidedByName
        self.decidedAt = decidedAt
    }

    public var hoursFreedPerYear: Double { Double(minutesFreedPerYear) / 60 }
}
