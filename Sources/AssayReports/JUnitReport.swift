import AssaySuites

/// JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one `testsuite` per suite, one
/// `testcase` per expectation (`classname` = suite.column, or suite.table for table-level ones;
/// `name` = type and arguments, unique within the suite), `failure` for a failed error-severity
/// expectation; a failed warning passes, its text in `system-out`.
public enum JUnitReport {
    public static func render(_ run: ValidationRun) -> String {
        let failures = run.failures(atLeast: .error).count
        let time = String(format: "%.3f", run.durationSeconds)
        let suiteName = Inert.xml(Inert.clip(run.suite.name, limit: 200))
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"assay\" tests=\"\(run.outcomes.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
        xml += "  <testsuite name=\"\(suiteName)\" tests=\"\(run.outcomes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" "
        xml += "time=\"\(time)\" timestamp=\"\(HTMLReport.timestamp(run.startTime))\">\n"
        xml += "    <properties>\n"
        xml += "      <property name=\"data_source\" value=\"\(Inert.xml(Inert.clip(run.source, limit: 500)))\"/>\n"
        xml += "      <property name=\"row_count\" value=\"\(run.rowCount)\"/>\n"
        xml += "      <property name=\"suite_file\" value=\"\(Inert.xml(Inert.clip(run.suite.path, limit: 500)))\"/>\n"
        xml += "    </properties>\n"
        var used: [String: Int] = [:]
        for outcome in run.outcomes {
            let text = ExpectationText(type: outcome.entry.type, kwargs: outcome.entry.kwargs)
            var name = text.label(omittingColumns: true)
            used[name, default: 0] += 1
            if let seen = used[name], seen > 1 { name += " #\(seen)" }
            let classname = run.suite.name + "." + (text.columns.isEmpty ? "table" : text.columns.joined(separator: ","))
            xml += "    <testcase classname=\"\(Inert.xml(Inert.clip(classname, limit: 300)))\" name=\"\(Inert.xml(name))\" time=\"0\">"
            let message = Self.message(outcome, text: text)
            if !outcome.success && outcome.entry.severity == .error {
                xml += "\n      <failure message=\"\(Inert.xml(message))\" type=\"\(outcome.exception == nil ? "expectation_failed" : "not_evaluated")\">"
                xml += Inert.xml(text.sentence) + "</failure>\n    "
            } else if !outcome.success {
                xml += "\n      <system-out>WARNING: \(Inert.xml(message))</system-out>\n    "
            }
            xml += "</testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// One line: what was expected and what was found.
    static func message(_ outcome: ExpectationOutcome, text: ExpectationText) -> String {
        if let exception = outcome.exception { return Inert.clip("not evaluated: " + exception, limit: 500) }
        var parts = ["expected " + text.sentence.prefix(1).lowercased() + text.sentence.dropFirst()]
        if let observed = HTMLReport.field(outcome, "observed_value") { parts.append("observed " + HTMLReport.observedText(observed)) }
        if let count = HTMLReport.field(outcome, "unexpected_count")?.number {
            parts.append("\(HTMLReport.grouped(Int(count))) unexpected")
            if let sample = HTMLReport.field(outcome, "partial_unexpected_list")?.array, !sample.isEmpty {
                parts.append("e.g. " + sample.prefix(5).map { Inert.display($0, limit: 40) }.joined(separator: ", "))
            }
        }
        return Inert.clip(parts.joined(separator: "; "), limit: 500)
    }
}
