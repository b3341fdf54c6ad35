import AssayColumns
import AssayExpectations
import AssaySuites
import Yams

/// One expectation a contract compiles to, with the contract line it comes from.
public struct CompiledExpectation: Sendable {
    public var type: String
    public var kwargs: [(key: String, value: JSONValue)]
    public var severity: Severity
    /// What in the contract asked for it, e.g. `age: logicalTypeOptions.minimum/maximum`.
    public var source: String
    public var notes: String?
    public var line: Int

    public func kwarg(_ key: String) -> JSONValue? { kwargs.first { $0.key == key }?.value }
}

/// A contract's object (table) compiled to expectations: what `contract suite` writes and
/// `contract check` validates.
public struct CompiledContract: Sendable {
    public var contract: Contract
    public var object: ContractObject
    public var expectations: [CompiledExpectation]
    /// What the contract holds that the compiled suite does not check.
    public var notes: [ContractNote]

    public var suiteName: String {
        contract.objects.count > 1 ? "\(contract.displayName).\(object.name)" : contract.displayName
    }
}

/// Contract → expectations. Each piece of the contract maps to the catalog expectation that
/// checks exactly it; what no expectation can check exactly is an error (with the way out: a
/// `type: custom, engine: assay` rule), never an approximation.
public enum ContractCompiler {
    /// The object named `objectName`, or the contract's only one.
    public static func compile(_ contract: Contract, object objectName: String? = nil) throws(ContractError) -> CompiledContract {
        let object: ContractObject
        if let objectName {
            guard let found = contract.objects.first(where: { $0.name == objectName }) else {
                throw ContractError(file: contract.path, line: nil, message: "no schema object \"\(objectName)\"; the contract has "
                                    + (contract.objects.isEmpty ? "none" : contract.objects.map(\.name).joined(separator: ", ")))
            }
            object = found
        } else {
            guard contract.objects.count == 1, let only = contract.objects.first else {
                throw ContractError(file: contract.path, line: nil, message: contract.objects.isEmpty
                                    ? "the contract has no schema object to check (schema: [{name, properties}])"
                                    : "the contract has \(contract.objects.count) schema objects (\(contract.objects.map(\.name).joined(separator: ", "))): choose one with --object NAME")
            }
            object = only
        }
        var compiler = Compilation(contract: contract, object: object)
        try compiler.run()
        return CompiledContract(contract: contract, object: object, expectations: compiler.expectations,
                                notes: contract.notes + compiler.notes)
    }
}

struct Compilation {
    let contract: Contract
    let object: ContractObject
    var expectations: [CompiledExpectation] = []
    var notes: [ContractNote] = []

    func fail(_ message: String, line: Int) -> ContractError { ContractError(file: contract.path, line: line, message: message) }

    mutating func note(_ message: String, line: Int) { notes.append(ContractNote(file: contract.path, line: line, message: message)) }

    mutating func add(_ type: String, _ kwargs: [(key: String, value: JSONValue)], source: String, line: Int,
                      severity: Severity = .error, notes: String? = nil) {
        expectations.append(CompiledExpectation(type: type, kwargs: kwargs, severity: severity, source: source, notes: notes, line: line))
    }

    mutating func run() throws(ContractError) {
        schemaChecks()
        let key = object.primaryKey
        for property in object.properties { try compile(property, compoundKey: key.count > 1) }
        if key.count > 1 {
            let line = object.properties.first { $0.primaryKey }?.line ?? object.line
            add("expect_compound_columns_to_be_unique", [("column_list", .array(key.map { .string($0) }))],
                source: "\(object.name): primaryKey (\(key.joined(separator: ", ")))", line: line)
        }
        for rule in object.quality { try compile(rule, property: nil) }
        try freshness()
    }

    /// The columns and their types, for the schema-drift expectations.
    mutating func schemaChecks() {
        let columns: JSONValue = .array(object.properties.map { property in
            var members: [(String, JSONValue)] = [("name", .string(property.column))]
            if let type = property.logicalType?.columnType { members.append(("type", .string(type.rawValue))) }
            return .object(members)
        })
        for type in ["expect_no_added_columns", "expect_no_removed_columns", "expect_no_retyped_columns"] {
            add(type, [("columns", columns)], source: "\(object.name): schema", line: object.line)
        }
    }

