import AssayColumns
import AssayMetrics

/// Passes when at least `mostly` of all rows hold a value (not null, not NaN). Unlike other map
/// checks the share is over all rows, and the result has no missing_* keys (as in GX).
public struct ValuesToNotBeNull: Expectation {
    public static let type = "expect_column_values_to_not_be_null"
    public static let parameters = ["column", "mostly"]

    let column: String
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(MissingValuesMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let value = try metrics.value(MissingValuesMetric(column: column))
        let rows = UnexpectedRows(elementCount: value.elementCount, missingCount: 0, unexpectedCount: value.missingCount,
                                  samples: value.missingSamples)
        return Evaluation(success: Verdict.mostly(considered: value.elementCount, unexpected: value.missingCount, mostly: mostly),
                          result: Verdict.mapResult(rows, format: format, reportsMissing: false, denominatorIsAllRows: true))
    }
}
