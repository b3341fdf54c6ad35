import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayReaders
@testable import AssaySuites
import Foundation
import Testing

func temporaryFile(_ name: String, _ text: String) -> String {
    let folder = NSTemporaryDirectory() + "assay-suites-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

func suiteError(_ text: String, name: String = "suite.yml") -> SuiteError? {
    do {
        _ = try Suite.parse(text, path: name)
        return nil
    } catch {
        return error
    }
}

@Suite struct SuiteParsingTests {
    @Test func yamlWithSeverityAndMeta() throws {
        let suite = try Suite.parse("""
            name: orders
            expectations:
              - type: expect_column_values_to_be_between
                kwargs: {column: amount, min_value: 0, max_value: 10000, mostly: 0.99}
                severity: warning
                meta: {owner: payments-data, notes: "refunds are negative in the raw feed"}
              - type: expect_column_values_to_be_in_set
                kwargs: {column: country, value_set: [NO, SE, DK]}
            """, path: "orders.yml")
        #expect(suite.name == "orders")
        #expect(suite.entries.count == 2)
        #expect(suite.entries[0].severity == .warning)
        #expect(suite.entries[1].severity == .error)
        #expect(suite.entries[0].meta["owner"] == .string("payments-data"))
        #expect(suite.entries[0].line == 3)
        // YAML 1.2 booleans only: Norway stays a country code.
        #expect(suite.entries[1].kwargs.first { $0.key == "value_set" }?.value == .array([.string("NO"), .string("SE"), .string("DK")]))
    }

    @Test func greatExpectationsJSONBothSpellings() throws {
        let modern = try Suite.parse("""
            {"name": "s", "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}, "meta": {}}]}
            """, path: "s.json")
        #expect(modern.entries.map(\.type) == ["expect_table_row_count_to_be_between"])
        let legacy = try Suite.parse("""
            {"expectation_suite_name": "old", "expectations": [{"expectation_type": "expect_column_to_exist", "kwargs": {"column": "a"}}],
             "meta": {"great_expectations_version": "0.18.8"}, "data_asset_type": null}
            """, path: "old.json")
        #expect(legacy.name == "old")
        #expect(legacy.entries.map(\.type) == ["expect_column_to_exist"])
    }

    @Test func theBenchmarkSuiteLoads() throws {
        let shared = ProcessInfo.processInfo.environment["ASSAY_SHARED_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared").path
        let path = shared + "/bench/lineitem_suite.json"
        try #require(FileManager.default.fileExists(atPath: path), "needs ../shared/bench (ASSAY_SHARED_DIR)")
        #expect(try Suite.load(path: path).entries.count == 26)
    }

    // MARK: Errors: file, line, expectation, and what to change — word for word.

    @Test func unknownTypeSuggestsTheClosest() {
        let error = suiteError("""
            name: s
            expectations:
              - type: expect_column_values_to_be_betwen
                kwargs: {column: a, min_value: 1}
            """)
        #expect(error?.description == "suite.yml line 3, expectation 1 (expect_column_values_to_be_betwen): unknown expectation type (did you mean \"expect_column_values_to_be_between\"?)")
    }

    @Test func unknownKwargSuggestsTheClosest() {
        let error = suiteError("""
            name: s
            expectations:
              - type: expect_column_values_to_not_be_null
                kwargs:
                  colum: a
            """)
        #expect(error?.line == 5)
        #expect(error?.message.hasPrefix("unknown kwarg \"colum\" (did you mean \"column\"?)") == true)
    }

    @Test func missingKwarg() {
        #expect(suiteError("name: s\nexpectations:\n  - type: expect_column_values_to_not_be_null\n    kwargs: {}\n")?.message
                == "kwarg \"column\" is required")
    }

    @Test func wrongValueType() {
        let error = suiteError("name: s\nexpectations:\n  - type: expect_column_values_to_be_in_set\n    kwargs:\n      column: a\n      value_set: 5\n")
        #expect(error?.line == 6)
        #expect(error?.message == "kwarg \"value_set\" must be a list, not 5")
    }

    @Test func mostlyOutsideTheUnitInterval() {
        let error = suiteError("name: s\nexpectations:\n  - type: expect_column_values_to_not_be_null\n    kwargs:\n      column: a\n      mostly: 1.5\n")
        #expect(error?.message == "kwarg \"mostly\" must be between 0 and 1, not 1.5")
        #expect(error?.line == 6)
    }

    @Test func minAboveMax() {
        let error = suiteError("name: s\nexpectations:\n  - type: expect_column_mean_to_be_between\n    kwargs: {column: a, min_value: 5, max_value: 1}\n")
        #expect(error?.message == "kwarg \"min_value\" min_value cannot be greater than max_value (5.0 > 1.0)")
    }

    @Test func malformedYAMLNamesTheLine() {
        let error = suiteError("name: s\nexpectations:\n  - type: [unclosed\n")
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("not valid YAML or JSON") == true)
    }

    @Test func unknownTopLevelKeyAndSeverity() {
        #expect(suiteError("nme: s\nexpectations: []\n")?.message == "unknown key \"nme\" (did you mean \"name\"?)")
        #expect(suiteError("name: s\nexpectations:\n  - type: expect_column_to_exist\n    kwargs: {column: a}\n    severity: fatal\n")?.message
                == "severity must be \"error\" or \"warning\"")
    }

    /// "Billion laughs": nine levels of nine aliases would expand to 9^9 nodes.
    @Test func aliasBombsAreRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "name: bomb\nexpectations: []\n"
        let error = suiteError(yaml)
        #expect(error?.message == "the suite expands to more than 1000000 YAML nodes (repeated aliases?)")
    }

    @Test func missingFile() {
        #expect(throws: SuiteError.self) { try Suite.load(path: "/nonexistent/suite.yml") }
    }
}
