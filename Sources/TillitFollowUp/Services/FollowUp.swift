import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

/// A round's report failed its audit: nothing of it is shown. Reaching this is a defect.
public struct DisclosureRefused: Error, Sendable {
    public let leaks: Int
    public let mismatches: Int
}

/// A questionnaire as stored: its id, whose it is (nil: every organisation's) and the instrument.
public struct StoredQuestionnaire: Sendable {
    public let id: Int64
    public let organisationID: Int64?
    public let questionnaire: Questionnaire
}

/// A survey round: one questionnaire, a unit's subtree, open from one day to another.
public struct SurveyRound: Sendable, Equatable {
    public let id: Int64
    public let organisationID: Int64
    public let questionnaireID: Int64
    public let unitID: Int64
    public let opensOn: CivilDate
    public let closesOn: CivilDate
    /// The day it was closed, if it was closed by hand (possibly before `closesOn`).
    public let closedOn: CivilDate?

    /// Whether answers are taken on `day`.
    public func isOpen(on day: CivilDate) -> Bool { closedOn == nil && opensOn <= day && day <= closesOn }

    /// The day the round closed, or nil while it has not.
    public func closingDay(today: CivilDate) -> CivilDate? {
        if let closedOn { return closedOn }
        return today > closesOn ? closesOn : nil
    }
}

/// What a reader gets of a round's results: the threshold and every unit asked for, each with
/// what the reader may see.
public struct RoundResults: Sendable {
    public let round: SurveyRound
    public let questionnaire: Questionnaire
    public let k: Int
    public let units: [UnitFigures]
    /// The same units' figures in the previous round of the same questionnaire and unit, as far as shown.
    public let previous: [Int64: UnitFigures]
    /// The units of the round whose results the reader may see now.
    public let visible: Set<Int64>
    /// The first unit's figures in up to four earlier rounds and this one, oldest first (empty when
    /// the reader may not see the unit).
    public let trend: [(round: SurveyRound, figures: UnitFigures)]
    /// What names these figures within this process: the kept reports they come from (this round's
    /// and the earlier ones', each a closed round whose figures never change). Equal stamps, equal
    /// figures for the same unit and reader's view of it.
    public var stamp: Stamp? = nil

    public struct Stamp: Hashable, Sendable {
        public let round: Int64
        public let k: Int
        public let textK: Int
        public let tree: Int
        public let earlier: [Int64]
    }
}

/// The Follow up loop: questionnaires, rounds, invitations, responses and reports with disclosure
/// control. Every method that acts for a person takes the ``Actor`` and asks ``Policy``.
public struct FollowUp: Sendable {
    public let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    var database: any Database { platform.database }
    var today: CivilDate { CivilDate(LocalTime(platform.clock.now()).dateOnly)! }

    // MARK: Questionnaires

    /// The questionnaires the actor's organisations may use: the shipped ones and their own.
    public func questionnaires(actor: Actor) async throws -> [StoredQuestionnaire] {
        guard actor.userID != nil || Policy.isSystemAdministrator(actor) else { throw AppError.signInRequired }
        let organisations = Array(Policy.organisationIDs(actor))
        let all = Policy.isSystemAdministrator(actor)
        return try await database.read { db in
            try await Self.loadQuestionnaires(db, """
                WHERE organisation_id IS NULL OR \(bind: all ? 1 : 0) = 1 OR organisation_id IN (\(binds: organisations.isEmpty ? [-1] : organisations))
                ORDER BY key, version
                """)
        }
    }

    /// One questionnaire, if the actor's organisations may use it.
    public func questionnaire(actor: Actor, id: Int64) async throws -> StoredQuestionnaire {
        guard let found = try await database.read({ db in try await Self.loadQuestionnaire(db, id: id) }) else { throw AppError.notFound }
        if let organisation = found.organisationID, !Policy.canViewOrganisation(actor, organisation) { throw AppError.notFound }
        guard actor.userID != nil || Policy.isSystemAdministrator(actor) else { throw AppError.signInRequired }
        return found
    }

    static func loadQuestionnaire(_ db: any SQLDatabase, id: Int64) async throws -> StoredQuestionnaire? {
        try await loadQuestionnaires(db, "WHERE id = \(bind: id)").first
    }

    /// The questionnaires `condition` selects, in its order. Each is found by its file's digest among
    /// those parsed before; only files not parsed before are read, in one statement.
    static func loadQuestionnaires(_ db: any SQLDatabase, _ condition: SQLQueryString) async throws -> [StoredQuestionnaire] {
        let rows = try await db.raw("SELECT id, organisation_id, source_digest FROM questionnaires \(condition)").all()
        var heads: [(id: Int64, organisationID: Int64?, digest: String?)] = []
        for row in rows {
            heads.append((try row.int64("id"), try row.optionalInt64("organisation_id"), try row.decode(column: "source_digest", as: String?.self)))
        }
        var parsed: [Int64: Questionnaire] = [:]
        var unread: [Int64] = []
        for head in heads {
            if let digest = head.digest, let known = ParsedQuestionnaires.shared.parsed(digest: digest) { parsed[head.id] = known } else { unread.append(head.id) }
        }
        if !unread.isEmpty {
            for row in try await db.raw("SELECT id, source FROM questionnaires WHERE id IN \(SQLQueryString.list(unread))").all() {
                // Stored sources were checked when imported; a stored one that no longer parses is a defect.
                parsed[try row.int64("id")] = try ParsedQuestionnaires.shared.parse(try row.string("source"))
            }
        }
        return heads.compactMap { head in
            parsed[head.id].map { StoredQuestionnaire(id: head.id, organisationID: head.organisationID, questionnaire: $0) }
        }
    }

