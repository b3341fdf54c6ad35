import AssayMetrics

/// Passes when at least `mostly` of the non-missing text values are exactly `value` characters long.
public struct ValueLengthsToEqual: ColumnMapExpectation {
    public static let type = "expect_column_value_lengths_to_equal"
    public static let parameters = ColumnMapTarget.parameters + ["value"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        condition = .lengthEquals(try arguments.integer("value"))
    }
}
