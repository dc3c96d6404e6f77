import Foundation
import Logging
import SQLKit
import TillitFollowUp
import TillitPlatform
import TillitStorage
import TillitTestSupport

// A national-scale survey round: 1,500,000 respondents, 24 items, 20,000 units up to 7 levels, in a
// fresh SQLite database, reported through the Follow up loop's own code: loading the responses,
// every unit's subtree sums, disclosure control, the audit of the whole publication, one unit's
// report, and end to end. Writes the same data as CSV for DuckDB (Benchmarks/followup-duckdb.py).
// Usage: tillit-followup-bench --sqlite PATH --csv DIR [--respondents N] [--units N] [--seed N] [--out FILE]
// See Benchmarks/README.md.

struct Options {
    var sqlitePath = ""
    var csvDir = ""
    var respondents = 1_500_000
    var units = 20_000
    var seed: UInt64 = 20_261_206
    var out: String?
    /// Measure the round already in the database (written by an earlier run with the same options).
    var reuse = false

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(name) needs a value") }
            return next
        }
        func number<T: FixedWidthInteger>(_ name: String) throws -> T {
            guard let n = T(try value(name)), n > 0 else { throw BenchError("\(name) needs a positive number") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--sqlite": sqlitePath = try value(argument)
            case "--csv": csvDir = try value(argument)
            case "--respondents": respondents = try number(argument)
            case "--units": units = try number(argument)
            case "--seed": seed = try number(argument)
            case "--out": out = try value(argument)
            case "--reuse": reuse = true
            default: throw BenchError("unknown argument \(argument)")
            }
        }
        guard !sqlitePath.isEmpty, !csvDir.isEmpty else { throw BenchError("--sqlite PATH and --csv DIR are needed") }
        guard units >= 8 else { throw BenchError("--units needs at least 8") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}


func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
func ms(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }

/// 24 items: 22 statements on the 1–5 scale in eight dimensions, and two choices.
func questionnaireSource() -> String {
    var lines = [
        "key: nationell-matning", "version: 1", "audience: staff",
        "title: {sv: Nationell mätning, en: National survey}",
        "scale:", "  steps:",
    ]
    for step in 1...5 { lines.append("    - {sv: \"\(step)\", en: \"\(step)\"}") }
    lines.append("  dont_know: {sv: Vet ej, en: Don't know}")
    lines.append("dimensions:")
    for d in 1...8 { lines.append("  - {id: d\(d), title: {sv: Dimension \(d), en: Dimension \(d)}}") }
    lines.append("items:")
    for i in 1...22 {
        lines += ["  - id: q\(i)", "    kind: likert", "    dimension: d\((i - 1) % 8 + 1)", "    text: {sv: \"Påstående \(i)\", en: \"Statement \(i)\"}"]
    }
    for i in 23...24 {
        lines += ["  - id: q\(i)", "    kind: choice", "    options:",
                  "      - {id: a, label: {sv: A, en: A}}", "      - {id: b, label: {sv: B, en: B}}", "      - {id: c, label: {sv: C, en: C}}",
                  "    text: {sv: \"Val \(i)\", en: \"Choice \(i)\"}"]
    }
    return lines.joined(separator: "\n") + "\n"
}

/// A tree of `count` units, at most 7 levels (the top and six below), as (external id, parent).
func generateTree(count: Int, random: inout SplitMix64) -> [(id: Int, parent: Int?)] {
    var units: [(id: Int, parent: Int?)] = [(1, nil)]
    var level = [1]
    var depth = 0
    let fanout = [8, 6, 5, 4, 4, 6]  // about 20,000 over six levels below the top
    while units.count < count, depth < fanout.count {
        var next: [Int] = []
        for parent in level {
            let children = max(1, fanout[depth] + Int.random(in: -2...2, using: &random))
            for _ in 0..<children where units.count < count {
                units.append((units.count + 1, parent))
                next.append(units.count)
            }
        }
        level = next
        depth += 1
    }
    // Fill up at the lowest levels if the fan-outs fell short.
    while units.count < count {
        units.append((units.count + 1, level.randomElement(using: &random)!))
    }
    return units
}

