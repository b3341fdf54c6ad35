import AssayMetrics

/// Passes when at least `mostly` of the non-missing values contain no match of `regex`.
public struct ValuesToNotMatchRegex: ColumnMapExpectation {
    public static let type = "expect_column_values_to_not_match_regex"
    public static let parameters = ColumnMapTarget.parameters + ["regex"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .notMatchesRegex(try arguments.string("regex"))
    }
}
