import Foundation
import Testing

/// `assay` on Parquet files: the round-trip fixtures (`Tests/AssayParquetTests/Fixtures/roundtrip`)
/// profile and validate; every corpus file Assay must refuse (`_must_fail.json`, not `may_read`)
/// exits 3 with one line on stderr naming the file, writes nothing, and ends within
/// `ParquetCLI.secondsMax` (a bound against hangs, not a timing).
@Suite struct ParquetCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AssayParquetTests/Fixtures").path
    static let table = fixtures + "/roundtrip/snappy.parquet"

    @Test func profileWritesJSON() throws {
        let outcome = try ParquetCLI.run(["profile", Self.table])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["row_count"] as? Int == 3_000)
        let columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["id", "quantity", "price", "active", "day", "seen_at", "name", "category"])
        #expect(columns.map { $0["type"] as? String } == ["int64", "int64", "float64", "bool", "date", "timestamp", "string", "string"])
        #expect(columns[0]["null_count"] as? Int == 0)
        #expect(columns[0]["distinct_count"] as? Int == 3_000)
    }

    /// `--json -` is standard output for `profile` as it is for `validate`.
    @Test func profileJSONDashIsStandardOutput() throws {
        let outcome = try ParquetCLI.run(["profile", Self.table, "--json", "-"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("{"), "the profile goes to stdout, not to a file called \"-\"")
    }

    /// The Parquet file profiles as its CSV twin does, through the binary too.
    @Test func profileMatchesTheCSV() throws {
        let parquet = try ParquetCLI.run(["profile", Self.fixtures + "/roundtrip/delta.parquet"])
        let csv = try ParquetCLI.run(["profile", Self.fixtures + "/roundtrip/table.csv"])
        #expect(parquet.status == 0 && csv.status == 0)
        let p = try #require(try JSONSerialization.jsonObject(with: Data(parquet.stdout.utf8)) as? [String: Any])
        let c = try #require(try JSONSerialization.jsonObject(with: Data(csv.stdout.utf8)) as? [String: Any])
        let pc = try #require(p["columns"] as? [[String: Any]])
        let cc = try #require(c["columns"] as? [[String: Any]])
        #expect(pc.count == cc.count)
        for (a, b) in zip(pc, cc) {
            for key in ["name", "type", "count", "null_count", "distinct_count"] {
                #expect("\(a[key] ?? "nil")" == "\(b[key] ?? "nil")", "\(b["name"] ?? "?") \(key)")
            }
        }
    }

    @Test func validateRunsASuite() throws {
        let suite = write("parquet.yml", """
            name: parquet
            expectations:
              - type: expect_table_row_count_to_equal
                kwargs: {value: 3000}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: id}
              - type: expect_column_values_to_be_between
                kwargs: {column: quantity, min_value: -50, max_value: 5000}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: price}
                severity: warning

            """)
        let outcome = try ParquetCLI.run(["validate", Self.table, "--suite", suite, "--no-report"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("PASSED parquet on "))
        #expect(outcome.stdout.contains("3/4 expectations passed (1 warning failed)"))
        let failing = write("failing.yml", "name: failing\nexpectations:\n  - type: expect_column_max_to_be_between\n    kwargs: {column: quantity, max_value: 10}\n")
        #expect(try ParquetCLI.run(["validate", Self.table, "--suite", failing, "--no-report"]).status == 1)
    }

    static let mustFail: [String] = {
        struct Entry: Decodable {
            var file: String
            var may_read: Bool?
        }
        guard let data = FileManager.default.contents(atPath: fixtures + "/expected/_must_fail.json"),
              let entries = try? JSONDecoder().decode([Entry].self, from: data) else { return [] }
        return entries.filter { $0.may_read != true }.map(\.file)
    }()

    static var corpus: String? {
        let fromEnvironment = ProcessInfo.processInfo.environment["ASSAY_SHARED_DIR"]
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
        return [fromEnvironment, beside].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/corpus/parquet") }
            .map { $0 + "/corpus/parquet" }
    }

    @Test func theRefusedListIsThere() {
        #expect(Self.mustFail.count >= 18, "5 bad_data and 13 encrypted files in _must_fail.json")
    }

    @Test(.enabled(if: corpus != nil, "set ASSAY_SHARED_DIR to the folder holding corpus/parquet"), arguments: mustFail)
    func unreadableFilesExitThreeWithOneLine(file: String) throws {
        let path = try #require(Self.corpus) + "/" + file
        let out = folder + "/" + UUID().uuidString + ".json"
        let outcome = try ParquetCLI.run(["profile", path, "--json", out])
        #expect(!outcome.timedOut, "\(file): still running after \(ParquetCLI.secondsMax) s")
        #expect(outcome.status == 3, "\(file): exit \(outcome.status), stderr \(outcome.stderr)")
        // One error line naming the file; the only other lines allowed are the notes the CLI
        // prints before reading, one per column it leaves out (lists, maps).
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(outcome.stderr.hasSuffix("\n"), "\(file): \(outcome.stderr)")
        #expect(lines.filter { $0.hasPrefix("assay: error: ") }.count == 1, "\(file): one error line: \(outcome.stderr)")
        #expect(lines.last?.hasPrefix("assay: error: \(path)") == true, "\(file): the error names the file: \(outcome.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix("assay: error: ") || $0.hasPrefix("note: \(path): ") }, "\(file): \(outcome.stderr)")
        for trace in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace"] {
            #expect(!outcome.stderr.contains(trace), "\(file): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "\(file): wrote \(out)")
    }

    @Test(.enabled(if: corpus != nil, "set ASSAY_SHARED_DIR to the folder holding corpus/parquet"))
    func validateOnAnUnreadableFileExitsThree() throws {
        let suite = write("rows.yml", "name: rows\nexpectations:\n  - type: expect_table_row_count_to_equal\n    kwargs: {value: 1}\n")
        for file in ["bad_data/PARQUET-1481.parquet", "data/uniform_encryption.parquet.encrypted"] {
            let path = try #require(Self.corpus) + "/" + file
            let outcome = try ParquetCLI.run(["validate", path, "--suite", suite, "--no-report"])
            #expect(outcome.status == 3, "\(file): exit \(outcome.status)")
            #expect(outcome.stderr.hasPrefix("assay: error: \(path)"), "\(file): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(file): \(outcome.stderr)")
        }
    }
}

/// Runs the `assay` binary like `Assay.run`, but gives up after `secondsMax` (a file that makes
/// the reader loop must fail the test, not hang the suite); output goes through files, so a large
/// profile cannot fill a pipe.
enum ParquetCLI {
    static let secondsMax = 60.0

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ arguments: [String]) throws -> Outcome {
        let scratch = NSTemporaryDirectory() + "assay-parquet-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = FileManager.default.createFile(atPath: scratch + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/stderr", contents: nil)
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/stdout"))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/stderr"))
        let process = Process()
        process.executableURL = Assay.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(secondsMax)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: FileManager.default.contents(atPath: scratch + "/stdout") ?? Data(), as: UTF8.self),
                       stderr: String(decoding: FileManager.default.contents(atPath: scratch + "/stderr") ?? Data(), as: UTF8.self),
                       timedOut: timedOut)
    }
}