    /// Imports a questionnaire file (YAML or JSON) for an organisation. Every problem is reported
    /// with its line and nothing is written unless there are none. Importing a version again
    /// replaces it only while no round uses it.
    public func importQuestionnaire(actor: Actor, organisationID: Int64, source: String) async throws -> StoredQuestionnaire {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let questionnaire: Questionnaire
        do { questionnaire = try QuestionnaireFile.parse(source) } catch {
            throw AppError(.unprocessable, code: "questionnaire-refused", message: FollowUpText.questionnaireRefused(error.problems.count),
                           fieldErrors: error.problems.map { FieldError("file", BothLanguages(sv: $0.text(.sv), en: $0.text(.en))) })
        }
        let now = platform.clock.now()
        return try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT id FROM questionnaires WHERE organisation_id = \(bind: organisationID) AND key = \(bind: questionnaire.key)
                AND version = \(bind: questionnaire.version)
                """).first().map { try $0.int64("id") }
            let id: Int64
            if let existing {
                let used = try await db.raw("SELECT 1 AS used FROM survey_rounds WHERE questionnaire_id = \(bind: existing)").first() != nil
                if used {
                    throw AppError(.conflict, code: "questionnaire-version-used", message: FollowUpText.versionExists(questionnaire.key, questionnaire.version))
                }
                try await db.raw("""
                    UPDATE questionnaires SET title = \(bind: questionnaire.title.sv), audience = \(bind: questionnaire.audience.rawValue),
                    source = \(bind: source), source_digest = \(bind: ParsedQuestionnaires.digest(source)) WHERE id = \(bind: existing)
                    """).run()
                id = existing
            } else {
                id = try await db.raw("""
                    INSERT INTO questionnaires (organisation_id, key, version, title, audience, source, source_digest, created_at)
                    VALUES (\(bind: organisationID), \(bind: questionnaire.key), \(bind: questionnaire.version), \(bind: questionnaire.title.sv),
                            \(bind: questionnaire.audience.rawValue), \(bind: source), \(bind: ParsedQuestionnaires.digest(source)), \(bind: now.epochSeconds))
                    RETURNING id
                    """).first()!.int64("id")
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "questionnaire.import", objectType: "questionnaire", objectID: String(id),
                                      organisationID: organisationID, details: ["key": questionnaire.key, "version": String(questionnaire.version)])
            return StoredQuestionnaire(id: id, organisationID: organisationID, questionnaire: questionnaire)
        }
    }

    // MARK: Rounds

    /// Input for a new round.
    public struct NewRound: Sendable {
        public var questionnaireID: String?
        public var unitID: String?
        public var opensOn: String?
        public var closesOn: String?
        public init(questionnaireID: String?, unitID: String?, opensOn: String?, closesOn: String?) {
            self.questionnaireID = questionnaireID
            self.unitID = unitID
            self.opensOn = opensOn
            self.closesOn = closesOn
        }
    }

    /// Starts a round for a unit's subtree: the organisation's administrator or a manager of the unit.
    public func createRound(actor: Actor, _ input: NewRound) async throws -> SurveyRound {
        var v = Validator()
        let questionnaireID = RequestNumber.id(input.questionnaireID)
        if questionnaireID == nil { v.add("questionnaire_id", PlatformText.fieldRequired) }
        let unitID = RequestNumber.id(input.unitID)
        if unitID == nil { v.add("unit_id", PlatformText.fieldRequired) }
        let opens = CivilDate(input.opensOn ?? "", years: 2000...2200)
        if opens == nil { v.add("opens_on", FollowUpText.dateInvalid) }
        let closes = CivilDate(input.closesOn ?? "", years: 2000...2200)
        if closes == nil { v.add("closes_on", FollowUpText.dateInvalid) }
        if let opens, let closes, closes < opens { v.add("closes_on", FollowUpText.datesOutOfOrder) }
        try v.check()
        let now = platform.clock.now()
        return try await database.transaction { db in
            guard let organisationID = try await Directory.organisationID(db, unitID: unitID!) else {
                throw AppError.invalid([FieldError("unit_id", PlatformText.notFound)])
            }
            let tree = try await platform.unitTree(db, organisationID: organisationID)
            guard Policy.canAdministerOrganisation(actor, organisationID) || Policy.manages(actor, unit: unitID!, in: tree) else {
                throw Policy.canViewOrganisation(actor, organisationID) ? AppError.forbidden : AppError.invalid([FieldError("unit_id", PlatformText.notFound)])
            }
            guard let stored = try await Self.loadQuestionnaire(db, id: questionnaireID!),
                  stored.organisationID == nil || stored.organisationID == organisationID else {
                throw AppError.invalid([FieldError("questionnaire_id", PlatformText.notFound)])
            }
            let id = try await db.raw("""
                INSERT INTO survey_rounds (organisation_id, questionnaire_id, unit_id, opens_on, closes_on, created_at, created_by)
                VALUES (\(bind: organisationID), \(bind: stored.id), \(bind: unitID!), \(bind: opens!.description), \(bind: closes!.description),
                        \(bind: now.epochSeconds), \(bind: actor.userID))
                RETURNING id
                """).first()!.int64("id")
            try await AuditLog.record(db, at: now, actor: actor, action: "round.create", objectType: "round", objectID: String(id),
                                      organisationID: organisationID, details: ["questionnaire": stored.questionnaire.key, "unit": String(unitID!)])
            return SurveyRound(id: id, organisationID: organisationID, questionnaireID: stored.id, unitID: unitID!, opensOn: opens!, closesOn: closes!, closedOn: nil)
        }
    }

    static func loadRound(_ db: any SQLDatabase, id: Int64, lock: Bool = false) async throws -> SurveyRound? {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: roundColumns) FROM survey_rounds WHERE id = \(bind: id)
            \(lock ? db.lockRowsClause : "")
            """).first() else { return nil }
        return try round(row)
    }

    static let roundColumns = "id, organisation_id, questionnaire_id, unit_id, opens_on, closes_on, closed_on"

    static func round(_ row: any SQLRow) throws -> SurveyRound {
        SurveyRound(id: try row.int64("id"), organisationID: try row.int64("organisation_id"), questionnaireID: try row.int64("questionnaire_id"),
                    unitID: try row.int64("unit_id"), opensOn: CivilDate(try row.string("opens_on"))!, closesOn: CivilDate(try row.string("closes_on"))!,
                    closedOn: try row.optionalString("closed_on").flatMap { CivilDate($0) })
    }

    /// Whether the actor runs this round (may invite and close it).
    static func runs(_ actor: Actor, _ round: SurveyRound, tree: UnitTree) -> Bool {
        Policy.canAdministerOrganisation(actor, round.organisationID) || Policy.manages(actor, unit: round.unitID, in: tree)
    }

    /// A round the actor may see (anyone in its organisation).
    public func round(actor: Actor, id: Int64) async throws -> SurveyRound {
        guard let round = try await database.read({ db in try await Self.loadRound(db, id: id) }),
              Policy.canViewOrganisation(actor, round.organisationID) else { throw AppError.notFound }
        return round
    }

    /// What a round's page shows: the round, its questionnaire, how many were invited for each unit
    /// (not sensitive: it says nothing about who answered), and whether the actor runs it.
    public struct Overview: Sendable {
        public let round: SurveyRound
        public let questionnaire: Questionnaire
        public let invited: [Int64: Int]
        /// The shared unit codes (for posters) with their caps; never how many have used one, which
        /// would count a small group's answers as they come in.
        public let codes: [(unitID: Int64, code: String, cap: Int)]
        public let actorRuns: Bool
        public let closedOn: CivilDate?
    }

    public func overview(actor: Actor, roundID: Int64) async throws -> Overview {
        let round = try await self.round(actor: actor, id: roundID)
        let tree = try await platform.unitTree(organisationID: round.organisationID)
        let today = self.today
        return try await database.read { db in
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            let invited = try await Self.invited(db, roundID: round.id)
            let runs = Self.runs(actor, round, tree: tree)
            let codes = runs ? try await db.raw("SELECT unit_id, code, cap FROM survey_unit_codes WHERE round_id = \(bind: round.id) ORDER BY code").all().map {
                (unitID: try $0.int64("unit_id"), code: try $0.string("code"), cap: Int(try $0.int64("cap")))
            } : []
            return Overview(round: round, questionnaire: questionnaire, invited: invited, codes: codes, actorRuns: runs,
                            closedOn: round.closingDay(today: today))
        }
    }

    /// The rounds of an organisation, latest first.
    public func rounds(actor: Actor, organisationID: Int64) async throws -> [SurveyRound] {
        guard Policy.canViewOrganisation(actor, organisationID) else { throw AppError.notFound }
        return try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.roundColumns) FROM survey_rounds WHERE organisation_id = \(bind: organisationID) ORDER BY closes_on DESC, id DESC
                """).all().map(Self.round)
        }
    }

    /// Makes `count` single-use invitations for a unit of the round. The tokens are returned once;
    /// only their hashes are kept, with the unit they count for and nothing about who gets them.
    public func invite(actor: Actor, roundID: Int64, unitID rawUnit: String?, count rawCount: String?) async throws -> [String] {
        var v = Validator()
        let unitID = RequestNumber.id(rawUnit)
        if unitID == nil { v.add("unit_id", PlatformText.fieldRequired) }
        let count = RequestNumber.int(rawCount, in: 1...5000)
        if count == nil { v.add("count", FollowUpText.countOutOfRange) }
        try v.check()
        let now = platform.clock.now()
        let today = self.today
        return try await database.transaction { db in
            guard let round = try await Self.loadRound(db, id: roundID, lock: true), Policy.canViewOrganisation(actor, round.organisationID) else {
                throw AppError.notFound
            }
            let tree = try await platform.unitTree(db, organisationID: round.organisationID)
            guard Self.runs(actor, round, tree: tree) else { throw AppError.forbidden }
            guard round.closingDay(today: today) == nil else { throw AppError(.conflict, code: "round-closed", message: FollowUpText.roundClosed) }
            guard tree.subtree(of: round.unitID).contains(unitID!) else { throw AppError.invalid([FieldError("unit_id", FollowUpText.unitOutsideRound)]) }
            var tokens: [String] = []
            for _ in 0..<count! {
                let token = Secrets.newToken()
                try await db.raw("""
                    INSERT INTO survey_invitations (token_hash, round_id, unit_id, used) VALUES (\(bind: Secrets.hash(token)), \(bind: round.id), \(bind: unitID!), 0)
                    """).run()
                tokens.append(token)
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "round.invite", objectType: "round", objectID: String(round.id),
                                      organisationID: round.organisationID, details: ["unit": String(unitID!), "count": String(count!)])
            return tokens
        }
    }

    /// How many were invited for each unit itself (not its subtree).
    static func invited(_ db: any SQLDatabase, roundID: Int64) async throws -> [Int64: Int] {
        var result: [Int64: Int] = [:]
        for row in try await db.raw("SELECT unit_id, COUNT(*) AS n FROM survey_invitations WHERE round_id = \(bind: roundID) GROUP BY unit_id").all() {
            result[try row.int64("unit_id")] = Int(try row.int64("n"))
        }
        return result
    }

    /// Closes a round now: no more answers; answers saved but never sent are removed.
    public func close(actor: Actor, roundID: Int64) async throws -> SurveyRound {
        let now = platform.clock.now()
        let today = self.today
        return try await database.transaction { db in
            guard let round = try await Self.loadRound(db, id: roundID, lock: true), Policy.canViewOrganisation(actor, round.organisationID) else {
                throw AppError.notFound
            }
            let tree = try await platform.unitTree(db, organisationID: round.organisationID)
            guard Self.runs(actor, round, tree: tree) else { throw AppError.forbidden }
            guard round.closedOn == nil else { throw AppError(.conflict, code: "round-closed", message: FollowUpText.roundAlreadyClosed) }
            let day = min(today, round.closesOn)
            try await db.raw("UPDATE survey_rounds SET closed_on = \(bind: day.description) WHERE id = \(bind: round.id)").run()
            try await db.raw("UPDATE survey_invitations SET draft = NULL WHERE round_id = \(bind: round.id)").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "round.close", objectType: "round", objectID: String(round.id),
                                      organisationID: round.organisationID)
            return SurveyRound(id: round.id, organisationID: round.organisationID, questionnaireID: round.questionnaireID, unitID: round.unitID,
                               opensOn: round.opensOn, closesOn: round.closesOn, closedOn: day)
        }
    }

    // MARK: Responding (no account: the token is the only key)

    /// What a respondent sees behind a token: the round, its questionnaire and any saved answers.
    public struct Invitation: Sendable {
        public let round: SurveyRound
        public let questionnaire: Questionnaire
        public let saved: [String: Answer]
    }

    /// The survey behind `token`, if it may still be answered.
    public func invitation(token: String) async throws -> Invitation {
        let today = self.today
        return try await database.read { db in
            let (round, _, draft) = try await Self.openInvitation(db, token: token, today: today, lock: false)
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            return Invitation(round: round, questionnaire: questionnaire, saved: Self.decodeAnswers(draft, questionnaire))
        }
    }

    static func openInvitation(_ db: any SQLDatabase, token: String, today: CivilDate, lock: Bool) async throws -> (SurveyRound, Int64, String?) {
        let hash = Secrets.hash(token.trimmingCharacters(in: .whitespaces))
        guard let row = try await db.raw("""
            SELECT round_id, unit_id, used, draft FROM survey_invitations WHERE token_hash = \(bind: hash) \(lock ? db.lockRowsClause : "")
            """).first() else {
            throw AppError(.notFound, code: "token-unknown", message: FollowUpText.tokenUnknown, fieldErrors: [FieldError("token", FollowUpText.tokenUnknown)])
        }
        guard try row.int64("used") == 0 else {
            throw AppError(.conflict, code: "token-used", message: FollowUpText.tokenUsed, fieldErrors: [FieldError("token", FollowUpText.tokenUsed)])
        }
        let round = try await loadRound(db, id: try row.int64("round_id"))!
        if round.closingDay(today: today) != nil { throw AppError(.conflict, code: "round-closed", message: FollowUpText.roundClosed) }
        guard round.isOpen(on: today) else { throw AppError(.conflict, code: "round-not-open", message: FollowUpText.roundNotOpen) }
        return (round, try row.int64("unit_id"), try row.optionalString("draft"))
    }

    /// Checks raw answers against the questionnaire: every item known, every answer in range.
    public static func check(_ raw: [String: RawAnswer], _ questionnaire: Questionnaire) throws -> [String: Answer] {
        var v = Validator()
        var answers: [String: Answer] = [:]
        for (id, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard let item = questionnaire.item(id) else {
                v.add("answers.\(id)", FollowUpText.unknownItem(id))
                continue
            }
            switch AnswerRule.parse(value, for: item) {
            case .success(let answer?): answers[id] = answer
            case .success(nil): break
            case .failure(let message): v.add("answers.\(id)", message)
            }
        }
        try v.check()
        return answers
    }

    /// Saves answers behind a token; with `submit`, sends them as the response and uses the token up.
    /// A saved answer replaces what was saved for the same item; an item left out stays as it was.
    public func respond(token: String, answers raw: [String: RawAnswer], submit: Bool) async throws {
        let today = self.today
        try await database.transaction { db in
            let (round, unitID, draft) = try await Self.openInvitation(db, token: token, today: today, lock: true)
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            var answers = Self.decodeAnswers(draft, questionnaire)
            answers.merge(try Self.check(raw, questionnaire)) { _, new in new }
            let hash = Secrets.hash(token.trimmingCharacters(in: .whitespaces))
            if submit {
                try await Self.storeResponse(db, round: round, unitID: unitID, day: today, answers: answers)
                try await db.raw("UPDATE survey_invitations SET used = 1, draft = NULL WHERE token_hash = \(bind: hash)").run()
            } else {
                try await db.raw("UPDATE survey_invitations SET draft = \(bind: Self.encodeAnswers(answers)) WHERE token_hash = \(bind: hash)").run()
            }
        }
    }

    /// Makes a shared code for a unit's participants that takes at most `cap` responses.
    public func createUnitCode(actor: Actor, roundID: Int64, unitID: Int64, cap: Int) async throws -> String {
        guard (1...5000).contains(cap) else { throw AppError.invalid([FieldError("cap", FollowUpText.countOutOfRange)]) }
        let now = platform.clock.now()
        return try await database.transaction { db in
            guard let round = try await Self.loadRound(db, id: roundID, lock: true), Policy.canViewOrganisation(actor, round.organisationID) else {
                throw AppError.notFound
            }
            let tree = try await platform.unitTree(db, organisationID: round.organisationID)
            guard Self.runs(actor, round, tree: tree) else { throw AppError.forbidden }
            guard tree.subtree(of: round.unitID).contains(unitID) else { throw AppError.invalid([FieldError("unit_id", FollowUpText.unitOutsideRound)]) }
            let code = Self.newUnitCode()
            try await db.raw("""
                INSERT INTO survey_unit_codes (code, round_id, unit_id, cap, used) VALUES (\(bind: code), \(bind: round.id), \(bind: unitID), \(bind: cap), 0)
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "round.code", objectType: "round", objectID: String(round.id),
                                      organisationID: round.organisationID, details: ["unit": String(unitID), "cap": String(cap)])
            return code
        }
    }

    /// A code people can read off a poster and type: 8 letters and digits without look-alikes.
    static func newUnitCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The survey behind a shared unit code, if it still takes answers.
    public func codeSurvey(code: String) async throws -> Invitation {
        let today = self.today
        return try await database.read { db in
            let (round, _) = try await Self.openCode(db, code: code, today: today, lock: false)
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            return Invitation(round: round, questionnaire: questionnaire, saved: [:])
        }
    }

    static func openCode(_ db: any SQLDatabase, code: String, today: CivilDate, lock: Bool) async throws -> (SurveyRound, Int64) {
        let normalised = String(code.uppercased().filter { $0.isLetter || $0.isNumber })
        guard let row = try await db.raw("""
            SELECT round_id, unit_id, cap, used FROM survey_unit_codes WHERE code = \(bind: normalised) \(lock ? db.lockRowsClause : "")
            """).first() else {
            throw AppError(.notFound, code: "code-unknown", message: FollowUpText.codeUnknown, fieldErrors: [FieldError("code", FollowUpText.codeUnknown)])
        }
        guard try row.int64("used") < row.int64("cap") else { throw AppError(.conflict, code: "code-full", message: FollowUpText.codeFull) }
        let round = try await loadRound(db, id: try row.int64("round_id"))!
        if round.closingDay(today: today) != nil { throw AppError(.conflict, code: "round-closed", message: FollowUpText.roundClosed) }
        guard round.isOpen(on: today) else { throw AppError(.conflict, code: "round-not-open", message: FollowUpText.roundNotOpen) }
        return (round, try row.int64("unit_id"))
    }

    /// Sends a response through a shared unit code (all at once: a participant has no link to come back to).
    public func respond(code: String, answers raw: [String: RawAnswer]) async throws {
        let today = self.today
        try await database.transaction { db in
            let (round, unitID) = try await Self.openCode(db, code: code, today: today, lock: true)
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            let answers = try Self.check(raw, questionnaire)
            try await Self.storeResponse(db, round: round, unitID: unitID, day: today, answers: answers)
            let normalised = String(code.uppercased().filter { $0.isLetter || $0.isNumber })
            try await db.raw("UPDATE survey_unit_codes SET used = used + 1 WHERE code = \(bind: normalised)").run()
        }
    }

    /// Stores a response: a random id, the unit, the day and the answers; nothing else.
    static func storeResponse(_ db: any SQLDatabase, round: SurveyRound, unitID: Int64, day: CivilDate, answers: [String: Answer]) async throws {
        try await db.raw("""
            INSERT INTO survey_responses (id, round_id, unit_id, day, answers)
            VALUES (\(bind: Secrets.randomID()), \(bind: round.id), \(bind: unitID), \(bind: day.description), \(bind: encodeAnswers(answers)))
            """).run()
    }

    public static func encodeAnswers(_ answers: [String: Answer]) -> String {
        var object: [String: Any] = [:]
        for (id, answer) in answers {
            switch answer {
            case .scale(let value): object[id] = value
            case .dontKnow: object[id] = ["vet_ej": true]
            case .choice(let option): object[id] = ["choice": option]
            case .text(let text): object[id] = ["text": text]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeAnswers(_ text: String?, _ questionnaire: Questionnaire) -> [String: Answer] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        var answers: [String: Answer] = [:]
        for (id, value) in object {
            if let number = value as? Int { answers[id] = .scale(number) }
            else if let dict = value as? [String: Any] {
                if dict["vet_ej"] != nil { answers[id] = .dontKnow }
                else if let option = dict["choice"] as? String { answers[id] = .choice(option) }
                else if let text = dict["text"] as? String { answers[id] = .text(text) }
            }
        }
        return answers
    }

    // MARK: Results

    /// The data a round's report is computed from.
    static func roundData(_ db: any SQLDatabase, round: SurveyRound, tree: UnitTree, questionnaire: Questionnaire) async throws -> RoundData {
        try await roundData(db, round: round, survey: surveyTree(round: round, tree: tree), questionnaire: questionnaire)
    }

    /// ``surveyTree(round:tree:)``, kept by the round's unit and the tree's version: every page of
    /// a round's results starts from it.
    func keptSurveyTree(round: SurveyRound, tree: UnitTree) -> SurveyTree {
        guard let version = tree.version else { return Self.surveyTree(round: round, tree: tree) }
        let kept = platform.caches.cache(KeptSurveyTrees.self) { KeptSurveyTrees() }
        return kept.trees.value(KeptSurveyTrees.Key(unitID: round.unitID, version: version)) { Self.surveyTree(round: round, tree: tree) }
    }

    final class KeptSurveyTrees: Sendable {
        struct Key: Hashable, Sendable {
            let unitID: Int64
            let version: Int64
        }
        let trees = KeptValues<Key, SurveyTree>(capacity: 256)
    }

    /// The round's units: its unit's subtree as the organisation's tree has it now.
    public static func surveyTree(round: SurveyRound, tree: UnitTree) -> SurveyTree {
        let parents = Dictionary(uniqueKeysWithValues: tree.subtree(of: round.unitID).compactMap { id in tree[id].map { (id, $0.parentID) } })
        return SurveyTree(root: round.unitID, parents: parents)
    }

    public static func roundData(_ db: any SQLDatabase, round: SurveyRound, survey: SurveyTree, questionnaire: Questionnaire) async throws -> RoundData {
        let invited = try await invited(db, roundID: round.id)
        // Streamed row by row into the columns: a national round never sits in memory as rows.
        final class Loader: @unchecked Sendable {
            let reader: StoredAnswerReader
            var table: ResponseTable
            var scratch = StoredAnswerReader.Scratch()
            var failure: (any Error)?
            init(_ questionnaire: Questionnaire) {
                reader = StoredAnswerReader(questionnaire: questionnaire)
                table = ResponseTable(questionnaire: questionnaire)
            }
        }
        let loader = Loader(questionnaire)
        try await db.raw("SELECT unit_id, answers FROM survey_responses WHERE round_id = \(bind: round.id)").run { row in
            do {
                loader.reader.append(try row.string("answers"), unit: try row.int64("unit_id"), to: &loader.table, scratch: &loader.scratch)
            } catch {
                loader.failure = loader.failure ?? error
            }
        }
        if let failure = loader.failure { throw failure }
        return RoundData(questionnaire: questionnaire, tree: survey, invited: invited, table: loader.table)
    }

    /// Which units of a round the actor may see results for now. The unit's own people (its
    /// manager and members) first; after `embargoDays`, the managers above and the organisation's
    /// leadership, and the people of the units below for the levels above them.
    public static func visibleUnits(_ actor: Actor, round: SurveyRound, tree: UnitTree, survey: SurveyTree, closedOn: CivilDate,
                                    today: CivilDate, embargoDays: Int) -> Set<Int64> {
        let own = Policy.memberUnits(actor)
        let released = today.daysSince1970 >= closedOn.daysSince1970 + embargoDays
        var visible: Set<Int64> = []
        for unit in survey.units {
            if own.contains(unit) { visible.insert(unit); continue }
            guard released else { continue }
            if Policy.canReadGovernance(actor, round.organisationID) || Policy.manages(actor, unit: unit, in: tree)
                || own.contains(where: { survey.contains($0) && tree.ancestors(of: $0).contains { $0.id == unit } }) {
                visible.insert(unit)
            }
        }
        return visible
    }

    /// A round's results for the units from `unitID` (default: the round's unit) down `depth`
    /// levels (default 1), as far as the actor may see them. Every unit is listed; what the actor
    /// may not see, and what disclosure control hides, is nil. Without `texts`, the free-text
    /// answers are left out (for a reader who shows only figures).
    public func results(actor: Actor, roundID: Int64, unitID: Int64? = nil, depth: Int? = nil, texts: Bool = true) async throws -> RoundResults {
        let today = self.today
        guard let round = try await database.read({ db in try await Self.loadRound(db, id: roundID) }),
              Policy.canViewOrganisation(actor, round.organisationID) else { throw AppError.notFound }
        guard let closedOn = round.closingDay(today: today) else {
            throw AppError(.conflict, code: "round-open", message: FollowUpText.notClosedYet)
        }
        let settings = try await platform.settingValues(organisationID: round.organisationID)
        let k = Int(settings["anonymity_threshold"] ?? "") ?? 5
        let textK = Int(settings["free_text_threshold"] ?? "") ?? 10
        let embargo = Int(settings["results_embargo_days"] ?? "") ?? 14
        let tree = try await platform.unitTree(organisationID: round.organisationID)
        let survey = keptSurveyTree(round: round, tree: tree)
        // This round's report and those of up to four earlier closed rounds of the same
        // questionnaire over the same unit, oldest first, for the change and the trend.
        let (computed, earlierComputed) = try await database.read { db -> (ComputedRound, [(SurveyRound, ComputedRound)]) in
            let questionnaire = try await Self.loadQuestionnaire(db, id: round.questionnaireID)!.questionnaire
            let computed = try await self.computedRound(db, round: round, survey: survey, questionnaire: questionnaire, k: k, textK: textK)
            var earlier: [(SurveyRound, ComputedRound)] = []
            for row in try await db.raw("""
                SELECT \(unsafeRaw: Self.roundColumns) FROM survey_rounds WHERE questionnaire_id = \(bind: round.questionnaireID) AND unit_id = \(bind: round.unitID)
                AND closes_on < \(bind: round.opensOn.description) AND closed_on IS NOT NULL ORDER BY closes_on DESC LIMIT 4
                """).all() {
                let previous = try Self.round(row)
                earlier.insert((previous, try await self.computedRound(db, round: previous, survey: survey, questionnaire: questionnaire, k: k, textK: textK)), at: 0)
            }
            return (computed, earlier)
        }
        let report = computed.report
        let start = unitID ?? round.unitID
        guard survey.contains(start) else { throw AppError.notFound }
        let visible = Self.visibleUnits(actor, round: round, tree: tree, survey: survey, closedOn: closedOn, today: today, embargoDays: embargo)
        let listed = survey.levels(from: start, depth: min(max(depth ?? 1, 0), 10))
        let units = listed.map { visible.contains($0) ? report.figures(of: $0, texts: texts)! : report.figures(of: $0, texts: texts)!.withheld() }
        var previous: [Int64: UnitFigures] = [:]
        var trend: [(round: SurveyRound, figures: UnitFigures)] = []
        for (index, (earlierRound, earlier)) in earlierComputed.enumerated() {
            // Each earlier round with its own disclosure control: its figures as it publishes them.
            // The earlier rounds give figures only: their free texts are not shown again.
            if visible.contains(start), let figures = earlier.report.figures(of: start, texts: false) { trend.append((earlierRound, figures)) }
            if index == earlierComputed.count - 1 {
                for unit in listed where visible.contains(unit) { previous[unit] = earlier.report.figures(of: unit, texts: false) }
            }
        }
        if visible.contains(start) { trend.append((round, units[0])) }
        return RoundResults(round: round, questionnaire: computed.data.questionnaire, k: report.k, units: units, previous: previous, visible: visible, trend: trend,
                            stamp: .init(round: round.id, k: k, textK: textK, tree: survey.fingerprint, earlier: earlierComputed.map(\.0.id)))
    }

    /// A closed round's data and its report, audited: computed once and kept (see ``ReportCache``).
    struct ComputedRound: Sendable {
        let data: RoundData
        let report: RoundReport
    }

    func computedRound(_ db: any SQLDatabase, round: SurveyRound, survey: SurveyTree, questionnaire: Questionnaire, k: Int, textK: Int) async throws -> ComputedRound {
        let key = ReportCache.Key(round: round.id, k: k, textK: textK, tree: survey.fingerprint)
        if let known = ReportCache.shared.get(key, database: database as AnyObject) { return known }
        let data = try await Self.roundData(db, round: round, survey: survey, questionnaire: questionnaire)
        let report = Reporting.report(data, k: k, freeTextThreshold: textK)
        try Self.refuseLeaks(report, data: data, k: k, textK: textK)
        let computed = ComputedRound(data: data, report: report)
        ReportCache.shared.put(key, database: database as AnyObject, computed)
        return computed
    }

    /// Checks a round's whole publication with the exact audit before any part of it is shown, and
    /// refuses to show anything if a small group could be computed: a defect must fail loudly, never
    /// publish too much.
    static func refuseLeaks(_ report: RoundReport, data: RoundData, k: Int, textK: Int) throws {
        let leaks = try RoundAudit.leaks(of: report, data: data, k: k, freeTextThreshold: textK)
        guard leaks.isEmpty else { throw DisclosureRefused(leaks: leaks.count, mismatches: 0) }
    }

    /// Audits what the round publishes to `reader` (every unit, every level) against its responses:
    /// no small group computable, every shown figure true. For the organisation's administrators.
    public func audit(actor: Actor, roundID: Int64, reader: Actor) async throws -> RoundAudit.Findings {
        let round = try await self.round(actor: actor, id: roundID)
        guard Policy.canAdministerOrganisation(actor, round.organisationID) else { throw AppError.forbidden }
        let published = try await results(actor: reader, roundID: roundID, unitID: round.unitID, depth: 20)
        let settings = try await platform.settingValues(organisationID: round.organisationID)
        let tree = try await platform.unitTree(organisationID: round.organisationID)
        let data = try await database.read { db in try await Self.roundData(db, round: round, tree: tree, questionnaire: published.questionnaire) }
        return try RoundAudit.check(published.units, data: data, k: Int(settings["anonymity_threshold"] ?? "") ?? 5,
                                    freeTextThreshold: Int(settings["free_text_threshold"] ?? "") ?? 10)
    }

    /// Once a day, in one instance: rewrites every row a response left on the previous day (the
    /// responses, the invitations and unit codes of their rounds that were used) one by one in
    /// random order, in one transaction, as `Signals.restampAnonymousRows` does for signals.
    ///
    /// On PostgreSQL a response and its invitation are written in one transaction, so until this
    /// pass the invitation's `xmin` equals the response's in a copy of the database with its system
    /// columns; afterwards the day's rows share one transaction id and an order of their own. On
    /// SQLite (no rowids in these tables) the write-ahead log, whose frames follow commit order, is
    /// emptied. Returns whether this instance did the day's pass.
    @discardableResult
    public func restampResponses() async throws -> Bool {
        let now = platform.clock.now()
        let today = self.today
        let yesterday = CivilDate(daysSince1970: today.daysSince1970 - 1).description
        let done = try await database.transaction { db -> Bool in
            guard try await Notifications.claimRun(db, key: "survey-restamp:\(yesterday)", at: now) else { return false }
            guard database.kind == .postgres else { return true }
            let responses = try await db.raw("SELECT id, round_id FROM survey_responses WHERE day = \(bind: yesterday)").all()
            var rows: [(table: String, key: String, value: String)] = try responses.map { ("survey_responses", "id", String(try $0.int64("id"))) }
            let rounds = Array(Set(try responses.map { try $0.int64("round_id") }))
            if !rounds.isEmpty {
                rows += try await db.raw("SELECT token_hash FROM survey_invitations WHERE used = 1 AND round_id IN (\(binds: rounds))").all()
                    .map { ("survey_invitations", "token_hash", try $0.string("token_hash")) }
                rows += try await db.raw("SELECT code FROM survey_unit_codes WHERE round_id IN (\(binds: rounds))").all()
                    .map { ("survey_unit_codes", "code", try $0.string("code")) }
            }
            for row in rows.shuffled() {
                if row.key == "id" {
                    try await db.raw("UPDATE survey_responses SET id = id WHERE id = \(bind: Int64(row.value)!)").run()
                } else {
                    try await db.raw("UPDATE \(unsafeRaw: row.table) SET \(unsafeRaw: row.key) = \(unsafeRaw: row.key) WHERE \(unsafeRaw: row.key) = \(bind: row.value)").run()
                }
            }
            return true
        }
        if done { try await database.truncateJournal() }
        return done
    }

    // MARK: Dialogue notes

    /// A unit's note on a round's results.
    public struct DialogueNote: Sendable, Equatable {
        public let roundID: Int64
        public let unitID: Int64
        public let whatWeSee: String
        public let whatWeDo: String
        public let whatWeNeed: String
        /// The signal raised from `whatWeNeed`, once it has been.
        public let signalID: Int64?
    }

    /// The note of a unit on a round, if there is one and the actor may see the unit's results.
    public func dialogueNote(actor: Actor, roundID: Int64, unitID: Int64) async throws -> DialogueNote? {
        let results = try await results(actor: actor, roundID: roundID, unitID: unitID, depth: 0)
        let tree = try await platform.unitTree(organisationID: results.round.organisationID)
        return try await dialogueNote(actor: actor, results: results, tree: tree)
    }

    /// The dialogue note of the unit whose results the actor has just read (the first of
    /// `results.units`), if the actor may see it.
    public func dialogueNote(actor: Actor, results: RoundResults, tree: UnitTree) async throws -> DialogueNote? {
        guard let unitID = results.units.first?.unitID else { return nil }
        guard results.visible.contains(unitID) || Self.mayWriteNote(actor, results.round, unitID: unitID, tree: tree) else { return nil }
        return try await database.read { db in try await Self.loadNote(db, roundID: results.round.id, unitID: unitID) }
    }

    static func loadNote(_ db: any SQLDatabase, roundID: Int64, unitID: Int64) async throws -> DialogueNote? {
        guard let row = try await db.raw("""
            SELECT what_we_see, what_we_do, what_we_need, signal_id FROM survey_dialogue_notes WHERE round_id = \(bind: roundID) AND unit_id = \(bind: unitID)
            """).first() else { return nil }
        return DialogueNote(roundID: roundID, unitID: unitID, whatWeSee: try row.string("what_we_see"), whatWeDo: try row.string("what_we_do"),
                            whatWeNeed: try row.string("what_we_need"), signalID: try row.optionalInt64("signal_id"))
    }

    /// Whether the actor writes a unit's dialogue note: its manager (or one above) or an administrator.
    public static func mayWriteNote(_ actor: Actor, _ round: SurveyRound, unitID: Int64, tree: UnitTree) -> Bool {
        Policy.canAdministerOrganisation(actor, round.organisationID) || Policy.manages(actor, unit: unitID, in: tree)
    }

    /// Writes (or rewrites) a unit's dialogue note once the round has closed.
    public func saveDialogueNote(actor: Actor, roundID: Int64, unitID: Int64, see: String?, act: String?, need: String?) async throws -> DialogueNote {
        var v = Validator()
        let see = v.multilineText("what_we_see", see, maxLength: 4000)
        let act = v.multilineText("what_we_do", act, maxLength: 4000)
        let need = v.multilineText("what_we_need", need, maxLength: 4000, required: false) ?? ""
        try v.check()
        let now = platform.clock.now()
        let today = self.today
        return try await database.transaction { db in
            guard let round = try await Self.loadRound(db, id: roundID), Policy.canViewOrganisation(actor, round.organisationID) else { throw AppError.notFound }
            let tree = try await platform.unitTree(db, organisationID: round.organisationID)
            guard tree.subtree(of: round.unitID).contains(unitID) else { throw AppError.notFound }
            guard Self.mayWriteNote(actor, round, unitID: unitID, tree: tree) else { throw AppError.forbidden }
            guard round.closingDay(today: today) != nil else { throw AppError(.conflict, code: "round-open", message: FollowUpText.notClosedYet) }
            let existing = try await Self.loadNote(db, roundID: roundID, unitID: unitID)
            if existing == nil {
                try await db.raw("""
                    INSERT INTO survey_dialogue_notes (round_id, unit_id, what_we_see, what_we_do, what_we_need, updated_at, updated_by)
                    VALUES (\(bind: roundID), \(bind: unitID), \(bind: see!), \(bind: act!), \(bind: need), \(bind: now.epochSeconds), \(bind: actor.userID))
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE survey_dialogue_notes SET what_we_see = \(bind: see!), what_we_do = \(bind: act!), what_we_need = \(bind: need),
                    updated_at = \(bind: now.epochSeconds), updated_by = \(bind: actor.userID) WHERE round_id = \(bind: roundID) AND unit_id = \(bind: unitID)
                    """).run()
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "round.dialogue", objectType: "round", objectID: String(roundID),
                                      organisationID: round.organisationID, details: ["unit": String(unitID)])
            return DialogueNote(roundID: roundID, unitID: unitID, whatWeSee: see!, whatWeDo: act!, whatWeNeed: need, signalID: existing?.signalID)
        }
    }

    /// Remembers that the note's need has been raised as a signal (so it is raised once).
    public func markNeedRaised(actor: Actor, roundID: Int64, unitID: Int64, signalID: Int64) async throws {
        try await database.transaction { db in
            guard let round = try await Self.loadRound(db, id: roundID) else { throw AppError.notFound }
            let tree = try await platform.unitTree(db, organisationID: round.organisationID)
            guard Self.mayWriteNote(actor, round, unitID: unitID, tree: tree) else { throw AppError.forbidden }
            try await db.raw("""
                UPDATE survey_dialogue_notes SET signal_id = \(bind: signalID) WHERE round_id = \(bind: roundID) AND unit_id = \(bind: unitID) AND signal_id IS NULL
                """).run()
        }
    }
}
