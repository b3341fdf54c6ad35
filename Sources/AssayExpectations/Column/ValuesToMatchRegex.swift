import AssayMetrics

/// Passes when at least `mostly` of the non-missing values contain a match of `regex`
/// (Python `re.search`, approximated by ICU regular expressions).
public struct ValuesToMatchRegex: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_regex"
    public static let parameters = ["column", "regex", "mostly"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
        condition = .matchesRegex(try arguments.string("regex"))
    }
}
