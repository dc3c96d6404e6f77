import Hummingbird
import TillitFollowUp
import TillitFormats
import TillitPlatform

/// A closed round's report sections as rendered, by the figures' stamp, the units listed, which of
/// them the reader may see, the units' names and the language (see ``SurveyReportPage/figures(_:)``).
/// The figures and free texts of a closed round never change, and the texts come in alphabetical
/// order, so every reader with the same view gets the same sections.
final class KeptReportSections: Sendable {
    struct Key: Hashable, Sendable {
        let stamp: RoundResults.Stamp
        /// The units listed (the unit and those one level down), and which of them the reader sees.
        let units: [Int64]
        let visible: [Bool]
        /// The units' names come from the tree at this version.
        let unitsVersion: Int64
        let language: Language
    }

    private let kept = KeptValues<Key, Sections>(capacity: 1024)

    /// The dimensions with the trend, the heatmap of the units one level down, the items and the
    /// free texts.
    struct Sections: Sendable {
        let dimensions: HTML
        let heatmap: HTML
        let items: HTML
        let freeTexts: HTML
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
