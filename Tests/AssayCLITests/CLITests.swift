import Foundation
import Testing

/// Runs the real `assay` binary built beside the test bundle.
struct Assay {
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return testBinary.deletingLastPathComponent().appendingPathComponent("assay")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // `validate` writes its report folder (reports/) under the working directory by default:
        // a scratch one unless the test names one.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assay-cli-cwd")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0) } ?? scratch
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh folder per test suite instance, and files written into it.
protocol UsesTemporaryFolder {
    var folder: String { get }
}

extension UsesTemporaryFolder {
    static func makeFolder() -> String {
        let path = NSTemporaryDirectory() + "assay-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func write(_ name: String, _ text: String) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}

@Suite struct CLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    @Test func helpOnEveryCommand() throws {
        for arguments in [["--help"], ["profile", "--help"], ["sample", "--help"], ["demo", "--help"]] {
            let outcome = try Assay.run(arguments)
            #expect(outcome.status == 0, "\(arguments)")
            #expect(outcome.stdout.contains("USAGE: assay"), "\(arguments)")
        }
        #expect(try Assay.run(["--version"]).stdout == "0.1.0\n")
    }

    @Test func profileWritesTheDocumentedJSON() throws {
        let path = write("t.csv", "id,x,y,label\n1,1.5,2,a\n2,2.5,4.5,b\n3,,7,c\n")
        let outcome = try Assay.run(["profile", path])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["schema_version"] as? Int == 2)
        #expect(json["row_count"] as? Int == 3)
        let columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["id", "x", "y", "label"])
        #expect(columns.map { $0["type"] as? String } == ["int64", "float64", "float64", "string"])
        #expect(columns[1]["count"] as? Int == 2 && columns[1]["null_count"] as? Int == 1)
        #expect(columns[1]["mean"] as? Double == 2.0)
        #expect(columns[1]["stddev"] as? Double == 0.7071067811865476)
        for key in ["min", "max", "mean", "stddev", "skewness", "kurtosis"] { #expect(columns[2].keys.contains(key), "\(key)") }
        #expect(columns[3]["mean"] == nil)
        let pearson = try #require((json["correlations"] as? [String: Any])?["pearson"] as? [String: Any])
        #expect(pearson["columns"] as? [String] == ["id", "x", "y"])
        #expect((pearson["matrix"] as? [[Any]])?.count == 3)
    }

    @Test func jsonFileIsWrittenWholeOrNotAtAll() throws {
        let good = write("good.csv", "a,b\n1,2\n3,4\n")
        let out = folder + "/out/profile.json"
        let ok = try Assay.run(["profile", good, "--json", out])
        #expect(ok.status == 0)
        #expect(ok.stdout.isEmpty)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        let bad = write("bad.csv", "a,b\n1,2\n3\n")
        let failed = try Assay.run(["profile", bad, "--json", out])
        #expect(failed.status == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before, "the old report stays whole")
        let fresh = folder + "/never.json"
        #expect(try Assay.run(["profile", bad, "--json", fresh]).status == 3)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out") == ["profile.json"], "no temporary file left")
    }

    /// Unreadable data: exit 3 and exactly one line on stderr naming the file and the place.
    @Test func unreadableDataExitsThreeWithOneLine() throws {
        let missing = try Assay.run(["profile", folder + "/nope.csv"])
        #expect(missing.status == 3)
        #expect(missing.stderr == "assay: error: \(folder)/nope.csv: no such file (check the path)\n")
        let ragged = write("ragged.csv", "a,b,c\n1,2,3\n4,5\n")
        let outcome = try Assay.run(["profile", ragged])
        #expect(outcome.status == 3)
        #expect(outcome.stderr == "assay: error: \(ragged) line 3, column \"c\": the row has 2 fields, the header 3 (a missing delimiter or a line break inside an unquoted value?)\n")
        #expect(outcome.stdout.isEmpty)
        let quote = write("quote.csv", "a,b\n1,\"open\n")
        let unterminated = try Assay.run(["profile", quote])
        #expect(unterminated.status == 3)
        #expect(unterminated.stderr.contains("line 2") && unterminated.stderr.contains("unterminated quote"))
        #expect(unterminated.stderr.split(separator: "\n").count == 1)
        let parquet = write("t.parquet", "PAR1")
        #expect(try Assay.run(["profile", parquet]).status == 3)
    }

