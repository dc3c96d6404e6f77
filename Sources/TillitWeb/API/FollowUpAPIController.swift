import Foundation
import Hummingbird
import TillitFollowUp
import TillitPlatform

/// Follow up in the API: questionnaires, rounds, invitations, responses (without an account) and
/// results with disclosure control applied for the caller's role.
struct FollowUpAPIController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.apiQuestionnaires, use: questionnaires)
        router.get(Route.apiQuestionnaire, use: questionnaire)
        router.post(Route.apiRounds, use: createRound)
        router.post(Route.apiRoundInvitations, use: invite)
        router.post(Route.apiRoundClose, use: close)
        router.get(Route.apiRoundResults, use: results)
        // A response is anonymous: no request-log line, no metric (docs/ANONYMITY.md).
        router.post(Route.apiResponses, quiet: true, use: respond)
    }

    var followUp: FollowUp { FollowUp(platform: site.platform) }
    var api: APIController { APIController(site: site) }

    struct QuestionnaireSummaryJSON: Encodable { let id: Int64; let title: String; let version: Int }
    struct ItemsJSON<T: Encodable>: Encodable { let items: [T] }
    struct ItemJSON: Encodable {
        let id: String, kind: String, text: String, dimension: String?
        enum CodingKeys: String, CodingKey { case id, kind, text, dimension }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(text, forKey: .text)
            try c.encode(dimension, forKey: .dimension)
        }
    }
    struct QuestionnaireJSON: Encodable { let id: Int64; let title: String; let items: [ItemJSON] }

    /// The questionnaires the caller's organisations may use.
    @Sendable func questionnaires(_ request: Request, context: AppRequestContext) async throws -> Response {
        let list = try await followUp.questionnaires(actor: try context.actor())
        return try JSONResponse.make(ItemsJSON(items: list.map {
            QuestionnaireSummaryJSON(id: $0.id, title: $0.questionnaire.title.text(context.language), version: $0.questionnaire.version)
        }))
    }

    /// One questionnaire with its items.
    @Sendable func questionnaire(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await followUp.questionnaire(actor: try context.actor(), id: try site.id(context))
        return try JSONResponse.make(QuestionnaireJSON(
            id: stored.id, title: stored.questionnaire.title.text(context.language),
            items: stored.questionnaire.items.map { ItemJSON(id: $0.id, kind: $0.kind.name, text: $0.text.text(context.language), dimension: $0.dimension) }))
    }

    struct RoundJSON: Encodable {
        let id: Int64, organisationId: Int64, questionnaireId: Int64, unitId: Int64, opensOn: String, closesOn: String, closedOn: String?
        init(_ r: SurveyRound) {
            id = r.id
            organisationId = r.organisationID
            questionnaireId = r.questionnaireID
            unitId = r.unitID
            opensOn = r.opensOn.description
            closesOn = r.closesOn.description
            closedOn = r.closedOn?.description
        }
    }

    /// A number or a text in a JSON body, kept as text for the service to check.
    struct Loose: Decodable {
        let value: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = nil }
            else if let n = try? c.decode(Int64.self) { value = String(n) }
            else { value = try c.decode(String.self) }
        }
    }

    struct RoundInput: Decodable { let questionnaireId: Loose?; let unitId: Loose?; let opensOn: String?; let closesOn: String? }

    @Sendable func createRound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await api.decode(RoundInput.self, request, context)
        let round = try await followUp.createRound(actor: actor, .init(questionnaireID: input.questionnaireId?.value, unitID: input.unitId?.value,
                                                                       opensOn: input.opensOn, closesOn: input.closesOn))
        return try JSONResponse.make(RoundJSON(round), status: .created)
    }

    struct InvitationInput: Decodable { let unitId: Loose?; let count: Loose? }
    struct TokensJSON: Encodable { let tokens: [String] }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await api.decode(InvitationInput.self, request, context)
        let tokens = try await followUp.invite(actor: actor, roundID: try site.id(context), unitID: input.unitId?.value, count: input.count?.value)
        return try JSONResponse.make(TokensJSON(tokens: tokens), status: .created)
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let round = try await followUp.close(actor: try context.actor(), roundID: try site.id(context))
        return try JSONResponse.make(RoundJSON(round))
    }

    /// An answer as sent: a number (1–5) or a text (`vet_ej`, an option's id, free text).
    struct AnswerValue: Decodable {
        let raw: RawAnswer
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { raw = .number(n) }
            else if let s = try? c.decode(String.self) { raw = .string(s) }
            else if let d = try? c.decode(Double.self) { raw = .string(String(d)) }
            else { throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "an answer is a number or a text")) }
        }
    }
    struct ResponseInput: Decodable { let token: String?; let answers: [String: AnswerValue]? }
    struct SubmittedJSON: Encodable { let submitted: Bool }

    /// A response through a single-use token; no account. An omitted item is skipped.
    @Sendable func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await api.decode(ResponseInput.self, request, context, snakeCaseKeys: false)
        guard let token = input.token, !token.isEmpty, token.count <= 200 else {
            throw AppError.invalid([FieldError("token", PlatformText.fieldRequired)])
        }
        try await followUp.respond(token: token, answers: (input.answers ?? [:]).mapValues(\.raw), submit: true)
        return try JSONResponse.make(SubmittedJSON(submitted: true), status: .created)
    }

    struct ItemResultJSON: Encodable {
        let figures: ItemFigures
        enum CodingKeys: String, CodingKey { case n, mean, distribution, suppressed }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(figures.n, forKey: .n)
            try c.encode(figures.mean, forKey: .mean)
            try c.encode(figures.distribution, forKey: .distribution)
            try c.encode(figures.suppressed, forKey: .suppressed)
        }
    }
    struct UnitResultJSON: Encodable {
        let figures: UnitFigures
        enum CodingKeys: String, CodingKey { case unit_id, parent_id, invited, n, response_rate, suppressed, items }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(figures.unitID, forKey: .unit_id)
            try c.encode(figures.parentID, forKey: .parent_id)
            try c.encode(figures.invited, forKey: .invited)
            try c.encode(figures.respondents, forKey: .n)
            try c.encode(figures.responseRate, forKey: .response_rate)
            try c.encode(figures.suppressed, forKey: .suppressed)
            try c.encode(figures.items.mapValues(ItemResultJSON.init), forKey: .items)
        }
    }
    struct ResultsJSON: Encodable { let k: Int; let units: [UnitResultJSON] }

    /// Results for the units from `unit` (default: the round's unit) down `depth` levels (default 1).
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let query = request.uri.queryParameters
        var unitID: Int64?
        if let raw = query.get("unit"), !raw.isEmpty {
            guard let id = RequestNumber.id(raw) else {
                throw AppError(.badRequest, code: "invalid-query", message: PlatformText.validationFailed, fieldErrors: [FieldError("unit", PlatformText.fieldNotANumber)])
            }
            unitID = id
        }
        var depth: Int?
        if let raw = query.get("depth"), !raw.isEmpty {
            guard let value = RequestNumber.int(raw, in: 0...20) else {
                throw AppError(.badRequest, code: "invalid-query", message: PlatformText.validationFailed, fieldErrors: [FieldError("depth", PlatformText.fieldOutOfRange(min: 0, max: 20))])
            }
            depth = value
        }
        // The API gives figures only (free texts are read on the results page).
        let results = try await followUp.results(actor: actor, roundID: try site.id(context), unitID: unitID, depth: depth, texts: false)
        // Figures of a closed round: the same body for every caller with the same view of the same units.
        let key = results.stamp.map {
            KeptReportSections.BodyKey(stamp: $0, units: results.units.map(\.unitID), visible: results.units.map { results.visible.contains($0.unitID) })
        }
        return JSONResponse.make(body: try site.platform.keptReportSections.body(key) {
            try JSONResponse.body(ResultsJSON(k: results.k, units: results.units.map(UnitResultJSON.init)))
        })
    }
}
