import AssayMetrics

/// Passes when in at least `mostly` of the rows kept by `ignore_row_if`, the values of
/// `column_list` (missing ones skipped) sum exactly to `sum_total`.
public struct MulticolumnSumToEqual: MulticolumnMapExpectation {
    public static let type = "expect_multicolumn_sum_to_equal"
    public static let parameters = multicolumnParameters + ["sum_total"]

    let metric: MulticolumnUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = MulticolumnUnexpectedRowsMetric(columns: try arguments.columnList(), condition: .sumEquals(try arguments.number("sum_total")),
                                                 ignoreRowIf: try arguments.multicolumnIgnoreRule(),
                                                 filter: try arguments.rowFilter())
        mostly = try arguments.mostly()
    }
}
