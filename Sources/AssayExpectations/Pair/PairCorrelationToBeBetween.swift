import AssayColumns
import AssayMetrics

/// Assay's own (GX has none): passes when the correlation of `column_A` and `column_B` over the
/// rows where both are present lies within [`min_value`, `max_value`]. `method`: `pearson`
/// (default, from the co-moment kernel) or `spearman` (exact ranks; holds the pairs). An undefined
/// correlation (a constant column) fails.
public struct PairCorrelationToBeBetween: Expectation {
    public static let type = "expect_column_pair_correlation_to_be_between"
    public static let parameters = ["column_A", "column_B", "method"] + NumericRange.parameters

    let columnA: String
    let columnB: String
    let range: NumericRange
    let spearman: Bool

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columnA = try arguments.string("column_A")
        columnB = try arguments.string("column_B")
        let method = try arguments.optionalString("method") ?? "pearson"
        guard method == "pearson" || method == "spearman" else {
            throw ArgumentError("method", "must be pearson or spearman, not \"\(method)\"")
        }
        spearman = method == "spearman"
        range = try NumericRange(arguments)
        if let min = range.min, min < -1 { throw ArgumentError("min_value", "a correlation is at least -1, not \(min)") }
        if let max = range.max, max > 1 { throw ArgumentError("max_value", "a correlation is at most 1, not \(max)") }
    }

    public func plan(_ plan: inout MetricPlan) {
        if spearman {
            plan.add(RankCorrelationMetric(columnA: columnA, columnB: columnB))
        } else {
            plan.add(PairCorrelationMetric(columnA: columnA, columnB: columnB))
        }
    }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let r = spearman ? try metrics.value(RankCorrelationMetric(columnA: columnA, columnB: columnB))
            : try metrics.value(PairCorrelationMetric(columnA: columnA, columnB: columnB))
        return Evaluation(success: range.contains(r), result: Verdict.observed(.number(r)))
    }
}
