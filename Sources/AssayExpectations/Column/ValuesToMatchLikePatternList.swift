import AssayMetrics

/// Passes when at least `mostly` of the non-missing values match any (`match_on: any`, default) or all (`match_on: all`) of `like_pattern_list`
/// (`%` any text, `_` one character, the whole value must match).
public struct ValuesToMatchLikePatternList: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_like_pattern_list"
    public static let parameters = ColumnMapTarget.parameters + ["like_pattern_list", "match_on"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .matchesRegexList(try arguments.stringList("like_pattern_list").map(LikePattern.regex), matchOnAll: try Self.matchOnAll(arguments))
    }

    static func matchOnAll(_ arguments: Arguments) throws(ArgumentError) -> Bool {
        let matchOn = try arguments.optionalString("match_on") ?? "any"
        guard matchOn == "any" || matchOn == "all" else { throw ArgumentError("match_on", "must be \"any\" or \"all\", not \"\(matchOn)\"") }
        return matchOn == "all"
    }
}
