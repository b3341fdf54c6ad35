import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are text that reads as a date or
/// timestamp. GX uses python-dateutil's parser; Assay accepts its common shapes (`DateText`:
/// ISO-8601, `01/31/2020`, `31.01.2020`, `2020/01/31`, `Jan 31 2020`, with an optional time),
/// not its fuzzy grammar. Non-text columns are an error, as in GX.
public struct ValuesToBeDateutilParseable: ColumnMapExpectation {
    public static let type = "expect_column_values_to_be_dateutil_parseable"
    public static let parameters = ColumnMapTarget.parameters

    let target: ColumnMapTarget
    let condition = RowCondition.dateParseable

    public init(_ arguments: Arguments) throws(ArgumentError) { target = try ColumnMapTarget(arguments) }
}
