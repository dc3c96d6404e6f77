import Foundation
import TillitFormats
import TillitListen
import TillitPlatform
import TillitStorage

/// What the audit log's codes mean, in words, per module (each module brings its own through
/// `Module.auditWords`).
enum AuditWords {
    static let signOn: [String: BothLanguages] = [
        "signon.sign_in": .init(sv: "loggade in med organisationens konto", en: "signed in with the organisation's account"),
        "signon.refused": .init(sv: "nekades inloggning med organisationens konto", en: "was refused sign-in with the organisation's account"),
    ]

    static let platform: [String: BothLanguages] = [
        "organisation.create": .init(sv: "skapade organisationen", en: "created the organisation"),
        "organisation.update": .init(sv: "ändrade organisationen", en: "changed the organisation"),
        "settings.update": .init(sv: "ändrade inställningarna", en: "changed the settings"),
        "unit.create": .init(sv: "skapade en enhet", en: "created a unit"),
        "unit.rename": .init(sv: "bytte namn på en enhet", en: "renamed a unit"),
        "unit.move": .init(sv: "flyttade en enhet", en: "moved a unit"),
        "unit.change_kind": .init(sv: "ändrade en enhets typ", en: "changed a unit's kind"),
        "unit.close": .init(sv: "lade ned en enhet", en: "closed a unit"),
        "unit.reopen": .init(sv: "öppnade en enhet igen", en: "reopened a unit"),
        "unit.import": .init(sv: "läste in enheter från en fil", en: "imported units from a file"),
        "user.create": .init(sv: "skapade ett konto", en: "created an account"),
        "user.invite": .init(sv: "skickade en inbjudan", en: "sent an invitation"),
        "user.accept_invitation": .init(sv: "tog emot sin inbjudan", en: "accepted their invitation"),
        "user.reset_password": .init(sv: "valde ett nytt lösenord", en: "chose a new password"),
        "user.disable": .init(sv: "inaktiverade ett konto", en: "disabled an account"),
        "user.remove": .init(sv: "tog bort ett konto", en: "removed an account"),
        "retention.clear": .init(sv: "gallrade text enligt organisationens inställning", en: "cleared text as the organisation's setting says"),
        "role.grant": .init(sv: "gav en roll", en: "granted a role"),
        "role.revoke": .init(sv: "tog bort en roll", en: "removed a role"),
        "token.create": .init(sv: "skapade en API-nyckel", en: "created an API token"),
        "token.revoke": .init(sv: "återkallade en API-nyckel", en: "revoked an API token"),
    ]
    static let followUp: [String: BothLanguages] = [
        "questionnaire.import": .init(sv: "läste in ett frågeformulär", en: "imported a questionnaire"),
        "round.create": .init(sv: "startade en enkätomgång", en: "started a survey round"),
        "round.invite": .init(sv: "skapade inbjudningar till en enkätomgång", en: "made invitations to a survey round"),
        "round.code": .init(sv: "skapade en enhetskod till en enkätomgång", en: "made a unit code for a survey round"),
        "round.close": .init(sv: "stängde en enkätomgång", en: "closed a survey round"),
        "round.dialogue": .init(sv: "skrev en dialoganteckning om enkätresultat", en: "wrote a dialogue note on survey results"),
    ]

    static let listen: [String: BothLanguages] = [
        "signal.raise": .init(sv: "lyfte en signal", en: "raised a signal"),
        "signal.forward": .init(sv: "skickade vidare en signal", en: "forwarded a signal"),
        "signal.decide": .init(sv: "besvarade en signal", en: "answered a signal"),
        "signal.implement": .init(sv: "markerade en signal som genomförd", en: "marked a signal as carried out"),
        "signal.comment": .init(sv: "kommenterade en signal", en: "commented on a signal"),
        "signal.question": .init(sv: "ställde en fråga till den som lyfte en signal", en: "asked the raiser of a signal a question"),
        "participant_code.publish": .init(sv: "gav en enhet en kod för deltagarnas röst", en: "gave a unit a code for participants"),
        "participant_code.withdraw": .init(sv: "drog tillbaka en enhets kod för deltagarnas röst", en: "withdrew a unit's code for participants"),
    ]
    static let prune: [String: BothLanguages] = [
        "requirement.create": .init(sv: "lade till ett krav", en: "added a requirement"),
        "requirement.propose": .init(sv: "föreslog ett krav", en: "proposed a requirement"),
        "requirement.update": .init(sv: "ändrade ett krav", en: "changed a requirement"),
        "requirement.accept": .init(sv: "tog in ett föreslaget krav", en: "took in a proposed requirement"),
        "requirement.reject": .init(sv: "tog inte in ett föreslaget krav", en: "did not take in a proposed requirement"),
        "requirement.decide": .init(sv: "fattade beslut om ett krav", en: "decided on a requirement"),
        "requirement.import": .init(sv: "importerade krav", en: "imported requirements"),
        "requirement.link_signal": .init(sv: "kopplade en signal till ett krav", en: "linked a signal to a requirement"),
    ]
    static let learn: [String: BothLanguages] = [
        "example.create": .init(sv: "skrev ett exempel", en: "wrote an example"),
        "example.update": .init(sv: "ändrade ett exempel", en: "changed an example"),
        "example.submit": .init(sv: "skickade in ett exempel", en: "submitted an example"),
        "example.publish": .init(sv: "publicerade ett exempel", en: "published an example"),
        "example.return": .init(sv: "skickade tillbaka ett exempel till den som skrev det", en: "returned an example to its contributor"),
        "example.withdraw": .init(sv: "drog tillbaka ett exempel", en: "withdrew an example"),
        "example.attach": .init(sv: "bifogade en fil till ett exempel", en: "attached a file to an example"),
        "example.detach": .init(sv: "tog bort en bilaga från ett exempel", en: "removed an attachment from an example"),
        "example.import": .init(sv: "läste in exempel från en fil", en: "imported examples from a file"),
        "example.problem.handle": .init(sv: "hanterade en anmälan om ett exempel", en: "handled a report about an example"),
        "pilot.create": .init(sv: "registrerade ett försök", en: "registered a pilot"),
        "pilot.update": .init(sv: "ändrade ett försök", en: "changed a pilot"),
        "pilot.members": .init(sv: "ändrade vilka som är forskare eller kontaktpersoner i ett försök", en: "changed a pilot's researchers or contacts"),
        "pilot.log.add": .init(sv: "skrev i en forskningslogg", en: "wrote in a research log"),
        "pilot.log.visibility": .init(sv: "ändrade vem som ser en post i en forskningslogg", en: "changed who sees a research log entry"),
        "report.create": .init(sv: "började på en rapport", en: "started a report"),
        "report.update": .init(sv: "ändrade en rapport", en: "changed a report"),
        "report.pdf": .init(sv: "laddade upp en rapports pdf", en: "uploaded a report's PDF"),
        "report.publish": .init(sv: "publicerade en rapport", en: "published a report"),
    ]
}