    mutating func compile(_ property: ContractProperty, compoundKey: Bool) throws(ContractError) {
        let column: JSONValue = .string(property.column)
        let name = property.name
        if let type = property.logicalType, let pandasName = Self.pandasTypeName(type) {
            add("expect_column_values_to_be_of_type", [("column", column), ("type_", .string(pandasName))],
                source: "\(name): logicalType \(type.rawValue)", line: property.logicalTypeLine ?? property.line)
        }
        if property.required || property.primaryKey {
            add("expect_column_values_to_not_be_null", [("column", column)],
                source: "\(name): " + (property.required ? "required" : "primaryKey"), line: property.line)
        }
        if property.unique || (property.primaryKey && !compoundKey) {
            add("expect_column_values_to_be_unique", [("column", column)],
                source: "\(name): " + (property.unique ? "unique" : "primaryKey"), line: property.line)
        }
        if property.minimum != nil || property.maximum != nil {
            var kwargs: [(key: String, value: JSONValue)] = [("column", column)]
            if let minimum = property.minimum { kwargs.append(("min_value", minimum.value)) }
            if let maximum = property.maximum { kwargs.append(("max_value", maximum.value)) }
            if property.minimum?.exclusive == true { kwargs.append(("strict_min", .bool(true))) }
            if property.maximum?.exclusive == true { kwargs.append(("strict_max", .bool(true))) }
            add("expect_column_values_to_be_between", kwargs, source: "\(name): logicalTypeOptions minimum/maximum",
                line: min(property.minimum?.line ?? .max, property.maximum?.line ?? .max))
        }
        if let pattern = property.pattern {
            add("expect_column_values_to_match_regex", [("column", column), ("regex", .string(pattern))],
                source: "\(name): logicalTypeOptions.pattern", line: property.patternLine ?? property.line)
        }
        if property.minLength != nil || property.maxLength != nil {
            var kwargs: [(key: String, value: JSONValue)] = [("column", column)]
            kwargs.append(("min_value", property.minLength.map { .integer(Int64($0)) } ?? .null))
            kwargs.append(("max_value", property.maxLength.map { .integer(Int64($0)) } ?? .null))
            add("expect_column_value_lengths_to_be_between", kwargs, source: "\(name): logicalTypeOptions minLength/maxLength",
                line: property.lengthLine ?? property.line)
        }
        if let format = property.format { formatCheck(format, property: property) }
        if let values = property.allowedValues {
            add("expect_column_values_to_be_in_set", [("column", column), ("value_set", .array(values))],
                source: "\(name): enum", line: property.allowedValuesLine ?? property.line)
        }
        for rule in property.quality { try compile(rule, property: property) }
    }

    /// GX type names for `expect_column_values_to_be_of_type`: dtype names for numeric, bool and
    /// datetime columns, Python cell types for text and date columns.
    static func pandasTypeName(_ type: LogicalType) -> String? {
        switch type {
        case .string: "str"
        case .integer: "int64"
        case .number: "number"
        case .boolean: "bool"
        case .date: "date"
        case .timestamp: "datetime64"
        case .time, .object, .array, .map: nil
        }
    }

    /// Text formats with a regular expression that says enough, and integer formats (Rust's
    /// names, as ODCS gives them) by their range.
    static let textFormats: [String: String] = [
        "email": #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#,
        "uuid": #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#,
        "ipv4": #"^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"#,
        "uri": #"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$"#,
        "hostname": #"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"#,
    ]
    static let integerFormats: [String: (Int64, Int64)] = [
        "i8": (-128, 127), "i16": (-32768, 32767), "i32": (-2_147_483_648, 2_147_483_647), "i64": (.min, .max),
        "u8": (0, 255), "u16": (0, 65535), "u32": (0, 4_294_967_295), "u64": (0, .max),
    ]

