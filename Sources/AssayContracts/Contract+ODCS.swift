import AssayColumns
import Foundation
import AssaySuites
import Yams

/// Reading an ODCS v3 YAML (or JSON) contract. Wrong types, unknown operators and unknown
/// library metrics are errors naming the line; fields neither ODCS nor Assay uses are kept and
/// ignored with a note.
extension Contract {
    public static func load(path: String) throws(ContractError) -> Contract {
        let text: String
        do {
            text = try BoundedYAML.text(of: path, what: "contract")
        } catch {
            throw ContractError(file: path, line: nil, message: error.message)
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ContractError) -> Contract {
        var reader = ODCSReader(path: path)
        return try reader.contract(text)
    }
}

/// Keys each level of ODCS v3 (3.0 to 3.2) defines, so only the others get an "unknown" note.
enum ODCSKeys {
    static let top: Set<String> = [
        "apiVersion", "kind", "id", "name", "version", "status", "tenant", "tags", "servers", "dataProduct", "description",
        "domain", "schema", "support", "price", "team", "roles", "slaDefaultElement", "slaProperties", "customProperties",
        "contractCreatedTs", "authoritativeDefinitions", "quality",
    ]
    static let object: Set<String> = [
        "id", "name", "physicalName", "physicalType", "logicalType", "description", "businessName", "dataGranularityDescription",
        "authoritativeDefinitions", "tags", "quality", "customProperties", "properties", "relationships", "deprecated", "synonyms",
    ]
    static let property: Set<String> = [
        "id", "name", "physicalName", "physicalType", "logicalType", "logicalTypeOptions", "description", "businessName", "required",
        "unique", "primaryKey", "primaryKeyPosition", "partitioned", "partitionKeyPosition", "classification", "encryptedName",
        "transformSourceObjects", "transformLogic", "transformDescription", "examples", "criticalDataElement",
        "authoritativeDefinitions", "tags", "customProperties", "quality", "items", "properties", "enum", "map", "relationships",
        "deprecated", "synonyms", "semanticType",
    ]
    static let typeOptions: Set<String> = [
        "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "pattern", "minLength", "maxLength",
        "timezone", "defaultTimezone", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required",
    ]
    static let quality: Set<String> = [
        "id", "name", "description", "type", "metric", "rule", "arguments", "unit", "validValues", "query", "engine", "implementation",
        "dimension", "method", "severity", "businessImpact", "customProperties", "tags", "authoritativeDefinitions", "scheduler",
        "schedule",
    ]
    static let serviceLevel: Set<String> = [
        "id", "property", "value", "valueExt", "unit", "element", "driver", "description", "scheduler", "schedule",
    ]
    /// Library metrics Assay compiles, with the older spellings ODCS 3.0 used.
    static let metrics = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"]
    static let metricAliases = ["duplicateCount": "duplicateValues", "validValues": "invalidValues", "nullCount": "nullValues"]
}

struct ODCSReader {
    let path: String
    var notes: [ContractNote] = []

    init(path: String) { self.path = path }

    func fail(_ message: String, at node: Node?) -> ContractError {
        ContractError(file: path, line: node?.mark?.line, message: message)
    }

    mutating func note(_ message: String, at node: Node?) {
        notes.append(ContractNote(file: path, line: node?.mark?.line, message: message))
    }

    // MARK: Levels

