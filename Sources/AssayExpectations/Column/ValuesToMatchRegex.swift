import AssayMetrics

/// Passes when at least `mostly` of the non-missing values contain a match of `regex`
/// (Python `re.search`, approximated by ICU regular expressions).
public struct ValuesToMatchRegex: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_regex"
    public static let parameters = ColumnMapTarget.parameters + ["regex"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .matchesRegex(try arguments.string("regex"))
    }
}
