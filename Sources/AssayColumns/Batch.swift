#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A horizontal slice of a table: one `Column` per schema field, all of `rowCount` rows.
///
/// Readers never produce a batch of more than `Batch.rowCountMax` rows, so memory is bounded
/// by the batch size (times the number of batches in flight), not by the size of the source.
public struct Batch: Sendable {
    /// The upper bound on rows in one batch. 64 Ki rows keeps a 16-column batch of numbers
    /// at about 8 MiB: big enough to amortise per-batch work, small enough for the cache hierarchy.
    public static let rowCountMax = 65_536

    public let schema: Schema
    public let columns: [Column]
    public let rowCount: Int
    /// Where the batch stands in the source: batches of a source compare by ordinal in source
    /// order. Row numbers are resolved after a pass (`RowNumbering`), because parallel readers
    /// do not know how many rows came before a chunk while they parse it.
    public let ordinal: BatchOrdinal
    /// Work on this batch that several metrics would otherwise repeat, done once.
    public let memo = BatchMemo()

    /// `rowCount` is needed only when there are no columns (a table whose every column was left
    /// out still has rows); with columns it must equal theirs.
    public init(schema: Schema, columns: [Column], rowCount: Int? = nil, ordinal: BatchOrdinal = BatchOrdinal(chunk: 0, part: 0)) {
        precondition(schema.count == columns.count, "one column per schema field")
        precondition(columns.isEmpty || rowCount == nil || rowCount == columns[0].count, "the row count is the columns'")
        let rowCount = columns.first?.count ?? rowCount ?? 0
        precondition(rowCount >= 0, "a batch has no negative row count")
        precondition(columns.allSatisfy { $0.count == rowCount }, "all columns have the same row count")
        precondition(zip(schema.fields, columns).allSatisfy { $0.type == $1.type }, "column types match the schema")
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
        self.ordinal = ordinal
    }
}

/// A batch's place in its source: the reader's chunk (in source order) and the batch within it.
public struct BatchOrdinal: Hashable, Comparable, Sendable, Codable {
    public var chunk: Int
    public var part: Int

    public init(chunk: Int, part: Int) {
        self.chunk = chunk
        self.part = part
    }

    public static func < (lhs: BatchOrdinal, rhs: BatchOrdinal) -> Bool { (lhs.chunk, lhs.part) < (rhs.chunk, rhs.part) }
}

/// A row of a source before row numbers are known: its batch and its index in the batch.
public struct RowPosition: Hashable, Comparable, Sendable, Codable {
    public var ordinal: BatchOrdinal
    public var row: Int

    public init(ordinal: BatchOrdinal, row: Int) {
        self.ordinal = ordinal
        self.row = row
    }

    public static func < (lhs: RowPosition, rhs: RowPosition) -> Bool { (lhs.ordinal, lhs.row) < (rhs.ordinal, rhs.row) }
}

/// Row numbers (0-based, in source order) from the row counts of every batch of a pass.
public struct RowNumbering: Sendable {
    private let firstRows: [BatchOrdinal: Int]
    /// For batches a metric saw with rows left out (a row filter): the original row of each
    /// row it saw. Batches not listed were seen whole.
    private var keptRows: [BatchOrdinal: [UInt16]] = [:]

    public init(rowCounts: [BatchOrdinal: Int]) {
        var first: [BatchOrdinal: Int] = [:]
        var total = 0
        for ordinal in rowCounts.keys.sorted() {
            first[ordinal] = total
            total += rowCounts[ordinal] ?? 0
        }
        firstRows = first
    }

    /// The 0-based row number of `position` in the source.
    public func rowNumber(_ position: RowPosition) -> Int {
        let row = keptRows[position.ordinal].map { Int($0[position.row]) } ?? position.row
        return (firstRows[position.ordinal] ?? 0) + row
    }

    /// The numbering for positions in batches cut to their kept rows: `kept[ordinal][i]` is the
    /// original row of the cut batch's row i (rows fit 16 bits: `Batch.rowCountMax`).
    public func keeping(_ kept: [BatchOrdinal: [UInt16]]) -> RowNumbering {
        var numbering = self
        numbering.keptRows.merge(kept) { _, new in new }
        return numbering
    }
}

/// Derived per-batch data several metrics share (a column's fingerprints, read by a uniqueness
/// check and a drift check alike), computed by the first that asks and dropped with the batch.
/// A batch is updated by one worker at a time; the lock only makes sharing safe if it is not.
public final class BatchMemo: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var values: [Key: any Sendable] = [:]

    public struct Key: Hashable, Sendable {
        public var kind: String
        public var column: Int

        public init(_ kind: String, column: Int) {
            self.kind = kind
            self.column = column
        }
    }

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The value kept under `key`, made by `make` the first time (under the lock).
    public func value<Value: Sendable>(_ key: Key, _ make: () -> Value) -> Value {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let kept = values[key] as? Value { return kept }
        let made = make()
        values[key] = made
        return made
    }
}
