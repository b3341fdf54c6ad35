import AssayMetrics

/// Passes when at least `mostly` of the non-missing text values have a length (in characters)
/// within [`min_value`, `max_value`]; a null bound is unbounded. With min > max no length fits,
/// so every value fails (GX does not reject the bounds).
public struct ValueLengthsToBeBetween: ColumnMapExpectation {
    public static let type = "expect_column_value_lengths_to_be_between"
    public static let parameters = ColumnMapTarget.parameters + ["min_value", "max_value"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        let low = try arguments.optionalInteger("min_value")
        let high = try arguments.optionalInteger("max_value")
        guard low != nil || high != nil else { throw ArgumentError("min_value", "min_value and max_value cannot both be None") }
        condition = .lengthBetween(min: low, max: high)
    }
}
