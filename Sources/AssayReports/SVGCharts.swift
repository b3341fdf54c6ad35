import AssayProfiles
import Foundation

/// Small inline SVG figures: no script, no external reference, every label escaped. Sizes are in
/// user units; CSS scales them to the column width.
enum SVGCharts {
    static func number(_ value: Double) -> String { NumberText.text(value, digits: 4) }

    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A histogram of the column with the allowed range shaded; values outside the drawn range are
    /// the two end bars ("below", "above").
    static func histogram(_ histogram: Figures.Histogram, allowedLow: Double, allowedHigh: Double, title: String,
                          tails: Bool = true, label: (Double) -> String = SVGCharts.number) -> String {
        let width = 560.0, height = 152.0, left = 8.0, bottom = 118.0, top = 14.0
        let bars = [histogram.below] + histogram.counts + [histogram.above]
        let slot = (width - 2 * left) / Double(bars.count + 2)
        let tallest = Double(max(1, bars.max() ?? 1))
        let binWidth = (histogram.high - histogram.low) / Double(histogram.counts.count)
        // x of a value inside the drawn range: end bars take one slot each, with a gap slot.
        func x(_ value: Double) -> Double { left + 1.5 * slot + (value - histogram.low) / binWidth * slot }
        var svg = "<svg class=\"figure\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Inert.html(title))\">"
        svg += "<title>\(Inert.html(title))</title>"
        svg += "<rect class=\"allowed\" x=\"\(coordinate(x(allowedLow)))\" y=\"\(top)\" width=\"\(coordinate(x(allowedHigh) - x(allowedLow)))\" height=\"\(bottom - top)\"/>"
        for (index, count) in bars.enumerated() {
            let barHeight = count == 0 ? 0 : max(1.5, Double(count) / tallest * (bottom - top))
            let isEnd = index == 0 || index == bars.count - 1
            let barX = index == 0 ? left : index == bars.count - 1 ? left + Double(bars.count + 1) * slot : x(histogram.low + Double(index - 1) * binWidth)
            // Red only for a bin wholly outside the range (a bin on a bound holds allowed values too).
            let binLow = histogram.low + Double(index - 1) * binWidth
            let outside = isEnd || binLow + binWidth <= allowedLow || binLow > allowedHigh
            svg += "<rect class=\"\(outside ? "bar out" : "bar")\" x=\"\(coordinate(barX + 0.5))\" y=\"\(coordinate(bottom - barHeight))\" width=\"\(coordinate(slot - 1))\" height=\"\(coordinate(barHeight))\"><title>\(count)</title></rect>"
        }
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - left)\" y2=\"\(bottom)\"/>"
        if tails {
            svg += "<text x=\"\(left)\" y=\"\(bottom + 26)\">below</text>"
            svg += "<text x=\"\(coordinate(width - left))\" y=\"\(bottom + 26)\" text-anchor=\"end\">above</text>"
        }
        for (value, anchor) in [(allowedLow, "start"), (allowedHigh, "end")] {
            svg += "<text x=\"\(coordinate(x(value)))\" y=\"\(bottom + 14)\" text-anchor=\"\(anchor)\">\(Inert.html(label(value)))</text>"
        }
        svg += "<text x=\"\(coordinate(width - left))\" y=\"10\" text-anchor=\"end\">tallest bar \(Int(tallest)) rows</text>"
        return svg + "</svg>"
    }

    /// A number line: the allowed range shaded, the observed value marked (or several, for quantiles).
    static func numberLine(observed: [Double], low: Double?, high: Double?, passed: Bool, title: String) -> String {
        let width = 560.0, height = 44.0, left = 10.0, axis = 22.0
        var points = observed + [low, high].compactMap { $0 }
        points = points.filter(\.isFinite)
        guard let smallest = points.min(), let largest = points.max() else { return "" }
        let span = largest - smallest > 0 ? largest - smallest : max(1, abs(largest))
        let from = smallest - span * 0.15, to = largest + span * 0.15
        func x(_ value: Double) -> Double { left + (value - from) / (to - from) * (width - 2 * left) }
        var svg = "<svg class=\"figure line\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Inert.html(title))\">"
        svg += "<title>\(Inert.html(title))</title>"
        let shadeFrom = low.map(x) ?? left, shadeTo = high.map(x) ?? width - left
        svg += "<rect class=\"allowed\" x=\"\(coordinate(shadeFrom))\" y=\"\(axis - 8)\" width=\"\(coordinate(max(1, shadeTo - shadeFrom)))\" height=\"16\"/>"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(axis)\" x2=\"\(width - left)\" y2=\"\(axis)\"/>"
        for bound in [low, high].compactMap({ $0 }) where bound.isFinite {
            svg += "<text x=\"\(coordinate(x(bound)))\" y=\"\(axis + 19)\" text-anchor=\"middle\">\(Inert.html(number(bound)))</text>"
        }
        for value in observed where value.isFinite {
            svg += "<circle class=\"\(passed ? "mark" : "mark bad")\" cx=\"\(coordinate(x(value)))\" cy=\"\(axis)\" r=\"5\"><title>\(Inert.html(number(value)))</title></circle>"
        }
        if let value = observed.first(where: \.isFinite), observed.count == 1 {
            svg += "<text x=\"\(coordinate(x(value)))\" y=\"9\" text-anchor=\"middle\">\(Inert.html(number(value)))</text>"
        }
        return svg + "</svg>"
    }

    /// A sparkline of a history check: the past values, oldest first, then this run's (marked),
    /// over the band it was judged against (shaded; open sides run to the edge).
    static func sparkline(past: [Double], current: Double?, low: Double?, high: Double?, passed: Bool, title: String) -> String {
        let width = 240.0, height = 40.0, pad = 5.0
        let values = (past + [current].compactMap { $0 }).filter(\.isFinite)
        let extent = values + [low, high].compactMap { $0 }.filter(\.isFinite)
        guard !values.isEmpty, let smallest = extent.min(), let largest = extent.max() else { return "" }
        let span = largest - smallest > 0 ? largest - smallest : max(1, abs(largest))
        let from = smallest - span * 0.1, to = largest + span * 0.1
        func y(_ value: Double) -> Double { height - pad - (value - from) / (to - from) * (height - 2 * pad) }
        func x(_ index: Int) -> Double { values.count == 1 ? width / 2 : pad + Double(index) / Double(values.count - 1) * (width - 2 * pad) }
        var svg = "<svg class=\"figure spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Inert.html(title))\">"
        svg += "<title>\(Inert.html(title))</title>"
        if low != nil || high != nil {
            let top = y(min(high ?? to, to)), bottom = y(max(low ?? from, from))
            svg += "<rect class=\"allowed\" x=\"0\" y=\"\(coordinate(top))\" width=\"\(Int(width))\" height=\"\(coordinate(max(1, bottom - top)))\"/>"
        }
        let line = values.indices.map { "\(coordinate(x($0))),\(coordinate(y(values[$0])))" }.joined(separator: " ")
        svg += "<polyline class=\"trend\" points=\"\(line)\"/>"
        if let current, current.isFinite {
            svg += "<circle class=\"\(passed ? "mark" : "mark bad")\" cx=\"\(coordinate(x(values.count - 1)))\" cy=\"\(coordinate(y(current)))\" r=\"3.5\"><title>\(Inert.html(number(current)))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// Baseline (expected) against current (observed) weights, bar pairs per bin or value.
    static func partitions(labels: [String], expected: [Double], observed: [Double], title: String, legend: Bool = true) -> String {
        let count = min(labels.count, expected.count, observed.count, 40)
        guard count > 0 else { return "" }
        let width = 560.0, height = 150.0, left = 8.0, bottom = 118.0, top = 16.0
        let tallest = max(1e-12, (expected.prefix(count) + observed.prefix(count)).max() ?? 1)
        let slot = (width - 2 * left) / Double(count)
        var svg = "<svg class=\"figure\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Inert.html(title))\">"
        svg += "<title>\(Inert.html(title))</title>"
        for index in 0..<count {
            for (series, value) in [("baseline", expected[index]), ("current", observed[index])] {
                let barHeight = value <= 0 ? 0 : max(1, value / tallest * (bottom - top))
                let barX = left + Double(index) * slot + (series == "baseline" ? 0.5 : slot / 2)
                svg += "<rect class=\"\(series)\" x=\"\(coordinate(barX))\" y=\"\(coordinate(bottom - barHeight))\" width=\"\(coordinate(max(0.5, slot / 2 - 1)))\" height=\"\(coordinate(barHeight))\"><title>\(Inert.html(Inert.clip(labels[index], limit: 60))) \(series) \(Inert.html(number(value)))</title></rect>"
            }
        }
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - left)\" y2=\"\(bottom)\"/>"
        if count <= 12 {
            for index in 0..<count {
                svg += "<text x=\"\(coordinate(left + (Double(index) + 0.5) * slot))\" y=\"\(bottom + 14)\" text-anchor=\"middle\">\(Inert.html(Inert.clip(labels[index], limit: 10)))</text>"
            }
        }
        if legend {
            svg += "<rect class=\"baseline\" x=\"\(width - 170)\" y=\"2\" width=\"10\" height=\"10\"/><text x=\"\(width - 156)\" y=\"11\">baseline</text>"
            svg += "<rect class=\"current\" x=\"\(width - 90)\" y=\"2\" width=\"10\" height=\"10\"/><text x=\"\(width - 76)\" y=\"11\">current</text>"
        }
        return svg + "</svg>"
    }

    /// A correlation heatmap: blue for negative, red for positive, the value in each cell.
    static func heatmap(columns: [String], values: [Double?], title: String) -> String {
        let k = columns.count
        guard k >= 2, values.count == k * k else { return "" }
        let cell = 56.0, labelWidth = 150.0
        let width = labelWidth + cell * Double(k), height = 24 + cell * Double(k)
        var svg = "<svg class=\"figure heatmap\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Inert.html(title))\" style=\"max-width:\(Int(width))px\">"
        svg += "<title>\(Inert.html(title))</title>"
        for (index, name) in columns.enumerated() {
            let label = Inert.html(Inert.clip(name, limit: 18))
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(coordinate(24 + cell * (Double(index) + 0.55)))\" text-anchor=\"end\">\(label)</text>"
            svg += "<text x=\"\(coordinate(labelWidth + cell * (Double(index) + 0.5)))\" y=\"16\" text-anchor=\"middle\">\(Inert.html(Inert.clip(name, limit: 7)))</text>"
        }
        for row in 0..<k {
            for column in 0..<k {
                let value = values[row * k + column]
                let fill: String
                if let value {
                    let strength = Int((min(1, abs(value)) * 200).rounded())
                    fill = value >= 0 ? "rgb(255,\(255 - strength),\(255 - strength))" : "rgb(\(255 - strength),\(255 - strength),255)"
                } else {
                    fill = "#eee"
                }
                let x = labelWidth + cell * Double(column), y = 24 + cell * Double(row)
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" style=\"fill:\(fill)\"/>"
                svg += "<text x=\"\(coordinate(x + cell / 2 - 1))\" y=\"\(coordinate(y + cell / 2 + 4))\" text-anchor=\"middle\">\(value.map { String(format: "%.2f", $0) } ?? "–")</text>"
            }
        }
        return svg + "</svg>"
    }
}
