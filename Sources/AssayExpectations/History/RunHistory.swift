import AssayColumns
import AssayMetrics
import Foundation

/// An expectation that judges the current run against earlier runs of the same dataset (the run
/// history, `AssayHistory`) or against the run's clock. The validator evaluates it with the
/// `RunHistory` the caller read from the store before the pass: the series each expectation
/// names in `historyRequests`, the previous run's schema, and the run time.
public protocol HistoryExpectation: Expectation {
    /// The past series `evaluate` reads (none for freshness and schema checks).
    var historyRequests: [HistoryRequest] { get }
    /// False when the expectation can be judged without a store (freshness; a schema check given
    /// its `columns`): then a run without history does not refuse the suite.
    var needsHistory: Bool { get }
    func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation
}

extension HistoryExpectation {
    public var historyRequests: [HistoryRequest] { [] }
    public var needsHistory: Bool { true }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        try evaluate(metrics, history: RunHistory(now: Date(), available: false), format: format)
    }
}

/// A per-run number the history keeps: the table's row count, or one statistic of a column.
/// Dates and timestamps: `min` and `max` are seconds since 1970-01-01 UTC (a date at its midnight).
public enum HistoryMetric: String, Sendable, Hashable, CaseIterable {
    case rowCount = "row_count"
    case nullCount = "null_count"
    case nullRate = "null_rate"
    case mean
    case stddev
    case distinctCount = "distinct_count"
    case min
    case max

    /// Whether the metric belongs to a column (all but `row_count`).
    public var isPerColumn: Bool { self != .rowCount }

    /// The metric from a column's summary (nil when undefined: no values, a text column's mean).
    /// `distinct_count` is not in a summary (nil).
    public func value(from summary: ColumnSummaryState) -> Double? {
        switch self {
        case .rowCount: return Double(summary.rowCount)
        case .nullCount: return Double(summary.nullCount)
        case .nullRate: return summary.rowCount > 0 ? Double(summary.nullCount) / Double(summary.rowCount) : nil
        case .mean:
            guard summary.type.isNumeric, let moments = summary.moments, moments.count > 0 else { return nil }
            return moments.mean
        case .stddev:
            guard summary.type.isNumeric else { return nil }
            return summary.moments?.standardDeviation
        case .distinctCount: return nil
        case .min:
            if let instant = summary.instantMin { return Double(instant) / 1e6 }
            if let integer = summary.integerMin { return Double(integer) }
            guard summary.type.isNumeric, let moments = summary.moments, moments.count > 0 else { return nil }
            return moments.min
        case .max:
            if let instant = summary.instantMax { return Double(instant) / 1e6 }
            if let integer = summary.integerMax { return Double(integer) }
            guard summary.type.isNumeric, let moments = summary.moments, moments.count > 0 else { return nil }
            return moments.max
        }
    }
}

/// Which past runs count: the last `runs` runs, or those of the last `seconds` before the run.
public enum HistorySpan: Sendable, Hashable, CustomStringConvertible {
    case runs(Int)
    case seconds(Double)

    /// The longest window a check may ask for, so one check never reads an unbounded series.
    public static let runCountMax = 10_000

    /// `window`: a number of runs (`30`) or a duration (`30d`, `12h`, `2w`).
    public init(_ arguments: Arguments, key: String = "window", default defaultSpan: HistorySpan) throws(ArgumentError) {
        guard let value = arguments[key] else {
            self = defaultSpan
            return
        }
        if value.number != nil {
            let count = try arguments.integer(key)
            guard count >= 1, count <= Self.runCountMax else { throw ArgumentError(key, "must be between 1 and \(Self.runCountMax) runs, not \(count)") }
            self = .runs(count)
        } else if let text = value.string, let seconds = DurationText.seconds(text) {
            guard seconds > 0 else { throw ArgumentError(key, "must be longer than 0") }
            self = .seconds(seconds)
        } else {
            throw ArgumentError(key, "must be a number of runs (30) or a duration (30d, 12h, 2w), not \(value.compact)")
        }
    }

    public var description: String {
        switch self {
        case .runs(let count): "last \(count) run\(count == 1 ? "" : "s")"
        case .seconds(let seconds): "last " + DurationText.text(seconds)
        }
    }
}

/// Durations as suites write them: a whole number and a unit, `30s`, `30m`, `6h`, `1d`, `2w`.
public enum DurationText {
    static let units: [(suffix: Character, seconds: Double)] = [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800)]

    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let suffix = trimmed.last, let unit = units.first(where: { $0.suffix == suffix }),
              let count = Int(trimmed.dropLast()), count >= 0, count <= 1_000_000 else { return nil }
        return Double(count) * unit.seconds
    }

    /// The largest unit that divides the duration: 86400 → "1d", 5400 → "90m".
    public static func text(_ seconds: Double) -> String {
        for unit in units.reversed() where seconds >= unit.seconds && (seconds / unit.seconds).rounded() == seconds / unit.seconds {
            return "\(Int(seconds / unit.seconds))\(unit.suffix)"
        }
        return String(format: "%.0fs", seconds)
    }
}

/// One past series a history check reads: a metric of the table or of a column, over a span.
/// `sameWeekday` keeps only the runs on the run's day of the week (UTC), before the span applies.
public struct HistoryRequest: Sendable, Hashable {
    public var metric: HistoryMetric
    public var column: String?
    public var span: HistorySpan
    public var sameWeekday: Bool

    public init(metric: HistoryMetric, column: String?, span: HistorySpan, sameWeekday: Bool = false) {
        self.metric = metric
        self.column = column
        self.span = span
        self.sameWeekday = sameWeekday
    }
}

/// A value of an earlier run.
public struct HistoryPoint: Sendable, Hashable {
    public var runTime: Date
    public var value: Double

    public init(runTime: Date, value: Double) {
        self.runTime = runTime
        self.value = value
    }
}

/// A column of a run's schema as the history keeps it (and as `columns: [{name, type}]` gives it).
public struct HistoryColumn: Sendable, Hashable {
    public var name: String
    /// `int64`, `float64`, `bool`, `date`, `timestamp`, `string`; nil when a suite gave only the name.
    public var type: String?

    public init(name: String, type: String?) {
        self.name = name
        self.type = type
    }
}

/// What history checks see of earlier runs of the dataset: runs strictly before `now`, oldest first.
public struct RunHistory: Sendable {
    /// The run's time (`--now`, or the wall clock).
    public var now: Date
    /// False when the run keeps no history (`--no-report` without `--history`).
    public var available: Bool
    /// The dataset key the history was read for.
    public var dataset: String
    /// Each request's past values, oldest first.
    public var series: [HistoryRequest: [HistoryPoint]]
    /// The newest earlier run that recorded its schema, nil on the dataset's first run.
    public var previousSchema: (runTime: Date, columns: [HistoryColumn])?

    public init(now: Date, available: Bool, dataset: String = "", series: [HistoryRequest: [HistoryPoint]] = [:],
                previousSchema: (runTime: Date, columns: [HistoryColumn])? = nil) {
        self.now = now
        self.available = available
        self.dataset = dataset
        self.series = series
        self.previousSchema = previousSchema
    }

    /// The past values of `request`; a `MetricError` when the run keeps no history.
    public func points(_ request: HistoryRequest, for type: String) throws(MetricError) -> [HistoryPoint] {
        guard available else {
            throw MetricError("\(type) compares with earlier runs: keep a history (drop --no-report, or pass --history PATH)")
        }
        return series[request] ?? []
    }

    /// A run time as ISO 8601 (UTC, milliseconds when there are any).
    public static func isoText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0
            ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
