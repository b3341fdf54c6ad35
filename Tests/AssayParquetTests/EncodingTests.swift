@testable import AssayParquet
import Testing

/// The value encodings on hand-built bytes whose decoded values are known: the examples of
/// parquet-format `Encodings.md` (bit-packing 0…7 at width 3, the two DELTA_BINARY_PACKED
/// examples, "Hello World Foobar ABCDEF", "axis axle babble babyhood"), plus corrupt variants.
@Suite struct EncodingTests {
    private func hybrid(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        try bytes.withUnsafeBytes { buffer in
            var decoder = try HybridDecoder(buffer, bitWidth: bitWidth)
            var values = [UInt32](repeating: 99, count: count)
            try values.withUnsafeMutableBufferPointer { try decoder.decode(count, into: $0.baseAddress!) }
            return values
        }
    }

    @Test func hybridBitPackedAndRepeatedRuns() throws {
        // Encodings.md: 0…7 bit-packed at width 3 is 10001000 11000110 11111010; one group → header (1 << 1) | 1.
        // Then an RLE run of 5 × the value 4 (header 5 << 1, one value byte).
        let values = try hybrid([0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x04], bitWidth: 3, count: 13)
        #expect(values == [0, 1, 2, 3, 4, 5, 6, 7, 4, 4, 4, 4, 4])
    }

    @Test func hybridLongRunsAndWideValues() throws {
        // 300 repeats (header 600 = 0xD8 0x04) of a 20-bit value (3 little-endian bytes), then 8 packed 1-bit values.
        let values = try hybrid([0xD8, 0x04, 0x56, 0x34, 0x12, 0x03, 0b1010_0101], bitWidth: 20, count: 300)
        #expect(values == [UInt32](repeating: 0x12_3456, count: 300))
        let bits = try hybrid([0x03, 0b1010_0101], bitWidth: 1, count: 8)
        #expect(bits == [1, 0, 1, 0, 0, 1, 0, 1])
    }

    @Test func hybridRefusesWideBitWidthsAndShortData() throws {
        #expect(throws: DecodeError.self) { try hybrid([0x02, 0x01], bitWidth: 33, count: 1) }
        // An RLE run of 2 values, 3 requested.
        #expect(throws: DecodeError("RLE/bit-packed data ends early")) { try hybrid([0x04, 0x01], bitWidth: 1, count: 3) }
        // A bit-packed run cut short by the end of the data decodes what is there, no more.
        #expect(try hybrid([0x03, 0x88], bitWidth: 3, count: 2) == [0, 1])
        #expect(throws: DecodeError.self) { try hybrid([0x03, 0x88], bitWidth: 3, count: 3) }
    }

    @Test func deprecatedBitPackedLevelsAreMostSignificantBitFirst() {
        // Encodings.md: 0…7 at width 3 in the deprecated BIT_PACKED encoding is 00000101 00111001 01110111.
        var levels = [UInt8](repeating: 0, count: 8)
        [UInt8]([0x05, 0x39, 0x77]).withUnsafeBytes { bytes in
            levels.withUnsafeMutableBufferPointer { ColumnChunkDecoder.unpackMostSignificantFirst(bytes, count: 8, bitWidth: 3, into: $0.baseAddress!) }
        }
        #expect(levels == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test func bitUnpackingMatchesByteByByteReference() {
        // Every width 1…64 over the same pseudo-random bytes: the 8-at-a-time path against `slowValue`.
        var bytes = [UInt8](repeating: 0, count: 600)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        for width in 1...64 {
            let count = min(64, bytes.count * 8 / width)
            var fast = [UInt64](repeating: 0, count: count)
            bytes.withUnsafeBufferPointer { source in
                fast.withUnsafeMutableBufferPointer {
                    BitUnpacking.unpack(source.baseAddress!, byteCount: source.count, bitOffset: 3, bitWidth: width, count: count - 1, into: $0.baseAddress!)
                }
                for index in 0..<(count - 1) {
                    let slow = BitUnpacking.slowValue(source.baseAddress!, byteCount: source.count, bit: 3 + index * width, bitWidth: width)
                    #expect(fast[index] == slow, "width \(width) value \(index)")
                }
            }
        }
    }

