import AssayMetrics

/// A check of every non-missing value of a column against a `RowCondition` (GX's column map
/// expectations): nulls and NaN are left out first, `mostly` is the share that must pass.
protocol ColumnMapExpectation: Expectation {
    var column: String { get }
    var mostly: Double { get }
    var condition: RowCondition { get }
}

extension ColumnMapExpectation {
    var metric: UnexpectedRowsMetric { UnexpectedRowsMetric(column: column, condition: condition) }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Evaluation(
            success: Verdict.mostly(considered: rows.nonMissingCount, unexpected: rows.unexpectedCount, mostly: mostly),
            result: Verdict.mapResult(rows, format: format))
    }
}
