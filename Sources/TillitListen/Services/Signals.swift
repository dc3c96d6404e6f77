import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// A signal with everything its page shows.
public struct SignalDetail: Sendable {
    public let signal: Signal
    public let path: [SignalHop]
    public let supporters: Int
    public let supportedByActor: Bool
    /// Whether the actor may answer or forward it (a manager at or above where it is).
    public let actorHasMandate: Bool
    public let overdue: Bool
    /// Units that see it because it is overdue, lowest first.
    public let escalatedTo: [Int64]
    public let tree: UnitTree
    /// Comments and follow-up questions, oldest first.
    public let comments: [SignalComment]
}

/// What a person sees on their signals page: a page of each of its three lists.
public struct SignalOverview: Sendable {
    /// Signals waiting for the actor's answer: at a unit they manage, or risen to it unanswered.
    public let toAnswer: Page<Signal>
    /// Signals the actor raised (never anonymous ones: those are not linked to anyone).
    public let raised: Page<Signal>
    /// Signals about the actor's own units.
    public let ofMyUnits: Page<Signal>
    /// Which of the shown signals are past their answer time.
    public let overdue: Set<Int64>
    public let trees: [Int64: UnitTree]
    /// How many a list holds at most; a list that reached it says so.
    public var limit = Signals.overviewLimit
    /// More signals wait than the list holds (it holds those that have waited longest).
    public var moreToAnswer = false
    /// The actor raised more than the list holds (it holds the newest).
    public var moreRaised = false
    /// More signals concern the actor's units than the list holds (it holds the newest).
    public var moreOfMyUnits = false
}

/// Which page of each of the signals page's lists to show.
public struct OverviewPages: Sendable, Equatable {
    public var toAnswer: PageRequest
    public var raised: PageRequest
    public var ofMyUnits: PageRequest

    public init(toAnswer: PageRequest = .overview, raised: PageRequest = .overview, ofMyUnits: PageRequest = .overview) {
        self.toAnswer = toAnswer
        self.raised = raised
        self.ofMyUnits = ofMyUnits
    }

    /// The first page of each list.
    public static let first = OverviewPages()
}

extension PageRequest {
    /// The first page of one of the signals page's lists.
    public static let overview = PageRequest(page: 1, perPage: Signals.overviewPageSize)!
}

/// The Listen loop: raising signals, routing them by the proximity principle, answering them in
/// the open. Every method takes the ``Actor`` and checks what it may do.
public struct Signals: Sendable {
    public let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    var database: any Database { platform.database }
    var now: Date { platform.clock.now() }

    /// Input for a new signal.
    public struct NewSignal: Sendable {
        public var kind: String?
        public var text: String?
        public var unitID: String?
        public var affects: String?
        public var suggestion: String?
        public var anonymous: Bool
        public init(kind: String?, text: String?, unitID: String?, affects: String? = nil, suggestion: String? = nil, anonymous: Bool = false) {
            self.kind = kind
            self.text = text
            self.unitID = unitID
            self.affects = affects
            self.suggestion = suggestion
            self.anonymous = anonymous
        }
    }

    /// Raises a signal. It lands with the manager closest to the unit it concerns. For an
    /// anonymous signal, returns the receipt code (shown once; only its hash is kept).
    public func raise(actor: Actor, _ input: NewSignal) async throws -> (signal: Signal, receipt: String?) {
        guard actor.userID != nil else { throw AppError.signInRequired }
        var v = Validator()
        let kind = v.choice("kind", input.kind, as: SignalKind.self)
        let text = v.multilineText("text", input.text, maxLength: 4000)
        let suggestion = v.multilineText("suggestion", input.suggestion, maxLength: 2000, required: false)
        let affects: SignalAffects? = (input.affects ?? "").isEmpty ? nil : v.choice("affects", input.affects, as: SignalAffects.self)
        let unitID = RequestNumber.id(input.unitID)
        if unitID == nil { v.add("unit_id", PlatformText.fieldRequired) }
        try v.check()
        let unit: OrgUnit
        do { unit = try await platform.unit(id: unitID!) } catch let error as AppError where error.status == .notFound {
            throw AppError.invalid([FieldError("unit_id", SignalText.notYourUnit)])
        }
        guard Policy.organisationIDs(actor).contains(unit.organisationID), !unit.isClosed else {
            throw AppError.invalid([FieldError("unit_id", SignalText.notYourUnit)])
        }
        return try await database.transaction { db in
            try await insert(db, unit: unit, kind: kind!, text: text!, affects: affects, suggestion: suggestion,
                             anonymous: input.anonymous, raisedBy: actor, source: .staff, codeID: nil)
        }
    }

