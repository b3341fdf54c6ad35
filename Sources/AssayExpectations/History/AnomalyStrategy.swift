import AssayColumns
import Foundation

/// How a history check judges the current value against the past ones (Deequ's anomaly
/// detection strategies), with the kwargs every history check shares:
/// - `strategy: normal` (default): the band mean ± `k` (3) standard deviations of the past values.
///   `variant: batch` (default, Deequ's BatchNormalStrategy): the mean and sample deviation
///   (n − 1) of the window. `variant: online` (after Deequ's OnlineNormalStrategy): an
///   exponentially weighted mean and variance (weight `alpha`, 0.2; Finch 2009, "Incremental
///   calculation of weighted mean and variance"), walked oldest first; a past value outside the
///   band of the values before it is an anomaly and leaves the mean and variance as they were
///   (Deequ's `ignoreAnomalies`), except among the first `min_history` values, which are always taken.
/// - `strategy: seasonal`: the batch normal band over the runs on the same weekday (UTC).
/// - `strategy: absolute_change`: current − previous run's value within [−`max_decrease`,
///   `max_increase`] (at least one is required; an absent one is unbounded).
/// - `strategy: relative_change`: (current − previous) / |previous| within [−`max_decrease`,
///   `max_increase`] (defaults 0.2 and 0.2).
/// `window`: the last N runs (default 30; for `seasonal`, the last 8 same-weekday runs) or a
/// duration (`30d`). `min_history`: past values needed before judging (5; 1 for the change
/// strategies); with fewer the check passes with a note in `details`.
struct AnomalyStrategy: Sendable, Hashable {
    enum Kind: String, Sendable, CaseIterable {
        case normal
        case seasonal
        case absoluteChange = "absolute_change"
        case relativeChange = "relative_change"
    }

    enum Variant: String, Sendable, CaseIterable {
        case batch
        case online
    }

    static let parameters = ["strategy", "variant", "k", "alpha", "max_decrease", "max_increase", "min_history", "window"]

    static let kDefault = 3.0
    static let alphaDefault = 0.2
    static let minHistoryDefault = 5
    static let windowRunsDefault = 30
    static let seasonalWindowRunsDefault = 8
    static let relativeChangeDefault = 0.2
    /// Past values written into `details.past_values` (the report's sparkline), newest kept.
    static let pastValuesShownMax = 60

    var kind: Kind
    var variant: Variant
    var k: Double
    var alpha: Double
    var maxDecrease: Double?
    var maxIncrease: Double?
    var minHistory: Int
    var span: HistorySpan

