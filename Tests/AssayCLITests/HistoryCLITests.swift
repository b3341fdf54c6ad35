import Foundation
import Testing

/// The run history through the real binary: a month of daily runs of the sample data, freshness,
/// concurrent runs, schema drift, `assay history`, and the errors.
@Suite struct HistoryCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    static let suite = """
        name: customers-daily
        expectations:
          - type: expect_table_row_count_to_be_within_history
          - type: expect_column_metric_to_be_within_history
            kwargs: {column: income, metric: mean}
          - type: expect_column_metric_to_be_within_history
            kwargs: {column: age, metric: null_rate, strategy: normal, variant: online}
          - type: expect_column_metric_to_be_within_history
            kwargs: {column: plan, metric: null_count, strategy: absolute_change, max_increase: 10}
          - type: expect_column_metric_to_be_within_history
            kwargs: {column: sessions_30d, metric: mean, strategy: seasonal, min_history: 3}
          - type: expect_column_max_to_be_recent
            kwargs: {column: last_seen_at, max_age: 2d}
          - type: expect_no_added_columns
          - type: expect_no_removed_columns
          - type: expect_no_reordered_columns
          - type: expect_no_retyped_columns
        """

    /// Day `day` of December 2024 at 06:00 UTC (the sample's newest `last_seen_at` is late December 2024).
    static func morning(_ day: Int) -> String { String(format: "2024-12-%02dT06:00:00Z", day) }

    func validate(_ data: String, suite: String, history: String, now: String, extra: [String] = []) throws -> Assay.Outcome {
        try Assay.run(["validate", data, "--suite", suite, "--no-report", "--history", history, "--now", now, "--json", "-"] + extra)
    }

    /// The result JSON's outcomes by type (with a column suffix where several share a type).
    func results(_ outcome: Assay.Outcome) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return try #require(json["results"] as? [[String: Any]])
    }

    func failed(_ outcome: Assay.Outcome) throws -> [String] {
        try results(outcome).filter { $0["success"] as? Bool == false }.map { result in
            let config = result["expectation_config"] as? [String: Any]
            return config?["type"] as? String ?? "?"
        }
    }

    @Test func aMonthOfDailyRunsThenHalfTheRowsThenStaleData() throws {
        let suite = write("daily.yml", Self.suite)
        let history = folder + "/history.sqlite"
        // 30 days of the same process (a new seed each day): nothing is raised.
        for day in 1...30 {
            let data = folder + "/day\(day).csv"
            #expect(try Assay.run(["sample", "--out", data, "--rows", "2000", "--seed", "\(day)"]).status == 0)
            let outcome = try validate(data, suite: suite, history: history, now: Self.morning(day))
            #expect(outcome.status == 0, "day \(day): \(outcome.stderr)")
            #expect(try failed(outcome) == [], "day \(day)")
            try FileManager.default.removeItem(atPath: data)
        }
        // Day 31 has half the rows: the row-count check, and only it, flags it.
        let half = folder + "/half.csv"
        _ = try Assay.run(["sample", "--out", half, "--rows", "1000", "--seed", "31"])
        let flagged = try validate(half, suite: suite, history: history, now: Self.morning(31))
        #expect(flagged.status == 1)
        #expect(try failed(flagged) == ["expect_table_row_count_to_be_within_history"])
        let rowCheck = try #require(try results(flagged).first)
        let result = try #require(rowCheck["result"] as? [String: Any])
        let details = try #require(result["details"] as? [String: Any])
        #expect(result["observed_value"] as? Int == 1000)
        #expect(details["past_count"] as? Int == 30)
        #expect(details["window"] as? String == "last 30 runs")
        #expect((details["band"] as? [String: Any])?["lower"] as? Double == 2000)
        #expect(flagged.stderr.contains("error: expect_table_row_count_to_be_within_history observed 1000"))
        // A week after the newest last_seen_at, freshness fails (and the run lands in the history).
        let stale = folder + "/stale.csv"
        _ = try Assay.run(["sample", "--out", stale, "--rows", "2000", "--seed", "32"])
        let late = try validate(stale, suite: suite, history: history, now: "2025-01-08T06:00:00Z")
        #expect(try failed(late) == ["expect_column_max_to_be_recent"])
        let series = try Assay.run(["history", "customers-daily", "--history", history, "--json"])
        #expect(series.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(series.stdout.utf8)) as? [String: Any])
        let points = try #require(document["points"] as? [[String: Any]])
        #expect(points.count == 32)
        #expect(points.first?["run_time"] as? String == "2024-12-01T06:00:00Z")
        #expect(points.map { $0["value"] as? Int } == Array(repeating: 2000, count: 30) + [1000, 2000])
    }

    @Test func freshnessMeasuresFromNowAndCountsADateAsItsMidnight() throws {
        let data = write("events.csv", "id,day,at\n1,2026-03-01,2026-03-01T20:00:00Z\n2,2026-02-27,2026-02-27T10:00:00Z\n")
        let suite = write("fresh.yml", """
            name: events
            expectations:
              - type: expect_column_max_to_be_recent
                kwargs: {column: day, max_age: 1d}
              - type: expect_column_max_to_be_recent
                kwargs: {column: at, max_age: 6h}
            """)
        // Freshness needs no history: it runs with --no-report alone.
        func run(_ now: String) throws -> [Bool] {
            let outcome = try Assay.run(["validate", data, "--suite", suite, "--no-report", "--now", now, "--json", "-"])
            return try results(outcome).map { $0["success"] as? Bool ?? false }
        }
        // 2026-03-02T00:00Z is one day after the date's midnight: passes; a second later, fails.
        // The timestamp's newest, 20:00 on March 1, is 6 h old at 02:00 on March 2.
        #expect(try run("2026-03-02T00:00:00Z") == [true, true])
        #expect(try run("2026-03-02T00:00:01Z") == [false, true])
        #expect(try run("2026-03-02T02:00:01Z") == [false, false])
        // Before the newest value: age 0.
        #expect(try run("2026-03-01T02:00:00Z") == [true, true])
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--no-report", "--now", "2026-03-02T02:00:00Z", "--json", "-"])
        let second = try #require(try results(outcome).last?["result"] as? [String: Any])
        #expect(second["observed_value"] as? String == "2026-03-01T20:00:00")
        #expect((second["details"] as? [String: Any])?["age_seconds"] as? Double == 21_600)
        #expect(try Assay.run(["validate", data, "--suite", suite, "--now", "yesterday"]).stderr
                == "assay: error: --now takes an ISO-8601 date or timestamp (2026-03-01, 2026-03-01T06:00:00Z), not \"yesterday\" (see 'assay --help')\n")
    }

    @Test func twoRunsAtOnceBothLand() throws {
        let data = write("t.csv", "id,x\n1,2\n2,3\n")
        let suite = write("t.yml", "name: concurrent\nexpectations:\n  - type: expect_table_row_count_to_be_within_history\n")
        let history = folder + "/fresh/history.sqlite"
        // Four processes at once on a store none of them finds: creation and appends both race.
        let processes = (0..<4).map { index in
            let process = Process()
            process.executableURL = Assay.executable
            process.arguments = ["validate", data, "--suite", suite, "--no-report", "--history", history, "--now", "2026-03-0\(index + 1)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        let series = try Assay.run(["history", "concurrent", "--history", history])
        #expect(series.stdout.hasPrefix("concurrent row_count (4 runs)\n"))
        for day in 1...4 { #expect(series.stdout.contains("2026-03-0\(day)T00:00:00Z")) }
    }

    @Test func schemaDriftFailsEachItsOwnCheck() throws {
        let suite = write("schema.yml", """
            name: ledger
            expectations:
              - type: expect_no_added_columns
              - type: expect_no_removed_columns
              - type: expect_no_reordered_columns
              - type: expect_no_retyped_columns
            """)
        let day1 = write("day1.csv", "a,b,c\n1,2,3\n")
        let variants: [(String, String, [String])] = [
            ("same", "a,b,c\n4,5,6\n", []),
            ("added", "a,b,c,d\n1,2,3,4\n", ["expect_no_added_columns"]),
            ("removed", "a,b\n1,2\n", ["expect_no_removed_columns"]),
            ("reordered", "b,a,c\n1,2,3\n", ["expect_no_reordered_columns"]),
            ("retyped", "a,b,c\n1,2,x\n", ["expect_no_retyped_columns"]),
        ]
        for (name, text, expected) in variants {
            let history = folder + "/\(name).sqlite"
            // The first run has nothing to compare with: it passes, saying so.
            let first = try validate(day1, suite: suite, history: history, now: "2026-03-01")
            #expect(first.status == 0, "\(name)")
            let note = try #require(try results(first).first?["result"] as? [String: Any])
            #expect((note["details"] as? [String: Any])?["note"] as? String == "no earlier run of \"ledger\" recorded a schema: nothing to compare with yet")
            let outcome = try validate(write("\(name).csv", text), suite: suite, history: history, now: "2026-03-02")
            #expect(try failed(outcome) == expected, "\(name)")
            #expect(outcome.status == (expected.isEmpty ? 0 : 1), "\(name)")
            if name == "retyped" {
                // The retyped column is named with both types.
                let result = try #require(try results(outcome).last?["result"] as? [String: Any])
                let observed = try #require(result["observed_value"] as? [[String: Any]])
                #expect(observed.first?["name"] as? String == "c" && observed.first?["previous_type"] as? String == "int64")
                #expect(observed.first?["type"] as? String == "string")
            }
        }
    }

    @Test func anExplicitColumnListNeedsNoHistory() throws {
        let data = write("t.csv", "id,amount\n1,2.5\n")
        let suite = write("contract.yml", """
            name: contract
            expectations:
              - type: expect_no_removed_columns
                kwargs: {columns: [{name: id, type: int64}, {name: amount, type: float64}, {name: currency, type: string}]}
              - type: expect_no_retyped_columns
                kwargs: {columns: [{name: id, type: string}]}
            """)
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--no-report", "--json", "-"])
        #expect(outcome.status == 1)
        let observed = try results(outcome).map { ($0["result"] as? [String: Any])?["observed_value"] as? [Any] }
        #expect(observed[0] as? [String] == ["currency"])
        #expect((observed[1]?.first as? [String: Any])?["type"] as? String == "int64")
    }

    @Test func profileRunsAreRecordedUnderTheFileName() throws {
        let history = folder + "/history.sqlite"
        for day in 1...3 {
            let data = folder + "/customers_2024-12-0\(day).csv"
            _ = try Assay.run(["sample", "--out", data, "--rows", "500", "--seed", "\(day)"])
            let outcome = try Assay.run(["profile", data, "--json", folder + "/p\(day).json", "--history", history, "--now", "2024-12-0\(day)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let series = try Assay.run(["history", "customers", "--metric", "distinct_count", "--column", "plan", "--history", history])
        #expect(series.status == 0)
        #expect(series.stdout == """
            customers.plan distinct_count (3 runs)
            run time                  value           kind
            2024-12-01T00:00:00Z      3               profile
            2024-12-02T00:00:00Z      3               profile
            2024-12-03T00:00:00Z      3               profile

            """)
        let unknown = try Assay.run(["history", "orders", "--history", history])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "assay: error: \(history): no runs of dataset \"orders\" (datasets: customers)\n")
        #expect(try Assay.run(["history", "customers", "--metric", "mean", "--history", history]).stderr
                == "assay: error: --metric mean needs --column NAME (see 'assay --help')\n")
    }

    @Test func aSuiteWithHistoryChecksAndNoHistoryIsRefused() throws {
        let data = write("t.csv", "id\n1\n")
        let suite = write("h.yml", "name: h\nexpectations:\n  - type: expect_table_row_count_to_be_within_history\n")
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--no-report"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "assay: error: \(suite): expect_table_row_count_to_be_within_history compares with earlier runs, and this run keeps no history: drop --no-report / --no-history, or pass --history PATH\n")
        // The benchmarks' shape, --no-report without history checks, writes no history.
        let plain = write("p.yml", "name: p\nexpectations:\n  - type: expect_table_row_count_to_be_between\n    kwargs: {min_value: 1}\n")
        let cwd = folder + "/cwd"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        #expect(try Assay.run(["validate", data, "--suite", plain, "--no-report"], in: cwd).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd) == [])
        // The default report folder keeps the history beside the index.
        #expect(try Assay.run(["validate", data, "--suite", plain], in: cwd).status == 0)
        #expect(FileManager.default.fileExists(atPath: cwd + "/reports/history.sqlite"))
    }

    @Test func badHistoryFilesAreOneLineErrors() throws {
        let data = write("t.csv", "id\n1\n")
        let suite = write("t.yml", "name: t\nexpectations:\n  - type: expect_table_row_count_to_be_within_history\n")
        let text = write("notes.sqlite", "this is not a database, it is a note\n")
        let notHistory = try Assay.run(["validate", data, "--suite", suite, "--history", text, "--no-report"])
        #expect(notHistory.status == 3)
        #expect(notHistory.stderr == "assay: error: \(text): not an Assay history (file is not a database)\n")
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "this is not a database, it is a note\n")
        // A store from a newer Assay.
        let newer = folder + "/newer.sqlite"
        #expect(try Assay.run(["validate", data, "--suite", suite, "--history", newer, "--no-report"]).status == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sqlite.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 7'); c.commit()", newer]
        try sqlite.run()
        sqlite.waitUntilExit()
        let refused = try Assay.run(["validate", data, "--suite", suite, "--history", newer, "--no-report"])
        #expect(refused.status == 3)
        #expect(refused.stderr.hasPrefix("assay: error: \(newer): written by a newer Assay (history schema version 7; this build reads up to "))
        // A history that cannot be written: its folder is a file.
        let blocked = write("blocked", "a file\n") + "/history.sqlite"
        let unwritable = try Assay.run(["validate", data, "--suite", suite, "--history", blocked, "--no-report"])
        #expect(unwritable.status == 4)
        #expect(unwritable.stderr.hasPrefix("assay: error: \(blocked): cannot create the folder for the history"))
        #expect(try Assay.run(["history", "t", "--history", folder + "/absent.sqlite"]).stderr
                == "assay: error: \(folder)/absent.sqlite: no such history file\n")
    }

    @Test func theReportDrawsASparklineOfPastValues() throws {
        let suite = write("s.yml", "name: spark\nexpectations:\n  - type: expect_table_row_count_to_be_within_history\n    kwargs: {min_history: 2}\n")
        let history = folder + "/history.sqlite"
        for (day, rows) in [(1, 3), (2, 4), (3, 3)] {
            let data = write("d\(day).csv", "id\n" + (0..<rows).map { "\($0)\n" }.joined())
            _ = try Assay.run(["validate", data, "--suite", suite, "--no-report", "--history", history, "--now", "2026-03-0\(day)"])
        }
        let html = folder + "/report.html"
        let data = write("d4.csv", "id\n1\n")
        #expect(try Assay.run(["validate", data, "--suite", suite, "--no-report", "--history", history, "--now", "2026-03-04", "--html", html]).status == 1)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg class=\"figure spark\""))
        #expect(page.contains("<title>3 past runs and this run</title>"))
    }
}
