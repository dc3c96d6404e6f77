import Foundation
import TillitFollowUp
import TillitLearn
import TillitListen
import TillitPlatform
import TillitPrune

/// How one module's audit-log entries read: its actions in words, what its objects are called and
/// where their pages are, and the names and values of the details it records. Each module brings
/// its own (``Module/audit``); the log merges them.
struct AuditVocabulary: Sendable {
    var actions: [String: BothLanguages] = [:]
    var objects: [String: AuditObject] = [:]
    var details: [String: AuditDetail] = [:]

    /// Every module's words together, the first module's where two use one name.
    static func merged(_ parts: [AuditVocabulary]) -> AuditVocabulary {
        parts.reduce(into: AuditVocabulary()) { all, part in
            all.actions.merge(part.actions) { first, _ in first }
            all.objects.merge(part.objects) { first, _ in first }
            all.details.merge(part.details) { first, _ in first }
        }
    }
}

/// What an audit-log entry concerns: its name, and the page of one for a reader, when there is a
/// page and the reader may open it (a link that leads to a 403 or a 404 is not shown).
struct AuditObject: Sendable {
    typealias Pages = @Sendable (Site, Actor, Organisation, [Int64]) async throws -> [Int64: String]
    let label: BothLanguages
    /// The pages of several objects of this kind, by id, for those the reader may open.
    let pages: Pages?

    init(label: BothLanguages) {
        self.label = label
        self.pages = nil
    }

    /// Pages found all at once.
    init(label: BothLanguages, pages: @escaping Pages) {
        self.label = label
        self.pages = pages
    }

    /// Pages found one object at a time; an object whose lookup fails (gone, or not the reader's)
    /// has none.
    init(label: BothLanguages, page: @escaping @Sendable (Site, Actor, Organisation, Int64) async throws -> String?) {
        self.label = label
        self.pages = { site, actor, organisation, ids in
            var found: [Int64: String] = [:]
            for id in ids {
                if let path = try? await page(site, actor, organisation, id) { found[id] = path }
            }
            return found
        }
    }
}

/// A detail of an audit-log entry: its name, and how its value reads.
struct AuditDetail: Sendable {
    enum Value: Sendable {
        /// As recorded (a name, a key).
        case text
        /// A figure, as the reader's language writes it.
        case number
        /// Minutes, as hours.
        case minutesAsHours
        /// A unit's id (or several, comma-separated): its name.
        case unit
        /// "yes" or "no".
        case yesNo
        /// An organisation setting's key: its name.
        case setting
        /// A code of the product's vocabulary; the action tells which vocabulary.
        case code(@Sendable (_ action: String, _ code: String) -> BothLanguages?)
    }

    let label: BothLanguages
    var value: Value = .text
}

