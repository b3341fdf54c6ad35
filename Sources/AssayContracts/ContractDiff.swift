import AssayColumns

/// One difference between two versions of a contract, and whether it can break data or its
/// consumers. Breaking: data that met the old contract may fail the new one, or consumers lose
/// something (a removed column). Compatible: everything else.
public struct ContractChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case breaking, compatible }

    public var kind: Kind
    /// `object.column`, `object`, or `contract` for top-level fields.
    public var element: String
    public var message: String
    public var old: JSONValue
    public var new: JSONValue

    public var line: String { "\(kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(element): \(message)" }
}

/// A contract's `version` as semver (a leading `v` and missing minor/patch allowed).
public struct SemanticVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init?(_ text: String) {
        var core = Substring(text.trimmingCharacters(in: .whitespaces))
        if core.first == "v" || core.first == "V" { core = core.dropFirst() }
        core = core.prefix { $0 != "-" && $0 != "+" }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), let value = Int(part), value >= 0 else { return nil }
            numbers.append(value)
        }
        while numbers.count < 3 { numbers.append(0) }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
    }

    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
    public var description: String { "\(major).\(minor).\(patch)" }
}

/// The changes from `old` to `new`, and the verdict `contract diff` exits with.
public struct ContractDiff: Sendable {
    public var old: Contract
    public var new: Contract
    public var changes: [ContractChange]

    public var breaking: [ContractChange] { changes.filter { $0.kind == .breaking } }
    public var compatible: [ContractChange] { changes.filter { $0.kind == .compatible } }

    /// Whether `new`'s major version is above `old`'s (false when either is not semver).
    public var isMajorBump: Bool {
        guard let before = old.version.flatMap(SemanticVersion.init), let after = new.version.flatMap(SemanticVersion.init) else { return false }
        return after.major > before.major
    }

    /// Breaking changes without a major version bump: `contract diff` exits 1.
    public var needsMajorBump: Bool { !breaking.isEmpty && !isMajorBump }

    public init(old: Contract, new: Contract) {
        self.old = old
        self.new = new
        var differ = Differ()
        differ.compare(old, new)
        changes = differ.changes
    }

    /// The verdict line under the changes.
    public var summary: String {
        let versions = "version \(old.version ?? "(none)") → \(new.version ?? "(none)")"
        let counts = "\(breaking.count) breaking, \(compatible.count) compatible change\(changes.count == 1 ? "" : "s")"
        if breaking.isEmpty { return "\(counts); \(versions): compatible" }
        if isMajorBump { return "\(counts); \(versions) is a major bump: breaking changes allowed" }
        let invalid = [old.version, new.version].compactMap { $0 }.filter { SemanticVersion($0) == nil }
        if old.version == nil || new.version == nil || !invalid.isEmpty {
            return "\(counts); \(versions) is not semver, so no major bump: breaking changes need one"
        }
        let next = old.version.flatMap(SemanticVersion.init).map { "\($0.major + 1).0.0" } ?? "a new major version"
        return "\(counts); \(versions) is not a major bump: breaking changes need \(next)"
    }

    public var json: JSONValue {
        .object([
            ("old", .object([("file", .string(old.path)), ("id", old.id.map { .string($0) } ?? .null), ("version", old.version.map { .string($0) } ?? .null)])),
            ("new", .object([("file", .string(new.path)), ("id", new.id.map { .string($0) } ?? .null), ("version", new.version.map { .string($0) } ?? .null)])),
            ("major_bump", .bool(isMajorBump)),
            ("breaking_count", .integer(Int64(breaking.count))),
            ("compatible_count", .integer(Int64(compatible.count))),
            ("success", .bool(!needsMajorBump)),
            ("changes", .array(changes.map { change in
                .object([("class", .string(change.kind.rawValue)), ("element", .string(change.element)),
                         ("change", .string(change.message)), ("old", change.old), ("new", change.new)])
            })),
        ])
    }
}

struct Differ {
    var changes: [ContractChange] = []

    mutating func add(_ kind: ContractChange.Kind, _ element: String, _ message: String, old: JSONValue = .null, new: JSONValue = .null) {
        changes.append(ContractChange(kind: kind, element: element, message: message, old: old, new: new))
    }

