import AssayColumns
import AssayMetrics

/// `min_value` / `max_value` / `strict_min` / `strict_max` of an aggregate expectation: both
/// bounds may be null (unbounded; with both null any defined value passes, as in GX 1.x), min ≤ max.
struct NumericRange: Sendable, Hashable {
    var min: Double?
    var max: Double?
    var strictMin: Bool
    var strictMax: Bool

    static let parameters = ["min_value", "max_value", "strict_min", "strict_max"]

    init(_ arguments: Arguments) throws(ArgumentError) {
        min = try arguments.optionalNumber("min_value")
        max = try arguments.optionalNumber("max_value")
        if let min, let max, min > max { throw ArgumentError("min_value", "min_value cannot be greater than max_value (\(min) > \(max))") }
        strictMin = try arguments.bool("strict_min", default: false)
        strictMax = try arguments.bool("strict_max", default: false)
    }

    func contains(_ value: Double?) -> Bool { Verdict.between(value, min: min, max: max, strictMin: strictMin, strictMax: strictMax) }
}

/// An aggregate of one numeric column (from its summary) checked against a range.
protocol SummaryStatisticBetween: Expectation {
    var column: String { get }
    var range: NumericRange { get }
    /// The statistic, nil when undefined (no values, too few for a deviation).
    func statistic(_ summary: ColumnSummaryState) -> Double?
}

extension SummaryStatisticBetween {
    public func plan(_ plan: inout MetricPlan) { plan.add(ColumnSummaryMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let summary = try metrics.value(ColumnSummaryMetric(column: column))
        guard summary.moments != nil else { throw MetricError("column \"\(column)\" is \(summary.type.rawValue), not numeric") }
        let value = statistic(summary).flatMap { $0.isNaN ? nil : $0 }
        let observed: JSONValue = value.map { summary.type == .int64 && $0 == $0.rounded() && abs($0) < 9e15 && Self.keepsIntegers ? .integer(Int64($0)) : .double($0) } ?? .null
        return Evaluation(success: range.contains(value), result: Verdict.observed(observed))
    }

    /// Min, max and sum of an int column are integers; a mean is not.
    static var keepsIntegers: Bool { false }
}
