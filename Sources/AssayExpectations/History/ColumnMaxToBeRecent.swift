import AssayColumns
import AssayMetrics
import Foundation

/// Freshness (Soda's `freshness`): the newest value of a date or timestamp `column` is at most
/// `max_age` old (`30s`, `30m`, `6h`, `1d`, `2w`), measured from the run time — the wall clock,
/// or `--now` for tests and backfills. A date counts as its midnight (UTC), so `max_age: 1d`
/// passes for yesterday's date until midnight tonight. A value after the run time is age 0.
/// `observed_value` is the newest value (ISO 8601); `details` has its age in seconds and the
/// run time. A column without values fails.
public struct ColumnMaxToBeRecent: HistoryExpectation {
    public static let type = "expect_column_max_to_be_recent"
    public static let parameters = ["column", "max_age"]

    let column: String
    let maxAgeSeconds: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        let text = try arguments.string("max_age")
        guard let seconds = DurationText.seconds(text) else {
            throw ArgumentError("max_age", "must be a whole number and a unit: 30s, 30m, 6h, 1d, 2w; not \"\(text)\"")
        }
        maxAgeSeconds = seconds
    }

    public var needsHistory: Bool { false }

    public func plan(_ plan: inout MetricPlan) { plan.add(ColumnSummaryMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        let summary = try metrics.value(ColumnSummaryMetric(column: column))
        guard summary.type == .date || summary.type == .timestamp else {
            throw MetricError("column \"\(column)\" is \(summary.type.rawValue): freshness needs a date or timestamp column")
        }
        let details: [(String, JSONValue)] = [("max_age", .string(DurationText.text(maxAgeSeconds))), ("max_age_seconds", .double(maxAgeSeconds)),
                                              ("now", .string(RunHistory.isoText(history.now)))]
        guard let newest = summary.instantMax else {
            return Evaluation(success: false, result: Verdict.observed(.null, details: details + [("note", .string("the column has no values"))]))
        }
        let text = summary.type == .date ? CellValue.isoDate(days: Int(newest / 86_400_000_000)) : CellValue.isoTimestamp(microseconds: newest)
        let age = max(0, history.now.timeIntervalSince1970 - Double(newest) / 1e6)
        return Evaluation(success: age <= maxAgeSeconds, result: Verdict.observed(.string(text), details: [("age_seconds", .double(age))] + details))
    }
}
