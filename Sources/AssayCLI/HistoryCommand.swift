import ArgumentParser
import AssayColumns
import AssayExpectations
import AssayHistory
import AssayMetrics
import AssayProfiles
import AssaySuites
import Foundation

/// The run-history flags of `validate` and `profile`, and how a run reads and writes the store.
struct HistoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The run history (SQLite) to read and append to (default: <report-dir>/history.sqlite; none with --no-report unless given).",
        valueName: "path"))
    var history: String?

    @Flag(name: .long, help: "Neither read nor write the run history.")
    var noHistory = false

    @Option(name: .long, help: ArgumentHelp(
        "The dataset key runs are recorded under (default: the suite's name for validate; the file's base name without dates for profile).",
        valueName: "name"))
    var dataset: String?

    @Option(name: .long, help: ArgumentHelp(
        "The run time, ISO 8601 (default: now): what freshness measures from and the history records; for tests and backfills.",
        valueName: "time"))
    var now: String?

    func validate() throws {
        if let now, ISOInstant.parse(now) == nil {
            throw ValidationError("--now takes an ISO-8601 date or timestamp (2026-03-01, 2026-03-01T06:00:00Z), not \"\(now)\"")
        }
        if let dataset, dataset.isEmpty || dataset.count > Self.datasetLengthMax {
            throw ValidationError("--dataset takes a name of 1 to \(Self.datasetLengthMax) characters")
        }
        if noHistory, history != nil { throw ValidationError("--history and --no-history exclude each other") }
    }

    static let datasetLengthMax = 200

    /// The run time: `--now`, else the wall clock.
    var runTime: Date {
        now.flatMap(ISOInstant.parse).map { Date(timeIntervalSince1970: Double($0) / 1e6) } ?? Date()
    }

    /// The history file this run uses: `--history`, else `<defaultFolder>/history.sqlite`; nil
    /// with `--no-history` or without a default folder (validate --no-report).
    func path(defaultFolder: String?) -> String? {
        if noHistory { return nil }
        return history ?? defaultFolder.map { ($0 as NSString).appendingPathComponent("history.sqlite") }
    }

    /// Opens (or creates) the store; its problems are one line and exit 3 (not a history, newer)
    /// or 4 (cannot be written).
    static func open(_ path: String, create: Bool = true) throws -> HistoryStore {
        do {
            return try HistoryStore(path: path, create: create, assayVersion: ProfileBuilder.assayVersion)
        } catch {
            throw CLIError(error)
        }
    }

    // MARK: validate

    /// The history a validation run reads and appends to. A file that does not exist yet is
    /// created only when the run is recorded: a run that fails (unreadable data, a full disk)
    /// leaves no history file, nor the report folder it would sit in.
    struct Target {
        var path: String
        /// Nil until the file exists.
        var store: HistoryStore?
    }

    /// The history of a validation run, or nil without one; a suite whose checks need earlier runs
    /// is refused without one (exit 2) before any data is read.
    func store(for suite: Suite, reportDir: String?) throws -> Target? {
        guard let path = path(defaultFolder: reportDir) else {
            let needing = suite.entries.first { ($0.expectation as? any HistoryExpectation)?.needsHistory == true }
            if let needing {
                throw CLIError(.usage, "\(suite.path): \(needing.type) compares with earlier runs, and this run keeps no history: drop --no-report / --no-history, or pass --history PATH")
            }
            return nil
        }
        return Target(path: path, store: FileManager.default.fileExists(atPath: path) ? try Self.open(path) : nil)
    }

    /// What the suite's history checks read: their series and the previous schema, before `now`
    /// (no earlier runs when the file does not exist yet).
    func read(_ target: Target?, suite: Suite) throws -> RunHistory {
        let time = runTime
        guard let target else { return RunHistory(now: time, available: false) }
        guard let store = target.store else { return RunHistory(now: time, available: true, dataset: dataset ?? suite.name) }
        let requests = suite.entries.flatMap { ($0.expectation as? any HistoryExpectation)?.historyRequests ?? [] }
        do {
            return try store.history(dataset: dataset ?? suite.name, requests: requests, now: time)
        } catch {
            throw CLIError(error)
        }
    }

    /// With a store, every column's summary joins the validation's pass (null count, mean,
    /// deviation, min, max for the history); without one, nothing.
    func plan(_ plan: inout MetricPlan, schema: Schema, store: Target?) {
        if store != nil { HistoryPlan(schema: schema).add(to: &plan) }
    }

    /// Appends the run (one transaction), creating the file on a dataset's first run.
    func record(_ run: ValidationRun, metrics: MetricResults, history: RunHistory, in target: Target?) throws {
        guard let target else { return }
        let store = try target.store ?? Self.open(target.path)
        let record = HistoryRecord.validation(run, metrics: metrics, dataset: history.dataset.isEmpty ? dataset ?? run.suite.name : history.dataset,
                                          runTime: history.now, assayVersion: ProfileBuilder.assayVersion)
        do {
            try store.append(record)
        } catch {
            throw CLIError(error)
        }
    }

    // MARK: profile

    /// Appends a profile run to `--history` or `reports/history.sqlite`.
    func record(_ profile: AssayProfiles.Profile, data: String) throws {
        guard let path = path(defaultFolder: "reports") else { return }
        let store = try Self.open(path)
        do {
            try store.append(HistoryRecord.profile(profile, dataset: dataset ?? DatasetKey.fromFile(data), runTime: runTime))
        } catch {
            throw CLIError(error)
        }
    }
}

