import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

public enum PilotStatus: String, Sendable, CaseIterable {
    case planned, running, finished
    public var label: BothLanguages {
        switch self {
        case .planned: BothLanguages(sv: "Planerat", en: "Planned")
        case .running: BothLanguages(sv: "Pågår", en: "Running")
        case .finished: BothLanguages(sv: "Avslutat", en: "Finished")
        }
    }
}

public enum LogKind: String, Sendable, CaseIterable {
    case observation, interview, milestone, memo
    public var label: BothLanguages {
        switch self {
        case .observation: BothLanguages(sv: "Observation", en: "Observation")
        case .interview: BothLanguages(sv: "Intervjusammanfattning", en: "Interview summary")
        case .milestone: BothLanguages(sv: "Milstolpe", en: "Milestone")
        case .memo: BothLanguages(sv: "Minnesanteckning", en: "Memo")
        }
    }
}

/// A researcher or a named contact at the host.
public struct PilotPerson: Sendable, Equatable, Codable {
    public let name: String
    /// The researcher's university, or the contact's role.
    public let affiliation: String
    /// Never shown publicly; an account with this address is a member of the pilot.
    public let email: String
    public init(name: String, affiliation: String, email: String) {
        self.name = name
        self.affiliation = affiliation
        self.email = email
    }
}

public struct PilotHost: Sendable, Equatable {
    public let organisationID: Int64
    public let organisationName: String
    public let unitName: String
}

/// A pilot (försöksverksamhet) followed by researchers.
public struct Pilot: Sendable, Identifiable {
    public let id: Int64
    public let extKey: String?
    public let name: String
    public let status: PilotStatus
    public let aim: String
    /// Markdown.
    public let description: String
    public let yearStart: Int?
    public let yearEnd: Int?
    public let sectors: [Sector]
    public let hosts: [PilotHost]
    public let researchers: [PilotPerson]
    public let contacts: [PilotPerson]
    public let exampleIDs: [Int64]
    public let createdBy: Int64?
    public let updatedAt: Date
}

/// A dated entry in a pilot's research log.
public struct LogEntry: Sendable, Identifiable {
    public let id: Int64
    public let pilotID: Int64
    public let date: String
    public let kind: LogKind
    public let title: String
    public let text: String
    public let isPublic: Bool
}

/// What a pilot form or an import gives.
public struct PilotInput: Sendable {
    public var extKey: String?
    public var name: String?
    public var status: String?
    public var aim: String?
    public var description: String?
    public var yearStart: String?
    public var yearEnd: String?
    public var sectors: [String]
    /// (organisation id, unit name)
    public var hosts: [(String, String)]
    public var researchers: [PilotPerson]
    public var contacts: [PilotPerson]
    public var exampleIDs: [Int64]

    public init(extKey: String? = nil, name: String?, status: String?, aim: String?, description: String?, yearStart: String?, yearEnd: String?,
                sectors: [String], hosts: [(String, String)], researchers: [PilotPerson], contacts: [PilotPerson], exampleIDs: [Int64]) {
        self.extKey = extKey
        self.name = name
        self.status = status
        self.aim = aim
        self.description = description
        self.yearStart = yearStart
        self.yearEnd = yearEnd
        self.sectors = sectors
        self.hosts = hosts
        self.researchers = researchers
        self.contacts = contacts
        self.exampleIDs = exampleIDs
    }

    /// People written one per line as "name | affiliation | email".
    public static func people(_ text: String?) -> [PilotPerson]? {
        pipeLines(text, fields: 2...3)?.map { PilotPerson(name: $0[0], affiliation: $0[1], email: $0.count == 3 ? $0[2].lowercased() : "") }
    }

    /// Lines of "a | b | c" with a number of fields in `fields` and a first field that is not
    /// empty; blank lines are skipped. Nil when a line does not fit.
    static func pipeLines(_ text: String?, fields: ClosedRange<Int>) -> [[String]]? {
        var lines: [[String]] = []
        for line in (text ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { TextInput.normalise(String($0)) }
            guard !parts.allSatisfy(\.isEmpty) else { continue }
            guard fields.contains(parts.count), !parts[0].isEmpty else { return nil }
            lines.append(parts)
        }
        return lines
    }
}

/// What a pilot's log looks like to someone: all of it for its members, its public entries for everyone else.
public struct PilotAccess: Sendable {
    public let isResearcher: Bool
    public let isContact: Bool
    public let canEdit: Bool
    public var isMember: Bool { isResearcher || isContact }
}

