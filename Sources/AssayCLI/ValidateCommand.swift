import ArgumentParser
import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayProfiles
import AssayReaders
import AssayReports
import AssaySuites
import Foundation

extension AssayCommand {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a dataset against an expectation suite; the exit code says whether downstream jobs may run.",
            discussion: """
                Exit codes: 0 every error-severity expectation passed (failed warnings allowed); 1 an \
                error-severity expectation failed (or a warning, with --fail-on warning); 2 usage or suite \
                error; 3 the data could not be read; 4 an output could not be written.
                """)

        @Argument(help: "The data file (CSV, gzip-compressed CSV or Parquet).")
        var data: String

        @Option(name: .long, help: "The suite: YAML, or Great Expectations JSON (1.x or 0.x).")
        var suite: String

        @OptionGroup var options: ValidationOptions

        func run() throws {
            // The suite is checked whole before any data is read.
            try options.run(try Suite.load(path: suite), data: data)
        }

        static func join(_ parts: String...) -> String {
            parts.dropFirst().reduce(parts[0]) { ($0 as NSString).appendingPathComponent($1) }
        }


        static func runID(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
            return formatter.string(from: date)
        }

        /// A suite name as one safe path component.
        static func safeName(_ name: String) -> String {
            let cleaned = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
            return cleaned.isEmpty || cleaned.hasPrefix(".") ? "suite" + cleaned : cleaned
        }

        /// A few lines for logs: the verdict (as the exit code gives it), counts, each failure.
        static func summary(_ run: ValidationRun, failOn: Severity = .error) -> String {
            let failed = run.outcomes.filter { !$0.success }
            let verdict = run.failures(atLeast: failOn).isEmpty ? "PASSED" : "FAILED"
            let warnings = failed.filter { $0.entry.severity == .warning }.count
            var lines = ["\(verdict) \(run.suite.name) on \(run.source): "
                + "\(run.outcomes.count - failed.count)/\(run.outcomes.count) expectations passed"
                + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s") failed)" : "")
                + ", \(run.rowCount) rows, " + String(format: "%.2f s", run.durationSeconds)]
            for outcome in failed {
                let column = outcome.entry.kwargs.first { $0.key == "column" }?.value.string.map { " [\($0)]" } ?? ""
                var detail = outcome.exception.map { "error: \($0)" } ?? ""
                if detail.isEmpty, let observed = outcome.result.first(where: { $0.0 == "observed_value" })?.1 {
                    detail = "observed \(observed.compact)"
                } else if detail.isEmpty, let count = outcome.result.first(where: { $0.0 == "unexpected_count" })?.1 {
                    detail = "\(count.compact) unexpected"
                }
                lines.append("  \(outcome.entry.severity.rawValue): \(outcome.entry.type)\(column) \(detail)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a suite without reading any data: types, kwargs, values. Exit 0 when it is valid, 2 when not.")

        @Argument(help: "The suite file (YAML or JSON).")
        var suite: String

        func run() throws {
            let loaded = try Suite.load(path: suite)
            print("\(suite): \(loaded.entries.count) expectation\(loaded.entries.count == 1 ? "" : "s"), valid")
        }
    }
}

/// The flags of a validation run and the run itself, shared by `validate` and `contract check`.
struct ValidationOptions: ParsableArguments {
    @Option(name: .long, help: "Write the validation result JSON here ('-' for stdout).")
    var json: String?

    @Option(name: .long, help: "Write <dir>/<suite>/<run-id>/result.json and report.html, and refresh <dir>/index.html.")
    var reportDir: String = "reports"

    @Flag(name: .long, help: "Write no report folder (only the outputs named by --json, --html, --junit, --markdown).")
    var noReport = false

    @Option(name: .long, help: "The baseline drift checks compare with: a profile JSON (assay profile) or a dataset; overrides the suite's baseline:.")
    var baseline: String?

    @Option(name: .long, help: "Write a self-contained HTML report here.")
    var html: String?

    @Option(name: .long, help: "Write JUnit XML here (Jenkins, GitLab, GitHub test reporters).")
    var junit: String?

    @Option(name: .long, help: "Write a Markdown summary here (pull-request comments, CI step summaries).")
    var markdown: String?

    @Option(name: .long, help: "Exit 1 when an expectation of this severity or worse fails: error (default) or warning.")
    var failOn: String = "error"

    @Option(name: .long, help: "BOOLEAN_ONLY, BASIC, SUMMARY (default) or COMPLETE; an expectation's own result_format wins.")
    var resultFormat: String = "SUMMARY"

