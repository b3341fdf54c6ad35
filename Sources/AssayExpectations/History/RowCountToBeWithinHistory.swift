import AssayColumns
import AssayMetrics

/// The table's row count is no anomaly against earlier runs of the dataset: every kwarg is
/// optional, with `AnomalyStrategy`'s defaults (the band mean ± 3 sample standard deviations of
/// the last 30 runs, judged once there are 5). `observed_value` is the row count; `details`
/// carries the band, the strategy, the window and how many past runs it held.
public struct RowCountToBeWithinHistory: HistoryExpectation {
    public static let type = "expect_table_row_count_to_be_within_history"
    public static let parameters = AnomalyStrategy.parameters

    let strategy: AnomalyStrategy

    public init(_ arguments: Arguments) throws(ArgumentError) {
        strategy = try AnomalyStrategy(arguments)
    }

    public var historyRequests: [HistoryRequest] { [strategy.request(metric: .rowCount, column: nil)] }

    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        let past = try history.points(historyRequests[0], for: Self.type)
        let judgement = strategy.judge(Double(metrics.rowCount), past: past.map(\.value))
        return Evaluation(success: judgement.success, result: Verdict.observed(.integer(Int64(metrics.rowCount)), details: judgement.details))
    }
}
