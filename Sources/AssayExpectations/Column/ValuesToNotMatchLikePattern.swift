import AssayMetrics

/// Passes when at least `mostly` of the non-missing values do not match the SQL LIKE pattern `like_pattern`
/// (`%` any text, `_` one character, the whole value must match).
public struct ValuesToNotMatchLikePattern: ColumnMapExpectation {
    public static let type = "expect_column_values_to_not_match_like_pattern"
    public static let parameters = ColumnMapTarget.parameters + ["like_pattern"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .notMatchesRegex(LikePattern.regex(try arguments.string("like_pattern")))
    }
}
