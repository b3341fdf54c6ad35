import AssayMetrics

/// Passes when at least `mostly` of the non-missing text values have a length (in characters)
/// within [`min_value`, `max_value`]; a null bound is unbounded.
public struct ValueLengthsToBeBetween: ColumnMapExpectation {
    public static let type = "expect_column_value_lengths_to_be_between"
    public static let parameters = ["column", "min_value", "max_value", "mostly"]

    let column: String
    let mostly: Double
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        let low = try arguments.optionalInteger("min_value")
        let high = try arguments.optionalInteger("max_value")
        guard low != nil || high != nil else { throw ArgumentError("min_value", "min_value and max_value cannot both be None") }
        if let low, let high, low > high { throw ArgumentError("min_value", "min_value cannot be greater than max_value (\(low) > \(high))") }
        condition = .lengthBetween(min: low, max: high)
    }
}
