import AssayMetrics

/// Passes when in at least `mostly` of the rows kept by `ignore_row_if`, `column_A` is greater
/// than `column_B` (or equal, with `or_equal`). A kept row with a missing value fails.
public struct PairValuesAToBeGreaterThanB: PairMapExpectation {
    public static let type = "expect_column_pair_values_a_to_be_greater_than_b"
    public static let parameters = pairParameters + ["or_equal"]

    let metric: PairUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = PairUnexpectedRowsMetric(
            columnA: try arguments.string("column_A"), columnB: try arguments.string("column_B"),
            condition: .aGreaterThanB(orEqual: try arguments.bool("or_equal", default: false)),
            ignoreRowIf: try arguments.pairIgnoreRule())
        mostly = try arguments.mostly()
    }
}
