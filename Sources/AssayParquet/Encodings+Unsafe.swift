/// Parquet's value encodings (parquet-format `Encodings.md`) over raw page bytes.
///
/// Every decoder reads only inside the buffer it is given: lengths and counts from the data are
/// checked against the bytes left before use, and a stream that ends early throws `DecodeError`.
/// Arithmetic on values (deltas) wraps, as the format specifies; arithmetic on sizes is checked.

/// Little-endian bit unpacking, least significant bit first (the RLE/bit-packed hybrid and
/// DELTA_BINARY_PACKED order).
enum BitUnpacking {
    /// Unpacks `count` values of `bitWidth` (0...64) bits starting at bit `bitOffset` of `source`,
    /// which holds `byteCount` readable bytes; the caller checked that the values fit in them.
    @inline(__always)
    static func unpack(
        _ source: UnsafePointer<UInt8>, byteCount: Int, bitOffset: Int, bitWidth: Int, count: Int,
        into output: UnsafeMutablePointer<UInt64>
    ) {
        assert(bitWidth >= 0 && bitWidth <= 64)
        assert((bitOffset + count * bitWidth + 7) / 8 <= byteCount, "values run past the bytes")
        if bitWidth == 0 {
            output.initialize(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        // Whole groups of 8 while an 8-byte load (plus one spill byte for wide values) stays inside.
        var index = 0
        var bit = bitOffset
        let fastEnd = byteCount - 9
        while index + 8 <= count, (bit + 8 * bitWidth) >> 3 <= fastEnd {
            for lane in 0..<8 {
                let byte = bit >> 3
                let shift = UInt64(bit & 7)
                // SAFETY: byte + 9 <= byteCount (loop condition), so the load and the spill byte are inside.
                var value = UnsafeRawPointer(source + byte).loadUnaligned(as: UInt64.self).littleEndian >> shift
                if shift + UInt64(bitWidth) > 64 { value |= UInt64(source[byte + 8]) << (64 - shift) }
                output[index + lane] = value & mask
                bit += bitWidth
            }
            index += 8
        }
        while index < count {
            output[index] = slowValue(source, byteCount: byteCount, bit: bit, bitWidth: bitWidth)
            bit += bitWidth
            index += 1
        }
    }

    /// One value assembled byte by byte (the tail of a buffer).
    @inline(never)
    static func slowValue(_ source: UnsafePointer<UInt8>, byteCount: Int, bit: Int, bitWidth: Int) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        var position = bit
        while taken < bitWidth {
            let byte = position >> 3
            let shift = position & 7
            let available = min(8 - shift, bitWidth - taken)
            let bits = (UInt64(source[byte]) >> UInt64(shift)) & ((1 << UInt64(available)) - 1)
            value |= bits << UInt64(taken)
            taken += available
            position += available
        }
        return value
    }
}

/// The RLE / bit-packed hybrid (levels, dictionary indices, RLE booleans), decoded as a stream.
struct HybridDecoder {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    let bitWidth: Int
    // The current run.
    private var isRepeat = true
    private var remaining = 0
    private var repeatedValue: UInt64 = 0
    private var packedBit = 0
    private var packedBytes = 0
    private var packedStart = 0

    /// `bytes` is the encoded stream (without the 4-byte length that levels carry in v1 pages).
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard bitWidth >= 0, bitWidth <= 32 else { throw DecodeError("bit width \(bitWidth) is above 32 (corrupt page)") }
        // An empty buffer has no base address; any valid pointer works since nothing is read.
        base = (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!).assumingMemoryBound(to: UInt8.self)
        end = bytes.count
        self.bitWidth = bitWidth
    }

    /// Bytes consumed so far (up to the end of the current run).
    var consumed: Int { position }