    @Test func usageErrorsExitTwo() throws {
        let data = write("u.csv", "a\n1\n")
        for arguments in [["profile"], ["profile", data, "--bogus"], ["frobnicate"], ["profile", data, "--delimiter", "ab"],
                          ["profile", data, "--workers", "0"]] {
            let outcome = try Assay.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr.hasPrefix("assay: error: "), "\(arguments)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(arguments)")
        }
    }

    @Test func outputThatCannotBeWrittenExitsFour() throws {
        let data = write("o.csv", "a\n1\n")
        let blocker = write("file", "x")
        let outcome = try Assay.run(["profile", data, "--json", blocker + "/sub/profile.json"])
        #expect(outcome.status == 4)
        #expect(outcome.stderr.hasPrefix("assay: error: \(blocker)/sub/profile.json: cannot write the profile"))
    }

    @Test func delimiterAndNullFlags() throws {
        let data = write("semi.csv", "a;b\n1;-\n2;3\n")
        #expect(try Assay.run(["profile", data]).stderr.isEmpty)
        let outcome = try Assay.run(["profile", data, "--delimiter", ";", "--null", "-"])
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns[1]["type"] as? String == "int64")
        #expect(columns[1]["null_count"] as? Int == 1)
    }

    @Test func demoGeneratesAndProfilesTheSample() throws {
        let outcome = try Assay.run(["demo", "--dir", folder + "/demo"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("10000 rows, 13 columns"))
        let profile = try Data(contentsOf: URL(fileURLWithPath: folder + "/demo/customers.profile.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: profile) as? [String: Any])
        #expect(json["row_count"] as? Int == 10_000)
    }
}

@Suite struct ValidateCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    var data: String { write("d.csv", "id,amount\n1,5\n2,7\n3,\n") }

    func suite(_ expectations: String) -> String {
        write("s\(UUID().uuidString.prefix(6)).yml", "name: s\nexpectations:\n" + expectations)
    }

    @Test func exitCodeZeroWhenErrorsPassAndWarningsMayFail() throws {
        let path = suite("""
              - type: expect_column_values_to_not_be_null
                kwargs: {column: id}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: amount}
                severity: warning
            """)
        let outcome = try Assay.run(["validate", data, "--suite", path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("PASSED s on "))
        #expect(outcome.stdout.contains("1/2 expectations passed (1 warning failed)"))
        #expect(outcome.stdout.contains("warning: expect_column_values_to_not_be_null [amount] 1 unexpected"))
        #expect(try Assay.run(["validate", data, "--suite", path, "--fail-on", "warning"]).status == 1)
    }

    @Test func exitCodeOneWhenAnErrorFails() throws {
        let path = suite("  - type: expect_column_max_to_be_between\n    kwargs: {column: amount, max_value: 6}\n")
        let outcome = try Assay.run(["validate", data, "--suite", path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("error: expect_column_max_to_be_between [amount] observed 7"))
    }

    @Test func jsonToStdoutAndReportFolder() throws {
        let path = suite("  - type: expect_table_row_count_to_equal\n    kwargs: {value: 3}\n")
        let outcome = try Assay.run(["validate", data, "--suite", path, "--json", "-", "--report-dir", folder + "/reports"])
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["success"] as? Bool == true)
        #expect((json["statistics"] as? [String: Any])?["evaluated_expectations"] as? Int == 1)
        #expect(outcome.stderr.hasPrefix("PASSED s on "))
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/reports/s")
        #expect(runs.count == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/reports/s/\(runs[0])/result.json"))
    }

    @Test func reportsOnRequestAndTheReportFolderByDefault() throws {
        let path = suite("""
              - type: expect_column_values_to_be_between
                kwargs: {column: amount, min_value: 0, max_value: 6}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: amount}
                severity: warning
            """)
        let work = folder + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let outcome = try Assay.run(["validate", data, "--suite", path, "--html", folder + "/r.html", "--junit", folder + "/r.xml",
                                     "--markdown", folder + "/r.md"], in: work)
        #expect(outcome.status == 1)
        let html = try String(contentsOfFile: folder + "/r.html", encoding: .utf8)
        #expect(html.contains("<p class=\"verdict\">FAILED</p>"))
        #expect(html.contains("Values between 0 and 6"))
        let xml = try String(contentsOfFile: folder + "/r.xml", encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"s\" tests=\"2\" failures=\"1\""))
        #expect(xml.contains("<system-out>WARNING: "))
        let markdown = try String(contentsOfFile: folder + "/r.md", encoding: .utf8)
        #expect(markdown.hasPrefix("### ❌ Assay: suite s failed on "))
        // The default report folder, under the working directory: the run and the index.
        let runs = try FileManager.default.contentsOfDirectory(atPath: work + "/reports/s")
        #expect(runs.count == 1)
        for file in ["result.json", "report.html"] { #expect(FileManager.default.fileExists(atPath: "\(work)/reports/s/\(runs[0])/\(file)")) }
        let index = try String(contentsOfFile: work + "/reports/index.html", encoding: .utf8)
        #expect(index.contains("href=\"s/\(runs[0])/report.html\""))
        // --no-report writes nothing it was not asked for.
        let quiet = folder + "/quiet"
        try FileManager.default.createDirectory(atPath: quiet, withIntermediateDirectories: true)
        #expect(try Assay.run(["validate", data, "--suite", path, "--no-report"], in: quiet).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: quiet).isEmpty)
    }

    @Test func driftSuitesNeedABaselineAndTakeAProfileOrADataset() throws {
        let path = suite("  - type: expect_column_distribution_to_match_baseline\n    kwargs: {column: amount}\n")
        let missing = try Assay.run(["validate", data, "--suite", path, "--no-report"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "assay: error: \(path): the suite compares with a baseline: add `baseline: PATH` to it or pass --baseline PATH\n")
        // A dataset as the baseline is profiled on the spot; the data against itself passes.
        #expect(try Assay.run(["validate", data, "--suite", path, "--baseline", data, "--no-report"]).status == 0)
        let profile = folder + "/baseline.json"
        #expect(try Assay.run(["profile", data, "--json", profile]).status == 0)
        #expect(try Assay.run(["validate", data, "--suite", path, "--baseline", profile, "--no-report"]).status == 0)
        let broken = write("broken.json", "{\"schema_version\": 2}")
        let unreadable = try Assay.run(["validate", data, "--suite", path, "--baseline", broken, "--no-report"])
        #expect(unreadable.status == 3)
        #expect(unreadable.stderr.hasPrefix("assay: error: \(broken): not a profile JSON written by assay profile"))
    }

    @Test func anUnwritableReportExitsFour() throws {
        let path = suite("  - type: expect_table_row_count_to_equal\n    kwargs: {value: 3}\n")
        let blocked = write("blocked", "a file where a folder should be")
        let outcome = try Assay.run(["validate", data, "--suite", path, "--report-dir", blocked + "/reports"])
        #expect(outcome.status == 4)
        #expect(outcome.stderr.hasPrefix("assay: error: "))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func suiteErrorsExitTwoBeforeReadingData() throws {
        let path = suite("  - type: expect_column_values_to_be_betwen\n    kwargs: {column: id}\n")
        // The data file does not exist: the suite is checked first, so this is exit 2, not 3.
        let outcome = try Assay.run(["validate", folder + "/missing.csv", "--suite", path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "assay: error: \(path) line 3, expectation 1 (expect_column_values_to_be_betwen): unknown expectation type (did you mean \"expect_column_values_to_be_between\"?)\n")
        let lint = try Assay.run(["lint", path])
        #expect(lint.status == 2)
        #expect(lint.stderr == outcome.stderr)
    }

    @Test func unreadableDataExitsThree() throws {
        let path = suite("  - type: expect_table_row_count_to_equal\n    kwargs: {value: 3}\n")
        let ragged = write("r.csv", "a,b\n1\n")
        #expect(try Assay.run(["validate", ragged, "--suite", path]).status == 3)
    }

    @Test func lintAcceptsTheExampleSuite() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("suites/customers.yml").path
        let outcome = try Assay.run(["lint", example])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasSuffix("expectations, valid\n"))
    }
}

@Suite struct DemoSuiteTests {
    /// The suite the demo embeds is the one in suites/.
    @Test func embeddedSuiteEqualsTheFile() throws {
        let demo = NSTemporaryDirectory() + "assay-demo-" + UUID().uuidString
        let outcome = try Assay.run(["demo", "--dir", demo])
        #expect(outcome.status == 0)
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("suites/customers.yml")
        #expect(try Data(contentsOf: URL(fileURLWithPath: demo + "/customers.yml")) == Data(contentsOf: example))
        #expect(outcome.stdout.contains("PASSED customers on ") && outcome.stdout.contains("14/15 expectations passed (1 warning failed)"))
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo + "/customers.result.json"))) as? [String: Any]
        #expect((result?["statistics"] as? [String: Any])?["evaluated_expectations"] as? Int == 15)
        // The drift suite: embedded as in suites/, and the drifted next day fails it.
        let drift = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("suites/customers-drift.yml")
        #expect(try Data(contentsOf: URL(fileURLWithPath: demo + "/customers-drift.yml")) == Data(contentsOf: drift))
        #expect(outcome.stdout.contains("FAILED customers-drift on "))
        #expect(FileManager.default.fileExists(atPath: demo + "/customers.report.html"))
    }
}