    init(_ arguments: Arguments) throws(ArgumentError) {
        let name = try arguments.optionalString("strategy") ?? Kind.normal.rawValue
        guard let kind = Kind(rawValue: name) else {
            throw ArgumentError("strategy", "must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
        }
        self.kind = kind
        let variantName = try arguments.optionalString("variant") ?? Variant.batch.rawValue
        guard let variant = Variant(rawValue: variantName) else { throw ArgumentError("variant", "must be batch or online, not \"\(variantName)\"") }
        guard kind == .normal || arguments["variant"] == nil else { throw ArgumentError("variant", "applies to strategy normal only") }
        self.variant = variant
        k = try arguments.optionalNumber("k") ?? Self.kDefault
        guard k >= 0, k.isFinite else { throw ArgumentError("k", "must be a number of standard deviations, at least 0") }
        alpha = try arguments.optionalNumber("alpha") ?? Self.alphaDefault
        guard alpha > 0, alpha <= 1 else { throw ArgumentError("alpha", "must lie in (0, 1], not \(alpha)") }
        guard variant == .online || arguments["alpha"] == nil else { throw ArgumentError("alpha", "applies to variant online only") }
        let isChange = kind == .absoluteChange || kind == .relativeChange
        for key in ["max_decrease", "max_increase"] where !isChange && arguments[key] != nil {
            throw ArgumentError(key, "applies to strategy absolute_change or relative_change only")
        }
        maxDecrease = try arguments.optionalNumber("max_decrease")
        maxIncrease = try arguments.optionalNumber("max_increase")
        for (key, value) in [("max_decrease", maxDecrease), ("max_increase", maxIncrease)] {
            if let value, !(value >= 0) { throw ArgumentError(key, "must be at least 0 (a size of change), not \(value)") }
        }
        if kind == .absoluteChange && maxDecrease == nil && maxIncrease == nil {
            throw ArgumentError("max_decrease", "absolute_change needs max_decrease, max_increase or both")
        }
        if kind == .relativeChange && maxDecrease == nil && maxIncrease == nil {
            maxDecrease = Self.relativeChangeDefault
            maxIncrease = Self.relativeChangeDefault
        }
        minHistory = try arguments.optionalInteger("min_history") ?? (isChange ? 1 : Self.minHistoryDefault)
        guard minHistory >= 1, minHistory <= HistorySpan.runCountMax else {
            throw ArgumentError("min_history", "must be between 1 and \(HistorySpan.runCountMax)")
        }
        span = try HistorySpan(arguments, default: .runs(kind == .seasonal ? Self.seasonalWindowRunsDefault : Self.windowRunsDefault))
    }

    func request(metric: HistoryMetric, column: String?) -> HistoryRequest {
        HistoryRequest(metric: metric, column: column, span: span, sameWeekday: kind == .seasonal)
    }

    /// The band and the verdict.
    struct Judgement: Sendable {
        var success: Bool
        var lower: Double?
        var upper: Double?
        var details: [(String, JSONValue)]
    }

    /// The verdict on `current` given the past values, oldest first. An undefined current value fails.
    func judge(_ current: Double?, past: [Double]) -> Judgement {
        var details: [(String, JSONValue)] = [("strategy", .string(kind.rawValue))]
        if kind == .normal { details.append(("variant", .string(variant.rawValue))) }
        details.append(("window", .string(span.description + (kind == .seasonal ? " on the same weekday" : ""))))
        details.append(("past_count", .integer(Int64(past.count))))
        details.append(("min_history", .integer(Int64(minHistory))))
        guard past.count >= minHistory else {
            details.append(("note", .string("not judged: \(past.count) past value\(past.count == 1 ? "" : "s") in the window, \(minHistory) needed")))
            details.append(("past_values", .array(past.suffix(Self.pastValuesShownMax).map { .double($0) })))
            return Judgement(success: current.map { !$0.isNaN } ?? false, lower: nil, upper: nil, details: details)
        }
        let lower: Double?, upper: Double?
        switch kind {
        case .normal where variant == .online:
            let (mean, variance, anomalies) = Self.online(past, k: k, alpha: alpha, warmUp: minHistory)
            let deviation = variance.squareRoot()
            (lower, upper) = (mean - k * deviation, mean + k * deviation)
            details += [("mean", .double(mean)), ("stddev", .double(deviation)), ("alpha", .double(alpha)), ("k", .double(k)),
                        ("past_anomalies", .integer(Int64(anomalies)))]
        case .normal, .seasonal:
            let (mean, deviation) = Self.meanAndDeviation(past)
            (lower, upper) = (mean - k * deviation, mean + k * deviation)
            details += [("mean", .double(mean)), ("stddev", .double(deviation)), ("k", .double(k))]
        case .absoluteChange:
            let previous = past[past.count - 1]
            lower = maxDecrease.map { previous - $0 }
            upper = maxIncrease.map { previous + $0 }
            details += [("previous_value", .double(previous))]
            if let current { details.append(("change", .double(current - previous))) }
        case .relativeChange:
            let previous = past[past.count - 1]
            lower = maxDecrease.map { previous - $0 * abs(previous) }
            upper = maxIncrease.map { previous + $0 * abs(previous) }
            details += [("previous_value", .double(previous))]
            if let current {
                let change = previous != 0 ? (current - previous) / abs(previous) : (current == 0 ? 0 : current > 0 ? .infinity : -.infinity)
                details.append(("relative_change", .number(change)))
            }
        }
        details.insert(("band", .object([("lower", .number(lower)), ("upper", .number(upper))])), at: kind == .normal ? 2 : 1)
        details.append(("past_values", .array(past.suffix(Self.pastValuesShownMax).map { .double($0) })))
        let success = Verdict.between(current, min: lower, max: upper)
        return Judgement(success: success, lower: lower, upper: upper, details: details)
    }

    /// Mean and sample standard deviation (n − 1; 0 for a single value), as Deequ's BatchNormalStrategy (breeze).
    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        precondition(!values.isEmpty, "judge needs at least min_history ≥ 1 values")
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count >= 2 else { return (mean, 0) }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }

    /// The exponentially weighted mean and variance after the past values (oldest first):
    /// δ = x − μ, μ ← μ + αδ, σ² ← (1 − α)(σ² + αδ²), starting from μ = x₀, σ² = 0. After the
    /// first `warmUp` values, a value outside μ ± kσ (of the values before it) is an anomaly and
    /// is not taken in. Returns the state and the number of anomalies skipped.
    static func online(_ values: [Double], k: Double, alpha: Double, warmUp: Int) -> (mean: Double, variance: Double, anomalies: Int) {
        precondition(!values.isEmpty, "judge needs at least min_history ≥ 1 values")
        var mean = values[0]
        var variance = 0.0
        var anomalies = 0
        for (index, value) in values.enumerated().dropFirst() {
            let deviation = variance.squareRoot()
            if index >= warmUp, abs(value - mean) > k * deviation {
                anomalies += 1
                continue
            }
            let delta = value - mean
            mean += alpha * delta
            variance = (1 - alpha) * (variance + alpha * delta * delta)
        }
        return (mean, variance, anomalies)
    }
}
