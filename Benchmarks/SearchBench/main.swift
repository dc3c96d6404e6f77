import Foundation
import TillitStorage

// Search latency at scale: a generated corpus in a fresh database, indexed by the application's own
// code, then queries through `Knowledge.search` beside the database's own full-text search.
// Usage: tillit-search-bench (--sqlite PATH | --postgres URL) [--examples N] [--queries N] [--warmup N]
//        [--seed N] [--demo PATH] [--reuse] [--out FILE]
//        tillit-search-bench (--sqlite PATH | --postgres URL) --quality DIR --out FILE   (the judged set: rankings as JSON)
// See Benchmarks/README.md.

struct Options {
    var sqlitePath: String?
    var postgresURL: String?
    var examples = 100_000
    var queries = 500
    var warmup = 50
    var seed: UInt64 = 20_260_302
    var demoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/TillitWeb/Assets/demo/examples.jsonl").path
    var reuse = false
    var out: String?
    /// A directory with a judged evaluation set: rank its queries instead of measuring latency.
    var quality: String?

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
            case "--postgres": postgresURL = try value(argument)
            case "--examples": examples = try number(argument)
            case "--queries": queries = try number(argument)
            case "--warmup": warmup = try number(argument)
            case "--seed": seed = try number(argument)
            case "--demo": demoPath = try value(argument)
            case "--reuse": reuse = true
            case "--out": out = try value(argument)
            case "--quality": quality = try value(argument)
            default: throw BenchError("unknown argument \(argument)")
            }
        }
        guard (sqlitePath == nil) != (postgresURL == nil) else { throw BenchError("give exactly one of --sqlite PATH and --postgres URL") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func say(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Milliseconds at a percentile, nearest rank.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
}

let options: Options
do { options = try Options(Array(CommandLine.arguments.dropFirst())) } catch {
    say("error: \(error)")
    exit(2)
}

if let quality = options.quality {
    do {
        guard let out = options.out else { throw BenchError("--quality needs --out FILE") }
        let location: DatabaseLocation = options.sqlitePath.map { .sqlite(path: $0) } ?? .postgres(url: options.postgresURL!)
        try await QualityRun(directory: URL(fileURLWithPath: quality), location: location, out: out).run()
        exit(0)
    } catch {
        say("error: \(error)")
        exit(1)
    }
}

do {
    let (report, met) = try await SearchBench(options: options).run()
    if let out = options.out {
        let text = report.joined(separator: "\n") + "\n"
        if let handle = FileHandle(forWritingAtPath: out) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        }
    }
    // 3: measured, but a goal was missed (the script tells this apart from an error).
    exit(met ? 0 : 3)
} catch {
    say("error: \(error)")
    exit(1)
}
