import AssayMetrics

/// Passes when in at least `mostly` of the rows kept by `ignore_row_if`, `column_A` equals
/// `column_B` (numbers by value). A kept row with a missing value fails.
public struct PairValuesToBeEqual: PairMapExpectation {
    public static let type = "expect_column_pair_values_to_be_equal"
    public static let parameters = pairParameters

    let metric: PairUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = PairUnexpectedRowsMetric(
            columnA: try arguments.string("column_A"), columnB: try arguments.string("column_B"),
            condition: .equal, ignoreRowIf: try arguments.pairIgnoreRule())
        mostly = try arguments.mostly()
    }
}