    mutating func formatCheck(_ format: String, property: ContractProperty) {
        let line = property.formatLine ?? property.line
        switch property.logicalType {
        case .string?:
            guard let regex = Self.textFormats[format.lowercased()] else {
                note("format \"\(format)\" of \"\(property.name)\" is not checked (Assay knows \(Self.textFormats.keys.sorted().joined(separator: ", ")))", line: line)
                return
            }
            add("expect_column_values_to_match_regex", [("column", .string(property.column)), ("regex", .string(regex))],
                source: "\(property.name): logicalTypeOptions.format \(format)", line: line)
        case .integer?:
            guard let (low, high) = Self.integerFormats[format.lowercased()] else {
                note("format \"\(format)\" of \"\(property.name)\" is not checked (Assay knows \(Self.integerFormats.keys.sorted().joined(separator: ", ")))", line: line)
                return
            }
            guard low != .min || high != .max else { return }
            add("expect_column_values_to_be_between", [("column", .string(property.column)), ("min_value", .integer(low)), ("max_value", .integer(high))],
                source: "\(property.name): logicalTypeOptions.format \(format)", line: line)
        default:
            // Dates and timestamps are parsed by the reader (ISO 8601); their display format is not data.
            note("format \"\(format)\" of \"\(property.name)\" is not checked", line: line)
        }
    }

    // MARK: Quality rules

    mutating func compile(_ rule: QualityRule, property: ContractProperty?) throws(ContractError) {
        let owner = property?.name ?? object.name
        let severity: Severity = rule.isWarning ? .warning : .error
        let notes = rule.description ?? rule.name
        switch rule.kind {
        case .text:
            note("a text rule of \"\(owner)\" is not checked", line: rule.line)
        case .sql:
            note("a sql rule of \"\(owner)\" is not checked (Assay runs library and custom engine: assay rules)", line: rule.line)
        case .custom(let engine, let implementation):
            guard engine.lowercased() == "assay" else {
                note("a custom \(engine) rule of \"\(owner)\" is not checked (Assay runs engine: assay)", line: rule.line)
                return
            }
            try custom(implementation, rule: rule, owner: owner)
        case .library(let metric, let arguments):
            guard rule.hasComparison else {
                throw fail("the \(metric) rule of \"\(owner)\" has no operator: add one such as mustBe: 0", line: rule.line)
            }
            let source = "\(owner): quality \(metric) \(rule.threshold.text)\(rule.unit == "percent" ? " %" : "")"
            if metric == "rowCount" {
                guard property == nil else { throw fail("rowCount is a schema-level metric: move it to the quality list of \"\(object.name)\"", line: rule.line) }
                try rowCount(rule, source: source, severity: severity, notes: notes)
                return
            }
            if metric == "duplicateValues", property == nil {
                guard let columns = arguments["properties"]?.array?.compactMap(\.string), !columns.isEmpty else {
                    throw fail("a schema-level duplicateValues rule needs arguments.properties (the columns that must be unique together)", line: rule.line)
                }
                let mostly = try mostly(rule, metric: metric)
                let physical = columns.map { name in object.property(named: name)?.column ?? name }
                add("expect_compound_columns_to_be_unique", [("column_list", .array(physical.map { .string($0) }))] + mostly,
                    source: source, line: rule.line, severity: severity, notes: notes)
                return
            }
            guard let property else {
                throw fail("\(metric) is a property-level metric: move it to the quality list of a property", line: rule.line)
            }
            let column: (key: String, value: JSONValue) = ("column", .string(property.column))
            let mostly = try mostly(rule, metric: metric)
            switch metric {
            case "nullValues":
                add("expect_column_values_to_not_be_null", [column] + mostly, source: source, line: rule.line, severity: severity, notes: notes)
            case "duplicateValues":
                add("expect_column_values_to_be_unique", [column] + mostly, source: source, line: rule.line, severity: severity, notes: notes)
            case "invalidValues":
                let valid = arguments["validValues"]
                let pattern = arguments["pattern"]
                guard valid != nil || pattern != nil else {
                    throw fail("an invalidValues rule needs arguments.validValues (a list) or arguments.pattern (a regex)", line: rule.line)
                }
                if valid != nil && pattern != nil && !mostly.isEmpty {
                    throw fail("invalidValues with both validValues and pattern is checked only with a zero limit (mustBe: 0); split it into two rules", line: rule.line)
                }
                if let valid {
                    guard case .array = valid else { throw fail("arguments.validValues must be a list, not \(valid.compact)", line: rule.line) }
                    add("expect_column_values_to_be_in_set", [column, ("value_set", valid)] + mostly, source: source, line: rule.line, severity: severity, notes: notes)
                }
                if let pattern {
                    guard case .string = pattern else { throw fail("arguments.pattern must be a regular expression text, not \(pattern.compact)", line: rule.line) }
                    add("expect_column_values_to_match_regex", [column, ("regex", pattern)] + mostly, source: source, line: rule.line, severity: severity, notes: notes)
                }
            case "missingValues":
                guard mostly.isEmpty else {
                    throw fail("missingValues is checked only with a zero limit (mustBe: 0): nulls and listed values are counted by two expectations", line: rule.line)
                }
                let listed = arguments["missingValues"]?.array ?? []
                add("expect_column_values_to_not_be_null", [column], source: source, line: rule.line, severity: severity, notes: notes)
                // The CSV reader already reads "", NA, N/A, null as null; other listed texts are values.
                let values = listed.filter { !$0.isNull && $0 != .string("") }
                if !values.isEmpty {
                    add("expect_column_values_to_not_be_in_set", [column, ("value_set", .array(values))], source: source, line: rule.line, severity: severity, notes: notes)
                }
            default:
                throw fail("unknown library metric \"\(metric)\"", line: rule.line)
            }
        }
    }

