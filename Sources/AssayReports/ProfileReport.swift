import AssayColumns
import AssayMetrics
import AssayProfiles
import Foundation

/// A profile as one self-contained HTML page: overview, alerts, a card per column (statistics and
/// a histogram from the quantiles, or a bar chart of the most frequent values), the correlation
/// heatmap. Inline CSS and SVG, no script, no request; every value escaped.
public enum ProfileReport {
    public static func render(_ profile: Profile) -> String {
        var html = ReportStyle.head(title: "Profile · \(Inert.clip(profile.source, limit: 80)) · Assay", style: Self.style) + """
            <header class="pass"><p class="verdict">PROFILE</p>
            <h1>\(Inert.html(Inert.clip(profile.source, limit: 160)))</h1>
            <dl class="overview">
            \(HTMLReport.term("Rows", HTMLReport.grouped(profile.rowCount)))
            \(HTMLReport.term("Columns", "\(profile.columns.count)"))
            \(HTMLReport.term("Duplicate rows", profile.duplicateRowCount.map(HTMLReport.grouped) ?? "—"))
            \(HTMLReport.term("Alerts", "\(profile.alerts.count)", profile.alerts.isEmpty ? nil : "warn"))
            \(HTMLReport.term("Assay", profile.assayVersion))
            </dl></header><main>

            """
        if !profile.alerts.isEmpty {
            html += "<section class=\"has-failures\"><h2>Alerts</h2><table><thead><tr><th>Alert</th><th>Columns</th><th>What</th></tr></thead><tbody>"
            for alert in profile.alerts.prefix(500) {
                html += "<tr><td class=\"alert\">\(Inert.html(alert.type))</td><td>\(Inert.html(Inert.clip(alert.columns.joined(separator: ", "), limit: 120)))</td>"
                html += "<td>\(Inert.html(alert.message))</td></tr>"
            }
            html += "</tbody></table></section>\n"
        }
        html += "<section class=\"all-pass\"><h2>Columns</h2><div class=\"cards\">"
        for column in profile.columns.prefix(2_000) { html += card(column, rows: profile.rowCount) }
        html += "</div></section>\n"
        if let pearson = profile.correlations.pearson, pearson.columns.count >= 2, pearson.columns.count <= 40 {
            html += "<section class=\"all-pass\"><h2>Correlations</h2><p class=\"note\">Pearson's r, pairwise-complete.</p>"
            html += SVGCharts.heatmap(columns: pearson.columns, values: pearson.matrix.flatMap { $0 }, title: "Correlation heatmap")
            html += "</section>\n"
        }
        if let cramer = profile.correlations.cramersV, cramer.columns.count >= 2, cramer.columns.count <= 40 {
            html += "<section class=\"all-pass\"><h2>Categorical associations</h2><p class=\"note\">Cramér's V between text and boolean columns"
            html += profile.correlations.cramersVExact ? ".</p>" : " (estimated from a row sample).</p>"
            html += SVGCharts.heatmap(columns: cramer.columns, values: cramer.matrix.flatMap { $0 }, title: "Cramér's V heatmap")
            html += "</section>\n"
        }
        html += "</main><footer>Assay \(Inert.html(profile.assayVersion)) · profile schema \(profile.schemaVersion)</footer></body></html>\n"
        return html
    }

    static let style = """
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}.card h3{margin:0 0 6px;font-size:15px}
            .stats{display:grid;grid-template-columns:auto auto;gap:0 12px;font-size:12px}.stats dt{text-transform:none;letter-spacing:0}
            .stats dd{font-weight:500}.alert{color:var(--warn)}
        """

    private static func card(_ column: ColumnProfile, rows: Int) -> String {
        var stats: [(String, String)] = [("type", column.type.rawValue), ("non-null", HTMLReport.grouped(column.count)),
                                         ("missing", HTMLReport.grouped(column.nullCount))]
        if let distribution = column.distribution {
            stats.append(("distinct", HTMLReport.grouped(distribution.distinctCount) + (distribution.distinctCountExact ? "" : " (≈, HLL)")))
            if let zeros = distribution.zeroCount { stats.append(("zeros", HTMLReport.grouped(zeros))) }
            if let negatives = distribution.negativeCount { stats.append(("negative", HTMLReport.grouped(negatives))) }
            if let low = distribution.lengthMin, let high = distribution.lengthMax {
                stats.append(("length", "\(low)–\(high), mean \(String(format: "%.1f", distribution.lengthMean ?? 0))"))
            }
        }
        if let range = column.instantRange {
            stats += [("oldest", range.min), ("newest", range.max), ("newest age", String(format: "%.1f days", range.newestAgeDays))]
        }
        if let numeric = column.numeric {
            for (name, value) in [("min", numeric.min?.doubleValue), ("max", numeric.max?.doubleValue), ("mean", numeric.mean),
                                  ("std", numeric.stddev), ("skewness", numeric.skewness), ("kurtosis", numeric.kurtosis)] {
                stats.append((name, value.map(SVGCharts.number) ?? "—"))
            }
        }
        var html = "<article class=\"card exp\"><h3><code>\(Inert.html(Inert.clip(column.name, limit: 80)))</code></h3><dl class=\"stats\">"
        html += stats.map { "<dt>\(Inert.html($0.0))</dt><dd>\(Inert.html($0.1))</dd>" }.joined()
        html += "</dl>"
        if let distribution = column.distribution {
            if let quantiles = distribution.quantiles, let figure = histogram(quantiles, count: column.count, name: column.name, type: column.type) {
                html += figure
            } else if let values = distribution.frequentValues, !values.isEmpty {
                let top = Array(values.prefix(12))
                let shares = top.map { Double($0.count) / Double(max(1, column.count)) }
                html += SVGCharts.partitions(labels: top.map { Inert.display($0.value, limit: 30) }, expected: shares.map { _ in 0 },
                                             observed: shares, title: "Most frequent values of \(column.name)", legend: false)
                html += "<table class=\"samples\"><tbody>" + top.prefix(6).map {
                    "<tr><td><code>\(Inert.html(Inert.display($0.value, limit: 60)))</code></td><td>\(HTMLReport.grouped($0.count))</td></tr>"
                }.joined() + "</tbody></table>"
            }
        }
        return html + "</article>"
    }

    /// A 20-bin histogram over [min, max] from the 1,001 quantiles: each bin's share is the CDF's rise across it.
    static func histogram(_ quantiles: [Double], count: Int, name: String, type: ColumnType) -> String? {
        guard let low = quantiles.first, let high = quantiles.last, high > low, quantiles.count > 1 else { return nil }
        let bins = 20
        let width = (high - low) / Double(bins)
        func cdf(_ x: Double) -> Double { QuantileFunction.cdf(quantiles, x) }
        let counts = (0..<bins).map { Int(((cdf(low + Double($0 + 1) * width) - cdf(low + Double($0) * width)) * Double(count)).rounded()) }
        let figure = Figures.Histogram(low: low, high: high, counts: counts, below: 0, above: 0)
        // Dates are days and timestamps microseconds since 1970: labelled as dates.
        let label: (Double) -> String = switch type {
        case .date: { CellValue.isoDate(days: Int($0.rounded(.down))) }
        case .timestamp: { CellValue.isoDate(days: Int(($0 / 86_400_000_000).rounded(.down))) }
        default: SVGCharts.number
        }
        return "<figure>" + SVGCharts.histogram(figure, allowedLow: low, allowedHigh: high, title: "Distribution of \(name)", tails: false, label: label)
            + "</figure>"
    }
}
