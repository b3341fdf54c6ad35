/// A run of whole records and where its first byte lies in the (decompressed) file.
/// `storage` may hold more bytes after the records (the start of the next chunk, which owns a
/// copy of them): handing over the read buffer saves copying every chunk once.
struct CSVChunk: Sendable {
    var storage: [UInt8]
    var count: Int
    var fileOffset: Int
    /// The chunk's place in the file: 0, 1, 2, …
    var sequence: Int

    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }
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
    private var carryFileOffset: Int
    private var chunksTaken = 0
    private var atEnd = false

    /// Starts reading at byte `skip` of the (decompressed) file.
    init(path: String, dialect: CSVDialect, chunkByteCount: Int, skip: Int) throws {
        stream = try ByteStream(path: path)
        self.dialect = dialect
        self.chunkByteCount = max(chunkByteCount, 1 << 12)
        carryFileOffset = skip
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
                // Grow without zero-filling: the stream writes the new bytes.
                let old = carry.count
                var got = 0
                var failure: ReaderError?
                var grown = [UInt8](unsafeUninitializedCapacity: old + want) { buffer, initialized in
                    initialized = 0
                    do {
                        got = try stream.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[old...])))
                    } catch {
                        failure = error as? ReaderError
                            ?? ReaderError(.ioError, file: stream.path, message: "read failed: \(error)")
                        return
                    }
                    // SAFETY: bytes old..<old+got were written by read(); 0..<old are copied next.
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<old]).initialize(from: carry)
                    initialized = old + got
                }
                if let failure { throw failure }
                if got < want { atEnd = true }
                swap(&carry, &grown)
            }
            let (length, openQuote) = carry.withUnsafeBufferPointer { CSVTokenizer.completeRecords($0, dialect: dialect) }
            if atEnd {
                if let openQuote {
                    throw ReaderError(
                        .unterminatedQuote, file: path, line: CSVLines.line(atFileOffset: carryFileOffset + openQuote, path: path),
                        message: "a quoted field is never closed (unterminated quote)",
                        hint: "close the quote, or double a quote inside a quoted field as \"\"")
                }
                guard !carry.isEmpty else { return nil }
                return take(carry.count)
            }
            if length > 0 { return take(length) }
            // No record ends within `carry`: the record is longer than it. Growth is capped at the
            // limit, so a longer record is refused at the limit rather than up to twice past it.
            if carry.count >= CSVOptions.recordByteCountMax {
                throw ReaderError(
                    .recordTooLarge, file: path, line: CSVLines.line(atFileOffset: carryFileOffset, path: path),
                    message: "a record is longer than \(CSVOptions.recordByteCountMax >> 20) MiB",
                    hint: openQuote.map { "a quote opened on line \(CSVLines.line(atFileOffset: carryFileOffset + $0, path: path)) may never be closed" }
                        ?? "is this a CSV file?")
            }
            want = min(want * 2, CSVOptions.recordByteCountMax - carry.count)
        }
    }

    private func take(_ length: Int) -> CSVChunk {
        let rest = length == carry.count ? [] : Array(carry[length...])
        let chunk = CSVChunk(storage: carry, count: length, fileOffset: carryFileOffset, sequence: chunksTaken)
        chunksTaken += 1
        carry = rest
        carryFileOffset += length
        return chunk
    }
}

/// Line numbers for messages. Chunks know their byte offset, not their line: counting lines on
/// the hot path would serialise the reader, so an error pays for a second read instead.
enum CSVLines {
    /// The 1-based physical line holding byte `offset` of the decompressed file.
    static func line(atFileOffset offset: Int, path: String) -> Int {
        guard let stream = try? ByteStream(path: path) else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var remaining = offset
        var newlines = 0
        while remaining > 0 {
            let want = min(remaining, buffer.count)
            guard let got = try? buffer.withUnsafeMutableBytes({ try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }),
                  got > 0 else { break }
            newlines += buffer.withUnsafeBufferPointer { CSVTokenizer.countNewlines(UnsafeBufferPointer(rebasing: $0[0..<got])) }
            remaining -= got
        }
        return newlines + 1
    }
}
