import Foundation
import Testing

/// A Parquet file answers row and null counts from its footer (`--pushdown auto`, the default):
/// the results must be exactly those of reading every page (`--pushdown off`) — counts, the
/// first null rows and their row numbers — and the run says what was pushed.
@Suite struct PushdownCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    @Test func parquetFooterAnswersAsStreamingDoes() throws {
        let suite = write("footer.yml", """
            name: footer
            expectations:
              - type: expect_table_row_count_to_equal
                kwargs: {value: 3000}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: id}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: quantity}
              - type: expect_column_values_to_be_null
                kwargs: {column: name, result_format: COMPLETE}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: day, result_format: COMPLETE}
              - type: expect_column_values_to_be_in_set
                kwargs: {column: category, value_set: [plus, team]}
            """)
        let table = ParquetCLITests.fixtures + "/roundtrip/small-pages.parquet"
        func results(_ mode: String) throws -> (results: String, meta: [String: Any]) {
            let outcome = try ParquetCLI.run(["validate", table, "--suite", suite, "--json", "-", "--no-report", "--pushdown", mode])
            #expect(outcome.status == 1, "\(outcome.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let rendered = try JSONSerialization.data(withJSONObject: try #require(json["results"]), options: [.sortedKeys])
            return (String(decoding: rendered, as: UTF8.self), try #require(json["meta"] as? [String: Any]))
        }
        let pushed = try results("auto"), streamed = try results("off")
        #expect(pushed.results == streamed.results)
        // The nulls found are numbered rows, not placeholders.
        #expect(pushed.results.contains("\"partial_unexpected_index_list\""))
        let report = try #require(pushed.meta["pushdown"] as? [String: Any])
        // The row count and four null checks; the value-set check is streamed.
        #expect(report["pushed_metrics"] as? Int == 5)
        #expect((report["streamed_metrics"] as? [String])?.count == 1)
        #expect(streamed.meta["pushdown"] == nil)
    }

    @Test func pushdownTakesOnlyItsThreeModes() throws {
        let outcome = try ParquetCLI.run(["validate", ParquetCLITests.table, "--suite", write("s.yml", "name: s\nexpectations: []\n"), "--pushdown", "maybe"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--pushdown must be on, off or auto"))
    }
}
