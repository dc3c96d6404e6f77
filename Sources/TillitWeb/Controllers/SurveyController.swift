import Foundation
import Hummingbird
import TillitFollowUp
import TillitFormats
import TillitListen
import TillitPlatform

/// Follow up's pages: answering (no account; quiet routes, like the participant's voice), the
/// rounds of an organisation, a round, and a unit's report with its CSV.
struct SurveyController: Sendable {
    let site: Site
    var followUp: FollowUp { FollowUp(platform: site.platform) }
    var today: CivilDate { CivilDate(LocalTime(site.platform.clock.now()).dateOnly)! }

    func register(on router: RouteRegistry) {
        router.get(Route.surveyEntry, quiet: true, use: entry)
        router.get(Route.surveyRespond, quiet: true, use: respondForm)
        router.post(Route.surveyRespond, quiet: true, use: respond)
        router.get(Route.surveyCode, quiet: true, use: codeForm)
        router.post(Route.surveyCode, quiet: true, use: respondByCode)
        router.get(Route.surveyThanks, quiet: true, use: thanks)
        router.get(Route.surveyRounds, use: rounds)
        router.post(Route.surveyRounds, use: createRound)
        router.get(Route.surveyRound, use: round)
        router.post(Route.surveyInvitations, use: invite)
        router.post(Route.surveyClose, use: close)
        router.get(Route.surveyReport, use: report)
        router.get(Route.surveyReportCSV, use: reportCSV)
        router.post(Route.surveyDialogue, use: saveDialogue)
        router.post(Route.surveyDialogueSignal, use: raiseNeed)
    }

    /// On the start page: the surveys of the person's organisation, latest first, each leading to
    /// its results once closed.
    func startPanel(_ actor: Actor, _ ctx: PageContext) async throws -> HTML? {
        guard let organisationID = Policy.organisationIDs(actor).sorted().first else { return nil }
        let rounds = try await followUp.rounds(actor: actor, organisationID: organisationID).prefix(3)
        guard !rounds.isEmpty else { return nil }
        let organisation = try await site.platform.organisation(id: organisationID)
        let titles = Dictionary(uniqueKeysWithValues: try await followUp.questionnaires(actor: actor).map { ($0.id, $0.questionnaire.title.text(ctx.language)) })
        let today = self.today
        let items: [HTML] = rounds.map { round in
            let closed = round.closingDay(today: today) != nil
            let path = closed ? Route.surveyReport.path(organisation.slug, round.id) : Route.surveyRound.path(organisation.slug, round.id)
            return "<li><a href=\"\(path)\">\(titles[round.questionnaireID] ?? "–"), \(round.opensOn.description) – \(round.closesOn.description)</a> · \(RoundStatus.text(round, today: today, ctx))</li>"
        }
        return """
            <section aria-labelledby="start-surveys"><h2 id="start-surveys">\(ctx.t(FollowUpUIText.surveys))</h2>
            <ul class="plain-list">\(items)</ul>
            <p><a href="\(Route.surveyRounds.path(organisation.slug))">\(ctx.t(FollowUpUIText.roundsOf(organisation.name)))</a></p></section>
            """
    }

    // MARK: Answering

