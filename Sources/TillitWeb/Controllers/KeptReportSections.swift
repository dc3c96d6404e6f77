import Hummingbird
import TillitFollowUp
import TillitFormats
import TillitPlatform

/// A closed round's report sections as rendered, by the figures' stamp, the unit, whether the
/// reader may see it, and the language (see ``SurveyReportPage/figures(_:)``).
final class KeptReportSections: Sendable {
    struct Key: Hashable, Sendable {
        let stamp: RoundResults.Stamp
        let unitID: Int64
        let visible: Bool
        let language: Language
    }

    private let kept = KeptValues<Key, Sections>(capacity: 1024)

    /// The dimensions with the trend, and the items.
    struct Sections: Sendable {
        let dimensions: HTML
        let items: HTML
    }

    /// The API's results for the same figures: the units listed and which of them the caller sees.
    struct BodyKey: Hashable, Sendable {
        let stamp: RoundResults.Stamp
        let units: [Int64]
        let visible: [Bool]
    }

    private let bodies = KeptValues<BodyKey, ByteBuffer>(capacity: 1024)

    func body(_ key: BodyKey?, _ make: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        guard let key else { return try make() }
        return try bodies.value(key, orMake: make)
    }

    func sections(_ key: Key?, _ make: () -> Sections) -> Sections {
        guard let key else { return make() }
        return kept.value(key, orMake: make)
    }
}

extension Platform {
    var keptReportSections: KeptReportSections { caches.cache(KeptReportSections.self) { KeptReportSections() } }
}
