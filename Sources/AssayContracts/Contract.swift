import AssayColumns

/// A data contract in the Open Data Contract Standard v3 (ODCS): the subset Assay checks, each
/// piece with the line it came from. Fields Assay does not know are kept (`other`) and ignored;
/// the diff still reports their changes, as compatible ones.
public struct Contract: Sendable {
    public var path: String
    public var apiVersion: String?
    public var kind: String?
    public var id: String?
    public var name: String?
    /// The contract's own version (semver), which `contract diff` checks for a major bump.
    public var version: String?
    public var status: String?
    /// `team` (owners), as written: ODCS 3.0's list of members or 3.1's `{name, members}`.
    public var team: JSONValue?
    public var objects: [ContractObject]
    public var serviceLevels: [ServiceLevel]
    /// Every other top-level field (description, domain, tags, servers, …), in file order.
    public var other: [(key: String, value: JSONValue)]
    /// What is kept but not checked.
    public var notes: [ContractNote]

    /// The name a compiled suite gets.
    public var displayName: String { name ?? id ?? "contract" }
}

/// A schema object: a table.
public struct ContractObject: Sendable {
    public var name: String
    public var line: Int
    public var properties: [ContractProperty]
    public var quality: [QualityRule]
    public var other: [(key: String, value: JSONValue)]

    public func property(named name: String) -> ContractProperty? { properties.first { $0.name == name } }

    /// The primary key's columns in `primaryKeyPosition` order (declaration order breaks ties).
    public var primaryKey: [String] {
        properties.enumerated().filter { $0.element.primaryKey }
            .sorted { ($0.element.primaryKeyPosition ?? Int.max, $0.offset) < ($1.element.primaryKeyPosition ?? Int.max, $1.offset) }
            .map(\.element.column)
    }
}

/// ODCS logical types.
public enum LogicalType: String, Sendable, CaseIterable {
    case string, integer, number, boolean, date, timestamp, time, object, array, map

    /// The column type Assay reads such values as, where there is one.
    public var columnType: ColumnType? {
        switch self {
        case .string: .string
        case .integer: .int64
        case .number: .float64
        case .boolean: .bool
        case .date: .date
        case .timestamp: .timestamp
        case .time, .object, .array, .map: nil
        }
    }

    /// Whether every value of `self` is also a value of `other` (integer → number, date →
    /// timestamp, any scalar → string): a change from `self` to `other` loosens the contract.
    public func widens(to other: LogicalType) -> Bool {
        if self == other { return true }
        switch (self, other) {
        case (.integer, .number), (.date, .timestamp): return true
        case (.integer, .string), (.number, .string), (.boolean, .string), (.date, .string), (.timestamp, .string), (.time, .string): return true
        default: return false
        }
    }
}

/// A bound of `logicalTypeOptions`: a number, or an ISO date/time text for dates and timestamps.
public struct Bound: Sendable, Equatable {
    public var value: JSONValue
    public var exclusive: Bool
    public var line: Int
}

/// A property: a column.
public struct ContractProperty: Sendable {
    public var name: String
    /// The column's name in the data: `physicalName` when given, else `name`.
    public var column: String
    public var line: Int
    public var logicalType: LogicalType?
    public var logicalTypeLine: Int?
    public var physicalType: String?
    public var required: Bool
    public var unique: Bool
    public var primaryKey: Bool
    public var primaryKeyPosition: Int?
    public var minimum: Bound?
    public var maximum: Bound?
    public var pattern: String?
    public var patternLine: Int?
    public var minLength: Int?
    public var maxLength: Int?
    public var lengthLine: Int?
    public var format: String?
    public var formatLine: Int?
    /// `enum`: the allowed values (ODCS 3.2's `{value: …}` entries or plain values).
    public var allowedValues: [JSONValue]?
    public var allowedValuesLine: Int?
    public var description: JSONValue?
    public var quality: [QualityRule]
    public var other: [(key: String, value: JSONValue)]
}

/// The eight ODCS comparison operators of a quality rule.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween
}