    @Option(name: .long, help: "Worker threads (default: one per core).")
    var workers: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Let the source compute what it can: on, off or auto (default). A database runs the aggregates; a Parquet file answers row and null counts from its footer.",
        valueName: "on|off|auto"))
    var pushdown: String = "auto"

    @OptionGroup var csv: CSVFlags

    @OptionGroup var history: HistoryOptions

    func validate() throws {
        guard Severity(rawValue: failOn) != nil else { throw ValidationError("--fail-on must be error or warning, not \"\(failOn)\"") }
        guard ResultFormat.Level(rawValue: resultFormat.uppercased()) != nil else {
            throw ValidationError("--result-format must be BOOLEAN_ONLY, BASIC, SUMMARY or COMPLETE, not \"\(resultFormat)\"")
        }
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers must be between 1 and 256") }
        guard PushdownMode(rawValue: pushdown) != nil else { throw ValidationError("--pushdown must be on, off or auto, not \"\(pushdown)\"") }
    }

    /// Validates `loaded` (a suite file, or a compiled contract) against `data`: the same
    /// result JSON, reports, summary and exit codes whatever the suite came from.
    func run(_ loaded: Suite, data: String) throws {
        let baselinePath = baseline ?? loaded.baseline
        if loaded.needsBaseline && baselinePath == nil {
            throw CLIError(.usage, "\(loaded.path): the suite compares with a baseline: add `baseline: PATH` to it or pass --baseline PATH")
        }
        // Run history (HistoryCommand.swift): what the history checks compare with, read before the
        // pass; this run's summaries are planned into the pass and appended after the reports.
        let store = try history.store(for: loaded, reportDir: noReport ? nil : reportDir)
        let runHistory = try history.read(store, suite: loaded)
        let reference = try baselinePath.map { path in
            try DataSource.baseline(path, options: try csv.options(), workerCount: workers ?? Parallel.processorCount)
        }
        let source = try csv.open(data)
        if let querying = Validator.runsQueries(loaded), !source.runsQueries {
            throw CLIError(.usage, "\(loaded.path) line \(querying.line): \(querying.type) runs a query on the source, and \(data) is a file: run the suite on a postgresql:// source")
        }
        let format = ResultFormat(level: ResultFormat.Level(rawValue: resultFormat.uppercased()) ?? .summary)
        let rendersHTML = html != nil || !noReport
        // A report's figures are computed in the same pass; without a report they cost nothing.
        let figurePlan = rendersHTML ? FigurePlan(suite: loaded) : nil
        let (run, metrics) = try Validator.run(loaded, source: source, resultFormat: format,
                                               workerCount: workers ?? Parallel.processorCount, baseline: reference,
                                               pushdown: PushdownMode(rawValue: pushdown) ?? .auto, history: runHistory,
                                               openTable: { path in try DataSource.open(path, options: try csv.options()) }) { plan in
            figurePlan?.add(to: &plan)
            history.plan(&plan, schema: source.schema, store: store)
        }
        let version = ProfileBuilder.assayVersion
        let document = Data(run.json(assayVersion: version).rendered().utf8)
        let figures = figurePlan?.collect(metrics) ?? Figures()
        let runID = AssayCommand.Validate.runID(run.startTime)
        if let json, json != "-" { try CLIError.write(document, to: json) }
        if let html { try CLIError.write(Data(HTMLReport.render(run, figures: figures, assayVersion: version, runID: runID).utf8), to: html) }
        if let junit { try CLIError.write(Data(JUnitReport.render(run).utf8), to: junit) }
        if let markdown { try CLIError.write(Data(MarkdownReport.render(run, assayVersion: version).utf8), to: markdown) }
        if !noReport { try writeReportFolder(run, document: document, figures: figures, runID: runID) }
        try history.record(run, metrics: metrics, history: runHistory, in: store)
        let threshold = Severity(rawValue: failOn) ?? .error
        let summary = AssayCommand.Validate.summary(run, failOn: threshold)
        if json == "-" {
            FileHandle.standardOutput.write(document)
            FileHandle.standardError.write(Data(summary.utf8))
        } else {
            FileHandle.standardOutput.write(Data(summary.utf8))
        }
        if !run.failures(atLeast: threshold).isEmpty { throw CLIError(.failed, "") }
    }

    /// `DIR/<suite>/<run-id>/` with result.json and report.html, then the index: the run's
    /// files are complete before the index names them.
    private func writeReportFolder(_ run: ValidationRun, document: Data, figures: Figures, runID: String) throws {
        let suiteFolder = AssayCommand.Validate.safeName(run.suite.name)
        var folderName = runID
        var attempt = 1
        while FileManager.default.fileExists(atPath: AssayCommand.Validate.join(reportDir, suiteFolder, folderName)) {
            attempt += 1
            folderName = "\(runID)-\(attempt)"
        }
        let folder = AssayCommand.Validate.join(reportDir, suiteFolder, folderName)
        let version = ProfileBuilder.assayVersion
        try CLIError.write(document, to: AssayCommand.Validate.join(folder, "result.json"))
        try CLIError.write(Data(HTMLReport.render(run, figures: figures, assayVersion: version, runID: folderName).utf8), to: AssayCommand.Validate.join(folder, "report.html"))
        let record = RunRecord(run: run, runID: folderName, report: "\(suiteFolder)/\(folderName)/report.html")
        do {
            try RunIndex.add(record, directory: reportDir, assayVersion: version)
        } catch {
            throw CLIError(.outputFailed, "\(AssayCommand.Validate.join(reportDir, "index.html")): cannot update the run index: \(CLIError.reason(error))")
        }
    }
}

extension AnySource {
    /// Whether the source runs a suite's own queries (`expect_query_to_return_no_rows`).
    var runsQueries: Bool {
        if case .postgres = self { return true }
        return false
    }
}
