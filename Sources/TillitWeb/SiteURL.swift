import Foundation

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
    case tokenRevoke(id: Int64)
    case signals
    case signalNew
    case signal(id: Int64)
    case signalForward(id: Int64)
    case signalDecide(id: Int64)
    case signalImplement(id: Int64)
    case signalSupport(id: Int64)
    case receipt
    case receiptReply
    case receiptIssued
    case signalComment(id: Int64)
    case participant(code: String)
    case participantQR(code: String)
    case participantThanks(code: String)
    case unitParticipantCode(slug: String, id: Int64)
    case unitParticipantCodeWithdraw(slug: String, id: Int64)
    case knowledge
    case knowledgeNew
    case knowledgeWorkbench
    case example(id: Int64)
    case exampleEdit(id: Int64)
    case exampleSubmit(id: Int64)
    case examplePublish(id: Int64)
    case exampleReturn(id: Int64)
    case exampleWithdraw(id: Int64)
    case exampleRevisions(id: Int64)
    case signalShare(id: Int64)
    case notifications
    case notificationsRead
    case notifyMode
    case unitSignalStats(slug: String, id: Int64)
    case unitSignalStatsCSV(slug: String, id: Int64)
    case organisationSignalStats(slug: String)
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
        case .tokenRevoke(let id): "/mitt/nycklar/\(id)/aterkalla"
        case .signals: "/signaler"
        case .signalNew: "/signaler/ny"
        case .signal(let id): "/signaler/\(id)"
        case .signalForward(let id): "/signaler/\(id)/vidare"
        case .signalDecide(let id): "/signaler/\(id)/beslut"
        case .signalImplement(let id): "/signaler/\(id)/genomfort"
        case .signalSupport(let id): "/signaler/\(id)/stod"
        case .receipt: "/kvitto"
        case .receiptReply: "/kvitto/svar"
        case .receiptIssued: "/kvitto/ny"
        case .signalComment(let id): "/signaler/\(id)/kommentar"
        case .participant(let code): "/rost/\(Self.segment(code))"
        case .participantQR(let code): "/rost/\(Self.segment(code))/qr.svg"
        case .participantThanks(let code): "/rost/\(Self.segment(code))/tack"
        case .unitParticipantCode(let slug, let id): "/o/\(Self.segment(slug))/enheter/\(id)/deltagarrost"
        case .unitParticipantCodeWithdraw(let slug, let id): "/o/\(Self.segment(slug))/enheter/\(id)/deltagarrost/dra-tillbaka"
        case .knowledge: "/kunskapsbank"
        case .knowledgeNew: "/kunskapsbank/ny"
        case .knowledgeWorkbench: "/kunskapsbank/mina"
        case .example(let id): "/kunskapsbank/exempel/\(id)"
        case .exampleEdit(let id): "/kunskapsbank/exempel/\(id)/redigera"
        case .exampleSubmit(let id): "/kunskapsbank/exempel/\(id)/skicka-in"
        case .examplePublish(let id): "/kunskapsbank/exempel/\(id)/publicera"
        case .exampleReturn(let id): "/kunskapsbank/exempel/\(id)/returnera"
        case .exampleWithdraw(let id): "/kunskapsbank/exempel/\(id)/dra-tillbaka"
        case .exampleRevisions(let id): "/kunskapsbank/exempel/\(id)/versioner"
        case .signalShare(let id): "/signaler/\(id)/dela"
        case .notifications: "/mitt/aviseringar"
        case .notificationsRead: "/mitt/aviseringar/lasta"
        case .notifyMode: "/mitt/aviseringar/val"
        case .unitSignalStats(let slug, let id): "/o/\(Self.segment(slug))/enheter/\(id)/signaler"
        case .unitSignalStatsCSV(let slug, let id): "/o/\(Self.segment(slug))/enheter/\(id)/signaler.csv"
        case .organisationSignalStats(let slug): "/o/\(Self.segment(slug))/signaler"
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
        public static let home: String = "/"
        public static let stylesheet: String = "/assets/tillit.css"
        public static let signIn: String = "/logga-in"
        public static let signOut: String = "/logga-ut"
        public static let language: String = "/sprak"
        public static let forgotPassword: String = "/glomt-losenord"
        public static let resetPassword: String = "/aterstall/:token"
        public static let invitation: String = "/inbjudan/:token"
        public static let me: String = "/mitt"
        public static let tokens: String = "/mitt/nycklar"
        public static let tokenRevoke: String = "/mitt/nycklar/:id/aterkalla"
        public static let organisations: String = "/organisationer"
        public static let organisation: String = "/o/:slug"
        public static let unit: String = "/o/:slug/enheter/:id"
        public static let adminUnits: String = "/o/:slug/admin/enheter"
        public static let adminUnitNew: String = "/o/:slug/admin/enheter/ny"
        public static let adminUnit: String = "/o/:slug/admin/enheter/:id"
        public static let adminUnitClose: String = "/o/:slug/admin/enheter/:id/lagg-ned"
        public static let adminUnitReopen: String = "/o/:slug/admin/enheter/:id/ateroppna"
        public static let adminUnitsExport: String = "/o/:slug/admin/enheter.csv"
        public static let adminPeople: String = "/o/:slug/admin/personer"
        public static let adminPersonNew: String = "/o/:slug/admin/personer/ny"
        public static let adminPerson: String = "/o/:slug/admin/personer/:id"
        public static let adminPersonGrant: String = "/o/:slug/admin/personer/:id/roller"
        public static let adminPersonRevoke: String = "/o/:slug/admin/personer/:id/roller/ta-bort"
        public static let adminPersonInvite: String = "/o/:slug/admin/personer/:id/inbjudan"
        public static let adminPersonDisable: String = "/o/:slug/admin/personer/:id/inaktivera"
        public static let adminSettings: String = "/o/:slug/admin/installningar"
        public static let auditLog: String = "/o/:slug/admin/logg"
        public static let systemOrganisations: String = "/admin/organisationer"
        public static let signals: String = "/signaler"
        public static let signalNew: String = "/signaler/ny"
        public static let signal: String = "/signaler/:id"
        public static let signalForward: String = "/signaler/:id/vidare"
        public static let signalDecide: String = "/signaler/:id/beslut"
        public static let signalImplement: String = "/signaler/:id/genomfort"
        public static let signalSupport: String = "/signaler/:id/stod"
        public static let receipt: String = "/kvitto"
        public static let receiptReply: String = "/kvitto/svar"
        public static let receiptIssued: String = "/kvitto/ny"
        public static let signalComment: String = "/signaler/:id/kommentar"
        public static let participant: String = "/rost/:code"
        public static let participantQR: String = "/rost/:code/qr.svg"
        public static let participantThanks: String = "/rost/:code/tack"
        public static let unitParticipantCode: String = "/o/:slug/enheter/:id/deltagarrost"
        public static let unitParticipantCodeWithdraw: String = "/o/:slug/enheter/:id/deltagarrost/dra-tillbaka"
        public static let knowledge: String = "/kunskapsbank"
        public static let knowledgeNew: String = "/kunskapsbank/ny"
        public static let knowledgeWorkbench: String = "/kunskapsbank/mina"
        public static let example: String = "/kunskapsbank/exempel/:id"
        public static let exampleEdit: String = "/kunskapsbank/exempel/:id/redigera"
        public static let exampleSubmit: String = "/kunskapsbank/exempel/:id/skicka-in"
        public static let examplePublish: String = "/kunskapsbank/exempel/:id/publicera"
        public static let exampleReturn: String = "/kunskapsbank/exempel/:id/returnera"
        public static let exampleWithdraw: String = "/kunskapsbank/exempel/:id/dra-tillbaka"
        public static let exampleRevisions: String = "/kunskapsbank/exempel/:id/versioner"
        public static let signalShare: String = "/signaler/:id/dela"
        public static let notifications: String = "/mitt/aviseringar"
        public static let notificationsRead: String = "/mitt/aviseringar/lasta"
        public static let notifyMode: String = "/mitt/aviseringar/val"
        public static let unitSignalStats: String = "/o/:slug/enheter/:id/signaler"
        public static let unitSignalStatsCSV: String = "/o/:slug/enheter/:id/signaler.csv"
        public static let organisationSignalStats: String = "/o/:slug/signaler"
        public static let healthz: String = "/healthz"
        public static let readyz: String = "/readyz"
        public static let metrics: String = "/metrics"
        public static let openAPI: String = "/api/v1/openapi.json"
    }
}
