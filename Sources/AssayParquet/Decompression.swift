import AssayReaders
import CBrotli
import CLZ4
import CSnappy
import CZlib
import CZstd

/// What went wrong while decoding a page; the column reader adds file, column, row group and page.
struct DecodeError: Error, Equatable {
    var code: ReaderError.Code
    var message: String

    init(_ message: String, code: ReaderError.Code = .parquet) {
        self.code = code
        self.message = message
    }
}

/// Page decompression. Every codec writes into a buffer of exactly the size the page header
/// announced (at most `Decompression.pageByteCountMax`), and a page that does not decompress to
/// exactly that size is an error: no codec can write past the buffer or leave part of it unset.
enum Decompression {
    /// The largest page Assay decompresses (1 GiB): a larger `uncompressed_page_size` is refused
    /// before any allocation. Parquet writers aim at pages of about 1 MiB.
    static let pageByteCountMax = 1 << 30

    /// Decompresses `input` into `output` (whose count is the expected size).
    static func decompress(_ codec: Codec, _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        if output.count == 0 {
            // Nothing to produce; a codec's empty frame or no bytes at all are both fine.
            return
        }
        guard let source = input.baseAddress, input.count > 0, let target = output.baseAddress else {
            throw DecodeError("a page of \(output.count) bytes has no compressed data", code: .compression)
        }
        switch codec {
        case .uncompressed:
            guard input.count == output.count else {
                throw DecodeError("an uncompressed page holds \(input.count) bytes, its header says \(output.count)")
            }
            target.copyMemory(from: source, byteCount: input.count)
        case .snappy:
            try snappy(source, input.count, target, output.count)
        case .gzip:
            try gzip(source, input.count, target, output.count)
        case .zstd:
            let written = ZSTD_decompress(target, output.count, source, input.count)
            if ZSTD_isError(written) != 0 {
                throw DecodeError("corrupt ZSTD data: \(String(cString: ZSTD_getErrorName(written)))", code: .compression)
            }
            try expectSize(written, output.count, "ZSTD")
        case .lz4Raw:
            try lz4Block(source, input.count, target, output.count)
        case .lz4:
            // Hadoop's framing first (what parquet-mr writes), then a bare LZ4 block (old parquet-cpp), as arrow does.
            if !hadoopLZ4(source, input.count, target, output.count) {
                try lz4Block(source, input.count, target, output.count)
            }
        case .brotli:
            var size = output.count
            let result = BrotliDecoderDecompress(input.count, source.assumingMemoryBound(to: UInt8.self), &size,
                                                 target.assumingMemoryBound(to: UInt8.self))
            guard result == BROTLI_DECODER_RESULT_SUCCESS else {
                throw DecodeError("corrupt Brotli data (or larger than its header says)", code: .compression)
            }
            try expectSize(size, output.count, "Brotli")
        case .lzo:
            throw DecodeError("the LZO codec is not supported; rewrite the file with SNAPPY, ZSTD or GZIP", code: .compression)
        }
    }

    private static func expectSize(_ written: Int, _ expected: Int, _ name: String) throws {
        guard written == expected else {
            throw DecodeError("\(name) data decompressed to \(written) bytes, the page header says \(expected)", code: .compression)
        }
    }

    private static func snappy(_ source: UnsafeRawPointer, _ count: Int, _ target: UnsafeMutableRawPointer, _ capacity: Int) throws {
        let input = source.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(input, count, &length) == SNAPPY_OK else {
            throw DecodeError("corrupt Snappy data", code: .compression)
        }
        try expectSize(length, capacity, "Snappy")
        var written = capacity
        guard snappy_uncompress(input, count, target.assumingMemoryBound(to: CChar.self), &written) == SNAPPY_OK else {
            throw DecodeError("corrupt Snappy data", code: .compression)
        }
        try expectSize(written, capacity, "Snappy")
    }

    /// Inflates every gzip member in turn (some writers emit several concatenated members).
    private static func gzip(_ source: UnsafeRawPointer, _ count: Int, _ target: UnsafeMutableRawPointer, _ capacity: Int) throws {
        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeError("zlib could not start", code: .compression)
        }
        defer { inflateEnd(&stream) }
        var consumed = 0
        var produced = 0
        var memberEnded = false
        while consumed < count {
            stream.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self) + consumed)
            stream.avail_in = UInt32(clamping: count - consumed)
            stream.next_out = target.assumingMemoryBound(to: Bytef.self) + produced
            stream.avail_out = UInt32(clamping: capacity - produced)
            let before = (stream.avail_in, stream.avail_out)
            let status = inflate(&stream, Z_NO_FLUSH)
            consumed += Int(before.0 - stream.avail_in)
            produced += Int(before.1 - stream.avail_out)
            memberEnded = status == Z_STREAM_END
            switch status {
            case Z_STREAM_END:
                guard inflateReset(&stream) == Z_OK else { throw DecodeError("zlib could not restart", code: .compression) }
            case Z_OK:
                if before == (stream.avail_in, stream.avail_out) {
                    throw DecodeError("the GZIP data ends early", code: .compression)
                }
            case Z_BUF_ERROR:
                throw DecodeError("the GZIP data ends early or is larger than its page header says", code: .compression)
            default:
                let text = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw DecodeError("corrupt GZIP data: \(text)", code: .compression)
            }
        }
        guard memberEnded else {
            throw DecodeError("the GZIP data ends early or is larger than its page header says", code: .compression)
        }
        try expectSize(produced, capacity, "GZIP")
    }

    private static func lz4Block(_ source: UnsafeRawPointer, _ count: Int, _ target: UnsafeMutableRawPointer, _ capacity: Int) throws {
        guard let inputCount = Int32(exactly: count), let outputCount = Int32(exactly: capacity) else {
            throw DecodeError("an LZ4 page is larger than 2 GiB", code: .compression)
        }
        let written = LZ4_decompress_safe(source.assumingMemoryBound(to: CChar.self), target.assumingMemoryBound(to: CChar.self), inputCount, outputCount)
        guard written >= 0 else { throw DecodeError("corrupt LZ4 data", code: .compression) }
        try expectSize(Int(written), capacity, "LZ4")
    }

    /// Hadoop's LZ4 framing: blocks of (big-endian u32 decompressed size, big-endian u32 compressed
    /// size, LZ4 block). False when the bytes do not follow it exactly.
    private static func hadoopLZ4(_ source: UnsafeRawPointer, _ count: Int, _ target: UnsafeMutableRawPointer, _ capacity: Int) -> Bool {
        var position = 0
        var produced = 0
        while position < count {
            guard count - position >= 8 else { return false }
            let blockOutput = Int(UInt32(bigEndian: source.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            let blockInput = Int(UInt32(bigEndian: source.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)))
            position += 8
            guard blockInput <= count - position, blockOutput <= capacity - produced,
                  let inputCount = Int32(exactly: blockInput), let outputCount = Int32(exactly: blockOutput) else { return false }
            let written = LZ4_decompress_safe((source + position).assumingMemoryBound(to: CChar.self),
                                              (target + produced).assumingMemoryBound(to: CChar.self), inputCount, outputCount)
            guard written == outputCount else { return false }
            position += blockInput
            produced += blockOutput
        }
        return produced == capacity
    }
}
