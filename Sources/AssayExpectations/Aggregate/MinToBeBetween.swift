import AssayMetrics

/// Passes when the smallest non-missing value lies within [`min_value`, `max_value`] (numbers, or
/// ISO-8601 dates or timestamps for date and timestamp columns; null bound: unbounded;
/// `strict_min` / `strict_max` exclude the bound). An undefined value fails.
public struct MinToBeBetween: SummaryStatisticBetween {
    public static let type = "expect_column_min_to_be_between"
    public static let parameters = ["column"] + NumericRange.parameters

    let column: String
    let range: NumericRange

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        range = try NumericRange(arguments, allowsInstants: true)
    }

    func statistic(_ summary: ColumnSummaryState) -> Double? { summary.integerMin.map(Double.init) ?? (summary.moments!.count > 0 ? summary.moments!.min : nil) }

    static var keepsIntegers: Bool { true }

    static var acceptsInstants: Bool { true }

    func instantStatistic(_ summary: ColumnSummaryState) -> Int64? { summary.instantMin }
}
