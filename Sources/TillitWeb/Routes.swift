import Foundation

/// Every route of Tillit, once: its template in Hummingbird's syntax (`/signaler/:id`). Handlers
/// are registered with it and links are made from it (``path(_:)``), so a link cannot point at a
/// route that does not exist, and `RouteTests` checks that every route is registered and that
/// every path made from one reads back to the values it was made from.
public enum Route: String, CaseIterable, Sendable {
    // Pages of the platform, Listen and Learn's knowledge bank.
    case home = "/"
    case stylesheet = "/assets/tillit.css"
    case signIn = "/logga-in"
    case signOut = "/logga-ut"
    case signOnStart = "/logga-in/sso/:slug"
    case signOnCallback = "/logga-in/sso/:slug/svar"
    case signedOut = "/utloggad"
    case language = "/sprak"
    case forgotPassword = "/glomt-losenord"
    case resetPassword = "/aterstall/:token"
    case invitation = "/inbjudan/:token"
    case me = "/mitt"
    case tokens = "/mitt/nycklar"
    case tokenRevoke = "/mitt/nycklar/:id/aterkalla"
    case organisations = "/organisationer"
    case organisation = "/o/:slug"
    case unit = "/o/:slug/enheter/:id"
    case adminUnits = "/o/:slug/admin/enheter"
    case adminUnitNew = "/o/:slug/admin/enheter/ny"
    case adminUnit = "/o/:slug/admin/enheter/:id"
    case adminUnitClose = "/o/:slug/admin/enheter/:id/lagg-ned"
    case adminUnitReopen = "/o/:slug/admin/enheter/:id/ateroppna"
    case adminUnitsExport = "/o/:slug/admin/enheter.csv"
    case adminPeople = "/o/:slug/admin/personer"
    case adminPersonNew = "/o/:slug/admin/personer/ny"
    case adminPerson = "/o/:slug/admin/personer/:id"
    case adminPersonGrant = "/o/:slug/admin/personer/:id/roller"
    case adminPersonRevoke = "/o/:slug/admin/personer/:id/roller/ta-bort"
    case adminPersonInvite = "/o/:slug/admin/personer/:id/inbjudan"
    case adminPersonDisable = "/o/:slug/admin/personer/:id/inaktivera"
    case adminPersonRemove = "/o/:slug/admin/personer/:id/ta-bort"
    case adminSettings = "/o/:slug/admin/installningar"
    case auditLog = "/o/:slug/admin/logg"
    case systemOrganisations = "/admin/organisationer"
    case signals = "/signaler"
    case signalNew = "/signaler/ny"
    case signal = "/signaler/:id"
    case signalForward = "/signaler/:id/vidare"
    case signalDecide = "/signaler/:id/beslut"
    case signalImplement = "/signaler/:id/genomfort"
    case signalSupport = "/signaler/:id/stod"
    case receipt = "/kvitto"
    case receiptReply = "/kvitto/svar"
    case receiptIssued = "/kvitto/ny"
    case signalComment = "/signaler/:id/kommentar"
    case participantEntry = "/rost"
    case participant = "/rost/:code"
    case participantQR = "/rost/:code/qr.svg"
    case participantThanks = "/rost/:code/tack"
    case unitParticipantCode = "/o/:slug/enheter/:id/deltagarrost"
    case unitParticipantCodeWithdraw = "/o/:slug/enheter/:id/deltagarrost/dra-tillbaka"
    case knowledge = "/kunskapsbank"
    case knowledgeNew = "/kunskapsbank/ny"
    case knowledgeWorkbench = "/kunskapsbank/mina"
    case example = "/kunskapsbank/exempel/:id"
    case exampleEdit = "/kunskapsbank/exempel/:id/redigera"
    case exampleSubmit = "/kunskapsbank/exempel/:id/skicka-in"
    case examplePublish = "/kunskapsbank/exempel/:id/publicera"
    case exampleReturn = "/kunskapsbank/exempel/:id/returnera"
    case exampleWithdraw = "/kunskapsbank/exempel/:id/dra-tillbaka"
    case exampleRevisions = "/kunskapsbank/exempel/:id/versioner"
    case signalShare = "/signaler/:id/dela"
    case notifications = "/mitt/aviseringar"
    case notificationsRead = "/mitt/aviseringar/lasta"
    case notifyMode = "/mitt/aviseringar/val"
    case myData = "/mitt/uppgifter"
    case myDataDownload = "/mitt/uppgifter.zip"
    case myDataRemove = "/mitt/uppgifter/ta-bort"
    case unitSignalStats = "/o/:slug/enheter/:id/signaler"
    case unitSignalStatsCSV = "/o/:slug/enheter/:id/signaler.csv"
    case organisationSignalStats = "/o/:slug/signaler"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case openAPI = "/api/v1/openapi.json"
    // Learn: pilots, reports, attachments, problem reports, feeds and open data.
    case pilots = "/forsok"
    case pilotNew = "/forsok/ny"
    case pilot = "/forsok/:id"
    case pilotEdit = "/forsok/:id/redigera"
    case pilotLog = "/forsok/:id/logg"
    case pilotLogVisibility = "/forsok/:id/logg/:entry/synlighet"
    case reports = "/rapporter"
    case reportNew = "/rapporter/ny"
    case report = "/rapporter/:ref"
    case reportEdit = "/rapporter/:ref/redigera"
    case reportPublish = "/rapporter/:ref/publicera"
    case reportPDF = "/rapporter/:ref/pdf"
    case reportCitation = "/rapporter/:ref/citera/:format"
    case exampleAttachments = "/kunskapsbank/exempel/:id/bilagor"
    case exampleAttachmentRemove = "/kunskapsbank/exempel/:id/bilagor/:attachment/ta-bort"
    case attachment = "/bilagor/:id/:name"
    case exampleProblem = "/kunskapsbank/exempel/:id/anmal"
    case exampleProblemThanks = "/kunskapsbank/exempel/:id/anmal/tack"
    case problems = "/kunskapsbank/anmalningar"
    case problemHandle = "/kunskapsbank/anmalningar/:id/hanterad"
    case examplesFeed = "/flode/exempel.atom"
    case reportsFeed = "/flode/rapporter.atom"
    case openData = "/oppna-data"
    case exportJSONL = "/oppna-data/exempel.jsonl"
    case exportCSV = "/oppna-data/exempel.csv"
    case sitemap = "/sitemap.xml"
    // Prune: the requirements inventory.
    case requirements = "/o/:slug/krav"
    case requirementNew = "/o/:slug/krav/ny"
    case requirement = "/o/:slug/krav/:id"
    case requirementEdit = "/o/:slug/krav/:id/andra"
    case requirementAssess = "/o/:slug/krav/:id/bedomning"
    case requirementDecide = "/o/:slug/krav/:id/beslut"
    case requirementReview = "/o/:slug/krav/:id/granska"
    case requirementsCSV = "/o/:slug/krav.csv"
    case requirementsImport = "/o/:slug/kravimport"
    case requirementsOverview = "/o/:slug/kravbild"
    case unitRequirements = "/o/:slug/enheter/:id/krav"
    case signalRequirement = "/signaler/:id/krav"
    case requirementByID = "/krav/:id"
    // The JSON API.
    case apiMe = "/api/v1/me"
    case apiMeExport = "/api/v1/me/export"
    case apiUser = "/api/v1/users/:id"
    case apiOrganisations = "/api/v1/organisations"
    case apiOrganisation = "/api/v1/organisations/:id"
    case apiOrganisationSettings = "/api/v1/organisations/:id/settings"
    case apiOrganisationUnits = "/api/v1/organisations/:id/units"
    case apiOrganisationAuditLog = "/api/v1/organisations/:id/audit-log"
    case apiUnit = "/api/v1/units/:id"
    case apiSignals = "/api/v1/signals"
    case apiSignalForward = "/api/v1/signals/:id/forward"
    case apiSignalDecision = "/api/v1/signals/:id/decision"
    case apiUnitSignalStats = "/api/v1/units/:id/signal-stats"
    case apiPilots = "/api/v1/pilots"
    case apiPilot = "/api/v1/pilots/:id"
    case apiReports = "/api/v1/reports"
    case apiReport = "/api/v1/reports/:id"
    case apiExamples = "/api/v1/examples"
    case apiExample = "/api/v1/examples/:id"
    case apiSearchAnalyze = "/api/v1/search/analyze"
    // Follow up: answering, rounds, reports.
    case surveyEntry = "/svara"
    case surveyRespond = "/svara/:token"
    case surveyCode = "/svara/kod/:code"
    case surveyThanks = "/svara-tack"
    case surveyRounds = "/o/:slug/enkater"
    case surveyRound = "/o/:slug/enkater/:id"
    case surveyInvitations = "/o/:slug/enkater/:id/inbjudningar"
    case surveyClose = "/o/:slug/enkater/:id/stang"
    case surveyReport = "/o/:slug/enkater/:id/resultat"
    case surveyReportCSV = "/o/:slug/enkater/:id/resultat.csv"
    case surveyDialogue = "/o/:slug/enkater/:id/dialog"
    case surveyDialogueSignal = "/o/:slug/enkater/:id/dialog/signal"
    // Follow up: questionnaires, rounds, responses and results.
    case apiQuestionnaires = "/api/v1/questionnaires"
    case apiQuestionnaire = "/api/v1/questionnaires/:id"
    case apiRounds = "/api/v1/rounds"
    case apiRoundInvitations = "/api/v1/rounds/:id/invitations"
    case apiRoundClose = "/api/v1/rounds/:id/close"
    case apiRoundResults = "/api/v1/rounds/:id/results"
    case apiResponses = "/api/v1/responses"
    case apiRequirements = "/api/v1/requirements"
    case apiRequirement = "/api/v1/requirements/:id"
    case apiRequirementAssessments = "/api/v1/requirements/:id/assessments"
    case apiRequirementDecisions = "/api/v1/requirements/:id/decisions"
    case apiUnitAdminBurden = "/api/v1/units/:id/admin-burden"