/// Pilots and their research logs. A pilot and its public log entries are public; the rest of the
/// log is for the pilot's researchers and the host's named contacts only — not for editors or
/// administrators, who have no part in the research.
public struct Pilots: Sendable {
    public let platform: Platform
    public init(platform: Platform) {
        self.platform = platform
    }

    var database: any Database { platform.database }

    /// Researchers (forskare) and editors register pilots.
    public static func canCreate(_ actor: Actor?) -> Bool {
        guard let actor else { return false }
        return Policy.canRegisterResearch(actor)
    }

    public func access(_ actor: Actor?, _ pilot: Pilot) -> PilotAccess {
        guard let actor, actor.userID != nil else { return PilotAccess(isResearcher: false, isContact: false, canEdit: false) }
        let email = actor.label.lowercased()
        let researcher = pilot.researchers.contains { !$0.email.isEmpty && $0.email == email }
        let contact = pilot.contacts.contains { !$0.email.isEmpty && $0.email == email }
        return PilotAccess(isResearcher: researcher, isContact: contact, canEdit: researcher || Policy.isEditor(actor))
    }

    public func list() async throws -> [Pilot] {
        try await database.read { db in try await Self.loadMany(db, "ORDER BY CASE p.status WHEN 'running' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, p.year_start DESC, p.id DESC") }
    }

    public func pilot(id: Int64) async throws -> Pilot {
        guard let pilot = try await database.read({ db in try await Self.loadMany(db, "WHERE p.id = \(bind: id)").first }) else { throw AppError.notFound }
        return pilot
    }

    /// The log as the actor may see it, newest first.
    public func log(actor: Actor?, pilotID: Int64) async throws -> [LogEntry] {
        try await log(actor: actor, pilot: try await pilot(id: pilotID))
    }

    /// The log of a pilot already read, as the actor may see it, newest first.
    public func log(actor: Actor?, pilot: Pilot) async throws -> [LogEntry] {
        let pilotID = pilot.id
        let all = access(actor, pilot).isMember
        return try await database.read { db in
            try await db.raw("""
                SELECT id, pilot_id, entry_date, kind, title, text, is_public FROM pilot_log
                WHERE pilot_id = \(bind: pilotID)\(unsafeRaw: all ? "" : " AND is_public = 1") ORDER BY entry_date DESC, id DESC
                """).all().map { row in
                LogEntry(id: try row.int64("id"), pilotID: try row.int64("pilot_id"), date: try row.string("entry_date"),
                         kind: LogKind(rawValue: try row.string("kind")) ?? .memo, title: try row.string("title"), text: try row.string("text"),
                         isPublic: try row.int64("is_public") == 1)
            }
        }
    }

    /// A researcher of the pilot adds an entry to its log.
    public func addLogEntry(actor: Actor, pilotID: Int64, date: String?, kind: String?, title: String?, text: String?, isPublic: Bool) async throws -> Int64 {
        let pilot = try await pilot(id: pilotID)
        // The operator at the command line, who holds the instance, may load a log (an import).
        let operatorImport = actor.userID == nil && Policy.isSystemAdministrator(actor)
        guard access(actor, pilot).isResearcher || operatorImport else {
            throw AppError(.forbidden, code: "not-researcher", message: LearnText.notResearcher)
        }
        var v = Validator()
        let date = Self.date(&v, "date", date)
        let kind = v.choice("kind", kind, as: LogKind.self)
        let title = v.text("title", title, maxLength: 200)
        let text = v.multilineText("text", text, maxLength: 20_000)
        try v.check()
        let now = platform.clock.now()
        return try await database.transaction { db in
            let id = try await Self.insertLog(db, pilotID: pilotID, date: date!, kind: kind!, title: title!, text: text!, isPublic: isPublic,
                                              authorID: actor.userID, at: now)
            try await AuditLog.record(db, at: now, actor: actor, action: "pilot.log.add", objectType: "pilot", objectID: String(pilotID), organisationID: nil,
                                      details: ["public": isPublic ? "yes" : "no"])
            return id
        }
    }

