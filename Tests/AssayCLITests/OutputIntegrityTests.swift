import Foundation
import Testing

/// What a run leaves behind when it is killed, and where a hostile suite name can make it write.
@Suite struct OutputIntegrityTests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    func suite(named name: String) -> String {
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return write("s-\(UUID().uuidString.prefix(6)).json", """
            {"name": "\(escaped)", "expectations": [
              {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
              {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "x", "min_value": 0}}]}
            """)
    }

    /// Every regular file under `root`, relative, with its bytes.
    func files(under root: String) -> [String: Data] {
        var found: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return found }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                found[relative] = FileManager.default.contents(atPath: root + "/" + relative) ?? Data()
            }
        }
        return found
    }

    /// CPU time a process has used, in clock ticks (`/proc/PID/stat` utime + stime).
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 0, utime 11, stime 12.
        guard fields.count > 12 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// A run killed with SIGKILL while it reads leaves the previous run's folder, the index and
    /// the history exactly as they were: SQLite's integrity check passes, `assay history` reads
    /// the earlier runs, and no temporary or half-written file is left.
    @Test func aRunKilledMidReadLeavesThePreviousRunIntact() throws {
        let suite = suite(named: "killed")
        let reports = folder + "/reports"
        let small = write("small.csv", "x,label\n1,a\n2,b\n3,c\n")
        for _ in 0..<2 { #expect(try Assay.run(["validate", small, "--suite", suite, "--report-dir", reports]).status == 0) }
        let before = files(under: reports)
        let history = reports + "/history.sqlite"
        let historyBefore = try Assay.run(["history", "killed", "--history", history, "--json"])
        #expect(historyBefore.status == 0)

        // ~120 MB: seconds of reading even in a release build.
        let large = folder + "/large.csv"
        FileManager.default.createFile(atPath: large, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: large))
        try handle.write(contentsOf: Data("x,label\n".utf8))
        let block = Data((0..<100_000).map { "\($0 % 1000).25,label number \($0 % 37) with some padding text\n" }.joined().utf8)
        for _ in 0..<24 { try handle.write(contentsOf: block) }
        try handle.close()

        let process = Process()
        process.executableURL = Assay.executable
        process.arguments = ["validate", large, "--suite", suite, "--report-dir", reports]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Reading has started once the process has used half a second of CPU.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Self.cpuTicks(process.processIdentifier) < 50 && Date() < deadline { usleep(20_000) }
        #expect(process.isRunning, "the run finished before it could be killed: make the file larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

        let after = files(under: reports)
        // SQLite's own journal files may appear (the killed run had the history open); they are
        // the database's, not outputs, and the integrity check below reads through them.
        let outputs = after.filter { !$0.key.hasPrefix("history.sqlite") }
        #expect(outputs == before.filter { !$0.key.hasPrefix("history.sqlite") }, "the run folders and the index are unchanged")
        #expect(!after.keys.contains { $0.hasSuffix(".tmp") }, "no temporary file: \(after.keys.sorted())")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", history]
        let pipe = Pipe()
        check.standardOutput = pipe
        try check.run()
        let integrity = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(integrity == "ok\n")
        let historyAfter = try Assay.run(["history", "killed", "--history", history, "--json"])
        #expect(historyAfter.status == 0)
        #expect(historyAfter.stdout == historyBefore.stdout)
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reports + "/index.json"))) as? [[String: Any]])
        #expect(index.count == 2)
    }

    /// `safeName` makes a suite name one path component: whatever the name, `validate` writes
    /// nothing outside `--report-dir`.
    @Test func aSuiteNameCannotLeaveTheReportFolder() throws {
        let root = folder + "/escape"
        let work = root + "/a/b"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let data = write("d.csv", "x\n1\n2\n")
        let reports = work + "/reports"
        for name in ["../../etc/x", "/abs/path", "..", ".", "../..", "a/../../../b", "~", "\\..\\x", ""] {
            let outcome = try Assay.run(["validate", data, "--suite", suite(named: name), "--report-dir", reports], in: work)
            #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        }
        let written = files(under: root).keys
        #expect(written.allSatisfy { $0.hasPrefix("a/b/reports/") }, "\(written.sorted())")
        let suites = try FileManager.default.contentsOfDirectory(atPath: reports).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: reports + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        #expect(suites.allSatisfy { !$0.hasPrefix(".") && !$0.contains("/") }, "\(suites)")
        #expect(!FileManager.default.fileExists(atPath: "/abs/path"))
    }

    /// Suite names, the dataset key and column names go into the history as bound parameters:
    /// SQL in them is data.
    @Test func sqlInNamesIsStoredAsText() throws {
        let name = "'; DROP TABLE runs; --"
        let data = write("sql.csv", "x,\"x'); DELETE FROM column_metrics; --\"\n1,2\n3,4\n")
        let history = folder + "/sql-history.sqlite"
        for _ in 0..<2 {
            #expect(try Assay.run(["validate", data, "--suite", suite(named: name), "--no-report", "--history", history]).status == 0)
        }
        let rows = try Assay.run(["history", name, "--history", history])
        #expect(rows.status == 0, "\(rows.stderr)")
        #expect(rows.stdout.hasPrefix("\(name) row_count (2 runs)"))
        let column = try Assay.run(["history", name, "--history", history, "--metric", "mean", "--column", "x'); DELETE FROM column_metrics; --"])
        #expect(column.status == 0, "\(column.stderr)")
        #expect(column.stdout.contains("(2 runs)"))
    }
}