    mutating func compare(_ old: Contract, _ new: Contract) {
        for object in old.objects where !new.objects.contains(where: { $0.name == object.name }) {
            add(.breaking, object.name, "table removed")
        }
        for object in new.objects {
            guard let before = old.objects.first(where: { $0.name == object.name }) else {
                add(.compatible, object.name, "table added")
                continue
            }
            compare(before, object)
        }
        compareFreshness(old, new)
        if old.team != new.team { add(.compatible, "contract", "team (owners) changed", old: old.team ?? .null, new: new.team ?? .null) }
        for (key, before, after) in [("status", old.status, new.status), ("id", old.id, new.id), ("name", old.name, new.name)] where before != after {
            add(.compatible, "contract", "\(key) changed", old: before.map { .string($0) } ?? .null, new: after.map { .string($0) } ?? .null)
        }
        compareOther(old.other, new.other, element: "contract")
        for level in new.serviceLevels where !level.isFreshness {
            if !old.serviceLevels.contains(where: { $0.property == level.property && $0.value == level.value && $0.unit == level.unit && $0.elements == level.elements }) {
                add(.compatible, "contract", "\(level.property) SLA set to \(level.value.compact)\(level.unit.map { " \($0)" } ?? "") (not checked by Assay)")
            }
        }
    }

    mutating func compare(_ old: ContractObject, _ new: ContractObject) {
        for property in old.properties where new.property(named: property.name) == nil {
            add(.breaking, "\(old.name).\(property.name)", "column removed")
        }
        for property in new.properties {
            let element = "\(new.name).\(property.name)"
            guard let before = old.property(named: property.name) else {
                if property.required || property.primaryKey {
                    add(.breaking, element, "required column added (existing data has no values for it)")
                } else {
                    add(.compatible, element, "optional column added")
                }
                continue
            }
            compare(before, property, element: element, oldKey: old.primaryKey, newKey: new.primaryKey)
        }
        let oldKey = old.primaryKey
        let newKey = new.primaryKey
        if oldKey.count > 1 || newKey.count > 1, Set(oldKey) != Set(newKey) {
            let keyText = { (key: [String]) in key.isEmpty ? "none" : "(" + key.joined(separator: ", ") + ")" }
            let message = "primary key \(keyText(oldKey)) → \(keyText(newKey))"
            // Unique on fewer columns is stricter; on more columns (a superset) is looser.
            let loosened = !oldKey.isEmpty && Set(oldKey).isSubset(of: Set(newKey))
            add(loosened ? .compatible : .breaking, new.name, message + (loosened ? " (fewer rows collide)" : " (rows unique before may collide)"),
                old: .array(oldKey.map { .string($0) }), new: .array(newKey.map { .string($0) }))
        }
        compareRules(old.quality, new.quality, element: new.name)
        compareOther(old.other, new.other, element: new.name)
    }

    mutating func compare(_ old: ContractProperty, _ new: ContractProperty, element: String, oldKey: [String], newKey: [String]) {
        if old.column != new.column {
            add(.breaking, element, "physical name \(old.column) → \(new.column) (readers of \(old.column) lose it)", old: .string(old.column), new: .string(new.column))
        }
        switch (old.logicalType, new.logicalType) {
        case (let a?, let b?) where a != b:
            let widened = a.widens(to: b)
            add(widened ? .compatible : .breaking, element, "type \(a.rawValue) → \(b.rawValue) (\(widened ? "widened" : "narrowed"))",
                old: .string(a.rawValue), new: .string(b.rawValue))
        case (nil, let b?):
            add(.breaking, element, "type \(b.rawValue) added (values of other types now fail)", new: .string(b.rawValue))
        case (let a?, nil):
            add(.compatible, element, "type \(a.rawValue) dropped", old: .string(a.rawValue))
        default: break
        }
        if old.physicalType != new.physicalType {
            let kind = Self.physicalTypeChange(old.physicalType, new.physicalType)
            add(kind, element, "physical type \(old.physicalType ?? "(none)") → \(new.physicalType ?? "(none)")"
                + (kind == .breaking ? " (may narrow: Assay cannot tell it does not)" : " (widened)"),
                old: old.physicalType.map { .string($0) } ?? .null, new: new.physicalType.map { .string($0) } ?? .null)
        }
        let wasRequired = old.required || old.primaryKey
        let isRequired = new.required || new.primaryKey
        if !wasRequired && isRequired { add(.breaking, element, "became required (nulls now fail)", old: .bool(false), new: .bool(true)) }
        if wasRequired && !isRequired { add(.compatible, element, "no longer required", old: .bool(true), new: .bool(false)) }
        let wasUnique = old.unique || (old.primaryKey && oldKey.count == 1)
        let isUnique = new.unique || (new.primaryKey && newKey.count == 1)
        if !wasUnique && isUnique { add(.breaking, element, "unique added (repeated values now fail)", old: .bool(false), new: .bool(true)) }
        if wasUnique && !isUnique { add(.compatible, element, "no longer unique", old: .bool(true), new: .bool(false)) }
        compareBound(old.minimum, new.minimum, isLower: true, element: element)
        compareBound(old.maximum, new.maximum, isLower: false, element: element)
        compareText(old.pattern, new.pattern, what: "pattern", element: element)
        compareText(old.format, new.format, what: "format", element: element)
        compareLength(old.minLength, new.minLength, isMinimum: true, element: element)
        compareLength(old.maxLength, new.maxLength, isMinimum: false, element: element)
        switch (old.allowedValues, new.allowedValues) {
        case (nil, let values?): add(.breaking, element, "enum added (other values now fail)", new: .array(values))
        case (let values?, nil): add(.compatible, element, "enum dropped", old: .array(values))
        case (let before?, let after?) where Set(before) != Set(after):
            let removed = before.filter { !after.contains($0) }
            add(removed.isEmpty ? .compatible : .breaking, element,
                removed.isEmpty ? "enum values added" : "enum values removed: " + removed.map(\.compact).joined(separator: ", "),
                old: .array(before), new: .array(after))
        default: break
        }
        if old.description != new.description {
            add(.compatible, element, "description changed", old: old.description ?? .null, new: new.description ?? .null)
        }
        compareRules(old.quality, new.quality, element: element)
        compareOther(old.other, new.other, element: element)
    }

