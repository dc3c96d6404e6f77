import Foundation
import TillitFormats

/// Charts drawn on the server as SVG: no script, no library. Every chart is an `<svg role="img">`
/// with a title and a description, scales with its container (a `viewBox`, width 100 %), and is
/// shown beside a table of the same figures, which is what screen readers read (the drawing is
/// one image to them). Colours are the palette's, each with at least 3:1 contrast to white, and a
/// legend names every series in words.
///
/// One frame serves every kind: a plot area with a value axis, grid lines and category labels
/// (`Chart.Frame`); the cost × usefulness chart of Prune draws its points in the same frame.
enum Chart {
    /// Series colours: dark blue, dark red, orange, green, purple, grey.
    static let palette = ["#1f5f8b", "#b2182b", "#b35806", "#1b7837", "#762a83", "#4d4d4d"]

    /// One series of values, one per category (nil: nothing to draw there).
    struct Series {
        let label: String
        let values: [Double?]
        var colour: Int = 0
    }

    /// The plot area of a chart of `width` × `height` (viewBox units) and how values map into it.
    struct Frame {
        var width = 640.0, height = 300.0
        var left = 56.0, right = 16.0, top = 16.0, bottom = 48.0
        /// The value axis from `minimum` to `maximum`.
        var minimum = 0.0
        var maximum: Double

        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
        func y(_ value: Double) -> Double {
            let span = maximum - minimum
            return top + (1 - min(max(span > 0 ? (value - minimum) / span : 0, 0), 1)) * plotHeight
        }

        /// Grid lines with their labels at `ticks` values, and the axes.
        func axes(ticks: [Double], label: (Double) -> String) -> HTML {
            let lines: [HTML] = ticks.map { tick in
                """
                <line x1="\(svgNumber(left))" y1="\(svgNumber(y(tick)))" x2="\(svgNumber(width - right))" y2="\(svgNumber(y(tick)))" stroke="#d0d7de" stroke-width="1"/>\
                <text x="\(svgNumber(left - 8))" y="\(svgNumber(y(tick) + 5))" text-anchor="end" font-size="14" fill="#3d4752">\(label(tick))</text>
                """
            }
            return """
                \(lines)<line x1="\(svgNumber(left))" y1="\(svgNumber(height - bottom))" x2="\(svgNumber(width - right))" y2="\(svgNumber(height - bottom))" stroke="#3d4752" stroke-width="2"/>\
                <line x1="\(svgNumber(left))" y1="\(svgNumber(top))" x2="\(svgNumber(left))" y2="\(svgNumber(height - bottom))" stroke="#3d4752" stroke-width="2"/>
                """
        }

        /// Labels under the categories, every `step`th one when they would crowd.
        func categoryLabels(_ labels: [String]) -> HTML {
            guard !labels.isEmpty else { return .empty }
            let slot = plotWidth / Double(labels.count)
            let step = max(1, Int((56 / slot).rounded(.up)))
            let shown: [HTML] = labels.enumerated().compactMap { index, label in
                guard index % step == 0 else { return nil }
                // A second line (after a line break) goes under the first: a month's year.
                let x = svgNumber(left + slot * (Double(index) + 0.5))
                let lines: [HTML] = label.split(separator: "\n").enumerated().map { line, text in
                    "<tspan x=\"\(x)\" dy=\"\(line == 0 ? "0" : "16")\">\(String(text))</tspan>"
                }
                return """
                    <text x="\(x)" y="\(svgNumber(height - bottom + 20))" text-anchor="middle" font-size="13" fill="#3d4752">\(lines)</text>
                    """
            }
            return HTML(unsafeRaw: shown.map(\.rendered).joined())
        }
    }

