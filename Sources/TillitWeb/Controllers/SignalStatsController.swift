import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitListen
import TillitStorage

/// The follow-up views of Listen: per unit and subtree, and for the whole organisation, with CSV.
struct SignalStatsController: Sendable {
    let site: Site
    var signals: Signals { Signals(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.unitSignalStats, use: unitStats)
        router.get(Route.unitSignalStatsCSV, use: unitStatsCSV)
        router.get(Route.organisationSignalStats, use: organisationStats)
    }

    /// A period asked for in the query: `from` and `to` (YYYY-MM-DD, Swedish days, both included),
    /// as typed, and what is wrong with them.
    struct Period {
        var from: Date?, to: Date?
        let raw: (String?, String?)
        var errors: [FieldError] = []
    }

    /// The period in the query. A date that is not written YYYY-MM-DD or does not exist, or an end
    /// before the start, is an error beside its field; the page shows the form again with what was typed.
    static func period(_ request: Request) -> Period {
        let params = request.uri.queryParameters
        var period = Period(raw: (params.get("from").map { String($0.prefix(40)) }, params.get("to").map { String($0.prefix(40)) }))
        var v = Validator()
        func date(_ name: String, _ raw: String?) -> Date? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let date = Self.parseDay(raw) else {
                v.add(name, SignalUIText.invalidDate)
                return nil
            }
            return date
        }
        period.from = date("from", period.raw.0)
        period.to = date("to", period.raw.1).map { $0.addingTimeInterval(86_400) }  // the whole last day
        if let from = period.from, let to = period.to, to <= from { v.add("to", SignalUIText.endBeforeStart) }
        period.errors = v.errors
        return period
    }

    /// The period, or a 400 naming the fields (for the CSV, which has no form to show again).
    static func validPeriod(_ request: Request) throws -> Period {
        let period = Self.period(request)
        if !period.errors.isEmpty { throw AppError(.badRequest, code: "invalid-date", message: SignalUIText.invalidDate, fieldErrors: period.errors) }
        return period
    }

    /// The start of a Swedish day written YYYY-MM-DD.
    static func parseDay(_ raw: String) -> Date? {
        CivilDate(raw)?.start(in: LocalTime.zone)
    }

    static func percent(_ share: Double?, _ ctx: PageContext) -> String {
        share.map { ctx.percent(Int(($0 * 100).rounded())) } ?? "–"
    }

    /// The figures as label–value rows, shared by the page and the CSV.
    static func rows(_ stats: SignalStats, _ ctx: PageContext, organisationWide: Bool) -> [(String, String)] {
        [
            (ctx.t(SignalUIText.raised), ctx.number(stats.raised)),
            (ctx.t(SignalUIText.openCount), ctx.number(stats.open)),
            (ctx.t(SignalUIText.overdueCount), ctx.number(stats.overdue)),
            (ctx.t(SignalUIText.medianDays), stats.medianDaysToFirstAnswer.map { ctx.number($0, digits: 1) } ?? "–"),
            (ctx.t(SignalUIText.inTime), percent(stats.answeredInTimeShare, ctx)),
            (ctx.t(SignalUIText.proximity), percent(stats.proximityShare, ctx)),
            (ctx.t(SignalUIText.forwardedUp), ctx.number(stats.forwardedUpward)),
            (ctx.t(SignalUIText.mostLevelsUp), ctx.number(stats.mostLevelsUp)),
            (ctx.t(organisationWide ? SignalUIText.waitingAtTopOrg : SignalUIText.waitingAtTop), ctx.number(stats.waitingAtTop)),
        ]
    }

    private func page(_ request: Request, _ context: AppRequestContext, title: String, figures: SignalFigures, period: Period,
                      csv: String?, crumbs: [(label: String, path: String)], organisationWide: Bool) -> Response {
        let months = SignalStatsPage.months(from: period.from, to: period.to, now: site.platform.clock.now())
        let view = SignalStatsPage(title: title, figures: figures, period: period, months: months, csv: csv, crumbs: crumbs,
                                   organisationWide: organisationWide)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: period.errors.isEmpty ? .ok : .badRequest)
    }

    /// The unit named in the path (within the organisation in the path), the period asked for, and its figures.
    private func unitFigures(_ request: Request, _ context: AppRequestContext, period: Period) async throws -> (Organisation, OrgUnit, SignalFigures) {
        let organisation = try await site.organisation(context)
        let id = try site.id(context)
        let unit = try await site.platform.unit(actor: try context.actor(), id: id)
        guard unit.organisationID == organisation.id else { throw AppError.notFound }
        // Asked even for a period with errors: the service decides who may see the unit's figures.
        let figures = try await signals.figures(actor: try context.actor(), unitID: id, from: period.from, to: period.to)
        return (organisation, unit, figures)
    }

    @Sendable func unitStats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let period = Self.period(request)
        let (organisation, unit, figures) = try await unitFigures(request, context, period: period)
        let id = unit.id
        let ctx = site.pageContext(request, context)
        let query = request.uri.query.map { "?" + $0 } ?? ""
        return page(request, context, title: "\(ctx.t(SignalUIText.followUp)): \(unit.name)", figures: figures, period: period,
                    csv: SiteURL.unitSignalStatsCSV(slug: organisation.slug, id: id).path + query,
                    crumbs: [(organisation.name, SiteURL.organisation(slug: organisation.slug).path), (unit.name, SiteURL.unit(slug: organisation.slug, id: id).path)],
                    organisationWide: false)
    }

    @Sendable func unitStatsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, unit, figures) = try await unitFigures(request, context, period: try Self.validPeriod(request))
        let stats = figures.stats
        let id = unit.id
        let ctx = site.pageContext(request, context)
        var rows = Self.rows(stats, ctx, organisationWide: false).map { [$0.0, $0.1] }
        rows += SignalKind.allCases.map { [ctx.t(SignalUIText.byKind) + ": " + ctx.t($0.label), String(stats.byKind[$0.rawValue] ?? 0)] }
        rows += stats.byMonth.sorted { $0.key < $1.key }.map { [ctx.t(SignalUIText.month) + " " + $0.key, String($0.value)] }
        let csv = CSVWriter.document(header: [ctx.t(SignalUIText.figure), ctx.t(SignalUIText.value)], rows: rows, byteOrderMark: false, neutralizeFormulas: true)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"signaler-\(id).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    @Sendable func organisationStats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let period = Self.period(request)
        let figures = try await signals.organisationFigures(actor: try context.actor(), organisationID: organisation.id, from: period.from, to: period.to)
        let ctx = site.pageContext(request, context)
        return page(request, context, title: "\(ctx.t(SignalUIText.followUp)): \(organisation.name)", figures: figures, period: period, csv: nil,
                    crumbs: [(organisation.name, SiteURL.organisation(slug: organisation.slug).path)], organisationWide: true)
    }
}