    /// Stores a new signal where it lands, with its first hop and the notices to whoever has it now.
    /// An anonymous signal keeps only its day everywhere, and gets a receipt code (only its hash is kept).
    func insert(_ db: any SQLDatabase, unit: OrgUnit, kind: SignalKind, text: String, affects: SignalAffects?, suggestion: String?,
                anonymous: Bool, raisedBy actor: Actor?, source: SignalSource, codeID: Int64?) async throws -> (signal: Signal, receipt: String?) {
        let now = self.now
        let created = anonymous ? Anonymity.coarsen(now) : now
        let receipt = anonymous ? Anonymity.newReceiptCode() : nil
        let tree = try await platform.unitTree(db, organisationID: unit.organisationID)
        let managed = try await Directory.managedUnits(db, among: tree.withAncestors([unit.id]))
        let landing = Routing.landingUnit(for: unit.id, in: tree, managed: managed)
        let id = Self.randomID()
        try await db.raw("""
            INSERT INTO signals (id, organisation_id, unit_id, current_unit_id, kind, text, affects, suggestion, anonymous, raised_by,
                                 receipt_hash, created_at, arrived_at, status, source, participant_code_id)
            VALUES (\(bind: id), \(bind: unit.organisationID), \(bind: unit.id), \(bind: landing), \(bind: kind.rawValue), \(bind: text),
                    \(bind: affects?.rawValue), \(bind: suggestion.flatMap { $0.isEmpty ? nil : $0 }), \(bind: anonymous ? 1 : 0),
                    \(bind: anonymous ? nil : actor?.userID), \(bind: receipt.map { Secrets.hash(Anonymity.normalise(receipt: $0)) }),
                    \(bind: created.epochSeconds), \(bind: created.epochSeconds), \(bind: SignalStatus.open.rawValue),
                    \(bind: source.rawValue), \(bind: codeID))
            """).run()
        try await Self.recordHop(db, signalID: id, at: created, kind: .landed, from: nil, to: landing, reason: nil)
        let signal = try await Self.load(db, id: id)!
        try await notifyArrival(db, signal, tree: tree, at: created, forwarded: false)
        if !anonymous, let actor {
            // Anonymous signals get no audit entry: even an actor-less entry would keep the exact time.
            try await AuditLog.record(db, at: now, actor: actor, action: "signal.raise", objectType: "signal", objectID: String(id),
                                      organisationID: unit.organisationID, details: ["kind": kind.rawValue])
        }
        return (signal, receipt)
    }

    /// A signal's page, if the actor may see it.
    public func detail(actor: Actor, id: Int64) async throws -> SignalDetail {
        guard let signal = try await database.read({ db in try await Self.load(db, id: id) }) else { throw AppError.notFound }
        let tree = try await platform.unitTree(organisationID: signal.organisationID)
        guard Self.canSee(actor, signal, tree: tree) else { throw AppError.notFound }
        return try await detail(signal, tree: tree, actor: actor)
    }

    /// Which of `ids` the actor may open, read together (the audit log links only those).
    public func visible(actor: Actor, ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let signals = try await database.read { db in
            try await Self.loadMany(db, "WHERE id IN \(SQLQueryString.list(ids))")
        }
        var trees: [Int64: UnitTree] = [:]
        var seen = Set<Int64>()
        for signal in signals {
            let tree: UnitTree
            if let known = trees[signal.organisationID] {
                tree = known
            } else {
                tree = try await platform.unitTree(organisationID: signal.organisationID)
                trees[signal.organisationID] = tree
            }
            if Self.canSee(actor, signal, tree: tree) { seen.insert(signal.id) }
        }
        return seen
    }

    /// A signal's page for the holder of its receipt code (the anonymous raiser).
    public func detail(receipt code: String) async throws -> SignalDetail {
        let hash = Secrets.hash(Anonymity.normalise(receipt: code))
        let found = try await database.read { db -> Signal? in
            guard let row = try await db.raw("SELECT id FROM signals WHERE receipt_hash = \(bind: hash)").first() else { return nil }
            return try await Self.load(db, id: try row.int64("id"))
        }
        guard let signal = found else {
            throw AppError(.notFound, code: "receipt-unknown", message: SignalText.receiptUnknown, fieldErrors: [FieldError("receipt", SignalText.receiptUnknown)])
        }
        let tree = try await platform.unitTree(organisationID: signal.organisationID)
        return try await detail(signal, tree: tree, actor: nil)
    }

