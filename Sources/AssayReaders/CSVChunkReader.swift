/// A run of whole records and the physical line its first byte is on.
struct CSVChunk: Sendable {
    var bytes: [UInt8]
    var firstLine: Int
}

/// Cuts a byte stream into chunks of whole records (never splitting a quoted newline), so
/// that chunks can be parsed independently. The partial record at a chunk's end is carried
/// into the next. Memory: one chunk plus one record, and a record is bounded by
/// `CSVOptions.recordByteCountMax`.
final class CSVChunkReader {
    private let stream: ByteStream
    private let dialect: CSVDialect
    private let chunkByteCount: Int
    private var carry: [UInt8] = []
    private var carryFirstLine: Int
    private var atEnd = false

    /// Starts reading at byte `skip` of the (decompressed) file, which lies on line `firstLine`.
    init(path: String, dialect: CSVDialect, chunkByteCount: Int, skip: Int, firstLine: Int) throws {
        stream = try ByteStream(path: path)
        self.dialect = dialect
        self.chunkByteCount = max(chunkByteCount, 1 << 12)
        carryFirstLine = firstLine
        if skip > 0 {
            var skipped = [UInt8](repeating: 0, count: skip)
            let got = try skipped.withUnsafeMutableBytes { buffer throws in try stream.read(into: buffer) }
            if got < skip { atEnd = true }
        }
    }

    var path: String { stream.path }

    /// The next chunk of whole records, or nil at the end of the file.
    func next() throws -> CSVChunk? {
        var want = chunkByteCount
        while true {
            if !atEnd {
                let old = carry.count
                carry.append(contentsOf: repeatElement(0, count: want))
                let got = try carry.withUnsafeMutableBytes { buffer throws in
                    try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[old...]))
                }
                carry.removeLast(want - got)
                if got < want { atEnd = true }
            }
            let (length, openQuote) = carry.withUnsafeBufferPointer { CSVTokenizer.completeRecords($0, dialect: dialect) }
            if atEnd {
                if let openQuote {
                    throw ReaderError(
                        .unterminatedQuote, file: path, line: line(at: openQuote),
                        message: "a quoted field is never closed (unterminated quote)",
                        hint: "close the quote, or double a quote inside a quoted field as \"\"")
                }
                guard !carry.isEmpty else { return nil }
                return take(carry.count)
            }
            if length > 0 { return take(length) }
            if carry.count > CSVOptions.recordByteCountMax {
                throw ReaderError(
                    .recordTooLarge, file: path, line: carryFirstLine,
                    message: "a record is longer than \(CSVOptions.recordByteCountMax >> 20) MiB",
                    hint: openQuote != nil ? "a quote opened on line \(line(at: openQuote!)) may never be closed" : "is this a CSV file?")
            }
            want *= 2
        }
    }

    private func take(_ length: Int) -> CSVChunk {
        let bytes = length == carry.count ? carry : Array(carry[0..<length])
        carry = length == carry.count ? [] : Array(carry[length...])
        let chunk = CSVChunk(bytes: bytes, firstLine: carryFirstLine)
        carryFirstLine += bytes.withUnsafeBufferPointer { CSVTokenizer.countNewlines($0) }
        return chunk
    }

    private func line(at offset: Int) -> Int {
        carryFirstLine + carry.withUnsafeBufferPointer { CSVTokenizer.countNewlines(UnsafeBufferPointer(rebasing: $0[0..<offset])) }
    }
}
