import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayProfiles
import AssayReaders
import AssayStatistics
import Foundation

/// The outcome of one expectation of a run.
public struct ExpectationOutcome: Sendable {
    public var entry: SuiteEntry
    public var success: Bool
    public var result: [(String, JSONValue)]
    /// Why the expectation could not be evaluated (missing column, wrong type), as GX's `exception_info`.
    public var exception: String?
}

/// A suite run against one data source.
public struct ValidationRun: Sendable {
    public var suite: Suite
    public var source: String
    public var rowCount: Int
    public var startTime: Date
    public var durationSeconds: Double
    public var outcomes: [ExpectationOutcome]
    /// Distinct metrics computed in the pass (a suite's expectations share them).
    public var metricCount: Int
    /// What a database source computed itself (nil for files).
    public var pushdown: PushdownReport?

    /// Failed expectations of at least `severity` (`.warning` counts warnings and errors).
    public func failures(atLeast severity: Severity) -> [ExpectationOutcome] {
        outcomes.filter { !$0.success && (severity == .warning || $0.entry.severity == .error) }
    }

    public var success: Bool { outcomes.allSatisfy(\.success) }
}

/// Runs a suite: every expectation's metrics planned together, one parallel pass, then the verdicts.
public enum Validator {
    public static func run(
        _ suite: Suite, source: some BatchSource, resultFormat: ResultFormat = ResultFormat(),
        workerCount: Int = Parallel.processorCount, baseline: Profile? = nil, pushdown: PushdownMode = .auto,
        history: RunHistory? = nil, openTable: TableOpener? = nil
    ) throws -> ValidationRun {
        try run(suite, source: source, resultFormat: resultFormat, workerCount: workerCount, baseline: baseline, pushdown: pushdown,
                history: history, openTable: openTable, extras: { _ in }).run
    }

    /// Opens the other table of a cross-table check (a resolved path or a source URL).
    public typealias TableOpener = (String) throws -> any BatchSource

    /// The same, with `extras` planned into the same pass (a report's figures); their values come
    /// back with the run. `metricCount` counts the suite's metrics only. History checks read
    /// `history` (earlier runs, read from the store before the pass); without one they see the
    /// clock only, and those that need earlier runs fail saying so.
    public static func run(
        _ suite: Suite, source: some BatchSource, resultFormat: ResultFormat = ResultFormat(),
        workerCount: Int = Parallel.processorCount, baseline: Profile? = nil, pushdown: PushdownMode = .auto,
        history: RunHistory? = nil, openTable: TableOpener? = nil, extras: (inout MetricPlan) -> Void
    ) throws -> (run: ValidationRun, metrics: MetricResults) {
        let started = Date()
        let history = history ?? RunHistory(now: started, available: false)
        let clock = ContinuousClock.now
        var plan = MetricPlan()
        let others = otherTables(suite, workerCount: workerCount, pushdown: pushdown, open: openTable ?? { try CSVReader(path: $0) })
        for entry in suite.entries {
            if let cross = entry.expectation as? any CrossTableExpectation {
                if case .success(let other)? = others[otherTablePath(cross.otherTable, suite: suite)] { cross.plan(&plan, other: other) }
            } else if let drift = entry.expectation as? any BaselineExpectation, let baseline {
                drift.plan(&plan, baseline: baseline)
            } else if let filter = entry.rowFilter {
                var scoped = MetricPlan()
                entry.expectation.plan(&scoped)
                plan.addFiltered(scoped, filter: filter)
            } else {
                entry.expectation.plan(&plan)
            }
        }
        let suiteMetricCount = plan.count
        extras(&plan)
        let metrics = try plan.run(source, workerCount: workerCount, pushdown: pushdown)
        let outcomes = suite.entries.map { entry in
            let format = entry.resultFormat ?? resultFormat
            do throws(MetricError) {
                let evaluation: Evaluation
                if let querying = entry.expectation as? any SourceQueryExpectation {
                    guard let aggregating = source.aggregating else {
                        throw MetricError("\(entry.type) runs a query on the source, and \(source.name) runs none (a PostgreSQL source does)")
                    }
                    do {
                        evaluation = try querying.evaluate(querying: aggregating, format: format)
                    } catch let error as MetricError {
                        throw error
                    } catch {
                        throw MetricError("the query failed: \(error)")
                    }
                } else if let cross = entry.expectation as? any CrossTableExpectation {
                    let other = try others[otherTablePath(cross.otherTable, suite: suite)]?.get()
                    guard let other else { throw MetricError("the other table \(cross.otherTable) was not read") }
                    evaluation = try cross.evaluate(metrics, other: other, format: format)
                } else if let drift = entry.expectation as? any BaselineExpectation, let baseline {
                    evaluation = try drift.evaluate(metrics, baseline: baseline, format: format)
                } else if let historical = entry.expectation as? any HistoryExpectation {
                    evaluation = try historical.evaluate(metrics, history: history, format: format)
                } else if let filter = entry.rowFilter {
                    evaluation = try entry.expectation.evaluate(metrics.filtered(by: filter), format: format)
                } else {
                    evaluation = try entry.expectation.evaluate(metrics, format: format)
                }
                return ExpectationOutcome(entry: entry, success: evaluation.success,
                                          result: format.level == .booleanOnly ? [] : evaluation.result, exception: nil)
            } catch {
                return ExpectationOutcome(entry: entry, success: false, result: [], exception: error.message)
            }
        }
        let adjusted = adjustingPValues(outcomes)
        let elapsed = ContinuousClock.now - clock
        var run = ValidationRun(
            suite: suite, source: source.name, rowCount: metrics.rowCount, startTime: started,
            durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            outcomes: adjusted, metricCount: suiteMetricCount)
        run.pushdown = metrics.pushdown
        return (run, metrics)
    }

