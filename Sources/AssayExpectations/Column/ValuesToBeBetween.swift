import AssayMetrics

/// Passes when at least `mostly` of the non-missing values lie in [`min_value`, `max_value`]
/// (open at an end with `strict_min` / `strict_max`; a null bound is unbounded). Numbers compare
/// with numeric columns, ISO-8601 strings with date and timestamp columns, strings with text.
public struct ValuesToBeBetween: ColumnMapExpectation {
    public static let type = "expect_column_values_to_be_between"
    public static let parameters = ColumnMapTarget.parameters + ["min_value", "max_value", "strict_min", "strict_max", "parse_strings_as_datetimes", "output_strftime_format"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        let (low, high) = try arguments.orderedBounds()
        guard low != nil || high != nil else { throw ArgumentError("min_value", "min_value and max_value cannot both be None") }
        let strictMin = try arguments.bool("strict_min", default: false)
        let strictMax = try arguments.bool("strict_max", default: false)
        condition = .between(lower: low.map { RowCondition.Bound($0, strict: strictMin) },
                             upper: high.map { RowCondition.Bound($0, strict: strictMax) })
    }
}
