/// A reader of the Thrift compact protocol (thrift/doc/specs/thrift-compact-protocol.md), the
/// encoding of Parquet's footer and page headers.
///
/// Only what Parquet uses: structs, i8/i16/i32/i64 (zigzag varints), bools, doubles, binary,
/// lists and sets; maps are skipped. Every length and count is checked against the bytes left,
/// varints are at most 10 bytes, and structs nest at most `depthMax` deep, so hostile input ends
/// in a `ThriftError`, never a trap, a hang or an allocation larger than the input.
struct CompactDecoder {
    /// Structs and lists nested deeper than this are refused (Parquet needs about 6).
    static let depthMax = 64

    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12, uuid = 13
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    // MARK: Scalars

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw ThriftError("the metadata ends early") }
        let byte = bytes[position]
        position += 1
        return byte
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64, shift < 63 || byte <= 1 else { throw ThriftError("a varint is longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readI64() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readI32() throws -> Int32 {
        guard let value = Int32(exactly: try readI64()) else { throw ThriftError("an i32 field is out of range") }
        return value
    }

    mutating func readI16() throws -> Int16 {
        guard let value = Int16(exactly: try readI64()) else { throw ThriftError("an i16 field is out of range") }
        return value
    }

    mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw ThriftError("the metadata ends inside a double") }
        let bits = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw ThriftError("a binary field of \(length) bytes runs past the end of the metadata") }
        let count = Int(length)
        let value = [UInt8](bytes[position..<(position + count)])
        position += count
        return value
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// A bool field's value is its type code.
    func bool(_ type: UInt8) throws -> Bool {
        switch type {
        case FieldType.booleanTrue.rawValue: return true
        case FieldType.booleanFalse.rawValue: return false
        default: throw ThriftError("a bool field has type \(type)")
        }
    }

    // MARK: Containers

    /// Calls `field(&self, id, type)` for every field of a struct; `field` must read or `skip` the value.
    mutating func readStruct(_ field: (inout CompactDecoder, _ id: Int16, _ type: UInt8) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.depthMax else { throw ThriftError("structs nest deeper than \(Self.depthMax)") }
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            if header == 0 { return }
            let type = header & 0x0F
            let delta = Int16(header >> 4)
            let id: Int16
            if delta == 0 {
                id = try readI16()
            } else {
                let (sum, overflow) = lastID.addingReportingOverflow(delta)
                guard !overflow else { throw ThriftError("a field id overflows") }
                id = sum
            }
            lastID = id
            try field(&self, id, type)
        }
    }

    /// The header of a list or set: element type and count (checked against the bytes left, since
    /// every element takes at least one byte).
    mutating func readListHeader() throws -> (elementType: UInt8, count: Int) {
        let header = try readByte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else { throw ThriftError("a list of \(count) elements runs past the end of the metadata") }
        return (header & 0x0F, Int(count))
    }

    /// The elements of a list, each read by `element`, which gets the element type.
    mutating func readList<T>(_ element: (inout CompactDecoder, _ type: UInt8) throws -> T) throws -> [T] {
        let (type, count) = try readListHeader()
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.depthMax else { throw ThriftError("lists nest deeper than \(Self.depthMax)") }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self, type)) }
        return values
    }

    /// Reads a list of `i32` (enums), refusing any other element type.
    mutating func readI32List() throws -> [Int32] {
        try readList { decoder, type in
            guard type == FieldType.i32.rawValue else { throw ThriftError("expected a list of i32, found element type \(type)") }
            return try decoder.readI32()
        }
    }

    /// Reads a struct expecting the element type to say so.
    mutating func expect(_ type: UInt8, _ expected: FieldType) throws {
        guard type == expected.rawValue else { throw ThriftError("a field has type \(type), expected \(expected)") }
    }

    /// Skips one value of `type` (nested values included).
    mutating func skip(_ type: UInt8) throws {
        switch FieldType(rawValue: type) {
        case .booleanTrue, .booleanFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: try advance(8)
        case .uuid: try advance(16)
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(remaining) else { throw ThriftError("a binary field runs past the end of the metadata") }
            position += Int(length)
        case .list, .set:
            let (elementType, count) = try readListHeader()
            try nested {
                for _ in 0..<count {
                    // Bools in lists are one byte each.
                    if elementType == FieldType.booleanTrue.rawValue || elementType == FieldType.booleanFalse.rawValue {
                        _ = try $0.readByte()
                    } else {
                        try $0.skip(elementType)
                    }
                }
            }
        case .map:
            let count = try readVarint()
            guard count <= UInt64(remaining) else { throw ThriftError("a map runs past the end of the metadata") }
            if count == 0 { return }
            let types = try readByte()
            try nested {
                for _ in 0..<Int(count) {
                    try $0.skip(types >> 4)
                    try $0.skip(types & 0x0F)
                }
            }
        case .structure:
            try readStruct { decoder, _, type in try decoder.skip(type) }
        case nil:
            throw ThriftError("unknown field type \(type)")
        }
    }

    private mutating func nested(_ body: (inout CompactDecoder) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.depthMax else { throw ThriftError("values nest deeper than \(Self.depthMax)") }
        try body(&self)
    }

    private mutating func advance(_ count: Int) throws {
        guard remaining >= count else { throw ThriftError("the metadata ends early") }
        position += count
    }
}

/// Malformed Thrift; the caller adds where it was (footer, page header) to make a `ReaderError`.
struct ThriftError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