    private func deltas(_ bytes: [UInt8], width: Int, count: Int) throws -> (values: [Int64], consumed: Int) {
        let scratch = ScratchBuffer()
        let (decoded, consumed) = try bytes.withUnsafeBytes { try DeltaBinaryPacked.decode($0, width: width, valueCountMax: count, into: scratch) }
        let values = (0..<decoded).map { index -> Int64 in
            width == 8 ? scratch.pointer.load(fromByteOffset: index * 8, as: Int64.self)
                       : Int64(scratch.pointer.load(fromByteOffset: index * 4, as: Int32.self))
        }
        return (values, consumed)
    }

    @Test func deltaBinaryPackedSpecExamples() throws {
        // Example 1: 1, 2, 3, 4, 5 — block 128, 4 miniblocks, 5 values, first 1; min delta 1, widths 0: no miniblock bytes.
        let first = try deltas([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0], width: 8, count: 5)
        #expect(first.values == [1, 2, 3, 4, 5])
        #expect(first.consumed == 10)
        // Example 2: 7, 5, 3, 1, 2, 3, 4, 5 — min delta -2 (zigzag 3), relative deltas 0 0 0 3 3 3 3 at width 2.
        let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 2, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        let second = try deltas(bytes, width: 4, count: 8)
        #expect(second.values == [7, 5, 3, 1, 2, 3, 4, 5])
        #expect(second.consumed == bytes.count)
    }

    @Test func deltaBinaryPackedWrapsAndRefusesBadHeaders() throws {
        // INT64: first Int64.max, then a delta of 1 wraps to Int64.min (the format's arithmetic is modular).
        let maxZigzag: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        let wrapping = try deltas([0x80, 0x01, 0x04, 0x02] + maxZigzag + [0x02, 0, 0, 0, 0], width: 8, count: 2)
        #expect(wrapping.values == [Int64.max, Int64.min])
        // Block size 100 is not a multiple of 128.
        #expect(throws: DecodeError.self) { try deltas([0x64, 0x04, 0x01, 0x00], width: 8, count: 1) }
        // More values than the page holds.
        #expect(throws: DecodeError.self) { try deltas([0x80, 0x01, 0x04, 0x09, 0x00], width: 8, count: 8) }
        // A miniblock bit width of 65.
        #expect(throws: DecodeError.self) { try deltas([0x80, 0x01, 0x04, 0x03, 0x00, 0x00, 65, 0, 0, 0], width: 8, count: 3) }
        // Data ending inside a miniblock.
        #expect(throws: DecodeError.self) { try deltas([0x80, 0x01, 0x04, 0x03, 0x00, 0x00, 8, 0, 0, 0, 1], width: 8, count: 3) }
    }

    private func strings(_ base: UnsafeRawPointer, _ offsets: [Int], count: Int, gap: Int = 0) -> [String] {
        (0..<count).map { index in
            let start = offsets[index] + gap
            return String(decoding: UnsafeRawBufferPointer(start: base + start, count: offsets[index + 1] - start), as: UTF8.self)
        }
    }

