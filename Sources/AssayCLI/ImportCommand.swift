import ArgumentParser
import AssayColumns
import AssayMetrics
import Foundation
import Yams

extension AssayCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Turn another tool's tests into Assay suites.",
            subcommands: [Dbt.self])

        struct Dbt: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "dbt",
                abstract: "Turn a dbt schema.yml's tests into one suite per model (DIR/<model>.yml).",
                discussion: """
                    Maps not_null, unique, accepted_values (values, quote), relationships (to: ref('x') → \
                    other_table: x.csv beside the suite, field), dbt_utils' expression_is_true, \
                    unique_combination_of_columns and accepted_range; severity, warn_if / error_if (as \
                    severity), where (as row_condition in Assay's expression language). Anything else is \
                    listed on stderr and in a comment at the top of the suite. Exit codes: 0 written; 2 the \
                    schema.yml cannot be read; 4 a suite could not be written.
                    """)

            @Argument(help: "The dbt schema.yml (data_tests: with arguments:, or the older tests: spelling).")
            var schema: String

            @Option(name: [.short, .customLong("output")], help: "Folder for the suites (created if missing).")
            var output: String = "."

            @Option(name: .long, help: "What a ref('x') or source('s', 'x') becomes: x.<extension> beside the suite.")
            var tableExtension: String = "csv"

            func run() throws {
                guard let data = FileManager.default.contents(atPath: schema), let text = String(data: data, encoding: .utf8) else {
                    throw CLIError(.usage, "\(schema): cannot read the schema file")
                }
                let suites = try DbtImport.suites(fromSchema: text, path: schema, tableExtension: tableExtension)
                for suite in suites {
                    try CLIError.write(Data(suite.yaml.utf8), to: AssayCommand.Validate.join(output, suite.model + ".yml"))
                    for note in suite.notes { FileHandle.standardError.write(Data("note: \(schema): \(note)\n".utf8)) }
                }
                FileHandle.standardOutput.write(Data(("wrote " + suites.map { AssayCommand.Validate.join(output, $0.model + ".yml") }.joined(separator: ", ") + "\n").utf8))
            }
        }
    }
}

/// dbt's generic tests as Assay expectations. dbt counts failing rows and compares the count with
/// `warn_if` / `error_if` (default `!=0`); Assay judges each expectation at one severity, so a
/// test whose thresholds say "any failure" maps exactly, `severity: warn` maps to a warning, and
/// a count threshold above zero (`error_if: ">10"`) becomes a warning with a note (Assay's
/// thresholds are shares, `mostly`, not counts).
enum DbtImport {
    struct ImportedSuite {
        var model: String
        var yaml: String
        var notes: [String]
    }

    struct Expectation {
        var type: String
        var kwargs: [(String, JSONValue)]
        var severity: String
    }

