import AssayColumns
import AssayExpectations
import AssayMetrics
import Foundation
import Yams

/// What a failed expectation means for the run: `error` blocks downstream jobs (exit 1),
/// `warning` is reported but does not (unless `--fail-on warning`).
public enum Severity: String, Sendable, Hashable {
    case error
    case warning
}

/// One checked expectation of a suite.
public struct SuiteEntry: Sendable {
    public var type: String
    public var kwargs: [(key: String, value: JSONValue)]
    public var meta: JSONValue
    public var severity: Severity
    public var line: Int
    public var expectation: any Expectation
    /// The entry's own `result_format` kwarg, which wins over the run's.
    public var resultFormat: ResultFormat?
    /// `row_condition` / `where` of an expectation that does not filter rows itself: the
    /// validator plans its metrics over the kept rows (`Catalog.takesGenericRowFilter`).
    public var rowFilter: RowFilter? = nil
}

/// An expectation suite: GX 1.x JSON (`{"name", "expectations": [{"type", "kwargs", "meta"}]}`),
/// the 0.x spelling (`expectation_suite_name`, `expectation_type`), or the same in YAML, with
/// Assay's `severity` per expectation. Every problem is found when loading, before data is read.
public struct Suite: Sendable {
    public var name: String
    public var path: String
    public var meta: JSONValue
    public var entries: [SuiteEntry]
    /// `baseline:`: a profile JSON or a dataset, resolved against the suite file's folder.
    public var baseline: String?

    /// Whether an expectation compares with a baseline (then one must be given).
    public var needsBaseline: Bool { entries.contains { $0.expectation is any BaselineExpectation } }

    static let topLevelKeys = ["name", "expectation_suite_name", "expectations", "meta", "baseline", "id", "notes", "data_asset_type",
                               "ge_cloud_id", "suite_parameters", "evaluation_parameters", "data_context_id"]
    static let entryKeys = ["type", "expectation_type", "kwargs", "meta", "severity", "id", "notes", "description",
                            "rendered_content", "ge_cloud_id", "expectation_context"]

    public static func load(path: String) throws(SuiteError) -> Suite {
        try parse(try BoundedYAML.text(of: path, what: "suite"), path: path)
    }

    public static func parse(_ text: String, path: String) throws(SuiteError) -> Suite {
        let root = try BoundedYAML.compose(text, path: path, what: "suite")
        guard let top = root.mapping else {
            throw SuiteError(file: path, line: root.mark?.line, message: "a suite is a mapping with \"name\" and \"expectations\"")
        }
        for (key, _) in top {
            guard let name = key.string, topLevelKeys.contains(name) else {
                let name = key.string ?? "\(key)"
                throw SuiteError(file: path, line: key.mark?.line,
                                 message: "unknown key \"\(name)\"" + Suggestion.hint(for: name, in: topLevelKeys))
            }
        }
        let name = top["name"]?.string ?? top["expectation_suite_name"]?.string
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let list = top["expectations"] else {
            throw SuiteError(file: path, line: root.mark?.line, message: "the suite has no \"expectations\" list")
        }
        guard let items = list.sequence else {
            throw SuiteError(file: path, line: list.mark?.line, message: "\"expectations\" must be a list")
        }
        var entries: [SuiteEntry] = []
        for (offset, item) in items.enumerated() {
            entries.append(try entry(item, index: offset + 1, path: path))
        }
        var baseline: String?
        if let node = top["baseline"] {
            guard let text = node.string, !text.isEmpty else {
                throw SuiteError(file: path, line: node.mark?.line, message: "\"baseline\" must be a path (a profile JSON or a dataset)")
            }
            baseline = text.hasPrefix("/") ? text : (URL(fileURLWithPath: path).deletingLastPathComponent().path as NSString).appendingPathComponent(text)
        }
        return Suite(name: name, path: path, meta: top["meta"].map(json) ?? .object([]), entries: entries, baseline: baseline)
    }

