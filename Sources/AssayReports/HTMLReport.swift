import AssayColumns
import AssaySuites
import Foundation

/// One validation run as a self-contained HTML page: inline CSS and SVG, no script, no request
/// of any kind (a Content-Security-Policy forbids them), readable as it is. The "failed only"
/// filter is a checkbox and CSS.
public enum HTMLReport {
    public static func render(_ run: ValidationRun, figures: Figures = Figures(), assayVersion: String, runID: String? = nil) -> String {
        let failedErrors = run.outcomes.filter { !$0.success && $0.entry.severity == .error }.count
        let failedWarnings = run.outcomes.filter { !$0.success && $0.entry.severity == .warning }.count
        let passed = failedErrors == 0
        let verdict = passed ? (failedWarnings > 0 ? "PASSED with warnings" : "PASSED") : "FAILED"
        var html = ReportStyle.head(title: "\(verdict) · \(Inert.clip(run.suite.name, limit: 80)) · Assay") + """
            <input type="checkbox" id="failed-only" class="toggle">
            <header class="\(passed ? "pass" : "fail")">
            <p class="verdict">\(Inert.html(verdict))</p>
            <h1>\(Inert.html(Inert.clip(run.suite.name, limit: 120)))</h1>
            <p class="source">on <code>\(Inert.html(Inert.clip(run.source, limit: 300)))</code></p>
            <dl class="overview">
            \(term("Expectations", "\(run.outcomes.count) evaluated, \(run.outcomes.count - failedErrors - failedWarnings) passed"))
            \(term("Errors failed", "\(failedErrors)", failedErrors > 0 ? "bad" : nil))
            \(term("Warnings failed", "\(failedWarnings)", failedWarnings > 0 ? "warn" : nil))
            \(term("Rows", grouped(run.rowCount)))
            \(term("Suite file", Inert.clip(run.suite.path, limit: 200)))
            \(term("Started", Self.timestamp(run.startTime)))
            \(term("Duration", String(format: "%.2f s", run.durationSeconds)))
            \(term("Assay", assayVersion))
            \(runID.map { term("Run", $0) } ?? "")
            </dl>
            <label class="filter" for="failed-only">Show failed only</label>
            </header>
            <main>

            """
        // Sections: the table first, then each column (or column group) in suite order.
        var order: [String?] = []
        var members: [String?: [Int]] = [:]
        for (index, outcome) in run.outcomes.enumerated() {
            let section = ExpectationText(type: outcome.entry.type, kwargs: outcome.entry.kwargs).section
            if members[section] == nil { order.append(section) }
            members[section, default: []].append(index)
        }
        order.sort { ($0 == nil ? 0 : 1) < ($1 == nil ? 0 : 1) }
        for section in order {
            let indices = members[section] ?? []
            let failures = indices.filter { !run.outcomes[$0].success }.count
            html += "<section class=\"\(failures > 0 ? "has-failures" : "all-pass")\">"
            html += "<h2>\(section.map { "Column <code>\(Inert.html(Inert.clip($0, limit: 120)))</code>" } ?? "Table")"
            html += " <span class=\"count\">\(indices.count - failures)/\(indices.count) passed</span></h2>\n"
            for index in indices { html += expectation(run.outcomes[index], index: index, figures: figures) }
            html += "</section>\n"
        }
        if let correlation = figures.correlation {
            html += "<section class=\"all-pass figures\"><h2>Correlations</h2>"
            html += "<p class=\"note\">Pearson's r between the columns the suite's correlation checks name (pairwise-complete rows).</p>"
            html += SVGCharts.heatmap(columns: correlation.columns, values: correlation.pearson, title: "Correlation heatmap")
            html += "</section>\n"
        }
        html += "</main><footer>Assay \(Inert.html(assayVersion)) · validation result schema \(ValidationRun.schemaVersion)</footer></body></html>\n"
        return html
    }