    private mutating func nextRun() throws {
        var header: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw DecodeError("RLE/bit-packed data ends early") }
            let byte = base[position]
            position += 1
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw DecodeError("an RLE run header is longer than 64 bits") }
            header |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        let count = header >> 1
        if header & 1 == 0 {
            isRepeat = true
            remaining = Int(clamping: count)
            let width = (bitWidth + 7) / 8
            guard end - position >= width else { throw DecodeError("RLE data ends inside a repeated value") }
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(base[position + index]) << UInt64(8 * index) }
            position += width
            repeatedValue = value
        } else {
            isRepeat = false
            // Groups of 8 values take bitWidth bytes each; a last run cut short by the page end
            // is read as far as its bytes go.
            let groups = Int(clamping: count)
            let (wanted, overflow) = groups.multipliedReportingOverflow(by: bitWidth)
            let bytes = overflow ? end - position : min(wanted, end - position)
            let values: Int
            if bitWidth == 0 {
                let (product, tooMany) = groups.multipliedReportingOverflow(by: 8)
                values = tooMany ? Int.max : product
            } else {
                values = bytes * 8 / bitWidth
            }
            packedStart = position
            packedBytes = bytes
            packedBit = 0
            remaining = values
            position += bytes
        }
    }

    /// Decodes exactly `count` values into `output`, converting each with `T(truncatingIfNeeded:)`.
    mutating func decode<T: FixedWidthInteger>(_ count: Int, into output: UnsafeMutablePointer<T>) throws {
        var done = 0
        while done < count {
            if remaining == 0 {
                try nextRun()
                continue
            }
            let take = min(remaining, count - done)
            if isRepeat {
                (output + done).initialize(repeating: T(truncatingIfNeeded: repeatedValue), count: take)
            } else {
                unpackRun(take, into: output + done)
            }
            remaining -= take
            done += take
        }
    }

    /// Skips `count` values.
    mutating func skip(_ count: Int) throws {
        var done = 0
        while done < count {
            if remaining == 0 {
                try nextRun()
                continue
            }
            let take = min(remaining, count - done)
            if !isRepeat { packedBit += take * bitWidth }
            remaining -= take
            done += take
        }
    }

    private mutating func unpackRun<T: FixedWidthInteger>(_ count: Int, into output: UnsafeMutablePointer<T>) {
        let source = base + packedStart
        let byteCount = packedBytes
        let bitWidth = bitWidth
        var bit = packedBit
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.unpackChunk) { lanes in
            // SAFETY: the allocation holds unpackChunk values and every call unpacks at most that many.
            let lanes = lanes.baseAddress!
            var done = 0
            while done < count {
                let take = min(Self.unpackChunk, count - done)
                BitUnpacking.unpack(source, byteCount: byteCount, bitOffset: bit, bitWidth: bitWidth, count: take, into: lanes)
                for lane in 0..<take { output[done + lane] = T(truncatingIfNeeded: lanes[lane]) }
                bit += take * bitWidth
                done += take
            }
        }
        packedBit = bit
    }

    private static let unpackChunk = 64
}

/// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value),
/// then blocks of (min delta, one bit width per miniblock, bit-packed miniblocks).
enum DeltaBinaryPacked {
    /// Blocks larger than this are refused (writers use 128).
    static let blockValueCountMax = 1 << 16

