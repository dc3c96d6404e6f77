import Foundation
import Testing
import TillitPlatform
@testable import TillitWeb

/// Every route is described once (``Route``): what is registered and what links point at come from
/// the same template.
@Suite("Routes")
struct RouteTests {
    @Test("every route is registered, and nothing is registered that is not a route")
    func registered() async throws {
        try await Harness.with { harness, _ in
            let site = Site(platform: harness.platform, mailer: harness.mailer, publicURL: "http://localhost", demo: false)
            let templates = Set(try Tillit.buildRouter(site: site, database: harness.platform.database, maxBodySize: 1 << 20).routes.map(\.path))
            #expect(templates == Set(Route.allCases.map(\.template)))
        }
    }

    /// One link of each kind, with values that need escaping where a value is text.
    static let samples: [SiteURL] = [
        .home, .stylesheet, .signIn, .signOut, .signOnStart(slug: "tillitsby"), .signOnCallback(slug: "tillitsby"), .signedOut, .language, .forgotPassword, .resetPassword(token: "a b/c"), .invitation(token: "xyz"), .me,
        .organisations, .organisation(slug: "tillitsby"), .unit(slug: "tillitsby", id: 7), .adminUnits(slug: "s"), .adminUnitNew(slug: "s"),
        .adminUnit(slug: "s", id: 1), .adminUnitClose(slug: "s", id: 2), .adminUnitReopen(slug: "s", id: 3), .adminUnitsExport(slug: "s"),
        .adminPeople(slug: "s"), .adminPersonNew(slug: "s"), .adminPerson(slug: "s", id: 4), .adminPersonGrant(slug: "s", id: 5),
        .adminPersonRevoke(slug: "s", id: 6), .adminPersonInvite(slug: "s", id: 7), .adminPersonDisable(slug: "s", id: 8), .adminSettings(slug: "s"),
        .auditLog(slug: "s"), .systemOrganisations, .tokens, .tokenRevoke(id: 9), .signals, .signalNew, .signal(id: 9_007_199_254_740_000),
        .signalForward(id: 1), .signalDecide(id: 1), .signalImplement(id: 1), .signalSupport(id: 1), .receipt, .receiptReply, .receiptIssued,
        .signalComment(id: 1), .participant(code: "RQM HDC"), .participantQR(code: "RQMHDC"), .participantThanks(code: "RQMHDC"),
        .unitParticipantCode(slug: "s", id: 1), .unitParticipantCodeWithdraw(slug: "s", id: 1), .knowledge, .knowledgeNew, .knowledgeWorkbench,
        .example(id: 1), .exampleEdit(id: 1), .exampleSubmit(id: 1), .examplePublish(id: 1), .exampleReturn(id: 1), .exampleWithdraw(id: 1),
        .exampleRevisions(id: 1), .signalShare(id: 1), .notifications, .notificationsRead, .notifyMode, .unitSignalStats(slug: "s", id: 1),
        .unitSignalStatsCSV(slug: "s", id: 1), .organisationSignalStats(slug: "å ä"), .healthz, .readyz, .metrics, .openAPI, .participantEntry,
    ]

    /// A value for a parameter, by its name, that needs escaping where a value may be text.
    static func sample(_ parameter: String) -> String {
        switch parameter {
        case "id", "attachment", "entry", "unit", "round", "person": "9007199254740000"
        case "slug": "å ä"
        case "code": "RQM HDC"
        case "token": "a b/c"
        case "name": "Plan för 2026.pdf"
        case "ref": "2026:1"
        case "format": "ris"
        default: "x y/ö"
        }
    }

    @Test("every route, of every module and the API, makes a path that reads back to the values it was made from")
    func everyRouteRoundTrips() {
        for route in Route.allCases {
            let values = route.parameters.map(Self.sample)
            let path = route.path(values)
            #expect(route.values(of: path) == values, "\(route.rawValue) → \(path)")
            #expect(path.hasPrefix("/") && !path.contains(" "), "\(route.rawValue) → \(path)")
        }
    }

    @Test("a link reads back through its route to the values it was made from, parameter by parameter")
    func roundTrip() {
        for link in Self.samples {
            let route = link.route
            #expect(route.values(of: link.path) == link.values, "\(link)")
            // the values go into the parameters their names say
            if let payload = Mirror(reflecting: link).children.first?.value {
                let labels = Mirror(reflecting: payload).children.compactMap(\.label)
                #expect(labels.isEmpty ? route.parameters.count == 1 : labels == route.parameters, "\(link)")
            } else {
                #expect(route.parameters.isEmpty, "\(link)")
            }
        }
        // every page route has a sample (the API's and Learn's are made with `Route.path` directly)
        #expect(Set(Self.samples.map(\.route)).count == Self.samples.count)
        #expect(Route.report.path("2026:1") == "/rapporter/2026:1" && Route.report.values(of: "/rapporter/2026:1") == ["2026:1"])
        #expect(Route.attachment.values(of: Route.attachment.path("3", "Plan för 2026.pdf")) == ["3", "Plan för 2026.pdf"])
        #expect(Route.signal.values(of: "/signaler") == nil && Route.signal.values(of: "/signaler/") == nil)
    }
}
