import AssayColumns
import AssayMetrics

/// Expectations on the table's shape read the row count and the schema only.
protocol TableShapeExpectation: Expectation {
    func judge(rowCount: Int, schema: Schema) throws(MetricError) -> Evaluation
}

extension TableShapeExpectation {
    public func plan(_ plan: inout MetricPlan) { plan.add(RowCountMetric()) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        try judge(rowCount: try metrics.value(RowCountMetric()), schema: metrics.schema)
    }
}
