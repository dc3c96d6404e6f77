import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitPrune
import TillitStorage

/// Prune's JSON API: the inventory, a requirement with its figures, assessments, decisions and a
/// unit's administrative burden. Field names are written out in full (no key conversion), because
/// some keys are data (issuers, ratings) that a conversion would change.
struct PruneAPIController: Sendable {
    let site: Site
    var requirements: Requirements { Requirements(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.apiRequirements, use: list)
        router.post(Route.apiRequirements, use: create)
        router.get(Route.apiRequirement, use: get)
        router.post(Route.apiRequirementAssessments, use: assess)
        router.post(Route.apiRequirementDecisions, use: decide)
        router.get(Route.apiUnitAdminBurden, use: burden)
    }

    /// Sorted keys as written (no snake case), ISO 8601 dates.
    static let encoder = SortedJSONEncoder()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        JSONResponse.make(body: ByteBuffer(bytes: try encoder.encode(value)), status: status)
    }

    static func rounded(_ value: Double, _ digits: Double = 100) -> Double { (value * digits).rounded() / digits }

    // MARK: Representations

    struct StaffJSON: Encodable {
        let n: Int
        let median_minutes: Double
        let usefulness: [String: Int]
    }

    struct RequirementJSON: Encodable {
        let id: Int64
        let organisation_id: Int64
        let name: String
        let description: String
        let type: String
        let issuer: String
        let issuer_unit_id: Int64?
        let legal_reference: String?
        let purpose: String
        let unit_ids: [Int64]
        let roles: [String]
        let frequency: String
        let cases_per_year: Int64?
        let minutes: Int64
        let population: Int64
        let status: String
        let last_decision: String?
        let hours_per_year: Double
        let cost_per_year_sek: Int
        let staff_hours_per_year: Double?
        let staff: StaffJSON?

        init(_ f: RequirementFigures) {
            let r = f.requirement
            id = r.id
            organisation_id = r.organisationID
            name = r.name
            description = r.description
            type = r.type.rawValue
            issuer = r.issuer
            issuer_unit_id = r.issuerUnitID
            legal_reference = r.legalReference
            purpose = r.purpose
            unit_ids = r.unitIDs
            roles = r.roles.map(\.rawValue)
            frequency = r.workload.frequency.rawValue
            cases_per_year = r.workload.casesPerYear
            minutes = r.workload.minutes
            population = r.workload.population
            status = r.status.rawValue
            last_decision = r.lastDecision?.rawValue
            hours_per_year = PruneAPIController.rounded(f.hoursPerYear)
            cost_per_year_sek = Int(f.costPerYear.rounded())
            staff_hours_per_year = f.staffMinutesPerYear.map { PruneAPIController.rounded(Double($0) / 60) }
            staff = f.staff.map { view in
                StaffJSON(n: view.n, median_minutes: view.medianMinutes,
                          usefulness: Dictionary(uniqueKeysWithValues: (1...5).map { (String($0), view.usefulness[$0]) }))
            }
        }

        func encode(to encoder: any Encoder) throws {
            // Nulls are written out, so clients see every field (and "staff": null below the threshold).
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(organisation_id, forKey: .organisation_id)
            try c.encode(name, forKey: .name)
            try c.encode(description, forKey: .description)
            try c.encode(type, forKey: .type)
            try c.encode(issuer, forKey: .issuer)
            try c.encode(issuer_unit_id, forKey: .issuer_unit_id)
            try c.encode(legal_reference, forKey: .legal_reference)
            try c.encode(purpose, forKey: .purpose)
            try c.encode(unit_ids, forKey: .unit_ids)
            try c.encode(roles, forKey: .roles)
            try c.encode(frequency, forKey: .frequency)
            try c.encode(cases_per_year, forKey: .cases_per_year)
            try c.encode(minutes, forKey: .minutes)
            try c.encode(population, forKey: .population)
            try c.encode(status, forKey: .status)
            try c.encode(last_decision, forKey: .last_decision)
            try c.encode(hours_per_year, forKey: .hours_per_year)
            try c.encode(cost_per_year_sek, forKey: .cost_per_year_sek)
            try c.encode(staff_hours_per_year, forKey: .staff_hours_per_year)
            try c.encode(staff, forKey: .staff)
        }

        enum CodingKeys: String, CodingKey {
            case id, organisation_id, name, description, type, issuer, issuer_unit_id, legal_reference, purpose, unit_ids, roles, frequency,
                 cases_per_year, minutes, population, status, last_decision, hours_per_year, cost_per_year_sek, staff_hours_per_year, staff
        }
    }

    struct ListJSON: Encodable {
        let items: [RequirementJSON]
        let total: Int
        let page: Int
        let per_page: Int
    }

    // MARK: Handlers

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let query = request.uri.queryParameters
        let filter = try RequirementController.filter(request)
        var organisations: [Int64]
        if let raw = query.get("organisation"), !raw.isEmpty {
            guard let id = RequestNumber.id(raw) else {
                throw AppError(.badRequest, code: "invalid-organisation", message: PlatformText.fieldNotANumber, fieldErrors: [FieldError("organisation", PlatformText.fieldNotANumber)])
            }
            organisations = [id]
        } else if let unit = filter.unitID {
            organisations = [try await site.platform.unit(actor: actor, id: unit).organisationID]
        } else {
            organisations = Policy.organisationIDs(actor).sorted()
        }
        if organisations.count == 1, !Policy.canViewOrganisation(actor, organisations[0]) { throw AppError.forbidden }
        var items: [RequirementFigures] = []
        for organisation in organisations where Policy.canViewOrganisation(actor, organisation) {
            items += try await requirements.list(actor: actor, organisationID: organisation, filter: filter)
        }
        let page = try site.pageRequest(request, defaultPerPage: 20)
        let shown = Array(items.dropFirst(page.offset).prefix(page.perPage))
        let make = {
            ByteBuffer(bytes: try Self.encoder.encode(ListJSON(items: shown.map(RequirementJSON.init), total: items.count,
                                                               page: page.page, per_page: page.perPage)))
        }
        guard let key = KeptRequirementBody(shown, total: items.count, page: page) else {
            return JSONResponse.make(body: try make(), status: .ok)
        }
        let kept = site.platform.caches.cache(KeptValues<KeptRequirementBody, ByteBuffer>.self) { KeptValues(capacity: 1024) }
        return JSONResponse.make(body: try kept.value(key, orMake: make), status: .ok)
    }

    /// What decides a page of the requirements list as written: the requirements shown
    /// (``ShownFigures``) and the page. Writing JSON costs more than all else the list does; the
    /// same page is written once.
    struct KeptRequirementBody: Hashable, Sendable {
        let items: [ShownFigures]
        let total: Int
        let page: Int
        let perPage: Int

        /// Nil when a requirement was not read with its version.
        init?(_ shown: [RequirementFigures], total: Int, page: PageRequest) {
            guard let items = ShownFigures.all(shown) else { return nil }
            self.items = items
            self.total = total
            self.page = page.page
            perPage = page.perPage
        }
    }

    struct RequirementBody: Decodable {
        let organisation_id: Int64?
        let name: String?
        let description: String?
        let type: String?
        let issuer: String?
        let issuer_unit_id: Int64?
        let legal_reference: String?
        let purpose: String?
        let unit_ids: [Int64]?
        let roles: [String]?
        let frequency: String?
        let cases_per_year: Int64?
        let minutes: Int64?
        let population: Int64?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let body = try await APIController(site: site).decode(RequirementBody.self, request, context, snakeCaseKeys: false)
        guard let organisation = body.organisation_id else { throw AppError.invalid([FieldError("organisation_id", PlatformText.fieldRequired)]) }
        let input = RequirementInput(name: body.name, description: body.description, type: body.type, issuer: body.issuer,
                                     issuerUnitID: body.issuer_unit_id.map(String.init), legalReference: body.legal_reference, purpose: body.purpose,
                                     unitIDs: (body.unit_ids ?? []).map(String.init), roles: body.roles ?? [], frequency: body.frequency,
                                     casesPerYear: body.cases_per_year.map(String.init), minutes: body.minutes.map(String.init),
                                     population: body.population.map(String.init))
        let requirement = try await requirements.create(actor: actor, organisationID: organisation, input)
        let detail = try await requirements.detail(actor: actor, id: requirement.id)
        return try Self.json(RequirementJSON(detail.figures), status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let detail = try await requirements.detail(actor: try context.actor(), id: try site.id(context))
        return try Self.json(RequirementJSON(detail.figures))
    }

    struct AssessmentBody: Decodable {
        let minutes: Int64?
        let usefulness: Int64?
        let comment: String?
    }

    struct AssessmentJSON: Encodable {
        let requirement_id: Int64
        let minutes: Int64
        let usefulness: Int
        let comment: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(requirement_id, forKey: .requirement_id)
            try c.encode(minutes, forKey: .minutes)
            try c.encode(usefulness, forKey: .usefulness)
            try c.encode(comment, forKey: .comment)
        }
        enum CodingKeys: String, CodingKey { case requirement_id, minutes, usefulness, comment }
    }

    @Sendable func assess(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        let body = try await APIController(site: site).decode(AssessmentBody.self, request, context, snakeCaseKeys: false)
        let created = try await requirements.assess(actor: actor, id: id, minutes: body.minutes.map(String.init), usefulness: body.usefulness.map(String.init),
                                                    comment: body.comment)
        let own = try await requirements.detail(actor: actor, id: id).ownAssessment!
        return try Self.json(AssessmentJSON(requirement_id: id, minutes: own.minutes, usefulness: own.usefulness, comment: own.comment),
                             status: created ? .created : .ok)
    }

    struct DecisionBody: Decodable {
        let decision: String?
        let reason: String?
        let new_minutes: Int64?
        let new_frequency: String?
        let new_cases_per_year: Int64?
    }

    struct DecisionJSON: Encodable {
        let id: Int64
        let requirement_id: Int64
        let decision: String
        let reason: String
        let minutes_before: Int64
        let frequency_before: String
        let minutes_after: Int64
        let frequency_after: String
        let hours_freed_per_year: Double
        let decided_at: Date
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let body = try await APIController(site: site).decode(DecisionBody.self, request, context, snakeCaseKeys: false)
        let d = try await requirements.decide(actor: actor, id: try site.id(context), decision: body.decision, reason: body.reason,
                                              newMinutes: body.new_minutes.map(String.init), newFrequency: body.new_frequency,
                                              newCasesPerYear: body.new_cases_per_year.map(String.init),
                                              afterwards: SignalRequirementLink.followUp(platform: site.platform, actor: actor))
        return try Self.json(DecisionJSON(id: d.id, requirement_id: d.requirementID, decision: d.kind.rawValue, reason: d.reason,
                                          minutes_before: d.before.minutes, frequency_before: d.before.frequency.rawValue,
                                          minutes_after: d.after.minutes, frequency_after: d.after.frequency.rawValue,
                                          hours_freed_per_year: Self.rounded(d.hoursFreedPerYear), decided_at: d.decidedAt), status: .created)
    }

    struct AmountJSON: Encodable {
        let hours_per_year: Double
        let cost_per_year_sek: Int
        init(_ amount: CostModel.Amount) {
            hours_per_year = PruneAPIController.rounded(amount.hoursPerYear)
            cost_per_year_sek = Int(amount.costPerYear.rounded())
        }
    }

    struct BurdenJSON: Encodable {
        let unit_id: Int64
        let hours_per_year: Double
        let cost_per_year_sek: Int
        let people: Int
        let share_of_working_time: Double?
        let by_type: [String: AmountJSON]
        let by_issuer: [String: AmountJSON]
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(unit_id, forKey: .unit_id)
            try c.encode(hours_per_year, forKey: .hours_per_year)
            try c.encode(cost_per_year_sek, forKey: .cost_per_year_sek)
            try c.encode(people, forKey: .people)
            try c.encode(share_of_working_time, forKey: .share_of_working_time)
            try c.encode(by_type, forKey: .by_type)
            try c.encode(by_issuer, forKey: .by_issuer)
        }
        enum CodingKeys: String, CodingKey { case unit_id, hours_per_year, cost_per_year_sek, people, share_of_working_time, by_type, by_issuer }
    }

    @Sendable func burden(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try await requirements.burdenTotals(actor: try context.actor(), unitID: try site.id(context))
        let b = report.burden
        return try Self.json(BurdenJSON(
            unit_id: report.unit.id, hours_per_year: Self.rounded(b.total.hoursPerYear), cost_per_year_sek: Int(b.total.costPerYear.rounded()),
            people: report.people, share_of_working_time: report.shareOfWorkingTime.map { Self.rounded($0, 10_000) },
            by_type: Dictionary(uniqueKeysWithValues: RequirementType.allCases.map { ($0.rawValue, AmountJSON(b.byType[$0] ?? CostModel.Amount())) }),
            by_issuer: b.byIssuer.mapValues(AmountJSON.init)))
    }
}