    /// VARCHAR(20) → VARCHAR(40) widens; anything else Assay cannot judge counts as breaking.
    static func physicalTypeChange(_ old: String?, _ new: String?) -> ContractChange.Kind {
        guard let old, let new else { return new == nil ? .compatible : .breaking }
        func split(_ text: String) -> (String, Int)? {
            guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
                  let size = Int(text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (text[..<open].trimmingCharacters(in: .whitespaces).lowercased(), size)
        }
        if old.lowercased() == new.lowercased() { return .compatible }
        if let (a, m) = split(old), let (b, n) = split(new), a == b, n >= m { return .compatible }
        return .breaking
    }

    mutating func compareBound(_ old: Bound?, _ new: Bound?, isLower: Bool, element: String) {
        let name = isLower ? "minimum" : "maximum"
        func text(_ bound: Bound) -> String { (bound.exclusive ? "exclusive " : "") + (bound.value.string ?? bound.value.compact) }
        switch (old, new) {
        case (nil, let b?): add(.breaking, element, "\(name) \(text(b)) added", new: b.value)
        case (let a?, nil): add(.compatible, element, "\(name) \(text(a)) dropped", old: a.value)
        case (let a?, let b?) where a.value != b.value || a.exclusive != b.exclusive:
            let order = Self.order(a.value, b.value)
            let tighter: Bool
            if let order, order != 0 {
                tighter = isLower ? order < 0 : order > 0
            } else if order == 0 {
                tighter = b.exclusive && !a.exclusive
            } else {
                tighter = true
            }
            let verb = isLower ? (tighter ? "raised" : "lowered") : (tighter ? "lowered" : "raised")
            add(tighter ? .breaking : .compatible, element, "\(name) \(verb) from \(text(a)) to \(text(b))", old: a.value, new: b.value)
        default: break
        }
    }

    /// -1, 0, 1 for numbers, or ISO date texts (which sort as text); nil when they cannot be compared.
    static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        if let x = a.number, let y = b.number { return x < y ? -1 : x > y ? 1 : 0 }
        if let x = a.string, let y = b.string { return x < y ? -1 : x > y ? 1 : 0 }
        return nil
    }

    mutating func compareText(_ old: String?, _ new: String?, what: String, element: String) {
        switch (old, new) {
        case (nil, let b?): add(.breaking, element, "\(what) \(b) added", new: .string(b))
        case (let a?, nil): add(.compatible, element, "\(what) \(a) dropped", old: .string(a))
        case (let a?, let b?) where a != b:
            add(.breaking, element, "\(what) changed from \(a) to \(b) (Assay cannot prove the new one accepts every value the old one did)",
                old: .string(a), new: .string(b))
        default: break
        }
    }

    mutating func compareLength(_ old: Int?, _ new: Int?, isMinimum: Bool, element: String) {
        let name = isMinimum ? "minLength" : "maxLength"
        switch (old, new) {
        case (nil, let b?): add(.breaking, element, "\(name) \(b) added", new: .integer(Int64(b)))
        case (let a?, nil): add(.compatible, element, "\(name) \(a) dropped", old: .integer(Int64(a)))
        case (let a?, let b?) where a != b:
            let tighter = isMinimum ? b > a : b < a
            add(tighter ? .breaking : .compatible, element, "\(name) \(b > a ? "raised" : "lowered") from \(a) to \(b)",
                old: .integer(Int64(a)), new: .integer(Int64(b)))
        default: break
        }
    }

