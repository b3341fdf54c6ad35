import AssayColumns
import AssayMetrics

/// Passes when at least `mostly` of the non-missing values occur once; every row of a repeated
/// value is unexpected, the first occurrence included (as in GX).
public struct ValuesToBeUnique: Expectation {
    public static let type = "expect_column_values_to_be_unique"
    public static let parameters = ["column", "mostly"]

    let column: String
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(DistinctRowsMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let counts = try metrics.value(DistinctRowsMetric(column: column))
        let rows = UnexpectedRows(elementCount: counts.elementCount, missingCount: counts.missingCount,
                                  unexpectedCount: counts.duplicateRowCount, samples: try counts.resolvedSamples())
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}
