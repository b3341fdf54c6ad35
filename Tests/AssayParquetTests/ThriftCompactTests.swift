@testable import AssayParquet
import Testing

/// The compact protocol on hand-built bytes (thrift-compact-protocol.md): field headers with
/// deltas and long form ids, zigzag varints, binaries, lists, nested structs, skipping, limits.
@Suite struct ThriftCompactTests {
    private func decode<T>(_ bytes: [UInt8], _ body: (inout CompactDecoder) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { buffer in
            var decoder = CompactDecoder(buffer)
            return try body(&decoder)
        }
    }

    @Test func zigzagVarints() throws {
        // 0 → 0, -1 → 1, 1 → 2, -64 → 127, 64 → 128 (0x80 0x01), 150 → 300 (0xAC 0x02).
        let values = try decode([0x00, 0x01, 0x02, 0x7F, 0x80, 0x01, 0xAC, 0x02]) { d in
            try (0..<6).map { _ in try d.readI64() }
        }
        #expect(values == [0, -1, 1, -64, 64, 150])
    }

    @Test func structWithShortAndLongFieldHeaders() throws {
        // Field 1 i32 = 3 (0x15 0x06); field 2 binary "ab" (0x18 0x02 'a' 'b');
        // field 20 bool true in long form (0x01, zigzag i16 20 = 0x28); field 21 i64 = -2 (0x16 0x03); stop.
        let bytes: [UInt8] = [0x15, 0x06, 0x18, 0x02, 0x61, 0x62, 0x01, 0x28, 0x16, 0x03, 0x00]
        var seen: [String] = []
        try decode(bytes) { d in
            try d.readStruct { d, id, type in
                switch id {
                case 1: seen.append("1=\(try d.readI32())")
                case 2: seen.append("2=\(try d.readString())")
                case 20: seen.append("20=\(try d.bool(type))")
                case 21: seen.append("21=\(try d.readI64())")
                default: Issue.record("unexpected field \(id)")
                }
            }
        }
        #expect(seen == ["1=3", "2=ab", "20=true", "21=-2"])
    }

    @Test func listsShortAndLong() throws {
        // A list of 3 i32 (0x35): 1, 2, 3; then a list of 16 i32 in long form (0xF5, 16).
        var bytes: [UInt8] = [0x35, 0x02, 0x04, 0x06, 0xF5, 0x10]
        bytes += [UInt8](repeating: 0x02, count: 16)
        let (short, long) = try decode(bytes) { d in (try d.readI32List(), try d.readI32List()) }
        #expect(short == [1, 2, 3])
        #expect(long == [Int32](repeating: 1, count: 16))
    }

    @Test func skipsNestedValuesItDoesNotRead() throws {
        // Field 1: struct { field 1: list<binary> ["x"], field 2: map<i32,i32> {1: 2}, field 3: double }, then field 2 i32 = 7.
        let bytes: [UInt8] = [
            0x1C,
            0x19, 0x18, 0x01, 0x78,
            0x1B, 0x01, 0x55, 0x02, 0x04,
            0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
            0x00,
            0x15, 0x0E,
            0x00,
        ]
        var value: Int32?
        try decode(bytes) { d in
            try d.readStruct { d, id, type in
                if id == 2 { value = try d.readI32() } else { try d.skip(type) }
            }
        }
        #expect(value == 7)
    }

    @Test func refusesLengthsPastTheEnd() throws {
        // A binary claiming 100 bytes with 2 present; a list claiming 200 elements.
        #expect(throws: ThriftError.self) { try decode([0x64, 1, 2]) { d in try d.readBinary() } }
        #expect(throws: ThriftError.self) { try decode([0xF5, 0xC8, 0x01, 0x02]) { d in try d.readI32List() } }
        // An 11-byte varint.
        #expect(throws: ThriftError.self) { try decode([UInt8](repeating: 0xFF, count: 11)) { d in try d.readI64() } }
        // An i32 field holding 2^40.
        #expect(throws: ThriftError.self) { try decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x40]) { d in try d.readI32() } }
    }

    @Test func boundsNestingDepth() throws {
        // 100 nested structs, each opened as field 1 of its parent: refused, not a stack overflow.
        let bytes = [UInt8](repeating: 0x1C, count: 100) + [UInt8](repeating: 0x00, count: 101)
        #expect(throws: ThriftError("structs nest deeper than \(CompactDecoder.depthMax)")) {
            try decode(bytes) { d in try d.readStruct { d, _, type in try d.skip(type) } }
        }
    }

    @Test func decodesAPageHeader() throws {
        // PageHeader{type: DATA_PAGE_V2 (3), uncompressed 10, compressed 8,
        //   data_page_header_v2 (field 8): {num_values 5, num_nulls 1, num_rows 5, encoding RLE_DICTIONARY (8),
        //   def bytes 2, rep bytes 0, is_compressed false}}
        let bytes: [UInt8] = [
            0x15, 0x06, 0x15, 0x14, 0x15, 0x10,
            0x5C,
            0x15, 0x0A, 0x15, 0x02, 0x15, 0x0A, 0x15, 0x10, 0x15, 0x04, 0x15, 0x00, 0x12,
            0x00,
            0x00,
        ]
        let header = try decode(bytes) { d in try PageHeader(&d) }
        #expect(header.type == PageType.dataPageV2.rawValue)
        #expect(header.uncompressedSize == 10 && header.compressedSize == 8)
        #expect(header.valueCount == 5 && header.nullCount == 1 && header.rowCount == 5)
        #expect(header.encoding == Encoding.rleDictionary.rawValue)
        #expect(header.definitionLevelsByteLength == 2 && header.repetitionLevelsByteLength == 0)
        #expect(header.isCompressed == false)
    }
}