    /// A researcher makes an entry public, or takes it back into the members' log.
    public func setLogEntryPublic(actor: Actor, pilotID: Int64, entryID: Int64, isPublic: Bool) async throws {
        let pilot = try await pilot(id: pilotID)
        guard access(actor, pilot).isResearcher else { throw AppError(.forbidden, code: "not-researcher", message: LearnText.notResearcher) }
        let now = platform.clock.now()
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM pilot_log WHERE id = \(bind: entryID) AND pilot_id = \(bind: pilotID)").first() != nil else { throw AppError.notFound }
            try await db.raw("UPDATE pilot_log SET is_public = \(bind: isPublic ? 1 : 0) WHERE id = \(bind: entryID)").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "pilot.log.visibility", objectType: "pilot", objectID: String(pilotID),
                                      organisationID: nil, details: ["public": isPublic ? "yes" : "no"])
        }
    }

    static func insertLog(_ db: any SQLDatabase, pilotID: Int64, date: String, kind: LogKind, title: String, text: String, isPublic: Bool,
                          authorID: Int64?, at now: Date) async throws -> Int64 {
        try await db.raw("""
            INSERT INTO pilot_log (pilot_id, entry_date, kind, title, text, is_public, author_id, created_at)
            VALUES (\(bind: pilotID), \(bind: date), \(bind: kind.rawValue), \(bind: title), \(bind: text), \(bind: isPublic ? 1 : 0),
                    \(bind: authorID), \(bind: now.epochSeconds))
            RETURNING id
            """).first()!.int64("id")
    }

    /// A calendar date written YYYY-MM-DD, in 1990–2100.
    static func date(_ v: inout Validator, _ field: String, _ raw: String?) -> String? {
        guard let date = CivilDate((raw ?? "").trimmingCharacters(in: .whitespaces), years: 1990...2100) else {
            v.add(field, LearnText.dateInvalid)
            return nil
        }
        return date.description
    }

    // MARK: Writing

    struct Checked {
        var name: String, status: PilotStatus, aim: String, description: String, yearStart: Int?, yearEnd: Int?, sectors: [Sector]
        var hosts: [(Int64, String)], researchers: [PilotPerson], contacts: [PilotPerson], exampleIDs: [Int64]
    }

    func check(_ db: any SQLDatabase, _ input: PilotInput) async throws -> Checked {
        var v = Validator()
        let name = v.text("name", input.name, maxLength: 200)
        let status = v.choice("status", input.status, as: PilotStatus.self)
        let aim = v.multilineText("aim", input.aim, maxLength: 2000)
        let description = v.multilineText("description", input.description, maxLength: 50_000)
        let (yearStart, yearEnd) = v.period(input.yearStart, input.yearEnd)
        var sectors: [Sector] = []
        for raw in input.sectors where !raw.isEmpty {
            guard let sector = Sector(rawValue: raw) else { v.add("sectors", PlatformText.fieldUnknownChoice(Sector.allCases.map(\.rawValue))); break }
            if !sectors.contains(sector) { sectors.append(sector) }
        }
        if sectors.isEmpty { v.add("sectors", KnowledgeText.chooseOne) }
        let organisations = Set(try await Directory.organisations(db).keys)
        var hosts: [(Int64, String)] = []
        for (org, unit) in input.hosts where !org.isEmpty {
            guard let id = RequestNumber.id(org), organisations.contains(id) else { v.add("hosts", LearnText.organisationUnknown); break }
            hosts.append((id, String(TextInput.normalise(unit).prefix(200))))
        }
        if hosts.isEmpty { v.add("hosts", KnowledgeText.chooseOne) }
        for (field, people) in [("researchers", input.researchers), ("contacts", input.contacts)] {
            if people.count > 30 { v.add(field, KnowledgeText.tooMany(30)) }
            if people.contains(where: { $0.name.count > 200 || $0.affiliation.count > 200 || (!$0.email.isEmpty && !SettingValues.isEmail($0.email)) }) {
                v.add(field, LearnText.personLine)
            }
        }
        var exampleIDs: [Int64] = []
        for id in input.exampleIDs where !exampleIDs.contains(id) { exampleIDs.append(id) }
        if !exampleIDs.isEmpty {
            let published = try await db.raw("SELECT COUNT(*) AS n FROM examples WHERE status = 'published' AND id IN \(SQLQueryString.list(exampleIDs))").first()!
            if try published.decode(column: "n", as: Int.self) != exampleIDs.count { v.add("examples", LearnText.exampleUnknown) }
        }
        try v.check()
        return Checked(name: name!, status: status!, aim: aim!, description: description!, yearStart: yearStart, yearEnd: yearEnd, sectors: sectors,
                       hosts: hosts, researchers: input.researchers, contacts: input.contacts, exampleIDs: exampleIDs)
    }

    public func create(actor: Actor, _ input: PilotInput) async throws -> Pilot {
        guard Self.canCreate(actor) else { throw AppError.forbidden }
        let now = platform.clock.now()
        return try await database.transaction { db in
            let c = try await check(db, input)
            let id = try await db.raw("""
                INSERT INTO pilots (ext_key, name, status, aim, description, year_start, year_end, created_by, created_at, updated_at)
                VALUES (\(bind: input.extKey), \(bind: c.name), \(bind: c.status.rawValue), \(bind: c.aim), \(bind: c.description), \(bind: c.yearStart),
                        \(bind: c.yearEnd), \(bind: actor.userID), \(bind: now.epochSeconds), \(bind: now.epochSeconds))
                RETURNING id
                """).first()!.int64("id")
            try await Self.writeLists(db, id: id, c)
            try await AuditLog.record(db, at: now, actor: actor, action: "pilot.create", objectType: "pilot", objectID: String(id), organisationID: nil)
            return try await Self.loadMany(db, "WHERE p.id = \(bind: id)").first!
        }
    }

    /// The pilot's researchers and the editors keep its description up to date. Who its researchers
    /// and contacts are — the people who read its log — only its researchers change; each change is
    /// audited and told to the researchers, old and new.
    public func update(actor: Actor, id: Int64, _ input: PilotInput) async throws -> Pilot {
        let now = platform.clock.now()
        return try await database.transaction { db in
            _ = try await db.raw("SELECT id FROM pilots WHERE id = \(bind: id)\(db.lockRowsClause)").first()
            guard let pilot = try await Self.loadMany(db, "WHERE p.id = \(bind: id)").first else { throw AppError.notFound }
            let access = access(actor, pilot)
            guard access.canEdit else { throw AppError.forbidden }
            let c = try await check(db, input)
            let change = MembershipChange(before: pilot, after: c)
            if !change.isEmpty && !access.isResearcher {
                throw AppError.invalid([FieldError(change.researchers ? "researchers" : "contacts", LearnText.membersByResearchers)])
            }
            try await db.raw("""
                UPDATE pilots SET name = \(bind: c.name), status = \(bind: c.status.rawValue), aim = \(bind: c.aim), description = \(bind: c.description),
                    year_start = \(bind: c.yearStart), year_end = \(bind: c.yearEnd), updated_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)
                """).run()
            try await Self.writeLists(db, id: id, c)
            try await AuditLog.record(db, at: now, actor: actor, action: "pilot.update", objectType: "pilot", objectID: String(id), organisationID: nil)
            if !change.isEmpty {
                try await AuditLog.record(db, at: now, actor: actor, action: "pilot.members", objectType: "pilot", objectID: String(id), organisationID: nil,
                                          details: change.counts)
                let told = Set(pilot.researchers.map(\.email) + c.researchers.map(\.email)).subtracting([actor.label.lowercased()])
                let people = try await Directory.activeUserIDs(db, emails: Array(told))
                try await Notifications.add(db, at: now, people.map {
                    NotificationDraft(userID: $0, organisationID: nil, kind: "pilot.members", message: LearnText.membersChanged(c.name),
                                      target: NoticeTarget("pilot", id: id))
                })
            }
            return try await Self.loadMany(db, "WHERE p.id = \(bind: id)").first!
        }
    }

    /// Who joined and left a pilot's researchers and contacts (by email, compared lower-cased).
    struct MembershipChange {
        let researchersAdded: Int, researchersRemoved: Int, contactsAdded: Int, contactsRemoved: Int
        init(before: Pilot, after: Checked) {
            func emails(_ people: [PilotPerson]) -> Set<String> { Set(people.map { $0.email.lowercased() }.filter { !$0.isEmpty }) }
            let (r0, r1) = (emails(before.researchers), emails(after.researchers))
            let (c0, c1) = (emails(before.contacts), emails(after.contacts))
            researchersAdded = r1.subtracting(r0).count
            researchersRemoved = r0.subtracting(r1).count
            contactsAdded = c1.subtracting(c0).count
            contactsRemoved = c0.subtracting(c1).count
        }
        var researchers: Bool { researchersAdded + researchersRemoved > 0 }
        var isEmpty: Bool { !researchers && contactsAdded + contactsRemoved == 0 }
        /// The audit log's details: how many, never who (the emails are personal data).
        var counts: [String: String] {
            ["researchers_added": String(researchersAdded), "researchers_removed": String(researchersRemoved),
             "contacts_added": String(contactsAdded), "contacts_removed": String(contactsRemoved)]
        }
    }

    private static func writeLists(_ db: any SQLDatabase, id: Int64, _ c: Checked) async throws {
        for table in ["pilot_sectors", "pilot_hosts", "pilot_people", "pilot_examples"] {
            try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE pilot_id = \(bind: id)").run()
        }
        for sector in c.sectors { try await db.raw("INSERT INTO pilot_sectors (pilot_id, sector) VALUES (\(bind: id), \(bind: sector.rawValue))").run() }
        for (index, host) in c.hosts.enumerated() {
            try await db.raw("INSERT INTO pilot_hosts (pilot_id, position, organisation_id, unit_name) VALUES (\(bind: id), \(bind: index), \(bind: host.0), \(bind: host.1))").run()
        }
        for (role, people) in [("researcher", c.researchers), ("contact", c.contacts)] {
            for (index, person) in people.enumerated() {
                try await db.raw("""
                    INSERT INTO pilot_people (pilot_id, position, role, name, affiliation, email)
                    VALUES (\(bind: id), \(bind: index), \(bind: role), \(bind: person.name), \(bind: person.affiliation), \(bind: person.email))
                    """).run()
            }
        }
        for example in c.exampleIDs { try await db.raw("INSERT INTO pilot_examples (pilot_id, example_id) VALUES (\(bind: id), \(bind: example))").run() }
    }

    static func loadMany(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [Pilot] {
        let rows = try await db.raw("""
            SELECT p.id, p.ext_key, p.name, p.status, p.aim, p.description, p.year_start, p.year_end, p.created_by, p.updated_at,
                   (SELECT STRING_AGG(s.sector, ' ') FROM pilot_sectors s WHERE s.pilot_id = p.id) AS sectors
            FROM pilots p \(filter)
            """).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        let list = SQLQueryString.list(ids)
        var hosts: [Int64: [PilotHost]] = [:], researchers: [Int64: [PilotPerson]] = [:], contacts: [Int64: [PilotPerson]] = [:], examples: [Int64: [Int64]] = [:]
        let hostRows = try await db.raw("""
            SELECT pilot_id, organisation_id, unit_name FROM pilot_hosts WHERE pilot_id IN \(list) ORDER BY pilot_id, position
            """).all()
        let organisations = try await Directory.organisations(db, ids: Set(try hostRows.map { try $0.int64("organisation_id") }))
        for row in hostRows {
            let organisationID = try row.int64("organisation_id")
            hosts[try row.int64("pilot_id"), default: []].append(PilotHost(organisationID: organisationID, organisationName: organisations[organisationID]?.name ?? "",
                                                                           unitName: try row.string("unit_name")))
        }
        for row in try await db.raw("SELECT pilot_id, role, name, affiliation, email FROM pilot_people WHERE pilot_id IN \(list) ORDER BY pilot_id, role, position").all() {
            let person = PilotPerson(name: try row.string("name"), affiliation: try row.string("affiliation"), email: try row.string("email"))
            if try row.string("role") == "researcher" { researchers[try row.int64("pilot_id"), default: []].append(person) }
            else { contacts[try row.int64("pilot_id"), default: []].append(person) }
        }
        for row in try await db.raw("SELECT pilot_id, example_id FROM pilot_examples WHERE pilot_id IN \(list) ORDER BY pilot_id, example_id").all() {
            examples[try row.int64("pilot_id"), default: []].append(try row.int64("example_id"))
        }
        return try rows.map { row in
            let id = try row.int64("id")
            let sectors = (try row.optionalString("sectors") ?? "").split(separator: " ").compactMap { Sector(rawValue: String($0)) }
                .sorted { Sector.allCases.firstIndex(of: $0)! < Sector.allCases.firstIndex(of: $1)! }
            return Pilot(id: id, extKey: try row.optionalString("ext_key"), name: try row.string("name"),
                         status: PilotStatus(rawValue: try row.string("status")) ?? .planned, aim: try row.string("aim"),
                         description: try row.string("description"), yearStart: try row.optionalInt64("year_start").map(Int.init),
                         yearEnd: try row.optionalInt64("year_end").map(Int.init), sectors: sectors, hosts: hosts[id] ?? [],
                         researchers: researchers[id] ?? [], contacts: contacts[id] ?? [], exampleIDs: examples[id] ?? [],
                         createdBy: try row.optionalInt64("created_by"), updatedAt: try row.date("updated_at"))
        }
    }
}
