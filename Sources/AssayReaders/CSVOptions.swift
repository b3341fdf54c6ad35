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

/// Null tokens by length, so a field is compared only with tokens of its own length.
struct NullTokenTable: Sendable {
    private let tokensByLength: [[[UInt8]]]

    init(_ tokens: [String]) {
        let encoded = tokens.map { Array($0.utf8) }
        let longest = encoded.map(\.count).max() ?? -1
        var table = [[[UInt8]]](repeating: [], count: longest + 1)
        for token in encoded { table[token.count].append(token) }
        tokensByLength = table
    }

    @inline(__always)
    func contains(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count < tokensByLength.count else { return false }
        for token in tokensByLength[count] where token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, count) == 0 }) {
            return true
        }
        return false
    }
}