    mutating func contract(_ text: String) throws(ContractError) -> Contract {
        let root: Node
        do {
            root = try BoundedYAML.compose(text, path: path, what: "contract")
        } catch {
            throw ContractError(file: path, line: error.line, message: error.message)
        }
        guard let top = root.mapping else { throw fail("a contract is a mapping (apiVersion, kind, id, version, schema, …)", at: root) }
        try checkKeys(top)
        if let kind = try optionalString(top, "kind"), kind != "DataContract" {
            throw fail("kind must be DataContract, not \"\(kind)\"", at: top["kind"])
        }
        if let api = try optionalString(top, "apiVersion"), !api.hasPrefix("v3") {
            note("apiVersion \(api): Assay reads ODCS v3 contracts; fields are read as v3 defines them", at: top["apiVersion"])
        }
        var objects: [ContractObject] = []
        if let schemaNode = top["schema"] {
            guard let items = schemaNode.sequence else { throw fail("\"schema\" must be a list of objects (tables)", at: schemaNode) }
            for item in items { objects.append(try object(item)) }
        }
        var names = Set<String>()
        for object in objects where !names.insert(object.name).inserted {
            throw ContractError(file: path, line: object.line, message: "schema object \"\(object.name)\" is defined twice")
        }
        if top["quality"] != nil {
            note("a top-level \"quality\" list (ODCS 2) is not checked; put rules under schema[] or its properties", at: top["quality"])
        }
        var levels: [ServiceLevel] = []
        let defaultElement = try optionalString(top, "slaDefaultElement")
        if let slaNode = top["slaProperties"] {
            guard let items = slaNode.sequence else { throw fail("\"slaProperties\" must be a list", at: slaNode) }
            for item in items {
                if let level = try serviceLevel(item, defaultElement: defaultElement) { levels.append(level) }
            }
        }
        let known: Set<String> = ["apiVersion", "kind", "id", "name", "version", "status", "team", "schema", "slaProperties"]
        return Contract(
            path: path, apiVersion: try optionalString(top, "apiVersion"), kind: try optionalString(top, "kind"),
            id: try optionalString(top, "id"), name: try optionalString(top, "name"), version: try optionalString(top, "version"),
            status: try optionalString(top, "status"), team: top["team"].map(Self.json), objects: objects, serviceLevels: levels,
            other: others(top, known: known), notes: notes)
    }

    mutating func object(_ node: Node) throws(ContractError) -> ContractObject {
        guard let mapping = node.mapping else { throw fail("a schema object is a mapping with \"name\" and \"properties\"", at: node) }
        try checkKeys(mapping, known: ODCSKeys.object, level: "schema object")
        let name = try requiredString(mapping, "name", of: "a schema object", at: node)
        var properties: [ContractProperty] = []
        if let list = mapping["properties"] {
            guard let items = list.sequence else { throw fail("\"properties\" must be a list", at: list) }
            for item in items { properties.append(try property(item)) }
        }
        var seen = Set<String>()
        for property in properties where !seen.insert(property.name).inserted {
            throw ContractError(file: path, line: property.line, message: "property \"\(property.name)\" of \"\(name)\" is defined twice")
        }
        return ContractObject(name: name, line: node.mark?.line ?? 0, properties: properties,
                              quality: try qualityRules(mapping["quality"]),
                              other: others(mapping, known: ["name", "properties", "quality"]))
    }

