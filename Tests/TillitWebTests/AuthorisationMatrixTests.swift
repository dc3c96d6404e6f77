import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import TillitPlatform
import TillitTestSupport
@testable import TillitWeb

/// Every role × every route: who is let in and who is refused. The expectations are written out
/// here, independently of the code under test; a route missing from this table fails the suite.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    enum Kind { case page, form, api }

    struct Case: Sendable {
        let method: HTTPRequest.Method
        /// The route template, as registered.
        let template: String
        let path: @Sendable (Harness) -> String
        let kind: Kind
        let allowed: Set<String>
        var form: [(String, String)] = []
        /// The form's values when they name objects the harness made (random ids).
        var formFor: (@Sendable (Harness) -> [(String, String)])? = nil
        var json: String? = nil
        /// How a signed-in person without access is refused: 403, or 404 where even the existence of
        /// the object is not theirs to know.
        var refused: Set<Int> = [403]

        func values(_ harness: Harness) -> [(String, String)] { formFor?(harness) ?? form }
    }

    static let everyone = Set(Harness.roles)
    static let signedIn = everyone.subtracting(["anonymous"])
    static let members: Set<String> = ["medarbetare", "chef", "styrelse", "forskare", "redaktor", "administrator", "systemadministrator"]
    static let admins: Set<String> = ["administrator", "systemadministrator"]
    static let system: Set<String> = ["systemadministrator"]
    /// Who sees a signal about Team A: its people, managers above it, the board, administrators, and the raiser.
    static let signalViewers: Set<String> = ["medarbetare", "chef", "styrelse", "administrator", "systemadministrator"]
    static let signalStatsViewers = signalViewers
    /// Who runs a survey round over Vård och omsorg: its manager and the administrators.
    static let surveyRunners: Set<String> = ["chef", "administrator", "systemadministrator"]

    static let cases: [Case] = [
        Case(method: .get, template: "/", path: { _ in "/" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/healthz", path: { _ in "/healthz" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/readyz", path: { _ in "/readyz" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/metrics", path: { _ in "/metrics" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/assets/tillit.css", path: { _ in "/assets/tillit.css" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/api/v1/openapi.json", path: { _ in "/api/v1/openapi.json" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/logga-in", path: { _ in "/logga-in" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/logga-in", path: { _ in "/logga-in" }, kind: .form, allowed: everyone, form: [("email", "nobody@test.se"), ("password", "x")]),
        // Sign-on: anyone may start and finish one (the organisation here has none: 404; an answer
        // without a started sign-in: 400), and anyone may read that they are signed out.
        Case(method: .get, template: "/logga-in/sso/:slug", path: { _ in "/logga-in/sso/tillitsby" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/logga-in/sso/:slug/svar", path: { _ in "/logga-in/sso/tillitsby/svar?state=x&code=y" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/utloggad", path: { _ in "/utloggad" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/sprak", path: { _ in "/sprak" }, kind: .form, allowed: everyone, form: [("lang", "en"), ("return_to", "/")]),
        Case(method: .get, template: "/glomt-losenord", path: { _ in "/glomt-losenord" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/glomt-losenord", path: { _ in "/glomt-losenord" }, kind: .form, allowed: everyone, form: [("email", "nobody@test.se")]),
        // One-time links answer 404 for a token that does not exist, to everyone alike.
        Case(method: .get, template: "/aterstall/:token", path: { _ in "/aterstall/nope" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/aterstall/:token", path: { _ in "/aterstall/nope" }, kind: .form, allowed: everyone, form: [("password", "a long new password"), ("password_confirmation", "a long new password")]),
        Case(method: .get, template: "/inbjudan/:token", path: { _ in "/inbjudan/nope" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/inbjudan/:token", path: { _ in "/inbjudan/nope" }, kind: .form, allowed: everyone, form: [("password", "a long new password"), ("password_confirmation", "a long new password")]),
        Case(method: .get, template: "/mitt", path: { _ in "/mitt" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/mitt/nycklar", path: { _ in "/mitt/nycklar" }, kind: .page, allowed: signedIn),
        Case(method: .post, template: "/mitt/nycklar", path: { _ in "/mitt/nycklar" }, kind: .form, allowed: signedIn, form: [("name", "matrix")]),
        // Each caller tries to revoke the administrator's token: only its owner and a system administrator may;
        // everyone else is told it does not exist (404), which the matrix counts as refused below.
        Case(method: .post, template: "/mitt/nycklar/:id/aterkalla", path: { "/mitt/nycklar/\($0.adminTokenID)/aterkalla" }, kind: .form,
             allowed: ["administrator", "systemadministrator"], refused: [404]),
        Case(method: .get, template: "/organisationer", path: { _ in "/organisationer" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/o/:slug", path: { _ in "/o/tillitsby" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/enheter/:id", path: { "/o/tillitsby/enheter/\($0.units["norr"]!)" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/admin/enheter", path: { _ in "/o/tillitsby/admin/enheter" }, kind: .page, allowed: admins),
        Case(method: .get, template: "/o/:slug/admin/enheter.csv", path: { _ in "/o/tillitsby/admin/enheter.csv" }, kind: .page, allowed: admins),
        Case(method: .get, template: "/o/:slug/admin/enheter/ny", path: { _ in "/o/tillitsby/admin/enheter/ny" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/enheter/ny", path: { _ in "/o/tillitsby/admin/enheter/ny" }, kind: .form, allowed: admins, form: [("name", "Matrisenheten"), ("kind", "enhet"), ("parent_id", "")]),
        Case(method: .get, template: "/o/:slug/admin/enheter/:id", path: { "/o/tillitsby/admin/enheter/\($0.units["sandbox"]!)" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/enheter/:id", path: { "/o/tillitsby/admin/enheter/\($0.units["sandbox"]!)" }, kind: .form, allowed: admins, form: [("name", "Sandlådan 2"), ("kind", "enhet"), ("parent_id", "")]),
        Case(method: .post, template: "/o/:slug/admin/enheter/:id/lagg-ned", path: { "/o/tillitsby/admin/enheter/\($0.units["sandbox"]!)/lagg-ned" }, kind: .form, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/enheter/:id/ateroppna", path: { "/o/tillitsby/admin/enheter/\($0.units["sandbox"]!)/ateroppna" }, kind: .form, allowed: admins),
        Case(method: .get, template: "/o/:slug/admin/personer", path: { _ in "/o/tillitsby/admin/personer" }, kind: .page, allowed: admins),
        Case(method: .get, template: "/o/:slug/admin/personer/ny", path: { _ in "/o/tillitsby/admin/personer/ny" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/personer/ny", path: { _ in "/o/tillitsby/admin/personer/ny" }, kind: .form, allowed: admins, form: [("name", "Ny Person"), ("email", "ny.person@test.se"), ("role", "styrelse"), ("unit_id", "")]),
        Case(method: .get, template: "/o/:slug/admin/personer/:id", path: { "/o/tillitsby/admin/personer/\($0.targetUserID)" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/personer/:id/roller", path: { "/o/tillitsby/admin/personer/\($0.targetUserID)/roller" }, kind: .form, allowed: admins, form: [("role", "forskare"), ("unit_id", "")]),
        Case(method: .post, template: "/o/:slug/admin/personer/:id/roller/ta-bort", path: { "/o/tillitsby/admin/personer/\($0.targetUserID)/roller/ta-bort" }, kind: .form, allowed: admins, form: [("role", "forskare"), ("unit_id", "")]),
        Case(method: .post, template: "/o/:slug/admin/personer/:id/inbjudan", path: { "/o/tillitsby/admin/personer/\($0.targetUserID)/inbjudan" }, kind: .form, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/personer/:id/inaktivera", path: { "/o/tillitsby/admin/personer/\($0.targetUserID)/inaktivera" }, kind: .form, allowed: admins),
        Case(method: .get, template: "/o/:slug/admin/installningar", path: { _ in "/o/tillitsby/admin/installningar" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/admin/installningar", path: { _ in "/o/tillitsby/admin/installningar" }, kind: .form, allowed: admins, form: [("anonymity_threshold", "6")]),
        Case(method: .get, template: "/o/:slug/admin/logg", path: { _ in "/o/tillitsby/admin/logg" }, kind: .page, allowed: admins),
        Case(method: .get, template: "/admin/organisationer", path: { _ in "/admin/organisationer" }, kind: .page, allowed: system),
        Case(method: .post, template: "/admin/organisationer", path: { _ in "/admin/organisationer" }, kind: .form, allowed: system, form: [("name", "Ny region"), ("slug", "ny-region"), ("kind", "region")]),
        Case(method: .get, template: "/api/v1/me", path: { _ in "/api/v1/me" }, kind: .api, allowed: signedIn),
        Case(method: .get, template: "/api/v1/organisations", path: { _ in "/api/v1/organisations" }, kind: .api, allowed: signedIn),
        Case(method: .post, template: "/api/v1/organisations", path: { _ in "/api/v1/organisations" }, kind: .api, allowed: system, json: #"{"slug":"api-org","name":"API-org","kind":"annan"}"#),
        Case(method: .get, template: "/api/v1/organisations/:id", path: { "/api/v1/organisations/\($0.organisation.id)" }, kind: .api, allowed: members),
        Case(method: .patch, template: "/api/v1/organisations/:id", path: { "/api/v1/organisations/\($0.organisation.id)" }, kind: .api, allowed: admins, json: #"{"name":"Tillitsby kommun"}"#),
        Case(method: .get, template: "/api/v1/organisations/:id/settings", path: { "/api/v1/organisations/\($0.organisation.id)/settings" }, kind: .api, allowed: admins),
        Case(method: .patch, template: "/api/v1/organisations/:id/settings", path: { "/api/v1/organisations/\($0.organisation.id)/settings" }, kind: .api, allowed: admins, json: #"{"hourly_cost_sek":500}"#),
        Case(method: .get, template: "/api/v1/organisations/:id/units", path: { "/api/v1/organisations/\($0.organisation.id)/units" }, kind: .api, allowed: members),
        Case(method: .post, template: "/api/v1/organisations/:id/units", path: { "/api/v1/organisations/\($0.organisation.id)/units" }, kind: .api, allowed: admins, json: #"{"name":"API-enhet","kind":"enhet"}"#),
        Case(method: .get, template: "/api/v1/organisations/:id/audit-log", path: { "/api/v1/organisations/\($0.organisation.id)/audit-log" }, kind: .api, allowed: admins),
        Case(method: .get, template: "/api/v1/units/:id", path: { "/api/v1/units/\($0.units["norr"]!)" }, kind: .api, allowed: members),
        Case(method: .patch, template: "/api/v1/units/:id", path: { "/api/v1/units/\($0.units["sandbox"]!)" }, kind: .api, allowed: admins, json: #"{"name":"Sandlådan"}"#),
        // Follow up. Rounds are run by the organisation's administrators and the managers of the round's unit.
        // Answering needs no account; an unknown link or code is 404 to everyone alike.
        Case(method: .get, template: "/svara", path: { _ in "/svara" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/svara/:token", path: { _ in "/svara/nope" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/svara/:token", path: { _ in "/svara/nope" }, kind: .form, allowed: everyone, form: [("answers.tillit-1", "4")]),
        Case(method: .get, template: "/svara/kod/:code", path: { _ in "/svara/kod/NOPE" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/svara/kod/:code", path: { _ in "/svara/kod/NOPE" }, kind: .form, allowed: everyone, form: [("answers.lyssnar", "4")]),
        Case(method: .get, template: "/svara-tack", path: { _ in "/svara-tack" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/o/:slug/enkater", path: { _ in "/o/tillitsby/enkater" }, kind: .page, allowed: members),
        Case(method: .post, template: "/o/:slug/enkater", path: { _ in "/o/tillitsby/enkater" }, kind: .form, allowed: surveyRunners,
             form: [("questionnaire_id", "1"), ("unit_id", "1"), ("opens_on", "2026-03-02"), ("closes_on", "2026-03-09")]),
        Case(method: .get, template: "/o/:slug/enkater/:id", path: { "/o/tillitsby/enkater/\($0.followUp["open"]!)" }, kind: .page, allowed: members),
        Case(method: .post, template: "/o/:slug/enkater/:id/inbjudningar", path: { "/o/tillitsby/enkater/\($0.followUp["open"]!)/inbjudningar" }, kind: .form,
             allowed: surveyRunners, form: [("unit_id", "3"), ("count", "2")]),
        Case(method: .post, template: "/o/:slug/enkater/:id/stang", path: { "/o/tillitsby/enkater/\($0.followUp["closePage"]!)/stang" }, kind: .form,
             allowed: surveyRunners),
        Case(method: .get, template: "/o/:slug/enkater/:id/resultat", path: { "/o/tillitsby/enkater/\($0.followUp["closed"]!)/resultat" }, kind: .page, allowed: members),
        // The dialogue note of Team A: written by its managers (Vård och omsorg's chef) and administrators.
        Case(method: .post, template: "/o/:slug/enkater/:id/dialog", path: { "/o/tillitsby/enkater/\($0.followUp["closed"]!)/dialog" }, kind: .form,
             allowed: surveyRunners, form: [("unit_id", "3"), ("what_we_see", "Matrisen ser"), ("what_we_do", "Matrisen gör"), ("what_we_need", "Matrisen behöver")]),
        Case(method: .post, template: "/o/:slug/enkater/:id/dialog/signal", path: { "/o/tillitsby/enkater/\($0.followUp["closed"]!)/dialog/signal" }, kind: .form,
             allowed: surveyRunners, form: [("unit_id", "3")]),
        Case(method: .get, template: "/o/:slug/enkater/:id/resultat.csv", path: { "/o/tillitsby/enkater/\($0.followUp["closed"]!)/resultat.csv" }, kind: .page, allowed: members),
        Case(method: .get, template: "/api/v1/questionnaires", path: { _ in "/api/v1/questionnaires" }, kind: .api, allowed: signedIn),
        Case(method: .get, template: "/api/v1/questionnaires/:id", path: { "/api/v1/questionnaires/\($0.followUp["questionnaire"]!)" }, kind: .api, allowed: signedIn),
        Case(method: .post, template: "/api/v1/rounds", path: { _ in "/api/v1/rounds" }, kind: .api, allowed: surveyRunners,
             json: #"{"questionnaire_id":1,"unit_id":1,"opens_on":"2026-03-02","closes_on":"2026-03-09"}"#, refused: [403, 422]),
        Case(method: .post, template: "/api/v1/rounds/:id/invitations", path: { "/api/v1/rounds/\($0.followUp["open"]!)/invitations" }, kind: .api,
             allowed: surveyRunners, json: #"{"unit_id":3,"count":2}"#, refused: [403, 404]),
        Case(method: .post, template: "/api/v1/rounds/:id/close", path: { "/api/v1/rounds/\($0.followUp["toClose"]!)/close" }, kind: .api,
             allowed: surveyRunners, refused: [403, 404]),
        // Everyone in the organisation gets the listing; what each may see of it is the results' own business.
        Case(method: .get, template: "/api/v1/rounds/:id/results", path: { "/api/v1/rounds/\($0.followUp["closed"]!)/results" }, kind: .api,
             allowed: members, refused: [404]),
        // No account: an unknown token is 404 to everyone alike.
        Case(method: .post, template: "/api/v1/responses", path: { _ in "/api/v1/responses" }, kind: .api, allowed: everyone,
             json: #"{"token":"nope","answers":{"tillit-1":4}}"#),
        Case(method: .get, template: "/signaler", path: { _ in "/signaler" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/signaler/ny", path: { _ in "/signaler/ny" }, kind: .page, allowed: signedIn),
        Case(method: .post, template: "/signaler/ny", path: { _ in "/signaler/ny" }, kind: .form, allowed: signedIn,
             form: [("kind", "hinder"), ("text", "Matrisen testar"), ("unit_id", "1")]),
        Case(method: .get, template: "/signaler/:id", path: { "/signaler/\($0.signals["view"]!)" }, kind: .page, allowed: signalViewers, refused: [404]),
        Case(method: .post, template: "/signaler/:id/vidare", path: { "/signaler/\($0.signals["forward"]!)/vidare" }, kind: .form, allowed: ["chef"],
             form: [("to_unit_id", "2"), ("reason", "Matrisen")], refused: [403, 404]),
        Case(method: .post, template: "/signaler/:id/beslut", path: { "/signaler/\($0.signals["decide"]!)/beslut" }, kind: .form, allowed: ["chef"],
             form: [("decision", "atgardas"), ("text", "Matrisen")], refused: [403, 404]),
        Case(method: .post, template: "/signaler/:id/genomfort", path: { "/signaler/\($0.signals["implement"]!)/genomfort" }, kind: .form, allowed: ["chef"],
             form: [("note", "Matrisen")], refused: [403, 404]),
        Case(method: .post, template: "/signaler/:id/stod", path: { "/signaler/\($0.signals["view"]!)/stod" }, kind: .form, allowed: signalViewers, refused: [404]),
        Case(method: .get, template: "/kvitto", path: { _ in "/kvitto" }, kind: .page, allowed: everyone),
        // The page after an anonymous raise shows the receipt handed over in a cookie; without one it says so.
        Case(method: .get, template: "/kvitto/ny", path: { _ in "/kvitto/ny" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/kvitto", path: { _ in "/kvitto" }, kind: .form, allowed: everyone, form: [("receipt", "AAAA-BBBB-CCCC")]),
        Case(method: .post, template: "/signaler/:id/kommentar", path: { "/signaler/\($0.signals["view"]!)/kommentar" }, kind: .form, allowed: signalViewers,
             form: [("comment", "Matrisen kommenterar")], refused: [404]),
        // A wrong code answers 404 to everyone alike.
        Case(method: .post, template: "/kvitto/svar", path: { _ in "/kvitto/svar" }, kind: .form, allowed: everyone, form: [("receipt", "AAAA-BBBB-CCCC"), ("comment", "Hej")]),
        // Without a hand-over it is the code form, for everyone.
        Case(method: .get, template: "/kvitto/svar", path: { _ in "/kvitto/svar" }, kind: .page, allowed: everyone),
        // The participant's voice is public by design: no account is needed.
        Case(method: .get, template: "/rost", path: { _ in "/rost" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/rost/:code", path: { "/rost/\($0.participantCode)" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/rost/:code/tack", path: { "/rost/\($0.participantCode)/tack" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/rost/:code", path: { "/rost/\($0.participantCode)" }, kind: .form, allowed: everyone,
             form: [("kind", "ide"), ("text", "Matrisen tycker till")]),
        Case(method: .get, template: "/rost/:code/qr.svg", path: { "/rost/\($0.participantCode)/qr.svg" }, kind: .page, allowed: everyone),
        // Managing a unit's code: its managers (the chef of the förvaltning above Team A) and administrators.
        Case(method: .get, template: "/o/:slug/enheter/:id/deltagarrost", path: { "/o/tillitsby/enheter/\($0.units["teamA"]!)/deltagarrost" }, kind: .page,
             allowed: ["chef", "administrator", "systemadministrator"]),
        Case(method: .post, template: "/o/:slug/enheter/:id/deltagarrost", path: { "/o/tillitsby/enheter/\($0.units["teamA"]!)/deltagarrost" }, kind: .form,
             allowed: ["chef", "administrator", "systemadministrator"]),
        Case(method: .post, template: "/o/:slug/enheter/:id/deltagarrost/dra-tillbaka", path: { "/o/tillitsby/enheter/\($0.units["teamA"]!)/deltagarrost/dra-tillbaka" },
             kind: .form, allowed: ["chef", "administrator", "systemadministrator"]),
        Case(method: .get, template: "/mitt/aviseringar", path: { _ in "/mitt/aviseringar" }, kind: .page, allowed: signedIn),
        Case(method: .post, template: "/mitt/aviseringar/lasta", path: { _ in "/mitt/aviseringar/lasta" }, kind: .form, allowed: signedIn),
        Case(method: .post, template: "/mitt/aviseringar/val", path: { _ in "/mitt/aviseringar/val" }, kind: .form, allowed: signedIn, form: [("notify_mode", "daily")]),
        // The knowledge bank: reading is public; contributing needs an account; editors moderate.
        Case(method: .get, template: "/kunskapsbank", path: { _ in "/kunskapsbank?q=hemtjänst" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/kunskapsbank/ny", path: { _ in "/kunskapsbank/ny" }, kind: .page, allowed: signedIn),
        Case(method: .post, template: "/kunskapsbank/ny", path: { _ in "/kunskapsbank/ny" }, kind: .form, allowed: signedIn,
             form: [("organisation_id", "1"), ("title", "Matrisen"), ("summary", "S"), ("body", "B")]),
        Case(method: .get, template: "/kunskapsbank/mina", path: { _ in "/kunskapsbank/mina" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/kunskapsbank/exempel/:id", path: { "/kunskapsbank/exempel/\($0.examples["published"]!)" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/kunskapsbank/exempel/:id/versioner", path: { "/kunskapsbank/exempel/\($0.examples["published"]!)/versioner" }, kind: .page,
             allowed: everyone),
        // A draft is its contributor's (the staff member's) and the editors'; to everyone else it does not exist.
        Case(method: .get, template: "/kunskapsbank/exempel/:id/redigera", path: { "/kunskapsbank/exempel/\($0.examples["draft"]!)/redigera" }, kind: .page,
             allowed: ["medarbetare", "redaktor", "systemadministrator"], refused: [404]),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/redigera", path: { "/kunskapsbank/exempel/\($0.examples["draft"]!)/redigera" }, kind: .form,
             allowed: ["medarbetare", "redaktor", "systemadministrator"],
             form: [("organisation_id", "1"), ("title", "Utkast 2"), ("summary", "S"), ("body", "B"), ("sectors", "hemtjanst"), ("principles", "tillit")],
             refused: [404]),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/skicka-in", path: { "/kunskapsbank/exempel/\($0.examples["draft"]!)/skicka-in" }, kind: .form,
             allowed: ["medarbetare", "redaktor", "systemadministrator"], refused: [404]),
        // Submitted by the manager: the manager sees it but may not publish or return it.
        Case(method: .post, template: "/kunskapsbank/exempel/:id/publicera", path: { "/kunskapsbank/exempel/\($0.examples["toPublish"]!)/publicera" }, kind: .form,
             allowed: ["redaktor", "systemadministrator"], refused: [403, 404]),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/returnera", path: { "/kunskapsbank/exempel/\($0.examples["toReturn"]!)/returnera" }, kind: .form,
             allowed: ["redaktor", "systemadministrator"], form: [("comment", "Matrisen")], refused: [403, 404]),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/dra-tillbaka", path: { "/kunskapsbank/exempel/\($0.examples["toWithdraw"]!)/dra-tillbaka" }, kind: .form,
             allowed: ["redaktor", "systemadministrator"], form: [("reason", "Matrisen")], refused: [403, 404]),
        Case(method: .post, template: "/signaler/:id/dela", path: { "/signaler/\($0.signals["implement"]!)/dela" }, kind: .form, allowed: signalViewers, refused: [404]),
        Case(method: .get, template: "/api/v1/examples", path: { _ in "/api/v1/examples?q=hemtjänst" }, kind: .api, allowed: everyone),
        Case(method: .get, template: "/api/v1/examples/:id", path: { "/api/v1/examples/\($0.examples["published"]!)" }, kind: .api, allowed: everyone),
        Case(method: .post, template: "/api/v1/examples", path: { _ in "/api/v1/examples" }, kind: .api, allowed: signedIn,
             json: #"{"title":"Via API","summary":"S","body":"B","sectors":["hemtjanst"],"principles":["tillit"]}"#),
        Case(method: .get, template: "/api/v1/search/analyze", path: { _ in "/api/v1/search/analyze?text=Hemtj%C3%A4nstens%20medarbetare" }, kind: .api, allowed: everyone),
        Case(method: .post, template: "/api/v1/signals", path: { _ in "/api/v1/signals" }, kind: .api, allowed: signedIn,
             json: #"{"kind":"ide","text":"Via API","unit_id":3}"#),
        Case(method: .get, template: "/api/v1/signals", path: { _ in "/api/v1/signals" }, kind: .api, allowed: signedIn),
        Case(method: .post, template: "/api/v1/signals/:id/forward", path: { "/api/v1/signals/\($0.signals["apiForward"]!)/forward" }, kind: .api, allowed: ["chef"],
             json: #"{"to_unit_id":2,"reason":"Matrisen"}"#, refused: [403, 404]),
        Case(method: .post, template: "/api/v1/signals/:id/decision", path: { "/api/v1/signals/\($0.signals["apiDecide"]!)/decision" }, kind: .api, allowed: ["chef"],
             json: #"{"decision":"redan_lost"}"#, refused: [403, 404]),
        // Follow-up figures of Team A: its people, managers above it, the board and administrators.
        Case(method: .get, template: "/o/:slug/enheter/:id/signaler", path: { "/o/tillitsby/enheter/\($0.units["teamA"]!)/signaler" }, kind: .page,
             allowed: signalStatsViewers),
        Case(method: .get, template: "/o/:slug/enheter/:id/signaler.csv", path: { "/o/tillitsby/enheter/\($0.units["teamA"]!)/signaler.csv" }, kind: .page,
             allowed: signalStatsViewers),
        Case(method: .get, template: "/o/:slug/signaler", path: { _ in "/o/tillitsby/signaler" }, kind: .page, allowed: ["styrelse", "administrator", "systemadministrator"]),
        Case(method: .get, template: "/api/v1/units/:id/signal-stats", path: { "/api/v1/units/\($0.units["teamA"]!)/signal-stats" }, kind: .api,
             allowed: signalStatsViewers),
        // Pilots: public pages; the researcher (and editors) register and edit; only the pilot's researcher writes its log.
        Case(method: .get, template: "/forsok", path: { _ in "/forsok" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/forsok/ny", path: { _ in "/forsok/ny" }, kind: .page, allowed: ["forskare", "redaktor", "systemadministrator"]),
        Case(method: .post, template: "/forsok/ny", path: { _ in "/forsok/ny" }, kind: .form, allowed: ["forskare", "redaktor", "systemadministrator"],
             form: [("name", "Matrisförsöket"), ("status", "planned"), ("aim", "Pröva"), ("description", "Text"), ("sectors", "hemtjanst"), ("host_org_1", "1")]),
        Case(method: .get, template: "/forsok/:id", path: { "/forsok/\($0.learn["pilot"]!)" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/forsok/:id/redigera", path: { "/forsok/\($0.learn["pilot"]!)/redigera" }, kind: .page,
             allowed: ["forskare", "redaktor", "systemadministrator"]),
        Case(method: .post, template: "/forsok/:id/redigera", path: { "/forsok/\($0.learn["pilot"]!)/redigera" }, kind: .form,
             allowed: ["forskare", "redaktor", "systemadministrator"],
             form: [("name", "Försöket"), ("status", "running"), ("aim", "Pröva"), ("description", "Text"), ("sectors", "hemtjanst"), ("host_org_1", "1"),
                    ("researchers", "Forskaren | Universitetet | forskare@test.se"), ("contacts", "Styrelsen | Kontakt | styrelse@test.se")]),
        Case(method: .post, template: "/forsok/:id/logg", path: { "/forsok/\($0.learn["pilot"]!)/logg" }, kind: .form, allowed: ["forskare"],
             form: [("date", "2025-04-01"), ("kind", "observation"), ("title", "Matrisen"), ("text", "Text")]),
        Case(method: .post, template: "/forsok/:id/logg/:entry/synlighet", path: { "/forsok/\($0.learn["pilot"]!)/logg/\($0.learn["entry"]!)/synlighet" },
             kind: .form, allowed: ["forskare"], form: [("public", "0")]),
        // The report series: public once published; drafts are their writer's and the editors'.
        Case(method: .get, template: "/rapporter", path: { _ in "/rapporter" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/rapporter/ny", path: { _ in "/rapporter/ny" }, kind: .page, allowed: ["forskare", "redaktor", "systemadministrator"]),
        Case(method: .post, template: "/rapporter/ny", path: { _ in "/rapporter/ny" }, kind: .form, allowed: ["forskare", "redaktor", "systemadministrator"],
             form: [("kind", "report"), ("title", "Matrisrapporten"), ("abstract", "Text"), ("authors", "Forskaren | Universitetet")]),
        Case(method: .get, template: "/rapporter/:ref", path: { "/rapporter/\($0.reportReference)" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/rapporter/:ref/redigera", path: { "/rapporter/\($0.learn["reportDraft"]!)/redigera" }, kind: .page,
             allowed: ["forskare", "redaktor", "systemadministrator"], refused: [404]),
        Case(method: .post, template: "/rapporter/:ref/redigera", path: { "/rapporter/\($0.learn["reportDraft"]!)/redigera" }, kind: .form,
             allowed: ["forskare", "redaktor", "systemadministrator"], form: [("kind", "report"), ("title", "Utkast 2"), ("abstract", "Text"), ("authors", "Forskaren")],
             refused: [404]),
        // Once the researcher has published it, the report is public, and only editors may act on it (409 then).
        Case(method: .post, template: "/rapporter/:ref/publicera", path: { "/rapporter/\($0.learn["reportToPublish"]!)/publicera" }, kind: .form,
             allowed: ["forskare", "redaktor", "systemadministrator"], refused: [403, 404]),
        Case(method: .get, template: "/rapporter/:ref/pdf", path: { "/rapporter/\($0.reportReference)/pdf" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/rapporter/:ref/pdf", path: { "/rapporter/\($0.learn["reportDraft"]!)/pdf" }, kind: .form,
             allowed: ["forskare", "redaktor", "systemadministrator"], refused: [404]),
        Case(method: .get, template: "/rapporter/:ref/citera/:format", path: { "/rapporter/\($0.reportReference)/citera/ris" }, kind: .page, allowed: everyone),
        // Attachments: whoever may edit the example adds and removes them; readers of the example download them.
        Case(method: .post, template: "/kunskapsbank/exempel/:id/bilagor", path: { "/kunskapsbank/exempel/\($0.examples["draft"]!)/bilagor" }, kind: .form,
             allowed: ["medarbetare", "redaktor", "systemadministrator"], refused: [404]),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/bilagor/:attachment/ta-bort",
             path: { "/kunskapsbank/exempel/\($0.examples["draft"]!)/bilagor/\($0.learn["draftAttachment"]!)/ta-bort" }, kind: .form,
             allowed: ["medarbetare", "redaktor", "systemadministrator"], refused: [404]),
        Case(method: .get, template: "/bilagor/:id/:name", path: { "/bilagor/\($0.learn["attachment"]!)/bilaga.pdf" }, kind: .page, allowed: everyone),
        // Anyone may report a problem with a published example; the editors handle the reports.
        Case(method: .get, template: "/kunskapsbank/exempel/:id/anmal", path: { "/kunskapsbank/exempel/\($0.examples["published"]!)/anmal" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/kunskapsbank/exempel/:id/anmal/tack", path: { "/kunskapsbank/exempel/\($0.examples["published"]!)/anmal/tack" }, kind: .page, allowed: everyone),
        Case(method: .post, template: "/kunskapsbank/exempel/:id/anmal", path: { "/kunskapsbank/exempel/\($0.examples["published"]!)/anmal" }, kind: .form,
             allowed: everyone, form: [("reason", "annat"), ("text", "Matrisen")]),
        Case(method: .get, template: "/kunskapsbank/anmalningar", path: { _ in "/kunskapsbank/anmalningar" }, kind: .page, allowed: ["redaktor", "systemadministrator"]),
        Case(method: .post, template: "/kunskapsbank/anmalningar/:id/hanterad", path: { "/kunskapsbank/anmalningar/\($0.learn["problem"]!)/hanterad" }, kind: .form,
             allowed: ["redaktor", "systemadministrator"]),
        // Open data is open.
        Case(method: .get, template: "/flode/exempel.atom", path: { _ in "/flode/exempel.atom" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/flode/rapporter.atom", path: { _ in "/flode/rapporter.atom" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/oppna-data", path: { _ in "/oppna-data" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/oppna-data/exempel.jsonl", path: { _ in "/oppna-data/exempel.jsonl" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/oppna-data/exempel.csv", path: { _ in "/oppna-data/exempel.csv" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/sitemap.xml", path: { _ in "/sitemap.xml" }, kind: .page, allowed: everyone),
        Case(method: .get, template: "/api/v1/pilots", path: { _ in "/api/v1/pilots" }, kind: .api, allowed: everyone),
        Case(method: .get, template: "/api/v1/pilots/:id", path: { "/api/v1/pilots/\($0.learn["pilot"]!)" }, kind: .api, allowed: everyone),
        Case(method: .get, template: "/api/v1/reports", path: { _ in "/api/v1/reports" }, kind: .api, allowed: everyone),
        Case(method: .get, template: "/api/v1/reports/:id", path: { "/api/v1/reports/\($0.learn["report"]!)?format=bibtex" }, kind: .api, allowed: everyone),
        // The people's rights. Removal is refused to everyone by default for one's own account (the
        // organisation has not allowed it); an administrator removes one of their staff.
        Case(method: .get, template: "/mitt/uppgifter", path: { _ in "/mitt/uppgifter" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/mitt/uppgifter.zip", path: { _ in "/mitt/uppgifter.zip" }, kind: .page, allowed: signedIn),
        Case(method: .get, template: "/api/v1/me/export", path: { _ in "/api/v1/me/export" }, kind: .api, allowed: signedIn),
        Case(method: .post, template: "/mitt/uppgifter/ta-bort", path: { _ in "/mitt/uppgifter/ta-bort" }, kind: .form, allowed: [], form: [("confirm", "1")]),
        Case(method: .post, template: "/o/:slug/admin/personer/:id/ta-bort", path: { "/o/tillitsby/admin/personer/\($0.removable["form"]!)/ta-bort" }, kind: .form,
             allowed: admins, form: [("confirm", "1")]),
        Case(method: .delete, template: "/api/v1/users/:id", path: { "/api/v1/users/\($0.removable["api"]!)" }, kind: .api, allowed: admins, refused: [404]),
        // Prune: the inventory is the organisation's; its owners (the manager above Team A, administrators) edit and decide;
        // the people a requirement applies to (Team A's staff, not the manager of the förvaltning above) assess it;
        // anyone in the organisation proposes.
        Case(method: .get, template: "/o/:slug/krav", path: { _ in "/o/tillitsby/krav?sort=cost" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/krav/ny", path: { _ in "/o/tillitsby/krav/ny" }, kind: .page, allowed: members),
        Case(method: .post, template: "/o/:slug/krav/ny", path: { _ in "/o/tillitsby/krav/ny" }, kind: .form, allowed: members,
             form: [("name", "Matriskravet"), ("type", "riktlinje"), ("issuer", "HR"), ("purpose", "Test"), ("unit_ids", "3"), ("frequency", "manad"),
                    ("minutes", "10"), ("population", "5")]),
        Case(method: .get, template: "/o/:slug/krav/:id", path: { "/o/tillitsby/krav/\($0.prune["view"]!)" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/krav/:id/andra", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/andra" }, kind: .page,
             allowed: ["chef", "administrator", "systemadministrator"]),
        Case(method: .post, template: "/o/:slug/krav/:id/andra", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/andra" }, kind: .form,
             allowed: ["chef", "administrator", "systemadministrator"],
             form: [("name", "Månadsrapport"), ("type", "riktlinje"), ("issuer", "HR"), ("purpose", "Uppföljning"), ("unit_ids", "3"), ("frequency", "manad"),
                    ("minutes", "10"), ("population", "5")]),
        Case(method: .get, template: "/o/:slug/krav/:id/bedomning", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/bedomning" }, kind: .page,
             allowed: ["medarbetare"]),
        Case(method: .post, template: "/o/:slug/krav/:id/bedomning", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/bedomning" }, kind: .form,
             allowed: ["medarbetare"], form: [("minutes", "12"), ("usefulness", "3")]),
        Case(method: .get, template: "/o/:slug/krav/:id/beslut", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/beslut" }, kind: .page,
             allowed: ["chef", "administrator", "systemadministrator"]),
        Case(method: .post, template: "/o/:slug/krav/:id/beslut", path: { "/o/tillitsby/krav/\($0.prune["view"]!)/beslut" }, kind: .form,
             allowed: ["chef", "administrator", "systemadministrator"], form: [("decision", "behall"), ("reason", "Matrisen")]),
        // A proposal is its proposer's and its owners' to see; only the owners review it.
        Case(method: .post, template: "/o/:slug/krav/:id/granska", path: { "/o/tillitsby/krav/\($0.prune["proposal"]!)/granska" }, kind: .form,
             allowed: ["chef", "administrator", "systemadministrator"], form: [("accept", "0")], refused: [403, 404]),
        Case(method: .get, template: "/o/:slug/krav.csv", path: { _ in "/o/tillitsby/krav.csv" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/kravimport", path: { _ in "/o/tillitsby/kravimport" }, kind: .page, allowed: admins),
        Case(method: .post, template: "/o/:slug/kravimport", path: { _ in "/o/tillitsby/kravimport" }, kind: .form, allowed: admins),
        Case(method: .get, template: "/o/:slug/kravbild", path: { _ in "/o/tillitsby/kravbild" }, kind: .page, allowed: members),
        Case(method: .get, template: "/o/:slug/enheter/:id/krav", path: { "/o/tillitsby/enheter/\($0.units["norr"]!)/krav" }, kind: .page, allowed: members),
        // A signal about an unnecessary requirement is linked by whoever may answer it (at the Sandlådan, without a
        // manager: the administrators).
        Case(method: .post, template: "/signaler/:id/krav", path: { "/signaler/\($0.signals["requirement"]!)/krav" }, kind: .form, allowed: admins,
             formFor: { [("requirement_id", String($0.prune["view"]!))] }, refused: [403, 404]),
        // A notice's link to a requirement leads to its page, for those who may see it.
        Case(method: .get, template: "/krav/:id", path: { "/krav/\($0.prune["view"]!)" }, kind: .page, allowed: members, refused: [404]),
        Case(method: .get, template: "/api/v1/requirements", path: { _ in "/api/v1/requirements?sort=cost" }, kind: .api, allowed: signedIn),
        Case(method: .post, template: "/api/v1/requirements", path: { _ in "/api/v1/requirements" }, kind: .api, allowed: members,
             json: #"{"organisation_id":1,"name":"Via API","type":"avtal","issuer":"Regionen","purpose":"Test","unit_ids":[3],"frequency":"vecka","minutes":5,"population":3}"#),
        Case(method: .get, template: "/api/v1/requirements/:id", path: { "/api/v1/requirements/\($0.prune["view"]!)" }, kind: .api, allowed: members, refused: [404]),
        Case(method: .post, template: "/api/v1/requirements/:id/assessments", path: { "/api/v1/requirements/\($0.prune["view"]!)/assessments" }, kind: .api,
             allowed: ["medarbetare"], json: #"{"minutes":8,"usefulness":2}"#, refused: [403, 404]),
        Case(method: .post, template: "/api/v1/requirements/:id/decisions", path: { "/api/v1/requirements/\($0.prune["view"]!)/decisions" }, kind: .api,
             allowed: ["chef", "administrator", "systemadministrator"], json: #"{"decision":"utred","reason":"Matrisen"}"#, refused: [403, 404]),
        Case(method: .get, template: "/api/v1/units/:id/admin-burden", path: { "/api/v1/units/\($0.units["norr"]!)/admin-burden" }, kind: .api,
             allowed: members, refused: [403, 404]),
        // Last: signing out ends the sessions the cases above use.
        Case(method: .post, template: "/logga-ut", path: { _ in "/logga-ut" }, kind: .form, allowed: everyone),
    ]

    @Test("every registered route is in the matrix, and every matrix route is registered")
    func coverage() async throws {
        try await Harness.with { harness, _ in
            let site = Site(platform: harness.platform, mailer: harness.mailer, publicURL: "http://localhost", demo: false)
            let registered = try Tillit.buildRouter(site: site, database: harness.platform.database, maxBodySize: 1 << 20).routes
            let routes = Set(registered.map { "\($0.method) \($0.path)" })
            let matrix = Set(Self.cases.map { "\($0.method) \($0.template)" })
            #expect(routes == matrix)
            #expect(registered.count == Self.cases.count)
        }
    }

    /// Forms whose success the table above cannot show with a plain form (each is tested where
    /// named), and the one form that changes nothing.
    static let formsNotRedirectedHere: [String: String] = [
        // One-time links and codes that do not exist here: 404 to everyone (WebBehaviourTests follows real ones).
        "/aterstall/:token": "a token that does not exist", "/inbjudan/:token": "a token that does not exist",
        "/svara/:token": "a token that does not exist", "/svara/kod/:code": "a code that does not exist",
        "/kvitto/svar": "a receipt that does not exist",
        // Looking a receipt up changes nothing: it is a POST only so that the code stays out of addresses and logs.
        "/kvitto": "a look-up, not a change",
        // The wrong password of the table: the form again (422).
        "/logga-in": "a wrong password",
        // File uploads (multipart): LearnWebTests and PruneWebTests submit files.
        "/kunskapsbank/exempel/:id/bilagor": "a file upload", "/rapporter/:ref/pdf": "a file upload", "/o/:slug/kravimport": "a file upload",
        // Nobody may remove their own account until the organisation allows it (PrivacyTests).
        "/mitt/uppgifter/ta-bort": "not allowed by default",
    ]

    /// Every table in the database with its number of rows: what a page load must leave as it was.
    /// (Except the hand-overs, which the page that shows one takes: that is how it is shown once.)
    static func rowCounts(_ harness: Harness) async throws -> [String: Int] {
        try await harness.platform.database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() {
                let table = try row.decode(column: "name", as: String.self)
                if table == "hand_overs" { continue }
                counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    @Test("every form that changes something answers with a redirect, and loading the page it leads to changes nothing")
    func postRedirectGet() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                var redirected = Set<String>()
                for route in Self.cases where route.kind == .form && route.template != "/logga-ut" {
                    if try await Self.submitsAndRedirects(route, harness, client) { redirected.insert(route.template) }
                }
                let forms = Set(Self.cases.filter { $0.kind == .form && $0.template != "/logga-ut" }.map(\.template))
                let missing = forms.subtracting(redirected).subtracting(Self.formsNotRedirectedHere.keys).sorted()
                #expect(missing.isEmpty, "forms without a redirect here: \(missing)")
                let listed = Set(Self.formsNotRedirectedHere.keys).intersection(redirected).sorted()
                #expect(listed.isEmpty, "forms listed as not redirected that do: \(listed)")
            }
        }
    }

    /// Submits `route`'s form as each role allowed to, until one succeeds: whether it answered with
    /// a redirect (or a file), after which the page it leads to is loaded twice and must write nothing.
    static func submitsAndRedirects(_ route: Case, _ harness: Harness, _ client: any TestClientProtocol) async throws -> Bool {
        let path = route.path(harness)
        let values = route.values(harness)
        for role in Harness.roles where route.allowed.contains(role) {
            let caller = harness.callers[role]!
            let response = try await client.post(path, as: caller, form: values)
            let status = Int(response.status.code)
            // A form answers with a redirect, with itself again for bad input (4xx), or with a file the
            // browser saves while it stays on the form's page; never with a result page that a reload
            // would send again.
            let download = status == 200 && response.headers[.contentDisposition]?.hasPrefix("attachment") == true
            let known = formsNotRedirectedHere[route.template] != nil
            #expect(status == 303 || (400..<500).contains(status) || download || known, "POST \(route.template) as \(role) answered \(status)")
            if download { return true }
            guard status == 303 else { continue }
            let location = response.headers[.location] ?? "/"
            // when the browser loads the page it was sent to, and loads it again, nothing is written again
            let before = try await rowCounts(harness)
            for _ in 0..<2 {
                let page = try await client.follow(response, as: caller)
                #expect(page.status.code < 500, "GET \(location) after POST \(route.template): \(page.status.code)")
            }
            let after = try await rowCounts(harness)
            let changed = before.keys.filter { before[$0] != after[$0] }.sorted()
            #expect(changed.isEmpty, "loading \(location) after POST \(route.template) changed \(changed)")
            return true
        }
        return false
    }

    @Test("each role is let in where it may go and refused everywhere else")
    func matrix() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                var checked = 0
                for route in Self.cases {
                    for role in Harness.roles {
                        let caller = harness.callers[role]!
                        let path = route.path(harness)
                        let response: TestResponse
                        switch route.kind {
                        case .page: response = try await client.get(path, as: caller)
                        case .form: response = try await client.post(path, as: caller, form: route.values(harness))
                        case .api: response = try await client.api(route.method, path, as: caller, json: route.json)
                        }
                        let status = response.status.code
                        let toSignIn = response.headers[.location]?.hasPrefix("/logga-in") == true
                        let where_ = "\(route.method) \(path) as \(role): \(status)"
                        #expect(status < 500, "\(where_)")
                        if route.allowed.contains(role) {
                            #expect(status != 401 && status != 403 && !toSignIn, "expected access: \(where_)")
                        } else if role == "anonymous" {
                            if route.kind == .page {
                                #expect(status == 303 && toSignIn, "expected a redirect to sign-in: \(where_)")
                            } else {
                                #expect(status == 401, "expected 401: \(where_)")
                            }
                        } else {
                            #expect(route.refused.contains(Int(status)), "expected \(route.refused.sorted()): \(where_)")
                        }
                        checked += 1
                    }
                }
                #expect(checked == Self.cases.count * Harness.roles.count)
            }
        }
    }
}
