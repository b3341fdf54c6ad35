import AssayReaders
import AssayColumns
import Foundation

/// A per-row test that map expectations count violations of. Hashable, so two expectations with
/// the same condition on the same column share one metric.
public enum RowCondition: Hashable, Sendable {
    /// Unexpected when outside the bounds; nil bound = unbounded.
    case between(lower: Bound?, upper: Bound?)
    case inSet([JSONValue])
    case notInSet([JSONValue])
    /// Python `re.search` semantics are approximated by ICU (NSRegularExpression), unanchored.
    case matchesRegex(String)
    case notMatchesRegex(String)
    /// `matchOn`: "any" (default) or "all".
    case matchesRegexList([String], matchOnAll: Bool)
    case notMatchesRegexList([String])
    case lengthBetween(min: Int?, max: Int?)
    case lengthEquals(Int)
    /// |x − mean| / stddev below `threshold` (or its absolute value when `doubleSided`).
    case zScoreBelow(threshold: Double, doubleSided: Bool, mean: Double, stddev: Double)

    public struct Bound: Hashable, Sendable {
        public var value: JSONValue
        public var strict: Bool
        public init(_ value: JSONValue, strict: Bool) {
            self.value = value
            self.strict = strict
        }
    }
}

/// A condition compiled against one column type: a closure per non-missing row that says
/// whether the row is unexpected.
struct CompiledCondition: Sendable {
    let isUnexpected: @Sendable (Column, Int) -> Bool

    static func compile(_ condition: RowCondition, column name: String, type: ColumnType) throws(MetricError) -> CompiledCondition {
        switch condition {
        case .between(let lower, let upper):
            return try compileBetween(lower, upper, column: name, type: type)
        case .inSet(let values):
            let set = try ValueSet(values, type: type, column: name)
            return CompiledCondition { column, row in !set.contains(column, row) }
        case .notInSet(let values):
            let set = try ValueSet(values, type: type, column: name)
            return CompiledCondition { column, row in set.contains(column, row) }
        case .matchesRegex(let pattern):
            let regex = try compileRegex(pattern)
            return CompiledCondition { column, row in !regex.matches(text(column, row)) }
        case .notMatchesRegex(let pattern):
            let regex = try compileRegex(pattern)
            return CompiledCondition { column, row in regex.matches(text(column, row)) }
        case .matchesRegexList(let patterns, let all):
            let regexes = try patterns.map { pattern throws(MetricError) in try compileRegex(pattern) }
            return CompiledCondition { column, row in
                let value = text(column, row)
                return all ? !regexes.allSatisfy { $0.matches(value) } : !regexes.contains { $0.matches(value) }
            }
        case .notMatchesRegexList(let patterns):
            let regexes = try patterns.map { pattern throws(MetricError) in try compileRegex(pattern) }
            return CompiledCondition { column, row in
                let value = text(column, row)
                return regexes.contains { $0.matches(value) }
            }
        case .lengthBetween(let low, let high):
            guard type == .string else { throw MetricError("column \"\(name)\" is \(type.rawValue): value lengths apply to text") }
            return CompiledCondition { column, row in
                let length = text(column, row).count
                return (low.map { length < $0 } ?? false) || (high.map { length > $0 } ?? false)
            }
        case .lengthEquals(let expected):
            guard type == .string else { throw MetricError("column \"\(name)\" is \(type.rawValue): value lengths apply to text") }
            return CompiledCondition { column, row in text(column, row).count != expected }
        case .zScoreBelow(let threshold, let doubleSided, let mean, let stddev):
            guard type.isNumeric else { throw MetricError("column \"\(name)\" is \(type.rawValue), not numeric") }
            return CompiledCondition { column, row in
                let z = (number(column, row) - mean) / stddev
                return doubleSided ? !(abs(z) < threshold) : !(z < threshold)
            }
        }
    }

    private static func compileBetween(_ lower: RowCondition.Bound?, _ upper: RowCondition.Bound?, column name: String, type: ColumnType) throws(MetricError) -> CompiledCondition {
        switch type {
        case .float64, .int64:
            let low = try lower.map { bound throws(MetricError) in (try numericBound(bound.value, name), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try numericBound(bound.value, name), bound.strict) }
            return CompiledCondition { column, row in
                let x = number(column, row)
                if let (bound, strict) = low, strict ? !(x > bound) : !(x >= bound) { return true }
                if let (bound, strict) = high, strict ? !(x < bound) : !(x <= bound) { return true }
                return false
            }
        case .date, .timestamp:
            let low = try lower.map { bound throws(MetricError) in (try instantBound(bound.value, name, type), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try instantBound(bound.value, name, type), bound.strict) }
            return CompiledCondition { column, row in
                let x = instant(column, row)
                if let (bound, strict) = low, strict ? !(x > bound) : !(x >= bound) { return true }
                if let (bound, strict) = high, strict ? !(x < bound) : !(x <= bound) { return true }
                return false
            }
        case .string:
            let low = try lower.map { bound throws(MetricError) in (try textBound(bound.value, name), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try textBound(bound.value, name), bound.strict) }
            return CompiledCondition { column, row in
                let x = text(column, row)
                if let (bound, strict) = low, strict ? !(x > bound) : !(x >= bound) { return true }
                if let (bound, strict) = high, strict ? !(x < bound) : !(x <= bound) { return true }
                return false
            }
        case .bool:
            throw MetricError("column \"\(name)\" is bool: a range does not apply")
        }
    }

