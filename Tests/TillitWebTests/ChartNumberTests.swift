import Foundation
import Testing
import TillitFormats
import TillitTestSupport
@testable import TillitWeb

@Suite("Numbers in charts")
struct ChartNumberTests {
    @Test("an SVG number reads as the formatter's one decimal, halfway values and signs included")
    func sameAsFormatter() {
        var generator = SplitMix64(seed: 20261206)
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, -0.05, -0.25, 2.45, 1e14, -1e14, 1e16, .infinity, -.infinity, .nan,
                                0.04999999, -0.04999999, 299.95, 12.3456, -7.75]
        for _ in 0..<50_000 {
            let raw = Double(generator.next() % 2_000_000) / 1000 - 1000
            values.append(raw)
            values.append(raw + Double(generator.next() % 1000) / 1e7)
            values.append(Double(Int64(bitPattern: generator.next() % 40_000) - 20_000) / 20)
        }
        for value in values {
            #expect(svgNumber(value) == String(format: "%.1f", value), "\(value)")
        }
        // again, with every tie's answer kept from the first time
        for value in values {
            #expect(svgNumber(value) == String(format: "%.1f", value), "\(value)")
        }
    }

    @Test("the months of a period are written year-month with zeros, as the formatter writes them")
    func months() {
        var generator = SplitMix64(seed: 20261207)
        for _ in 0..<2000 {
            let now = Date(timeIntervalSince1970: Double(generator.next() % 4_000_000_000))
            for month in SignalStatsPage.months(from: nil, to: nil, now: now) {
                let parts = month.split(separator: "-").compactMap { Int($0) }
                #expect(parts.count == 2 && month == String(format: "%04d-%02d", parts[0], parts[1]), "\(month)")
            }
        }
        #expect(SignalStatsPage.months(from: nil, to: nil, now: Date(timeIntervalSince1970: 1_772_000_000)).last == "2026-02")
        #expect(CivilDate.monthText(year: 7, month: 3) == "0007-03" && CivilDate.monthText(year: 12345, month: 3) == "12345-03")
    }
}
