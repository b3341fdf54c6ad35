import AssayColumns
import AssayExpectations
@testable import AssayHistory
import AssayMetrics
import AssayReaders
import AssaySuites
import CSQLite3
import Foundation
import Testing

/// The store: what it writes, what it reads back, migrations, refusals, atomicity; and the
/// validator reading it through a suite.
@Suite struct HistoryStoreTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "assay-history-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let day = 86_400.0
    /// 2026-03-02T06:00:00Z, a Monday.
    static let monday = Date(timeIntervalSince1970: 1_772_431_200)

    func record(_ dataset: String = "orders", day: Int, rowCount: Int, mean: Double? = nil, columns: [HistoryColumn]? = nil) -> HistoryRecord {
        HistoryRecord(dataset: dataset, kind: .validate, runTime: Self.monday.addingTimeInterval(Double(day) * Self.day), source: "orders.csv",
                      suite: dataset, rowCount: rowCount, success: true,
                      columns: columns ?? [HistoryColumn(name: "id", type: "int64"), HistoryColumn(name: "amount", type: "float64")],
                      metrics: mean.map { [HistoryRecord.Metric(column: "amount", metric: .mean, value: $0)] } ?? [],
                      results: [HistoryRecord.Result(type: "expect_table_row_count_to_be_between", kwargs: "{\"min_value\": 1}", severity: "error",
                                                     success: true, observedValue: Double(rowCount))],
                      assayVersion: "test")
    }

    @Test func runsComeBackBeforeTheRunTimeOldestFirst() throws {
        let store = try HistoryStore(path: folder + "/h.sqlite")
        for day in 0..<10 { try store.append(record(day: day, rowCount: 100 + day, mean: Double(day))) }
        try store.append(record("other", day: 3, rowCount: 5))
        let now = Self.monday.addingTimeInterval(7 * Self.day)
        let rows = HistoryRequest(metric: .rowCount, column: nil, span: .runs(3))
        let means = HistoryRequest(metric: .mean, column: "amount", span: .seconds(3 * Self.day))
        let history = try store.history(dataset: "orders", requests: [rows, means], now: now)
        // Runs strictly before day 7: the last three row counts, and the means of days 4…6.
        #expect(history.series[rows]?.map(\.value) == [104, 105, 106])
        #expect(history.series[means]?.map(\.value) == [4, 5, 6])
        #expect(history.previousSchema?.columns.map(\.name) == ["id", "amount"])
        #expect(history.previousSchema?.runTime == Self.monday.addingTimeInterval(6 * Self.day))
        #expect(try store.datasets() == ["orders", "other"])
        #expect(try store.timeSeries(dataset: "orders", metric: .mean, column: "amount").map(\.value) == (0..<10).map { Double($0) })
    }

    @Test func seasonalKeepsTheSameWeekday() throws {
        let store = try HistoryStore(path: folder + "/h.sqlite")
        // Six weeks of daily runs; Mondays have 1,000 rows, other days 100.
        for day in 0..<42 { try store.append(record(day: day, rowCount: day % 7 == 0 ? 1_000 : 100)) }
        let request = HistoryRequest(metric: .rowCount, column: nil, span: .runs(8), sameWeekday: true)
        let history = try store.history(dataset: "orders", requests: [request], now: Self.monday.addingTimeInterval(42 * Self.day))
        #expect(history.series[request]?.map(\.value) == [1_000, 1_000, 1_000, 1_000, 1_000, 1_000])
    }

    @Test func anOlderStoreIsMigrated() throws {
        let path = folder + "/old.sqlite"
        do {
            let old = try HistoryStore(path: path, upToVersion: 1)
            #expect(try old.version() == 1)
            try old.append(record(day: 0, rowCount: 100))
        }
        let store = try HistoryStore(path: path)
        #expect(try store.version() == HistoryStore.schemaVersion)
        #expect(try store.database.integer("SELECT count(*) FROM schema_version") == Int64(HistoryStore.schemaVersion))
        // The version 1 run is still there; it kept no schema, so there is none to compare with.
        let rows = HistoryRequest(metric: .rowCount, column: nil, span: .runs(30))
        let history = try store.history(dataset: "orders", requests: [rows], now: Self.monday.addingTimeInterval(Self.day))
        #expect(history.series[rows]?.map(\.value) == [100])
        #expect(history.previousSchema == nil)
        try store.append(record(day: 1, rowCount: 101))
        #expect(try store.history(dataset: "orders", requests: [], now: Self.monday.addingTimeInterval(2 * Self.day)).previousSchema != nil)
    }

    @Test func aNewerStoreIsRefused() throws {
        let path = folder + "/new.sqlite"
        do {
            let store = try HistoryStore(path: path)
            try store.database.execute("PRAGMA user_version = 99")
        }
        let error = try #require(throws: HistoryError.self) { try HistoryStore(path: path) }
        #expect(error.code == .newerSchema)
        #expect(error.description == "\(path): written by a newer Assay (history schema version 99; this build reads up to \(HistoryStore.schemaVersion)): upgrade Assay or pass another --history file")
    }

    @Test func otherFilesAreNotAHistory() throws {
        let text = folder + "/notes.txt"
        _ = FileManager.default.createFile(atPath: text, contents: Data("id,amount\n1,2\n".utf8))
        let error = try #require(throws: HistoryError.self) { try HistoryStore(path: text) }
        #expect(error.code == .notAHistory)
        #expect(error.description == "\(text): not an Assay history (file is not a database)")
        // Another application's SQLite database.
        let foreign = folder + "/foreign.sqlite"
        var handle: OpaquePointer?
        sqlite3_open(foreign, &handle)
        sqlite3_exec(handle, "CREATE TABLE t (x)", nil, nil, nil)
        sqlite3_close(handle)
        let refused = try #require(throws: HistoryError.self) { try HistoryStore(path: foreign) }
        #expect(refused.code == .notAHistory)
        // Reading never creates a file.
        #expect(throws: HistoryError.self) { try HistoryStore(path: folder + "/absent.sqlite", create: false) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/absent.sqlite"))
    }

    @Test func aFailedAppendLeavesNothing() throws {
        let store = try HistoryStore(path: folder + "/h.sqlite")
        try store.append(record(day: 0, rowCount: 100))
        // The run row goes in first; a failure at its columns must take it back out.
        try store.database.execute("CREATE TRIGGER fail BEFORE INSERT ON run_columns BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
        #expect(throws: HistoryError.self) { try store.append(record(day: 1, rowCount: 200)) }
        #expect(try store.database.integer("SELECT count(*) FROM runs") == 1)
        #expect(try store.database.integer("SELECT count(*) FROM expectation_results") == 1)
    }

    @Test func datasetKeysDropDatesAndExtensions() {
        #expect(DatasetKey.fromFile("/data/orders_2024-06-01.csv.gz") == "orders")
        #expect(DatasetKey.fromFile("2024/06/01/events-20240601T0300.parquet") == "events")
        #expect(DatasetKey.fromFile("sales-2024-06-01-eu.csv") == "sales_eu")
        #expect(DatasetKey.fromFile("customers.csv") == "customers")
        #expect(DatasetKey.fromFile("2024-06-01.csv") == "2024-06-01")
        #expect(DatasetKey.fromFile("ledger_2024_06.csv") == "ledger")
    }

    // MARK: Through the validator

    func csv(_ name: String, _ text: String) throws -> CSVReader {
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return try CSVReader(path: path)
    }

    func suite(_ yaml: String) throws -> Suite { try Suite.parse(yaml, path: folder + "/suite.yml") }

    /// Validates, records, and returns the outcomes, as the CLI does.
    func validate(_ suite: Suite, _ source: CSVReader, store: HistoryStore, now: Date) throws -> [ExpectationOutcome] {
        let requests = suite.entries.flatMap { ($0.expectation as? any HistoryExpectation)?.historyRequests ?? [] }
        let history = try store.history(dataset: suite.name, requests: requests, now: now)
        let (run, metrics) = try Validator.run(suite, source: source, workerCount: 1, history: history) { plan in
            HistoryPlan(schema: source.schema).add(to: &plan)
        }
        try store.append(HistoryRecord.validation(run, metrics: metrics, dataset: suite.name, runTime: now, assayVersion: "test"))
        return run.outcomes
    }

    @Test func aValidationRecordsItsColumnsAndResults() throws {
        let store = try HistoryStore(path: folder + "/h.sqlite")
        let checks = try suite("""
            name: orders
            expectations:
              - type: expect_column_values_to_be_unique
                kwargs: {column: id}
              - type: expect_column_mean_to_be_between
                kwargs: {column: amount, min_value: 0}
            """)
        let source = try csv("d.csv", "id,amount,day,note\n1,2.5,2026-03-01,a\n2,,2026-03-02,\n3,4.5,2026-02-27,b\n")
        _ = try validate(checks, source, store: store, now: Self.monday)
        func series(_ metric: HistoryMetric, _ column: String) throws -> [Double?] {
            try store.timeSeries(dataset: "orders", metric: metric, column: column).map(\.value)
        }
        #expect(try series(.nullRate, "amount") == [1.0 / 3])
        #expect(try series(.mean, "amount") == [3.5])
        #expect(try series(.stddev, "amount") == [Double(2).squareRoot()])
        #expect(try series(.max, "day") == [1_772_409_600])  // 2026-03-02T00:00:00Z
        #expect(try series(.mean, "note") == [nil])
        // Distinct counts only where the run computed one (the uniqueness check's, on id).
        #expect(try series(.distinctCount, "id") == [3])
        #expect(try series(.distinctCount, "note") == [nil])
        var results: [String] = []
        try store.database.query("SELECT type, kwargs, success, observed_value FROM expectation_results ORDER BY position") { row in
            results.append("\(row.text(0)!) \(row.text(1)!) \(row.integer(2)) \(row.real(3).map { "\($0)" } ?? "null")")
        }
        #expect(results == [
            "expect_column_values_to_be_unique {\"column\": \"id\"} 1 null",
            "expect_column_mean_to_be_between {\"column\": \"amount\", \"min_value\": 0} 1 3.5",
        ])
    }

    @Test func historyChecksReadTheStoreTheyWriteTo() throws {
        let store = try HistoryStore(path: folder + "/h.sqlite")
        let checks = try suite("""
            name: orders
            expectations:
              - type: expect_table_row_count_to_be_within_history
              - type: expect_column_metric_to_be_within_history
                kwargs: {column: amount, metric: mean, strategy: absolute_change, max_increase: 10}
              - type: expect_no_retyped_columns
            """)
        func table(_ rows: Int, amount: String = "1") -> String { "id,amount\n" + (0..<rows).map { "\($0),\(amount)\n" }.joined() }
        for day in 0..<6 {
            let outcomes = try validate(checks, try csv("d\(day).csv", table(10 + day % 2)), store: store, now: Self.monday.addingTimeInterval(Double(day) * Self.day))
            #expect(outcomes.allSatisfy { $0.success }, "day \(day)")
        }
        // Row counts 10, 11, 10, 11, 10, 11: mean 10.5, sd 0.5477: band [8.857, 12.143]; 5 rows fail.
        // The mean jumps by 99 > 10; amount becomes text.
        let outcomes = try validate(checks, try csv("bad.csv", table(5, amount: "x")), store: store, now: Self.monday.addingTimeInterval(6 * Self.day))
        #expect(outcomes.map(\.success) == [false, false, false])
        #expect(outcomes[1].exception == "column \"amount\" is string: mean needs a numeric column")
        #expect(outcomes[2].result.first { $0.0 == "observed_value" }?.1
                == .array([.object([("name", .string("amount")), ("previous_type", .string("int64")), ("type", .string("string"))])]))
    }
}
