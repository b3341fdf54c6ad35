import AssayReaders
import AssayColumns
import AssayKernels
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// Unexpected unless the Python type of the cell, as pandas holds it in an object column
    /// (`str`, `date`, `int`, `float`, `bool`, `datetime`), is one of the names. Every cell of an
    /// Assay column has one type, so the test is decided once per column.
    case pythonTypeIn([String])
    /// Unexpected unless the cell is text that Python's `json.loads` accepts.
    case jsonParseable
    /// Unexpected unless the cell is text that `datetime.strptime(text, format)` reads.
    case matchesStrftime(String)
    /// Unexpected unless the cell is text that reads as a date (`DateText`, dateutil's common shapes).
    case dateParseable

    public struct Bound: Hashable, Sendable {
        public var value: JSONValue
        public var strict: Bool
        public init(_ value: JSONValue, strict: Bool) {
            self.value = value
            self.strict = strict
        }
    }
}

/// A condition compiled against one column type: given a batch's column, the rows that hold a
/// value (not null, not NaN) and break the condition. One loop per batch and type, no per-row
/// dispatch (the loops are where the time goes).
struct CompiledCondition: Sendable {
    let unexpectedRows: @Sendable (Column) -> [Int]

    static func compile(_ condition: RowCondition, column name: String, type: ColumnType) throws(MetricError) -> CompiledCondition {
        switch condition {
        case .between(let lower, let upper):
            return try compileBetween(lower, upper, column: name, type: type)
        case .inSet(let values):
            let set = try ValueSet(values, type: type, column: name)
            return CompiledCondition { column in set.rows(of: column, inSet: false) }
        case .notInSet(let values):
            let set = try ValueSet(values, type: type, column: name)
            return CompiledCondition { column in set.rows(of: column, inSet: true) }
        case .matchesRegex(let pattern):
            let regex = try compileRegex(pattern)
            return textRows { !regex.matches($0) }
        case .notMatchesRegex(let pattern):
            let regex = try compileRegex(pattern)
            return textRows { regex.matches($0) }
        case .matchesRegexList(let patterns, let all):
            let regexes = try patterns.map { pattern throws(MetricError) in try compileRegex(pattern) }
            return textRows { value in all ? !regexes.allSatisfy { $0.matches(value) } : !regexes.contains { $0.matches(value) } }
        case .notMatchesRegexList(let patterns):
            let regexes = try patterns.map { pattern throws(MetricError) in try compileRegex(pattern) }
            return textRows { value in regexes.contains { $0.matches(value) } }
        case .lengthBetween(let low, let high):
            guard type == .string else { throw MetricError("column \"\(name)\" is \(type.rawValue): value lengths apply to text") }
            return textRows { value in
                let length = value.count
                return (low.map { length < $0 } ?? false) || (high.map { length > $0 } ?? false)
            }
        case .lengthEquals(let expected):
            guard type == .string else { throw MetricError("column \"\(name)\" is \(type.rawValue): value lengths apply to text") }
            return textRows { $0.count != expected }
        case .pythonTypeIn(let names):
            let cellType = switch type {
            case .string: "str"
            case .date: "date"
            case .int64: "int"
            case .float64: "float"
            case .bool: "bool"
            case .timestamp: "datetime"
            }
            return names.contains(cellType) ? CompiledCondition { _ in [] } : presentRows
        case .jsonParseable:
            // `json.loads` of a number or a bool raises: only text can parse.
            guard type == .string else { return presentRows }
            return textRows { (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) == nil }
        case .matchesStrftime(let format):
            guard type == .string else {
                throw MetricError("Values passed to expect_column_values_to_match_strftime_format must be of type string; column \"\(name)\" is \(type.rawValue)")
            }
            let pattern = try StrftimePattern(format)
            return textRows { !pattern.matches($0) }
        case .dateParseable:
            guard type == .string else {
                throw MetricError("Values passed to expect_column_values_to_be_dateutil_parseable must be of type string; column \"\(name)\" is \(type.rawValue)")
            }
            return textRows { !DateText.isDate($0) }
        }
    }

    // MARK: Loops

    /// Rows of a numeric column (as doubles) for which `isUnexpected` holds.
    static func numericRows(_ isUnexpected: @escaping @Sendable (Double) -> Bool) -> CompiledCondition {
        CompiledCondition { column in
            switch column {
            case .float64(let c): rows(c) { !$0.isNaN && isUnexpected($0) }
            case .int64(let c): rows(c) { isUnexpected(Double($0)) }
            default: []
            }
        }
    }

