import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayProfiles
import AssaySuites
import Foundation

/// One run as the history keeps it.
public struct HistoryRecord: Sendable {
    public enum Kind: String, Sendable { case validate, profile }

    public struct Metric: Sendable, Hashable {
        public var column: String
        public var metric: HistoryMetric
        public var value: Double?
    }

    public struct Result: Sendable, Hashable {
        public var type: String
        /// The kwargs as compact JSON (the column or columns are among them).
        public var kwargs: String
        public var severity: String
        public var success: Bool
        /// `observed_value` when it is a number.
        public var observedValue: Double?
    }

    public var dataset: String
    public var kind: Kind
    public var runTime: Date
    public var source: String
    public var suite: String?
    public var rowCount: Int
    /// The run's verdict (validate); nil for a profile.
    public var success: Bool?
    public var columns: [HistoryColumn]
    public var metrics: [Metric]
    public var results: [Result]
    public var assayVersion: String

    public init(dataset: String, kind: Kind, runTime: Date, source: String, suite: String? = nil, rowCount: Int, success: Bool? = nil,
                columns: [HistoryColumn], metrics: [Metric] = [], results: [Result] = [], assayVersion: String) {
        self.dataset = dataset
        self.kind = kind
        self.runTime = runTime
        self.source = source
        self.suite = suite
        self.rowCount = rowCount
        self.success = success
        self.columns = columns
        self.metrics = metrics
        self.results = results
        self.assayVersion = assayVersion
    }

    /// A validation run: its row count, the summaries `HistoryPlan` added to the pass, distinct
    /// counts where the run computed them anyway, each expectation's result and the schema.
    public static func validation(_ run: ValidationRun, metrics: MetricResults, dataset: String, runTime: Date, assayVersion: String) -> HistoryRecord {
        var values: [Metric] = []
        for field in metrics.schema.fields {
            if let summary = try? metrics.value(ColumnSummaryMetric(column: field.name)) {
                for metric in HistoryMetric.allCases where metric.isPerColumn && metric != .distinctCount {
                    values.append(Metric(column: field.name, metric: metric, value: metric.value(from: summary)))
                }
            }
            // A distinct count, or a uniqueness check's table that holds one.
            let counting = DistinctCountMetric(column: field.name)
            if let distinct = (try? metrics.value(counting)) ?? (try? metrics.value(counting.source)).map(counting.derive) {
                values.append(Metric(column: field.name, metric: .distinctCount, value: Double(distinct.distinctCount)))
            }
        }
        let results = run.outcomes.map { outcome in
            Result(type: outcome.entry.type, kwargs: JSONValue.object(outcome.entry.kwargs.map { ($0.key, $0.value) }).compact,
                   severity: outcome.entry.severity.rawValue, success: outcome.success,
                   observedValue: outcome.result.first { $0.0 == "observed_value" }?.1.number)
        }
        return HistoryRecord(dataset: dataset, kind: .validate, runTime: runTime, source: run.source, suite: run.suite.name, rowCount: run.rowCount,
                         success: run.success, columns: metrics.schema.fields.map { HistoryColumn(name: $0.name, type: $0.type.rawValue) },
                         metrics: values, results: results, assayVersion: assayVersion)
    }

    /// A profile: every column's metrics (a profile computes them all).
    public static func profile(_ profile: Profile, dataset: String, runTime: Date) -> HistoryRecord {
        var values: [Metric] = []
        for column in profile.columns {
            let rows = column.count + column.nullCount
            var metrics: [(HistoryMetric, Double?)] = [
                (.nullCount, Double(column.nullCount)), (.nullRate, rows > 0 ? Double(column.nullCount) / Double(rows) : nil),
                (.mean, column.numeric?.mean), (.stddev, column.numeric?.stddev),
                (.distinctCount, column.distribution.map { Double($0.distinctCount) }),
            ]
            if let range = column.instantRange {
                metrics += [(.min, ISOInstant.parse(range.min).map { Double($0) / 1e6 }), (.max, ISOInstant.parse(range.max).map { Double($0) / 1e6 })]
            } else {
                metrics += [(.min, column.numeric?.min?.doubleValue), (.max, column.numeric?.max?.doubleValue)]
            }
            values += metrics.map { Metric(column: column.name, metric: $0.0, value: $0.1) }
        }
        return HistoryRecord(dataset: dataset, kind: .profile, runTime: runTime, source: profile.source, rowCount: profile.rowCount,
                         columns: profile.columns.map { HistoryColumn(name: $0.name, type: $0.type.rawValue) }, metrics: values,
                         assayVersion: profile.assayVersion)
    }
}

/// The per-column summaries a validation run records, planned into its own pass (only when the
/// run keeps a history): null count, mean, standard deviation, min and max of every column.
public struct HistoryPlan: Sendable {
    let columns: [String]

    public init(schema: Schema) { columns = schema.fields.map(\.name) }

    public func add(to plan: inout MetricPlan) {
        for column in columns { plan.add(ColumnSummaryMetric(column: column)) }
    }
}

/// Dataset keys: the suite's name for validate (a daily file's path changes with the date);
/// for profile the data file's base name without extensions and date-like parts.
public enum DatasetKey {
    /// `orders_2024-06-01.csv.gz` → `orders`; `2024/06/01/events-20240601T0300.parquet` → `events`.
    /// Dates are `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYYMMDD` (optionally with a time, `T0300`, `T03:00:00Z`),
    /// and `YYYY-MM`; separators left at the ends are dropped. A name with nothing else left stays whole.
    public static func fromFile(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent
        let extensions: Set<String> = ["gz", "csv", "tsv", "txt", "parquet", "pq", "json"]
        while let dot = name.lastIndex(of: "."), dot != name.startIndex, extensions.contains(name[name.index(after: dot)...].lowercased()) {
            name = String(name[..<dot])
        }
        let original = name
        let patterns = [
            #"(19|20)\d{2}[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])([T_ ]?\d{2}:?\d{2}(:?\d{2})?(\.\d+)?Z?)?"#,
            #"(19|20)\d{2}[-_](0[1-9]|1[0-2])"#,
            #"[-_. ]{2,}"#,
        ]
        for (index, pattern) in patterns.enumerated() {
            // The patterns are literals: they compile.
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            name = expression.stringByReplacingMatches(in: name, range: NSRange(name.startIndex..., in: name),
                                                       withTemplate: index == patterns.count - 1 ? "_" : "")
        }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "-_. "))
        return name.isEmpty ? original : name
    }
}
