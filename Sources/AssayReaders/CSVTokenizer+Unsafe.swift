import CCSVScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The delimiter and quote of a CSV file (RFC 4180: a quote opens a field only at its start,
/// and a doubled quote inside a quoted field stands for one quote).
struct CSVDialect: Sendable, Hashable {
    var delimiter: UInt8
    var quote: UInt8 = UInt8(ascii: "\"")
}

/// Where each field of up to `rowCapacity` records lies in a chunk, row-major.
///
/// Positions are byte offsets into the chunk; bit 31 of a start marks a quoted field, bit 31
/// of an end a quoted field holding doubled quotes (to be unescaped). Chunks stay under 2 GiB
/// (`CSVOptions.recordByteCountMax` bounds their growth), so 31 bits suffice.
struct FieldTable {
    static let flag: UInt32 = 1 << 31
    static let offsetMask: UInt32 = ~flag

    let columnCount: Int
    let rowCapacity: Int
    var starts: [UInt32]
    var ends: [UInt32]
    /// Offset of each record's first byte, for error messages.
    var recordOffsets: [Int]
    var rowCount = 0

    init(columnCount: Int, rowCapacity: Int) {
        self.columnCount = columnCount
        self.rowCapacity = rowCapacity
        starts = [UInt32](repeating: 0, count: columnCount * rowCapacity)
        ends = [UInt32](repeating: 0, count: columnCount * rowCapacity)
        recordOffsets = [Int](repeating: 0, count: rowCapacity)
    }
}

/// A structural error at a byte offset of a chunk; the reader turns it into a `ReaderError` with a line.
enum TokenizeError: Error {
    case ragged(recordOffset: Int, fieldCount: Int)
    case textAfterClosingQuote(offset: Int, column: Int)
    case unterminatedQuote(offset: Int)
}

enum CSVTokenizer {
    /// Splits records starting at `offset` into `table` until it is full or the chunk ends.
    /// Blank lines are skipped. Returns the offset after the last record read.
    static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, dialect: CSVDialect, into table: inout FieldTable
    ) throws -> Int {
        guard let p = bytes.baseAddress else { table.rowCount = 0; return offset }
        let end = bytes.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let columnCount = table.columnCount
        let delimiterWord = UInt64(delimiter) &* 0x0101_0101_0101_0101
        let newlineWord = UInt64(newline) &* 0x0101_0101_0101_0101
        var pos = offset
        var row = 0
        var failure: TokenizeError?
        let rowCapacity = table.rowCapacity
        table.starts.withUnsafeMutableBufferPointer { starts in
            table.ends.withUnsafeMutableBufferPointer { ends in
                records: while row < rowCapacity, pos < end {
                    // Runs of records without quotes go through the SIMD fast path; this loop
                    // takes the record it stops at (a quote, a ragged row, a last line without
                    // a line break), then hands back.
                    var stop = pos
                    let added = table.recordOffsets.withUnsafeMutableBufferPointer { offsets in
                        offsets.withMemoryRebound(to: Int64.self) { offsets in
                            assay_csv_split_plain(p, end, pos, delimiter, quote, columnCount, starts.baseAddress, ends.baseAddress,
                                                  offsets.baseAddress, row, rowCapacity, &stop)
                        }
                    }
                    row += added
                    pos = stop
                    if row >= rowCapacity || pos >= end { break records }
                    if p[pos] == newline { pos += 1; continue }
                    if p[pos] == carriageReturn, pos + 1 < end, p[pos + 1] == newline { pos += 2; continue }
                    let recordOffset = pos
                    let base = row * columnCount
                    var column = 0
                    while true {
                        var start = pos
                        var fieldEnd: Int
                        var startFlag: UInt32 = 0
                        var endFlag: UInt32 = 0
                        if pos < end, p[pos] == quote {
                            startFlag = FieldTable.flag
                            start = pos + 1
                            var search = start
                            while true {
                                guard search < end,
                                      let found = memchr(p + search, Int32(quote), end - search) else {
                                    failure = .unterminatedQuote(offset: pos)
                                    break records
                                }
                                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - p
                                if at + 1 < end, p[at + 1] == quote {
                                    endFlag = FieldTable.flag
                                    search = at + 2
                                    continue
                                }
                                fieldEnd = at
                                pos = at + 1
                                break
                            }
                            if pos < end, p[pos] != delimiter, p[pos] != newline {
                                if p[pos] == carriageReturn, pos + 1 == end || p[pos + 1] == newline {
                                    pos += 1
                                } else {
                                    failure = .textAfterClosingQuote(offset: pos, column: column)
                                    break records
                                }
                            }
                        } else {
                            // Eight bytes at a time: the first delimiter or line break in a word
                            // is its lowest "zero byte" after xor (exact SWAR test), else go on.
                            while pos + 8 <= end {
                                let word = UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self)
                                let stops = zeroBytes(word ^ delimiterWord) | zeroBytes(word ^ newlineWord)
                                if stops != 0 {
                                    pos += stops.trailingZeroBitCount >> 3
                                    break
                                }
                                pos += 8
                            }
                            if pos + 8 > end {
                                while pos < end {
                                    let byte = p[pos]
                                    if byte == delimiter || byte == newline { break }
                                    pos += 1
                                }
                            }
                            fieldEnd = pos
                            if fieldEnd > start, p[fieldEnd - 1] == carriageReturn, pos == end || p[pos] == newline {
                                fieldEnd -= 1
                            }
                        }
                        if column < columnCount {
                            starts[base + column] = UInt32(truncatingIfNeeded: start) | startFlag
                            ends[base + column] = UInt32(truncatingIfNeeded: fieldEnd) | endFlag
                        }
                        column += 1
                        if pos >= end || p[pos] == newline {
                            pos += 1
                            break
                        }
                        pos += 1
                    }
                    guard column == columnCount else {
                        failure = .ragged(recordOffset: recordOffset, fieldCount: column)
                        break records
                    }
                    table.recordOffsets[row] = recordOffset
                    row += 1
                }
            }
        }
        table.rowCount = row
        if let failure { throw failure }
        return min(pos, end)
    }

    /// 0x80 in each byte of `word` that is zero, 0 elsewhere (exact: no false positives, unlike
    /// the shorter `(x - 0x01…) & ~x & 0x80…` form, which flags a 0x01 byte after a zero byte).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// The length of the prefix of `bytes` that holds only whole records, and whether the
    /// bytes end inside a quoted field (with the offset of its opening quote).
    ///
    /// `bytes` must start at a record start. Follows the tokenizer's quoting rules (a quote
    /// opens a field only right after a delimiter or a line break) but jumps from quote to quote
    /// with `memchr`, looking for line breaks only backwards from each quoted field, so the cost
    /// is near a memchr over the chunk rather than a byte loop.
    static func completeRecords(_ bytes: UnsafeBufferPointer<UInt8>, dialect: CSVDialect)
        -> (length: Int, openQuoteOffset: Int?) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return (0, nil) }
        let count = bytes.count
        let quote = dialect.quote
        let newline = UInt8(ascii: "\n")
        func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < count, let found = memchr(p + start, Int32(byte), count - start) else { return nil }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - p
        }
        /// The end of the last record that ends in `start..<end`, if one does.
        func lastRecordEnd(from start: Int, before end: Int) -> Int? {
            var index = end - 1
            while index >= start {
                if p[index] == newline { return index + 1 }
                index -= 1
            }
            return nil
        }
        var length = 0
        var searched = 0
        var position = 0
        while true {
            guard let open = find(quote, from: position) else {
                if let end = lastRecordEnd(from: searched, before: count) { length = end }
                return (length, nil)
            }
            guard open == 0 || p[open - 1] == dialect.delimiter || p[open - 1] == newline else {
                position = open + 1
                continue
            }
            if let end = lastRecordEnd(from: searched, before: open) { length = end }
            var search = open + 1
            while true {
                guard let close = find(quote, from: search) else { return (length, open) }
                if close + 1 < count, p[close + 1] == quote {
                    search = close + 2
                    continue
                }
                position = close + 1
                searched = close + 1
                break
            }
        }
    }

    /// Number of `\n` bytes, eight at a time (SWAR zero-byte test; exact, no false positives).
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var total = 0
        var index = 0
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let pattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while index + 8 <= count {
            let word = UnsafeRawPointer(p + index).loadUnaligned(as: UInt64.self) ^ pattern
            let zeroBytes = ~(((word & low7) &+ low7) | word | low7)
            total += zeroBytes.nonzeroBitCount
            index += 8
        }
        while index < count {
            if p[index] == UInt8(ascii: "\n") { total += 1 }
            index += 1
        }
        return total
    }

    /// Picks the candidate delimiter that splits the sample's first lines into the same number
    /// (> 1) of fields on every line, preferring more fields; `,` when none does.
    static func detectDelimiter(_ sample: UnsafeBufferPointer<UInt8>, isWholeFile: Bool) -> UInt8 {
        var best: (delimiter: UInt8, fields: Int)?
        for candidate in CSVOptions.candidateDelimiters {
            let counts = fieldCountsPerLine(sample, delimiter: candidate, isWholeFile: isWholeFile)
            guard let first = counts.first, first > 1, counts.allSatisfy({ $0 == first }) else { continue }
            if best == nil || first > best!.fields { best = (candidate, first) }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }

    private static func fieldCountsPerLine(_ sample: UnsafeBufferPointer<UInt8>, delimiter: UInt8, isWholeFile: Bool) -> [Int] {
        var counts: [Int] = []
        var fields = 1
        var inQuotes = false
        var lineHasBytes = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { lineHasBytes = true; continue }
            if byte == UInt8(ascii: "\n") {
                if lineHasBytes { counts.append(fields) }
                fields = 1
                lineHasBytes = false
                if counts.count == 20 { return counts }
            } else if byte != UInt8(ascii: "\r") {
                lineHasBytes = true
                if byte == delimiter { fields += 1 }
            }
        }
        if isWholeFile, lineHasBytes, !inQuotes { counts.append(fields) }
        return counts
    }
}