    mutating func property(_ node: Node) throws(ContractError) -> ContractProperty {
        guard let mapping = node.mapping else { throw fail("a property is a mapping with \"name\" and \"logicalType\"", at: node) }
        try checkKeys(mapping, known: ODCSKeys.property, level: "property")
        let name = try requiredString(mapping, "name", of: "a property", at: node)
        var logicalType: LogicalType?
        if let typeNode = mapping["logicalType"] {
            let text = try string(typeNode, "logicalType")
            guard let type = LogicalType(rawValue: text) else {
                throw fail("unknown logicalType \"\(text)\"" + Self.hint(for: text, in: LogicalType.allCases.map(\.rawValue))
                           + "; ODCS v3 has " + LogicalType.allCases.map(\.rawValue).joined(separator: ", "), at: typeNode)
            }
            logicalType = type
            if type.columnType == nil {
                let reason = type == .time ? "Assay has no time-of-day column type" : "Assay reads flat columns"
                note("logicalType \(type.rawValue) of \"\(name)\" is not checked: \(reason)", at: typeNode)
            }
        }
        var result = ContractProperty(
            name: name, column: try optionalString(mapping, "physicalName") ?? name, line: node.mark?.line ?? 0,
            logicalType: logicalType, logicalTypeLine: mapping["logicalType"]?.mark?.line,
            physicalType: try optionalString(mapping, "physicalType"),
            required: try optionalBool(mapping, "required") ?? false, unique: try optionalBool(mapping, "unique") ?? false,
            primaryKey: try optionalBool(mapping, "primaryKey") ?? false,
            primaryKeyPosition: try optionalInteger(mapping, "primaryKeyPosition"),
            minimum: nil, maximum: nil, pattern: nil, patternLine: nil, minLength: nil, maxLength: nil, lengthLine: nil,
            format: nil, formatLine: nil, allowedValues: nil, allowedValuesLine: nil,
            description: mapping["description"].map(Self.json), quality: [],
            other: others(mapping, known: ["name", "physicalName", "logicalType", "physicalType", "required", "unique", "primaryKey",
                                           "primaryKeyPosition", "logicalTypeOptions", "enum", "description", "quality"]))
        if let position = result.primaryKeyPosition, position < 1 { result.primaryKeyPosition = nil }
        if let options = mapping["logicalTypeOptions"] { try typeOptions(options, into: &result) }
        if let list = mapping["enum"] {
            guard let items = list.sequence, !items.isEmpty else { throw fail("\"enum\" must be a non-empty list of allowed values", at: list) }
            result.allowedValues = try items.map { (item: Node) throws(ContractError) -> JSONValue in
                if let entry = item.mapping {
                    guard let value = entry["value"] else { throw fail("an enum entry needs a \"value\"", at: item) }
                    return Self.json(value)
                }
                return Self.json(item)
            }
            result.allowedValuesLine = list.mark?.line
        }
        for (key, value) in mapping where ["items", "properties", "map"].contains(key.string ?? "") {
            note("nested \"\(key.string ?? "")\" of \"\(name)\" is not checked: Assay reads flat columns", at: value)
        }
        result.quality = try qualityRules(mapping["quality"])
        return result
    }

    mutating func typeOptions(_ node: Node, into property: inout ContractProperty) throws(ContractError) {
        guard let mapping = node.mapping else { throw fail("\"logicalTypeOptions\" must be a mapping", at: node) }
        for key in mapping.keys {
            guard let name = key.string, ODCSKeys.typeOptions.contains(name) else {
                let name = key.string ?? "\(key)"
                note("unknown logicalTypeOptions field \"\(name)\"" + Self.hint(for: name, in: ODCSKeys.typeOptions) + " is kept and ignored", at: key)
                continue
            }
            if ["multipleOf", "timezone", "defaultTimezone", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required"].contains(name) {
                note("logicalTypeOptions.\(name) of \"\(property.name)\" is not checked", at: key)
            }
        }
        let isTemporal = property.logicalType == .date || property.logicalType == .timestamp || property.logicalType == .time
        func bound(_ key: String) throws(ContractError) -> JSONValue? {
            guard let value = mapping[key] else { return nil }
            let json = Self.json(value)
            switch json {
            case .integer, .double: return json
            case .string where isTemporal: return json
            case .bool where key.hasPrefix("exclusive"): return json
            default:
                throw fail("logicalTypeOptions.\(key) must be a number" + (isTemporal ? " or a date/time text" : "")
                           + ", not \(json.compact)", at: value)
            }
        }
        // ODCS 3.0 wrote exclusiveMinimum/exclusiveMaximum as booleans beside minimum/maximum;
        // 3.1 as the bound itself. Both are read; with two bounds on one side the tighter wins.
        func side(_ inclusiveKey: String, _ exclusiveKey: String, tighter: (Double, Double) -> Bool) throws(ContractError) -> Bound? {
            let inclusive = try bound(inclusiveKey)
            let exclusive = try bound(exclusiveKey)
            let inclusiveLine = mapping[inclusiveKey]?.mark?.line ?? 0
            let exclusiveLine = mapping[exclusiveKey]?.mark?.line ?? 0
            if case .bool(let flag)? = exclusive {
                return inclusive.map { Bound(value: $0, exclusive: flag, line: inclusiveLine) }
            }
            switch (inclusive, exclusive) {
            case (nil, nil): return nil
            case (let value?, nil): return Bound(value: value, exclusive: false, line: inclusiveLine)
            case (nil, let value?): return Bound(value: value, exclusive: true, line: exclusiveLine)
            case (let a?, let b?):
                let exclusiveWins: Bool
                if let x = a.number, let y = b.number { exclusiveWins = !tighter(x, y) } else { exclusiveWins = true }
                return exclusiveWins ? Bound(value: b, exclusive: true, line: exclusiveLine) : Bound(value: a, exclusive: false, line: inclusiveLine)
            }
        }
        property.minimum = try side("minimum", "exclusiveMinimum", tighter: >)
        property.maximum = try side("maximum", "exclusiveMaximum", tighter: <)
        if let low = property.minimum?.value, let high = property.maximum?.value, low.number != nil, high.number != nil, (low.number ?? 0) > (high.number ?? 0) {
            throw fail("logicalTypeOptions: minimum \(low.compact) is greater than maximum \(high.compact)", at: mapping["minimum"] ?? mapping["exclusiveMinimum"])
        }
        if let value = mapping["pattern"] {
            property.pattern = try string(value, "logicalTypeOptions.pattern")
            property.patternLine = value.mark?.line
        }
        for key in ["minLength", "maxLength"] {
            guard let value = mapping[key] else { continue }
            guard let length = Self.integer(value), length >= 0 else {
                throw fail("logicalTypeOptions.\(key) must be a whole number ≥ 0, not \(Self.json(value).compact)", at: value)
            }
            if key == "minLength" { property.minLength = length } else { property.maxLength = length }
            property.lengthLine = property.lengthLine ?? value.mark?.line
        }
        if let low = property.minLength, let high = property.maxLength, low > high {
            throw fail("logicalTypeOptions: minLength \(low) is greater than maxLength \(high)", at: mapping["minLength"])
        }
        if let value = mapping["format"] {
            property.format = try string(value, "logicalTypeOptions.format")
            property.formatLine = value.mark?.line
        }
    }

