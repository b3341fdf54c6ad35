import AssayColumns

/// How the values of one Parquet leaf become an Assay column.
///
/// | Parquet | Assay | conversion |
/// |---|---|---|
/// | BOOLEAN | bool | |
/// | INT32, INT(8/16/32, signed) | int64 | |
/// | INT(8/16/32, unsigned) | int64 | the 32 bits read unsigned |
/// | INT64, INT(64, signed) | int64 | |
/// | INT(64, unsigned) | int64 | a value above Int64.max re-reads the column as float64 (`SchemaWidening`) |
/// | FLOAT, DOUBLE, FLOAT16 | float64 | |
/// | DECIMAL(scale) on INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY | float64 | unscaled (big-endian two's complement for byte arrays) / 10^scale, rounded to the nearest double |
/// | DATE | date | days since 1970-01-01 |
/// | TIMESTAMP(ms/µs/ns), INT96 | timestamp | µs since 1970 (ms × 1000; ns floor-divided by 1000; INT96 = nanoseconds of day + Julian day, 2440588 = 1970-01-01); zone flags ignored |
/// | TIME(ms/µs/ns) | string | `HH:MM:SS`, plus `.ffffff` (six digits, floored to the microsecond) when that is not zero; e.g. `13:05:09`, `13:05:09.250000` |
/// | STRING/UTF8, ENUM, JSON | string | must be valid UTF-8 |
/// | UUID (FIXED_LEN_BYTE_ARRAY 16) | string | lowercase `8-4-4-4-12` |
/// | BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY without annotation; BSON | string | the bytes as text when they are valid UTF-8, else `0x` and lowercase hex |
/// | INTERVAL | string | `0x` and lowercase hex of the 12 bytes |
///
/// A logical type this reader does not know falls back to its physical type's row.
enum ValueConversion: Sendable, Equatable {
    case bool
    case int32, uint32, int64, uint64
    case date
    case timestamp(TimeUnit)
    case int96Timestamp
    case float32, float64, float16
    case decimal(scale: Int32)
    case time(TimeUnit)
    case utf8
    case textOrHex
    case uuid
    case hex

    /// The Assay type the values take.
    var columnType: ColumnType {
        switch self {
        case .bool: .bool
        case .int32, .uint32, .int64, .uint64: .int64
        case .date: .date
        case .timestamp, .int96Timestamp: .timestamp
        case .float32, .float64, .float16, .decimal: .float64
        case .time, .utf8, .textOrHex, .uuid, .hex: .string
        }
    }

    var isString: Bool { columnType == .string }
}

/// One leaf column Assay reads.
struct LeafColumn: Sendable {
    /// Dotted path from the root (`a.b.c` for a leaf in structs).
    var name: String
    /// Index of the leaf among all leaves: its column chunk in every row group.
    var chunkIndex: Int
    var physicalType: PhysicalType
    /// Bytes per value for FIXED_LEN_BYTE_ARRAY (12 for INT96).
    var typeLength: Int
    var maxDefinitionLevel: Int
    var conversion: ValueConversion
}

/// The schema tree flattened to the leaves Assay reads, and the fields it leaves out.
struct ParquetSchema: Sendable {
    /// Structs nested deeper than this are refused (each level adds a definition level).
    static let depthMax = 100
    /// FIXED_LEN_BYTE_ARRAY values longer than this are refused.
    static let fixedLengthMax = 1 << 24

    var leaves: [LeafColumn] = []
    /// Number of leaves in the file (read or not): the column chunks of every row group.
    var leafCount = 0
    var skipped: [(name: String, reason: String)] = []

