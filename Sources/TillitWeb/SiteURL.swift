import Foundation

/// Every page's path, used both to register routes and to build links, so a link cannot point at a
/// route that does not exist.
public enum SiteURL: Sendable, Equatable {
    case home
    case stylesheet
    case signIn
    case signOut
    case signOnStart(slug: String)
    case signOnCallback(slug: String)
    case signedOut
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
    case participantEntry
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

    /// The route this path is of.
    public var route: Route {
        switch self {
        case .home: .home
        case .stylesheet: .stylesheet
        case .signIn: .signIn
        case .signOnStart: .signOnStart
        case .signOnCallback: .signOnCallback
        case .signedOut: .signedOut
        case .signOut: .signOut
        case .language: .language
        case .forgotPassword: .forgotPassword
        case .resetPassword: .resetPassword
        case .invitation: .invitation
        case .me: .me
        case .organisations: .organisations
        case .organisation: .organisation
        case .unit: .unit
        case .adminUnits: .adminUnits
        case .adminUnitNew: .adminUnitNew
        case .adminUnit: .adminUnit
        case .adminUnitClose: .adminUnitClose
        case .adminUnitReopen: .adminUnitReopen
        case .adminUnitsExport: .adminUnitsExport
        case .adminPeople: .adminPeople
        case .adminPersonNew: .adminPersonNew
        case .adminPerson: .adminPerson
        case .adminPersonGrant: .adminPersonGrant
        case .adminPersonRevoke: .adminPersonRevoke
        case .adminPersonInvite: .adminPersonInvite
        case .adminPersonDisable: .adminPersonDisable
        case .adminSettings: .adminSettings
        case .auditLog: .auditLog
        case .systemOrganisations: .systemOrganisations
        case .tokens: .tokens
        case .tokenRevoke: .tokenRevoke
        case .signals: .signals
        case .signalNew: .signalNew
        case .signal: .signal
        case .signalForward: .signalForward
        case .signalDecide: .signalDecide
        case .signalImplement: .signalImplement
        case .signalSupport: .signalSupport
        case .receipt: .receipt
        case .receiptReply: .receiptReply
        case .receiptIssued: .receiptIssued
        case .signalComment: .signalComment
        case .participantEntry: .participantEntry
        case .participant: .participant
        case .participantQR: .participantQR
        case .participantThanks: .participantThanks
        case .unitParticipantCode: .unitParticipantCode
        case .unitParticipantCodeWithdraw: .unitParticipantCodeWithdraw
        case .knowledge: .knowledge
        case .knowledgeNew: .knowledgeNew
        case .knowledgeWorkbench: .knowledgeWorkbench
        case .example: .example
        case .exampleEdit: .exampleEdit
        case .exampleSubmit: .exampleSubmit
        case .examplePublish: .examplePublish
        case .exampleReturn: .exampleReturn
        case .exampleWithdraw: .exampleWithdraw
        case .exampleRevisions: .exampleRevisions
        case .signalShare: .signalShare
        case .notifications: .notifications
        case .notificationsRead: .notificationsRead
        case .notifyMode: .notifyMode
        case .unitSignalStats: .unitSignalStats
        case .unitSignalStatsCSV: .unitSignalStatsCSV
        case .organisationSignalStats: .organisationSignalStats
        case .healthz: .healthz
        case .readyz: .readyz
        case .metrics: .metrics
        case .openAPI: .openAPI
        }
    }

    /// The values this path puts into its route's parameters, in order.
    var values: [String] {
        // Written out, not reflected: a page builds dozens of links.
        switch self {
        case .signOnStart(let slug), .signOnCallback(let slug), .organisation(let slug), .adminUnits(let slug), .adminUnitNew(let slug), .adminUnitsExport(let slug), .adminPeople(let slug), .adminPersonNew(let slug), .adminSettings(let slug), .auditLog(let slug), .organisationSignalStats(let slug):
            [slug]
        case .resetPassword(let token), .invitation(let token):
            [token]
        case .unit(let slug, let id), .adminUnit(let slug, let id), .adminUnitClose(let slug, let id), .adminUnitReopen(let slug, let id), .adminPerson(let slug, let id), .adminPersonGrant(let slug, let id), .adminPersonRevoke(let slug, let id), .adminPersonInvite(let slug, let id), .adminPersonDisable(let slug, let id), .unitParticipantCode(let slug, let id), .unitParticipantCodeWithdraw(let slug, let id), .unitSignalStats(let slug, let id), .unitSignalStatsCSV(let slug, let id):
            [slug, String(id)]
        case .tokenRevoke(let id), .signal(let id), .signalForward(let id), .signalDecide(let id), .signalImplement(let id), .signalSupport(let id), .signalComment(let id), .example(let id), .exampleEdit(let id), .exampleSubmit(let id), .examplePublish(let id), .exampleReturn(let id), .exampleWithdraw(let id), .exampleRevisions(let id), .signalShare(let id):
            [String(id)]
        case .participant(let code), .participantQR(let code), .participantThanks(let code):
            [code]
        case .home, .stylesheet, .signIn, .signOut, .signedOut, .language, .forgotPassword, .me, .organisations, .systemOrganisations, .tokens, .signals, .signalNew, .receipt, .receiptReply, .receiptIssued, .participantEntry, .knowledge, .knowledgeNew, .knowledgeWorkbench, .notifications, .notificationsRead, .notifyMode, .healthz, .readyz, .metrics, .openAPI:
            []
        }
    }

    /// The path, with values escaped for a URL path segment.
    public var path: String { route.path(values) }

    /// The same path with a query string.
    public func with(query items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        // Names and values of letters, digits, "-", "_" and "." read the same unescaped (most
        // filters and page numbers); anything else is escaped as `URLComponents` does.
        func plain(_ text: String) -> Bool {
            text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
        }
        if items.allSatisfy({ plain($0.0) && plain($0.1) }) {
            return path + "?" + items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        // A plus sign left as it is would read back as a space (forms send spaces as "+").
        return path + "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}
