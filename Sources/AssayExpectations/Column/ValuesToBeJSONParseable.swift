import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are text that parses as JSON (any
/// JSON value, as Python's `json.loads`); numbers and bools are not text, so they fail.
public struct ValuesToBeJSONParseable: ColumnMapExpectation {
    public static let type = "expect_column_values_to_be_json_parseable"
    public static let parameters = ColumnMapTarget.parameters

    let target: ColumnMapTarget
    let condition = RowCondition.jsonParseable

    public init(_ arguments: Arguments) throws(ArgumentError) { target = try ColumnMapTarget(arguments) }
}