    init(_ elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw DecodeError("the schema is empty") }
        var next = 1
        try walk(elements, childCount: Int(root.childCount ?? 0), prefix: "", depth: 0, definitionLevel: 0, next: &next, isRepeatedBelow: nil)
        guard next == elements.count else {
            throw DecodeError("the schema lists \(elements.count) elements, its tree holds \(next)")
        }
        var seen = Set<String>()
        for leaf in leaves where !seen.insert(leaf.name).inserted {
            throw DecodeError("two columns are both called \"\(leaf.name)\"")
        }
    }

    /// Visits `childCount` children starting at `elements[next]`. `isRepeatedBelow` is the reason
    /// and name of the outermost repeated or list/map field above, whose leaves are all skipped.
    private mutating func walk(
        _ elements: [SchemaElement], childCount: Int, prefix: String, depth: Int, definitionLevel: Int,
        next: inout Int, isRepeatedBelow: (name: String, reason: String)?
    ) throws {
        guard depth <= Self.depthMax else { throw DecodeError("the schema nests deeper than \(Self.depthMax) levels") }
        guard childCount >= 0, childCount <= elements.count - next else {
            throw DecodeError("a schema group claims \(childCount) children, the schema has \(elements.count - next) elements left")
        }
        for _ in 0..<childCount {
            guard next < elements.count else { throw DecodeError("the schema tree ends early") }
            let element = elements[next]
            next += 1
            let name = prefix.isEmpty ? element.name : prefix + "." + element.name
            let repetition = element.repetition ?? 0
            guard (0...2).contains(repetition) else { throw DecodeError("column \"\(name)\" has an invalid repetition (\(repetition))") }
            let level = definitionLevel + (repetition == 0 ? 0 : 1)
            var outer = isRepeatedBelow
            if outer == nil, let reason = Self.nestedReason(element) { outer = (name, reason) }
            let children = Int(element.childCount ?? 0)
            if element.childCount != nil, element.type == nil || children > 0 {
                try walk(elements, childCount: children, prefix: name, depth: depth + 1, definitionLevel: level, next: &next, isRepeatedBelow: outer)
                if children == 0, outer == nil { skipped.append((name, "an empty group")) }
                continue
            }
            let chunkIndex = leafCount
            leafCount += 1
            if let outer {
                if skipped.last?.name != outer.name { skipped.append(outer) }
                continue
            }
            leaves.append(try Self.leaf(element, name: name, chunkIndex: chunkIndex, definitionLevel: level))
        }
    }

    /// Why a field cannot be one value per row, or nil.
    private static func nestedReason(_ element: SchemaElement) -> String? {
        switch element.logicalType {
        case .list: return "a list"
        case .map: return "a map"
        default: break
        }
        switch element.convertedType {
        case 1, 2: return "a map"
        case 3: return "a list"
        default: break
        }
        return element.repetition == 2 ? "a repeated field" : nil
    }

    private static func leaf(_ element: SchemaElement, name: String, chunkIndex: Int, definitionLevel: Int) throws -> LeafColumn {
        guard let raw = element.type, let physical = PhysicalType(rawValue: raw) else {
            throw DecodeError("column \"\(name)\" has an unknown physical type (\(element.type.map(String.init) ?? "none"))")
        }
        var typeLength = 0
        switch physical {
        case .fixedLenByteArray:
            guard let length = element.typeLength, length > 0, Int(length) <= fixedLengthMax else {
                throw DecodeError("FIXED_LEN_BYTE_ARRAY column \"\(name)\" has an invalid length (\(element.typeLength.map(String.init) ?? "none"))")
            }
            typeLength = Int(length)
        case .int96: typeLength = 12
        default: break
        }
        let conversion = fromLogicalType(element, physical, typeLength)
            ?? fromConvertedType(element, physical, typeLength)
            ?? physicalDefault(physical)
        return LeafColumn(name: name, chunkIndex: chunkIndex, physicalType: physical, typeLength: typeLength,
                          maxDefinitionLevel: definitionLevel, conversion: conversion)
    }

    private static func fromLogicalType(_ element: SchemaElement, _ physical: PhysicalType, _ length: Int) -> ValueConversion? {
        let isBytes = physical == .byteArray || physical == .fixedLenByteArray
        switch element.logicalType {
        case .string?, .enumeration?, .json?: return isBytes ? .utf8 : nil
        case .bson?: return isBytes ? .textOrHex : nil
        case .uuid?: return physical == .fixedLenByteArray && length == 16 ? .uuid : nil
        case .decimal(let scale, _)?: return decimal(physical, scale: scale)
        case .date?: return physical == .int32 ? .date : nil
        case .time(let unit)?:
            return (unit == .millis && physical == .int32) || (unit != .millis && physical == .int64) ? .time(unit) : nil
        case .timestamp(let unit)?: return physical == .int64 ? .timestamp(unit) : nil
        case .integer(let width, let signed)?:
            switch physical {
            case .int32 where width <= 32: return signed ? .int32 : .uint32
            case .int64: return signed ? .int64 : .uint64
            default: return nil
            }
        case .float16?: return physical == .fixedLenByteArray && length == 2 ? .float16 : nil
        case .map?, .list?, .unknown?, .other?, nil: return nil
        }
    }

    private static func fromConvertedType(_ element: SchemaElement, _ physical: PhysicalType, _ length: Int) -> ValueConversion? {
        let isBytes = physical == .byteArray || physical == .fixedLenByteArray
        switch element.convertedType {
        case 0?, 4?, 19?: return isBytes ? .utf8 : nil
        case 20?: return isBytes ? .textOrHex : nil
        case 5?: return decimal(physical, scale: element.scale ?? 0)
        case 6?: return physical == .int32 ? .date : nil
        case 7?: return physical == .int32 ? .time(.millis) : nil
        case 8?: return physical == .int64 ? .time(.micros) : nil
        case 9?: return physical == .int64 ? .timestamp(.millis) : nil
        case 10?: return physical == .int64 ? .timestamp(.micros) : nil
        case 11?, 12?, 13?: return physical == .int32 ? .uint32 : nil
        case 14?: return physical == .int64 ? .uint64 : nil
        case 15?, 16?, 17?: return physical == .int32 ? .int32 : nil
        case 18?: return physical == .int64 ? .int64 : nil
        case 21?: return physical == .fixedLenByteArray ? .hex : nil
        default: return nil
        }
    }

    private static func decimal(_ physical: PhysicalType, scale: Int32) -> ValueConversion? {
        switch physical {
        case .int32, .int64, .byteArray, .fixedLenByteArray: .decimal(scale: scale)
        default: nil
        }
    }

    private static func physicalDefault(_ physical: PhysicalType) -> ValueConversion {
        switch physical {
        case .boolean: .bool
        case .int32: .int32
        case .int64: .int64
        case .int96: .int96Timestamp
        case .float: .float32
        case .double: .float64
        case .byteArray, .fixedLenByteArray: .textOrHex
        }
    }
}
