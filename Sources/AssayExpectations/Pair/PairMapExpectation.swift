import AssayMetrics

/// A check of every row of two columns against a `PairCondition` (GX's column-pair map
/// expectations): rows are first left out by `ignore_row_if` (default: both values missing);
/// `mostly` is the share of the rows left that must pass.
protocol PairMapExpectation: Expectation {
    var metric: PairUnexpectedRowsMetric { get }
    var mostly: Double { get }
}

extension PairMapExpectation {
    static var pairParameters: [String] { ["column_A", "column_B", "ignore_row_if", "mostly"] }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let rows = try metrics.value(metric)
        return Verdict.map(rows, mostly: mostly, format: format)
    }
}

extension Arguments {
    /// `ignore_row_if` of a column-pair expectation.
    func pairIgnoreRule() throws(ArgumentError) -> PairIgnoreRule {
        guard let name = try optionalString("ignore_row_if") else { return .bothValuesAreMissing }
        guard let rule = PairIgnoreRule(rawValue: name) else {
            throw ArgumentError("ignore_row_if", "must be one of \(PairIgnoreRule.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
        }
        return rule
    }

    /// `ignore_row_if` of a multicolumn expectation.
    func multicolumnIgnoreRule() throws(ArgumentError) -> MulticolumnIgnoreRule {
        guard let name = try optionalString("ignore_row_if") else { return .allValuesAreMissing }
        guard let rule = MulticolumnIgnoreRule(rawValue: name) else {
            throw ArgumentError("ignore_row_if", "must be one of \(MulticolumnIgnoreRule.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
        }
        return rule
    }
}