    private func detail(_ signal: Signal, tree: UnitTree, actor: Actor?) async throws -> SignalDetail {
        let responseDays = try await responseDays(signal.organisationID)
        let (path, supporters, supported, managed, comments) = try await database.read { db in
            let path = try await db.raw("""
                SELECT at, kind, from_unit_id, to_unit_id, reason FROM signal_hops WHERE signal_id = \(bind: signal.id) ORDER BY seq
                """).all().map { row in
                SignalHop(at: try row.date("at"), kind: HopKind(rawValue: try row.string("kind")) ?? .landed,
                          fromUnitID: try row.optionalInt64("from_unit_id"), toUnitID: try row.int64("to_unit_id"), reason: try row.optionalString("reason"))
            }
            let supporters = try await db.raw("SELECT COUNT(*) AS n FROM signal_supports WHERE signal_id = \(bind: signal.id)").first()!.decode(column: "n", as: Int.self)
            var supported = false
            if let userID = actor?.userID {
                supported = try await db.raw("SELECT 1 AS x FROM signal_supports WHERE signal_id = \(bind: signal.id) AND user_id = \(bind: userID)").first() != nil
            }
            return (path, supporters, supported, try await Directory.managedUnits(db, among: tree.withAncestors([signal.currentUnitID])),
                    try await Self.comments(db, signalID: signal.id))
        }
        let now = self.now
        return SignalDetail(
            signal: signal, path: path, supporters: supporters, supportedByActor: supported,
            actorHasMandate: actor.map { Self.hasMandate($0, signal, tree: tree, managed: managed) } ?? false,
            overdue: Routing.isOverdue(signal, now: now, responseDays: responseDays),
            escalatedTo: Routing.escalation(of: signal, now: now, responseDays: responseDays, in: tree, managed: managed),
            tree: tree, comments: comments)
    }

    /// The most signals each list of the signals page holds, newest first.
    public static let overviewLimit = 500
    /// How many signals a page of one of those lists shows.
    public static let overviewPageSize = 50