    static func term(_ name: String, _ value: String, _ mark: String? = nil) -> String {
        "<div\(mark.map { " class=\"\($0)\"" } ?? "")><dt>\(Inert.html(name))</dt><dd>\(Inert.html(value))</dd></div>"
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func field(_ outcome: ExpectationOutcome, _ key: String) -> JSONValue? {
        outcome.result.first { $0.0 == key }?.1
    }

    private static func expectation(_ outcome: ExpectationOutcome, index: Int, figures: Figures) -> String {
        let text = ExpectationText(type: outcome.entry.type, kwargs: outcome.entry.kwargs)
        let status = outcome.success ? "pass" : outcome.entry.severity == .warning ? "warn" : "fail"
        let badge = outcome.success ? "PASS" : outcome.exception != nil ? "ERROR" : outcome.entry.severity == .warning ? "WARN" : "FAIL"
        var html = "<article class=\"exp \(status)\" id=\"e\(index + 1)\">"
        html += "<div class=\"head\"><span class=\"badge \(status)\">\(badge)</span>"
        html += "<span class=\"sentence\">\(Inert.html(text.sentence))</span>"
        html += "<span class=\"severity\">\(Inert.html(outcome.entry.severity.rawValue))</span></div>"
        html += "<p class=\"label\"><code>\(Inert.html(text.label()))</code></p>"
        if let exception = outcome.exception {
            html += "<p class=\"exception\">Not evaluated: \(Inert.html(Inert.clip(exception, limit: 500)))</p>"
        }
        var facts: [(String, String)] = []
        if let observed = field(outcome, "observed_value") { facts.append(("Observed", observedText(observed))) }
        if let unexpected = field(outcome, "unexpected_count")?.number {
            let elements = field(outcome, "element_count")?.number
            let percent = field(outcome, "unexpected_percent")?.number
            var line = "\(grouped(Int(unexpected)))"
            if let elements { line += " of \(grouped(Int(elements))) rows" }
            if let percent { line += String(format: " (%.4g%%)", percent) }
            facts.append(("Unexpected", line))
        }
        if let missing = field(outcome, "missing_count")?.number, missing > 0 {
            facts.append(("Missing", grouped(Int(missing))))
        }
        if !facts.isEmpty {
            html += "<dl class=\"facts\">" + facts.map { "<div><dt>\(Inert.html($0.0))</dt><dd>\(Inert.html($0.1))</dd></div>" }.joined() + "</dl>"
        }
        html += samples(outcome)
        html += figure(outcome, text: text, histogram: figures.histograms[index])
        if case .object(let members) = outcome.entry.meta, !members.isEmpty {
            html += "<p class=\"meta\">" + members.prefix(6).map { "\(Inert.html($0.0)): \(Inert.html(Inert.display($0.1, limit: 200)))" }.joined(separator: " · ") + "</p>"
        }
        return html + "</article>\n"
    }

    static func observedText(_ observed: JSONValue) -> String {
        if case .object = observed, let quantiles = observed["quantiles"]?.array, let values = observed["values"]?.array {
            return zip(quantiles, values).map { "q\(Inert.display($0)) = \(Inert.display($1))" }.joined(separator: ", ")
        }
        if let number = observed.number, case .double = observed { return SVGCharts.number(number) }
        return Inert.display(observed, limit: 300)
    }

    /// Unexpected values with their counts and the rows they were seen in (from the sample GX keeps).
    private static func samples(_ outcome: ExpectationOutcome) -> String {
        let list = field(outcome, "partial_unexpected_list")?.array ?? []
        // BASIC results carry the list without counts: count the list.
        var counts = field(outcome, "partial_unexpected_counts")?.array ?? []
        if counts.isEmpty {
            var seen: [JSONValue: Int] = [:]
            var order: [JSONValue] = []
            for value in list {
                if seen[value] == nil { order.append(value) }
                seen[value, default: 0] += 1
            }
            counts = order.map { .object([("value", $0), ("count", .integer(Int64(seen[$0]!)))]) }
        }
        guard !counts.isEmpty else { return "" }
        let rows = field(outcome, "partial_unexpected_index_list")?.array ?? []
        var html = "<table class=\"samples\"><thead><tr><th>Unexpected value</th><th>Count in sample</th><th>Rows (0-based)</th></tr></thead><tbody>"
        for entry in counts.prefix(20) {
            guard let value = entry["value"] else { continue }
            let seenAt = zip(list, rows).filter { $0.0 == value }.prefix(10).compactMap { $0.1.number.map { grouped(Int($0)) } }
            html += "<tr><td><code>\(Inert.html(Inert.display(value)))</code></td><td>\(Inert.html(Inert.display(entry["count"] ?? .null)))</td>"
            html += "<td>\(Inert.html(seenAt.joined(separator: ", ")))</td></tr>"
        }
        html += "</tbody></table>"
        if counts.count > 20 { html += "<p class=\"note\">\(counts.count - 20) more values in the sample.</p>" }
        return html
    }

    private static func figure(_ outcome: ExpectationOutcome, text: ExpectationText, histogram: Figures.Histogram?) -> String {
        // History checks carry their past values (`details.past_values`): a sparkline with the band.
        if let details = field(outcome, "details"), let past = details["past_values"]?.array?.compactMap(\.number) {
            let band = details["band"]
            let title = "\(past.count) past run\(past.count == 1 ? "" : "s") and this run"
            return "<figure>" + SVGCharts.sparkline(past: past, current: field(outcome, "observed_value")?.number, low: band?["lower"]?.number,
                                                    high: band?["upper"]?.number, passed: outcome.success, title: title)
                + "<figcaption>Past values, oldest first, then this run's; the shaded band is what it was judged against.</figcaption></figure>"
        }
        if let histogram, let low = text["min_value"]?.number, let high = text["max_value"]?.number {
            return "<figure>" + SVGCharts.histogram(histogram, allowedLow: low, allowedHigh: high, title: "Distribution of the column against the allowed range")
                + "<figcaption>Rows per bin; the shaded band is the allowed range, red bars fall outside it.</figcaption></figure>"
        }
        if let details = field(outcome, "details"), let observed = details["observed_partition"], let expected = details["expected_partition"],
           let observedWeights = observed["weights"]?.array?.compactMap(\.number), let expectedWeights = expected["weights"]?.array?.compactMap(\.number) {
            let labels: [String]
            if let values = observed["values"]?.array {
                labels = values.map { Inert.display($0, limit: 40) }
            } else if let bins = observed["bins"]?.array?.compactMap(\.number), bins.count == observedWeights.count + 1 {
                labels = (0..<observedWeights.count).map { "[\(SVGCharts.number(bins[$0])), \(SVGCharts.number(bins[$0 + 1])))" }
            } else {
                labels = observedWeights.indices.map { "bin \($0 + 1)" }
            }
            return "<figure>" + SVGCharts.partitions(labels: labels, expected: expectedWeights, observed: observedWeights, title: "Baseline against current")
                + "<figcaption>Share of rows per bin or value: baseline (expected) against current (observed).</figcaption></figure>"
        }
        let low = text["min_value"]?.number, high = text["max_value"]?.number
        guard low != nil || high != nil, let observed = field(outcome, "observed_value") else {
            if text.type == "expect_column_quantile_values_to_be_between", let values = field(outcome, "observed_value")?["values"]?.array {
                let numbers = values.compactMap(\.number)
                let ranges = text["quantile_ranges"]?["value_ranges"]?.array?.compactMap { $0.array?.compactMap(\.number) } ?? []
                let lows = ranges.compactMap(\.first), highs = ranges.compactMap(\.last)
                return "<figure>" + SVGCharts.numberLine(observed: numbers, low: lows.min(), high: highs.max(), passed: outcome.success, title: "Observed quantiles")
                    + "<figcaption>Observed quantiles; the shaded band spans the allowed ranges.</figcaption></figure>"
            }
            return ""
        }
        guard let number = observed.number else { return "" }
        return "<figure>" + SVGCharts.numberLine(observed: [number], low: low, high: high, passed: outcome.success, title: "Observed value against the allowed range")
            + "</figure>"
    }
}
