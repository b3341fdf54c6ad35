import AssayColumns
import AssayExpectations
import AssaySuites

extension CompiledContract {
    /// The compiled suite as YAML, one expectation per entry, each with the contract line it
    /// comes from in `meta`. `contract suite` writes it; `contract check` validates exactly it.
    public func suiteYAML(including expectations: [CompiledExpectation]? = nil) -> String {
        let entries = expectations ?? self.expectations
        var lines = [
            "# Compiled from \(contract.path) by assay contract suite; edit the contract, not this file.",
            "name: \(SuiteYAML.scalar(.string(suiteName)))",
        ]
        var meta: [(String, JSONValue)] = [("contract_file", .string(contract.path))]
        if let id = contract.id { meta.append(("contract_id", .string(id))) }
        if let version = contract.version { meta.append(("contract_version", .string(version))) }
        meta.append(("schema_object", .string(object.name)))
        lines.append("meta: " + SuiteYAML.flow(.object(meta)))
        lines.append(entries.isEmpty ? "expectations: []" : "expectations:")
        for entry in entries {
            lines.append("  - type: \(entry.type)")
            lines.append("    kwargs: " + SuiteYAML.flow(.object(entry.kwargs.map { ($0.key, $0.value) })))
            if entry.severity != .error { lines.append("    severity: \(entry.severity.rawValue)") }
            var entryMeta: [(String, JSONValue)] = [("contract", .string(entry.source)), ("contract_line", .integer(Int64(entry.line)))]
            if let notes = entry.notes { entryMeta.append(("notes", .string(notes))) }
            lines.append("    meta: " + SuiteYAML.flow(.object(entryMeta)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The expectations this build's catalog does not have (they are left out of `suite()`).
    public var unavailable: [CompiledExpectation] { expectations.filter { Catalog.types[$0.type] == nil } }

    /// The suite `contract check` runs: the compiled YAML read back by the suite parser, so a
    /// bad kwarg (an invalid regex, a custom rule's typo) is reported as suites report it, at
    /// the contract line it came from. Expectations missing from the catalog are left out.
    public func suite() throws(ContractError) -> Suite {
        let runnable = expectations.filter { Catalog.types[$0.type] != nil }
        do {
            return try Suite.parse(suiteYAML(including: runnable), path: contract.path)
        } catch {
            let source = error.expectation.flatMap { runnable.indices.contains($0.index - 1) ? runnable[$0.index - 1] : nil }
            guard let source else {
                throw ContractError(file: contract.path, line: nil, message: "the compiled suite does not load (\(error.message)); please report this")
            }
            throw ContractError(file: contract.path, line: source.line, message: "\(source.source) → \(source.type): \(error.message)")
        }
    }
}

/// Just enough YAML to write suites readably: flow mappings and lists, plain scalars where they
/// read back as the same text, JSON-quoted strings (valid YAML) elsewhere.
enum SuiteYAML {
    static func flow(_ value: JSONValue) -> String {
        switch value {
        case .object(let members): "{" + members.map { key, member in scalar(.string(key)) + ": " + flow(member) }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        default: scalar(value)
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        guard case .string(let text) = value else { return value.compact }
        return isPlain(text) ? text : value.compact
    }

    /// Words that YAML 1.1 or 1.2 would read as something other than text.
    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"]

    static func isPlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        guard !reserved.contains(text.lowercased()) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "_-.".unicodeScalars.contains(scalar)
        }
    }
}