/// A quality rule's comparisons, as the set of metric values they allow.
public struct Threshold: Sendable, Equatable {
    public struct End: Sendable, Equatable {
        public var value: Double
        public var strict: Bool
    }

    public var lower: End?
    public var upper: End?
    /// `mustNotBe` and `mustNotBeBetween`: closed ranges the value must stay out of.
    public var excluded: [ClosedRange<Double>]

    public static let unbounded = Threshold(lower: nil, upper: nil, excluded: [])

    /// Whether every value `other` allows, `self` allows too (then `other` → `self` loosens).
    public func contains(_ other: Threshold) -> Bool {
        if let lower {
            guard let theirs = other.lower else { return false }
            if theirs.value < lower.value || (theirs.value == lower.value && lower.strict && !theirs.strict) { return false }
        }
        if let upper {
            guard let theirs = other.upper else { return false }
            if theirs.value > upper.value || (theirs.value == upper.value && upper.strict && !theirs.strict) { return false }
        }
        // Each excluded range of ours must be excluded by theirs (or lie outside their bounds).
        return excluded.allSatisfy { range in
            other.excluded.contains { $0.lowerBound <= range.lowerBound && $0.upperBound >= range.upperBound }
                || other.upper.map { range.lowerBound > $0.value || (range.lowerBound == $0.value && $0.strict) } == true
                || other.lower.map { range.upperBound < $0.value || (range.upperBound == $0.value && $0.strict) } == true
        }
    }

    /// The comparisons in the contract's words, for messages.
    public var text: String {
        var parts: [String] = []
        if let lower, let upper, lower.value == upper.value, !lower.strict, !upper.strict { parts.append("= \(Self.number(lower.value))") } else {
            if let lower { parts.append((lower.strict ? "> " : "≥ ") + Self.number(lower.value)) }
            if let upper { parts.append((upper.strict ? "< " : "≤ ") + Self.number(upper.value)) }
        }
        for range in excluded {
            parts.append(range.lowerBound == range.upperBound ? "≠ \(Self.number(range.lowerBound))"
                         : "not in [\(Self.number(range.lowerBound)), \(Self.number(range.upperBound))]")
        }
        return parts.isEmpty ? "any value" : parts.joined(separator: " and ")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}

/// A rule of a `quality` list.
public struct QualityRule: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A library metric (`nullValues`, …) with its `arguments`.
        case library(metric: String, arguments: JSONValue)
        /// `type: custom`: the engine and its implementation (text or structure).
        case custom(engine: String, implementation: JSONValue)
        case sql(query: String)
        case text
    }

    public var kind: Kind
    public var line: Int
    public var name: String?
    public var description: String?
    /// `rows` (the default) or `percent`.
    public var unit: String
    public var threshold: Threshold
    /// Whether the rule gave any comparison at all.
    public var hasComparison: Bool
    public var severity: String?
    public var other: [(key: String, value: JSONValue)]

    /// What identifies "the same rule" in two versions of a contract.
    public var identity: String {
        switch kind {
        case .library(let metric, let arguments): "library \(metric) \(arguments.compact)"
        case .custom(let engine, let implementation): "custom \(engine) \(implementation.compact)"
        case .sql(let query): "sql \(query)"
        case .text: "text \(description ?? name ?? "")"
        }
    }

    /// A failed rule blocks (error) unless its ODCS `severity` says it is a warning or information.
    public var isWarning: Bool {
        guard let severity = severity?.lowercased() else { return false }
        return ["warning", "warn", "info", "information", "low", "minor"].contains(severity)
    }
}

/// An `slaProperties` entry Assay checks: freshness (`freshness` or its ODCS synonym `latency`).
public struct ServiceLevel: Sendable {
    public var property: String
    public var value: JSONValue
    public var unit: String?
    /// `object.column` or `column` entries of `element` (comma-separated in ODCS).
    public var elements: [String]
    public var line: Int
    public var other: [(key: String, value: JSONValue)]

    public var isFreshness: Bool { ["freshness", "latency", "ly"].contains(property.lowercased()) }
}