/// An organisation's audit log for its administrators: who did what and when, in words, newest
/// first, with a link to what it concerns where there is a page for it.
struct AuditLogPage {
    let organisation: Organisation
    let entries: Page<AuditEntry>
    /// Words for the actions, from every module.
    let words: [String: BothLanguages]
    let nav: HTML
    let crumbs: [(label: String, path: String)]

    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML] = entries.items.map { entry in
            let what = words[entry.action].map { ctx.t($0) } ?? entry.action
            return """
                <tr><td>\(Form.dateTime(entry.at))</td><td>\(entry.actorLabel)</td><td>\(what)</td>\
                <td>\(object(entry, ctx))</td><td>\(details(entry, ctx))</td></tr>
                """
        }
        let title = "\(ctx.t(UIText.auditLog)): \(organisation.name)"
        let content: HTML = """
            <h1>\(title)</h1>
            \(nav)
            <p>\(ctx.t(UIText.totalCount(entries.total))) · \(ctx.t(UIText.newestFirst))</p>
            \(Form.table(label: ctx.t(UIText.auditLog), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.auditLog))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.when))</th><th scope="col">\(ctx.t(UIText.who))</th><th scope="col">\(ctx.t(UIText.action))</th>\
            <th scope="col">\(ctx.t(UIText.object))</th><th scope="col">\(ctx.t(UIText.details))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """))
            \(Form.pager(entries, path: SiteURL.auditLog(slug: organisation.slug).path, ctx))
            """
        return PageView(title: title, breadcrumbs: crumbs, content: content)
    }

    /// What the entry concerns, linked where it has a page.
    private func object(_ entry: AuditEntry, _ ctx: PageContext) -> HTML {
        guard let raw = entry.objectID, let id = Int64(raw) else { return "\(ctx.t(UIText.auditObject(entry.objectType)))" }
        let label = "\(ctx.t(UIText.auditObject(entry.objectType))) \(raw)"
        let path: String? = switch entry.objectType {
        case "signal": SiteURL.signal(id: id).path
        case "unit": SiteURL.unit(slug: organisation.slug, id: id).path
        case "user": SiteURL.adminPerson(slug: organisation.slug, id: id).path
        case "example": SiteURL.example(id: id).path
        case "pilot": LearnURL.pilot(id)
        default: nil
        }
        return path.map { "<a href=\"\($0)\">\(label)</a>" as HTML } ?? "\(label)"
    }

    /// The entry's details (`{"role":"chef"}`) as words: known names and values translated.
    private func details(_ entry: AuditEntry, _ ctx: PageContext) -> HTML {
        guard let data = entry.details.data(using: .utf8),
              let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any], !fields.isEmpty else { return .empty }
        let items: [HTML] = fields.keys.sorted().map { key in
            let raw = fields[key].map { "\($0)" } ?? ""
            let value = switch key {
            case "role": Role(rawValue: raw).map { ctx.t($0.label) } ?? raw
            case "decision": Decision(rawValue: raw).map { ctx.t($0.label) } ?? raw
            case "invited", "public": raw == "yes" ? ctx.t(UIText.yes) : raw == "no" ? ctx.t(UIText.no) : raw
            default: raw
            }
            return "<li>\(ctx.t(UIText.auditDetail(key))): \(value.isEmpty ? "–" : value)</li>"
        }
        return "<ul class=\"plain-list\">\(items)</ul>"
    }
}
