import AssayColumns
import AssayMetrics

/// Type names as GX checks them on pandas. A numeric, bool or datetime column has a numpy dtype
/// and is judged as a whole by it; a text or date column is an `object` column, whose cells are
/// judged one by one by their Python type (unless the name asked for is `object` itself).
enum PandasTypes {
    /// numpy names (and pandas aliases) each column type's dtype answers to.
    static let dtypeNames: [ColumnType: Set<String>] = [
        .int64: ["int", "int64", "int_", "integer", "signedinteger", "number", "long", "Int64", "Int64Dtype"],
        .float64: ["float", "float64", "float_", "double", "floating", "number", "Float64"],
        .bool: ["bool", "bool_", "boolean"],
        .timestamp: ["datetime64", "datetime64[ns]"],
        .string: objectNames,
        .date: objectNames,
    ]
    static let objectNames: Set<String> = ["object", "object_", "O"]
    /// Names of Python's `str` type and pandas' string dtype.
    static let textNames: Set<String> = ["str", "string", "unicode", "str_", "StringDtype"]

    /// The dtype's type name GX reports as the observed value.
    static func dtypeName(_ type: ColumnType) -> String {
        switch type {
        case .int64: "int64"
        case .float64: "float64"
        case .bool: "bool"
        case .timestamp: "datetime64"
        case .string, .date: "object_"
        }
    }

    /// Whether GX judges cell by cell: an object column asked for a non-object type.
    static func judgesCells(_ type: ColumnType, names: [String]) -> Bool {
        (type == .string || type == .date) && !names.contains { objectNames.contains($0) }
    }

    /// The per-cell condition: Python type names as `RowCondition.pythonTypeIn` spells them.
    static func cellCondition(_ names: [String]) -> RowCondition {
        .pythonTypeIn(names.map { textNames.contains($0) ? "str" : $0 })
    }

    static func evaluate(column: String, names: [String], mostly: Double, metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let type = try metrics.schema.column(column).type
        guard judgesCells(type, names: names) else {
            let accepted = dtypeNames[type] ?? []
            return Evaluation(success: names.contains { accepted.contains($0) }, result: Verdict.observed(.string(dtypeName(type))))
        }
        let rows = try metrics.value(UnexpectedRowsMetric(column: column, condition: cellCondition(names)))
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}
