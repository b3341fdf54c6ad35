import AssayColumns
import AssayMetrics

/// GX's `expect_table_row_count_to_equal_other_table`: passes when the table has as many rows
/// as `other_table_name` (a path, relative to the suite's folder, or a source URL).
/// `observed_value` is the row count, with the other table's in `details`.
public struct RowCountToEqualOtherTable: CrossTableExpectation {
    public static let type = "expect_table_row_count_to_equal_other_table"
    public static let parameters = ["other_table_name"]

    public let otherTable: String

    public init(_ arguments: Arguments) throws(ArgumentError) {
        otherTable = try arguments.string("other_table_name")
        guard !otherTable.isEmpty else { throw ArgumentError("other_table_name", "must name a table (a path or a source URL)") }
    }

    /// The row count comes with every pass.
    public func planOther(_ plan: inout MetricPlan) {}
    public func plan(_ plan: inout MetricPlan, other: OtherTable) {}

    public func evaluate(_ metrics: MetricResults, other: OtherTable, format: ResultFormat) throws(MetricError) -> Evaluation {
        let otherRows = other.metrics.rowCount
        return Evaluation(success: metrics.rowCount == otherRows,
                          result: Verdict.observed(.integer(Int64(metrics.rowCount)), details: [("other_row_count", .integer(Int64(otherRows)))]))
    }
}