extension AuditVocabulary {
    static let platform = AuditVocabulary(
        actions: [
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
        ],
        objects: [
            "unit": AuditObject(label: .init(sv: "Enhet", en: "Unit"), page: { _, _, organisation, id in SiteURL.unit(slug: organisation.slug, id: id).path }),
            // A person's page in the administration, while they have a role in the organisation.
            "user": AuditObject(label: .init(sv: "Konto", en: "Account"), pages: { site, _, organisation, ids in
                let grants = try await site.platform.grants(userIDs: ids)
                var found: [Int64: String] = [:]
                for id in ids where grants[id]?.contains(where: { $0.organisationID == organisation.id }) == true {
                    found[id] = SiteURL.adminPerson(slug: organisation.slug, id: id).path
                }
                return found
            }),
            "api_token": AuditObject(label: .init(sv: "API-nyckel", en: "API token")),
            "organisation": AuditObject(label: .init(sv: "Organisationen", en: "The organisation")),
            "settings": AuditObject(label: .init(sv: "Inställningar", en: "Settings")),
            "instance": AuditObject(label: .init(sv: "Hela Tillit", en: "All of Tillit")),
        ],
        details: [
            "role": AuditDetail(label: .init(sv: "Roll", en: "Role"), value: .code { _, code in Role(rawValue: code)?.label }),
            "roles": AuditDetail(label: .init(sv: "Roller", en: "Roles"), value: .code { _, code in Role(rawValue: code)?.label }),
            "organisation_id": AuditDetail(label: .init(sv: "Organisation", en: "Organisation")),
            "unit_id": AuditDetail(label: .init(sv: "Enhet", en: "Unit"), value: .unit),
            "parent_id": AuditDetail(label: .init(sv: "Överordnad enhet", en: "Parent unit"), value: .unit),
            "from_parent_id": AuditDetail(label: .init(sv: "Från överordnad enhet", en: "From parent unit"), value: .unit),
            "to_parent_id": AuditDetail(label: .init(sv: "Till överordnad enhet", en: "To parent unit"), value: .unit),
            "closed_units": AuditDetail(label: .init(sv: "Nedlagda enheter", en: "Closed units"), value: .unit),
            "user_id": AuditDetail(label: .init(sv: "Konto", en: "Account")),
            "invited": AuditDetail(label: .init(sv: "Inbjuden", en: "Invited"), value: .yesNo),
            "name": AuditDetail(label: .init(sv: "Namn", en: "Name")),
            "slug": AuditDetail(label: .init(sv: "Kortnamn", en: "Short name")),
            "kind": AuditDetail(label: .init(sv: "Typ", en: "Kind"), value: .code(kindLabel)),
            "key": AuditDetail(label: .init(sv: "Inställning", en: "Setting"), value: .setting),
            "from": AuditDetail(label: .init(sv: "Från", en: "From"), value: .code(kindLabel)),
            "to": AuditDetail(label: .init(sv: "Till", en: "To"), value: .code(kindLabel)),
            "records": AuditDetail(label: .init(sv: "Gallrade texter", en: "Texts cleared"), value: .number),
            "organisations": AuditDetail(label: .init(sv: "Organisationer", en: "Organisations"), value: .number),
            "created": AuditDetail(label: .init(sv: "Nya", en: "Created"), value: .number),
            "updated": AuditDetail(label: .init(sv: "Ändrade", en: "Updated"), value: .number),
            "count": AuditDetail(label: .init(sv: "Antal", en: "Number"), value: .number),
        ])

    /// A kind's label by the action that recorded it: a unit's, an organisation's, a signal's, a
    /// research log entry's. Unknown codes stay as recorded.
    @Sendable static func kindLabel(_ action: String, _ code: String) -> BothLanguages? {
        if action.hasPrefix("unit.") { return UnitKind(rawValue: code)?.label }
        if action.hasPrefix("organisation.") { return OrganisationKind(rawValue: code)?.label }
        if action.hasPrefix("signal.") { return SignalKind(rawValue: code)?.label }
        if action.hasPrefix("pilot.") { return LogKind(rawValue: code)?.label }
        return nil
    }

    static let listen = AuditVocabulary(
        actions: [
            "signal.raise": .init(sv: "lyfte en signal", en: "raised a signal"),
            "signal.forward": .init(sv: "skickade vidare en signal", en: "forwarded a signal"),
            "signal.decide": .init(sv: "besvarade en signal", en: "answered a signal"),
            "signal.implement": .init(sv: "markerade en signal som genomförd", en: "marked a signal as carried out"),
            "signal.comment": .init(sv: "kommenterade en signal", en: "commented on a signal"),
            "signal.question": .init(sv: "ställde en fråga till den som lyfte en signal", en: "asked the raiser of a signal a question"),
            "participant_code.publish": .init(sv: "gav en enhet en kod för deltagarnas röst", en: "gave a unit a code for participants"),
            "participant_code.withdraw": .init(sv: "drog tillbaka en enhets kod för deltagarnas röst", en: "withdrew a unit's code for participants"),
        ],
        objects: [
            "signal": AuditObject(label: .init(sv: "Signal", en: "Signal"), pages: { site, actor, _, ids in
                let visible = try await Signals(platform: site.platform).visible(actor: actor, ids: ids)
                return Dictionary(uniqueKeysWithValues: visible.map { ($0, SiteURL.signal(id: $0).path) })
            }),
        ],
        details: [
            "decision": AuditDetail(label: .init(sv: "Beslut", en: "Decision"), value: .code { action, code in
                action.hasPrefix("signal.") ? Decision(rawValue: code)?.label : RequirementDecisionKind(rawValue: code)?.label
            }),
            "from_unit_id": AuditDetail(label: .init(sv: "Från enhet", en: "From unit"), value: .unit),
            "to_unit_id": AuditDetail(label: .init(sv: "Till enhet", en: "To unit"), value: .unit),
        ])

