import Foundation
import Testing

/// `assay contract check | suite | diff` run as a user runs them, on the sample data and the
/// example contract in `contracts/`.
@Suite struct ContractCLITests: UsesTemporaryFolder {
    let folder = Self.makeFolder()
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts/customers.odcs.yaml").path

    func sample() throws -> String {
        let path = folder + "/customers.csv"
        let outcome = try Assay.run(["sample", "--out", path, "--rows", "5000"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return path
    }

    @Test func checkPassesOnTheSampleData() throws {
        let data = try sample()
        let outcome = try Assay.run(["contract", "check", Self.example, data, "--json", "-", "--no-report"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("PASSED customers on \(data): 43/43 expectations passed, 5000 rows"), "\(outcome.stderr)")
        // The result JSON is validate's, naming the contract as the suite file.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["success"] as? Bool == true)
        #expect(json["suite_name"] as? String == "customers")
        let meta = try #require(json["meta"] as? [String: Any])
        #expect(meta["suite_file"] as? String == Self.example)
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 43)
        let first = try #require(results.first?["expectation_config"] as? [String: Any])
        #expect(first["type"] as? String == "expect_no_added_columns")
        #expect((first["meta"] as? [String: Any])?["contract_line"] as? Int == 22)
    }

    @Test func checkFailsWhenTheDataBreaksOneRule() throws {
        let data = try sample()
        let text = try String(contentsOfFile: data, encoding: .utf8)
        // One customer on a plan the contract's enum does not list.
        let broken = text.replacingOccurrences(of: ",pro,", with: ",enterprise,", options: [], range: text.range(of: ",pro,"))
        #expect(broken != text)
        let path = write("broken.csv", broken)
        let outcome = try Assay.run(["contract", "check", Self.example, path, "--report-dir", folder + "/reports", "--html", folder + "/r.html"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAILED customers on \(path): 42/43 expectations passed"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("  error: expect_column_values_to_be_in_set [plan] 1 unexpected"), "\(outcome.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder + "/r.html"))
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/reports/customers")
        #expect(runs.count == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/reports/customers/\(runs[0])/result.json"))
    }

    @Test func suiteWritesTheCompiledSuiteThatValidateRuns() throws {
        let data = try sample()
        let suitePath = folder + "/customers.suite.yml"
        let written = try Assay.run(["contract", "suite", Self.example, "-o", suitePath])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        let suite = try String(contentsOfFile: suitePath, encoding: .utf8)
        #expect(suite.contains("""
              - type: expect_column_values_to_be_between
                kwargs: {column: age, min_value: 18, max_value: 100}
                meta: {contract: "age: logicalTypeOptions minimum/maximum", contract_line: 60}
            """))
        let validated = try Assay.run(["validate", data, "--suite", suitePath, "--no-report"])
        #expect(validated.status == 0)
        #expect(validated.stdout.contains("43/43 expectations passed"))
        let toStdout = try Assay.run(["contract", "suite", Self.example])
        #expect(toStdout.stdout == suite.replacingOccurrences(of: suitePath, with: Self.example))
    }

    @Test func malformedContractsExitTwoNamingFileAndLine() throws {
        let data = try sample()
        let cases: [(String, String)] = [
            ("kind: DataContract\nschema:\n  - name: t\n    properties: [{name: a\n", "bad.yaml line 5: not valid YAML or JSON"),
            ("kind: DataContract\nschema:\n  - name: t\n    properties:\n      - {name: a, unique: 1}\n",
             "bad.yaml line 5: \"unique\" must be true or false, not 1"),
            ("kind: DataContract\nschema:\n  - name: t\n    properties:\n      - name: a\n        quality:\n          - {metric: nullValues, mustBeAtMost: 1}\n",
             "bad.yaml line 7: unknown operator \"mustBeAtMost\""),
        ]
        for (text, message) in cases {
            let path = write("bad.yaml", text)
            for arguments in [["contract", "check", path, data], ["contract", "suite", path], ["contract", "diff", path, Self.example]] {
                let outcome = try Assay.run(arguments)
                #expect(outcome.status == 2, "\(arguments)")
                #expect(outcome.stderr.hasPrefix("assay: error: \(folder)/\(message)"), "\(outcome.stderr)")
            }
        }
        let missing = try Assay.run(["contract", "diff", folder + "/none.yaml", Self.example])
        #expect(missing.status == 2)
        #expect(missing.stderr == "assay: error: \(folder)/none.yaml: no such contract file\n")
    }

    @Test func diffExitsOneOnABreakingChangeWithoutAMajorBump() throws {
        let original = try String(contentsOfFile: Self.example, encoding: .utf8)
        let narrowed = original.replacingOccurrences(of: "logicalTypeOptions: {minimum: 18, maximum: 100}", with: "logicalTypeOptions: {minimum: 18, maximum: 90}")
        let minor = write("minor.odcs.yaml", narrowed.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0"))
        let major = write("major.odcs.yaml", narrowed.replacingOccurrences(of: "version: 1.0.0", with: "version: 2.0.0"))
        let outcome = try Assay.run(["contract", "diff", Self.example, minor])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == """
            breaking    customers.age: maximum lowered from 100 to 90
            1 breaking, 0 compatible change; version 1.0.0 → 1.1.0 is not a major bump: breaking changes need 2.0.0

            """)
        #expect(outcome.stderr.isEmpty)
        let bumped = try Assay.run(["contract", "diff", Self.example, major, "--json", "-"])
        #expect(bumped.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bumped.stdout.utf8)) as? [String: Any])
        #expect(json["major_bump"] as? Bool == true)
        #expect(json["breaking_count"] as? Int == 1)
        let change = try #require((json["changes"] as? [[String: Any]])?.first)
        #expect(change["class"] as? String == "breaking")
        #expect(change["element"] as? String == "customers.age")
        #expect(change["old"] as? Int == 100)
        #expect(change["new"] as? Int == 90)
        #expect(bumped.stderr.hasPrefix("breaking    customers.age: maximum lowered from 100 to 90\n"))
        // Loosening is compatible under any version.
        let loosened = write("loose.odcs.yaml", original.replacingOccurrences(of: "{maxLength: 500}", with: "{maxLength: 1000}")
            .replacingOccurrences(of: "name: growth-data", with: "name: ml-data"))
        let compatible = try Assay.run(["contract", "diff", Self.example, loosened])
        #expect(compatible.status == 0)
        #expect(compatible.stdout == """
            compatible  customers.last_feedback: maxLength raised from 500 to 1000
            compatible  contract: team (owners) changed
            0 breaking, 2 compatible changes; version 1.0.0 → 1.0.0: compatible

            """)
    }

    @Test func helpNamesTheSubcommands() throws {
        let outcome = try Assay.run(["contract", "--help"])
        #expect(outcome.status == 0)
        for name in ["check", "suite", "diff"] { #expect(outcome.stdout.contains("  \(name) "), "\(name)") }
        #expect(try Assay.run(["contract", "check", "--help"]).stdout.contains("--report-dir"))
    }
}
