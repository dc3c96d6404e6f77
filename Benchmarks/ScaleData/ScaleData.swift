// Writes a municipality at full scale into a Tillit data directory, for `Benchmarks/scale.sh`:
// one organisation of about 5,000 units (5 förvaltningar, 50 avdelningar, 1,000 enheter, 4,000
// arbetsgrupper), a manager for every förvaltning, avdelning and enhet, a board member and an
// administrator, and 100,000 signals over the last two years with their paths: most answered (some
// after being forwarded upward or sideways), the newest often still open, a fifth anonymous.
//
// The organisation, units and people go through the application's own services; the signals and
// their hops are written straight into Listen's tables, many rows per statement, as the
// application would have left them (random ids, anonymous ones dated by their day only, each
// signal's counts of hops upward and sideways, the organisation's figures counter).
//
//   tillit-scale-data --data-dir DIR [--units 5000] [--signals 100000] [--seed 2026]
//   tillit-scale-data --postgres URL …   (an empty database)
import Foundation
import Logging
import SQLKit
import TillitListen
import TillitPlatform
import TillitStorage
import TillitTestSupport
import TillitWeb

struct Options {
    var dataDir: String?
    var postgres: String?
    var units = 5000
    var signals = 100_000
    var seed: UInt64 = 2026

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch argument {
            case "--data-dir": options.dataDir = value
            case "--postgres": options.postgres = value
            case "--units": options.units = Int(value) ?? options.units
            case "--signals": options.signals = Int(value) ?? options.signals
            case "--seed": options.seed = UInt64(value) ?? options.seed
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
        guard (options.dataDir == nil) != (options.postgres == nil) else {
            FileHandle.standardError.write(Data("give --data-dir DIR or --postgres URL\n".utf8))
            exit(2)
        }
        return options
    }
}


func say(_ text: String) { print(text) }

@main
struct ScaleData {
    static let password = "skala-tillit-2026"

    static func main() async throws {
        let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
        let logger = {
            var logger = Logger(label: "tillit-scale-data")
            logger.logLevel = .warning
            return logger
        }()
        let location: DatabaseLocation = options.postgres.map { .postgres(url: $0) }
            ?? .sqlite(path: (options.dataDir! as NSString).appendingPathComponent("tillit.sqlite"))
        let database = try await openDatabase(location, readers: 2, logger: logger)
        try await withRunningDatabase(database) { database in
            try await Migrator(Tillit.migrations, logger: logger).migrate(database)
            try await generate(database, options: options, logger: logger)
        }
    }