    /// Whether the suite runs queries of its own on the source (then the source must be a database).
    public static func runsQueries(_ suite: Suite) -> SuiteEntry? {
        suite.entries.first { $0.expectation is any SourceQueryExpectation }
    }

    /// A cross-table check's other table: a source URL or an absolute path as written, a relative
    /// path against the suite file's folder (as `baseline:`).
    static func otherTablePath(_ table: String, suite: Suite) -> String {
        if table.contains("://") || table.hasPrefix("/") { return table }
        return (URL(fileURLWithPath: suite.path).deletingLastPathComponent().path as NSString).appendingPathComponent(table)
    }

    /// A source URL as messages may show it: `scheme://user@host…`, the password left out.
    static func withoutPassword(_ path: String) -> String {
        guard let scheme = path.range(of: "://"), let at = path[scheme.upperBound...].firstIndex(of: "@"),
              let colon = path[scheme.upperBound..<at].firstIndex(of: ":") else { return path }
        return String(path[..<colon]) + String(path[at...])
    }

    /// Every other table of the suite's cross-table checks, each read once (in its own pass) for
    /// the metrics all its checks plan on it. A table that cannot be opened or read fails its
    /// checks (with `exception_info`), not the run.
    static func otherTables(_ suite: Suite, workerCount: Int, pushdown: PushdownMode,
                            open: TableOpener) -> [String: Result<OtherTable, MetricError>] {
        var plans: [String: MetricPlan] = [:]
        var order: [String] = []
        for entry in suite.entries {
            guard let cross = entry.expectation as? any CrossTableExpectation else { continue }
            let path = otherTablePath(cross.otherTable, suite: suite)
            if plans[path] == nil { order.append(path) }
            cross.planOther(&plans[path, default: MetricPlan()])
        }
        var results: [String: Result<OtherTable, MetricError>] = [:]
        for path in order {
            do {
                let source = try open(path)
                let metrics = try plans[path]!.run(source, workerCount: workerCount, pushdown: pushdown)
                results[path] = .success(OtherTable(metrics: metrics, source: source.aggregating.map(OtherTableSource.init)))
            } catch let error as MetricError {
                results[path] = .failure(error)
            } catch {
                results[path] = .failure(MetricError("cannot read the other table \(withoutPassword(path)): \(error)"))
            }
        }
        return results
    }

    /// With several drift tests in a suite, each `details.p_value` gets a Benjamini–Hochberg
    /// adjusted companion, `details.p_value_adjusted` (the verdicts stay on the raw p-values and
    /// effect sizes the suite asked for).
    static func adjustingPValues(_ outcomes: [ExpectationOutcome]) -> [ExpectationOutcome] {
        let tested = outcomes.indices.filter { outcomes[$0].entry.expectation is any BaselineExpectation }
        let located: [(index: Int, p: Double)] = tested.compactMap { index in
            guard let details = outcomes[index].result.first(where: { $0.0 == "details" })?.1, let p = details["p_value"]?.number else { return nil }
            return (index, p)
        }
        guard located.count >= 2 else { return outcomes }
        let adjusted = MultipleTesting.benjaminiHochberg(located.map(\.p))
        var result = outcomes
        for (item, value) in zip(located, adjusted) {
            result[item.index].result = result[item.index].result.map { key, member in
                guard key == "details", case .object(var fields) = member else { return (key, member) }
                if let position = fields.firstIndex(where: { $0.0 == "p_value" }) { fields.insert(("p_value_adjusted", .double(value)), at: position + 1) }
                return (key, .object(fields))
            }
        }
        return result
    }
}
