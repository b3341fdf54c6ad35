import Foundation
import Testing

/// `assay import dbt`: the example in suites/dbt/ regenerates its checked-in suites byte for byte
/// (`RECORD_GOLDEN=1` rewrites them and fails), unmapped tests are listed on stderr, and the
/// imported suites run against the sample tables with the expected verdicts.
@Suite struct DbtImportTests: UsesTemporaryFolder {
    let folder = Self.makeFolder()
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("suites/dbt").path

    @Test func regeneratesTheCheckedInSuites() throws {
        let out = folder + "/out"
        let run = try ParquetCLI.run(["import", "dbt", Self.example + "/schema.yml", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == """
            note: \(Self.example)/schema.yml: orders.amount: dbt_utils.accepted_range: error_if ">10" counts rows, and Assay thresholds are shares (mostly); imported as a warning on any failure
            note: \(Self.example)/schema.yml: orders.amount: test "dbt_expectations.expect_column_values_to_be_of_type" has no Assay counterpart; not imported
            note: \(Self.example)/schema.yml: customers.tier: not_null is disabled (enabled: false); not imported

            """)
        for model in ["orders", "customers"] {
            let made = try String(contentsOfFile: out + "/\(model).yml", encoding: .utf8)
            let golden = Self.example + "/\(model).yml"
            if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
                try made.write(toFile: golden, atomically: true, encoding: .utf8)
                Issue.record("recorded \(golden)")
            }
            #expect(made == (try String(contentsOfFile: golden, encoding: .utf8)), "\(model).yml differs from the checked-in suite")
        }
    }

    @Test func importedSuitesRunOnTheSampleTables() throws {
        let orders = try ParquetCLI.run(["validate", Self.example + "/orders.csv", "--suite", Self.example + "/orders.yml", "--json", "-", "--no-report"])
        #expect(orders.status == 1, "\(orders.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(orders.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.map { $0["success"] as? Bool } == [false, true, true, true, true, false, false, false])
        // Orders of customers 7 and 9, which customers.csv lacks (rows 2 and 5).
        let orphans = try #require(results[5]["result"] as? [String: Any])
        #expect(orphans["partial_unexpected_list"] as? [Int] == [7, 9])
        #expect(orphans["partial_unexpected_index_list"] as? [Int] == [2, 5])
        let customers = try ParquetCLI.run(["validate", Self.example + "/customers.csv", "--suite", Self.example + "/customers.yml", "--no-report"])
        #expect(customers.status == 0, "\(customers.stderr)")
    }

    @Test func oldSpellingThresholdsAndProblems() throws {
        let schema = write("schema.yml", """
            version: 2
            models:
              - name: t
                columns:
                  - name: a
                    tests:
                      - not_null:
                          severity: warn
                      - unique:
                          config: {error_if: ">=1", warn_if: ">5"}
                      - relationships: {to: "source('raw', 'parents')", field: id}
                      - relationships: {to: "parents", field: id}
                      - accepted_values: {values: ['x'], where: "a >"}
                      - custom_test
            """)
        let run = try ParquetCLI.run(["import", "dbt", schema, "-o", folder + "/o", "--table-extension", "parquet"])
        #expect(run.status == 0, "\(run.stderr)")
        let suite = try String(contentsOfFile: folder + "/o/t.yml", encoding: .utf8)
        #expect(suite.contains("""
              - type: expect_column_values_to_not_be_null
                kwargs: {"column": "a"}
                severity: warning
              - type: expect_column_values_to_be_unique
                kwargs: {"column": "a"}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {"column": "a", "other_table": "parents.parquet", "other_column": "id"}

            """))
        #expect(run.stderr.contains("t.a: unique: warn_if \">5\" counts rows; Assay reports any failure"))
        #expect(run.stderr.contains("t.a: relationships to parents is not a ref('…') or source('…', '…'); not imported"))
        #expect(run.stderr.contains("t.a: accepted_values: where \"a >\" is not Assay's expression language (column 4: expected a value, found the end); the test is not imported"))
        #expect(run.stderr.contains("t.a: test \"custom_test\" has no Assay counterpart; not imported"))
        #expect(suite.contains("#   - t.a: test \"custom_test\" has no Assay counterpart; not imported"))
        let bad = try ParquetCLI.run(["import", "dbt", write("bad.yml", "version: 2\n"), "-o", folder + "/o"])
        #expect(bad.status == 2)
    }
}