    static let learn = AuditVocabulary(
        actions: [
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
        ],
        objects: [
            // An example's page, for a reader who may see it (a draft is its contributor's and the editors').
            "example": AuditObject(label: .init(sv: "Exempel", en: "Example"), pages: { site, actor, _, ids in
                let visible = try await Knowledge(platform: site.platform).visible(actor: actor, ids: ids)
                return Dictionary(uniqueKeysWithValues: visible.map { ($0, SiteURL.example(id: $0).path) })
            }),
            "pilot": AuditObject(label: .init(sv: "Försök", en: "Pilot"), page: { site, _, _, id in
                _ = try await Pilots(platform: site.platform).pilot(id: id)
                return LearnURL.pilot(id)
            }),
            "report": AuditObject(label: .init(sv: "Rapport", en: "Report"), page: { site, actor, _, id in
                LearnURL.report(try await Reports(platform: site.platform).report(actor: actor, id: id).reference)
            }),
        ],
        details: [
            "status": AuditDetail(label: .init(sv: "Status", en: "Status"), value: .code { _, code in ExampleStatus(rawValue: code)?.label }),
            "public": AuditDetail(label: .init(sv: "Synlig för alla", en: "Public"), value: .yesNo),
            "attachment": AuditDetail(label: .init(sv: "Bilaga", en: "Attachment")),
            "number": AuditDetail(label: .init(sv: "Nummer", en: "Number")),
            "researchers_added": AuditDetail(label: .init(sv: "Forskare tillagda", en: "Researchers added"), value: .number),
            "researchers_removed": AuditDetail(label: .init(sv: "Forskare borttagna", en: "Researchers removed"), value: .number),
            "contacts_added": AuditDetail(label: .init(sv: "Kontaktpersoner tillagda", en: "Contacts added"), value: .number),
            "contacts_removed": AuditDetail(label: .init(sv: "Kontaktpersoner borttagna", en: "Contacts removed"), value: .number),
        ])

    static let prune = AuditVocabulary(
        actions: [
            "requirement.create": .init(sv: "lade till ett krav", en: "added a requirement"),
            "requirement.propose": .init(sv: "föreslog ett krav", en: "proposed a requirement"),
            "requirement.update": .init(sv: "ändrade ett krav", en: "changed a requirement"),
            "requirement.accept": .init(sv: "tog in ett föreslaget krav", en: "took in a proposed requirement"),
            "requirement.reject": .init(sv: "tog inte in ett föreslaget krav", en: "did not take in a proposed requirement"),
            "requirement.decide": .init(sv: "fattade beslut om ett krav", en: "decided on a requirement"),
            "requirement.import": .init(sv: "importerade krav", en: "imported requirements"),
            "requirement.link_signal": .init(sv: "kopplade en signal till ett krav", en: "linked a signal to a requirement"),
        ],
        objects: [
            "requirement": AuditObject(label: .init(sv: "Krav", en: "Requirement"), page: { site, actor, organisation, id in
                _ = try await Requirements(platform: site.platform).detail(actor: actor, id: id)
                return PruneURL.requirement(organisation.slug, id)
            }),
        ],
        details: [
            "type": AuditDetail(label: .init(sv: "Typ av krav", en: "Type of requirement"), value: .code { _, code in RequirementType(rawValue: code)?.label }),
            "minutes_per_year_before": AuditDetail(label: .init(sv: "Timmar per år före", en: "Hours a year before"), value: .minutesAsHours),
            "minutes_per_year_after": AuditDetail(label: .init(sv: "Timmar per år efter", en: "Hours a year after"), value: .minutesAsHours),
            "minutes_freed_per_year": AuditDetail(label: .init(sv: "Frigjorda timmar per år", en: "Hours freed a year"), value: .minutesAsHours),
            "signal_id": AuditDetail(label: .init(sv: "Signal", en: "Signal")),
        ])

