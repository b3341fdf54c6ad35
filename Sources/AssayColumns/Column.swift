/// A column of fixed-width values in one contiguous buffer plus a validity bitmap.
///
/// Null rows hold a placeholder (0) in `values` so that `values[i]` lines up with row `i`;
/// kernels must consult `validity` whenever `validity.hasNulls`.
public struct FixedWidthColumn<Value: Sendable & Hashable>: Sendable, Hashable {
    public var values: [Value]
    public var validity: ValidityBitmap

    public init(values: [Value], validity: ValidityBitmap) {
        precondition(values.count == validity.count, "values and validity must have one entry per row")
        self.values = values
        self.validity = validity
    }

    public init(values: [Value]) {
        self.init(values: values, validity: ValidityBitmap(allValid: values.count))
    }

    public var count: Int { values.count }
    public var nullCount: Int { validity.nullCount }

    /// The value at `row`, or nil when the row is null.
    public subscript(row: Int) -> Value? { validity.isValid(row) ? values[row] : nil }
}

/// UTF-8 strings as one byte buffer with `count + 1` offsets: value `i` is
/// `bytes[offsets[i]..<offsets[i+1]]`. Null rows are empty ranges marked invalid.
public struct StringColumn: Sendable, Hashable {
    public var offsets: [Int]
    public var bytes: [UInt8]
    public var validity: ValidityBitmap
    /// The same values as a code per row into a dictionary, when the source stored them so
    /// (Parquet dictionary pages). `offsets` and `bytes` always hold the values too, so every
    /// reader of the column works without it; metrics that know dictionaries do their per-value
    /// work once per dictionary entry. Not part of equality (it is a representation).
    public var dictionary: DictionaryCodes?

    public init() {
        offsets = [0]
        bytes = []
        validity = ValidityBitmap()
    }

    public static func == (lhs: StringColumn, rhs: StringColumn) -> Bool {
        lhs.offsets == rhs.offsets && lhs.bytes == rhs.bytes && lhs.validity == rhs.validity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(offsets)
        hasher.combine(bytes)
        hasher.combine(validity)
    }

    public init(_ strings: [String?]) {
        self.init()
        for string in strings {
            if let string { append(utf8: Array(string.utf8)) } else { appendNull() }
        }
    }

    public var count: Int { offsets.count - 1 }
    public var nullCount: Int { validity.nullCount }

    public mutating func append(utf8: some Collection<UInt8>) {
        dictionary = nil
        bytes.append(contentsOf: utf8)
        offsets.append(bytes.count)
        validity.append(true)
    }

    public mutating func appendNull() {
        dictionary = nil
        offsets.append(bytes.count)
        validity.append(false)
    }

    /// The string at `row`, or nil when the row is null. Bytes were validated as UTF-8 when read.
    public subscript(row: Int) -> String? {
        guard validity.isValid(row) else { return nil }
        return String(decoding: bytes[offsets[row]..<offsets[row + 1]], as: UTF8.self)
    }
}

/// A typed column. Dates and timestamps share `Int64` storage (see `ColumnType`).
/// The distinct values of a dictionary-encoded column, shared by reference by every batch cut
/// from one dictionary (a Parquet column chunk), so its identity can key per-dictionary caches.
public final class StringDictionary: Sendable {
    /// No nulls; entry i is code i.
    public let values: StringColumn

    public init(values: StringColumn) {
        precondition(!values.validity.hasNulls, "dictionary entries are values, not nulls")
        self.values = values
    }

    public var count: Int { values.count }
}

/// A code per row into a shared dictionary; rows that are null hold code 0 and are ignored.
public struct DictionaryCodes: Sendable {
    public let dictionary: StringDictionary
    public let codes: [UInt32]

    public init(dictionary: StringDictionary, codes: [UInt32]) {
        precondition(codes.allSatisfy { Int($0) < max(dictionary.count, 1) }, "every code names a dictionary entry")
        self.dictionary = dictionary
        self.codes = codes
    }
}

public enum Column: Sendable, Hashable {
    case float64(FixedWidthColumn<Double>)
    case int64(FixedWidthColumn<Int64>)
    case bool(FixedWidthColumn<Bool>)
    case date(FixedWidthColumn<Int64>)
    case timestamp(FixedWidthColumn<Int64>)
    case string(StringColumn)

    public var type: ColumnType {
        switch self {
        case .float64: .float64
        case .int64: .int64
        case .bool: .bool
        case .date: .date
        case .timestamp: .timestamp
        case .string: .string
        }
    }

    public var count: Int {
        switch self {
        case .float64(let c): c.count
        case .int64(let c), .date(let c), .timestamp(let c): c.count
        case .bool(let c): c.count
        case .string(let c): c.count
        }
    }

    public var validity: ValidityBitmap {
        switch self {
        case .float64(let c): c.validity
        case .int64(let c), .date(let c), .timestamp(let c): c.validity
        case .bool(let c): c.validity
        case .string(let c): c.validity
        }
    }

    public var nullCount: Int { validity.nullCount }

    /// A column of `rowCount` nulls: what a projected reader gives for a column nobody reads.
    public static func empty(_ type: ColumnType, rowCount: Int) -> Column {
        let validity = ValidityBitmap(allNull: rowCount)
        switch type {
        case .float64: return .float64(FixedWidthColumn(values: [Double](repeating: 0, count: rowCount), validity: validity))
        case .int64: return .int64(FixedWidthColumn(values: [Int64](repeating: 0, count: rowCount), validity: validity))
        case .bool: return .bool(FixedWidthColumn(values: [Bool](repeating: false, count: rowCount), validity: validity))
        case .date: return .date(FixedWidthColumn(values: [Int64](repeating: 0, count: rowCount), validity: validity))
        case .timestamp: return .timestamp(FixedWidthColumn(values: [Int64](repeating: 0, count: rowCount), validity: validity))
        case .string:
            var column = StringColumn()
            column.offsets = [Int](repeating: 0, count: rowCount + 1)
            column.validity = validity
            return .string(column)
        }
    }
}
