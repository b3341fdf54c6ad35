import AssayColumns
import AssayExpectations
import AssayProfiles
import AssayReaders
@testable import AssayReports
import AssaySuites
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Reports rendered from real validation runs over a CSV full of hostile values: every output
/// must stay inert (no markup, script or external reference from the data), bounded, and
/// well-formed.
@Suite struct HostileValuesTests {
    static let megabyte = String(repeating: "A", count: 1 << 20)
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "]]>", "a\u{1}b\u{1B}[31mc\u{7F}", "x | y `z` *w* [l](http://e.x)",
        "line\nbreak", "</textarea><svg onload=alert(1)>", megabyte,
    ]

    /// A run whose samples, suite name, kwargs and meta all carry the hostile strings.
    static func hostileRun() throws -> (ValidationRun, Figures) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = "id,comment,amount\n"
        for (index, text) in hostile.enumerated() {
            let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            csv += "\(index),\(quoted),\(index * 40 - 20)\n"
        }
        try csv.write(toFile: folder + "/hostile.csv", atomically: true, encoding: .utf8)
        let suite = try Suite.parse("""
            {"name": "<script>alert('suite')</script>\\u0007",
             "expectations": [
               {"type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "comment", "value_set": ["<b>ok</b>", "\\"><img src=y onerror=z>"]},
                "meta": {"notes": "<iframe src=//evil.example>"}},
               {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 100}},
               {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "comment", "value_set": ["<b>ok</b>", "\\"><img src=y onerror=z>"]}},
               {"type": "expect_column_to_exist", "kwargs": {"column": "<script>missing</script>"}},
               {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "<script>gone</script>", "min_value": 0}},
               {"type": "expect_column_pair_correlation_to_be_between", "kwargs": {"column_A": "id", "column_B": "amount", "min_value": 0.5}}
             ]}
            """, path: folder + "/<suite>.json")
        let plan = FigurePlan(suite: suite)
        let (run, metrics) = try Validator.run(suite, source: try CSVReader(path: folder + "/hostile.csv"), resultFormat: ResultFormat(level: .summary),
                                                workerCount: 2) { plan.add(to: &$0) }
        return (run, plan.collect(metrics))
    }

    /// Every start tag of a page (escaped text holds no `<`, so these are the page's own).
    static func tags(_ html: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: "<[A-Za-z][^>]*>")
        return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range, in: html)!]) }
    }

    /// Nothing from the data opens an element, and control characters never pass through.
    static func expectInert(_ text: String, allowedScripts: Int = 0) {
        #expect(text.components(separatedBy: "<script").count - 1 == allowedScripts)
        for tag in ["<img", "<iframe", "<svg onload", "<b>", "</textarea"] { #expect(!text.contains(tag), "\(tag) leaked") }
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F || $0.value == 0x1B })
        #expect(text.utf8.count < 400_000, "the 1 MB value must be cut")
    }

    @Test func htmlReportIsInertBoundedAndSelfContained() throws {
        let (run, figures) = try Self.hostileRun()
        let html = HTMLReport.render(run, figures: figures, assayVersion: "test", runID: "r1")
        Self.expectInert(html)
        #expect(html.contains("more characters)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // No request of any kind: no URL, no external reference, and a policy forbidding them.
        for tag in Self.tags(html) {
            #expect(tag.range(of: #"(src|href|action)\s*=\s*["']?([A-Za-z][A-Za-z0-9+.-]*:|//)"#, options: .regularExpression) == nil, "\(tag)")
        }
        #expect(!html.contains("url(") && !html.contains("@import"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        // Failed-only filter, both figures, and the samples with rows.
        #expect(html.contains("id=\"failed-only\""))
        #expect(html.contains("class=\"figure\""))
        #expect(html.contains("Correlation heatmap"))
        #expect(html.contains("<th>Rows (0-based)</th>"))
        #expect(html.contains("Not evaluated"))
    }

    @Test func profilePageIsInertAndBounded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-profile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = "\"<script>alert('column')</script>\",amount\n"
        for (index, text) in Self.hostile.enumerated() {
            csv += "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\",\(index)\n"
        }
        try csv.write(toFile: folder + "/hostile.csv", atomically: true, encoding: .utf8)
        let profile = try ProfileBuilder.build(try CSVReader(path: folder + "/hostile.csv"), workerCount: 2)
        let html = ProfileReport.render(profile)
        Self.expectInert(html)
        #expect(html.contains("&lt;script&gt;alert(&#39;column&#39;)&lt;/script&gt;"))
        for tag in Self.tags(html) {
            #expect(tag.range(of: #"(src|href|action)\s*=\s*["']?([A-Za-z][A-Za-z0-9+.-]*:|//)"#, options: .regularExpression) == nil, "\(tag)")
        }
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
    }

    @Test func junitIsWellFormedXMLWithOneCasePerExpectation() throws {
        let (run, _) = try Self.hostileRun()
        let xml = JUnitReport.render(run)
        Self.expectInert(xml)
        #expect(!xml.contains("]]>"))
        let counter = XMLCounter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "JUnit XML must parse: \(String(describing: parser.parserError))")
        #expect(counter.elements["testsuite"] == 1)
        #expect(counter.elements["testcase"] == run.outcomes.count)
        #expect(counter.elements["failure"] == run.failures(atLeast: .error).count)
        // Two identical expectations still get distinct names.
        #expect(Set(counter.caseNames).count == counter.caseNames.count)
        #expect(counter.caseNames.contains { $0.hasSuffix(" #2") })
        #expect(counter.classNames.contains { $0.hasSuffix(".comment") })
    }

    @Test func markdownRowsStayRowsAndMarkupIsEscaped() throws {
        let (run, _) = try Self.hostileRun()
        let markdown = MarkdownReport.render(run, assayVersion: "test")
        Self.expectInert(markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") }
        #expect(rows.count == run.outcomes.filter { !$0.success }.count)
        for row in rows {
            // Four cells: every pipe from the data is escaped.
            let cells = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(cells == 5, "\(row)")
        }
        #expect(markdown.hasPrefix("### ❌ Assay: suite"))
    }

    @Test func indexEmbedsRecordsWithoutBreakingOut() throws {
        let (run, _) = try Self.hostileRun()
        let record = RunRecord(run: run, runID: "r1", report: "<suite>/r1/report.html")
        let html = RunIndex.render([record, record], assayVersion: "test")
        Self.expectInert(html, allowedScripts: 2)
        #expect(html.components(separatedBy: "</script>").count - 1 == 2)
        #expect(html.contains("href=\"%3Csuite%3E/r1/report.html\""))
    }
}

