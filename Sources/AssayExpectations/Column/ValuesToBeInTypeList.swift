import AssayMetrics

/// Passes when the column has one of the pandas types in `type_list` (see `ValuesToBeOfType`);
/// a text or date column is judged cell by cell against the Python types of the list. A null
/// `type_list` passes vacuously (as GX).
public struct ValuesToBeInTypeList: Expectation {
    public static let type = "expect_column_values_to_be_in_type_list"
    public static let parameters = ["column", "type_list", "mostly"]

    let column: String
    let typeNames: [String]?
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        typeNames = arguments["type_list"] == nil ? nil : try arguments.stringList("type_list")
        mostly = try arguments.mostly()
    }

    public func plan(_ plan: inout MetricPlan) {
        guard let typeNames else { return }
        plan.add(UnexpectedRowsMetric(column: column, condition: PandasTypes.cellCondition(typeNames)))
    }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        guard let typeNames else { return Evaluation(success: true, result: []) }
        return try PandasTypes.evaluate(column: column, names: typeNames, mostly: mostly, metrics: metrics, format: format)
    }
}