    /// Where a shared code is typed (`?kod=…`); a known code leads to its survey.
    @Sendable func entry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ctx = site.pageContext(request, context)
        guard let typed = site.formText(request, "kod").map({ String($0.prefix(40)) }), !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
            return site.render(SurveyPlainPages.entry(ctx, typed: nil, errors: []), request, context)
        }
        let key = site.receiptAttempts.key(context, scope: "survey-code")
        try site.receiptAttempts.check(key)
        do {
            _ = try await followUp.codeSurvey(code: typed)
            return HTMLResponse.seeOther(Route.surveyCode.path(String(typed.uppercased().filter { $0.isLetter || $0.isNumber })))
        } catch let error as AppError where error.status == .notFound || error.status == .conflict {
            site.receiptAttempts.record(key)
            return site.render(SurveyPlainPages.entry(ctx, typed: typed, errors: [FieldError("kod", error.message)]), request, context,
                               status: HTTPResponse.Status(code: error.status.rawValue))
        }
    }

    /// Reads the form's answers: one field per item, empty for skipped.
    static func answers(_ form: FormData, _ questionnaire: Questionnaire) -> [String: RawAnswer] {
        var answers: [String: RawAnswer] = [:]
        for item in questionnaire.items {
            if let value = form[SurveyResponsePage.field(item.id)], !value.isEmpty { answers[item.id] = .string(value) }
        }
        return answers
    }

    func responsePage(_ request: Request, _ context: AppRequestContext, _ invitation: FollowUp.Invitation, typed: FormData?, errors: [FieldError],
                      canSave: Bool, notice: String?, status: HTTPResponse.Status = .ok) -> Response {
        let view = SurveyResponsePage(questionnaire: invitation.questionnaire, saved: invitation.saved, typed: typed, errors: errors, canSave: canSave,
                                      notice: notice, openUntil: invitation.round.closesOn.description)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func respondForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let invitation = try await followUp.invitation(token: try context.parameters.require("token"))
        let saved = request.uri.queryParameters.get("sparat") != nil
        return responsePage(request, context, invitation, typed: nil, errors: [], canSave: true,
                            notice: saved ? FollowUpUIText.saved.text(context.language) : nil)
    }

    @Sendable func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let invitation = try await followUp.invitation(token: token)
        return try await site.submit(request, context, save: { form in
            let send = form["action"] != "save"
            try await followUp.respond(token: token, answers: Self.answers(form, invitation.questionnaire), submit: send)
            return HTMLResponse.seeOther(send ? Route.surveyThanks.path() : Route.surveyRespond.path(token) + "?sparat=1")
        }, again: { request, form, errors, status in
            responsePage(request, context, invitation, typed: form, errors: errors, canSave: true, notice: nil, status: status)
        })
    }

    @Sendable func codeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let invitation = try await followUp.codeSurvey(code: try context.parameters.require("code"))
        return responsePage(request, context, invitation, typed: nil, errors: [], canSave: false, notice: nil)
    }

    @Sendable func respondByCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let invitation = try await followUp.codeSurvey(code: code)
        return try await site.submit(request, context, save: { form in
            try await followUp.respond(code: code, answers: Self.answers(form, invitation.questionnaire))
            return HTMLResponse.seeOther(Route.surveyThanks.path())
        }, again: { request, form, errors, status in
            responsePage(request, context, invitation, typed: form, errors: errors, canSave: false, notice: nil, status: status)
        })
    }

    @Sendable func thanks(_ request: Request, context: AppRequestContext) async throws -> Response {
        site.render(SurveyPlainPages.thanks(site.pageContext(request, context)), request, context)
    }

    // MARK: Rounds

    /// The units the actor may start a round for, in tree order.
    static func startable(_ actor: Actor, _ organisationID: Int64, _ tree: UnitTree) -> [(id: Int64, name: String)] {
        let admin = Policy.canAdministerOrganisation(actor, organisationID)
        return tree.flattened(includeClosed: false).filter { admin || Policy.manages(actor, unit: $0.unit.id, in: tree) }
            .map { ($0.unit.id, String(repeating: "– ", count: $0.depth) + $0.unit.name) }
    }

    func roundsPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        let rounds = try await followUp.rounds(actor: actor, organisationID: organisation.id)
        let questionnaires = try await followUp.questionnaires(actor: actor).filter { $0.organisationID == nil || $0.organisationID == organisation.id }
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let view = SurveyRoundsPage(
            organisation: organisation, rounds: rounds,
            titles: Dictionary(uniqueKeysWithValues: questionnaires.map { ($0.id, $0.questionnaire.title.text(context.language)) }),
            unitNames: tree.units.mapValues(\.name),
            questionnaires: questionnaires.map { ($0.id, "\($0.questionnaire.title.text(context.language)) (\($0.questionnaire.version))") },
            startable: Self.startable(actor, organisation.id, tree), today: today, form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func rounds(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await roundsPage(request, context, form: FormData(pairs: []), errors: [])
    }

    @Sendable func createRound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            let round = try await followUp.createRound(actor: actor, .init(questionnaireID: form["questionnaire_id"], unitID: form["unit_id"],
                                                                           opensOn: form["opens_on"], closesOn: form["closes_on"]))
            return HTMLResponse.seeOther(Route.surveyRound.path(organisation.slug, round.id))
        }, again: { request, form, errors, status in
            try await roundsPage(request, context, form: form, errors: errors, status: status)
        })
    }

    /// The round in the path, within the organisation in the path.
    func roundPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let organisation = try await site.organisation(context)
        let overview = try await followUp.overview(actor: try context.actor(), roundID: try site.id(context))
        guard overview.round.organisationID == organisation.id else { throw AppError.notFound }
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let units = tree.flattened(includeClosed: true).filter { tree.subtree(of: overview.round.unitID).contains($0.unit.id) }
        let base = units.first?.depth ?? 0
        let view = SurveyRoundPage(organisation: organisation, overview: overview, unitNames: tree.units.mapValues(\.name),
                                   units: units.map { ($0.unit.id, $0.depth - base) }, today: today, errors: errors, form: form,
                                   publicURL: site.publicURL, publicURLIsThisMachine: site.publicURLIsThisMachine)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func round(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await roundPage(request, context, form: FormData(pairs: []), errors: [])
    }

    /// Makes the links and hands them over at once as a CSV file (they are not stored, so there is
    /// no page to come back to); a bad form is shown again.
    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let roundID = try site.id(context)
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            let round = try await followUp.round(actor: actor, id: roundID)
            guard round.organisationID == organisation.id else { throw AppError.notFound }
            let tokens = try await followUp.invite(actor: actor, roundID: roundID, unitID: form["unit_id"], count: form["count"])
            let csv = CSVWriter.document(header: ["link"], rows: tokens.map { [site.publicURL + Route.surveyRespond.path($0)] }, byteOrderMark: false, neutralizeFormulas: true)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"lankar-\(roundID).csv\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
        }, again: { request, form, errors, status in
            try await roundPage(request, context, form: form, errors: errors, status: status)
        })
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let roundID = try site.id(context)
        let actor = try context.actor()
        return try await site.submit(request, context, save: { _ in
            let round = try await followUp.round(actor: actor, id: roundID)
            guard round.organisationID == organisation.id else { throw AppError.notFound }
            _ = try await followUp.close(actor: actor, roundID: roundID)
            return HTMLResponse.seeOther(Route.surveyRound.path(organisation.slug, roundID))
        }, again: { request, form, errors, status in
            try await roundPage(request, context, form: form, errors: errors, status: status)
        })
    }

    // MARK: Reports

    /// The results for `?enhet=` (default: the round's unit) and the units just below it.
    func results(_ request: Request, _ context: AppRequestContext, unit: Int64? = nil) async throws -> (Organisation, RoundResults, UnitTree, CivilDate) {
        let organisation = try await site.organisation(context)
        var unitID: Int64? = unit
        if unit == nil, let raw = request.uri.queryParameters.get("enhet"), !raw.isEmpty {
            guard let id = RequestNumber.id(raw) else { throw AppError.notFound }
            unitID = id
        }
        let results = try await followUp.results(actor: try context.actor(), roundID: try site.id(context), unitID: unitID, depth: 1)
        guard results.round.organisationID == organisation.id else { throw AppError.notFound }
        let tree = try await site.platform.unitTree(organisationID: organisation.id)
        let settings = try await site.platform.settingValues(organisationID: organisation.id)
        let closed = results.round.closingDay(today: today) ?? today
        let released = CivilDate(daysSince1970: closed.daysSince1970 + (Int(settings["results_embargo_days"] ?? "") ?? 14))
        return (organisation, results, tree, released)
    }

    func reportPage(_ request: Request, _ context: AppRequestContext, unit: Int64? = nil, form: FormData = FormData(pairs: []), errors: [FieldError] = [],
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let (organisation, results, tree, released) = try await results(request, context, unit: unit)
        let actor = try context.actor()
        let unitID = results.units[0].unitID
        let note = try await followUp.dialogueNote(actor: actor, results: results, tree: tree)
        let saved = request.uri.queryParameters.get("sparat") != nil
        let view = SurveyReportPage(organisation: organisation, results: results, unitNames: tree.units.mapValues(\.name), releasedOn: released,
                                    note: note, mayWriteNote: FollowUp.mayWriteNote(actor, results.round, unitID: unitID, tree: tree),
                                    form: form, errors: errors, notice: saved ? FollowUpUIText.noteSaved.text(context.language) : nil,
                                    kept: site.platform.keptReportSections, unitsVersion: tree.version)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await reportPage(request, context)
    }

    /// The report of the unit a dialogue form names.
    func reportPath(_ organisation: Organisation, _ roundID: Int64, _ unitID: Int64) -> String {
        Route.surveyReport.path(organisation.slug, roundID) + "?enhet=\(unitID)"
    }

    @Sendable func saveDialogue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let roundID = try site.id(context)
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            guard let unitID = RequestNumber.id(form["unit_id"]) else { throw AppError.notFound }
            let round = try await followUp.round(actor: actor, id: roundID)
            guard round.organisationID == organisation.id else { throw AppError.notFound }
            _ = try await followUp.saveDialogueNote(actor: actor, roundID: roundID, unitID: unitID, see: form["what_we_see"], act: form["what_we_do"],
                                                    need: form["what_we_need"])
            return HTMLResponse.seeOther(reportPath(organisation, roundID, unitID) + "&sparat=1")
        }, again: { request, form, errors, status in
            try await reportPage(request, context, unit: RequestNumber.id(form["unit_id"]), form: form, errors: errors, status: status)
        })
    }

    /// Raises the note's "what we need from the level above" as a signal to the level above, once.
    @Sendable func raiseNeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.organisation(context)
        let roundID = try site.id(context)
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            guard let unitID = RequestNumber.id(form["unit_id"]) else { throw AppError.notFound }
            let round = try await followUp.round(actor: actor, id: roundID)
            guard round.organisationID == organisation.id else { throw AppError.notFound }
            let tree = try await site.platform.unitTree(organisationID: organisation.id)
            guard FollowUp.mayWriteNote(actor, round, unitID: unitID, tree: tree) else { throw AppError.forbidden }
            guard let note = try await followUp.dialogueNote(actor: actor, roundID: roundID, unitID: unitID), !note.whatWeNeed.isEmpty else { throw AppError.notFound }
            if note.signalID == nil {
                let title = try await followUp.overview(actor: actor, roundID: roundID).questionnaire.title.text(context.language)
                let above = tree[unitID]?.parentID ?? unitID
                let signal = try await Signals(platform: site.platform).raise(actor: actor, .init(
                    kind: SignalKind.fraga.rawValue, text: FollowUpUIText.needSignalText(title, note.whatWeNeed).text(context.language), unitID: String(above)))
                try await followUp.markNeedRaised(actor: actor, roundID: roundID, unitID: unitID, signalID: signal.signal.id)
            }
            return HTMLResponse.seeOther(reportPath(organisation, roundID, unitID))
        }, again: { request, form, errors, status in
            try await reportPage(request, context, unit: RequestNumber.id(form["unit_id"]), form: form, errors: errors, status: status)
        })
    }

    /// The report's figures as CSV, with the same suppression (a hidden figure is an empty cell).
    @Sendable func reportCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, results, tree, _) = try await results(request, context)
        let q = results.questionnaire
        let counted = q.countedItems
        var header = ["unit_id", "unit", "invited", "respondents", "response_rate"]
        var keys: [(String, String)] = []
        for item in counted {
            header += ["\(item.id) n", "\(item.id) mean"]
            let bins: [String]
            switch item.kind {
            case .likert: bins = (1...5).map(String.init)
            case .choice(let options): bins = options.map(\.id)
            case .text: bins = []
            }
            for bin in bins { header.append("\(item.id) \(bin)"); keys.append((item.id, bin)) }
        }
        let rows: [[String]] = results.units.map { unit in
            var row = [String(unit.unitID), tree[unit.unitID]?.name ?? "", String(unit.invited), unit.respondents.map(String.init) ?? "",
                       unit.responseRate.map { String(format: "%.3f", $0) } ?? ""]
            for item in counted {
                let figures = unit.items[item.id]
                row += [figures?.n.map(String.init) ?? "", figures?.mean.map { String(format: "%.2f", $0) } ?? ""]
                for key in keys where key.0 == item.id { row.append(figures?.distribution?[key.1].map(String.init) ?? "") }
            }
            return row
        }
        let csv = CSVWriter.document(header: header, rows: rows, byteOrderMark: false, neutralizeFormulas: true)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"resultat-\(results.round.id)-\(results.units.first?.unitID ?? 0).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
