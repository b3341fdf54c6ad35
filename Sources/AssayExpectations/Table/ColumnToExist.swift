import AssayColumns
import AssayMetrics

/// Passes when the table has `column` (at 0-based position `column_index`, when given, as in GX).
public struct ColumnToExist: TableShapeExpectation {
    public static let type = "expect_column_to_exist"
    public static let parameters = ["column", "column_index"]

    let column: String
    let columnIndex: Int?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        columnIndex = try arguments.optionalInteger("column_index")
    }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        guard let index = schema.index(of: column) else { return Evaluation(success: false, result: []) }
        return Evaluation(success: columnIndex.map { $0 == index } ?? true, result: [])
    }
}
