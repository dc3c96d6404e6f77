import Foundation
import Hummingbird

/// Every page's path, used both to register routes and to build links, so a link cannot point at a
/// route that does not exist.
public enum SiteURL: Sendable, Equatable {
    case home
    case stylesheet
    case signIn
    case signOut
    case language
    case forgotPassword
    case resetPassword(token: String)
    case invitation(token: String)
    case me
    case organisations
    case organisation(slug: String)
    case unit(slug: String, id: Int64)
    case adminUnits(slug: String)
    case adminUnitNew(slug: String)
    case adminUnit(slug: String, id: Int64)
    case adminUnitClose(slug: String, id: Int64)
    case adminUnitReopen(slug: String, id: Int64)
    case adminUnitsExport(slug: String)
    case adminPeople(slug: String)
    case adminPersonNew(slug: String)
    case adminPerson(slug: String, id: Int64)
    case adminPersonGrant(slug: String, id: Int64)
    case adminPersonRevoke(slug: String, id: Int64)
    case adminPersonInvite(slug: String, id: Int64)
    case adminPersonDisable(slug: String, id: Int64)
    case adminSettings(slug: String)
    case auditLog(slug: String)
    case systemOrganisations
    case tokens
    case healthz
    case readyz
    case metrics
    case openAPI

    /// The path, with values escaped for a URL path segment.
    public var path: String {
        switch self {
        case .home: "/"
        case .stylesheet: "/assets/tillit.css"
        case .signIn: "/logga-in"
        case .signOut: "/logga-ut"
        case .language: "/sprak"
        case .forgotPassword: "/glomt-losenord"
        case .resetPassword(let token): "/aterstall/\(Self.segment(token))"
        case .invitation(let token): "/inbjudan/\(Self.segment(token))"
        case .me: "/mitt"
        case .organisations: "/organisationer"
        case .organisation(let slug): "/o/\(Self.segment(slug))"
        case .unit(let slug, let id): "/o/\(Self.segment(slug))/enheter/\(id)"
        case .adminUnits(let slug): "/o/\(Self.segment(slug))/admin/enheter"
        case .adminUnitNew(let slug): "/o/\(Self.segment(slug))/admin/enheter/ny"
        case .adminUnit(let slug, let id): "/o/\(Self.segment(slug))/admin/enheter/\(id)"
        case .adminUnitClose(let slug, let id): "/o/\(Self.segment(slug))/admin/enheter/\(id)/lagg-ned"
        case .adminUnitReopen(let slug, let id): "/o/\(Self.segment(slug))/admin/enheter/\(id)/ateroppna"
        case .adminUnitsExport(let slug): "/o/\(Self.segment(slug))/admin/enheter.csv"
        case .adminPeople(let slug): "/o/\(Self.segment(slug))/admin/personer"
        case .adminPersonNew(let slug): "/o/\(Self.segment(slug))/admin/personer/ny"
        case .adminPerson(let slug, let id): "/o/\(Self.segment(slug))/admin/personer/\(id)"
        case .adminPersonGrant(let slug, let id): "/o/\(Self.segment(slug))/admin/personer/\(id)/roller"
        case .adminPersonRevoke(let slug, let id): "/o/\(Self.segment(slug))/admin/personer/\(id)/roller/ta-bort"
        case .adminPersonInvite(let slug, let id): "/o/\(Self.segment(slug))/admin/personer/\(id)/inbjudan"
        case .adminPersonDisable(let slug, let id): "/o/\(Self.segment(slug))/admin/personer/\(id)/inaktivera"
        case .adminSettings(let slug): "/o/\(Self.segment(slug))/admin/installningar"
        case .auditLog(let slug): "/o/\(Self.segment(slug))/admin/logg"
        case .systemOrganisations: "/admin/organisationer"
        case .tokens: "/mitt/nycklar"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .openAPI: "/api/v1/openapi.json"
        }
    }

    /// The same path with a query string.
    public func with(query items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ""
    }

    /// Route templates, in Hummingbird's syntax, for registering the handlers of the cases above.
    public enum Template {
        public static let home: RouterPath = "/"
        public static let stylesheet: RouterPath = "/assets/tillit.css"
        public static let signIn: RouterPath = "/logga-in"
        public static let signOut: RouterPath = "/logga-ut"
        public static let language: RouterPath = "/sprak"
        public static let forgotPassword: RouterPath = "/glomt-losenord"
        public static let resetPassword: RouterPath = "/aterstall/:token"
        public static let invitation: RouterPath = "/inbjudan/:token"
        public static let me: RouterPath = "/mitt"
        public static let tokens: RouterPath = "/mitt/nycklar"
        public static let organisations: RouterPath = "/organisationer"
        public static let organisation: RouterPath = "/o/:slug"
        public static let unit: RouterPath = "/o/:slug/enheter/:id"
        public static let adminUnits: RouterPath = "/o/:slug/admin/enheter"
        public static let adminUnitNew: RouterPath = "/o/:slug/admin/enheter/ny"
        public static let adminUnit: RouterPath = "/o/:slug/admin/enheter/:id"
        public static let adminUnitClose: RouterPath = "/o/:slug/admin/enheter/:id/lagg-ned"
        public static let adminUnitReopen: RouterPath = "/o/:slug/admin/enheter/:id/ateroppna"
        public static let adminUnitsExport: RouterPath = "/o/:slug/admin/enheter.csv"
        public static let adminPeople: RouterPath = "/o/:slug/admin/personer"
        public static let adminPersonNew: RouterPath = "/o/:slug/admin/personer/ny"
        public static let adminPerson: RouterPath = "/o/:slug/admin/personer/:id"
        public static let adminPersonGrant: RouterPath = "/o/:slug/admin/personer/:id/roller"
        public static let adminPersonRevoke: RouterPath = "/o/:slug/admin/personer/:id/roller/ta-bort"
        public static let adminPersonInvite: RouterPath = "/o/:slug/admin/personer/:id/inbjudan"
        public static let adminPersonDisable: RouterPath = "/o/:slug/admin/personer/:id/inaktivera"
        public static let adminSettings: RouterPath = "/o/:slug/admin/installningar"
        public static let auditLog: RouterPath = "/o/:slug/admin/logg"
        public static let systemOrganisations: RouterPath = "/admin/organisationer"
        public static let healthz: RouterPath = "/healthz"
        public static let readyz: RouterPath = "/readyz"
        public static let metrics: RouterPath = "/metrics"
        public static let openAPI: RouterPath = "/api/v1/openapi.json"
    }
}