    mutating func qualityRules(_ node: Node?) throws(ContractError) -> [QualityRule] {
        guard let node else { return [] }
        guard let items = node.sequence else { throw fail("\"quality\" must be a list of rules", at: node) }
        var rules: [QualityRule] = []
        for item in items { rules.append(try qualityRule(item)) }
        return rules
    }

    mutating func qualityRule(_ node: Node) throws(ContractError) -> QualityRule {
        guard let mapping = node.mapping else { throw fail("a quality rule is a mapping (type, metric, an operator such as mustBe)", at: node) }
        var operators: [(ComparisonOperator, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if let op = ComparisonOperator(rawValue: name) {
                operators.append((op, value))
            } else if name.lowercased().hasPrefix("must") {
                throw fail("unknown operator \"\(name)\"" + Self.hint(for: name, in: ComparisonOperator.allCases.map(\.rawValue))
                           + "; ODCS has " + ComparisonOperator.allCases.map(\.rawValue).joined(separator: ", "), at: key)
            } else if !ODCSKeys.quality.contains(name) {
                note("unknown quality field \"\(name)\"" + Self.hint(for: name, in: ODCSKeys.quality) + " is kept and ignored", at: key)
            }
        }
        let metricNode = mapping["metric"] ?? mapping["rule"]
        let typeNode = mapping["type"]
        let type = try typeNode.map { (node: Node) throws(ContractError) -> String in try string(node, "type") }
            ?? (metricNode != nil ? "library" : "text")
        let kind: QualityRule.Kind
        switch type {
        case "library":
            guard let metricNode else { throw fail("a library rule needs a \"metric\" (\(ODCSKeys.metrics.joined(separator: ", ")))", at: node) }
            let written = try string(metricNode, "metric")
            guard let metric = ODCSKeys.metrics.contains(written) ? written : ODCSKeys.metricAliases[written] else {
                throw fail("unknown library metric \"\(written)\"" + Self.hint(for: written, in: ODCSKeys.metrics)
                           + "; Assay checks " + ODCSKeys.metrics.joined(separator: ", "), at: metricNode)
            }
            var arguments = mapping["arguments"].map(Self.json) ?? .object([])
            if let arguments = mapping["arguments"], arguments.mapping == nil { throw fail("\"arguments\" must be a mapping", at: arguments) }
            // ODCS 3.0 put `validValues` on the rule itself.
            if let valid = mapping["validValues"], case .object(var members) = arguments, arguments["validValues"] == nil {
                members.append(("validValues", Self.json(valid)))
                arguments = .object(members)
            }
            kind = .library(metric: metric, arguments: arguments)
        case "custom":
            let engine = try requiredString(mapping, "engine", of: "a custom rule", at: node)
            guard let implementation = mapping["implementation"] else { throw fail("a custom rule needs an \"implementation\"", at: node) }
            kind = .custom(engine: engine, implementation: Self.json(implementation))
        case "sql":
            kind = .sql(query: try requiredString(mapping, "query", of: "a sql rule", at: node))
        case "text":
            kind = .text
        default:
            throw fail("unknown quality type \"\(type)\"" + Self.hint(for: type, in: ["library", "custom", "sql", "text"])
                       + "; ODCS has library, sql, custom, text", at: typeNode)
        }
        let unit = try optionalString(mapping, "unit") ?? "rows"
        guard unit == "rows" || unit == "percent" else {
            throw fail("unit must be rows or percent, not \"\(unit)\"", at: mapping["unit"])
        }
        let severity: String? = try mapping["severity"].map { (node: Node) throws(ContractError) -> String in try string(node, "severity") }
        return QualityRule(
            kind: kind, line: node.mark?.line ?? 0, name: try optionalString(mapping, "name"),
            description: try optionalString(mapping, "description"), unit: unit,
            threshold: try threshold(operators), hasComparison: !operators.isEmpty, severity: severity,
            other: others(mapping, known: ["type", "metric", "rule", "arguments", "validValues", "engine", "implementation", "query",
                                           "unit", "name", "description", "severity"] + ComparisonOperator.allCases.map(\.rawValue)))
    }

    func threshold(_ operators: [(ComparisonOperator, Node)]) throws(ContractError) -> Threshold {
        var result = Threshold.unbounded
        func tighten(lower value: Double, strict: Bool) {
            if let current = result.lower, current.value > value || (current.value == value && current.strict) { return }
            result.lower = .init(value: value, strict: strict)
        }
        func tighten(upper value: Double, strict: Bool) {
            if let current = result.upper, current.value < value || (current.value == value && current.strict) { return }
            result.upper = .init(value: value, strict: strict)
        }
        for (op, node) in operators {
            switch op {
            case .mustBeBetween, .mustNotBeBetween:
                guard let pair = node.sequence, pair.count == 2, let low = Self.number(pair[0]), let high = Self.number(pair[1]) else {
                    throw fail("\(op.rawValue) must be a list of two numbers, as [0, 100], not \(Self.json(node).compact)", at: node)
                }
                guard low <= high else { throw fail("\(op.rawValue): \(Threshold.number(low)) is greater than \(Threshold.number(high))", at: node) }
                if op == .mustBeBetween {
                    tighten(lower: low, strict: false)
                    tighten(upper: high, strict: false)
                } else {
                    result.excluded.append(low...high)
                }
            default:
                guard let value = Self.number(node) else { throw fail("\(op.rawValue) must be a number, not \(Self.json(node).compact)", at: node) }
                switch op {
                case .mustBe:
                    tighten(lower: value, strict: false)
                    tighten(upper: value, strict: false)
                case .mustNotBe: result.excluded.append(value...value)
                case .mustBeGreaterThan: tighten(lower: value, strict: true)
                case .mustBeGreaterOrEqualTo: tighten(lower: value, strict: false)
                case .mustBeLessThan: tighten(upper: value, strict: true)
                case .mustBeLessOrEqualTo: tighten(upper: value, strict: false)
                case .mustBeBetween, .mustNotBeBetween: break
                }
            }
        }
        return result
    }

    mutating func serviceLevel(_ node: Node, defaultElement: String?) throws(ContractError) -> ServiceLevel? {
        guard let mapping = node.mapping else { throw fail("an slaProperties entry is a mapping (property, value, unit, element)", at: node) }
        try checkKeys(mapping, known: ODCSKeys.serviceLevel, level: "slaProperties")
        let property = try requiredString(mapping, "property", of: "an slaProperties entry", at: node)
        guard let value = mapping["value"] else { throw fail("the \(property) SLA needs a \"value\"", at: node) }
        let elements = (try optionalString(mapping, "element") ?? defaultElement ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let level = ServiceLevel(property: property, value: Self.json(value), unit: try optionalString(mapping, "unit"),
                                 elements: elements, line: node.mark?.line ?? 0,
                                 other: others(mapping, known: ["property", "value", "unit", "element"]))
        if !level.isFreshness { note("the \(property) SLA is not checked (Assay checks freshness)", at: node) }
        return level
    }

    // MARK: Values

    mutating func checkKeys(_ mapping: Node.Mapping, known: Set<String> = ODCSKeys.top, level: String = "top-level") throws(ContractError) {
        for (key, _) in mapping {
            guard let name = key.string else { throw fail("a key must be text, not \(Self.json(key).compact)", at: key) }
            if !known.contains(name) {
                note("unknown \(level) field \"\(name)\"" + Self.hint(for: name, in: known) + " is kept and ignored", at: key)
            }
        }
    }

    func string(_ node: Node, _ key: String) throws(ContractError) -> String {
        guard case .scalar = node, node.tag.rawValue == Tag.Name.str.rawValue, let text = node.string else {
            throw fail("\"\(key)\" must be text, not \(Self.json(node).compact)", at: node)
        }
        return text
    }

    func optionalString(_ mapping: Node.Mapping, _ key: String) throws(ContractError) -> String? {
        guard let node = mapping[key] else { return nil }
        if case .scalar = node, node.tag.rawValue == Tag.Name.null.rawValue { return nil }
        // A version written 1.0 or an id written 42 reads as a number: keep its text.
        if case .scalar(let scalar) = node, node.tag.rawValue != Tag.Name.bool.rawValue, scalar.style == .plain,
           ["version", "id", "name", "physicalName", "physicalType"].contains(key) {
            return scalar.string
        }
        return try string(node, key)
    }

    func requiredString(_ mapping: Node.Mapping, _ key: String, of what: String, at node: Node) throws(ContractError) -> String {
        guard let text = try optionalString(mapping, key), !text.isEmpty else { throw fail("\(what) needs a \"\(key)\"", at: node) }
        return text
    }

    func optionalBool(_ mapping: Node.Mapping, _ key: String) throws(ContractError) -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
            throw fail("\"\(key)\" must be true or false, not \(Self.json(node).compact)", at: node)
        }
        return value
    }

