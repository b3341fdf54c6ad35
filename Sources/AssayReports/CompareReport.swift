import AssayColumns
import AssayProfiles
import Foundation

/// `assay compare --html`: one self-contained page — the verdict and table changes, a summary
/// table (drifted columns first), per column the baseline and current shares overlaid, the
/// multivariate section, and both correlation matrices with their difference.
public enum CompareReport {
    public static func render(_ comparison: ProfileComparison, baseline: String, current: String) -> String {
        let drifted = comparison.columns.filter(\.drifted).count
        var html = ReportStyle.head(title: "\(comparison.drifted ? "DRIFT" : "NO DRIFT") · Assay compare") + """
            <header class="\(comparison.drifted ? "fail" : "pass")"><p class="verdict">\(comparison.drifted ? "DRIFT" : "NO DRIFT")</p>
            <h1>\(Inert.html(Inert.clip(current, limit: 120))) against \(Inert.html(Inert.clip(baseline, limit: 120)))</h1>
            <dl class="overview">
            \(HTMLReport.term("Columns drifted", "\(drifted) of \(comparison.columns.count)", drifted > 0 ? "bad" : nil))
            \(HTMLReport.term("Rows", "\(HTMLReport.grouped(comparison.rowCounts.0)) → \(HTMLReport.grouped(comparison.rowCounts.1))"))
            \(HTMLReport.term("Added columns", comparison.added.isEmpty ? "none" : comparison.added.joined(separator: ", "), comparison.added.isEmpty ? nil : "warn"))
            \(HTMLReport.term("Removed columns", comparison.removed.isEmpty ? "none" : comparison.removed.joined(separator: ", "), comparison.removed.isEmpty ? nil : "warn"))
            \(HTMLReport.term("Re-typed", comparison.retyped.isEmpty ? "none" : comparison.retyped.map { "\($0.0) \($0.1.rawValue)→\($0.2.rawValue)" }.joined(separator: ", "), comparison.retyped.isEmpty ? nil : "warn"))
            </dl></header><main>
            <section class="all-pass"><h2>Columns, drifted first</h2><table><thead><tr><th>Column</th><th>Method</th><th>Statistic</th><th>p-value</th><th>Threshold</th><th>Verdict</th></tr></thead><tbody>

            """
        for column in comparison.columns {
            html += "<tr><td><a href=\"#c-\(Inert.html(anchor(column.name)))\">\(Inert.html(Inert.clip(column.name, limit: 80)))</a></td><td>\(Inert.html(column.method))</td>"
            html += "<td>\(SVGCharts.number(column.statistic))</td><td>\(column.pValue.map(SVGCharts.number) ?? "—")</td><td>\(SVGCharts.number(column.threshold))</td>"
            html += "<td class=\"\(column.drifted ? "status-fail" : "status-pass")\">\(column.drifted ? "drifted" : "stable")</td></tr>\n"
        }
        html += "</tbody></table></section>\n"
        for column in comparison.columns {
            html += "<section class=\"\(column.drifted ? "has-failures" : "all-pass")\" id=\"c-\(Inert.html(anchor(column.name)))\"><h2>Column <code>\(Inert.html(Inert.clip(column.name, limit: 120)))</code> "
            html += "<span class=\"count\">\(Inert.html(column.method)) \(SVGCharts.number(column.statistic)) · \(column.drifted ? "drifted" : "stable")</span></h2>"
            html += SVGCharts.partitions(labels: column.bins.labels, expected: column.bins.baseline, observed: column.bins.current, title: "Baseline against current")
            html += "<p class=\"note\">" + column.details.map { "\(Inert.html($0.0)): \(Inert.html(Inert.display($0.1, limit: 160)))" }.joined(separator: " · ") + "</p></section>\n"
        }
        html += "<section class=\"all-pass\"><h2>Multivariate</h2><p class=\"note\">"
            + comparison.multivariate.map { "\(Inert.html($0.0)): \(Inert.html(Inert.display($0.1, limit: 400)))" }.joined(separator: "<br>") + "</p></section>\n"
        if let correlations = comparison.correlations {
            let difference = zip(correlations.current, correlations.baseline).map { pair -> Double? in
                guard let now = pair.0, let then = pair.1 else { return nil }
                return now - then
            }
            html += "<section class=\"all-pass\"><h2>Correlations</h2><h3>Baseline</h3>"
            html += SVGCharts.heatmap(columns: correlations.columns, values: correlations.baseline, title: "Baseline correlations")
            html += "<h3>Current</h3>" + SVGCharts.heatmap(columns: correlations.columns, values: correlations.current, title: "Current correlations")
            html += "<h3>Difference (current − baseline)</h3>" + SVGCharts.heatmap(columns: correlations.columns, values: difference, title: "Correlation difference")
            html += "</section>\n"
        }
        return html + "</main><footer>Assay \(Inert.html(ProfileBuilder.assayVersion)) · compare schema \(ProfileComparison.schemaVersion)</footer></body></html>\n"
    }

