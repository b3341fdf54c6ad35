import AssayColumns
import AssayExpectations
import AssayReaders
@testable import AssayReports
import AssaySuites
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `HostileValuesTests` puts hostile strings in values, the suite name, kwargs and meta; these put
/// them where a table's author controls them too — the header's column names — and add SQL and
/// Markdown code spans. Every format stays inert, and the JSON result carries each string back
/// exactly (escaped, not mangled).
@Suite struct InjectionTests {
    static let names = ["<script>alert('col')</script>", "\"><img src=x onerror=alert(1)>", "a]]>b", "p|q `r` ``s``", "'; DROP TABLE runs; --"]

    static func run() throws -> ValidationRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-injection-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var csv = names.map(quoted).joined(separator: ",") + "\n"
        for row in 0..<4 { csv += names.map { quoted(row == 0 ? $0 : "\($0) \(row)") }.joined(separator: ",") + "\n" }
        try csv.write(toFile: folder + "/hostile.csv", atomically: true, encoding: .utf8)
        let expectations = names.map { name -> String in
            let column = String(data: try! JSONSerialization.data(withJSONObject: [name], options: [.fragmentsAllowed]), encoding: .utf8)!
            return "{\"type\": \"expect_column_values_to_be_in_set\", \"kwargs\": {\"column\": \(column.dropFirst().dropLast()), \"value_set\": [\(column.dropFirst().dropLast())]}}"
        }
        let suite = try Suite.parse("{\"name\": \"'; DROP TABLE runs; -- `x` | y\", \"expectations\": [\(expectations.joined(separator: ", "))]}",
                                    path: folder + "/s.json")
        return try Validator.run(suite, source: try CSVReader(path: folder + "/hostile.csv"), resultFormat: ResultFormat(level: .complete),
                                 workerCount: 2)
    }

    @Test func hostileColumnNamesStayInertInEveryFormat() throws {
        let run = try Self.run()
        #expect(run.outcomes.count == Self.names.count)
        #expect(run.outcomes.allSatisfy { !$0.success && $0.exception == nil }, "each column is found by its hostile name")

        let html = HTMLReport.render(run, figures: Figures(), assayVersion: "test", runID: "r1")
        HostileValuesTests.expectInert(html)
        #expect(html.contains("&lt;script&gt;alert(&#39;col&#39;)&lt;/script&gt;"))
        for tag in HostileValuesTests.tags(html) { #expect(!tag.contains("onerror"), "\(tag)") }

        let xml = JUnitReport.render(run)
        HostileValuesTests.expectInert(xml)
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = XMLCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(counter.elements["testcase"] == Self.names.count)
        #expect(counter.classNames.contains { $0.hasSuffix(".a]]>b") }, "the name comes back exactly once parsed")

        let markdown = MarkdownReport.render(run, assayVersion: "test")
        HostileValuesTests.expectInert(markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") }
        #expect(rows.count == Self.names.count)
        for row in rows {
            #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 5, "\(row)")
            #expect(!row.contains("``s``") && !row.contains("`r`"), "backticks open no code span: \(row)")
        }
    }

    @Test func theResultJSONCarriesEveryNameBackExactly() throws {
        let run = try Self.run()
        let data = Data(run.json(assayVersion: "test").rendered().utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let columns = results.compactMap { (($0["expectation_config"] as? [String: Any])?["kwargs"] as? [String: Any])?["column"] as? String }
        #expect(columns == Self.names)
        #expect(json["suite_name"] as? String == "'; DROP TABLE runs; -- `x` | y")
    }
}