    static func suites(fromSchema text: String, path: String, tableExtension: String) throws -> [ImportedSuite] {
        let root: JSONValue
        do {
            guard let node = try Yams.compose(yaml: text) else { throw CLIError(.usage, "\(path): the schema file is empty") }
            root = json(node)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.usage, "\(path): not valid YAML: \(error)")
        }
        guard let models = root["models"]?.array else { throw CLIError(.usage, "\(path): no \"models:\" list (a dbt schema.yml has one)") }
        var result: [ImportedSuite] = []
        for model in models {
            guard let name = model["name"]?.string else { throw CLIError(.usage, "\(path): a model without a name") }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }), !name.hasPrefix(".") else {
                throw CLIError(.usage, "\(path): model name \"\(name)\" cannot be a file name")
            }
            var expectations: [Expectation] = []
            var notes: [String] = []
            for test in tests(of: model) {
                map(test, column: nil, model: name, tableExtension: tableExtension, into: &expectations, notes: &notes)
            }
            for column in model["columns"]?.array ?? [] {
                guard let columnName = column["name"]?.string else { continue }
                for test in tests(of: column) {
                    map(test, column: columnName, model: name, tableExtension: tableExtension, into: &expectations, notes: &notes)
                }
            }
            result.append(ImportedSuite(model: name, yaml: render(name, expectations, notes: notes, source: path), notes: notes))
        }
        return result
    }

    /// `data_tests:` (dbt 1.8+) and the older `tests:` spelling, together.
    static func tests(of node: JSONValue) -> [JSONValue] {
        (node["data_tests"]?.array ?? []) + (node["tests"]?.array ?? [])
    }

    static let known = ["not_null", "unique", "accepted_values", "relationships",
                        "dbt_utils.expression_is_true", "dbt_utils.unique_combination_of_columns", "dbt_utils.accepted_range"]

    /// One dbt test (a name, or `{name: {arguments…, config…}}`) as an expectation, or a note why not.
    static func map(_ test: JSONValue, column: String?, model: String, tableExtension: String,
                    into expectations: inout [Expectation], notes: inout [String]) {
        let place = column.map { "\(model).\($0)" } ?? model
        let name: String
        var body: [(String, JSONValue)] = []
        if let text = test.string {
            name = text
        } else if case .object(let members) = test, members.count == 1, case .object(let inner) = members[0].1 {
            name = members[0].0
            body = inner
        } else if case .object(let members) = test, members.count == 1, members[0].1.isNull {
            name = members[0].0
        } else {
            notes.append("\(place): cannot read the test \(test.compact)")
            return
        }
        guard known.contains(name) else {
            notes.append("\(place): test \"\(name)\" has no Assay counterpart; not imported")
            return
        }
        // v1.10+: arguments under `arguments:` and settings under `config:`; older: all at the top.
        var arguments: [(String, JSONValue)] = []
        var config: [(String, JSONValue)] = []
        for (key, value) in body {
            switch key {
            case "arguments": arguments += value.object ?? []
            case "config": config += value.object ?? []
            case "severity", "where", "warn_if", "error_if", "enabled", "tags", "meta", "store_failures", "limit", "fail_calc":
                config.append((key, value))
            case "name", "description": continue
            default: arguments.append((key, value))
            }
        }
        func argument(_ key: String) -> JSONValue? { arguments.first { $0.0 == key }?.1 }
        func setting(_ key: String) -> JSONValue? { config.first { $0.0 == key }?.1 }
        if setting("enabled") == .bool(false) {
            notes.append("\(place): \(name) is disabled (enabled: false); not imported")
            return
        }
        for (key, _) in config where !["severity", "where", "warn_if", "error_if", "enabled", "tags", "meta"].contains(key) {
            notes.append("\(place): \(name): config \"\(key)\" has no Assay counterpart; ignored")
        }
        var kwargs: [(String, JSONValue)] = []
        var used: Set<String> = []
        func take(_ key: String) -> JSONValue? { used.insert(key); return argument(key) }
        let type: String
        switch name {
        case "not_null", "unique":
            guard let column else { notes.append("\(place): \(name) outside a column; not imported"); return }
            type = name == "unique" ? "expect_column_values_to_be_unique" : "expect_column_values_to_not_be_null"
            kwargs = [("column", .string(column))]
        case "accepted_values":
            guard let column, let values = take("values")?.array else {
                notes.append("\(place): accepted_values without a column or values; not imported")
                return
            }
            // `quote` tells dbt how to write the values into SQL; Assay compares typed values, so
            // they are kept as the YAML writes them (1 is a number, '1' a text).
            _ = take("quote")
            type = "expect_column_values_to_be_in_set"
            kwargs = [("column", .string(column)), ("value_set", .array(values))]
        case "relationships":
            guard let column, let to = take("to")?.string, let field = take("field")?.string else {
                notes.append("\(place): relationships without a column, to or field; not imported")
                return
            }
            guard let table = referencedTable(to) else {
                notes.append("\(place): relationships to \(to) is not a ref('…') or source('…', '…'); not imported")
                return
            }
            type = "expect_column_values_to_be_in_other_table"
            kwargs = [("column", .string(column)), ("other_table", .string(table + "." + tableExtension)), ("other_column", .string(field))]
        case "dbt_utils.expression_is_true":
            guard let expression = take("expression")?.string else { notes.append("\(place): expression_is_true without an expression; not imported"); return }
            let condition = column.map { "\(quoteName($0)) \(expression)" } ?? expression
            if let problem = expressionProblem(condition) {
                notes.append("\(place): expression_is_true \"\(condition)\" is not Assay's expression language (\(problem)); not imported")
                return
            }
            type = "expect_rows_to_satisfy"
            kwargs = [("condition", .string(condition))]
        case "dbt_utils.unique_combination_of_columns":
            guard let columns = take("combination_of_columns")?.array else { notes.append("\(place): unique_combination_of_columns without combination_of_columns; not imported"); return }
            type = "expect_compound_columns_to_be_unique"
            kwargs = [("column_list", .array(columns))]
        default: // dbt_utils.accepted_range
            guard let column else { notes.append("\(place): accepted_range outside a column; not imported"); return }
            type = "expect_column_values_to_be_between"
            kwargs = [("column", .string(column))]
            if let low = take("min_value") { kwargs.append(("min_value", low)) }
            if let high = take("max_value") { kwargs.append(("max_value", high)) }
            if take("inclusive") == .bool(false) { kwargs += [("strict_min", .bool(true)), ("strict_max", .bool(true))] }
        }
        for (key, _) in arguments where !used.contains(key) {
            notes.append("\(place): \(name): argument \"\(key)\" has no Assay counterpart; ignored")
        }
        if let condition = setting("where")?.string {
            if let problem = expressionProblem(condition) {
                notes.append("\(place): \(name): where \"\(condition)\" is not Assay's expression language (\(problem)); the test is not imported")
                return
            }
            kwargs += [("row_condition", .string(condition)), ("condition_parser", .string("assay"))]
        }
        var severity = setting("severity")?.string?.lowercased() == "warn" ? "warning" : "error"
        if severity == "error" {
            let errorIf = setting("error_if")?.string ?? "!=0"
            let warnIf = setting("warn_if")?.string ?? "!=0"
            if !meansAnyFailure(errorIf) {
                severity = "warning"
                notes.append("\(place): \(name): error_if \"\(errorIf)\" counts rows, and Assay thresholds are shares (mostly); imported as a warning on any failure")
            }
            if !meansAnyFailure(warnIf) {
                notes.append("\(place): \(name): warn_if \"\(warnIf)\" counts rows; Assay reports any failure")
            }
        }
        expectations.append(Expectation(type: type, kwargs: kwargs, severity: severity))
    }

    /// `!=0`, `>0`, `>=1`: the test fails on any failing row (dbt's default).
    static func meansAnyFailure(_ threshold: String) -> Bool {
        let compact = threshold.filter { !$0.isWhitespace }
        return ["!=0", "<>0", ">0", ">=1"].contains(compact)
    }

    /// `ref('x')`, `ref("pkg", "x")` or `source('s', 'x')` → x.
    static func referencedTable(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("ref(") || trimmed.hasPrefix("source("), trimmed.hasSuffix(")") else { return nil }
        let inside = trimmed[trimmed.index(after: trimmed.firstIndex(of: "(")!)..<trimmed.index(before: trimmed.endIndex)]
        let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        guard let last = parts.last, !last.isEmpty, !last.contains("/") else { return nil }
        return last
    }

    static func quoteName(_ name: String) -> String {
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !(name.first?.isNumber ?? true) ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func expressionProblem(_ text: String) -> String? {
        do {
            _ = try RowExpression.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// The suite as YAML: a comment with what was not imported, then one flow mapping of kwargs
    /// per expectation (JSON, which is YAML), in the schema's order.
    static func render(_ model: String, _ expectations: [Expectation], notes: [String], source: String) -> String {
        var lines = ["# Imported by `assay import dbt` from \(URL(fileURLWithPath: source).lastPathComponent), model \(model)."]
        if notes.isEmpty {
            lines.append("# Every test was imported.")
        } else {
            lines.append("# Not imported or changed:")
            lines += notes.map { "#   - " + $0.replacingOccurrences(of: "\n", with: " ") }
        }
        lines += ["name: \(JSONValue.string(model).compact)", expectations.isEmpty ? "expectations: []" : "expectations:"]
        for expectation in expectations {
            lines.append("  - type: \(expectation.type)")
            lines.append("    kwargs: \(JSONValue.object(expectation.kwargs).compact)")
            if expectation.severity != "error" { lines.append("    severity: \(expectation.severity)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML node as a JSON value, keeping mapping order.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .bool(node.bool ?? false)
            case Tag.Name.int.rawValue: return node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map { .double($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping): return .object(mapping.map { key, value in (key.string ?? "\(key)", json(value)) })
        case .sequence(let sequence): return .array(sequence.map(json))
        case .alias: return .null
        }
    }
}