    static func anchor(_ name: String) -> String {
        String(name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }.prefix(60))
    }
}

extension CompareReport {
    /// `--series --html`: per column, the drift score by day as a line over the threshold (1).
    public static func renderSeries(_ trend: SeriesComparison) -> String {
        var html = ReportStyle.head(title: "\(trend.drifted ? "DRIFT" : "NO DRIFT") over \(trend.names.count) days · Assay") + """
            <header class="\(trend.drifted ? "fail" : "pass")"><p class="verdict">\(trend.drifted ? "DRIFT" : "NO DRIFT")</p>
            <h1>\(trend.names.count) days, each against the \(trend.againstPrevious ? "previous" : "first")</h1></header><main>

            """
        for column in trend.columns {
            let began = SeriesComparison.onset(column.drifted).map { trend.names[$0] }
            html += "<section class=\"\(began == nil ? "all-pass" : "has-failures")\"><h2>Column <code>\(Inert.html(Inert.clip(column.name, limit: 120)))</code> "
            html += "<span class=\"count\">\(Inert.html(column.method))\(began.map { " · drift began \(Inert.html($0))" } ?? "")</span></h2>"
            html += line(column.scores, drifted: column.drifted, names: trend.names) + "</section>\n"
        }
        return html + "</main><footer>Assay \(Inert.html(ProfileBuilder.assayVersion))</footer></body></html>\n"
    }

    static func line(_ scores: [Double?], drifted: [Bool], names: [String]) -> String {
        let width = 560.0, height = 120.0, left = 30.0, bottom = 100.0, top = 10.0
        let values = scores.compactMap { $0 }.map { min($0, 10) }
        let ceiling = max(2, values.max() ?? 1)
        let step = (width - left - 10) / Double(max(1, scores.count - 1))
        func y(_ v: Double) -> Double { bottom - min(v, 10) / ceiling * (bottom - top) }
        var svg = "<svg class=\"figure\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Drift score by day\"><title>Drift score by day</title>"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 10)\" y2=\"\(bottom)\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(SVGCharts.coordinate(y(1)))\" x2=\"\(width - 10)\" y2=\"\(SVGCharts.coordinate(y(1)))\" style=\"stroke:#cf222e;stroke-dasharray:4 3\"/>"
        svg += "<text x=\"2\" y=\"\(SVGCharts.coordinate(y(1) + 3))\">1</text>"
        let points = scores.enumerated().compactMap { index, score in score.map { "\(SVGCharts.coordinate(left + Double(index) * step)),\(SVGCharts.coordinate(y($0)))" } }
        svg += "<polyline points=\"\(points.joined(separator: " "))\" style=\"fill:none;stroke:#0969da;stroke-width:2\"/>"
        for (index, score) in scores.enumerated() {
            guard let score else { continue }
            svg += "<circle class=\"\(drifted[index] ? "mark bad" : "mark")\" cx=\"\(SVGCharts.coordinate(left + Double(index) * step))\" cy=\"\(SVGCharts.coordinate(y(score)))\" r=\"4\"><title>\(Inert.html(names[index])) \(SVGCharts.number(score))</title></circle>"
        }
        if names.count <= 14 {
            for (index, name) in names.enumerated() {
                svg += "<text x=\"\(SVGCharts.coordinate(left + Double(index) * step))\" y=\"\(bottom + 14)\" text-anchor=\"middle\">\(Inert.html(Inert.clip(name, limit: 12)))</text>"
            }
        }
        return svg + "</svg>"
    }
}
