import Foundation
import Synchronization
import TillitFormats
import TillitPlatform

/// Closed rounds' reports, kept in memory once computed. A closed round takes no more answers and
/// its invitations are fixed, so its report changes only with the thresholds or the shape of the
/// unit tree — both part of the key. Reading a national round and auditing its publication takes
/// seconds; a unit's page from a kept report takes milliseconds. Only sums and the decisions of
/// disclosure control are kept, in this process's memory, never written anywhere.
final class ReportCache: Sendable {
    static let shared = ReportCache(capacity: 4)

    struct Key: Hashable, Sendable {
        let round: Int64
        let k: Int
        let textK: Int
        let tree: Int
    }

    /// Which database an entry came from, without keeping the database alive (an address can be
    /// reused once it is gone; a weak reference cannot match a newer object).
    private final class Origin: @unchecked Sendable {
        weak var database: AnyObject?
        init(_ database: AnyObject) { self.database = database }
    }

    private let capacity: Int
    private let entries = Mutex<[(key: Key, origin: Origin, value: FollowUp.ComputedRound)]>([])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func get(_ key: Key, database: AnyObject) -> FollowUp.ComputedRound? {
        entries.withLock { list in
            list.removeAll { $0.origin.database == nil }
            guard let index = list.firstIndex(where: { $0.key == key && $0.origin.database === database }) else { return nil }
            let entry = list.remove(at: index)
            list.append(entry)  // most recently used last
            return entry.value
        }
    }

    func put(_ key: Key, database: AnyObject, _ value: FollowUp.ComputedRound) {
        entries.withLock { list in
            list.removeAll { ($0.key == key && $0.origin.database === database) || $0.origin.database == nil }
            list.append((key, Origin(database), value))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }
}

/// Questionnaires as parsed from their stored files, by the file's SHA-256 (stored beside it as
/// `source_digest`). Parsing is a pure function of the text, so a file seen before gives the same
/// questionnaire without reading its YAML again (which cost most of every page that lists
/// questionnaires or rounds), and a page that knows the digest need not read the file at all; a
/// changed file has another digest. Bounded: past `capacity` files it starts over.
final class ParsedQuestionnaires: Sendable {
    static let shared = ParsedQuestionnaires(capacity: 256)

    private let kept: KeptValues<String, Questionnaire>

    init(capacity: Int) {
        kept = KeptValues(capacity: capacity)
    }

    /// A stored file's digest, as `source_digest` holds it: its SHA-256.
    static func digest(_ source: String) -> String {
        Secrets.hash(source)
    }

    /// The questionnaire parsed before from the file with this digest, if any.
    func parsed(digest: String) -> Questionnaire? {
        kept.value(digest)
    }

    func parse(_ source: String) throws -> Questionnaire {
        try kept.value(Self.digest(source)) { try QuestionnaireFile.parse(source) }
    }
}