    private static func entry(_ node: Node, index: Int, path: String) throws(SuiteError) -> SuiteEntry {
        let line = node.mark?.line
        guard let mapping = node.mapping else {
            throw SuiteError(file: path, line: line, expectation: (index, "?"), message: "an expectation is a mapping with \"type\" and \"kwargs\"")
        }
        let typeNode = mapping["type"] ?? mapping["expectation_type"]
        guard let typeName = typeNode?.string else {
            throw SuiteError(file: path, line: line, expectation: (index, "?"), message: "the expectation has no \"type\"")
        }
        func fail(_ message: String, at line: Int?) -> SuiteError {
            SuiteError(file: path, line: line, expectation: (index, typeName), message: message)
        }
        for (key, _) in mapping {
            guard let name = key.string, entryKeys.contains(name) else {
                let name = key.string ?? "\(key)"
                throw fail("unknown key \"\(name)\"" + Suggestion.hint(for: name, in: entryKeys), at: key.mark?.line)
            }
        }
        guard let type = Catalog.types[typeName] else {
            throw fail("unknown expectation type" + Suggestion.hint(for: typeName, in: Catalog.types.keys), at: typeNode?.mark?.line)
        }
        var kwargs: [(key: String, value: JSONValue)] = []
        var kwargLines: [String: Int] = [:]
        if let kwargsNode = mapping["kwargs"] {
            guard let kwargsMapping = kwargsNode.mapping else { throw fail("\"kwargs\" must be a mapping", at: kwargsNode.mark?.line) }
            let accepted = Catalog.parameters(of: type)
            for (key, value) in kwargsMapping {
                guard let name = key.string else { throw fail("a kwarg name must be text", at: key.mark?.line) }
                guard accepted.contains(name) else {
                    throw fail("unknown kwarg \"\(name)\"" + Suggestion.hint(for: name, in: accepted)
                               + "; \(typeName) takes \(type.parameters.joined(separator: ", "))", at: key.mark?.line)
                }
                kwargs.append((name, json(value)))
                kwargLines[name] = key.mark?.line
            }
        }
        let arguments = Arguments(kwargs)
        let expectation: any Expectation
        do throws(ArgumentError) {
            expectation = try type.init(arguments)
        } catch {
            let at = error.key.flatMap { kwargLines[$0] } ?? line
            let subject = error.key.map { "kwarg \"\($0)\" " } ?? ""
            throw fail(subject + error.message, at: at)
        }
        var rowFilter: RowFilter?
        if Catalog.takesGenericRowFilter(type) {
            do throws(ArgumentError) {
                rowFilter = try arguments.rowFilter()
            } catch {
                throw fail((error.key.map { "kwarg \"\($0)\" " } ?? "") + error.message, at: error.key.flatMap { kwargLines[$0] } ?? line)
            }
        }
        var resultFormat: ResultFormat?
        if let value = arguments["result_format"] {
            do throws(ArgumentError) {
                resultFormat = try ResultFormat(value)
            } catch {
                throw fail("kwarg \"result_format\" " + error.message, at: kwargLines["result_format"])
            }
        }
        var severity = Severity.error
        if let node = mapping["severity"] {
            guard let text = node.string, let parsed = Severity(rawValue: text) else {
                throw fail("severity must be \"error\" or \"warning\"", at: node.mark?.line)
            }
            severity = parsed
        }
        return SuiteEntry(type: typeName, kwargs: kwargs, meta: mapping["meta"].map(json) ?? .object([]),
                          severity: severity, line: line ?? 0, expectation: expectation, resultFormat: resultFormat, rowFilter: rowFilter)
    }

    /// A YAML node as a JSON value, keeping mapping order.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .bool(node.bool ?? false)
            case Tag.Name.int.rawValue:
                if let value = Int64(scalar.string.replacingOccurrences(of: "_", with: "")) { return .integer(value) }
                return node.float.map { .double($0) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map { .double($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            return .object(mapping.map { key, value in (key.string ?? "\(key)", json(value)) })
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}

extension Resolver {
    /// YAML 1.2 core schema: only true/false are booleans, so `NO` (Norway) stays a string.
    public static let suite: Resolver = {
        let core = Resolver.default.removing(.timestamp).removing(.merge).removing(.value)
        return (try? core.replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")) ?? core
    }()
}

extension YamlError {
    public var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: nil
        }
    }

    public var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): problem
        default: "\(self)"
        }
    }
}

/// A YAML (or JSON) document read the way suites and contracts both read it: the YAML 1.2 core
/// schema (`Resolver.suite`), errors with their line, and at most `nodeCountMax` nodes once
/// aliases are expanded (a few lines of aliases can stand for billions of nodes).
public enum BoundedYAML {
    public static let nodeCountMax = 1_000_000

    /// The file's text, or why it cannot be read (missing, unreadable, not UTF-8).
    public static func text(of path: String, what: String) throws(SuiteError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw SuiteError(file: path, line: nil, message: exists ? "cannot read the \(what) file" : "no such \(what) file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SuiteError(file: path, line: nil, message: "the \(what) file is not UTF-8 text")
        }
        return text
    }

    /// `what` names the document in messages ("suite", "contract").
    public static func compose(_ text: String, path: String, what: String) throws(SuiteError) -> Node {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, Resolver.suite) else {
                throw SuiteError(file: path, line: nil, message: "the \(what) file is empty")
            }
            root = node
        } catch let error as SuiteError {
            throw error
        } catch let error as YamlError {
            throw SuiteError(file: path, line: error.line, message: "not valid YAML or JSON: \(error.problem)")
        } catch {
            throw SuiteError(file: path, line: nil, message: "not valid YAML or JSON: \(error)")
        }
        var budget = nodeCountMax
        guard countNodes(root, within: &budget) else {
            throw SuiteError(file: path, line: nil, message: "the \(what) expands to more than \(nodeCountMax) YAML nodes (repeated aliases?)")
        }
        return root
    }

    private static func countNodes(_ node: Node, within budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard countNodes(key, within: &budget), countNodes(value, within: &budget) else { return false }
            }
        case .sequence(let sequence):
            for item in sequence where !countNodes(item, within: &budget) { return false }
        case .scalar, .alias:
            break
        }
        return true
    }
}
