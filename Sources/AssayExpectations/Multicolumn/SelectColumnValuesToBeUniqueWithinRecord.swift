import AssayMetrics

/// Passes when in at least `mostly` of the rows kept by `ignore_row_if`, the values of
/// `column_list` are all different (two missing values count as equal, as pandas'
/// `nunique(dropna=False)`).
public struct SelectColumnValuesToBeUniqueWithinRecord: MulticolumnMapExpectation {
    public static let type = "expect_select_column_values_to_be_unique_within_record"
    public static let parameters = multicolumnParameters

    let metric: MulticolumnUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = MulticolumnUnexpectedRowsMetric(columns: try arguments.columnList(), condition: .uniqueWithinRecord,
                                                 ignoreRowIf: try arguments.multicolumnIgnoreRule(),
                                                 filter: try arguments.rowFilter())
        mostly = try arguments.mostly()
    }
}