    static let signOn = AuditVocabulary(
        actions: [
            "signon.sign_in": .init(sv: "loggade in med organisationens konto", en: "signed in with the organisation's account"),
            "signon.refused": .init(sv: "nekades inloggning med organisationens konto", en: "was refused sign-in with the organisation's account"),
        ],
        details: [
            "claim": AuditDetail(label: .init(sv: "Känd genom", en: "Known by"), value: .code { _, code in
                switch code {
                case "email": .init(sv: "e-postadressen", en: "the email address")
                case "sub": .init(sv: "leverantörens id för personen", en: "the provider's id for the person")
                default: nil
                }
            }),
            "account_made": AuditDetail(label: .init(sv: "Nytt konto", en: "New account"), value: .yesNo),
            "linked": AuditDetail(label: .init(sv: "Kopplat till leverantörens id", en: "Linked to the provider's id"), value: .yesNo),
            "reason": AuditDetail(label: .init(sv: "Skäl", en: "Reason"), value: .code { _, code in signOnReasons[code] }),
            "detail": AuditDetail(label: .init(sv: "Leverantörens svar", en: "The provider's answer")),
        ])

    /// Why a sign-in with the organisation's provider was refused, by the code the log keeps.
    static let signOnReasons: [String: BothLanguages] = [
        "provider-denied": .init(sv: "leverantören avbröt inloggningen", en: "the provider stopped the sign-in"),
        "provider-token": .init(sv: "leverantören gav ingen id-token", en: "the provider gave no ID token"),
        "email-not-verified": .init(sv: "adressen var inte bekräftad hos leverantören", en: "the address was not verified at the provider"),
        "email-missing": .init(sv: "leverantören gav ingen e-postadress", en: "the provider gave no email address"),
        "unknown-person": .init(sv: "personen har inget konto i organisationen", en: "the person has no account in the organisation"),
        "new-people-unit-missing": .init(sv: "enheten för nya personer finns inte längre", en: "the unit for new people no longer exists"),
        "account-disabled": .init(sv: "kontot är inaktiverat", en: "the account is disabled"),
        "account-elsewhere": .init(sv: "kontot har roller utanför organisationen", en: "the account has roles outside the organisation"),
        "token-malformed": .init(sv: "id-token hade fel form", en: "the ID token was malformed"),
        "token-algorithm": .init(sv: "id-token var signerad på ett sätt som inte godtas", en: "the ID token was signed in a way not accepted"),
        "token-unknown-key": .init(sv: "id-token var signerad med en okänd nyckel", en: "the ID token was signed with an unknown key"),
        "token-signature": .init(sv: "id-tokens signatur stämde inte", en: "the ID token's signature did not hold"),
        "token-issuer": .init(sv: "id-token kom från en annan utfärdare", en: "the ID token came from another issuer"),
        "token-audience": .init(sv: "id-token var inte utfärdad för Tillit", en: "the ID token was not issued for Tillit"),
        "token-expired": .init(sv: "id-token hade gått ut", en: "the ID token had expired"),
        "token-issued-at": .init(sv: "id-tokens utfärdandetid stämde inte", en: "the ID token's issue time was wrong"),
        "token-nonce": .init(sv: "id-token hörde inte till den här inloggningen", en: "the ID token did not belong to this sign-in"),
    ]

    static let followUp = AuditVocabulary(
        actions: [
            "questionnaire.import": .init(sv: "läste in ett frågeformulär", en: "imported a questionnaire"),
            "round.create": .init(sv: "startade en enkätomgång", en: "started a survey round"),
            "round.invite": .init(sv: "skapade inbjudningar till en enkätomgång", en: "made invitations to a survey round"),
            "round.code": .init(sv: "skapade en enhetskod till en enkätomgång", en: "made a unit code for a survey round"),
            "round.close": .init(sv: "stängde en enkätomgång", en: "closed a survey round"),
            "round.dialogue": .init(sv: "skrev en dialoganteckning om enkätresultat", en: "wrote a dialogue note on survey results"),
        ],
        objects: [
            "round": AuditObject(label: .init(sv: "Enkätomgång", en: "Survey round"), page: { site, actor, organisation, id in
                _ = try await FollowUp(platform: site.platform).round(actor: actor, id: id)
                return Route.surveyRound.path(organisation.slug, id)
            }),
            "questionnaire": AuditObject(label: .init(sv: "Frågeformulär", en: "Questionnaire")),
        ],
        details: [
            "unit": AuditDetail(label: .init(sv: "Enhet", en: "Unit"), value: .unit),
            "questionnaire": AuditDetail(label: .init(sv: "Frågeformulär", en: "Questionnaire")),
            "version": AuditDetail(label: .init(sv: "Version", en: "Version")),
            "cap": AuditDetail(label: .init(sv: "Högst antal svar", en: "Most answers"), value: .number),
        ])
}
