import AssayMetrics

/// Passes when the sample standard deviation (n − 1) of the non-missing values lies within [`min_value`, `max_value`] (null bound: unbounded;
/// `strict_min` / `strict_max` exclude the bound). An undefined value fails.
public struct StdevToBeBetween: SummaryStatisticBetween {
    public static let type = "expect_column_stdev_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments)
    }

    func statistic(_ summary: ColumnSummaryState) -> Double? { summary.moments!.standardDeviation }

    static var keepsIntegers: Bool { false }
}
