import Foundation
import Testing

/// The reliability issue's bad-input catalogue, end to end through the real `assay` binary, one
/// test per item of the issue's list. Every refusal is one line on stderr naming the file (and
/// the line and column where there is one), the documented exit code, and no partial output:
/// `--html`, `--junit`, `--markdown` and the report folder do not exist afterwards, and an
/// existing `--json` file keeps its previous content. The readers' own cases are in
/// `AssayReadersTests/BadInputTests.swift`, the suite parser's in `AssaySuitesTests/SuiteTests.swift`.
@Suite struct BadInputCatalogTests: UsesTemporaryFolder {
    let folder = Self.makeFolder()

    var suitePath: String {
        write("s.yml", "name: s\nexpectations:\n  - type: expect_table_row_count_to_be_between\n    kwargs: {min_value: 0}\n")
    }

    /// Runs `validate` with every output named and checks the refusal: status, one line naming
    /// `names` and containing `message`, and nothing written.
    @discardableResult
    func refused(_ data: String, suite: String? = nil, extra: [String] = [], status: Int32, names: String? = nil,
                 message: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let run = folder + "/run-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let previous = run + "/previous.json"
        FileManager.default.createFile(atPath: previous, contents: Data("previous run".utf8))
        let outcome = try Assay.run(["validate", data, "--suite", suite ?? suitePath, "--json", previous, "--html", run + "/r.html",
                                     "--junit", run + "/r.xml", "--markdown", run + "/r.md", "--report-dir", run + "/reports"] + extra,
                                    in: run)
        #expect(outcome.status == status, "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("assay: error: \(names ?? data)"), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "one line: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run) == ["previous.json"],
                "no output, no report folder, no history, no temporary file", sourceLocation: sourceLocation)
        #expect(try String(contentsOfFile: previous, encoding: .utf8) == "previous run", sourceLocation: sourceLocation)
        return outcome.stderr
    }

    func write(_ name: String, bytes: [UInt8]) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    // MARK: Data files (exit 3)

    @Test func missingFile() throws {
        try refused(folder + "/nope.csv", status: 3, message: ": no such file (check the path)")
    }

    @Test func emptyFile() throws {
        try refused(write("empty.csv", ""), status: 3, message: ": the file is empty")
    }

    /// A header without rows is a table of no rows, not an error (README, "How Assay reads CSV"):
    /// the checks run and a row-count check fails (exit 1) with every output written.
    @Test func headerOnlyFile() throws {
        let data = write("header.csv", "a,b\n")
        let suite = write("rows.yml", """
            name: rows
            expectations:
              - type: expect_table_row_count_to_be_between
                kwargs: {min_value: 1}
              - type: expect_column_mean_to_be_between
                kwargs: {column: a, min_value: 0}
            """)
        let json = folder + "/header.json"
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--json", json, "--no-report"])
        #expect(outcome.status == 1)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let results = try #require(result["results"] as? [[String: Any]])
        #expect(results.map { $0["success"] as? Bool } == [false, false])
    }

    /// A file cut off mid-record: the last row is short, or a quote it opened never closes.
    @Test func truncatedFile() throws {
        let short = write("cut.csv", "a,b,c\n1,2,3\n4,5")
        try refused(short, status: 3, names: short + " line 3, column \"c\"", message: "the row has 2 fields, the header 3")
        let inQuote = write("cutquote.csv", "a,b\n1,\"two\n")
        try refused(inQuote, status: 3, names: inQuote + " line 2", message: "unterminated quote")
    }

    @Test func raggedRows() throws {
        let data = write("ragged.csv", "a,b,c\n1,2,3\n4,5,6,7\n")
        try refused(data, status: 3, names: data + " line 3", message: "the row has 4 fields, the header 3")
    }

    @Test func unterminatedQuote() throws {
        let data = write("quote.csv", "a,b\n1,2\n3,\"never closed\n4,5\n")
        try refused(data, status: 3, names: data + " line 3", message: "unterminated quote")
    }

    @Test func invalidUTF8() throws {
        let data = write("latin1.csv", bytes: Array("a,b\n1,caf".utf8) + [0xE9] + Array("\n".utf8))
        try refused(data, status: 3, names: data + " line 2, column \"b\"", message: "UTF-8")
    }

    @Test func nulBytes() throws {
        let data = write("nul.csv", bytes: Array("a,b\n1,x".utf8) + [0] + Array("y\n".utf8))
        try refused(data, status: 3, names: data + " line 2, column \"b\"", message: "NUL")
    }

    /// A 20 MB field validates; a record over `CSVOptions.recordByteCountMax` (256 MiB) is refused
    /// rather than read into memory (the limit a never-closed quote runs into).
    @Test func hugeSingleField() throws {
        let large = folder + "/large.csv"
        let field = String(repeating: "x", count: 20_000_000)
        FileManager.default.createFile(atPath: large, contents: Data("id,blob\n1,\(field)\n2,small\n".utf8))
        let suite = write("len.yml", "name: len\nexpectations:\n  - type: expect_column_value_lengths_to_be_between\n    kwargs: {column: blob, max_value: 10}\n")
        let outcome = try Assay.run(["validate", large, "--suite", suite, "--no-report"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("1 unexpected"))

        let huge = folder + "/huge.csv"
        FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.write(contentsOf: Data("id,blob\n1,".utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<260 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        try refused(huge, status: 3, names: huge + " line 2", message: "a record is longer than 256 MiB")
        try FileManager.default.removeItem(atPath: huge)
    }

    @Test func tenThousandColumns() throws {
        let width = 10_000
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<50 { text += (0..<width).map { String(($0 * row) % 89) }.joined(separator: ",") + "\n" }
        let data = write("wide.csv", text)
        let suite = write("wide.yml", """
            name: wide
            expectations:
              - type: expect_table_column_count_to_equal
                kwargs: {value: 10000}
              - type: expect_column_mean_to_be_between
                kwargs: {column: c9999, min_value: 0, max_value: 89}
            """)
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--html", folder + "/wide.html", "--report-dir", folder + "/wide-reports"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/wide.html"))
    }

    @Test func duplicateColumnNames() throws {
        let data = write("dup.csv", "id,x,id\n1,2,3\n")
        try refused(data, status: 3, message: "\"id\"")
    }

    @Test func gzipThatStopsMidStream() throws {
        let plain = write("rows.csv", "a,b\n" + (0..<20_000).map { "\($0),value \($0 % 97)" }.joined(separator: "\n") + "\n")
        let gzip = folder + "/rows.csv.gz"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "gzip -c '\(plain)' | head -c 20000 > '\(gzip)'"]
        try shell.run()
        shell.waitUntilExit()
        try refused(gzip, status: 3, message: "ends early")
    }

    /// A valid Parquet file (a committed fixture) whose footer lies: a footer length beyond the
    /// file, a length one byte too long (the footer starts inside the data), and data pages cut out
    /// under an intact footer (its offsets then point past the end).
    @Test func parquetFooterThatLiesAboutLengths() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AssayParquetTests/Fixtures/roundtrip/plain-uncompressed.parquet")
        let valid = try [UInt8](Data(contentsOf: fixture))
        let footerLength = Int(UInt32(valid[valid.count - 8]) | UInt32(valid[valid.count - 7]) << 8
                               | UInt32(valid[valid.count - 6]) << 16 | UInt32(valid[valid.count - 5]) << 24)
        func withLength(_ length: UInt32) -> [UInt8] {
            var bytes = valid
            for index in 0..<4 { bytes[bytes.count - 8 + index] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(index))) }
            return bytes
        }
        let tooLong = write("long.parquet", bytes: withLength(0x7FFF_FFF0))
        try refused(tooLong, status: 3, message: "footer")
        let offByOne = write("offbyone.parquet", bytes: withLength(UInt32(footerLength + 1)))
        try refused(offByOne, status: 3, message: offByOne)
        let cut = write("cut.parquet", bytes: Array(valid[0..<4]) + Array(valid[(valid.count / 2)...]))
        try refused(cut, status: 3, message: cut)
    }

    // MARK: Suites (exit 2, before any data is read)

    @Test func malformedYAML() throws {
        let suite = write("bad.yml", "name: s\nexpectations:\n  - type: [unclosed\n")
        try refused(write("ok.csv", "a\n1\n"), suite: suite, status: 2, names: suite + " line", message: "not valid YAML or JSON")
    }

    @Test func yamlAliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let suite = write("bomb.yml", yaml + "name: bomb\nexpectations: []\n")
        try refused(write("ok.csv", "a\n1\n"), suite: suite, status: 2, names: suite, message: "more than 1000000 YAML nodes")
    }

    @Test func unknownExpectationType() throws {
        let suite = write("unknown.yml", "name: s\nexpectations:\n  - type: expect_column_to_be_lovely\n    kwargs: {column: a}\n")
        try refused(write("ok.csv", "a\n1\n"), suite: suite, status: 2, names: suite + " line 3", message: "unknown expectation type")
    }

    @Test func kwargsOfTheWrongType() throws {
        for kwargs in ["{column: a, min_value: ten}", "{column: [a, b], min_value: 1}", "{column: a, min_value: 1, strict_min: maybe}"] {
            let suite = write("wrong.yml", "name: s\nexpectations:\n  - type: expect_column_mean_to_be_between\n    kwargs: \(kwargs)\n")
            try refused(write("ok.csv", "a\n1\n"), suite: suite, status: 2, names: suite + " line", message: "expectation 1")
        }
    }

    // MARK: Baselines

    /// A baseline profiled from a table without the checked column: that check fails with an
    /// `exception_info` naming the column (exit 1); the others still run.
    @Test func baselineOfAnotherSchema() throws {
        let other = write("other.csv", "id,score\n1,0.5\n2,0.7\n")
        let profile = folder + "/other.profile.json"
        #expect(try Assay.run(["profile", other, "--json", profile]).status == 0)
        let data = write("amounts.csv", "id,amount\n1,5\n2,7\n3,9\n")
        let suite = write("drift.yml", """
            name: drift
            expectations:
              - type: expect_column_distribution_to_match_baseline
                kwargs: {column: amount}
              - type: expect_column_distribution_to_match_baseline
                kwargs: {column: id}
            """)
        let json = folder + "/drift.json"
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--baseline", profile, "--json", json, "--no-report"])
        #expect(outcome.status == 1)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let results = try #require(result["results"] as? [[String: Any]])
        let exception = results[0]["exception_info"] as? [String: Any]
        #expect(exception?["raised_exception"] as? Bool == true)
        #expect((exception?["exception_message"] as? String)?.contains("\"amount\"") == true, "\(String(describing: exception))")
        #expect(results[1]["success"] as? Bool == true)
    }

    @Test func baselineOfANewerVersion() throws {
        let data = write("amounts.csv", "id,amount\n1,5\n2,7\n3,9\n")
        let profile = folder + "/base.json"
        #expect(try Assay.run(["profile", data, "--json", profile]).status == 0)
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        let newer = write("newer.json", text.replacingOccurrences(of: "\"schema_version\": 2", with: "\"schema_version\": 99"))
        let suite = write("drift.yml", "name: drift\nexpectations:\n  - type: expect_column_distribution_to_match_baseline\n    kwargs: {column: amount}\n")
        try refused(data, suite: suite, extra: ["--baseline", newer], status: 3, names: newer, message: "99")
    }

    /// GX semantics: an expectation on a column the table lacks is not evaluated — it fails with
    /// an `exception_info` naming the column, the run goes on, and the outputs are written (exit 1).
    @Test func suiteNamingAMissingColumn() throws {
        let data = write("amounts.csv", "id,amount\n1,5\n")
        let suite = write("missing.yml", """
            name: missing
            expectations:
              - type: expect_column_values_to_not_be_null
                kwargs: {column: amuont}
              - type: expect_column_values_to_not_be_null
                kwargs: {column: amount}
            """)
        let json = folder + "/missing.json", junit = folder + "/missing.xml"
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--json", json, "--junit", junit, "--no-report"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("amuont"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let results = try #require(result["results"] as? [[String: Any]])
        let message = (results[0]["exception_info"] as? [String: Any])?["exception_message"] as? String
        #expect(message?.contains("\"amuont\"") == true, "\(String(describing: message))")
        #expect(results[1]["success"] as? Bool == true)
        #expect(try String(contentsOfFile: junit, encoding: .utf8).contains("type=\"not_evaluated\""))
    }

    // MARK: Degenerate columns in every statistical expectation

    enum Outcome: Equatable {
        case pass
        /// Fails on its observed value (GX: a statistic of no values is None, and None is in no range).
        case fail
        /// Cannot be computed: fails with an `exception_info` containing this text.
        case exception(String)
    }

    /// All-null, all-NaN and constant columns through every statistical expectation, against a
    /// baseline profiled from the same data (so the baseline is degenerate too). The rules:
    /// - a statistic of no values (mean, deviation, median, min, max, quantiles, the proportion of
    ///   unique values, a correlation, a divergence) is null and fails, as in GX; a sum of no
    ///   values is 0 and a count of distinct values is 0, which pass when the range holds 0;
    /// - a map expectation over no values passes (nothing is unexpected);
    /// - a column CSV inference reads as text (all null) is not numeric: an `exception_info`;
    /// - what needs a spread the column lacks (z-scores of a constant column, a chi-square test or
    ///   a distribution comparison over no values, a covariance of constant or empty columns) fails
    ///   with an `exception_info` saying so, never a division by zero;
    /// - a constant column is an ordinary column: deviation 0, one distinct value.
    /// No verdict, result JSON, HTML, JUnit or Markdown output holds a NaN or an infinity.
    @Test func allNullAllNaNAndConstantColumnsInEveryStatisticalExpectation() throws {
        var csv = "empty,nans,constant,v\n"
        for row in 0..<200 { csv += ",NaN,5,\(row % 17)\n" }
        let data = write("degenerate.csv", csv)
        let baseline = folder + "/degenerate.profile.json"
        #expect(try Assay.run(["profile", data, "--null", "", "--json", baseline]).status == 0)

        let range = "min_value: 0, max_value: 1000"
        var rules: [(type: String, kwargs: String, empty: Outcome, nans: Outcome, constant: Outcome)] = []
        let notNumeric = Outcome.exception("is string, not numeric")
        for statistic in ["mean", "stdev", "median", "min", "max"] {
            rules.append(("expect_column_\(statistic)_to_be_between", range, notNumeric, .fail, .pass))
        }
        rules += [
            ("expect_column_sum_to_be_between", range, notNumeric, .pass, .pass),
            ("expect_column_unique_value_count_to_be_between", range, .pass, .pass, .pass),
            ("expect_column_proportion_of_unique_values_to_be_between", range, .fail, .fail, .pass),
            ("expect_column_quantile_values_to_be_between", "quantile_ranges: {quantiles: [0, 0.5, 1], value_ranges: [[0, 10], [0, 10], [0, 10]]}",
             notNumeric, .fail, .pass),
            ("expect_column_value_z_scores_to_be_less_than", "threshold: 3", notNumeric, .pass, .exception("standard deviation of \"constant\" is 0")),
            ("expect_column_kl_divergence_to_be_less_than", "partition_object: {bins: [0, 5, 10], weights: [0.5, 0.5]}, threshold: 0.1",
             notNumeric, .fail, .fail),
            ("expect_column_chisquare_test_p_value_to_be_greater_than", "partition_object: {values: [5, 6], weights: [0.5, 0.5]}, p: 0.05",
             .exception("no values in"), .exception("no values in"), .fail),
            ("expect_column_distribution_to_match_baseline", "{}", .exception("no values to compare"), .exception("keeps no frequent values"), .pass),
            ("expect_column_unique_value_count_to_match_baseline", "relative_change_max: 0.1", .pass, .pass, .pass),
            ("expect_column_most_frequent_values_to_match_baseline", "{}", .pass, .exception("keeps no frequent values"), .pass),
            ("expect_column_most_common_value_to_be_in_set", "value_set: [5]", .fail, .fail, .pass),
        ]
        var yaml = "name: degenerate\nexpectations:\n"
        var expected: [Outcome] = []
        for rule in rules {
            for (column, outcome) in [("empty", rule.empty), ("nans", rule.nans), ("constant", rule.constant)] {
                let kwargs = rule.kwargs == "{}" ? "" : ", " + rule.kwargs
                yaml += "  - type: \(rule.type)\n    kwargs: {column: \(column)\(kwargs)}\n"
                expected.append(outcome)
            }
        }
        for column in ["empty", "nans", "constant"] {
            for method in ["pearson", "spearman"] {
                yaml += "  - type: expect_column_pair_correlation_to_be_between\n    kwargs: {column_A: \(column), column_B: v, method: \(method), min_value: -1, max_value: 1}\n"
                expected.append(column == "empty" ? notNumeric : .fail)
            }
        }
        let multivariate: [(String, String, Outcome)] = [
            ("expect_correlation_matrix_to_match_baseline", "max_abs_delta: 0.1", .exception("lacks \"empty\"")),
            ("expect_correlation_matrix_to_be_well_conditioned", "condition_number_max: 100", .exception("undefined")),
            ("expect_multivariate_mean_to_match_baseline", "p_value_min: 0.01", .exception("undefined")),
            ("expect_covariance_to_match_baseline", "p_value_min: 0.01", .exception("undefined")),
        ]
        for (type, kwargs, outcome) in multivariate {
            let columns = type == "expect_correlation_matrix_to_match_baseline" ? "[empty, nans, constant, v]" : "[nans, constant, v]"
            yaml += "  - type: \(type)\n    kwargs: {columns: \(columns), \(kwargs)}\n"
            expected.append(outcome)
        }
        let suite = write("degenerate.yml", yaml)
        let out = folder + "/degenerate"
        let outcome = try Assay.run(["validate", data, "--suite", suite, "--null", "", "--baseline", baseline, "--json", out + ".json",
                                     "--html", out + ".html", "--junit", out + ".xml", "--markdown", out + ".md", "--no-report"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let text = try String(contentsOfFile: out + ".json", encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        try #require(results.count == expected.count)
        for (result, rule) in zip(results, expected) {
            let config = result["expectation_config"] as? [String: Any]
            let label = "\(config?["type"] ?? "") \(String(describing: config?["kwargs"]))"
            let exception = result["exception_info"] as? [String: Any]
            let raised = exception?["raised_exception"] as? Bool == true
            let message = exception?["exception_message"] as? String ?? ""
            switch rule {
            case .pass: #expect(result["success"] as? Bool == true && !raised, "\(label): \(message)")
            case .fail: #expect(result["success"] as? Bool == false && !raised, "\(label): \(message)")
            case .exception(let words): #expect(result["success"] as? Bool == false && raised && message.contains(words), "\(label): \(message)")
            }
        }
        let nonFinite = try NSRegularExpression(pattern: #"(?i)(?<![A-Za-z_])-?(nan|inf|infinity)(?![A-Za-z_])"#)
        for file in [text] + (try ["html", "xml", "md"].map { try String(contentsOfFile: out + "." + $0, encoding: .utf8) }) {
            let match = nonFinite.firstMatch(in: file, range: NSRange(file.startIndex..., in: file))
            var context = ""
            if let match, let range = Range(match.range, in: file) {
                let start = file.index(range.lowerBound, offsetBy: -60, limitedBy: file.startIndex) ?? file.startIndex
                context = String(file[start..<range.upperBound])
            }
            #expect(match == nil, "\(context)")
        }
    }
}