    func optionalInteger(_ mapping: Node.Mapping, _ key: String) throws(ContractError) -> Int? {
        guard let node = mapping[key] else { return nil }
        guard let value = Self.integer(node) else { throw fail("\"\(key)\" must be a whole number, not \(Self.json(node).compact)", at: node) }
        return value
    }

    static func integer(_ node: Node) -> Int? {
        guard case .integer(let value) = json(node), let result = Int(exactly: value) else { return nil }
        return result
    }

    static func number(_ node: Node) -> Double? {
        guard let value = json(node).number, value.isFinite else { return nil }
        return value
    }

    /// The fields Assay does not model, kept for the diff.
    func others(_ mapping: Node.Mapping, known: [String]) -> [(key: String, value: JSONValue)] {
        mapping.compactMap { key, value in
            guard let name = key.string, !known.contains(name) else { return nil }
            return (name, Self.json(value))
        }
    }

    func others(_ mapping: Node.Mapping, known: Set<String>) -> [(key: String, value: JSONValue)] { others(mapping, known: Array(known)) }

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
        case .mapping(let mapping): return .object(mapping.map { key, value in (key.string ?? "\(key)", json(value)) })
        case .sequence(let sequence): return .array(sequence.map(json))
        case .alias: return .null
        }
    }

    /// "Did you mean" by edit distance, as suites say it.
    static func hint(for word: String, in candidates: some Sequence<String>) -> String { Suggestion.hint(for: word, in: candidates) }
}
