import Foundation
import Testing

/// `expect_query_to_return_no_rows` on PostgreSQL through the binary, cross-table checks whose
/// other table is a postgresql:// URL, and the refusal of a query check on a file (exit 2).
@Suite(.enabled(if: PostgresServer.url != nil, "set ASSAY_PG_URL to a PostgreSQL superuser URL (scripts/pg-cluster start prints one)"))
struct CustomQueryCLITests: UsesTemporaryFolder {
    static var server: String? { PostgresServer.url }
    let folder = Self.makeFolder()

    func psql(_ sql: String) throws { try PostgresServer.psql(sql) }
    func url(_ table: String) -> String { PostgresServer.url(table: table) }

    @Test func queriesAndOtherTablesOnPostgres() throws {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let (orders, customers) = ("assay_orders_" + suffix, "assay_customers_" + suffix)
        try psql("CREATE TABLE \(customers) AS SELECT g AS id FROM generate_series(1, 90) g")
        try psql("CREATE TABLE \(orders) AS SELECT g AS id, g % 100 AS customer_id, (g % 25) - 1 AS amount, DATE '2024-01-01' + g AS day FROM generate_series(1, 1000) g")
        defer { try? psql("DROP TABLE \(orders); DROP TABLE \(customers)") }
        let suite = write("pg.yml", """
            name: pg
            expectations:
              - type: expect_query_to_return_no_rows
                kwargs: {query: "SELECT id, amount, day FROM {table} WHERE amount < 0 ORDER BY id"}
              - type: expect_query_to_return_no_rows
                kwargs: {query: "SELECT * FROM {table} WHERE amount > 1000"}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: "\(url(customers))", other_column: id}
              - type: expect_table_row_count_to_equal_other_table
                kwargs: {other_table_name: "\(url(customers))"}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: "\(url(orders))", other_column: id}
            """)
        let run = try ParquetCLI.run(["validate", url(orders), "--suite", suite, "--json", "-", "--no-report"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.map { $0["success"] as? Bool } == [false, true, false, false, false])
        // amount = -1 when g % 25 == 0: 40 rows, the first being id 25.
        let first = try #require(results[0]["result"] as? [String: Any])
        #expect(first["observed_value"] as? Int == 40)
        let sample = (first["partial_unexpected_list"] as? [[String: Any]])?.first
        #expect(sample?["id"] as? Int == 25 && sample?["amount"] as? Int == -1 && sample?["day"] as? String == "2024-01-26")
        // customer_id 0 and 91…99: 10 of every 100 rows.
        #expect(((results[2]["result"] as? [String: Any])?["unexpected_count"] as? Int) == 100)
        #expect(((results[3]["result"] as? [String: Any])?["observed_value"] as? Int) == 1000)
        // Both relationship checks ran in the database as semi-joins (the second against its own
        // table: customer_id 0 is no order id), so their samples carry no row numbers …
        #expect(((results[4]["result"] as? [String: Any])?["unexpected_count"] as? Int) == 10)
        #expect((results[2]["result"] as? [String: Any])?["partial_unexpected_index_list"] == nil)
        let pushdown = try #require((json["meta"] as? [String: Any])?["pushdown"] as? [String: Any])
        #expect(pushdown["pushed_metrics"] as? Int == 2, "\(pushdown)")
        // … and streaming agrees, with row numbers.
        let streamed = try ParquetCLI.run(["validate", url(orders), "--suite", suite, "--json", "-", "--no-report", "--pushdown", "off"])
        let streamedJSON = try #require(try JSONSerialization.jsonObject(with: Data(streamed.stdout.utf8)) as? [String: Any])
        let streamedResults = try #require(streamedJSON["results"] as? [[String: Any]])
        #expect(streamedResults.map { $0["success"] as? Bool } == [false, true, false, false, false])
        #expect(((streamedResults[2]["result"] as? [String: Any])?["unexpected_count"] as? Int) == 100)
        #expect(((streamedResults[4]["result"] as? [String: Any])?["unexpected_count"] as? Int) == 10)
        #expect(((streamedResults[4]["result"] as? [String: Any])?["partial_unexpected_index_list"] as? [Int])?.count == 10)
    }

    @Test func aQueryCheckOnAFileIsASuiteError() throws {
        let data = write("d.csv", "a\n1\n")
        let suite = write("q.yml", "name: q\nexpectations:\n  - {type: expect_query_to_return_no_rows, kwargs: {query: \"SELECT 1\"}}\n")
        let run = try ParquetCLI.run(["validate", data, "--suite", suite, "--no-report"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("expect_query_to_return_no_rows runs a query on the source, and \(data) is a file: run the suite on a postgresql:// source"), "\(run.stderr)")
    }
}
