import AssayMetrics

/// A check of every row of `column_list` against a `MulticolumnCondition` (GX's multicolumn map
/// expectations): rows are first left out by `ignore_row_if` (default: all values missing);
/// `mostly` is the share of the rows left that must pass. A `row_condition` keeps rows first.
protocol MulticolumnMapExpectation: Expectation {
    var metric: MulticolumnUnexpectedRowsMetric { get }
    var mostly: Double { get }
}

extension MulticolumnMapExpectation {
    static var multicolumnParameters: [String] { ["column_list", "ignore_row_if", "mostly"] + RowFilter.parameters }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}

extension Arguments {
    /// `column_list`: at least one column name.
    func columnList() throws(ArgumentError) -> [String] {
        let columns = try stringList("column_list")
        guard !columns.isEmpty else { throw ArgumentError("column_list", "must name at least one column") }
        return columns
    }
}