/// What the generator changes as it goes (the closures that write run concurrently-checked).
final class Generator: @unchecked Sendable {
    var random: SplitMix64
    var pending: [(unit: Int64, answers: String)] = []
    var csvBuffer = ""
    var written = 0
    let csvOut: FileHandle
    init(seed: UInt64, csvOut: FileHandle) {
        random = SplitMix64(seed: seed)
        self.csvOut = csvOut
    }

    func flush(_ db: any SQLDatabase, roundID: Int64) async throws {
        guard !pending.isEmpty else { return }
        var query = SQLQueryString("INSERT INTO survey_responses (id, round_id, unit_id, day, answers) VALUES ")
        for (offset, row) in pending.enumerated() {
            if offset > 0 { query.appendLiteral(", ") }
            query.appendLiteral("(")
            query.appendInterpolation(bind: Int64.random(in: 1...Int64.max))
            query.appendLiteral(", ")
            query.appendInterpolation(bind: roundID)
            query.appendLiteral(", ")
            query.appendInterpolation(bind: row.unit)
            query.appendLiteral(", '2026-03-10', ")
            query.appendInterpolation(bind: row.answers)
            query.appendLiteral(")")
        }
        try await db.raw(query).run()
        pending.removeAll(keepingCapacity: true)
        csvOut.write(Data(csvBuffer.utf8))
        csvBuffer = ""
    }
}