    static func generate(_ database: any Database, options: Options, logger: Logger) async throws {
        var random = SplitMix64(state: options.seed)
        let now = Date()
        let platform = Platform(database: database, clock: .system, passwords: PasswordHasher(cost: 4), logger: logger)
        let operator_ = Actor.commandLine("scale-data")
        let organisation = try await platform.createOrganisation(actor: operator_, slug: "skala", name: "Skala kommun", kind: "kommun")

        // The tree: förvaltningar, avdelningar, enheter and arbetsgrupper in the proportions 1 : 10 : 200 : 800.
        // Whole förvaltningar of 1,011 units each, enough of them to reach the number asked for.
        let top = max(1, (options.units + 1010) / 1011)
        var csv = "id,parent_id,name,kind\n"
        var count = 0
        for f in 1...top {
            csv += "f\(f),,Förvaltning \(f),forvaltning\n"
            count += 1
            for a in 1...10 {
                csv += "f\(f)a\(a),f\(f),Avdelning \(f).\(a),avdelning\n"
                count += 1
                for e in 1...20 {
                    csv += "f\(f)a\(a)e\(e),f\(f)a\(a),Enhet \(f).\(a).\(e),enhet\n"
                    count += 1
                    for g in 1...4 {
                        csv += "f\(f)a\(a)e\(e)g\(g),f\(f)a\(a)e\(e),Arbetsgrupp \(f).\(a).\(e).\(g),arbetsgrupp\n"
                        count += 1
                    }
                }
            }
        }
        say("units: \(count)")
        _ = try await platform.importUnits(actor: operator_, organisationID: organisation.id, csv: Data(csv.utf8))
        let tree = try await platform.unitTree(organisationID: organisation.id)
        let byExternal = Dictionary(uniqueKeysWithValues: tree.units.values.compactMap { unit in unit.externalID.map { ($0, unit.id) } })

        // People: the board, an administrator, and a manager of every unit above the arbetsgrupper.
        func person(_ email: String, _ name: String, _ grants: [RoleGrant]) async throws {
            _ = try await platform.createPerson(actor: operator_, .init(email: email, name: name, password: password, grants: grants))
        }
        try await person("styrelse@skala.se", "Styrelsen", [RoleGrant(role: .styrelse, organisationID: organisation.id, unitID: nil)])
        try await person("admin@skala.se", "Administratören", [RoleGrant(role: .administrator, organisationID: organisation.id, unitID: nil)])
        var managed: Set<Int64> = []
        for unit in tree.units.values.sorted(by: { $0.id < $1.id }) where unit.kind != .arbetsgrupp {
            let key = unit.externalID!
            try await person("chef.\(key)@skala.se", "Chef \(unit.name)", [RoleGrant(role: .chef, organisationID: organisation.id, unitID: unit.id)])
            managed.insert(unit.id)
        }
        say("managers: \(managed.count) (chef.f1a1@skala.se manages Avdelning 1.1; password \(password))")
        say("unit forvaltning=\(byExternal["f1"]!) avdelning=\(byExternal["f1a1"]!)")
        let staff = try await database.read { db in
            try await db.raw("SELECT id FROM users ORDER BY id").all().map { try $0.int64("id") }
        }

        // Signals: mostly about arbetsgrupper and enheter, spread over two years, more recent ones more often.
        let leaves = tree.units.values.filter { $0.kind == .arbetsgrupp }.map(\.id).sorted()
        let enheter = tree.units.values.filter { $0.kind == .enhet }.map(\.id).sorted()
        let kinds = SignalKind.allCases.map(\.rawValue)
        let decisions = ["atgardas", "atgardas_delvis", "atgardas_inte", "redan_lost"]
        let span = 730.0 * 86_400
        // Rows are made first, then written in one transaction, many per statement.
        var statements: [SQLQueryString] = []
        var signalRows: [SQLQueryString] = []
        var hopRows: [SQLQueryString] = []
        var written = 0
        func flush() {
            if !signalRows.isEmpty {
                statements.append("""
                    INSERT INTO signals (id, organisation_id, unit_id, current_unit_id, kind, text, anonymous, raised_by, created_at, arrived_at,
                                         first_answered_at, status, decision, source, up_hops, side_hops)
                    VALUES \(signalRows.joined(separator: ", "))
                    """)
                signalRows = []
            }
            if !hopRows.isEmpty {
                statements.append("INSERT INTO signal_hops (id, signal_id, seq, at, kind, from_unit_id, to_unit_id, reason) VALUES \(hopRows.joined(separator: ", "))")
                hopRows = []
            }
        }
        for n in 0..<options.signals {
            let unit = Int.random(in: 0..<10, using: &random) < 8 ? leaves.randomElement(using: &random)! : enheter.randomElement(using: &random)!
            // Age in days, skewed towards the present.
            let age = span * pow(Double.random(in: 0..<1, using: &random), 1.6)
            let anonymous = Int.random(in: 0..<5, using: &random) == 0
            var created = Int64(now.timeIntervalSince1970 - age)
            if anonymous { created -= created % 86_400 }
            let id = Int64.random(in: 1...(1 << 53), using: &random)
            let landing = Routing.landingUnit(for: unit, in: tree, managed: managed)
            var current = landing
            var arrived = created
            var hops: [(at: Int64, kind: String, from: Int64?, to: Int64)] = [(created, "landed", nil, landing)]
            var up = 0, side = 0
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 15, let parent = tree[current]?.parentID {
                arrived = created + Int64.random(in: 3_600...(10 * 86_400), using: &random)
                hops.append((arrived, "forwarded_up", current, parent))
                current = parent
                up = 1
                if roll < 4, let grand = tree[current]?.parentID {
                    arrived += Int64.random(in: 3_600...(5 * 86_400), using: &random)
                    hops.append((arrived, "forwarded_up", current, grand))
                    current = grand
                    up = 2
                }
            } else if roll < 20 {
                let other = enheter.randomElement(using: &random)!
                if other != current {
                    arrived = created + Int64.random(in: 3_600...(7 * 86_400), using: &random)
                    hops.append((arrived, "forwarded_sideways", current, other))
                    current = other
                    side = 1
                }
            }
            // Older signals are nearly all answered; of the last month's, about half.
            let openChance = age < 30 * 86_400 ? 50 : age < 180 * 86_400 ? 12 : 3
            var answered: Int64? = nil
            var status = "open"
            var decision: String? = nil
            if Int.random(in: 0..<100, using: &random) >= openChance {
                let wait = Int64(-log(1 - Double.random(in: 0..<0.999, using: &random)) * 9 * 86_400)
                let at = max(arrived + 600, created + wait)
                if at < Int64(now.timeIntervalSince1970) {
                    answered = at
                    decision = decisions.randomElement(using: &random)!
                    status = decision != "atgardas_inte" && Int.random(in: 0..<3, using: &random) == 0 ? "implemented" : "decided"
                    hops.append((at, "decided", nil, current))
                    if status == "implemented" { hops.append((at + 86_400, "implemented", nil, current)) }
                }
            }
            let raiser: Int64? = anonymous ? nil : staff.randomElement(using: &random)
            signalRows.append("""
                (\(bind: id), \(bind: organisation.id), \(bind: unit), \(bind: current), \(bind: kinds.randomElement(using: &random)!), \
                \(bind: "Signal \(n + 1) om arbetet"), \(bind: anonymous ? 1 : 0), \(bind: raiser), \(bind: created), \(bind: arrived), \
                \(bind: answered), \(bind: status), \(bind: decision), 'staff', \(bind: up), \(bind: side))
                """)
            for (seq, hop) in hops.enumerated() {
                hopRows.append("""
                    (\(bind: Int64.random(in: 1...(1 << 53), using: &random)), \(bind: id), \(bind: seq + 1), \
                    \(bind: anonymous && seq == 0 ? created : hop.at), \(bind: hop.kind), \(bind: hop.from), \(bind: hop.to), NULL)
                    """)
            }
            if signalRows.count >= 200 { flush() }
            written += 1
        }
        flush()
        let organisationID = organisation.id
        let ready = statements
        try await database.transaction { db in
            for statement in ready { try await db.raw(statement).run() }
            try await db.raw("INSERT INTO signal_figure_versions (organisation_id, version) VALUES (\(bind: organisationID), 1)").run()
        }
        say("signals: \(written)")
        if database.kind == .postgres {
            try await database.transaction { db in try await db.raw("ANALYZE").run() }
        }
    }
}
