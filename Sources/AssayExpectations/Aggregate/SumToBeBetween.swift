import AssayMetrics

/// Passes when the sum of the non-missing values (0 for none, as pandas) lies within [`min_value`, `max_value`] (null bound: unbounded;
/// `strict_min` / `strict_max` exclude the bound). An undefined value fails.
public struct SumToBeBetween: SummaryStatisticBetween {
    public static let type = "expect_column_sum_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    /// The exact integer sum exists only for int columns (a float column's stays at its initial 0).
    func statistic(_ summary: ColumnSummaryState) -> Double? {
        summary.type == .int64 ? summary.integerSum.map(Double.init) ?? summary.sum : summary.sum
    }

    static var keepsIntegers: Bool { true }
}