    /// Rules are matched by what they measure (metric and arguments, or their query or
    /// implementation); a matched rule is tighter when it allows fewer metric values.
    mutating func compareRules(_ old: [QualityRule], _ new: [QualityRule], element: String) {
        var unmatched = old
        for rule in new {
            let label = Self.label(rule)
            guard let index = unmatched.firstIndex(where: { $0.identity == rule.identity }) else {
                // A text rule checks nothing; any other new rule can fail data that passed.
                add(rule.kind == .text ? .compatible : .breaking, element, "\(label) rule added" + (rule.hasComparison ? " (\(Self.threshold(rule)))" : ""))
                continue
            }
            let before = unmatched.remove(at: index)
            if before.unit != rule.unit {
                add(.breaking, element, "\(label) unit \(before.unit) → \(rule.unit) (\(Self.threshold(before)) → \(Self.threshold(rule)))")
            } else if before.threshold != rule.threshold {
                let loosened = rule.threshold.contains(before.threshold)
                add(loosened ? .compatible : .breaking, element,
                    "\(label) \(loosened ? "loosened" : "tightened"): \(Self.threshold(before)) → \(Self.threshold(rule))")
            }
            if before.isWarning != rule.isWarning {
                add(rule.isWarning ? .compatible : .breaking, element,
                    "\(label) severity \(before.severity ?? "error") → \(rule.severity ?? "error")")
            }
            if before.description != rule.description || before.name != rule.name {
                add(.compatible, element, "\(label) description changed")
            }
        }
        for rule in unmatched { add(.compatible, element, "\(Self.label(rule)) rule removed") }
    }

    static func label(_ rule: QualityRule) -> String {
        switch rule.kind {
        case .library(let metric, let arguments):
            let details = (arguments.object ?? []).map { "\($0.0): \($0.1.compact)" }.joined(separator: ", ")
            return metric + (details.isEmpty ? "" : " (\(details))")
        case .custom(let engine, _): return "custom \(engine)" + (rule.name.map { " \"\($0)\"" } ?? "")
        case .sql: return "sql" + (rule.name.map { " \"\($0)\"" } ?? "")
        case .text: return "text" + (rule.name.map { " \"\($0)\"" } ?? "")
        }
    }

    static func threshold(_ rule: QualityRule) -> String {
        rule.threshold.text + (rule.unit == "percent" ? " %" : "")
    }

    /// Freshness SLAs by element: a shorter maximum age is stricter.
    mutating func compareFreshness(_ old: Contract, _ new: Contract) {
        func ages(_ contract: Contract) -> [String: (seconds: Double?, text: String)] {
            var result: [String: (Double?, String)] = [:]
            for level in contract.serviceLevels where level.isFreshness {
                let text = "\(level.value.compact) \(level.unit ?? "d")"
                for element in level.elements { result[element] = (Self.seconds(level), text) }
            }
            return result
        }
        let before = ages(old)
        let after = ages(new)
        for (element, age) in after.sorted(by: { $0.key < $1.key }) {
            guard let previous = before[element] else {
                add(.breaking, element, "freshness SLA \(age.text) added")
                continue
            }
            guard previous.text != age.text else { continue }
            let tighter = (age.seconds ?? 0) < (previous.seconds ?? .infinity)
            add(tighter ? .breaking : .compatible, element, "freshness SLA \(tighter ? "tightened" : "loosened"): \(previous.text) → \(age.text)")
        }
        for (element, age) in before.sorted(by: { $0.key < $1.key }) where after[element] == nil {
            add(.compatible, element, "freshness SLA \(age.text) removed")
        }
    }

    static func seconds(_ level: ServiceLevel) -> Double? {
        guard let value = level.value.number else { return nil }
        switch (level.unit ?? "d").lowercased() {
        case "s", "sec", "second", "seconds": return value
        case "m", "min", "minute", "minutes": return value * 60
        case "h", "hr", "hour", "hours": return value * 3600
        case "d", "day", "days": return value * 86400
        case "w", "week", "weeks": return value * 7 * 86400
        case "y", "yr", "year", "years": return value * 365 * 86400
        default: return nil
        }
    }

    /// Fields Assay does not check (descriptions, tags, owners, unknown ones): any change is compatible.
    mutating func compareOther(_ old: [(key: String, value: JSONValue)], _ new: [(key: String, value: JSONValue)], element: String) {
        var keys: [String] = []
        for (key, _) in old + new where !keys.contains(key) { keys.append(key) }
        for key in keys {
            let before = old.first { $0.key == key }?.value
            let after = new.first { $0.key == key }?.value
            if before != after { add(.compatible, element, "\(key) changed", old: before ?? .null, new: after ?? .null) }
        }
    }
}
