import AssayMetrics

/// Passes when at least `mostly` of the non-missing values match none of `like_pattern_list`
/// (`%` any text, `_` one character, the whole value must match).
public struct ValuesToNotMatchLikePatternList: ColumnMapExpectation {
    public static let type = "expect_column_values_to_not_match_like_pattern_list"
    public static let parameters = ColumnMapTarget.parameters + ["like_pattern_list"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .notMatchesRegexList(try arguments.stringList("like_pattern_list").map(LikePattern.regex))
    }
}
