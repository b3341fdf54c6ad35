import AssaySuites

/// A short summary for pull-request comments and CI step summaries: the verdict, a table of
/// failures, then the counts. Every cell is escaped for GitHub/GitLab Markdown.
public enum MarkdownReport {
    public static let failureRowsMax = 50

    public static func render(_ run: ValidationRun, assayVersion: String) -> String {
        let failedErrors = run.outcomes.filter { !$0.success && $0.entry.severity == .error }
        let failedWarnings = run.outcomes.filter { !$0.success && $0.entry.severity == .warning }
        let passed = failedErrors.isEmpty
        var lines = ["### \(passed ? "✅" : "❌") Assay: suite \(Inert.markdown(Inert.clip(run.suite.name, limit: 100))) "
                     + "\(passed ? "passed" : "failed") on \(Inert.markdown(Inert.clip(run.source, limit: 200)))", ""]
        let failed = failedErrors + failedWarnings
        if !failed.isEmpty {
            lines += ["| Severity | Expectation | Column | Found |", "|---|---|---|---|"]
            for outcome in failed.prefix(failureRowsMax) {
                let text = ExpectationText(type: outcome.entry.type, kwargs: outcome.entry.kwargs)
                let found = JUnitReport.message(outcome, text: text).components(separatedBy: "; ").dropFirst().joined(separator: "; ")
                lines.append("| \(outcome.entry.severity.rawValue) | \(Inert.markdown(text.sentence)) | "
                             + "\(Inert.markdown(Inert.clip(text.section ?? "(table)", limit: 80))) | "
                             + "\(Inert.markdown(Inert.clip(outcome.exception.map { "not evaluated: " + $0 } ?? found, limit: 200))) |")
            }
            if failed.count > failureRowsMax { lines += ["", "… and \(failed.count - failureRowsMax) more failures."] }
            lines.append("")
        }
        lines.append("**\(run.outcomes.count - failed.count)/\(run.outcomes.count) expectations passed** · "
                     + "\(failedErrors.count) error\(failedErrors.count == 1 ? "" : "s") failed · "
                     + "\(failedWarnings.count) warning\(failedWarnings.count == 1 ? "" : "s") failed · "
                     + "\(HTMLReport.grouped(run.rowCount)) rows · " + String(format: "%.2f s", run.durationSeconds)
                     + " · Assay \(Inert.markdown(assayVersion))")
        return lines.joined(separator: "\n") + "\n"
    }
}
