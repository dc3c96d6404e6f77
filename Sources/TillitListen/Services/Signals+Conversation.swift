import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// Comments, follow-up questions to the raiser (answered through the receipt code when the raiser
/// is anonymous), and the notices that tell people a signal needs them.
extension Signals {
    /// Comments on a signal, oldest first, day by day. An anonymous raiser's replies keep only their
    /// day and no number, so within a day they come after the timed comments (and among
    /// themselves in the order of their random ids): their place must not date them.
    static func comments(_ db: any SQLDatabase, signalID: Int64) async throws -> [SignalComment] {
        let found = try await db.raw("""
            SELECT id, seq, by_raiser, question, text, created_at, author_id FROM signal_comments WHERE signal_id = \(bind: signalID)
            """).all()
        let names = try await Directory.names(db, userIDs: Set(try found.compactMap { try $0.optionalInt64("author_id") }))
        let rows = try found.map { row in
            (seq: try row.optionalInt64("seq"),
             comment: SignalComment(id: try row.int64("id"), authorName: try row.optionalInt64("author_id").flatMap { names[$0] },
                                    byRaiser: try row.int64("by_raiser") == 1, question: try row.int64("question") == 1, text: try row.string("text"),
                                    createdAt: try row.date("created_at")))
        }
        return rows.sorted { a, b in
            let dayA = Anonymity.coarsen(a.comment.createdAt), dayB = Anonymity.coarsen(b.comment.createdAt)
            if dayA != dayB { return dayA < dayB }
            switch (a.seq, b.seq) {
            case let (x?, y?): return x < y
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.comment.id < b.comment.id
            }
        }.map(\.comment)
    }

    static func nextCommentSeq(_ db: any SQLDatabase, signalID: Int64) async throws -> Int {
        try await db.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM signal_comments WHERE signal_id = \(bind: signalID)").first()!.decode(column: "n", as: Int.self) + 1
    }

    /// Comments on a signal the actor may see. With `question`, it is a follow-up question to the
    /// raiser, which only someone with the mandate to answer the signal may ask.
    public func comment(actor: Actor, id: Int64, text: String?, question: Bool = false) async throws -> SignalComment {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        var v = Validator()
        let text = v.multilineText("comment", text, maxLength: 2000)
        try v.check()
        let now = self.now
        return try await database.transaction { db in
            guard let signal = try await Self.loadForChange(db, id: id) else { throw AppError.notFound }
            let tree = try await platform.unitTree(db, organisationID: signal.organisationID)
            guard Self.canSee(actor, signal, tree: tree) else { throw AppError.notFound }
            if question {
                let managed = try await Directory.managedUnits(db, among: tree.withAncestors([signal.currentUnitID]))
                guard Self.hasMandate(actor, signal, tree: tree, managed: managed) else {
                    throw AppError(.forbidden, code: "no-mandate", message: SignalText.noMandate)
                }
            }
            let byRaiser = signal.raisedBy == userID
            let commentID = Self.randomID()
            try await db.raw("""
                INSERT INTO signal_comments (id, signal_id, seq, author_id, by_raiser, question, text, created_at)
                VALUES (\(bind: commentID), \(bind: id), \(bind: try await Self.nextCommentSeq(db, signalID: id)), \(bind: userID), \(bind: byRaiser ? 1 : 0), \(bind: question ? 1 : 0), \(bind: text!), \(bind: now.epochSeconds))
                """).run()
            let unitName = tree[signal.unitID]?.name ?? "–"
            var drafts: [NotificationDraft] = []
            if let raiser = signal.raisedBy, raiser != userID {
                drafts.append(NotificationDraft(
                    userID: raiser, organisationID: signal.organisationID, kind: question ? "signal.question" : "signal.comment",
                    message: question ? SignalNoticeText.questionToRaiser(unit: unitName) : .commentToRaiser(unit: unitName),
                    target: SignalNoticeText.target(id)))
            }
            for manager in try await Directory.managers(db, unitID: signal.currentUnitID) where manager != userID {
                drafts.append(NotificationDraft(
                    userID: manager, organisationID: signal.organisationID, kind: "signal.comment",
                    message: SignalNoticeText.commentToManager(unit: unitName), target: SignalNoticeText.target(id)))
            }
            try await Notifications.add(db, at: now, drafts)
            try await AuditLog.record(db, at: now, actor: actor, action: question ? "signal.question" : "signal.comment", objectType: "signal",
                                      objectID: String(id), organisationID: signal.organisationID)
            return SignalComment(id: commentID, authorName: try await platform.user(db, id: userID).name, byRaiser: byRaiser, question: question,
                                 text: text!, createdAt: now)
        }
    }