    public var template: String { rawValue }

    /// The parameter names, in order (`["slug", "id"]`).
    public var parameters: [String] {
        rawValue.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// Each template cut once into its fixed text and its parameters (nil), so that making a
    /// link, which every page does dozens of times, only fills in the values.
    private static let pieces: [Route: [String?]] = Dictionary(uniqueKeysWithValues: allCases.map { route in
        var pieces: [String?] = []
        var text = ""
        for (index, segment) in route.rawValue.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { text += "/" }
            if segment.hasPrefix(":") {
                pieces.append(text)
                pieces.append(nil)
                text = ""
            } else {
                text += segment
            }
        }
        pieces.append(text)
        return (route, pieces)
    })

    /// The path with `values` in place of the parameters, in order, each escaped for a path segment.
    public func path(_ values: [String]) -> String {
        let pieces = Self.pieces[self]!
        precondition(values.count == pieces.count(where: { $0 == nil }), "\(rawValue) takes \(parameters.count) values")
        var path = ""
        var next = 0
        for piece in pieces {
            if let piece {
                path += piece
            } else {
                path += Self.segment(values[next])
                next += 1
            }
        }
        return path
    }

    public func path(_ values: any CustomStringConvertible...) -> String {
        path(values.map(\.description))
    }

    /// The values of the parameters of `path`, when it is a path of this route.
    public func values(of path: String) -> [String]? {
        let pattern = rawValue.split(separator: "/", omittingEmptySubsequences: false)
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.count == parts.count else { return nil }
        var values: [String] = []
        for (expected, part) in zip(pattern, parts) {
            if expected.hasPrefix(":") {
                guard !part.isEmpty, let value = String(part).removingPercentEncoding else { return nil }
                values.append(value)
            } else if expected != part {
                return nil
            }
        }
        return values
    }

    /// `value` escaped for one path segment.
    static func segment(_ value: String) -> String {
        // Ids and most slugs are letters, digits and hyphens, which need no escaping.
        if value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) {
            return value
        }
        return value.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? ""
    }

    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
}
