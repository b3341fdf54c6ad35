import AssayColumns
import AssayMetrics

/// Passes when the table's columns are exactly `column_list`, in that order; details list each
/// position that differs. A null `column_list` passes vacuously (as GX).
public struct ColumnsToMatchOrderedList: TableShapeExpectation {
    public static let type = "expect_table_columns_to_match_ordered_list"
    public static let parameters = ["column_list"]

    let columnList: [String]?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columnList = arguments["column_list"] == nil ? nil : try arguments.stringList("column_list")
    }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        let actual = schema.names
        guard let columnList else { return Evaluation(success: true, result: Verdict.observed(.array(actual.map { .string($0) }))) }
        var mismatched: [JSONValue] = []
        for index in 0..<max(actual.count, columnList.count) {
            let found = index < actual.count ? actual[index] : nil
            let expected = index < columnList.count ? columnList[index] : nil
            if found != expected {
                mismatched.append(.object([("Expected Column Position", .integer(Int64(index))),
                                           ("Expected", expected.map { .string($0) } ?? .null),
                                           ("Found", found.map { .string($0) } ?? .null)]))
            }
        }
        return Evaluation(success: mismatched.isEmpty, result: Verdict.observed(
            .array(actual.map { .string($0) }), details: mismatched.isEmpty ? [] : [("mismatched", .array(mismatched))]))
    }
}