@Suite struct SuggestCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    /// A suggested suite passes on the data it came from — from the data or from its profile —
    /// and its drift checks fail on the drifted copy of the sample.
    @Test func suggestedSuitesPassOnTheirDataAndCatchDrift() throws {
        let data = folder + "/day1.csv"
        #expect(try Assay.run(["sample", "--out", data, "--seed", "1"]).status == 0)
        let suite = folder + "/day1.yml"
        let suggested = try Assay.run(["suggest", data, "-o", suite])
        #expect(suggested.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/day1.profile.json"))
        let text = try String(contentsOfFile: suite, encoding: .utf8)
        #expect(text.contains("baseline: \"day1.profile.json\""))
        #expect(text.contains("# Only 3 distinct values were seen."))
        #expect(try Assay.run(["lint", suite]).status == 0)
        #expect(try Assay.run(["validate", data, "--suite", suite, "--no-report"]).status == 0)
        let drifted = folder + "/day3.csv"
        #expect(try Assay.run(["sample", "--out", drifted, "--seed", "3", "--drifted"]).status == 0)
        let failed = try Assay.run(["validate", drifted, "--suite", suite, "--no-report"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("expect_column_distribution_to_match_baseline [income]"))
        // From the profile, to stdout: the same checks, naming the profile as baseline.
        let fromProfile = try Assay.run(["suggest", folder + "/day1.profile.json"])
        #expect(fromProfile.status == 0)
        let second = write("second.yml", fromProfile.stdout)
        #expect(try Assay.run(["validate", data, "--suite", second, "--no-report"]).status == 0)
    }

    /// Edge tables — header only, one row, a column that is always empty — get suites that pass too.
    @Test func edgeTablesGetSuitesThatPass() throws {
        for (name, text) in [("empty", "a,b\n"), ("one", "a,b\n1,\n"), ("nulls", "a,b,c\n1,,x\n2,,x\n3,,x\n")] {
            let data = write(name + ".csv", text)
            #expect(try Assay.run(["suggest", data, "-o", folder + "/" + name + ".yml"]).status == 0)
            let outcome = try Assay.run(["validate", data, "--suite", folder + "/" + name + ".yml", "--no-report"])
            #expect(outcome.status == 0, "\(name): \(outcome.stdout)")
        }
    }

    /// Column names YAML would misread are quoted; values with quotes and colons too.
    @Test func awkwardNamesAndValuesAreQuoted() throws {
        let data = write("odd.csv", "\"a \"\"b\"\"\",x: y,# c,- d\n1,\"p: q\",\"#z\",t\n2,\"r\"\"s\",\"#z\",u\n")
        let outcome = try Assay.run(["suggest", data])
        #expect(outcome.status == 0)
        let suite = write("odd.yml", outcome.stdout)
        #expect(try Assay.run(["lint", suite]).status == 0, "\(outcome.stdout)")
        #expect(try Assay.run(["validate", data, "--suite", suite, "--no-report"]).status == 0)
    }
}

