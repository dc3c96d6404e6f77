import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform
import TillitListen
import TillitStorage

/// The JSON API under `/api/v1`. Every route needs an API token (`Authorization: Bearer …`) and
/// goes through the same services, and so the same authorisation, as the web pages.
struct APIController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.apiMe, use: me)
        router.get(Route.apiOrganisations, use: listOrganisations)
        router.post(Route.apiOrganisations, use: createOrganisation)
        router.get(Route.apiOrganisation, use: getOrganisation)
        router.patch(Route.apiOrganisation, use: updateOrganisation)
        router.get(Route.apiOrganisationSettings, use: getSettings)
        router.patch(Route.apiOrganisationSettings, use: updateSettings)
        router.get(Route.apiOrganisationUnits, use: listUnits)
        router.post(Route.apiOrganisationUnits, use: createUnit)
        router.get(Route.apiOrganisationAuditLog, use: auditLog)
        router.get(Route.apiUnit, use: getUnit)
        router.patch(Route.apiUnit, use: updateUnit)
        router.post(Route.apiSignals, quiet: true, use: raiseSignal)
        router.get(Route.apiSignals, use: listSignals)
        router.post(Route.apiSignalForward, use: forwardSignal)
        router.post(Route.apiSignalDecision, use: decideSignal)
        router.get(Route.apiUnitSignalStats, use: signalStats)
    }

    // MARK: Representations

    struct OrganisationJSON: Encodable {
        let id: Int64
        let slug: String
        let name: String
        let kind: String
        let createdAt: Date
        init(_ o: Organisation) {
            id = o.id
            slug = o.slug
            name = o.name
            kind = o.kind.rawValue
            createdAt = o.createdAt
        }
    }

    struct UnitJSON: Encodable {
        let id: Int64
        let organisationId: Int64
        let parentId: Int64?
        let externalId: String?
        let name: String
        let kind: String
        let createdAt: Date
        let closedAt: Date?
        init(_ u: OrgUnit) {
            id = u.id
            organisationId = u.organisationID
            parentId = u.parentID
            externalId = u.externalID
            name = u.name
            kind = u.kind.rawValue
            createdAt = u.createdAt
            closedAt = u.closedAt
        }
        func encode(to encoder: any Encoder) throws {
            // Nulls are written out, so clients see every field.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(organisationId, forKey: .organisationId)
            try c.encode(parentId, forKey: .parentId)
            try c.encode(externalId, forKey: .externalId)
            try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(closedAt, forKey: .closedAt)
        }
        enum CodingKeys: String, CodingKey { case id, organisationId, parentId, externalId, name, kind, createdAt, closedAt }
    }

    struct ListJSON<Item: Encodable>: Encodable {
        let items: [Item]
        let total: Int
        let page: Int
        let perPage: Int
    }

    struct AuditJSON: Encodable, Hashable, Sendable {
        let id: Int64
        let at: Date
        let actor: String
        let via: String
        let action: String
        let objectType: String
        let objectId: String?
        let details: String
    }

    static func list<T: Sendable, J: Encodable>(_ page: Page<T>, _ transform: (T) -> J) -> ListJSON<J> {
        ListJSON(items: page.items.map(transform), total: page.total, page: page.request.page, perPage: page.request.perPage)
    }

    /// The body ``list(_:_:)`` encodes, with each item written once and kept by all it holds
    /// (`kept`): a list shows mostly the items it showed before, and writing them was most of its
    /// answer.
    static func keptList<T: Sendable, J: Encodable & Hashable & Sendable>(_ page: Page<T>, kept: KeptValues<J, EncodedJSON>,
                                                                           _ transform: (T) -> J) throws -> ByteBuffer {
        let items = page.items.map(transform)
        let written = try kept.values(items) { EncodedJSON(try JSONResponse.encoder.encode(items[$0])) }
        return try JSONResponse.body(ListJSON(items: written, total: page.total, page: page.request.page, perPage: page.request.perPage))
    }

    /// Signals and audit entries as written, by all they hold.
    static let keptSignals = KeptValues<SignalJSON, EncodedJSON>(capacity: 4096)
    static let keptAuditEntries = KeptValues<AuditJSON, EncodedJSON>(capacity: 4096)

    // MARK: Input

    /// Decodes a JSON body; a wrong type names the field, bad JSON or bad UTF-8 is a 400.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext, snakeCaseKeys: Bool = true) async throws -> T {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw AppError(.unsupportedMediaType, code: "unsupported-media-type", message: WebText.unsupportedMediaType)
        }
        var request = request
        let text = try await readUTF8Body(&request, context: context)
        let decoder = JSONDecoder()
        if snakeCaseKeys { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            let field = Self.fieldName(context.codingPath)
            throw AppError.invalid([FieldError(field, PlatformText.fieldWrongType)])
        } catch let DecodingError.valueNotFound(_, context) {
            throw AppError.invalid([FieldError(Self.fieldName(context.codingPath), PlatformText.fieldRequired)])
        } catch {
            throw AppError(.badRequest, code: "invalid-json", message: PlatformText.invalidJSON)
        }
    }

    static func fieldName(_ path: [any CodingKey]) -> String {
        path.map { key in
            key.intValue.map(String.init) ?? key.stringValue.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression).lowercased()
        }.joined(separator: ".")
    }


    // MARK: Handlers

    struct MeJSON: Encodable {
        let id: Int64
        let email: String
        let name: String
        let roles: [GrantJSON]
    }

    struct GrantJSON: Encodable {
        let role: String
        let organisationId: Int64?
        let unitId: Int64?
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.actor()
        let identity = context.identity!
        return try JSONResponse.make(MeJSON(id: identity.user.id, email: identity.user.email, name: identity.user.name,
                                            roles: identity.grants.map { GrantJSON(role: $0.role.rawValue, organisationId: $0.organisationID, unitId: $0.unitID) }))
    }

    @Sendable func listOrganisations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await site.platform.organisations(actor: try context.actor(), page: try site.pageRequest(request, defaultPerPage: PageRequest.defaultPerPage))
        return try JSONResponse.make(Self.list(page, OrganisationJSON.init))
    }

    struct OrganisationInput: Decodable {
        let slug: String?
        let name: String?
        let kind: String?
    }

    @Sendable func createOrganisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(OrganisationInput.self, request, context)
        let organisation = try await site.platform.createOrganisation(actor: actor, slug: input.slug, name: input.name, kind: input.kind)
        return try JSONResponse.make(OrganisationJSON(organisation), status: .created)
    }

    @Sendable func getOrganisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let organisation = try await site.platform.organisation(id: try site.id(context))
        guard Policy.canViewOrganisation(actor, organisation.id) else { throw AppError.forbidden }
        return try JSONResponse.make(OrganisationJSON(organisation))
    }

    @Sendable func updateOrganisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(OrganisationInput.self, request, context)
        let organisation = try await site.platform.updateOrganisation(actor: actor, id: try site.id(context), name: input.name, kind: input.kind)
        return try JSONResponse.make(OrganisationJSON(organisation))
    }

    @Sendable func getSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let values = try await site.platform.settings(actor: try context.actor(), organisationID: try site.id(context))
        return try JSONResponse.make(SettingsJSON(values, settings: site.platform.settings))
    }

    /// An organisation's settings as the API shows them: strings, and for a write-only setting
    /// (`smtp_password`, `oidc_client_secret`) whether it is set, as a boolean.
    struct SettingsJSON: Encodable {
        let values: [String: String]
        let secrets: Set<String>

        init(_ values: [String: String], settings: [SettingDefinition]) {
            self.values = values
            self.secrets = Set(settings.filter(\.isSecret).map(\.key))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in values {
                let codingKey = AnyKey(stringValue: key)!
                if secrets.contains(key) {
                    try container.encode(!value.isEmpty, forKey: codingKey)
                } else {
                    try container.encode(value, forKey: codingKey)
                }
            }
        }
    }

    /// Settings values arrive as strings or numbers; both are accepted and validated per setting.
    /// A write-only setting also takes a boolean, so that what a read gave can be sent back:
    /// `true` leaves it as it is, `false` clears it.
    struct SettingsInput: Decodable {
        let values: [String: String]
        /// Write-only settings sent as `false`: to be cleared.
        let cleared: Set<String>
        /// Write-only settings sent as `true`: left as they are.
        let kept: Set<String>

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            var values: [String: String] = [:]
            var cleared: Set<String> = [], kept: Set<String> = []
            for key in container.allKeys {
                if let s = try? container.decode(String.self, forKey: key) {
                    values[key.stringValue] = s
                } else if let b = try? container.decode(Bool.self, forKey: key) {
                    if b { kept.insert(key.stringValue) } else { cleared.insert(key.stringValue) }
                } else if let n = try? container.decode(Int.self, forKey: key) {
                    values[key.stringValue] = String(n)
                } else {
                    throw DecodingError.typeMismatch(String.self, .init(codingPath: [key], debugDescription: "string or integer expected"))
                }
            }
            self.values = values
            self.cleared = cleared
            self.kept = kept
        }

        /// The changes to make: booleans only stand for write-only settings.
        func changes(_ settings: [SettingDefinition]) throws -> [String: String] {
            let secrets = Set(settings.filter(\.isSecret).map(\.key))
            var fields: [FieldError] = []
            for key in cleared.union(kept).sorted() where !secrets.contains(key) {
                fields.append(FieldError(key, PlatformText.fieldWrongType))
            }
            guard fields.isEmpty else { throw AppError.invalid(fields) }
            var changes = values
            for key in cleared { changes[key] = "" }
            return changes
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    @Sendable func updateSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(SettingsInput.self, request, context, snakeCaseKeys: false)
        let values = try await site.platform.updateSettings(actor: actor, organisationID: try site.id(context), changes: try input.changes(site.platform.settings))
        return try JSONResponse.make(SettingsJSON(values, settings: site.platform.settings))
    }

    @Sendable func listUnits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let includeClosed = request.uri.queryParameters.get("include_closed") == "true"
        let actor = try context.actor(), organisationID = try site.id(context)
        let pageRequest = try site.pageRequest(request, defaultPerPage: PageRequest.defaultPerPage)
        func body() async throws -> ByteBuffer {
            let page = try await site.platform.units(actor: actor, organisationID: organisationID, includeClosed: includeClosed, page: pageRequest)
            return try JSONResponse.body(Self.list(page, UnitJSON.init))
        }
        // Every change to an organisation's units moves its `units_version` (read with the tree), so
        // a list written at one version is the same list while it stands.
        guard Policy.canViewOrganisation(actor, organisationID), let version = try? await site.platform.unitTree(organisationID: organisationID).version else {
            return JSONResponse.make(body: try await body())
        }
        let key = UnitListKey(organisationID: organisationID, version: version, includeClosed: includeClosed, request: pageRequest)
        let kept = site.platform.caches.cache(KeptValues<UnitListKey, ByteBuffer>.self) { KeptValues(capacity: 1024) }
        if let known = kept.value(key) { return JSONResponse.make(body: known) }
        let written = try await body()
        kept.keep(written, for: key)
        return JSONResponse.make(body: written)
    }

    /// What decides a list of units as the API writes it.
    struct UnitListKey: Hashable, Sendable {
        let organisationID: Int64
        let version: Int64
        let includeClosed: Bool
        let request: PageRequest
    }

    struct UnitInput: Decodable {
        let name: String?
        let kind: String?
        let parentId: Int64??
        let externalId: String?
        let closed: Bool?

        enum CodingKeys: String, CodingKey { case name, kind, parentId, externalId, closed }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            kind = try c.decodeIfPresent(String.self, forKey: .kind)
            externalId = try c.decodeIfPresent(String.self, forKey: .externalId)
            closed = try c.decodeIfPresent(Bool.self, forKey: .closed)
            // "parent_id": null moves a unit to the top level; a missing key leaves it where it is.
            if c.contains(.parentId) {
                parentId = .some(try c.decodeNil(forKey: .parentId) ? nil : try c.decode(Int64.self, forKey: .parentId))
            } else {
                parentId = nil
            }
        }

        var platformInput: Platform.UnitInput {
            Platform.UnitInput(name: name, kind: kind, parentID: parentId.map { $0.map(String.init) ?? "" }, externalID: externalId, closed: closed)
        }
    }

    @Sendable func createUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(UnitInput.self, request, context)
        var platformInput = input.platformInput
        platformInput.name = platformInput.name ?? ""
        platformInput.kind = platformInput.kind ?? ""
        let unit = try await site.platform.createUnit(actor: actor, organisationID: try site.id(context), input: platformInput)
        return try JSONResponse.make(UnitJSON(unit), status: .created)
    }

    @Sendable func getUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let unit = try await site.platform.unit(actor: try context.actor(), id: try site.id(context))
        return try JSONResponse.make(UnitJSON(unit))
    }

    @Sendable func updateUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(UnitInput.self, request, context)
        let unit = try await site.platform.updateUnit(actor: actor, id: try site.id(context), input: input.platformInput)
        return try JSONResponse.make(UnitJSON(unit))
    }

    // MARK: Signals

    struct SignalJSON: Encodable, Hashable, Sendable {
        let id: Int64
        let organisationId: Int64
        let unitId: Int64
        let currentUnitId: Int64
        let kind: String
        let text: String
        let affects: String?
        let suggestion: String?
        let anonymous: Bool
        let createdAt: Date
        let status: String
        let decision: String?
        let decisionText: String?
        let decisionOwner: String?
        let source: String
        let receipt: String?

        init(_ s: TillitListen.Signal, receipt: String? = nil) {
            id = s.id
            organisationId = s.organisationID
            unitId = s.unitID
            currentUnitId = s.currentUnitID
            kind = s.kind.rawValue
            text = s.text
            affects = s.affects?.rawValue
            suggestion = s.suggestion
            anonymous = s.anonymous
            createdAt = s.createdAt
            status = s.status.rawValue
            decision = s.decision?.rawValue
            decisionText = s.decisionText
            decisionOwner = s.decisionOwner
            source = s.source.rawValue
            self.receipt = receipt
        }
    }

    struct SignalInput: Decodable {
        let kind: String?
        let text: String?
        let unitId: Int64?
        let affects: String?
        let suggestion: String?
        let anonymous: Bool?
    }

    @Sendable func raiseSignal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(SignalInput.self, request, context)
        let (signal, receipt) = try await Signals(platform: site.platform).raise(actor: actor, .init(
            kind: input.kind, text: input.text, unitID: input.unitId.map(String.init), affects: input.affects,
            suggestion: input.suggestion, anonymous: input.anonymous ?? false))
        return try JSONResponse.make(SignalJSON(signal, receipt: receipt), status: .created)
    }

    @Sendable func listSignals(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let query = request.uri.queryParameters
        var unitID: Int64?
        if let raw = query.get("unit") {
            guard let id = RequestNumber.id(raw) else { throw AppError(.badRequest, code: "invalid-unit", message: PlatformText.fieldNotANumber, fieldErrors: [FieldError("unit", PlatformText.fieldNotANumber)]) }
            unitID = id
        }
        let page = try await Signals(platform: site.platform).list(actor: actor, unitID: unitID, status: query.get("status"), kind: query.get("kind"), page: try site.pageRequest(request, defaultPerPage: PageRequest.defaultPerPage))
        return JSONResponse.make(body: try Self.keptList(page, kept: Self.keptSignals) { SignalJSON($0) })
    }

    struct ForwardInput: Decodable {
        let toUnitId: Int64?
        let reason: String?
    }

    @Sendable func forwardSignal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(ForwardInput.self, request, context)
        let signal = try await Signals(platform: site.platform).forward(actor: actor, id: try site.id(context), toUnitID: input.toUnitId.map(String.init), reason: input.reason)
        return try JSONResponse.make(SignalJSON(signal))
    }

    struct DecisionInput: Decodable {
        let decision: String?
        let text: String?
        let owner: String?
    }

    @Sendable func decideSignal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let input = try await decode(DecisionInput.self, request, context)
        let signal = try await Signals(platform: site.platform).decide(actor: actor, id: try site.id(context), decision: input.decision, text: input.text, owner: input.owner)
        return try JSONResponse.make(SignalJSON(signal))
    }

    @Sendable func signalStats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let period = try SignalStatsController.validPeriod(request)
        let stats = try await Signals(platform: site.platform).stats(actor: try context.actor(), unitID: try site.id(context), from: period.from, to: period.to)
        return try JSONResponse.make(stats)
    }

    @Sendable func auditLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await site.platform.auditLog(actor: try context.actor(), organisationID: try site.id(context), page: try site.pageRequest(request, defaultPerPage: PageRequest.defaultPerPage))
        return JSONResponse.make(body: try Self.keptList(page, kept: Self.keptAuditEntries) {
            AuditJSON(id: $0.id, at: $0.at, actor: $0.actorLabel, via: $0.via, action: $0.action, objectType: $0.objectType, objectId: $0.objectID, details: $0.details)
        })
    }
}
