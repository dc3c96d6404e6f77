import Foundation
import TillitPlatform

/// What a signal is about.
public enum SignalKind: String, Sendable, CaseIterable, Codable {
    /// An obstacle in the work.
    case hinder
    /// A proposal.
    case ide
    /// A question to leadership.
    case fraga
    /// A requirement that seems unnecessary.
    case onodigtKrav = "onodigt_krav"

    public var label: BothLanguages {
        switch self {
        case .hinder: BothLanguages(sv: "Hinder", en: "Obstacle")
        case .ide: BothLanguages(sv: "Idé", en: "Idea")
        case .fraga: BothLanguages(sv: "Fråga till ledningen", en: "Question to leadership")
        case .onodigtKrav: BothLanguages(sv: "Onödigt krav", en: "Unnecessary requirement")
        }
    }
}

/// Whom a signal affects.
public enum SignalAffects: String, Sendable, CaseIterable, Codable {
    case citizens, colleagues, otherUnit = "other_unit"

    public var label: BothLanguages {
        switch self {
        case .citizens: BothLanguages(sv: "Medborgare/deltagare", en: "Citizens/participants")
        case .colleagues: BothLanguages(sv: "Kollegor", en: "Colleagues")
        case .otherUnit: BothLanguages(sv: "En annan enhet", en: "Another unit")
        }
    }
}

/// The answer to a signal.
public enum Decision: String, Sendable, CaseIterable, Codable {
    /// Will be done (with a plan and an owner).
    case atgardas
    /// Partly done.
    case atgardasDelvis = "atgardas_delvis"
    /// Will not be done (a reason is required).
    case atgardasInte = "atgardas_inte"
    /// Already solved.
    case redanLost = "redan_lost"

    public var label: BothLanguages {
        switch self {
        case .atgardas: BothLanguages(sv: "Åtgärdas", en: "Will be done")
        case .atgardasDelvis: BothLanguages(sv: "Åtgärdas delvis", en: "Partly done")
        case .atgardasInte: BothLanguages(sv: "Åtgärdas inte", en: "Will not be done")
        case .redanLost: BothLanguages(sv: "Redan löst", en: "Already solved")
        }
    }
}

/// Where a signal is in its life.
public enum SignalStatus: String, Sendable, CaseIterable, Codable {
    case open, decided, implemented

    public var label: BothLanguages {
        switch self {
        case .open: BothLanguages(sv: "Öppen", en: "Open")
        case .decided: BothLanguages(sv: "Besvarad", en: "Answered")
        case .implemented: BothLanguages(sv: "Genomförd", en: "Implemented")
        }
    }
}

/// One step in a signal's path.
public enum HopKind: String, Sendable, Codable {
    case landed
    case forwardedUp = "forwarded_up"
    case forwardedSideways = "forwarded_sideways"
    case decided
    case implemented

    public var label: BothLanguages {
        switch self {
        case .landed: BothLanguages(sv: "Landade hos", en: "Landed at")
        case .forwardedUp: BothLanguages(sv: "Skickades uppåt till", en: "Forwarded upward to")
        case .forwardedSideways: BothLanguages(sv: "Skickades vidare till", en: "Forwarded to")
        case .decided: BothLanguages(sv: "Besvarades av", en: "Answered at")
        case .implemented: BothLanguages(sv: "Genomfördes hos", en: "Implemented at")
        }
    }
}

/// What routing and visibility look at in a signal: where it is, who raised it, when it arrived
/// and whether it was answered. A whole ``Signal`` has it, and so does a ``SignalHead``, which is all
/// a long list reads of the signals it does not show.
public protocol SignalFacts {
    var id: Int64 { get }
    var organisationID: Int64 { get }
    var unitID: Int64 { get }
    var currentUnitID: Int64 { get }
    var raisedBy: Int64? { get }
    var createdAt: Date { get }
    var arrivedAt: Date { get }
    var firstAnsweredAt: Date? { get }
    var status: SignalStatus { get }
}

/// A signal's facts without its texts.
public struct SignalHead: SignalFacts, Sendable, Equatable {
    public let id: Int64
    public let organisationID: Int64
    public let unitID: Int64
    public let currentUnitID: Int64
    public let raisedBy: Int64?
    public let createdAt: Date
    public let arrivedAt: Date
    public let firstAnsweredAt: Date?
    public let status: SignalStatus
}

/// A signal as stored. An anonymous signal has no raiser, and its creation time is the day only.
public struct Signal: SignalFacts, Sendable, Equatable, Identifiable {
    public let id: Int64
    public let organisationID: Int64
    /// The unit the signal concerns.
    public let unitID: Int64
    /// Where the signal is now: the unit whose manager has it.
    public var currentUnitID: Int64
    public let kind: SignalKind
    public let text: String
    public let affects: SignalAffects?
    public let suggestion: String?
    public let anonymous: Bool
    /// The raiser; always nil for an anonymous signal.
    public let raisedBy: Int64?
    public let createdAt: Date
    /// When it arrived where it is now; the answer duty counts from here.
    public var arrivedAt: Date
    public var firstAnsweredAt: Date?
    public var status: SignalStatus
    public var decision: Decision?
    public var decisionText: String?
    public var implementedNote: String?
    /// Raised by staff, or given through a unit's participant code.
    public var source: SignalSource = .staff
    /// Who answers for carrying out the decision.
    public var decisionOwner: String? = nil

    /// Answered with something done or to be done (not "åtgärdas inte"): a solution others can learn from.
    public var isSolved: Bool {
        status != .open && decision != nil && decision != .atgardasInte
    }
}

/// Where a signal came from.
public enum SignalSource: String, Sendable, CaseIterable, Codable {
    case staff
    /// Through a unit's participant code, without an account (deltagarens röst).
    case participant

    public var label: BothLanguages {
        switch self {
        case .staff: BothLanguages(sv: "Från medarbetare", en: "From staff")
        case .participant: BothLanguages(sv: "Deltagarens röst", en: "Participant's voice")
        }
    }
}

/// A comment on a signal, or a follow-up question to its raiser.
public struct SignalComment: Sendable, Equatable {
    public let id: Int64
    /// The writer's name; nil for an anonymous raiser.
    public let authorName: String?
    public let byRaiser: Bool
    /// A question to the raiser, from someone with the mandate to answer the signal.
    public let question: Bool
    public let text: String
    public let createdAt: Date
}

/// A step in a signal's path, shown to the raiser and everyone on it.
public struct SignalHop: Sendable, Equatable {
    public let at: Date
    public let kind: HopKind
    public let fromUnitID: Int64?
    public let toUnitID: Int64
    public let reason: String?
}
