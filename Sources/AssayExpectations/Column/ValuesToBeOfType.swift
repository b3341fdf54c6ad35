import AssayMetrics

/// Passes when the column has the pandas type `type_` (numpy names: `int64`, `float`, `bool`,
/// `datetime64`, `object`, …). A text or date column asked for another type is judged cell by
/// cell: at least `mostly` of its non-missing cells must have the Python type `type_` (`str`,
/// `date`).
public struct ValuesToBeOfType: Expectation {
    public static let type = "expect_column_values_to_be_of_type"
    public static let parameters = ["column", "type_", "mostly"]

    let column: String
    let typeName: String
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        typeName = try arguments.string("type_")
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) {
        plan.add(UnexpectedRowsMetric(column: column, condition: PandasTypes.cellCondition([typeName])))
    }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        try PandasTypes.evaluate(column: column, names: [typeName], mostly: mostly, metrics: metrics, format: format)
    }
}
