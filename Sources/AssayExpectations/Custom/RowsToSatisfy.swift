import AssayMetrics

/// Passes when `condition` — Assay's expression language (`RowExpression`: arithmetic,
/// comparisons, `and`/`or`/`not`, `is [not] null`, `[not] in (…)`, `length`, `abs`) — is true
/// on at least `mostly` of the rows (of the rows a `row_condition` or `where` keeps). A row
/// whose condition is null (a null cell compared or computed with) is unexpected, as a SQL
/// `CHECK … IS TRUE` would have it; write `x is null or …` to let nulls pass. Syntax errors are
/// suite errors with the column of the problem; unknown columns and type mismatches are found
/// when the table's schema is known, and fail the expectation with `exception_info`.
/// Samples are the referenced columns of each unexpected row, with its row number.
public struct RowsToSatisfy: Expectation {
    public static let type = "expect_rows_to_satisfy"
    public static let parameters = ["condition", "mostly"] + RowFilter.parameters

    let expression: RowExpression
    let mostly: Double
    let rowFilter: RowFilter?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        let text = try arguments.string("condition")
        do throws(ExpressionError) {
            expression = try RowExpression.parse(text)
        } catch {
            throw ArgumentError("condition", "\(error)")
        }
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
    }

    var metric: ExpressionRowsMetric { ExpressionRowsMetric(expression: expression, filter: rowFilter) }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Evaluation(success: Verdict.mostly(considered: rows.elementCount, unexpected: rows.unexpectedCount, mostly: mostly),
                          result: Verdict.mapResult(rows, format: format, reportsMissing: false, denominatorIsAllRows: true))
    }
}