    /// The actor's signals page: what waits for their answer, what they raised, what concerns their units.
    /// Each list is read in SQL from what could belong on it (open signals at or below a unit the
    /// actor manages, the actor's own, those about the actor's units), at most ``overviewLimit``
    /// each, as heads only (no texts); the asked-for page of each list is then read whole.
    /// `onlyToAnswer` reads the first list alone (the start page shows nothing else): the others
    /// come back empty.
    public func overview(actor: Actor, limit: Int = Signals.overviewLimit, pages: OverviewPages = .first,
                         onlyToAnswer: Bool = false) async throws -> SignalOverview {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        let now = self.now
        let platform = self.platform
        let myChefUnits = Policy.managedUnits(actor)
        let myUnits = Policy.memberUnits(actor)
        let limit = max(1, limit)
        let organisations = Policy.organisationIDs(actor).sorted()
        // One lease for the whole page: the heads of every organisation, then the shown ones whole.
        var overview = try await database.read { db in
            var toAnswer: [SignalHead] = [], raised: [SignalHead] = [], ofMyUnits: [SignalHead] = []
            var overdue: Set<Int64> = [], trees: [Int64: UnitTree] = [:]
            var moreToAnswer = false, moreRaised = false, moreOfMyUnits = false
            for organisationID in organisations {
                let tree = try await platform.unitTree(db, organisationID: organisationID)
                let responseDays = Int(try await platform.settingValues(db, organisationID: organisationID)["signal_response_days"] ?? "14") ?? 14
                let reach = myChefUnits.filter { tree[$0] != nil }.reduce(into: Set<Int64>()) { $0.formUnion(tree.subtree(of: $1)) }
                let members = myUnits.filter { tree[$0] != nil }
                // One more than is held, to know whether there are more.
                let order: SQLQueryString = "ORDER BY created_at DESC, id LIMIT \(literal: limit + 1)"
                // What waits is cut, if it must be, after those that have waited longest: the
                // overdue ones are never the ones left out.
                let longest: SQLQueryString = "ORDER BY arrived_at, id LIMIT \(literal: limit + 1)"
                // Escalation looks up from the units in reach: at most as far as the top of the tree.
                let managed = try await Directory.managedUnits(db, among: tree.withAncestors(reach))
                var waiting = reach.isEmpty ? [] : try await Self.loadHeads(db, Self.waiting(reach: reach) + " \(longest)", organisationID: organisationID)
                var own = onlyToAnswer ? [] : try await Self.loadHeads(db, "WHERE organisation_id = \(bind: organisationID) AND raised_by = \(bind: userID) \(order)")
                var ofUnits = onlyToAnswer || members.isEmpty ? [] : try await Self.loadHeads(db, "WHERE unit_id IN \(Self.idList(members)) \(order)")
                trees[organisationID] = tree
                if waiting.count > limit { moreToAnswer = true; waiting.removeLast() }
                if own.count > limit { moreRaised = true; own.removeLast() }
                if ofUnits.count > limit { moreOfMyUnits = true; ofUnits.removeLast() }
                for signal in waiting + own + ofUnits where Routing.isOverdue(signal, now: now, responseDays: responseDays) {
                    overdue.insert(signal.id)
                }
                toAnswer += waiting.filter { signal in
                    myChefUnits.contains(signal.currentUnitID)
                        || !myChefUnits.isDisjoint(with: Routing.escalation(of: signal, now: now, responseDays: responseDays, in: tree, managed: managed))
                // Shown newest first, as the other lists.
                }.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.id < $1.id }
                raised += own
                ofMyUnits += ofUnits.filter { Self.canSee(actor, $0, tree: tree) }
            }
            func page(_ heads: [SignalHead], _ request: PageRequest) -> ArraySlice<SignalHead> {
                heads.dropFirst(min(request.offset, heads.count)).prefix(request.perPage)
            }
            let shown = (toAnswer: page(toAnswer, pages.toAnswer), raised: page(raised, pages.raised), ofMyUnits: page(ofMyUnits, pages.ofMyUnits))
            let ids = Set(shown.toAnswer.map(\.id) + shown.raised.map(\.id) + shown.ofMyUnits.map(\.id))
            // The shown ones whole, in one statement.
            let whole = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Self.loadMany(db, "WHERE id IN \(Self.idList(ids))").map { ($0.id, $0) })
            func signals(_ heads: ArraySlice<SignalHead>, _ all: [SignalHead], _ request: PageRequest) -> Page<Signal> {
                Page(items: heads.compactMap { whole[$0.id] }, total: all.count, request: request)
            }
            var overview = SignalOverview(
                toAnswer: signals(shown.toAnswer, toAnswer, pages.toAnswer), raised: signals(shown.raised, raised, pages.raised),
                ofMyUnits: signals(shown.ofMyUnits, ofMyUnits, pages.ofMyUnits), overdue: overdue.intersection(ids), trees: trees)
            overview.moreToAnswer = moreToAnswer
            overview.moreRaised = moreRaised
            overview.moreOfMyUnits = moreOfMyUnits
            return overview
        }
        overview.limit = limit
        return overview
    }

    /// The open signals at units of `reach` (units of one organisation's tree).
    ///
    /// The units imply the organisation, which is therefore not asked: the units are the narrow
    /// part, and asked for the organisation too, SQLite would walk the whole organisation's signals
    /// in date order to find a manager's few (two hundred times slower at 100,000 signals).
    static func waiting(reach: Set<Int64>) -> SQLQueryString {
        "WHERE status = 'open' AND current_unit_id IN \(Self.idList(reach))"
    }

    /// The signals the actor may see, newest first, optionally narrowed to a unit (and its subtree),
    /// a status or a kind; organisation by organisation (by id). Who may see what (``canSee(_:_:tree:)``)
    /// is written as a condition per organisation, so the database counts and pages.
    public func list(actor: Actor, unitID: Int64?, status: String?, kind: String?, page: PageRequest) async throws -> Page<Signal> {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        var v = Validator()
        let status = (status ?? "").isEmpty ? nil : v.choice("status", status, as: SignalStatus.self)
        let kind = (kind ?? "").isEmpty ? nil : v.choice("kind", kind, as: SignalKind.self)
        try v.check()
        let organisations = Policy.organisationIDs(actor).union(Policy.isSystemAdministrator(actor) ? Set(try await platform.allOrganisations().map(\.id)) : []).sorted()
        let platform = self.platform
        return try await database.read { db in
            var visible: [SQLQueryString] = []
            for organisationID in organisations {
                let tree = try await platform.unitTree(db, organisationID: organisationID)
                if let unitID, tree[unitID] == nil { continue }
                // Narrowed to units (a unit asked for, or what the actor may see of them), the
                // units' indexes find the rows. A unit asked for is the organisation's own, so the
                // organisation is not asked again (the count is then read from the units' index
                // alone); otherwise, for what the actor may see, it is written so no index serves it
                // (see ``waiting(reach:)``).
                let governance = Policy.canReadGovernance(actor, organisationID)
                var conditions: [SQLQueryString] = []
                if unitID == nil {
                    conditions.append("\(unsafeRaw: governance ? "organisation_id" : "+organisation_id") = \(bind: organisationID)")
                }
                if !governance {
                    let reach = Policy.managedUnits(actor).filter { tree[$0] != nil }.reduce(into: Set<Int64>()) { $0.formUnion(tree.subtree(of: $1)) }
                    let members = Policy.memberUnits(actor).filter { tree[$0] != nil }
                    var either: [SQLQueryString] = ["raised_by = \(bind: userID)"]
                    if !reach.isEmpty { either += ["current_unit_id IN \(Self.idList(reach))", "unit_id IN \(Self.idList(reach))"] }
                    if !members.isEmpty { either.append("unit_id IN \(Self.idList(members))") }
                    conditions.append("(" + either.joined(separator: " OR ") + ")")
                }
                if let unitID { conditions.append("unit_id IN \(Self.idList(tree.subtree(of: unitID)))") }
                visible.append("(" + conditions.joined(separator: " AND ") + ")")
            }
            guard !visible.isEmpty else { return Page(items: [], total: 0, request: page) }
            var filter: SQLQueryString = "WHERE (" + visible.joined(separator: " OR ") + ")"
            if let status { filter = filter + " AND status = \(bind: status.rawValue)" }
            if let kind { filter = filter + " AND kind = \(bind: kind.rawValue)" }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM signals \(filter)").first()!.decode(column: "n", as: Int.self)
            // One unit's signals are one organisation's; the page's ids are picked first (from an
            // index, where one holds what the filter asks), then only their rows are read.
            let order: SQLQueryString = unitID == nil ? "ORDER BY organisation_id, created_at DESC, id" : "ORDER BY created_at DESC, id"
            let items = try await Self.loadMany(db, """
                WHERE id IN (SELECT id FROM signals \(filter) \(order) LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)) \(order)
                """)
            return Page(items: items, total: total, request: page)
        }
    }

    /// Forwards a signal to another unit with a reason: upward to a unit above, or sideways to any
    /// other unit of the organisation (IT, HR, facilities).
    public func forward(actor: Actor, id: Int64, toUnitID: String?, reason: String?) async throws -> Signal {
        var v = Validator()
        let reason = v.multilineText("reason", reason, maxLength: 2000)
        let target = RequestNumber.id(toUnitID)
        if target == nil { v.add("to_unit_id", PlatformText.fieldRequired) }
        try v.check()
        let now = self.now
        return try await database.transaction { db in
            var (signal, tree) = try await signalForChange(db, actor: actor, id: id)
            guard signal.status == .open else { throw AppError(.conflict, code: "already-decided", message: SignalText.alreadyDecided) }
            guard let targetUnit = tree[target!], !targetUnit.isClosed else {
                throw AppError.invalid([FieldError("to_unit_id", SignalText.forwardOutside)])
            }
            guard targetUnit.id != signal.currentUnitID else { throw AppError.invalid([FieldError("to_unit_id", SignalText.forwardToSelf)]) }
            let direction = Routing.direction(from: signal.currentUnitID, to: targetUnit.id, in: tree)
            try await db.raw("""
                UPDATE signals SET current_unit_id = \(bind: targetUnit.id), arrived_at = \(bind: now.epochSeconds), escalation_notified = 0
                WHERE id = \(bind: id)
                """).run()
            try await Self.recordHop(db, signalID: id, at: now, kind: direction, from: signal.currentUnitID, to: targetUnit.id, reason: reason)
            try await AuditLog.record(db, at: now, actor: actor, action: "signal.forward", objectType: "signal", objectID: String(id),
                                      organisationID: signal.organisationID,
                                      details: ["from_unit_id": String(signal.currentUnitID), "to_unit_id": String(targetUnit.id)])
            signal.currentUnitID = targetUnit.id
            signal.arrivedAt = now
            try await notifyArrival(db, signal, tree: tree, at: now, forwarded: true)
            return signal
        }
    }

    /// Answers a signal with a decision. "Åtgärdas inte" needs a reason.
    /// A decision to act may name who answers for it (`owner`); without one, the decider does.
    public func decide(actor: Actor, id: Int64, decision: String?, text: String?, owner: String? = nil) async throws -> Signal {
        var v = Validator()
        let decision = v.choice("decision", decision, as: Decision.self)
        let text = v.multilineText("text", text, maxLength: 4000, required: decision == .atgardasInte)
        if decision == .atgardasInte, text == nil, !v.errors.contains(where: { $0.field == "text" }) { v.add("text", SignalText.reasonRequired) }
        var ownerName = v.text("owner", owner, maxLength: 200, required: false).flatMap { $0.isEmpty ? nil : $0 }
        try v.check()
        if ownerName == nil, decision == .atgardas || decision == .atgardasDelvis, let userID = actor.userID {
            ownerName = try await platform.user(id: userID).name
        }
        let now = self.now
        let owner = ownerName
        return try await database.transaction { db in
            let (signal, tree) = try await signalForChange(db, actor: actor, id: id)
            guard signal.status == .open else { throw AppError(.conflict, code: "already-decided", message: SignalText.alreadyDecided) }
            try await db.raw("""
                UPDATE signals SET status = \(bind: SignalStatus.decided.rawValue), decision = \(bind: decision!.rawValue),
                decision_text = \(bind: text.flatMap { $0.isEmpty ? nil : $0 }), first_answered_at = COALESCE(first_answered_at, \(bind: now.epochSeconds)),
                decision_owner = \(bind: decision == .atgardas || decision == .atgardasDelvis ? owner : nil), decided_by = \(bind: actor.userID)
                WHERE id = \(bind: id)
                """).run()
            try await Self.recordHop(db, signalID: id, at: now, kind: .decided, from: nil, to: signal.currentUnitID, reason: nil)
            try await notifyFollowers(db, signal, tree: tree, at: now, kind: "signal.decided",
                                      raiser: .decidedToRaiser(unit: tree[signal.unitID]?.name ?? "–", decision: decision!),
                                      supporter: .decidedToSupporter(unit: tree[signal.unitID]?.name ?? "–", decision: decision!),
                                      except: actor.userID)
            try await AuditLog.record(db, at: now, actor: actor, action: "signal.decide", objectType: "signal", objectID: String(id),
                                      organisationID: signal.organisationID, details: ["decision": decision!.rawValue])
            return try await Self.load(db, id: id)!
        }
    }

    /// Marks a decided signal as implemented, with a note.
    public func implement(actor: Actor, id: Int64, note: String?) async throws -> Signal {
        var v = Validator()
        let note = v.multilineText("note", note, maxLength: 2000)
        try v.check()
        let now = self.now
        return try await database.transaction { db in
            let (signal, tree) = try await signalForChange(db, actor: actor, id: id)
            guard signal.status == .decided, signal.decision != .atgardasInte else { throw AppError(.conflict, code: "not-decided", message: SignalText.notDecided) }
            try await db.raw("""
                UPDATE signals SET status = \(bind: SignalStatus.implemented.rawValue), implemented_note = \(bind: note!) WHERE id = \(bind: id)
                """).run()
            try await Self.recordHop(db, signalID: id, at: now, kind: .implemented, from: nil, to: signal.currentUnitID, reason: nil)
            try await notifyFollowers(db, signal, tree: tree, at: now, kind: "signal.implemented",
                                      raiser: .implementedToRaiser(unit: tree[signal.unitID]?.name ?? "–"),
                                      supporter: .implementedToSupporter(unit: tree[signal.unitID]?.name ?? "–"),
                                      except: actor.userID)
            try await AuditLog.record(db, at: now, actor: actor, action: "signal.implement", objectType: "signal", objectID: String(id),
                                      organisationID: signal.organisationID)
            return try await Self.load(db, id: id)!
        }
    }

    /// "Vi är fler": one support per person, toggled.
    public func toggleSupport(actor: Actor, id: Int64) async throws {
        guard let userID = actor.userID else { throw AppError.signInRequired }
        _ = try await detail(actor: actor, id: id)
        try await database.transaction { db in
            let existing = try await db.raw("SELECT 1 AS x FROM signal_supports WHERE signal_id = \(bind: id) AND user_id = \(bind: userID)").first()
            if existing == nil {
                try await db.raw("INSERT INTO signal_supports (signal_id, user_id) VALUES (\(bind: id), \(bind: userID))").run()
            } else {
                try await db.raw("DELETE FROM signal_supports WHERE signal_id = \(bind: id) AND user_id = \(bind: userID)").run()
            }
        }
    }

    /// The signal a change is about, if the actor may see it (else 404) and has the mandate to
    /// change it (else 403), with its organisation's tree.
    private func signalForChange(_ db: any SQLDatabase, actor: Actor, id: Int64) async throws -> (Signal, UnitTree) {
        guard let signal = try await Self.loadForChange(db, id: id) else { throw AppError.notFound }
        let tree = try await platform.unitTree(db, organisationID: signal.organisationID)
        guard Self.canSee(actor, signal, tree: tree) else { throw AppError.notFound }
        let managed = try await Directory.managedUnits(db, among: tree.withAncestors([signal.currentUnitID]))
        guard Self.hasMandate(actor, signal, tree: tree, managed: managed) else { throw AppError(.forbidden, code: "no-mandate", message: SignalText.noMandate) }
        return (signal, tree)
    }

    // MARK: Rules

    /// Who may see a signal: its organisation's administrators and board, managers at or above
    /// where it is or the unit it concerns, the people of that unit, and its raiser.
    static func canSee(_ actor: Actor, _ signal: some SignalFacts, tree: UnitTree) -> Bool {
        if Policy.canReadGovernance(actor, signal.organisationID) { return true }
        if let userID = actor.userID, signal.raisedBy == userID { return true }
        if Policy.manages(actor, unit: signal.currentUnitID, in: tree) || Policy.manages(actor, unit: signal.unitID, in: tree) { return true }
        return Policy.memberUnits(actor).contains(signal.unitID)
    }

    /// Who may answer or forward: a manager of the unit where it is, or of a unit above it. Where no
    /// unit on the way up has a manager, the organisation's administrators answer, so nothing is stuck.
    static func hasMandate(_ actor: Actor, _ signal: Signal, tree: UnitTree, managed: Set<Int64>) -> Bool {
        if Policy.manages(actor, unit: signal.currentUnitID, in: tree) { return true }
        let chain = [signal.currentUnitID] + tree.ancestors(of: signal.currentUnitID).map(\.id)
        return managed.isDisjoint(with: chain) && Policy.canAdministerOrganisation(actor, signal.organisationID)
    }

    func responseDays(_ organisationID: Int64) async throws -> Int {
        Int(try await platform.settingValues(organisationID: organisationID)["signal_response_days"] ?? "14") ?? 14
    }

    // MARK: Storage

    static let columns = """
        id, organisation_id, unit_id, current_unit_id, kind, text, affects, suggestion, anonymous, raised_by,
        created_at, arrived_at, first_answered_at, status, decision, decision_text, implemented_note, source, decision_owner
        """

    static func load(_ db: any SQLDatabase, id: Int64) async throws -> Signal? {
        try await loadMany(db, "WHERE id = \(bind: id)").first
    }

    /// The signal, locked until the transaction ends, for code that is about to change it or add
    /// to its numbered path or conversation.
    static func loadForChange(_ db: any SQLDatabase, id: Int64) async throws -> Signal? {
        try await loadMany(db, "WHERE id = \(bind: id)\(db.lockRowsClause)").first
    }

    /// Signals' heads: what a list needs to choose and order them, without their texts. Given the
    /// organisation (which the filter's units imply), the heads of what waits at units are read
    /// from `signals_current_unit` alone.
    static func loadHeads(_ db: any SQLDatabase, _ filter: SQLQueryString, organisationID: Int64? = nil) async throws -> [SignalHead] {
        try await db.raw(headsStatement(filter, organisationID: organisationID)).all().map { row in
            SignalHead(
                id: try row.int64("id"), organisationID: try row.int64("organisation_id"), unitID: try row.int64("unit_id"),
                currentUnitID: try row.int64("current_unit_id"), raisedBy: try row.optionalInt64("raised_by"),
                createdAt: try row.date("created_at"), arrivedAt: try row.date("arrived_at"),
                firstAnsweredAt: try row.optionalDate("first_answered_at"), status: SignalStatus(rawValue: try row.string("status")) ?? .open)
        }
    }

    static func headsStatement(_ filter: SQLQueryString, organisationID: Int64? = nil) -> SQLQueryString {
        let organisation: SQLQueryString = organisationID.map { "\(literal: $0)" } ?? "organisation_id"
        return """
            SELECT id, \(organisation) AS organisation_id, unit_id, current_unit_id, raised_by, created_at, arrived_at, first_answered_at, status
            FROM signals \(filter)
            """
    }

    static func loadMany(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [Signal] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM signals \(filter)").all().map { row in
            Signal(
                id: try row.int64("id"), organisationID: try row.int64("organisation_id"), unitID: try row.int64("unit_id"),
                currentUnitID: try row.int64("current_unit_id"), kind: SignalKind(rawValue: try row.string("kind")) ?? .hinder,
                text: try row.string("text"), affects: try row.optionalString("affects").flatMap(SignalAffects.init(rawValue:)),
                suggestion: try row.optionalString("suggestion"), anonymous: try row.int64("anonymous") == 1,
                raisedBy: try row.optionalInt64("raised_by"), createdAt: try row.date("created_at"), arrivedAt: try row.date("arrived_at"),
                firstAnsweredAt: try row.optionalDate("first_answered_at"), status: SignalStatus(rawValue: try row.string("status")) ?? .open,
                decision: try row.optionalString("decision").flatMap(Decision.init(rawValue:)),
                decisionText: try row.optionalString("decision_text"), implementedNote: try row.optionalString("implemented_note"),
                source: SignalSource(rawValue: try row.string("source")) ?? .staff, decisionOwner: try row.optionalString("decision_owner"))
        }
    }

    static func recordHop(_ db: any SQLDatabase, signalID: Int64, at: Date, kind: HopKind, from: Int64?, to: Int64, reason: String?) async throws {
        let seq = try await db.raw("SELECT COUNT(*) AS n FROM signal_hops WHERE signal_id = \(bind: signalID)").first()!.decode(column: "n", as: Int.self) + 1
        try await db.raw("""
            INSERT INTO signal_hops (id, signal_id, seq, at, kind, from_unit_id, to_unit_id, reason)
            VALUES (\(bind: randomID()), \(bind: signalID), \(bind: seq), \(bind: at.epochSeconds), \(bind: kind.rawValue), \(bind: from), \(bind: to), \(bind: reason))
            """).run()
        if kind == .forwardedUp || kind == .forwardedSideways {
            let column: SQLQueryString = kind == .forwardedUp ? "up_hops" : "side_hops"
            try await db.raw("UPDATE signals SET \(column) = \(column) + 1 WHERE id = \(bind: signalID)").run()
        }
        // Every change that moves a figure (raising, forwarding, answering, carrying out) passes here.
        try await bumpFiguresVersion(db, signalID: signalID)
    }

    /// Signals, hops and comments take random ids, so their order dates nothing.
    static func randomID() -> Int64 { Secrets.randomID() }
}

extension Signals {
    /// Who sees a unit's follow-up figures: its people, its managers, the board and administrators.
    public static func canSeeStats(_ actor: Actor, unitID: Int64, organisationID: Int64, tree: UnitTree) -> Bool {
        Policy.canReadGovernance(actor, organisationID) || Policy.manages(actor, unit: unitID, in: tree) || Policy.hasRole(actor, inUnit: unitID)
    }

    /// The follow-up figures for a unit and everything below it, for signals raised in
    /// [`from`, `to`). Visible to the unit's people, its managers, the board and administrators.
    public func stats(actor: Actor, unitID: Int64, from: Date?, to: Date?) async throws -> SignalStats {
        try await figures(actor: actor, unitID: unitID, from: from, to: to).stats
    }

    /// The follow-up figures for a whole organisation, for its board and administrators.
    public func organisationStats(actor: Actor, organisationID: Int64, from: Date?, to: Date?) async throws -> SignalStats {
        try await organisationFigures(actor: actor, organisationID: organisationID, from: from, to: to).stats
    }
}