    /// A count of bad rows with an upper limit → GX's `mostly` (the share of good rows): a limit
    /// in percent becomes `mostly = (100 − limit) / 100`; a limit in rows can only be zero. Empty
    /// when every row must be good (no `mostly` kwarg).
    func mostly(_ rule: QualityRule, metric: String) throws(ContractError) -> [(key: String, value: JSONValue)] {
        let threshold = rule.threshold
        let hint = "; for other limits write a type: custom, engine: assay rule"
        guard threshold.excluded.isEmpty else {
            throw fail("\(metric) with mustNotBe or mustNotBeBetween cannot be checked by Assay\(hint)", line: rule.line)
        }
        if let lower = threshold.lower, lower.value > 0 || (lower.value == 0 && lower.strict) {
            throw fail("\(metric) takes an upper limit (mustBe: 0, mustBeLessThan, mustBeLessOrEqualTo); a lower limit (\(threshold.text)) cannot be checked\(hint)", line: rule.line)
        }
        guard let upper = threshold.upper else {
            throw fail("\(metric) needs an upper limit (mustBe: 0, mustBeLessThan, mustBeLessOrEqualTo)", line: rule.line)
        }
        if rule.unit == "rows" {
            // Counts are whole: "< 1" allows only 0, like "≤ 0".
            guard upper.value < 1 || (upper.value == 1 && upper.strict) else {
                throw fail("\(metric) in rows is checked only as zero (mustBe: 0); give the limit with unit: percent\(hint)", line: rule.line)
            }
            guard upper.value >= 0, !(upper.value == 0 && upper.strict) else {
                throw fail("\(metric) \(threshold.text) can never hold: a count is never negative", line: rule.line)
            }
            return []
        }
        guard upper.value > 0 || (upper.value == 0 && !upper.strict) else {
            throw fail("\(metric) \(threshold.text) % can never hold: a share is never negative", line: rule.line)
        }
        if upper.value == 0 { return [] }
        let share = min(1, max(0, (100 - upper.value) / 100))
        // A strict limit ("less than 5 %") needs strictly more than 95 % good rows.
        return [("mostly", .double(upper.strict ? share.nextUp : share))]
    }

    mutating func rowCount(_ rule: QualityRule, source: String, severity: Severity, notes: String?) throws(ContractError) {
        let threshold = rule.threshold
        guard threshold.excluded.isEmpty else {
            throw fail("rowCount with mustNotBe or mustNotBeBetween cannot be checked by Assay; for other limits write a type: custom, engine: assay rule", line: rule.line)
        }
        guard rule.unit == "rows" else { throw fail("rowCount is a number of rows: unit percent does not apply", line: rule.line) }
        if let lower = threshold.lower, let upper = threshold.upper, lower == upper, !lower.strict {
            add("expect_table_row_count_to_equal", [("value", Self.number(lower.value))], source: source, line: rule.line, severity: severity, notes: notes)
            return
        }
        var kwargs: [(key: String, value: JSONValue)] = [
            ("min_value", threshold.lower.map { Self.number($0.value) } ?? .null),
            ("max_value", threshold.upper.map { Self.number($0.value) } ?? .null),
        ]
        if threshold.lower?.strict == true { kwargs.append(("strict_min", .bool(true))) }
        if threshold.upper?.strict == true { kwargs.append(("strict_max", .bool(true))) }
        add("expect_table_row_count_to_be_between", kwargs, source: source, line: rule.line, severity: severity, notes: notes)
    }