final class XMLCounter: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var caseNames: [String] = []
    var classNames: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if name == "testcase" {
            caseNames.append(attributes["name"] ?? "")
            classNames.append(attributes["classname"] ?? "")
        }
    }
}

/// The report folder's index: records kept across runs, rebuilt when unreadable, one page in the
/// DOM whatever the number of runs, concurrent runs all recorded, no temporary file left.
@Suite struct RunIndexTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-index-\(UUID().uuidString)").path

    static func record(_ number: Int, suite: String = "orders", success: Bool = true) -> RunRecord {
        RunRecord(runID: String(format: "2026%04d", number), suite: suite, source: "data.csv",
                  startTime: String(format: "2026-11-25T%02d:%02d:%02dZ", number / 3600 % 24, number / 60 % 60, number % 60),
                  durationSeconds: 0.5, success: success, evaluated: 3, failedErrors: success ? 0 : 1, failedWarnings: 0,
                  rowCount: 10, report: "\(suite)/\(String(format: "2026%04d", number))/report.html")
    }

    @Test func tenThousandRunsRenderOnePage() {
        let records = (0..<10_000).map { Self.record($0, suite: "suite\($0 % 7)", success: $0 % 5 != 0) }.reversed()
        let html = RunIndex.render(Array(records), assayVersion: "test")
        let body = html.components(separatedBy: "<tbody id=\"runs\">")[1].components(separatedBy: "</tbody>")[0]
        #expect(body.components(separatedBy: "<tr>").count - 1 == RunIndex.pageSize)
        #expect(html.contains("10000 runs of 7 suites · 2000 failed"))
        #expect(html.contains("The newest 50 of 10000 runs"))
    }

    @Test func addsKeepsAndSortsNewestFirst() throws {
        for number in [5, 1, 9] { try RunIndex.add(Self.record(number), directory: folder, assayVersion: "test") }
        let records = RunIndex.load(directory: folder)
        #expect(records.map(\.runID) == ["20260009", "20260005", "20260001"])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(Set(files) == ["index.json", "index.html", ".index.lock"])
    }

    @Test func concurrentRunsAreAllRecorded() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let folder = self.folder
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for number in 0..<10 { try? RunIndex.add(Self.record(worker * 100 + number), directory: folder, assayVersion: "test") }
        }
        #expect(RunIndex.load(directory: folder).count == 40)
    }

    @Test func anUnreadableIndexIsRebuiltFromResults() throws {
        let runFolder = folder + "/orders/20260101T000000.000Z"
        try FileManager.default.createDirectory(atPath: runFolder, withIntermediateDirectories: true)
        let result = """
            {"success": false, "results": [{"success": false, "severity": "error"}, {"success": true, "severity": "error"}],
             "meta": {"suite_name": "orders", "data_source": "d.csv", "start_time": "2026-01-01T00:00:00.000Z",
                      "duration_seconds": 1.5, "row_count": 7}}
            """
        try result.write(toFile: runFolder + "/result.json", atomically: true, encoding: .utf8)
        try "not json".write(toFile: folder + "/index.json", atomically: true, encoding: .utf8)
        try RunIndex.add(Self.record(3), directory: folder, assayVersion: "test")
        let records = RunIndex.load(directory: folder)
        #expect(records.count == 2)
        let rebuilt = try #require(records.first { $0.runID == "20260101T000000.000Z" })
        #expect(!rebuilt.success && rebuilt.failedErrors == 1 && rebuilt.evaluated == 2 && rebuilt.rowCount == 7)
        #expect(rebuilt.report == "orders/20260101T000000.000Z/report.html")
    }

    @Test func aFailedWriteLeavesThePreviousIndexAndNoTemporaryFile() throws {
        try RunIndex.add(Self.record(1), directory: folder, assayVersion: "test")
        let before = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        // index.json cannot be replaced (a folder stands in its way): the add fails whole.
        let blocked = FileManager.default.temporaryDirectory.appendingPathComponent("assay-index-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: blocked + "/index.json", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: folder + "/index.html", toPath: blocked + "/index.html")
        #expect(throws: (any Error).self) { try RunIndex.add(Self.record(2), directory: blocked, assayVersion: "test") }
        #expect(try String(contentsOfFile: blocked + "/index.html", encoding: .utf8) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: blocked).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty)
    }
}

@Suite struct ExpectationTextTests {
    @Test func plainWords() {
        func sentence(_ type: String, _ kwargs: [(String, JSONValue)]) -> String {
            ExpectationText(type: type, kwargs: kwargs.map { (key: $0.0, value: $0.1) }).sentence
        }
        #expect(sentence("expect_column_values_to_be_between", [("column", .string("a")), ("min_value", .integer(1)), ("max_value", .integer(50)), ("mostly", .double(0.99))])
                == "Values between 1 and 50, for at least 99% of rows")
        #expect(sentence("expect_column_mean_to_be_between", [("column", .string("a")), ("min_value", .integer(0)), ("strict_min", .bool(true))])
                == "Mean greater than 0")
        #expect(sentence("expect_table_row_count_to_equal", [("value", .integer(3))]) == "Row count exactly 3")
        #expect(sentence("expect_column_values_to_be_in_set", [("column", .string("a")), ("value_set", .array((0..<10).map { .integer($0) }))])
                == "Values in {0, 1, 2, 3, 4, 5, 6, 7, … 2 more}")
    }
}
