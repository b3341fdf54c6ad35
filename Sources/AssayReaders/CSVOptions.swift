import AssayColumns
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a CSV file is read. Defaults follow what pandas and DuckDB users expect.
public struct CSVOptions: Sendable, Hashable {
    /// Field separator; nil detects one of `,` `;` tab `|` from the first lines.
    public var delimiter: UInt8?
    /// Unquoted fields equal to one of these are null. A quoted field is never null:
    /// `""` is an empty string, `"NA"` the two letters.
    public var nullTokens: [String]
    /// When false every column is a string column (like DuckDB's `all_varchar`).
    public var inferTypes: Bool
    /// Rows read to infer types; later rows widen a column when they disagree.
    public var sampleRowCount: Int
    /// Types fixed by the caller, by column name; they skip inference.
    public var columnTypes: [String: ColumnType]
    /// Bytes handed to one worker at a time (rounded out to whole records).
    public var chunkByteCount: Int

    public static let defaultNullTokens = ["", "NA", "N/A", "null", "NULL", "NaN"]
    public static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    /// A record (one row, all its fields) may not exceed this: it bounds memory when a quote
    /// is never closed. Large enough for a 100 MB field.
    public static let recordByteCountMax = 256 << 20
    /// Bounds the field-position table of one batch: wide files get fewer rows per batch.
    public static let fieldCountPerBatchMax = 1 << 20
    /// Bytes read to detect the delimiter.
    public static let dialectSampleByteCount = 64 << 10

    public init(
        delimiter: UInt8? = nil,
        nullTokens: [String] = CSVOptions.defaultNullTokens,
        inferTypes: Bool = true,
        sampleRowCount: Int = 20_480,
        columnTypes: [String: ColumnType] = [:],
        chunkByteCount: Int = 4 << 20
    ) {
        self.delimiter = delimiter
        self.nullTokens = nullTokens
        self.inferTypes = inferTypes
        self.sampleRowCount = sampleRowCount
        self.columnTypes = columnTypes
        self.chunkByteCount = chunkByteCount
    }
}

/// Null tokens, checked in the per-field hot loop: a bitmask of token lengths rejects most
/// fields at once; tokens of up to 8 bytes compare as one 64-bit word.
struct NullTokenTable: Sendable {
    /// Bit n set: some token has n bytes (n < 64).
    private let lengthMask: UInt64
    private let shortTokens: [(length: Int, word: UInt64)]
    private let longTokens: [[UInt8]]

    init(_ tokens: [String]) {
        var mask: UInt64 = 0
        var short: [(Int, UInt64)] = []
        var long: [[UInt8]] = []
        for token in tokens.map({ Array($0.utf8) }) {
            if token.count < 64 { mask |= 1 << UInt64(token.count) }
            if token.count <= 8 {
                short.append((token.count, token.withUnsafeBufferPointer { Self.word($0.baseAddress!, $0.count) }))
            } else {
                long.append(token)
            }
        }
        lengthMask = mask
        shortTokens = short
        longTokens = long
    }

    @inline(__always)
    private static func word(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<count { word |= UInt64(p[index]) << UInt64(8 * index) }
        return word
    }

    @inline(__always)
    func contains(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count < 64 {
            guard lengthMask & (1 << UInt64(count)) != 0 else { return false }
        }
        if count <= 8 {
            let word = Self.word(p, count)
            for token in shortTokens where token.length == count && token.word == word { return true }
            return false
        }
        for token in longTokens where token.count == count {
            if token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, count) == 0 }) { return true }
        }
        return false
    }
}
