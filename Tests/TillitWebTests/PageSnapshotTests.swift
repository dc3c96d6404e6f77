// Snapshots of the main pages of each loop, as HTML text, stored beside this file in
// __Snapshots__/PageSnapshotTests/<test>.<page>.html. A change to a page's markup shows up as a diff
// of its snapshot file, to be reviewed and committed with the change.
//
// Re-recording after an intended change to a page:
//
//     SNAPSHOT_TESTING_RECORD=all swift test --filter PageSnapshotTests
//
// writes every snapshot anew (each assertion then fails once, saying that it recorded); run again
// without the variable to see them pass, and review `git diff Tests/TillitWebTests/__Snapshots__`.
// `SNAPSHOT_TESTING_RECORD=missing` writes only the snapshots that are not there yet (a new page),
// and `withSnapshotTesting(record: .all) { … }` around one assertion re-records just that one.
//
// Record mode: whatever SNAPSHOT_TESTING_RECORD asks for; otherwise `.never` under CI (`.ci/run`
// sets CI=true), so a missing snapshot fails there instead of being written into a throwaway clone
// and passing on the next run, and `.missing` on a developer's machine, so a new page's first run
// writes its snapshot (and fails once, saying so) ready to be reviewed and committed.
//
// Pages hold values that differ between runs, and `stable(_:caller:)` makes them the same:
// - random values the harness knows are named: signal ids ({signal:view}), the caller's form
//   token ({csrf}) and the participant code ({participant-code});
// - people's ids, which depend on the order in which the harness creates them (a dictionary's),
//   are named by role in links to them (/personer/{user:chef});
// - any other value of a random shape gets a generic placeholder: ids below 2^53 of 13 to 16
//   digits ({random-id}), 256-bit URL-safe tokens ({token}), receipt codes ({receipt});
// - signal lists are sorted: signals raised in the same second are listed by their random ids,
//   on purpose (the order must not tell who wrote when), so their order is not the page's layout.
// The harness's clock is fixed and dates are shown in Swedish time, so dates need nothing.
import Foundation
import HummingbirdTesting
import SnapshotTesting
import Testing
import TillitFollowUp
import TillitPlatform
@testable import TillitWeb

/// SNAPSHOT_TESTING_RECORD if set; otherwise `.never` under CI and `.missing` elsewhere (see above).
private let recordMode: SnapshotTestingConfiguration.Record = {
    let environment = ProcessInfo.processInfo.environment
    if let asked = environment["SNAPSHOT_TESTING_RECORD"].flatMap(SnapshotTestingConfiguration.Record.init(rawValue:)) {
        return asked
    }
    let ci = environment["CI"].map { !["", "0", "false"].contains($0.lowercased()) } ?? false
    return ci ? .never : .missing
}()

@Suite("Web: page snapshots", .snapshots(record: recordMode))
struct PageSnapshotTests {
    @Test("Platform: the start page, a unit's page, the people list")
    func platform() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let pages = Pages(harness: harness, client: client)
                try await pages.snapshot("/", as: "anonymous", named: "start")
                try await pages.snapshot("/o/tillitsby/enheter/\(harness.units["norr"]!)", as: "chef", named: "unit")
                try await pages.snapshot("/o/tillitsby/admin/personer", as: "administrator", named: "admin-people")
            }
        }
    }

    @Test("Listen: the signal list, a signal, the raise form, the participant's page")
    func listen() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let pages = Pages(harness: harness, client: client)
                try await pages.snapshot("/signaler", as: "chef", named: "signals")
                try await pages.snapshot("/signaler/\(harness.signals["implement"]!)", as: "chef", named: "signal")
                try await pages.snapshot("/signaler/ny", as: "medarbetare", named: "raise")
                try await pages.snapshot("/rost/\(harness.participantCode)", as: "anonymous", named: "participant")
            }
        }
    }

    @Test("Prune: the inventory, a requirement, the decision form, the overview with its chart")
    func prune() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let pages = Pages(harness: harness, client: client)
                try await pages.snapshot("/o/tillitsby/krav", as: "chef", named: "inventory")
                try await pages.snapshot("/o/tillitsby/krav/\(harness.prune["view"]!)", as: "medarbetare", named: "requirement")
                try await pages.snapshot("/o/tillitsby/krav/\(harness.prune["view"]!)/beslut", as: "chef", named: "decision")
                try await pages.snapshot("/o/tillitsby/kravbild", as: "styrelse", named: "overview")
            }
        }
    }

    @Test("Learn: the knowledge bank, an example, a pilot, a report")
    func learn() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let pages = Pages(harness: harness, client: client)
                try await pages.snapshot("/kunskapsbank", as: "anonymous", named: "knowledge-bank")
                try await pages.snapshot("/kunskapsbank/exempel/\(harness.examples["published"]!)", as: "anonymous", named: "example")
                try await pages.snapshot("/forsok/\(harness.learn["pilot"]!)", as: "forskare", named: "pilot")
                try await pages.snapshot("/rapporter/\(harness.reportReference)", as: "anonymous", named: "report")
            }
        }
    }

    @Test("Follow up: the rounds, a round, the answering page, a unit's report")
    func followUp() async throws {
        try await Harness.with { harness, app in
            let (round, token) = try await SurveyFixture.closedRound(harness)
            try await app.test(.router) { client in
                let pages = Pages(harness: harness, client: client)
                try await pages.snapshot("/o/tillitsby/enkater", as: "administrator", named: "rounds")
                try await pages.snapshot("/o/tillitsby/enkater/\(round)", as: "administrator", named: "round")
                try await pages.snapshot("/svara/\(token)", as: "anonymous", named: "answer")
                try await pages.snapshot("/o/tillitsby/enkater/\(round)/resultat", as: "administrator", named: "report")
            }
        }
    }
}

