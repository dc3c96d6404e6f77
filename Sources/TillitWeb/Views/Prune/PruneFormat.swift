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

/// What a kept Prune page or answer knows of a requirement: its version (all its fields, read
/// with the kept inventory), its hourly cost and the staff's view as shown (nil below the anonymity
/// threshold). The staff's view is read anew for every request; only what shows it is kept, so an
/// assessment that changes what is shown is another key, and one that changes nothing shown
/// changes nothing.
struct ShownFigures: Hashable, Sendable {
    let id: Int64
    let version: Int64
    let hourlyCost: Double
    let staff: StaffView?

    /// Nil when any of `items` was not read with its version (then nothing is kept).
    static func all(_ items: [RequirementFigures]) -> [ShownFigures]? {
        var shown: [ShownFigures] = []
        shown.reserveCapacity(items.count)
        for item in items {
            guard let version = item.inventoryVersion else { return nil }
            shown.append(ShownFigures(id: item.requirement.id, version: version, hourlyCost: item.hourlyCost, staff: item.staff))
        }
        return shown
    }
}

/// The inventory page's content as rendered, kept by all it shows: the organisation's name, the
/// filter, what the reader may do, the notice, the units as read, the language, and the listed
/// requirements in their order (``ShownFigures``).
final class KeptRequirementLists: Sendable {
    struct Key: Hashable, Sendable {
        let organisationID: Int64
        let organisationName: String
        let filter: Requirements.Filter
        let canCreate: Bool
        let canImport: Bool
        let notice: String?
        let unitsVersion: Int64
        let language: Language
        let items: [ShownFigures]
    }

    private let kept = KeptValues<Key, PageView>(capacity: 256)

    /// The page `make` renders for `page`, or the one kept from before.
    func page(_ page: RequirementListPage, _ ctx: PageContext, _ make: () -> PageView) -> PageView {
        guard let unitsVersion = page.tree.version, let items = ShownFigures.all(page.items) else { return make() }
        let key = Key(organisationID: page.organisation.id, organisationName: page.organisation.name, filter: page.filter,
                      canCreate: page.canCreate, canImport: page.canImport, notice: page.notice, unitsVersion: unitsVersion,
                      language: ctx.language, items: items)
        return kept.value(key) { Layout.hyphenated(make()) }
    }
}

/// The burden page's content as rendered (an organisation's or a unit's), kept by all it shows:
/// the organisation and unit, the units as read, the people counted, the cost settings, the
/// requirements that fall on the units and those set above (``ShownFigures``), the decisions and
/// the language.
final class KeptBurdenPages: Sendable {
    struct Key: Hashable, Sendable {
        let organisationID: Int64
        let organisationName: String
        let unitID: Int64?
        let unitsVersion: Int64
        let people: Int
        let settings: CostSettings
        let requirements: [ShownFigures]
        let fromAbove: [ShownFigures]
        let decisions: [RequirementDecision]
        let topCount: Int
        let language: Language
    }

    private let kept = KeptValues<Key, PageView>(capacity: 256)

    func page(_ page: BurdenPage, _ ctx: PageContext, _ make: () -> PageView) -> PageView {
        let report = page.report
        guard let unitsVersion = report.tree.version, let requirements = ShownFigures.all(report.requirements),
              let fromAbove = ShownFigures.all(report.fromAbove) else { return make() }
        let key = Key(organisationID: page.organisation.id, organisationName: page.organisation.name, unitID: report.unit?.id,
                      unitsVersion: unitsVersion, people: report.people, settings: report.settings, requirements: requirements,
                      fromAbove: fromAbove, decisions: report.decisions, topCount: page.topCount, language: ctx.language)
        return kept.value(key) { Layout.hyphenated(make()) }
    }
}

extension Platform {
    var keptRequirementLists: KeptRequirementLists { caches.cache(KeptRequirementLists.self) { KeptRequirementLists() } }
    var keptBurdenPages: KeptBurdenPages { caches.cache(KeptBurdenPages.self) { KeptBurdenPages() } }
}