    /// Rows of any column, seen as Python's `str()` of the value, for which `isUnexpected` holds.
    /// Every row that holds a value.
    static let presentRows = CompiledCondition { column in (0..<column.count).filter { !CellValue.isMissing(column, row: $0) } }

    static func textRows(_ isUnexpected: @escaping @Sendable (String) -> Bool) -> CompiledCondition {
        CompiledCondition { column in
            var result: [Int] = []
            if case .string(let c) = column, let entries = c.dictionary, entries.dictionary.count <= c.count {
                // Each dictionary entry tested once (a regex is the costly part), then looked up by code.
                let values = entries.dictionary.values
                let unexpected = (0..<values.count).map { isUnexpected(values[$0] ?? "") }
                let hasNulls = c.validity.hasNulls
                for row in 0..<c.count where (!hasNulls || c.validity.isValid(row)) && unexpected[Int(entries.codes[row])] { result.append(row) }
                return result
            }
            for row in 0..<column.count where !CellValue.isMissing(column, row: row) && isUnexpected(text(column, row)) {
                result.append(row)
            }
            return result
        }
    }

    /// The valid rows of a fixed-width column whose value makes `isUnexpected` true.
    @inline(__always)
    static func rows<Value>(_ column: FixedWidthColumn<Value>, _ isUnexpected: (Value) -> Bool) -> [Int] {
        var result: [Int] = []
        column.values.withUnsafeBufferPointer { values in
            if column.validity.hasNulls {
                for row in 0..<values.count where column.validity.isValid(row) && isUnexpected(values[row]) { result.append(row) }
            } else {
                for row in 0..<values.count where isUnexpected(values[row]) { result.append(row) }
            }
        }
        return result
    }

    private static func compileBetween(_ lower: RowCondition.Bound?, _ upper: RowCondition.Bound?, column name: String, type: ColumnType) throws(MetricError) -> CompiledCondition {
        switch type {
        case .float64, .int64:
            let low = try lower.map { bound throws(MetricError) in (try numericBound(bound.value, name), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try numericBound(bound.value, name), bound.strict) }
            return numericRows { x in outside(x, low, high) }
        case .date, .timestamp:
            let low = try lower.map { bound throws(MetricError) in (try instantBound(bound.value, name, type), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try instantBound(bound.value, name, type), bound.strict) }
            return CompiledCondition { column in
                switch column {
                case .date(let c): rows(c) { outside($0 * 86_400_000_000, low, high) }
                case .timestamp(let c): rows(c) { outside($0, low, high) }
                default: []
                }
            }
        case .string:
            let low = try lower.map { bound throws(MetricError) in (try textBound(bound.value, name), bound.strict) }
            let high = try upper.map { bound throws(MetricError) in (try textBound(bound.value, name), bound.strict) }
            return textRows { outside($0, low, high) }
        case .bool:
            throw MetricError("column \"\(name)\" is bool: a range does not apply")
        }
    }

    @inline(__always)
    static func outside<T: Comparable>(_ x: T, _ low: (T, Bool)?, _ high: (T, Bool)?) -> Bool {
        if let (bound, strict) = low, strict ? !(x > bound) : !(x >= bound) { return true }
        if let (bound, strict) = high, strict ? !(x < bound) : !(x <= bound) { return true }
        return false
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
        // ICU rejects an empty pattern; Python's empty pattern matches every string.
        if pattern.isEmpty { return Regex(nil) }
        do {
            return Regex(try NSRegularExpression(pattern: pattern))
        } catch {
            throw MetricError("invalid regular expression \(JSONValue.string(pattern).compact): \(error.localizedDescription)")
        }
    }