/// Pages fetched as one of the harness's callers and compared with their snapshots.
private struct Pages {
    let harness: Harness
    let client: any TestClientProtocol

    func snapshot(_ path: String, as role: String, named name: String,
                  fileID: StaticString = #fileID, filePath: StaticString = #filePath, testName: String = #function,
                  line: UInt = #line, column: UInt = #column) async throws {
        let caller = harness.callers[role]!
        let response = try await client.get(path, as: caller)
        #expect(response.status == .ok, "\(path) as \(role)",
                sourceLocation: SourceLocation(fileID: "\(fileID)", filePath: "\(filePath)", line: Int(line), column: Int(column)))
        assertSnapshot(of: stable(response.text, caller: caller), as: .html, named: name,
                       fileID: fileID, file: filePath, testName: testName, line: line, column: column)
    }

    /// The page with its run-dependent values replaced by placeholders.
    func stable(_ page: String, caller: Caller) -> String {
        var text = page
        func replace(_ pattern: String, with placeholder: String) {
            text = text.replacingOccurrences(of: pattern, with: placeholder, options: .regularExpression)
        }
        let escape = NSRegularExpression.escapedPattern(for:)
        // Values the harness knows, by name.
        text = text.replacingOccurrences(of: caller.csrfToken, with: "{csrf}")
        for (key, id) in harness.signals {
            replace("(?<![0-9])\(id)(?![0-9])", with: "{signal:\(key)}")
        }
        replace("(?<![A-Za-z0-9])\(escape(harness.participantCode))(?![A-Za-z0-9])", with: "{participant-code}")
        for (key, id) in harness.prune {
            replace("(?<![0-9])\(id)(?![0-9])", with: "{requirement:\(key)}")
        }
        let people = harness.callers.compactMap { role, caller in caller.userID.map { (role, $0) } } + [("target", harness.targetUserID)]
        for (role, id) in people {
            replace("/personer/\(id)(?![0-9])", with: "/personer/{user:\(role)}")
        }
        // Anything else of the same shapes: random ids (below 2^53, so 16 digits at most, and almost
        // always more than 12), 256-bit URL-safe tokens, receipt codes.
        replace("(?<![0-9])[0-9]{13,16}(?![0-9])", with: "{random-id}")
        replace("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", with: "{token}")
        replace("(?<![A-Z0-9])[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}(?![A-Z0-9])", with: "{receipt}")
        return sortedSignalLists(text)
    }

    /// The page with the items of each signal list in text order.
    func sortedSignalLists(_ page: String) -> String {
        let list = try! Regex(#"(?s)(<ul class="plain-list signal-list">)(.*?)(</ul>)"#)
        return page.replacing(list) { match in
            let items = String(match.output[2].substring!).components(separatedBy: "</li>").filter { !$0.isEmpty }
            return match.output[1].substring! + items.sorted().map { $0 + "</li>" }.joined() + match.output[3].substring!
        }
    }
}

extension Snapshotting where Value == String, Format == String {
    /// A page's HTML, compared line by line and stored as an .html file.
    static var html: Snapshotting { Snapshotting(pathExtension: "html", diffing: .lines) }
}
