import AssayMetrics

/// Passes when at least `mostly` of the non-missing text values are exactly `value` characters long.
public struct ValueLengthsToEqual: ColumnMapExpectation {
    public static let type = "expect_column_value_lengths_to_equal"
    public static let parameters = ["column", "value", "mostly"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
        condition = .lengthEquals(try arguments.integer("value"))
    }
}