extension CLIError {
    /// A history problem: exit 3 when the file cannot be used as a history, 4 when it cannot be written.
    init(_ error: HistoryError) {
        self.init(error.code == .unwritable ? .outputFailed : .unreadableData, error.description)
    }
}

extension AssayCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a dataset's metric over its recorded runs (the run history validate and profile append to).",
            discussion: """
                Metrics: \(HistoryMetric.allCases.map(\.rawValue).joined(separator: ", ")) (all but row_count need --column). \
                Exit codes: 0 printed; 2 usage error or unknown dataset; 3 the history cannot be read.
                """)

        @Argument(help: "The dataset key (a suite's name, or a profiled file's base name; see --dataset).")
        var dataset: String

        @Option(name: .long, help: "The metric (default: row_count).")
        var metric: String = HistoryMetric.rowCount.rawValue

        @Option(name: .long, help: "The column, for per-column metrics.")
        var column: String?

        @Option(name: .long, help: ArgumentHelp("The run history file.", valueName: "path"))
        var history: String = "reports/history.sqlite"

        @Flag(name: .long, help: "Print JSON (for scripts) instead of a table.")
        var json = false

        func validate() throws {
            guard let metric = HistoryMetric(rawValue: metric) else {
                throw ValidationError("--metric must be one of \(HistoryMetric.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(self.metric)\"")
            }
            if metric.isPerColumn && column == nil { throw ValidationError("--metric \(metric.rawValue) needs --column NAME") }
            if !metric.isPerColumn && column != nil { throw ValidationError("--metric row_count is the table's: leave out --column") }
        }

        func run() throws {
            let metric = HistoryMetric(rawValue: metric) ?? .rowCount
            let store = try HistoryOptions.open(history, create: false)
            let points: [HistoryStore.SeriesPoint]
            do {
                let known = try store.datasets()
                guard known.contains(dataset) else {
                    let list = known.isEmpty ? "it has no runs yet" : "datasets: " + known.prefix(20).joined(separator: ", ")
                    throw CLIError(.usage, "\(history): no runs of dataset \"\(dataset)\" (\(list))")
                }
                if let column, !(try store.columns(dataset: dataset)).contains(column) {
                    let columns = try store.columns(dataset: dataset)
                    throw CLIError(.usage, "\(history): dataset \"\(dataset)\" has no metrics of column \"\(column)\" (columns: \(columns.prefix(20).joined(separator: ", ")))")
                }
                points = try store.timeSeries(dataset: dataset, metric: metric, column: column)
            } catch let error as HistoryError {
                throw CLIError(error)
            }
            if json {
                let document = JSONValue.object([
                    ("dataset", .string(dataset)), ("metric", .string(metric.rawValue)), ("column", column.map { .string($0) } ?? .null),
                    ("points", .array(points.map { point in
                        .object([("run_time", .string(RunHistory.isoText(point.runTime))), ("value", Self.json(point.value, metric: metric)),
                                 ("kind", point.kind.map { .string($0.rawValue) } ?? .null)])
                    })),
                ])
                FileHandle.standardOutput.write(Data(document.rendered().utf8))
                return
            }
            let subject = column.map { "\(dataset).\($0) \(metric.rawValue)" } ?? "\(dataset) \(metric.rawValue)"
            var lines = ["\(subject) (\(points.count) run\(points.count == 1 ? "" : "s"))", Self.row("run time", "value", "kind")]
            for point in points {
                lines.append(Self.row(RunHistory.isoText(point.runTime), point.value.map(Self.text) ?? "–", point.kind?.rawValue ?? ""))
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }

        static func row(_ time: String, _ value: String, _ kind: String) -> String {
            time.padding(toLength: 26, withPad: " ", startingAt: 0) + value.padding(toLength: max(16, value.count + 2), withPad: " ", startingAt: 0) + kind
        }

        static func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
        }

        static func json(_ value: Double?, metric: HistoryMetric) -> JSONValue {
            guard let value else { return .null }
            return value == value.rounded() && abs(value) < 1e15 && [.rowCount, .nullCount, .distinctCount].contains(metric) ? .integer(Int64(value)) : .double(value)
        }
    }
}