    private static func numericBound(_ value: JSONValue, _ column: String) throws(MetricError) -> Double {
        guard let number = value.number else { throw MetricError("column \"\(column)\" is numeric but the bound \(value.compact) is not a number") }
        return number
    }

    private static func textBound(_ value: JSONValue, _ column: String) throws(MetricError) -> String {
        guard let text = value.string else { throw MetricError("column \"\(column)\" is text but the bound \(value.compact) is not a string") }
        return text
    }

    /// Dates and timestamps compare as microseconds since the epoch (a date is its midnight, UTC);
    /// a bound may be either text form.
    private static func instantBound(_ value: JSONValue, _ column: String, _ type: ColumnType) throws(MetricError) -> Int64 {
        guard let text = value.string, let micros = ISOInstant.parse(text) else {
            throw MetricError("column \"\(column)\" is \(type.rawValue) but the bound \(value.compact) is not an ISO-8601 date or timestamp")
        }
        return micros
    }

    @inline(__always)
    static func number(_ column: Column, _ row: Int) -> Double {
        switch column {
        case .float64(let c): c.values[row]
        case .int64(let c): Double(c.values[row])
        default: .nan
        }
    }

    @inline(__always)
    static func instant(_ column: Column, _ row: Int) -> Int64 {
        switch column {
        case .date(let c): c.values[row] * 86_400_000_000
        case .timestamp(let c): c.values[row]
        default: 0
        }
    }

    /// The cell as Python's `str()` would show it (what GX's regex and length checks see).
    static func text(_ column: Column, _ row: Int) -> String {
        switch column {
        case .string(let c): c[row] ?? ""
        default:
            switch CellValue.json(column, row: row) {
            case .string(let value): value
            case .integer(let value): String(value)
            case .double(let value): String(value)
            case .bool(let value): value ? "True" : "False"
            default: ""
            }
        }
    }

    private static func compileRegex(_ pattern: String) throws(MetricError) -> Regex {
        do {
            return Regex(try NSRegularExpression(pattern: pattern))
        } catch {
            throw MetricError("invalid regular expression \(JSONValue.string(pattern).compact): \(error.localizedDescription)")
        }
    }

    struct Regex: @unchecked Sendable {
        let expression: NSRegularExpression
        init(_ expression: NSRegularExpression) { self.expression = expression }
        func matches(_ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

/// A set of suite values, matched against cells of one column type without building a value per row.
struct ValueSet: Sendable {
    private var numbers: Set<Double> = []
    private var strings: Set<String> = []
    private var bools: Set<Bool> = []
    private var instants: Set<Int64> = []

    init(_ values: [JSONValue], type: ColumnType, column: String) throws(MetricError) {
        for value in values {
            switch value {
            case .integer, .double: numbers.insert(value.number!)
            case .string(let text):
                strings.insert(text)
                if type == .date || type == .timestamp, let micros = ISOInstant.parse(text) { instants.insert(micros) }
            case .bool(let flag): bools.insert(flag)
            case .null: continue
            default: throw MetricError("value_set holds \(value.compact), which no cell can equal")
            }
        }
    }

    @inline(__always)
    func contains(_ column: Column, _ row: Int) -> Bool {
        switch column {
        case .float64(let c): numbers.contains(c.values[row])
        case .int64(let c): numbers.contains(Double(c.values[row]))
        case .bool(let c): bools.contains(c.values[row])
        case .date, .timestamp: instants.contains(CompiledCondition.instant(column, row))
        case .string(let c):
            c.bytes.withUnsafeBufferPointer { bytes in
                strings.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[c.offsets[row]..<c.offsets[row + 1]]), as: UTF8.self))
            }
        }
    }
}

/// ISO-8601 text to microseconds since the epoch (UTC), through the reader's parser.
public enum ISOInstant {
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            TimestampText.parse(UnsafePointer(buffer.baseAddress!), buffer.count)
        }
    }
}
