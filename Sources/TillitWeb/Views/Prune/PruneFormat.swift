import Foundation
import TillitFormats
import TillitPlatform
import TillitPrune

/// How Prune's pages write its figures: kronor, hours, shares and usefulness.
enum PruneFormat {
    static func kronor(_ value: Double, _ ctx: PageContext) -> String {
        "\(ctx.number(Int(min(max(value, 0), 1e15).rounded()))) kr"
    }

    static func hours(_ value: Double, _ ctx: PageContext) -> String {
        ctx.number(value, digits: value < 100 ? 1 : 0)
    }

    static func hours(minutes: Int64, _ ctx: PageContext) -> String {
        hours(Double(minutes) / 60, ctx)
    }

    static func share(_ value: Double?, _ ctx: PageContext) -> String {
        guard let value else { return "–" }
        return ctx.percent(value * 100, digits: 1)
    }

    static func usefulness(_ figures: RequirementFigures, _ ctx: PageContext) -> String {
        guard let staff = figures.staff else { return "–" }
        return ctx.number(staff.meanUsefulness, digits: 1)
    }

    static func frequency(_ workload: Workload, _ ctx: PageContext) -> String {
        guard workload.frequency == .perArende, let cases = workload.casesPerYear else { return ctx.t(workload.frequency.label) }
        return "\(ctx.t(workload.frequency.label)) (\(ctx.number(Int(cases))) \(ctx.t(PruneUI.casesPerYearInline)))"
    }

    /// The organisation's units as options, indented by depth.
    static func unitOptions(_ tree: UnitTree) -> [(value: String, label: String)] {
        tree.flattened(includeClosed: false).map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
    }
}

/// The part of a requirement's table row that its own version and the organisation's hourly cost
/// decide, kept as rendered: a list renders every requirement of the organisation for every
/// request. Only what the kept inventory read names (``RequirementFigures/inventoryVersion``) is
/// kept; what staff say (read anew for each request) is never part of it.
final class KeptRequirementRows: Sendable {
    struct Key: Hashable, Sendable {
        let id: Int64
        let version: Int64
        let language: Language
        let hourlyCost: Double
    }

    private let kept = KeptValues<Key, HTML>(capacity: 4096)

    /// The row parts `make` renders for `items`, in order, or those kept from before, looked up
    /// together. (A requirement's id also names its organisation, whose address never changes.)
    func rows(_ items: [RequirementFigures], _ ctx: PageContext, _ make: (RequirementFigures) -> HTML) -> [HTML] {
        guard items.allSatisfy({ $0.inventoryVersion != nil }) else { return items.map(make) }
        let keys = items.map { Key(id: $0.requirement.id, version: $0.inventoryVersion!, language: ctx.language, hourlyCost: $0.hourlyCost) }
        return kept.values(keys) { make(items[$0]) }
    }
}

extension Platform {
    var keptRequirementRows: KeptRequirementRows { caches.cache(KeptRequirementRows.self) { KeptRequirementRows() } }
}
