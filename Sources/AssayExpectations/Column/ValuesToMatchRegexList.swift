import AssayMetrics

/// Passes when at least `mostly` of the non-missing values match any (`match_on: any`, the
/// default) or all (`match_on: all`) of `regex_list`.
public struct ValuesToMatchRegexList: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_regex_list"
    public static let parameters = ColumnMapTarget.parameters + ["regex_list", "match_on"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        let matchOn = try arguments.optionalString("match_on") ?? "any"
        guard matchOn == "any" || matchOn == "all" else { throw ArgumentError("match_on", "must be \"any\" or \"all\", not \"\(matchOn)\"") }
        condition = .matchesRegexList(try arguments.stringList("regex_list"), matchOnAll: matchOn == "all")
    }
}