@Suite struct ProfileMergeCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    @Test func mergeWritesTheUnionAndRefusesMismatches() throws {
        let a = write("a.csv", "x,k\n1,a\n2,b\n")
        let b = write("b.csv", "x,k\n3,a\n4,c\n5,c\n")
        let c = write("c.csv", "y\n1\n")
        for (data, profile) in [(a, "a.json"), (b, "b.json"), (c, "c.json")] {
            #expect(try Assay.run(["profile", data, "--json", folder + "/" + profile]).status == 0)
        }
        let merged = try Assay.run(["profile", "merge", folder + "/a.json", folder + "/b.json", "--json", folder + "/ab.json", "--html", folder + "/ab.html"])
        #expect(merged.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/ab.json"))) as? [String: Any])
        #expect(json["row_count"] as? Int == 5)
        let columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns[0]["mean"] as? Double == 3)
        #expect(columns[1]["distinct_count"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: folder + "/ab.html"))
        let mismatch = try Assay.run(["profile", "merge", folder + "/a.json", folder + "/c.json"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.hasPrefix("assay: error: \(folder)/c.json: the profiles have different columns"))
        let broken = write("broken.json", "[1, 2]")
        #expect(try Assay.run(["profile", "merge", folder + "/a.json", broken]).status == 3)
        #expect(try Assay.run(["profile", "merge", folder + "/a.json"]).status == 2)
    }
}

