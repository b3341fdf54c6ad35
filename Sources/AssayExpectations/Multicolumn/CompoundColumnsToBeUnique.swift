import AssayMetrics

/// Passes when at least `mostly` of the rows kept by `ignore_row_if` hold a combination of
/// `column_list` values that no other kept row holds; every row of a repeated combination is
/// unexpected (missing equals missing, as pandas' `duplicated`).
public struct CompoundColumnsToBeUnique: MulticolumnMapExpectation {
    public static let type = "expect_compound_columns_to_be_unique"
    public static let parameters = multicolumnParameters

    let metric: MulticolumnUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        metric = MulticolumnUnexpectedRowsMetric(columns: try arguments.columnList(), condition: .compoundUnique,
                                                 ignoreRowIf: try arguments.multicolumnIgnoreRule(),
                                                 filter: try arguments.rowFilter())
        mostly = try arguments.mostly()
    }
}