    /// The anonymous raiser answers (or adds to) their signal through the receipt code. The reply
    /// has no author and keeps the day only. Sending the same text twice keeps it once.
    @discardableResult
    public func reply(receipt code: String, text: String?) async throws -> Bool {
        var v = Validator()
        let text = v.multilineText("comment", text, maxLength: 2000)
        try v.check()
        let signal = try await detail(receipt: code).signal
        let day = Anonymity.coarsen(now)
        return try await database.transaction { db in
            _ = try await Self.loadForChange(db, id: signal.id)
            // The same text sent twice the same day (a double click, a reload) is kept once.
            let same = try await db.raw("""
                SELECT id FROM signal_comments
                WHERE signal_id = \(bind: signal.id) AND author_id IS NULL AND by_raiser = 1 AND created_at = \(bind: day.epochSeconds) AND text = \(bind: text!)
                """).first()
            if same != nil { return false }
            try await db.raw("""
                INSERT INTO signal_comments (id, signal_id, seq, author_id, by_raiser, question, text, created_at)
                VALUES (\(bind: Self.randomID()), \(bind: signal.id), NULL, NULL, 1, 0, \(bind: text!), \(bind: day.epochSeconds))
                """).run()
            let unitName = try await platform.unitTree(db, organisationID: signal.organisationID)[signal.unitID]?.name ?? "–"
            let drafts = try await Directory.managers(db, unitID: signal.currentUnitID).map {
                NotificationDraft(userID: $0, organisationID: signal.organisationID, kind: "signal.reply",
                                  message: SignalNoticeText.raiserReplied(unit: unitName), target: SignalNoticeText.target(signal.id), digestOnly: true)
            }
            try await Notifications.add(db, at: day, drafts)
            return true
        }
    }

    // MARK: Notices

    /// Tells whoever has the signal now that it waits for them: the unit's managers, or the
    /// organisation's administrators where nobody manages the unit. Notices about anonymous
    /// signals keep the day only and wait for the digest.
    func notifyArrival(_ db: any SQLDatabase, _ signal: Signal, tree: UnitTree, at: Date, forwarded: Bool) async throws {
        var people = try await Directory.managers(db, unitID: signal.currentUnitID)
        if people.isEmpty { people = try await Directory.holders(db, role: .administrator, organisationID: signal.organisationID) }
        let about = tree[signal.unitID]?.name ?? "–"
        let message: SignalNoticeText = signal.source == .participant ? .participantFeedback(unit: about)
            : forwarded ? .forwarded(unit: about) : .arrived(unit: about)
        try await Notifications.add(db, at: signal.anonymous && !forwarded ? Anonymity.coarsen(at) : at, people.map {
            NotificationDraft(userID: $0, organisationID: signal.organisationID, kind: forwarded ? "signal.forwarded" : "signal.arrived",
                              message: message, target: SignalNoticeText.target(signal.id), digestOnly: signal.anonymous && !forwarded)
        })
    }

    /// Tells the raiser (when known) and the supporters what became of a signal.
    func notifyFollowers(_ db: any SQLDatabase, _ signal: Signal, tree: UnitTree, at: Date, kind: String,
                         raiser: SignalNoticeText, supporter: SignalNoticeText, except: Int64?) async throws {
        var drafts: [NotificationDraft] = []
        if let raisedBy = signal.raisedBy, raisedBy != except {
            drafts.append(NotificationDraft(userID: raisedBy, organisationID: signal.organisationID, kind: kind, message: raiser, target: SignalNoticeText.target(signal.id)))
        }
        let supporters = try await db.raw("SELECT user_id FROM signal_supports WHERE signal_id = \(bind: signal.id)").all().map { try $0.int64("user_id") }
        for person in supporters where person != except && person != signal.raisedBy {
            drafts.append(NotificationDraft(userID: person, organisationID: signal.organisationID, kind: kind, message: supporter, target: SignalNoticeText.target(signal.id)))
        }
        try await Notifications.add(db, at: at, drafts)
    }

    /// Tells the managers of each level a signal has risen to, because it went unanswered, that it
    /// now waits for them too. Each level is told once. Returns how many notices were added.
    @discardableResult
    public func notifyOverdue() async throws -> Int {
        let now = self.now
        var added = 0
        for organisation in try await platform.allOrganisations() {
            let responseDays = try await responseDays(organisation.id)
            let tree = try await platform.unitTree(organisationID: organisation.id)
            added += try await database.transaction { db -> Int in
                let open = try await Self.loadMany(db, "WHERE organisation_id = \(bind: organisation.id) AND status = 'open' AND first_answered_at IS NULL")
                guard !open.isEmpty else { return 0 }
                let managed = try await Directory.managedUnits(db, organisationID: organisation.id)
                let notified = Dictionary(uniqueKeysWithValues: try await db.raw("""
                    SELECT id, escalation_notified FROM signals WHERE organisation_id = \(bind: organisation.id) AND status = 'open'
                    """).all().map { (try $0.int64("id"), try $0.int64("escalation_notified")) })
                var count = 0
                for signal in open {
                    let levels = Routing.escalation(of: signal, now: now, responseDays: responseDays, in: tree, managed: managed)
                    let already = Int(notified[signal.id] ?? 0)
                    guard levels.count > already else { continue }
                    let about = tree[signal.unitID]?.name ?? "–"
                    for unitID in levels.dropFirst(already) {
                        let people = try await Directory.managers(db, unitID: unitID)
                        try await Notifications.add(db, at: now, people.map {
                            NotificationDraft(userID: $0, organisationID: organisation.id, kind: "signal.overdue",
                                              message: SignalNoticeText.overdue(unit: about), target: SignalNoticeText.target(signal.id))
                        })
                        count += people.count
                    }
                    try await db.raw("UPDATE signals SET escalation_notified = \(bind: levels.count) WHERE id = \(bind: signal.id)").run()
                }
                return count
            }
        }
        return added
    }
}
