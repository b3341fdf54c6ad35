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
        history: RunHistory? = nil
    ) throws -> ValidationRun {
        try run(suite, source: source, resultFormat: resultFormat, workerCount: workerCount, baseline: baseline, pushdown: pushdown,
                history: history, extras: { _ in }).run
    }

    /// The same, with `extras` planned into the same pass (a report's figures); their values come
    /// back with the run. `metricCount` counts the suite's metrics only. History checks read
    /// `history` (earlier runs, read from the store before the pass); without one they see the
    /// clock only, and those that need earlier runs fail saying so.
    public static func run(
        _ suite: Suite, source: some BatchSource, resultFormat: ResultFormat = ResultFormat(),
        workerCount: Int = Parallel.processorCount, baseline: Profile? = nil, pushdown: PushdownMode = .auto,
        history: RunHistory? = nil, extras: (inout MetricPlan) -> Void
    ) throws -> (run: ValidationRun, metrics: MetricResults) {
        let started = Date()
        let history = history ?? RunHistory(now: started, available: false)
        let clock = ContinuousClock.now
        var plan = MetricPlan()
        for entry in suite.entries {
            if let drift = entry.expectation as? any BaselineExpectation, let baseline {
                drift.plan(&plan, baseline: baseline)
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
                if let drift = entry.expectation as? any BaselineExpectation, let baseline {
                    evaluation = try drift.evaluate(metrics, baseline: baseline, format: format)
                } else if let historical = entry.expectation as? any HistoryExpectation {
                    evaluation = try historical.evaluate(metrics, history: history, format: format)
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
