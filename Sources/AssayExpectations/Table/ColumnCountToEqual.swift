import AssayColumns
import AssayMetrics

/// Passes when the table has exactly `value` columns.
public struct ColumnCountToEqual: TableShapeExpectation {
    public static let type = "expect_table_column_count_to_equal"
    public static let parameters = ["value"]

    let value: Int

    public init(_ arguments: Arguments) throws(ArgumentError) { value = try arguments.integer("value") }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        Evaluation(success: schema.count == value, result: Verdict.observed(.integer(Int64(schema.count))))
    }
}
