import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are in `value_set`.
public struct ValuesToBeInSet: ColumnMapExpectation {
    public static let type = "expect_column_values_to_be_in_set"
    public static let parameters = ColumnMapTarget.parameters + ["value_set", "parse_strings_as_datetimes"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .inSet(try arguments.list("value_set"))
    }
}