    /// Decodes the values into `output` as `width`-byte little-endian integers (4 for INT32, 8 for
    /// INT64; INT32 wraps modulo 2³², as the format says). `valueCountMax` bounds the header's count.
    /// Returns the value count and the bytes consumed.
    static func decode(
        _ input: UnsafeRawBufferPointer, width: Int, valueCountMax: Int, into output: ScratchBuffer
    ) throws -> (count: Int, consumed: Int) {
        precondition(width == 4 || width == 8)
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw DecodeError("DELTA_BINARY_PACKED data is empty")
        }
        var reader = VarintReader(base: base, count: input.count)
        let blockSize = try reader.unsigned()
        let miniblockCount = try reader.unsigned()
        let totalCount = try reader.unsigned()
        let first = try reader.zigzag()
        guard blockSize > 0, blockSize <= UInt64(blockValueCountMax), blockSize % 128 == 0,
              miniblockCount > 0, blockSize % miniblockCount == 0, (blockSize / miniblockCount) % 32 == 0 else {
            throw DecodeError("DELTA_BINARY_PACKED header is invalid (block size \(blockSize), \(miniblockCount) miniblocks)")
        }
        guard totalCount <= UInt64(valueCountMax) else {
            throw DecodeError("DELTA_BINARY_PACKED holds \(totalCount) values, the page only \(valueCountMax)")
        }
        let count = Int(totalCount)
        let miniblocks = Int(miniblockCount)
        let perMiniblock = Int(blockSize) / miniblocks
        let out = output.reserve(max(count, 1) * width)
        var deltas = [UInt64](repeating: 0, count: perMiniblock)
        var previous = UInt64(bitPattern: first)
        func store(_ value: UInt64, at index: Int) {
            if width == 8 {
                out.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: UInt64.self)
            } else {
                out.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        if count > 0 { store(previous, at: 0) }
        var done = min(count, 1)
        var bitWidths = [Int](repeating: 0, count: miniblocks)
        while done < count {
            let minDelta = UInt64(bitPattern: try reader.zigzag())
            guard reader.remaining >= miniblocks else { throw DecodeError("DELTA_BINARY_PACKED data ends in a block header") }
            for index in 0..<miniblocks {
                bitWidths[index] = Int(base[reader.position + index])
                guard bitWidths[index] <= 64 else { throw DecodeError("DELTA_BINARY_PACKED bit width \(bitWidths[index]) is above 64") }
            }
            reader.position += miniblocks
            for miniblock in 0..<miniblocks where done < count {
                let bitWidth = bitWidths[miniblock]
                let take = min(perMiniblock, count - done)
                // A miniblock takes perMiniblock × bitWidth bits; the last one may be cut short.
                let fullBytes = perMiniblock * bitWidth / 8
                let neededBytes = (take * bitWidth + 7) / 8
                guard reader.remaining >= neededBytes else { throw DecodeError("DELTA_BINARY_PACKED data ends inside a miniblock") }
                deltas.withUnsafeMutableBufferPointer { buffer in
                    BitUnpacking.unpack(base + reader.position, byteCount: min(fullBytes, reader.remaining), bitOffset: 0,
                                        bitWidth: bitWidth, count: take, into: buffer.baseAddress!)
                }
                for index in 0..<take {
                    previous = previous &+ minDelta &+ deltas[index]
                    store(previous, at: done + index)
                }
                reader.position += min(fullBytes, reader.remaining)
                done += take
            }
        }
        return (count, reader.position)
    }
}

