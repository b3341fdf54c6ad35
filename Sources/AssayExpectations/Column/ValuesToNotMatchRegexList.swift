import AssayMetrics

/// Passes when at least `mostly` of the non-missing values match none of `regex_list`.
public struct ValuesToNotMatchRegexList: ColumnMapExpectation {
    public static let type = "expect_column_values_to_not_match_regex_list"
    public static let parameters = ColumnMapTarget.parameters + ["regex_list"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .notMatchesRegexList(try arguments.stringList("regex_list"))
    }
}