    static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 9e15 ? .integer(Int64(value)) : .double(value)
    }

    /// `type: custom, engine: assay`: the implementation is an Assay expectation as a suite
    /// writes it (`type`, `kwargs`, optional `meta` and `severity`), as YAML text or structure.
    mutating func custom(_ implementation: JSONValue, rule: QualityRule, owner: String) throws(ContractError) {
        var body = implementation
        if case .string(let text) = implementation {
            do {
                guard let node = try Yams.compose(yaml: text, Resolver.suite) else {
                    throw fail("the assay rule's implementation is empty", line: rule.line)
                }
                body = ODCSReader.json(node)
            } catch let error as ContractError {
                throw error
            } catch {
                throw fail("the assay rule's implementation is not valid YAML: \((error as? YamlError)?.problem ?? "\(error)")", line: rule.line)
            }
        }
        guard let type = body["type"]?.string else {
            throw fail("an engine: assay rule's implementation is an expectation: {type: expect_…, kwargs: {…}}", line: rule.line)
        }
        for (key, _) in body.object ?? [] where !["type", "kwargs", "meta", "severity"].contains(key) {
            throw fail("unknown key \"\(key)\" in the assay rule's implementation (it takes type, kwargs, meta, severity)", line: rule.line)
        }
        guard let kwargs = (body["kwargs"] ?? .object([])).object else {
            throw fail("the assay rule's kwargs must be a mapping", line: rule.line)
        }
        var severity: Severity = rule.isWarning ? .warning : .error
        if let written = body["severity"] {
            guard let text = written.string, let parsed = Severity(rawValue: text) else {
                throw fail("the assay rule's severity must be \"error\" or \"warning\"", line: rule.line)
            }
            severity = parsed
        }
        add(type, kwargs.map { ($0.0, $0.1) }, source: "\(owner): quality custom assay", line: rule.line, severity: severity,
            notes: body["meta"]?["notes"]?.string ?? rule.description ?? rule.name)
    }

    // MARK: Freshness

    /// Freshness SLAs on this object's columns → `expect_column_max_to_be_recent`.
    mutating func freshness() throws(ContractError) {
        for level in contract.serviceLevels where level.isFreshness {
            guard !level.elements.isEmpty else {
                throw fail("the \(level.property) SLA needs an element (table.column) whose newest value is checked", line: level.line)
            }
            for element in level.elements {
                let parts = element.split(separator: ".", maxSplits: 1).map(String.init)
                let (objectName, columnName) = parts.count == 2 ? (parts[0], parts[1]) : (object.name, parts[0])
                guard objectName == object.name || contract.objects.count == 1 && object.physicalNameMatches(objectName) else { continue }
                let column = object.property(named: columnName)?.column ?? columnName
                add("expect_column_max_to_be_recent", [("column", .string(column)), ("max_age", .string(try maxAge(level)))],
                    source: "slaProperties \(level.property) \(element)", line: level.line)
            }
        }
    }

    /// ODCS value and unit → Assay's `max_age` (`30s`, `30m`, `6h`, `1d`, `2w`).
    func maxAge(_ level: ServiceLevel) throws(ContractError) -> String {
        guard let value = level.value.number, value > 0, value == value.rounded(), value < 1e9 else {
            throw fail("the \(level.property) SLA value must be a whole number above 0, not \(level.value.compact)", line: level.line)
        }
        let count = Int64(value)
        let unit = (level.unit ?? "d").lowercased()
        switch unit {
        case "s", "sec", "second", "seconds": return "\(count)s"
        case "m", "min", "minute", "minutes": return "\(count)m"
        case "h", "hr", "hour", "hours": return "\(count)h"
        case "d", "day", "days": return "\(count)d"
        case "w", "week", "weeks": return "\(count)w"
        case "y", "yr", "year", "years": return "\(count * 365)d"
        default:
            throw fail("the \(level.property) SLA unit \"\(level.unit ?? "")\" is not one Assay knows: s, m, h, d, w, y (and their long names)", line: level.line)
        }
    }
}

extension ContractObject {
    /// Whether an SLA element's object part names this object by its `physicalName`.
    func physicalNameMatches(_ name: String) -> Bool {
        other.contains { $0.key == "physicalName" && $0.value == .string(name) }
    }
}
