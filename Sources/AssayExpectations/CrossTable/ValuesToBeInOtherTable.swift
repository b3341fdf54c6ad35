import AssayMetrics

/// Referential integrity (dbt's `relationships`): passes when at least `mostly` of the
/// non-null values of `column` occur in `other_column` of `other_table` (a path, relative to the
/// suite's folder, or a source URL). The other column's distinct values are loaded once into a
/// fingerprint set (`OtherTableKeys`: 32–64 bytes per distinct value); the check is then one
/// probe per row of the main pass, with GX's column-map result (unexpected count, percent,
/// samples with row numbers). Nulls are left out, as in dbt. When both tables are tables of one
/// PostgreSQL database, the database runs the check as a semi-join (no row numbers then). Integer and float keys compare by
/// value; a text key never equals a number (an exception says so).
public struct ValuesToBeInOtherTable: CrossTableExpectation {
    public static let type = "expect_column_values_to_be_in_other_table"
    public static let parameters = ["column", "other_table", "other_column", "mostly"] + RowFilter.parameters

    let column: String
    public let otherTable: String
    let otherColumn: String
    let mostly: Double
    let rowFilter: RowFilter?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        otherTable = try arguments.string("other_table")
        guard !otherTable.isEmpty else { throw ArgumentError("other_table", "must name a table (a path or a source URL)") }
        otherColumn = try arguments.optionalString("other_column") ?? column
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
    }

    var keysMetric: OtherTableKeysMetric { OtherTableKeysMetric(column: otherColumn) }

    public func planOther(_ plan: inout MetricPlan) { plan.add(keysMetric) }

    func metric(_ other: OtherTable) throws(MetricError) -> ValuesInOtherTableMetric {
        ValuesInOtherTableMetric(column: column, keys: try other.metrics.value(keysMetric), filter: rowFilter,
                                 otherColumn: otherColumn, otherSource: other.source)
    }

    public func plan(_ plan: inout MetricPlan, other: OtherTable) {
        guard let metric = try? metric(other) else { return }
        plan.add(metric)
    }

    public func evaluate(_ metrics: MetricResults, other: OtherTable, format: ResultFormat) throws(MetricError) -> Evaluation {
        let keys = try other.metrics.value(keysMetric)
        let rows = try metrics.value(try metric(other))
        var evaluation = Verdict.map(rows, mostly: mostly, format: format)
        if format.level != .booleanOnly { evaluation.result.append(("details", .object([("other_distinct_count", .integer(Int64(keys.count)))]))) }
        return evaluation
    }
}