/// Unsigned LEB128 and zigzag varints inside a bounded buffer.
struct VarintReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    var position = 0

    var remaining: Int { count - position }

    mutating func unsigned() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < count else { throw DecodeError("a varint runs past the end of the page") }
            let byte = base[position]
            position += 1
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw DecodeError("a varint is longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzag() throws -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}

/// Byte arrays as spans into one buffer: value `i` is `base[offsets[i] + gap ..< offsets[i + 1]]`.
/// PLAIN keeps its 4-byte length prefixes in place (gap 4); the delta encodings are contiguous (gap 0).
enum ByteArrays {
    /// PLAIN: `count` values of (u32 length, bytes). Writes `count + 1` offsets; returns bytes consumed.
    static func plainOffsets(_ input: UnsafeRawBufferPointer, count: Int, into offsets: UnsafeMutablePointer<Int>) throws -> Int {
        var position = 0
        let size = input.count
        for index in 0..<count {
            guard size - position >= 4, let base = input.baseAddress else { throw DecodeError("PLAIN byte array data ends early (value \(index + 1) of \(count))") }
            let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            guard length <= size - position - 4 else {
                throw DecodeError("a PLAIN byte array of \(length) bytes runs past the end of the page")
            }
            offsets[index] = position
            position += 4 + length
        }
        offsets[count] = position
        return position
    }

    /// DELTA_LENGTH_BYTE_ARRAY: DELTA_BINARY_PACKED lengths, then the bytes. Offsets are relative to
    /// the returned `dataStart`. Returns (data start, bytes consumed).
    static func deltaLengthOffsets(
        _ input: UnsafeRawBufferPointer, count: Int, scratch: ScratchBuffer, into offsets: UnsafeMutablePointer<Int>
    ) throws -> (dataStart: Int, consumed: Int) {
        let (lengthCount, consumed) = try DeltaBinaryPacked.decode(input, width: 8, valueCountMax: count, into: scratch)
        guard lengthCount == count else { throw DecodeError("DELTA_LENGTH_BYTE_ARRAY has \(lengthCount) lengths for \(count) values") }
        let available = input.count - consumed
        var total = 0
        offsets[0] = 0
        for index in 0..<count {
            let length = Int64(littleEndian: scratch.pointer.load(fromByteOffset: index * 8, as: Int64.self))
            guard length >= 0, length <= Int64(available - total) else {
                throw DecodeError("a DELTA_LENGTH_BYTE_ARRAY length (\(length)) is negative or runs past the end of the page")
            }
            total += Int(length)
            offsets[index + 1] = total
        }
        return (consumed, consumed + total)
    }

    /// DELTA_BYTE_ARRAY: prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY; value i is the
    /// first prefix[i] bytes of value i-1 followed by suffix i.
    /// Writes the values to `output` and `count + 1` offsets into it; returns `output`'s base
    /// (valid until `output` grows again). `prefixes` and `lengths` are scratch space.
    static func deltaByteArray(
        _ data: UnsafeRawBufferPointer, count: Int, prefixes prefixScratch: ScratchBuffer, lengths: ScratchBuffer,
        into output: ScratchBuffer, offsets: UnsafeMutablePointer<Int>
    ) throws -> UnsafeRawPointer {
        let (prefixCount, consumed) = try DeltaBinaryPacked.decode(data, width: 8, valueCountMax: count, into: prefixScratch)
        guard prefixCount == count else { throw DecodeError("DELTA_BYTE_ARRAY has \(prefixCount) prefix lengths for \(count) values") }
        let rest = UnsafeRawBufferPointer(rebasing: data[consumed...])
        let (suffixStart, _) = try deltaLengthOffsets(rest, count: count, scratch: lengths, into: offsets)
        guard let suffixes = rest.baseAddress.map({ ($0 + suffixStart).assumingMemoryBound(to: UInt8.self) }) else {
            throw DecodeError("DELTA_BYTE_ARRAY data is empty")
        }
        var total = 0
        var previousStart = 0
        var previousLength = 0
        var suffixFrom = offsets[0]
        var out = output.reserve(max(rest.count, 64))
        offsets[0] = 0
        for index in 0..<count {
            let prefix = Int64(littleEndian: prefixScratch.pointer.load(fromByteOffset: index * 8, as: Int64.self))
            guard prefix >= 0, prefix <= Int64(previousLength) else {
                throw DecodeError("a DELTA_BYTE_ARRAY prefix length (\(prefix)) is negative or longer than the previous value")
            }
            let suffixTo = offsets[index + 1]
            let suffixLength = suffixTo - suffixFrom
            let length = Int(prefix) + suffixLength
            guard length <= Decompression.pageByteCountMax - total else {
                throw DecodeError("DELTA_BYTE_ARRAY values decode to more than \(Decompression.pageByteCountMax) bytes")
            }
            if total + length > output.capacity { out = output.grow(to: total + length, keeping: total) }
            let target = out.assumingMemoryBound(to: UInt8.self)
            // The prefix comes from the previous value, already in the output.
            (target + total).update(from: target + previousStart, count: Int(prefix))
            (target + total + Int(prefix)).initialize(from: suffixes + suffixFrom, count: suffixLength)
            previousStart = total
            previousLength = length
            total += length
            offsets[index + 1] = total
            suffixFrom = suffixTo
        }
        return UnsafeRawPointer(out)
    }
}

/// BYTE_STREAM_SPLIT: byte k of every value is in stream k; streams follow each other.
enum ByteStreamSplit {
    static func decode(_ input: UnsafeRawBufferPointer, width: Int, count: Int, into output: UnsafeMutableRawPointer) throws {
        let (needed, overflow) = width.multipliedReportingOverflow(by: count)
        guard !overflow, input.count >= needed else {
            throw DecodeError("BYTE_STREAM_SPLIT data holds \(input.count) bytes, \(count) values of \(width) bytes need more")
        }
        guard count > 0, let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let target = output.assumingMemoryBound(to: UInt8.self)
        for stream in 0..<width {
            let from = source + stream * count
            var index = 0
            while index < count {
                target[index * width + stream] = from[index]
                index += 1
            }
        }
    }
}

/// Booleans: PLAIN is one bit per value, least significant first.
enum Booleans {
    static func unpackPlain(_ input: UnsafeRawBufferPointer, count: Int, into output: UnsafeMutablePointer<UInt8>) throws {
        guard input.count * 8 >= count else { throw DecodeError("PLAIN boolean data ends early") }
        guard count > 0, let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        for index in 0..<count { output[index] = (source[index >> 3] >> UInt8(index & 7)) & 1 }
    }
}
