import AssayColumns
import AssayMetrics

/// Passes when at least `mostly` of the non-missing values occur once; every row of a repeated
/// value is unexpected, the first occurrence included (as in GX). With a `row_condition` or
/// `where`, only the kept rows count, and samples keep their row numbers in the table.
public struct ValuesToBeUnique: Expectation {
    public static let type = "expect_column_values_to_be_unique"
    public static let parameters = ["column", "mostly"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(DistinctRowsMetric(column: column, filter: rowFilter)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let counts = try metrics.value(DistinctRowsMetric(column: column, filter: rowFilter))
        let rows = UnexpectedRows(elementCount: counts.elementCount, missingCount: counts.missingCount,
                                  unexpectedCount: counts.duplicateRowCount, samples: try counts.resolvedSamples())
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}
