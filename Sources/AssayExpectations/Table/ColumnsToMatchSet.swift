import AssayColumns
import AssayMetrics

/// Passes when the table's column names are exactly `column_set` (`exact_match`, the default),
/// or include all of it (`exact_match: false`). Details name the missing and unexpected columns.
/// A null `column_set` is the empty set (as GX).
public struct ColumnsToMatchSet: TableShapeExpectation {
    public static let type = "expect_table_columns_to_match_set"
    public static let parameters = ["column_set", "exact_match"]

    let columnSet: [String]
    let exactMatch: Bool

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columnSet = arguments["column_set"] == nil ? [] : try arguments.stringList("column_set")
        exactMatch = try arguments.bool("exact_match", default: true)
    }

    func judge(rowCount: Int, schema: Schema) -> Evaluation {
        let actual = Set(schema.names)
        let expected = Set(columnSet)
        let missing = expected.subtracting(actual).sorted()
        let unexpected = actual.subtracting(expected).sorted()
        let success = exactMatch ? missing.isEmpty && unexpected.isEmpty : missing.isEmpty
        var mismatched: [(String, JSONValue)] = []
        if !unexpected.isEmpty { mismatched.append(("unexpected", .array(unexpected.map { .string($0) }))) }
        if !missing.isEmpty { mismatched.append(("missing", .array(missing.map { .string($0) }))) }
        return Evaluation(success: success, result: Verdict.observed(
            .array(schema.names.map { .string($0) }), details: mismatched.isEmpty ? [] : [("mismatched", .object(mismatched))]))
    }
}