func run(_ options: Options) async throws -> [String] {
    let logger = {
        var logger = Logger(label: "tillit-followup-bench")
        logger.logLevel = .warning
        return logger
    }()
    try FileManager.default.createDirectory(atPath: options.csvDir, withIntermediateDirectories: true)
    // A reused round keeps the responses' CSV file it was written with.
    let responsesFile = options.reuse ? "/dev/null" : options.csvDir + "/responses.csv"
    if !options.reuse {
        try? FileManager.default.removeItem(atPath: responsesFile)
        precondition(FileManager.default.createFile(atPath: responsesFile, contents: nil))
    }
    let generator = Generator(seed: options.seed, csvOut: try FileHandle(forWritingTo: URL(fileURLWithPath: responsesFile)))
    let clock = ContinuousClock()
    if !options.reuse { try? FileManager.default.removeItem(atPath: options.sqlitePath) }
    let database = try await openDatabase(.sqlite(path: options.sqlitePath), readers: 2, logger: logger)
    return try await withRunningDatabase(database) { database in
        var lines: [String] = []
        func line(_ text: String) {
            print(text)
            lines.append(text)
        }
        // A day on which the round is open, and one after it closed.
        let openDay = Date(timeIntervalSince1970: 1_772_442_000)          // 2026-03-02
        try await Migrator(PlatformSchema.migrations + FollowUpSchema.migrations, logger: logger).migrate(database)
        let platform = Platform(database: database, clock: .fixed(openDay), passwords: PasswordHasher(cost: 4), logger: logger)
        let operator_ = Actor.commandLine("bench")
        let organisation = options.reuse ? try await platform.organisation(slug: "riket")
            : try await platform.createOrganisation(actor: operator_, slug: "riket", name: "Riket", kind: "myndighet")

        say("units: \(options.units)")
        let tree = generateTree(count: options.units, random: &generator.random)
        var csv = "id,parent_id,name,kind\n"
        var depthOf: [Int: Int] = [:]
        for unit in tree {
            let depth = unit.parent.map { depthOf[$0]! + 1 } ?? 0
            depthOf[unit.id] = depth
            let kind: UnitKind = depth == 0 ? .forvaltning : depth < 3 ? .avdelning : depth < 6 ? .enhet : .arbetsgrupp
            csv += "u\(unit.id),\(unit.parent.map { "u\($0)" } ?? ""),Enhet \(unit.id),\(kind.rawValue)\n"
        }
        var start = clock.now
        if !options.reuse { _ = try await platform.importUnits(actor: operator_, organisationID: organisation.id, csv: Data(csv.utf8)) }
        let unitImport = seconds(clock.now - start)
        let unitTree = try await platform.unitTree(organisationID: organisation.id)
        let idByExternal = Dictionary(uniqueKeysWithValues: unitTree.units.values.compactMap { unit in unit.externalID.map { ($0, unit.id) } })
        let unitIDs = tree.map { idByExternal["u\($0.id)"]! }
        let levels = (depthOf.values.max() ?? 0) + 1

        let followUp = FollowUp(platform: platform)
        if options.reuse {
            let round = try await followUp.rounds(actor: operator_, organisationID: organisation.id).first!
            let questionnaire = try await followUp.questionnaires(actor: operator_).first { $0.id == round.questionnaireID }!.questionnaire
            line("national round (reused): \(options.respondents) respondents, \(questionnaire.items.count) items, \(options.units) units in \(levels) levels")
            try await measure(round: round, questionnaire: questionnaire)
            return lines
        }
        let stored = try await followUp.importQuestionnaire(actor: operator_, organisationID: organisation.id, source: questionnaireSource())
        let questionnaire = stored.questionnaire
        let round = try await followUp.createRound(actor: operator_, .init(questionnaireID: String(stored.id), unitID: String(unitIDs[0]),
                                                                           opensOn: "2026-03-02", closesOn: "2026-03-20"))

        // Respondents per unit: most in the lowest units, a few at each unit above (its manager and
        // staff), and one unit in twenty small (1–4), so that disclosure control has work to do.
        let parentSet = Set(tree.compactMap(\.parent))
        let weights: [Double] = tree.map { unit in
            if Int.random(in: 0..<20, using: &generator.random) == 0 { return -Double(Int.random(in: 1...4, using: &generator.random)) }
            return parentSet.contains(unit.id) ? Double.random(in: 0...4, using: &generator.random) : Double.random(in: 20...140, using: &generator.random)
        }
        let fixed = weights.filter { $0 < 0 }.reduce(0) { $0 - $1 }
        let scalable = weights.filter { $0 >= 0 }.reduce(0, +)
        let factor = (Double(options.respondents) - fixed) / scalable
        var people = weights.map { $0 < 0 ? Int(-$0) : Int(($0 * factor).rounded(.down)) }
        var missing = options.respondents - people.reduce(0, +)
        var index = 0
        while missing > 0 { if weights[index] >= 0 { people[index] += 1; missing -= 1 }; index = (index + 1) % people.count }
        let perUnit = people

        say("responses: \(options.respondents) (24 items), written to SQLite and to CSV for DuckDB")
        generator.csvOut.write(Data(("unit," + (1...22).map { "q\($0)" }.joined(separator: ",") + "\n").utf8))
        start = clock.now
        let batch = 500
        try await database.transaction { db in
            for (place, count) in perUnit.enumerated() where count > 0 {
                let unit = unitIDs[place]
                let leaning = Double.random(in: -1...1, using: &generator.random)
                for _ in 0..<count {
                    var answers: [String: Answer] = [:]
                    var cells: [String] = []
                    for item in 1...22 {
                        let roll = Int.random(in: 0..<100, using: &generator.random)
                        if roll < 8 { answers["q\(item)"] = .dontKnow; cells.append(""); continue }
                        if roll < 12 { cells.append(""); continue }
                        let value = min(5, max(1, Int((3.4 + leaning + Double.random(in: -2...2, using: &generator.random)).rounded())))
                        answers["q\(item)"] = .scale(value)
                        cells.append(String(value))
                    }
                    for item in 23...24 where Int.random(in: 0..<10, using: &generator.random) != 0 {
                        answers["q\(item)"] = .choice(["a", "b", "c"][Int.random(in: 0..<3, using: &generator.random)])
                    }
                    generator.pending.append((unit, FollowUp.encodeAnswers(answers)))
                    generator.csvBuffer += "\(unit)," + cells.joined(separator: ",") + "\n"
                    generator.written += 1
                    if generator.pending.count == batch { try await generator.flush(db, roundID: round.id) }
                    if generator.written % 250_000 == 0 { say("  \(generator.written)") }
                }
            }
            try await generator.flush(db, roundID: round.id)
        }
        try generator.csvOut.close()
        let writing = seconds(clock.now - start)
        var ancestors = "unit,ancestor\n"
        for place in tree.indices {
            var current: Int? = tree[place].id
            while let id = current {
                ancestors += "\(unitIDs[place]),\(unitIDs[id - 1])\n"
                current = tree[id - 1].parent
            }
        }
        try ancestors.write(toFile: options.csvDir + "/ancestors.csv", atomically: true, encoding: .utf8)

        // Closed: from now on, results.
        _ = try await followUp.close(actor: operator_, roundID: round.id)

        line("national round: \(options.respondents) respondents, \(questionnaire.items.count) items, \(options.units) units in \(levels) levels")
        line("setup (not measured against goals): unit import \(String(format: "%.1f s", unitImport)), responses written \(String(format: "%.1f s", writing))")
        try await measure(round: round, questionnaire: questionnaire)
        return lines

        func measure(round: SurveyRound, questionnaire: Questionnaire) async throws {

        // End to end from SQLite: a reader's first request for the round's results (nothing kept yet):
        // the unit tree, the responses, every subtree's sums, disclosure control, the audit of the
        // whole publication, the figures of the top and the level below. Three thresholds, three
        // computations (a changed threshold computes the report anew).
        var endToEnd: [Double] = []
        for k in [5, 6, 7] {
            _ = try await platform.updateSettings(actor: operator_, organisationID: organisation.id, changes: ["anonymity_threshold": String(k)])
            let t0 = clock.now
            let results = try await followUp.results(actor: operator_, roundID: round.id, unitID: unitIDs[0], depth: 1)
            endToEnd.append(seconds(clock.now - t0))
            precondition(results.units.count > 1)
        }
        // One unit's report once the round is kept: the page's service call for a unit deep down.
        let deep = unitIDs[tree.count / 2]
        var page: [Double] = []
        for _ in 0..<50 {
            let t0 = clock.now
            let results = try await followUp.results(actor: operator_, roundID: round.id, unitID: deep, depth: 1)
            page.append(seconds(clock.now - t0))
            precondition(!results.units.isEmpty)
        }
        // The parts, each several times (median).
        let survey = FollowUp.surveyTree(round: try await followUp.round(actor: operator_, id: round.id), tree: unitTree)
        var data: RoundData!
        var load: [Double] = []
        for _ in 0..<3 {
            let t0 = clock.now
            data = try await database.read { db in try await FollowUp.roundData(db, round: round, survey: survey, questionnaire: questionnaire) }
            load.append(seconds(clock.now - t0))
        }
        precondition(data.table.count == options.respondents)
        // The baselines in the same run: the database reading the same rows by itself (every
        // answer's length summed), and the same rows streamed through SQLKit to an empty handler.
        var bare: [Double] = [], streamed: [Double] = []
        for _ in 0..<3 {
            var t0 = clock.now
            _ = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n, SUM(LENGTH(answers)) AS bytes FROM survey_responses WHERE round_id = \(bind: round.id)").first()
            }
            bare.append(seconds(clock.now - t0))
            t0 = clock.now
            try await database.read { db in
                try await db.raw("SELECT unit_id, answers FROM survey_responses WHERE round_id = \(bind: round.id)").run { _ in }
            }
            streamed.append(seconds(clock.now - t0))
        }
        // What a warm page request pays besides the kept report: the unit tree and the round's tree.
        var unitTreeTimes: [Double] = [], surveyTimes: [Double] = []
        for _ in 0..<10 {
            var t0 = clock.now
            let tree = try await platform.unitTree(organisationID: organisation.id)
            unitTreeTimes.append(seconds(clock.now - t0))
            t0 = clock.now
            _ = FollowUp.surveyTree(round: round, tree: tree)
            surveyTimes.append(seconds(clock.now - t0))
        }
        var sums: [Double] = [], decide: [Double] = [], audit: [Double] = []
        var aggregates: Reporting.Aggregates!
        for _ in 0..<7 {
            var t0 = clock.now
            var computed = Reporting.Aggregates.own(data)
            computed.rollUp()
            sums.append(seconds(clock.now - t0))
            var own = Reporting.Aggregates.own(data)
            t0 = clock.now
            own.decide(k: 5, textK: 10)
            decide.append(seconds(clock.now - t0))
            aggregates = computed
        }
        let report = Reporting.report(data, k: 5, freeTextThreshold: 10)
        for _ in 0..<3 {
            let t0 = clock.now
            let leaks = try RoundAudit.leaks(of: report, data: data, k: 5, freeTextThreshold: 10)
            audit.append(seconds(clock.now - t0))
            precondition(leaks.isEmpty, "the audit found \(leaks.count) leaks")
        }
        let suppressed = survey.postOrder.filter { report.figures(of: $0)?.respondents == nil }.count

        // Every subtree's count and sum per statement, for DuckDB to check.
        var ours = "unit,item,n,sum\n"
        for unit in survey.postOrder {
            for item in 0..<22 {
                let totals = aggregates.subtreeTotals(of: unit, item: item)!
                ours += "\(unit),q\(item + 1),\(totals.n),\(totals.sum)\n"
            }
        }
        try ours.write(toFile: options.csvDir + "/ours.csv", atomically: true, encoding: .utf8)

        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func p99(_ values: [Double]) -> Double { let s = values.sorted(); return s[min(s.count - 1, Int((0.99 * Double(s.count)).rounded(.up)) - 1)] }
        line("")
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let space = String(repeating: " ", count: max(0, width - text.count))
            return left ? space + text : text + space
        }
        line(pad("measured (median of runs)", 60) + pad("time", 12, left: true) + "  goal")
        func row(_ name: String, _ value: Double, _ goal: String) { line(pad(name, 60) + pad(ms(value), 12, left: true) + "  " + goal) }
        row("baseline: SQLite reads the rows itself (COUNT, SUM(LENGTH))", median(bare), "")
        row("baseline: the rows streamed through SQLKit, nothing done", median(streamed), "")
        row("load the responses from SQLite (\(load.count) runs)", median(load), String(format: "%.2f× the bare read", median(load) / median(bare)))
        row("every unit's subtree sums, from memory (\(sums.count) runs)", median(sums), "≤ 300 ms")
        row("disclosure control, every figure (\(decide.count) runs)", median(decide), "")
        row("audit of the whole publication (\(audit.count) runs)", median(audit), "")
        row("one unit's report, kept round (50 runs, p99)", p99(page), "≤ 50 ms")
        row("  of which: the organisation's unit tree (median)", median(unitTreeTimes), "")
        row("  of which: the round's tree from it (median)", median(surveyTimes), "")
        row("end to end from SQLite, first request (3 thresholds, max)", endToEnd.max()!, "≤ 5000 ms")
        var loadAverage = [0.0, 0.0, 0.0]
        if getloadavg(&loadAverage, 3) == 3 { line(String(format: "machine load average during the run: %.1f (2 cores)", loadAverage[0])) }
        line("units suppressed at k = 5: \(suppressed) of \(survey.postOrder.count)")
        line("ours_subtree_sums_s=\(median(sums))")
        }
    }
}

let options: Options
do { options = try Options(Array(CommandLine.arguments.dropFirst())) } catch {
    say("error: \(error)")
    exit(2)
}
do {
    let report = try await run(options)
    if let out = options.out { try report.joined(separator: "\n").appending("\n").write(toFile: out, atomically: true, encoding: .utf8) }
} catch {
    say("error: \(error)")
    exit(1)
}
