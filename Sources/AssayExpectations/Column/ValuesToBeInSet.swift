import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are in `value_set`.
public struct ValuesToBeInSet: ColumnMapExpectation {
    public static let type = "expect_column_values_to_be_in_set"
    public static let parameters = ["column", "value_set", "mostly", "parse_strings_as_datetimes"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
        condition = .inSet(try arguments.list("value_set"))
    }
}