    struct Regex: @unchecked Sendable {
        /// Nil: the empty pattern.
        let expression: NSRegularExpression?
        init(_ expression: NSRegularExpression?) { self.expression = expression }
        func matches(_ text: String) -> Bool {
            guard let expression else { return true }
            return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

/// A set of suite values matched against the cells of one column type without building a value
/// per row: numbers by value, text by bytes (a short set by direct comparison, a long one by fingerprint).
struct ValueSet: Sendable {
    private var numbers: Set<Double> = []
    private var texts: [[UInt8]] = []
    /// Texts of up to 8 bytes as (length, little-endian word): compared without a call per value.
    private var shortTexts: [(length: Int, word: UInt64)] = []
    private var allTextsShort = false
    private var textFingerprints: Set<Fingerprint> = []
    private var bools: Set<Bool> = []
    private var instants: Set<Int64> = []
    static let directComparisonCountMax = 16

    init(_ values: [JSONValue], type: ColumnType, column: String) throws(MetricError) {
        for value in values {
            switch value {
            case .integer, .double: numbers.insert(value.number!)
            case .string(let text):
                texts.append(Array(text.utf8))
                if type == .date || type == .timestamp, let micros = ISOInstant.parse(text) { instants.insert(micros) }
            case .bool(let flag): bools.insert(flag)
            case .null: continue
            default: throw MetricError("value_set holds \(value.compact), which no cell can equal")
            }
        }
        textFingerprints = Set(texts.map { $0.withUnsafeBytes { Fingerprint.text($0) } })
        shortTexts = texts.filter { $0.count <= 8 }.map { ($0.count, $0.withUnsafeBytes { Self.word($0) }) }
        allTextsShort = shortTexts.count == texts.count
    }

    /// Rows holding a value whose membership equals `inSet`.
    func rows(of column: Column, inSet: Bool) -> [Int] {
        switch column {
        case .float64(let c): return CompiledCondition.rows(c) { !$0.isNaN && numbers.contains($0) == inSet }
        case .int64(let c): return CompiledCondition.rows(c) { numbers.contains(Double($0)) == inSet }
        case .bool(let c): return CompiledCondition.rows(c) { bools.contains($0) == inSet }
        case .date(let c): return CompiledCondition.rows(c) { instants.contains($0 * 86_400_000_000) == inSet }
        case .timestamp(let c): return CompiledCondition.rows(c) { instants.contains($0) == inSet }
        case .string(let c):
            var result: [Int] = []
            if let entries = c.dictionary, entries.dictionary.count <= c.count {
                // Each dictionary entry tested once, then looked up by code.
                let values = entries.dictionary.values
                let matches = (0..<values.count).map { entry in
                    values.bytes.withUnsafeBytes { bytes in
                        contains(UnsafeRawBufferPointer(rebasing: bytes[values.offsets[entry]..<values.offsets[entry + 1]])) == inSet
                    }
                }
                let hasNulls = c.validity.hasNulls
                for row in 0..<c.count where (!hasNulls || c.validity.isValid(row)) && matches[Int(entries.codes[row])] { result.append(row) }
                return result
            }
            c.bytes.withUnsafeBytes { bytes in
                c.offsets.withUnsafeBufferPointer { offsets in
                    let hasNulls = c.validity.hasNulls
                    for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                        // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                        let cell = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + offsets[row] }, count: offsets[row + 1] - offsets[row])
                        if contains(cell) == inSet { result.append(row) }
                    }
                }
            }
            return result
        }
    }

    @inline(__always)
    private func contains(_ cell: UnsafeRawBufferPointer) -> Bool {
        if allTextsShort, texts.count <= Self.directComparisonCountMax {
            guard cell.count <= 8 else { return false }
            let word = Self.word(cell)
            for text in shortTexts where text.length == cell.count && text.word == word { return true }
            return false
        }
        if texts.count <= Self.directComparisonCountMax {
            for text in texts where text.count == cell.count {
                if text.withUnsafeBytes({ memcmp($0.baseAddress!, cell.baseAddress!, cell.count) == 0 || cell.count == 0 }) { return true }
            }
            return false
        }
        return textFingerprints.contains(Fingerprint.text(cell))
    }
}

extension ValueSet {
    /// A text of at most 8 bytes as one word without a byte loop: two overlapping loads cover
    /// every byte, so with the length compared too, equal words mean equal texts.
    @inline(__always)
    static func word(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        if count >= 4 {
            return UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                | UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        }
        guard count > 0 else { return 0 }
        return UInt64(bytes[0]) | UInt64(bytes[count / 2]) << 8 | UInt64(bytes[count - 1]) << 16
    }
}

/// ISO-8601 text to microseconds since the epoch (UTC), through the reader's parser.
public enum ISOInstant {
    public static func parse(_ text: String) -> Int64? { TimestampText.parse(text) }
}
