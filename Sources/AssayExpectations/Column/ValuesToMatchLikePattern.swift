import AssayMetrics

/// Passes when at least `mostly` of the non-missing values match the SQL LIKE pattern `like_pattern`
/// (`%` any text, `_` one character, the whole value must match).
public struct ValuesToMatchLikePattern: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_like_pattern"
    public static let parameters = ColumnMapTarget.parameters + ["like_pattern"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .matchesRegex(LikePattern.regex(try arguments.string("like_pattern")))
    }
}
