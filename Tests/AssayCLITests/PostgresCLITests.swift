import Foundation
import Testing

/// `assay validate` on a postgresql:// source through the binary: a table and a `--query`
/// validate with pushdown by default and the run says so; a missing table, a writing query and a
/// wrong password exit 3 with one line that never shows the password. Needs `ASSAY_PG_URL`
/// (scripts/test starts a throw-away cluster).
enum PostgresServer {
    static let url = ProcessInfo.processInfo.environment["ASSAY_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Runs `sql` on the server with psql (fixtures, independent of the code under test).
    static func psql(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url!, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql failed: \(sql)")
    }

    /// The server's URL naming `table`.
    static func url(table: String) -> String { url! + (url!.contains("?") ? "&" : "?") + "table=" + table }
}

@Suite(.enabled(if: PostgresServer.url != nil, "set ASSAY_PG_URL to a PostgreSQL superuser URL (scripts/pg-cluster start prints one)"))
struct PostgresCLITests: UsesTemporaryFolder {
    static var server: String? { PostgresServer.url }
    let folder = Self.makeFolder()

    func psql(_ sql: String) throws { try PostgresServer.psql(sql) }
    func url(_ table: String) -> String { PostgresServer.url(table: table) }

    @Test func validatesATableAndAQuery() throws {
        let table = "assay_cli_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try psql("CREATE TABLE \(table) AS SELECT g AS id, CASE WHEN g % 10 = 0 THEN NULL ELSE 'v' || (g % 7) END AS name FROM generate_series(1, 1000) g")
        defer { try? psql("DROP TABLE \(table)") }
        let suite = write("pg.yml", """
            name: pg
            expectations:
              - {type: expect_table_row_count_to_equal, kwargs: {value: 1000}}
              - {type: expect_column_values_to_not_be_null, kwargs: {column: name}}
              - {type: expect_column_values_to_be_unique, kwargs: {column: id}}
            """)
        let run = try ParquetCLI.run(["validate", url(table), "--suite", suite, "--json", "-", "--no-report"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.map { $0["success"] as? Bool } == [true, false, true])
        #expect(((results[1]["result"] as? [String: Any])?["unexpected_count"] as? Int) == 100)
        let pushdown = try #require((json["meta"] as? [String: Any])?["pushdown"] as? [String: Any])
        #expect(pushdown["pushed_metrics"] as? Int == 3)
        // The same through --query, which now passes: only the named rows.
        let query = try ParquetCLI.run(["validate", Self.server!, "--query", "SELECT id, name FROM \(table) WHERE name IS NOT NULL",
                                        "--suite", suite, "--json", "-", "--no-report"])
        let queried = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any])
        #expect(((queried["results"] as? [[String: Any]])?.map { $0["success"] as? Bool }) == [false, true, true])
    }

    @Test func badSourcesExitThreeOnOneLine() throws {
        let suite = write("s.yml", "name: s\nexpectations:\n  - {type: expect_table_row_count_to_be_between, kwargs: {min_value: 0}}\n")
        let missing = try ParquetCLI.run(["validate", url("no_such_table_here"), "--suite", suite, "--no-report"])
        #expect(missing.status == 3)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let writing = try ParquetCLI.run(["validate", Self.server!, "--query", "DELETE FROM pg_class RETURNING relname", "--suite", suite, "--no-report"])
        #expect(writing.status == 3, "\(writing.stderr)")
        let secret = "s3cr3t-Pa55"
        let wrong = Self.server!.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://nobody_here:\(secret)@")
        let refused = try ParquetCLI.run(["validate", wrong, "--query", "SELECT 1 AS x", "--suite", suite, "--no-report"])
        #expect(refused.status == 3)
        #expect(!refused.stderr.contains(secret) && !refused.stdout.contains(secret))
        let usage = try ParquetCLI.run(["validate", "data.csv", "--query", "SELECT 1", "--suite", suite])
        #expect(usage.status == 2)
    }
}
