import AssayColumns
import AssayMetrics

/// Passes when each quantile in `quantile_ranges.quantiles` lies within its range in
/// `quantile_ranges.value_ranges` (null ends unbounded). Quantiles are exact, by nearest rank as
/// GX computes them on pandas (`interpolation="nearest"`, numpy's round-half-to-even index).
public struct QuantileValuesToBeBetween: Expectation {
    public static let type = "expect_column_quantile_values_to_be_between"
    public static let parameters = ["column", "quantile_ranges", "allow_relative_error"]

    let column: String
    let quantiles: [Double]
    let ranges: [(Double?, Double?)]

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        guard let spec = arguments["quantile_ranges"], spec.object != nil else {
            throw ArgumentError("quantile_ranges", "is required: {quantiles: [...], value_ranges: [[min, max], ...]}")
        }
        guard let quantiles = spec["quantiles"]?.array?.compactMap(\.number), quantiles.count == spec["quantiles"]?.array?.count else {
            throw ArgumentError("quantile_ranges", "quantiles must be a list of numbers")
        }
        guard quantiles.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw ArgumentError("quantile_ranges", "quantiles must lie in [0, 1]") }
        guard let ranges = spec["value_ranges"]?.array, ranges.count == quantiles.count else {
            throw ArgumentError("quantile_ranges", "value_ranges must hold one [min, max] per quantile")
        }
        self.quantiles = quantiles
        self.ranges = try ranges.map { range throws(ArgumentError) in
            guard let pair = range.array, pair.count == 2, pair.allSatisfy({ $0.isNull || $0.number != nil }) else {
                throw ArgumentError("quantile_ranges", "each value range must be [min, max], not \(range.compact)")
            }
            let (low, high) = (pair[0].number, pair[1].number)
            if let low, let high, low > high { throw ArgumentError("quantile_ranges", "a value range has min > max: \(range.compact)") }
            return (low, high)
        }
    }

    var metric: OrderStatisticsMetric { OrderStatisticsMetric(column: column, rule: .nearest(quantiles)) }

    public func plan(_ plan: inout MetricPlan) { plan.add(metric) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let statistics = try metrics.value(metric)
        let values: [Double?] = metric.ranks(count: statistics.count).map { statistics.values[$0] }
        guard values.count == quantiles.count || statistics.count == 0 else { throw MetricError("\(column): order statistics missing") }
        let observedValues = statistics.count == 0 ? quantiles.map { _ in Double?.none } : values
        let success = zip(observedValues, ranges).allSatisfy { value, range in Verdict.between(value, min: range.0, max: range.1) }
        let observed: JSONValue = .object([
            ("quantiles", .array(quantiles.map { .double($0) })),
            ("values", .array(observedValues.map { JSONValue.number($0) })),
        ])
        return Evaluation(success: success, result: Verdict.observed(observed, details: [("success_details", .array(zip(observedValues, ranges).map { .bool(Verdict.between($0, min: $1.0, max: $1.1)) }))]))
    }
}
