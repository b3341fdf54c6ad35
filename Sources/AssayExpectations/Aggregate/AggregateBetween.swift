import AssayColumns
import AssayMetrics

/// `min_value` / `max_value` / `strict_min` / `strict_max` of an aggregate expectation: both
/// bounds may be null (unbounded; with both null any defined value passes, as in GX 1.x), min ≤ max.
struct NumericRange: Sendable, Hashable {
    var min: Double?
    var max: Double?
    var strictMin: Bool
    var strictMax: Bool
    /// ISO-8601 bounds (microseconds since the epoch), for the extremes of date and timestamp columns.
    var instantMin: Int64?
    var instantMax: Int64?

    static let parameters = ["min_value", "max_value", "strict_min", "strict_max"]

    /// `allowsInstants`: bounds may be ISO-8601 dates or timestamps (min and max of date columns).
    init(_ arguments: Arguments, allowsInstants: Bool = false) throws(ArgumentError) {
        for key in ["min_value", "max_value"] {
            // `bound` also evaluates GX suite parameters (`{"$PARAMETER": "now() - …"}`) to timestamps.
            guard allowsInstants, let text = try arguments.bound(key)?.string else { continue }
            guard let instant = ISOInstant.parse(text) else {
                throw ArgumentError(key, "must be a number or an ISO-8601 date or timestamp, not \"\(text)\"")
            }
            if key == "min_value" { instantMin = instant } else { instantMax = instant }
        }
        if let low = instantMin, let high = instantMax, low > high {
            throw ArgumentError("min_value", "min_value cannot be greater than max_value")
        }
        min = instantMin == nil ? try arguments.optionalNumber("min_value") : nil
        max = instantMax == nil ? try arguments.optionalNumber("max_value") : nil
        if let min, let max, min > max { throw ArgumentError("min_value", "min_value cannot be greater than max_value (\(min) > \(max))") }
        strictMin = try arguments.bool("strict_min", default: false)
        strictMax = try arguments.bool("strict_max", default: false)
    }

    func contains(_ value: Double?) -> Bool { Verdict.between(value, min: min, max: max, strictMin: strictMin, strictMax: strictMax) }

    var hasInstantBounds: Bool { instantMin != nil || instantMax != nil }

    func contains(instant: Int64) -> Bool {
        if let low = instantMin, strictMin ? !(instant > low) : !(instant >= low) { return false }
        if let high = instantMax, strictMax ? !(instant < high) : !(instant <= high) { return false }
        return true
    }
}

/// An aggregate of one numeric column (from its summary) checked against a range.
protocol SummaryStatisticBetween: Expectation {
    var column: String { get }
    var range: NumericRange { get }
    /// The statistic, nil when undefined (no values, too few for a deviation).
    func statistic(_ summary: ColumnSummaryState) -> Double?
    /// For date and timestamp columns (min and max only): microseconds since the epoch.
    func instantStatistic(_ summary: ColumnSummaryState) -> Int64?
    /// Min, max and sum of an int column are integers; a mean is not.
    static var keepsIntegers: Bool { get }
    /// Min and max also apply to dates and timestamps.
    static var acceptsInstants: Bool { get }
}

extension SummaryStatisticBetween {
    public func plan(_ plan: inout MetricPlan) { plan.add(ColumnSummaryMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let summary = try metrics.value(ColumnSummaryMetric(column: column))
        if summary.type == .date || summary.type == .timestamp, Self.acceptsInstants {
            guard !(range.min != nil || range.max != nil) else {
                throw MetricError("column \"\(column)\" is \(summary.type.rawValue): give the bounds as ISO-8601 dates or timestamps")
            }
            guard let instant = instantStatistic(summary) else { return Evaluation(success: false, result: Verdict.observed(.null)) }
            let text = summary.type == .date ? CellValue.isoDate(days: Int(instant / 86_400_000_000)) : CellValue.isoTimestamp(microseconds: instant)
            return Evaluation(success: range.contains(instant: instant), result: Verdict.observed(.string(text)))
        }
        guard summary.moments != nil else { throw MetricError("column \"\(column)\" is \(summary.type.rawValue), not numeric") }
        guard !range.hasInstantBounds else {
            throw MetricError("column \"\(column)\" is \(summary.type.rawValue): date bounds apply to date and timestamp columns")
        }
        let value = statistic(summary).flatMap { $0.isNaN ? nil : $0 }
        let observed: JSONValue = value.map { summary.type == .int64 && $0 == $0.rounded() && abs($0) < 9e15 && Self.keepsIntegers ? .integer(Int64($0)) : .double($0) } ?? .null
        return Evaluation(success: range.contains(value), result: Verdict.observed(observed))
    }

    static var keepsIntegers: Bool { false }

    static var acceptsInstants: Bool { false }

    func instantStatistic(_ summary: ColumnSummaryState) -> Int64? { nil }
}