@Suite struct CompareCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    @Test func compareExitsOneOnDriftAndWritesItsOutputs() throws {
        for (name, arguments) in [("d1.csv", ["--seed", "1"]), ("d2.csv", ["--seed", "2"]), ("d3.csv", ["--seed", "3", "--drifted"])] {
            #expect(try Assay.run(["sample", "--out", folder + "/" + name] + arguments).status == 0)
        }
        let same = try Assay.run(["compare", folder + "/d1.csv", folder + "/d2.csv"])
        #expect(same.status == 0)
        #expect(same.stdout.hasPrefix("NO DRIFT: 0 of 13 columns drifted"))
        let moved = try Assay.run(["compare", folder + "/d1.csv", folder + "/d3.csv", "--json", folder + "/c.json", "--html", folder + "/c.html"])
        #expect(moved.status == 1)
        #expect(moved.stdout.contains("  income: wasserstein "))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/c.json"))) as? [String: Any])
        #expect(json["schema_version"] as? Int == 1 && json["drifted"] as? Bool == true)
        let columns = try #require(json["columns"] as? [[String: Any]])
        #expect(columns.first?["drifted"] as? Bool == true)
        let keys = Set(columns.first.map { Array($0.keys) } ?? [])
        #expect(keys.isSuperset(of: ["name", "method", "statistic", "p_value", "threshold", "drifted"]))
        #expect(json["multivariate"] is [String: Any])
        #expect(try String(contentsOfFile: folder + "/c.html", encoding: .utf8).contains("<p class=\"verdict\">DRIFT</p>"))
        // Profiles work as inputs too; an unreadable one is exit 3, a bad method exit 2.
        #expect(try Assay.run(["profile", folder + "/d1.csv", "--json", folder + "/d1.json"]).status == 0)
        #expect(try Assay.run(["compare", folder + "/d1.json", folder + "/d2.csv"]).status == 0)
        #expect(try Assay.run(["compare", folder + "/missing.csv", folder + "/d2.csv"]).status == 3)
        #expect(try Assay.run(["compare", folder + "/d1.csv", folder + "/d2.csv", "--method", "nope"]).status == 2)
    }

    @Test func seriesFlagsTheDayDriftBegan() throws {
        let days = folder + "/days"
        try FileManager.default.createDirectory(atPath: days, withIntermediateDirectories: true)
        for day in 1...5 {
            #expect(try Assay.run(["sample", "--out", "\(days)/day\(day).csv", "--seed", "\(day)", "--rows", "3000"] + (day >= 4 ? ["--drifted"] : [])).status == 0)
        }
        let outcome = try Assay.run(["compare", "--series", days, "--json", folder + "/series.json", "--html", folder + "/series.html"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.hasPrefix("DRIFT over 5 days (each against the first)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/series.json"))) as? [String: Any])
        let columns = try #require(json["columns"] as? [[String: Any]])
        let income = try #require(columns.first { $0["name"] as? String == "income" })
        #expect(income["drift_began"] as? String == "day4.csv")
        let plan = try #require(columns.first { $0["name"] as? String == "plan" })
        #expect(plan["drift_began"] is NSNull)
        #expect(FileManager.default.fileExists(atPath: folder + "/series.html"))
        // Against the previous day the drift shows on day 4 and not day 5 (days 4 and 5 are alike).
        let previous = try Assay.run(["compare", "--series", days, "--against", "previous", "--json", folder + "/previous.json"])
        #expect(previous.status == 1)
        let stepwise = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/previous.json"))) as? [String: Any])
        let incomeSteps = try #require((stepwise["columns"] as? [[String: Any]])?.first { $0["name"] as? String == "income" })
        #expect(incomeSteps["drifted"] as? [Bool] == [false, false, false, true, false])
    }
}