    @Test func deltaLengthByteArraySpecExample() throws {
        // "Hello", "World", "Foobar", "ABCDEF": lengths 5 5 6 6 (first 5, relative deltas 0 1 0 at width 1), then the bytes.
        let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 1, 0, 0, 0, 0x02, 0, 0, 0] + Array("HelloWorldFoobarABCDEF".utf8)
        var offsets = [Int](repeating: 0, count: 5)
        let decoded = try bytes.withUnsafeBytes { buffer in
            let (start, consumed) = try offsets.withUnsafeMutableBufferPointer {
                try ByteArrays.deltaLengthOffsets(buffer, count: 4, scratch: ScratchBuffer(), into: $0.baseAddress!)
            }
            #expect(consumed == bytes.count)
            return strings(buffer.baseAddress! + start, offsets, count: 4)
        }
        #expect(decoded == ["Hello", "World", "Foobar", "ABCDEF"])
        // A length past the end of the data.
        let short = Array(bytes.dropLast(3))
        #expect(throws: DecodeError.self) {
            try short.withUnsafeBytes { buffer in
                try offsets.withUnsafeMutableBufferPointer { try ByteArrays.deltaLengthOffsets(buffer, count: 4, scratch: ScratchBuffer(), into: $0.baseAddress!) }
            }
        }
    }

    @Test func deltaByteArraySpecExample() throws {
        // "axis", "axle", "babble", "babyhood": prefix lengths 0 2 0 3, suffixes "axis" "le" "babble" "yhood".
        let prefixes: [UInt8] = [0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 3, 0, 0, 0, 0x44, 0x01] + [UInt8](repeating: 0, count: 10)
        let suffixLengths: [UInt8] = [0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 3, 0, 0, 0, 0x70] + [UInt8](repeating: 0, count: 11)
        let bytes = prefixes + suffixLengths + Array("axislebabbleyhood".utf8)
        let output = ScratchBuffer()
        var offsets = [Int](repeating: 0, count: 5)
        let base = try bytes.withUnsafeBytes { buffer in
            try offsets.withUnsafeMutableBufferPointer {
                try ByteArrays.deltaByteArray(buffer, count: 4, prefixes: ScratchBuffer(), lengths: ScratchBuffer(), into: output, offsets: $0.baseAddress!)
            }
        }
        #expect(strings(base, offsets, count: 4) == ["axis", "axle", "babble", "babyhood"])
        // A prefix longer than the value before it (first prefix 3 instead of 0) is refused.
        var corrupt = bytes
        corrupt[4] = 0x06
        #expect(throws: DecodeError.self) {
            try corrupt.withUnsafeBytes { buffer in
                try offsets.withUnsafeMutableBufferPointer {
                    try ByteArrays.deltaByteArray(buffer, count: 4, prefixes: ScratchBuffer(), lengths: ScratchBuffer(), into: output, offsets: $0.baseAddress!)
                }
            }
        }
    }

    @Test func byteStreamSplitFloats() throws {
        // 1.0f = 00 00 80 3F and 2.0f = 00 00 00 40 (little-endian): stream k holds byte k of each.
        let bytes: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3F, 0x40]
        var floats = [Float](repeating: 0, count: 2)
        try bytes.withUnsafeBytes { buffer in
            try floats.withUnsafeMutableBytes { try ByteStreamSplit.decode(buffer, width: 4, count: 2, into: $0.baseAddress!) }
        }
        #expect(floats == [1.0, 2.0])
        #expect(throws: DecodeError.self) {
            try bytes.withUnsafeBytes { buffer in
                try floats.withUnsafeMutableBytes { try ByteStreamSplit.decode(buffer, width: 4, count: 3, into: $0.baseAddress!) }
            }
        }
    }

    @Test func plainByteArraysAndBooleans() throws {
        // PLAIN byte arrays: u32 length then bytes; a length past the end is refused.
        let bytes: [UInt8] = [2, 0, 0, 0, 0x68, 0x69, 0, 0, 0, 0, 1, 0, 0, 0, 0x21]
        var offsets = [Int](repeating: 0, count: 4)
        let decoded = try bytes.withUnsafeBytes { buffer in
            let consumed = try offsets.withUnsafeMutableBufferPointer { try ByteArrays.plainOffsets(buffer, count: 3, into: $0.baseAddress!) }
            #expect(consumed == bytes.count)
            return strings(buffer.baseAddress!, offsets, count: 3, gap: 4)
        }
        #expect(decoded == ["hi", "", "!"])
        #expect(throws: DecodeError.self) {
            try [UInt8]([9, 0, 0, 0, 1]).withUnsafeBytes { buffer in
                try offsets.withUnsafeMutableBufferPointer { try ByteArrays.plainOffsets(buffer, count: 1, into: $0.baseAddress!) }
            }
        }
        // PLAIN booleans: one bit each, least significant first.
        var flags = [UInt8](repeating: 9, count: 10)
        try [UInt8]([0b0000_0101, 0b10]).withUnsafeBytes { buffer in
            try flags.withUnsafeMutableBufferPointer { try Booleans.unpackPlain(buffer, count: 10, into: $0.baseAddress!) }
        }
        #expect(flags == [1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    }
}
