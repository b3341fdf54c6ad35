import AssayMetrics

/// Passes when at least `mostly` of the non-missing values contain no match of `regex`.
public struct ValuesToNotMatchRegex: ColumnMapExpectation {
    public static let type = "expect_column_values_to_not_match_regex"
    public static let parameters = ["column", "regex", "mostly"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
        condition = .notMatchesRegex(try arguments.string("regex"))
    }
}