    /// Round ticks from 0 to at least `maximum`: 0, a step, … (at most about five).
    static func ticks(upTo maximum: Double, whole: Bool = true) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let raw = maximum / 4
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw && (!whole || $0.rounded() == $0) } ?? max(1, (raw).rounded(.up))
        return stride(from: 0.0, through: (maximum / step).rounded(.up) * step + step / 2, by: step).map { $0 }
    }

    /// The `<svg>` around a chart's drawing, with its title and description.
    static func svg(id: String, title: String, description: String, frame: Frame, _ body: HTML) -> HTML {
        """
        <svg class="chart" viewBox="0 0 \(Int(frame.width)) \(Int(frame.height))" role="img" aria-labelledby="\(id)-title \(id)-desc" focusable="false">
        <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(description)</desc>
        \(body)
        </svg>
        """
    }

    /// Vertical bars per category, the series stacked on one another.
    static func bars(id: String, title: String, description: String, categories: [String], series: [Series],
                     valueLabel: (Double) -> String) -> HTML {
        let totals = categories.indices.map { i in series.reduce(0) { $0 + ($1.values[i] ?? 0) } }
        let ticks = Chart.ticks(upTo: totals.max() ?? 0)
        let frame = Frame(maximum: ticks.last ?? 1)
        let slot = frame.plotWidth / Double(max(1, categories.count))
        let barWidth = min(48, slot * 0.7)
        var bars: [HTML] = []
        for (i, category) in categories.enumerated() {
            var base = 0.0
            let x = frame.left + slot * Double(i) + (slot - barWidth) / 2
            for s in series {
                guard let value = s.values[i], value > 0 else { continue }
                let y0 = frame.y(base), y1 = frame.y(base + value)
                bars.append("""
                    <rect x="\(svgNumber(x))" y="\(svgNumber(y1))" width="\(svgNumber(barWidth))" height="\(svgNumber(max(0, y0 - y1)))" fill="\(palette[s.colour % palette.count])"><title>\(category): \(s.label) \(valueLabel(value))</title></rect>
                    """)
                base += value
            }
        }
        return svg(id: id, title: title, description: description, frame: frame, """
            \(frame.axes(ticks: ticks, label: valueLabel))\(bars)\(frame.categoryLabels(categories))
            """)
    }

    /// Lines through the categories, one per series, with a point at each value (a gap where there is none).
    static func lines(id: String, title: String, description: String, categories: [String], series: [Series], maximum: Double,
                      ticks: [Double], valueLabel: (Double) -> String) -> HTML {
        let frame = Frame(maximum: maximum)
        let slot = frame.plotWidth / Double(max(1, categories.count))
        func x(_ i: Int) -> Double { frame.left + slot * (Double(i) + 0.5) }
        var drawn: [HTML] = []
        for s in series {
            let colour = palette[s.colour % palette.count]
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    drawn.append("<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"3\"/>")
                }
                run = []
            }
            for (i, value) in s.values.enumerated() {
                guard let value else { flush(); continue }
                run.append("\(svgNumber(x(i))),\(svgNumber(frame.y(value)))")
            }
            flush()
            for (i, value) in s.values.enumerated() {
                guard let value else { continue }
                drawn.append("""
                    <circle cx="\(svgNumber(x(i)))" cy="\(svgNumber(frame.y(value)))" r="5" fill="\(colour)" stroke="#fff" stroke-width="1.5"><title>\(categories[i]): \(valueLabel(value))</title></circle>
                    """)
            }
        }
        return svg(id: id, title: title, description: description, frame: frame, """
            \(frame.axes(ticks: ticks, label: valueLabel))\(drawn)\(frame.categoryLabels(categories))
            """)
    }

    /// Horizontal bars, one row per category (labels above each bar, so long names fit at any
    /// width), the series stacked.
    static func rows(id: String, title: String, description: String, categories: [String], series: [Series],
                     valueLabel: (Double) -> String) -> HTML {
        let totals = categories.indices.map { i in series.reduce(0) { $0 + ($1.values[i] ?? 0) } }
        let ticks = Chart.ticks(upTo: totals.max() ?? 0)
        let maximum = ticks.last ?? 1
        let rowHeight = 44.0, width = 640.0, left = 8.0, right = 56.0
        let height = rowHeight * Double(max(1, categories.count)) + 8
        let frame = Frame(width: width, height: height, left: left, right: right, top: 0, bottom: 0, maximum: maximum)
        var drawn: [HTML] = []
        for (i, category) in categories.enumerated() {
            let top = rowHeight * Double(i) + 4
            drawn.append("<text x=\"\(svgNumber(left))\" y=\"\(svgNumber(top + 14))\" font-size=\"14\" fill=\"#1b1f24\">\(category)</text>")
            var base = 0.0
            for s in series {
                guard let value = s.values[i], value > 0 else { continue }
                let x0 = left + base / maximum * (width - left - right), w = value / maximum * (width - left - right)
                drawn.append("""
                    <rect x="\(svgNumber(x0))" y="\(svgNumber(top + 20))" width="\(svgNumber(w))" height="16" fill="\(palette[s.colour % palette.count])"><title>\(category): \(s.label) \(valueLabel(value))</title></rect>
                    """)
                base += value
            }
            drawn.append("""
                <text x="\(svgNumber(left + base / maximum * (width - left - right) + 6))" y="\(svgNumber(top + 33))" font-size="13" fill="#3d4752">\(valueLabel(totals[i]))</text>
                """)
        }
        return svg(id: id, title: title, description: description, frame: frame, HTML(unsafeRaw: drawn.map(\.rendered).joined()))
    }

    /// The legend: each series' colour and name, in words.
    static func legend(_ series: [Series]) -> HTML {
        guard series.count > 1 else { return .empty }
        let items: [HTML] = series.map { s in
            "<li><span class=\"swatch chart-colour-\(s.colour % palette.count)\"></span>\(s.label)</li>"
        }
        return "<ul class=\"inline-list chart-legend\" aria-hidden=\"true\">\(items)</ul>"
    }
}

/// A number for an SVG attribute: one decimal, a point (never the reader's decimal comma).
/// The same text as `String(format: "%.1f", value)`, which a chart calls thousands of times, without
/// the formatter: tenths are rounded as whole numbers, and a value close to halfway between two
/// tenths (where the two roundings could differ) is left to the formatter.
private let svgTies = KeptValues<UInt64, String>(capacity: 4096)

func svgNumber(_ value: Double) -> String {
    let scaled = value * 10
    guard scaled.isFinite, abs(scaled) < 1e15 else { return String(format: "%.1f", value) }
    let fraction = abs(scaled - scaled.rounded(.towardZero))
    // Near a tie only the formatter knows which way the exact binary value rounds; charts meet the
    // same values again and again, so its answer is kept by the value's bits.
    if abs(fraction - 0.5) < 1e-6 { return svgTies.value(value.bitPattern) { String(format: "%.1f", value) } }
    let tenths = Int64(scaled.rounded())
    let magnitude = tenths.magnitude
    // A value that rounds to zero from below keeps its sign, as the formatter writes "-0.0".
    let sign = tenths < 0 || (tenths == 0 && value.sign == .minus) ? "-" : ""
    return "\(sign)\(magnitude / 10).\(magnitude % 10)"
}
