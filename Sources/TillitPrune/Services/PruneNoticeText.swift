import Foundation
import SQLKit
import TillitPlatform

/// What Prune tells people in their notices.
public enum PruneNoticeText: LocalizedText {
    case proposed(name: String)
    case accepted(name: String)
    case rejected(name: String)
    case decided(name: String, decision: RequirementDecisionKind)

    public var texts: (sv: String, en: String) {
        switch self {
        case .proposed(let name): ("Ett krav har föreslagits för inventeringen och väntar på din granskning: ”\(name)”.",
                                   "A requirement has been proposed for the inventory and waits for your review: “\(name)”.")
        case .accepted(let name): ("Kravet du föreslog, ”\(name)”, finns nu i kravinventeringen.", "The requirement you proposed, “\(name)”, is now in the inventory.")
        case .rejected(let name): ("Kravet du föreslog, ”\(name)”, togs inte in i kravinventeringen.", "The requirement you proposed, “\(name)”, was not taken into the inventory.")
        case .decided(let name, let decision): ("Kravet du föreslog, ”\(name)”, har fått ett beslut: \(decision.label.sv).",
                                                "The requirement you proposed, “\(name)”, has been decided: \(decision.label.en).")
        }
    }

    public static func target(_ requirementID: Int64) -> NoticeTarget { NoticeTarget("requirement", id: requirementID) }
}

extension Requirements {
    /// The people who own a requirement over `units`: the managers of a unit at or above all of
    /// them; where there are none, the organisation's administrators.
    static func owners(_ db: any SQLDatabase, organisationID: Int64, units: [Int64], tree: UnitTree) async throws -> [Int64] {
        var common: Set<Int64>?
        for unit in units {
            let chain = Set([unit] + tree.ancestors(of: unit).map(\.id))
            common = common.map { $0.intersection(chain) } ?? chain
        }
        var owners: Set<Int64> = []
        for unit in (common ?? []).sorted() { owners.formUnion(try await Directory.managers(db, unitID: unit)) }
        if owners.isEmpty { owners = Set(try await Directory.holders(db, role: .administrator, organisationID: organisationID)) }
        return owners.sorted()
    }

    static func notify(_ db: any SQLDatabase, _ people: [Int64], organisationID: Int64, kind: String, _ message: PruneNoticeText, requirementID: Int64,
                       except: Int64?, at now: Date) async throws {
        let drafts = people.filter { $0 != except }.map {
            NotificationDraft(userID: $0, organisationID: organisationID, kind: kind, message: message, target: PruneNoticeText.target(requirementID))
        }
        if !drafts.isEmpty { try await Notifications.add(db, at: now, drafts) }
    }
}
