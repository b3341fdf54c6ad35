@testable import AssayParquet
import CBrotli
import CLZ4
import CSnappy
import CZlib
import CZstd
import Testing

/// Every codec round-trips data compressed here through its C library; a wrong size, truncated
/// or corrupt input is an error, never a partial page.
@Suite struct DecompressionTests {
    /// 64 KiB of text-like bytes with repeats, so every codec actually compresses.
    static let original: [UInt8] = (0..<65_536).map { index in UInt8(truncatingIfNeeded: (index * 7) % 251 + (index / 1000) % 3) }

    private func decompress(_ codec: Codec, _ input: [UInt8], size: Int = original.count) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        try input.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try Decompression.decompress(codec, input, into: $0) }
        }
        return output
    }

    private func snappy(_ data: [UInt8]) -> [UInt8] {
        var length = snappy_max_compressed_length(data.count)
        var out = [UInt8](repeating: 0, count: length)
        let status = data.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { snappy_compress(input.baseAddress!.assumingMemoryBound(to: CChar.self), data.count, $0.baseAddress!.assumingMemoryBound(to: CChar.self), &length) }
        }
        #expect(status == SNAPPY_OK)
        return Array(out.prefix(length))
    }

    private func gzip(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip header and trailer.
        #expect(deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 32)
        var input = data
        let produced = input.withUnsafeMutableBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                let status = deflate(&stream, Z_FINISH)
                #expect(status == Z_STREAM_END)
                return output.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(out.prefix(produced))
    }

    private func zstd(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(data.count))
        let written = data.withUnsafeBytes { input in out.withUnsafeMutableBytes { ZSTD_compress($0.baseAddress, $0.count, input.baseAddress, input.count, 3) } }
        #expect(ZSTD_isError(written) == 0)
        return Array(out.prefix(written))
    }

    private func lz4(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(LZ4_compressBound(Int32(data.count))))
        let written = data.withUnsafeBytes { input in
            out.withUnsafeMutableBytes {
                LZ4_compress_default(input.baseAddress!.assumingMemoryBound(to: CChar.self), $0.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(input.count), Int32($0.count))
            }
        }
        #expect(written > 0)
        return Array(out.prefix(Int(written)))
    }

    private func brotli(_ data: [UInt8]) -> [UInt8] {
        var size = BrotliEncoderMaxCompressedSize(data.count)
        var out = [UInt8](repeating: 0, count: size)
        let ok = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { BrotliEncoderCompress(5, 22, BROTLI_MODE_GENERIC, input.count, input.baseAddress, &size, $0.baseAddress) }
        }
        #expect(ok == BROTLI_TRUE)
        return Array(out.prefix(size))
    }

    private static func bigEndian(_ value: Int) -> [UInt8] {
        let word = UInt32(value)
        return [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
    }

    @Test func everyCodecRoundTrips() throws {
        let data = Self.original
        #expect(try decompress(.uncompressed, data) == data)
        #expect(try decompress(.snappy, snappy(data)) == data)
        #expect(try decompress(.gzip, gzip(data)) == data)
        #expect(try decompress(.zstd, zstd(data)) == data)
        #expect(try decompress(.lz4Raw, lz4(data)) == data)
        #expect(try decompress(.brotli, brotli(data)) == data)
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        let half = Self.original.count / 2
        let first = Array(Self.original[..<half])
        let second = Array(Self.original[half...])
        #expect(try decompress(.gzip, gzip(first) + gzip(second)) == Self.original)
    }

    @Test func legacyLZ4TriesHadoopFramingThenARawBlock() throws {
        // Hadoop framing: two blocks of (big-endian decompressed size, compressed size, LZ4 block).
        let half = Self.original.count / 2
        let first = lz4(Array(Self.original[..<half]))
        let second = lz4(Array(Self.original[half...]))
        let framed = Self.bigEndian(half) + Self.bigEndian(first.count) + first + Self.bigEndian(half) + Self.bigEndian(second.count) + second
        #expect(try decompress(.lz4, framed) == Self.original)
        // Without the framing: a bare block, as old parquet-cpp wrote.
        #expect(try decompress(.lz4, lz4(Self.original)) == Self.original)
    }

    @Test func wrongSizesAndCorruptDataAreErrors() throws {
        let data = Self.original
        // The page header claims one byte more than the data holds.
        for (codec, compressed) in [(Codec.snappy, snappy(data)), (.gzip, gzip(data)), (.zstd, zstd(data)), (.lz4Raw, lz4(data)), (.brotli, brotli(data))] {
            #expect(throws: DecodeError.self, "\(codec) too small") { _ = try decompress(codec, compressed, size: data.count + 1) }
            #expect(throws: DecodeError.self, "\(codec) too large") { _ = try decompress(codec, compressed, size: data.count - 1) }
            #expect(throws: DecodeError.self, "\(codec) truncated") { _ = try decompress(codec, Array(compressed.prefix(compressed.count / 2))) }
        }
        #expect(throws: DecodeError.self) { _ = try decompress(.snappy, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2]) }
        #expect(throws: DecodeError.self) { _ = try decompress(.lzo, [1, 2, 3], size: 3) }
        // An empty page needs no codec frame at all (DataPageV2 with no values).
        #expect(try decompress(.snappy, [], size: 0) == [])
    }
}
