import AssayColumns
import AssayMetrics

/// A column's metric is no anomaly against earlier runs: `metric` is one of `row_count`,
/// `null_count`, `null_rate`, `mean`, `stddev`, `distinct_count`, `min`, `max` (`HistoryMetric`;
/// `column` is required except for `row_count`), judged by `AnomalyStrategy` (default: mean ± 3
/// sample standard deviations of the last 30 runs, once there are 5). Date and timestamp `min`
/// and `max` are seconds since 1970-01-01 UTC. `observed_value` is the current value (an
/// undefined one — a mean of no values — fails); `details` carries the band and the window.
public struct ColumnMetricToBeWithinHistory: HistoryExpectation {
    public static let type = "expect_column_metric_to_be_within_history"
    public static let parameters = ["column", "metric"] + AnomalyStrategy.parameters

    let column: String?
    let metric: HistoryMetric
    let strategy: AnomalyStrategy

    public init(_ arguments: Arguments) throws(ArgumentError) {
        let name = try arguments.string("metric")
        guard let metric = HistoryMetric(rawValue: name) else {
            throw ArgumentError("metric", "must be one of \(HistoryMetric.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
        }
        self.metric = metric
        column = try arguments.optionalString("column")
        if metric.isPerColumn && column == nil { throw ArgumentError("column", "is required for metric \(name)") }
        if !metric.isPerColumn && column != nil { throw ArgumentError("column", "row_count is the table's: leave column out") }
        strategy = try AnomalyStrategy(arguments)
    }

    public var historyRequests: [HistoryRequest] { [strategy.request(metric: metric, column: column)] }

    public func plan(_ plan: inout MetricPlan) {
        guard let column else { return }
        if metric == .distinctCount {
            plan.add(DistinctCountMetric(column: column))
        } else {
            plan.add(ColumnSummaryMetric(column: column))
        }
    }

    /// The current value: nil when undefined.
    func current(_ metrics: MetricResults) throws(MetricError) -> Double? {
        guard let column else { return Double(metrics.rowCount) }
        if metric == .distinctCount { return Double(try metrics.value(DistinctCountMetric(column: column)).distinctCount) }
        let summary = try metrics.value(ColumnSummaryMetric(column: column))
        if [.mean, .stddev].contains(metric), !summary.type.isNumeric {
            throw MetricError("column \"\(column)\" is \(summary.type.rawValue): \(metric.rawValue) needs a numeric column")
        }
        if [.min, .max].contains(metric), summary.type == .string || summary.type == .bool {
            throw MetricError("column \"\(column)\" is \(summary.type.rawValue): \(metric.rawValue) needs a numeric, date or timestamp column")
        }
        return metric.value(from: summary)
    }

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        let value = try current(metrics)
        let past = try history.points(historyRequests[0], for: Self.type)
        let judgement = strategy.judge(value, past: past.map(\.value))
        let isCount = [.rowCount, .nullCount, .distinctCount].contains(metric)
        let observed: JSONValue = value.map { isCount ? .integer(Int64($0)) : .double($0) } ?? .null
        return Evaluation(success: judgement.success, result: Verdict.observed(observed, details: judgement.details))
    }
}
