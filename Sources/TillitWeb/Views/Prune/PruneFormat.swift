import Foundation
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
        return "\(ctx.t(workload.frequency.label)) (\(ctx.number(Int(cases))) \(ctx.t(PruneUI.casesPerYear).lowercased()))"
    }

    /// The organisation's units as options, indented by depth.
    static func unitOptions(_ tree: UnitTree) -> [(value: String, label: String)] {
        tree.flattened(includeClosed: false).map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
    }
}
