import AssayMetrics

/// A check of every non-missing value of a column against a `RowCondition` (GX's column map
/// expectations): nulls and NaN are left out first, `mostly` is the share that must pass. With a
/// `row_condition`, only the rows it keeps are checked (and counted).
protocol ColumnMapExpectation: Expectation {
    var target: ColumnMapTarget { get }
    var condition: RowCondition { get }
}

/// The keywords every column map expectation takes: which column, how much of it must pass, and
/// which rows count.
struct ColumnMapTarget: Sendable {
    static let parameters = ["column", "mostly"] + RowFilter.parameters

    let column: String
    let mostly: Double
    let rowFilter: RowFilter?

    init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        mostly = try arguments.mostly()
        rowFilter = try arguments.rowFilter()
    }
}

extension ColumnMapExpectation {
    var column: String { target.column }
    var mostly: Double { target.mostly }
    var rowFilter: RowFilter? { target.rowFilter }

    public func plan(_ plan: inout MetricPlan) {
        if let rowFilter {
            plan.add(FilteredUnexpectedRowsMetric(column: column, condition: condition, filter: rowFilter))
        } else {
            plan.add(UnexpectedRowsMetric(column: column, condition: condition))
        }
    }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = if let rowFilter {
            try metrics.value(FilteredUnexpectedRowsMetric(column: column, condition: condition, filter: rowFilter))
        } else {
            try metrics.value(UnexpectedRowsMetric(column: column, condition: condition))
        }
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}

extension RowFilter {
    /// The keywords of a row filter, accepted by the expectations that support one: GX's
    /// `row_condition` (with `condition_parser`) and dbt's `where`.
    public static let parameters = ["row_condition", "condition_parser", "where"]
}

extension Arguments {
    /// `row_condition` with `condition_parser` (`pandas`, the default, or `assay`: Assay's
    /// expression language, `RowExpression`), or dbt's `where` (SQL-ish, read as `assay`).
    /// A syntax error names the column of the problem.
    public func rowFilter() throws(ArgumentError) -> RowFilter? {
        if let text = try optionalString("where") {
            guard self["row_condition"] == nil else { throw ArgumentError("where", "give row_condition or where, not both") }
            do throws(ExpressionError) {
                return try RowFilter.assay(text)
            } catch {
                throw ArgumentError("where", "\(error)")
            }
        }
        guard let text = try optionalString("row_condition") else { return nil }
        let parser = try optionalString("condition_parser") ?? "pandas"
        switch parser {
        case "pandas":
            switch RowFilter.parse(text) {
            case .success(let filter): return filter
            case .failure(let error): throw ArgumentError("row_condition", error.message)
            }
        case "assay":
            do throws(ExpressionError) {
                return try RowFilter.assay(text)
            } catch {
                throw ArgumentError("row_condition", "\(error)")
            }
        default:
            throw ArgumentError("condition_parser", "\"\(parser)\" is not a valid enumeration member; supported are pandas and assay")
        }
    }
}
