import AssayColumns
import AssayKernels

/// Distinct values of a column and the rows whose value repeats (GX uniqueness: every row of a
/// repeated value is unexpected, the first included). Each worker appends (fingerprint, position)
/// to its own `KeyBuckets`; the buckets are counted after the pass, in cache-sized tables.
/// Memory: 24 bytes per non-missing cell. The sample values are read back by the plan's second,
/// early-stopping read, which stops after the last sample row.
public struct DistinctRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? {
        guard let filter else { return [column] }
        return filter.columnsRead.map { [column] + $0 }
    }
    public let column: String
    /// Only the rows it keeps count (`row_condition`, `where`); positions stay the table's.
    public let filter: RowFilter?
    public init(column: String, filter: RowFilter? = nil) {
        self.column = column
        self.filter = filter
    }

    public struct State: MetricState {
        let index: Int
        let filter: CompiledRowFilter?
        let buckets = KeyBuckets()
        var elementCount = 0
        var missingCount = 0

        public mutating func update(_ batch: Batch) {
            var (keys, rows) = ColumnFingerprints.of(batch, column: index)
            var considered = batch.rowCount
            if let filter {
                let kept = filter.keptRows(batch)
                considered = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
                let pairs = zip(keys, rows).filter { kept[$0.1] }
                keys = pairs.map(\.0)
                rows = pairs.map(\.1)
            }
            elementCount += considered
            missingCount += considered - keys.count
            buckets.append(keys, rows: rows, of: batch.ordinal)
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            buckets.merge(other.buckets)
        }
    }

    public struct Value: Sendable {
        public var elementCount: Int
        public var missingCount: Int
        public var distinctCount: Int
        public var duplicateRowCount: Int
        /// The first rows (in row order) whose value repeats; a nil value is not read back yet
        /// (`CellFetching`: the buckets keep fingerprints, not values).
        public var duplicateSamples: [(row: Int, value: JSONValue?)]
        /// Where the samples without a value are, for the second read.
        var pendingPositions: [RowPosition]
        let columnName: String
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        State(index: try schema.column(column).index, filter: try filter?.compile(for: schema))
    }

    public func value(of state: State, rows: RowNumbering) -> Value {
        let summary = state.buckets.summary(earliestLimit: UnexpectedRows.sampleCountMax)
        return Value(elementCount: state.elementCount, missingCount: state.missingCount, distinctCount: summary.distinctCount,
                     duplicateRowCount: summary.repeatedCount,
                     duplicateSamples: summary.earliestRepeated.map { (rows.rowNumber($0), nil) },
                     pendingPositions: summary.earliestRepeated, columnName: column)
    }
}

extension DistinctRowsMetric.Value: CellFetching {
    /// The samples with their values (after the plan's second read, every value is known; a
    /// missing one would be a bug, reported rather than guessed).
    public func resolvedSamples() throws(MetricError) -> [(row: Int, value: JSONValue)] {
        var resolved: [(row: Int, value: JSONValue)] = []
        for sample in duplicateSamples {
            guard let value = sample.value else { throw MetricError("row \(sample.row): its value could not be read back") }
            resolved.append((sample.row, value))
        }
        return resolved
    }

    var cellsNeeded: [(column: String, position: RowPosition)] { pendingPositions.map { (columnName, $0) } }

    func filling(_ cells: [CellAddress: JSONValue], rows: RowNumbering) -> Self {
        var copy = self
        var byRow: [Int: JSONValue] = [:]
        for position in pendingPositions {
            if let value = cells[CellAddress(column: columnName, position: position)] { byRow[rows.rowNumber(position)] = value }
        }
        copy.duplicateSamples = duplicateSamples.map { sample in (sample.row, sample.value ?? byRow[sample.row]) }
        copy.pendingPositions = []
        return copy
    }
}

/// The fingerprints of a column's non-missing cells (NaN counts as missing) and their rows, in
/// row order. Plain appends to locals: a nested helper capturing them paid dynamic exclusivity checks.
enum ColumnFingerprints {
    /// The fingerprints of column `index` of `batch`, computed once per batch however many
    /// metrics ask (uniqueness and a drift check on one column, say).
    static func of(_ batch: Batch, column index: Int) -> (keys: [Fingerprint], rows: [Int]) {
        let memo = batch.memo.value(BatchMemo.Key("fingerprints", column: index)) { Memo(of(batch.columns[index])) }
        return (memo.keys, memo.rows)
    }

    private struct Memo: Sendable {
        var keys: [Fingerprint]
        var rows: [Int]
        init(_ pair: (keys: [Fingerprint], rows: [Int])) { (keys, rows) = pair }
    }

    static func of(_ column: Column) -> (keys: [Fingerprint], rows: [Int]) {
        // One loop per type: per-row switching on the column costs more than the hashing.
        var keys: [Fingerprint] = []
        var rows: [Int] = []
        keys.reserveCapacity(column.count)
        rows.reserveCapacity(column.count)
        switch column {
        case .float64(let c):
            for row in 0..<c.count where c.validity.isValid(row) && !c.values[row].isNaN {
                keys.append(.number(c.values[row]))
                rows.append(row)
            }
        case .int64(let c):
            for row in 0..<c.count where c.validity.isValid(row) {
                keys.append(.integer(c.values[row]))
                rows.append(row)
            }
        case .bool(let c):
            for row in 0..<c.count where c.validity.isValid(row) {
                keys.append(.flag(c.values[row]))
                rows.append(row)
            }
        case .date(let c):
            for row in 0..<c.count where c.validity.isValid(row) {
                keys.append(.instant(c.values[row], isDate: true))
                rows.append(row)
            }
        case .timestamp(let c):
            for row in 0..<c.count where c.validity.isValid(row) {
                keys.append(.instant(c.values[row], isDate: false))
                rows.append(row)
            }
        case .string(let c):
            if let entries = c.dictionary, entries.dictionary.count <= c.count {
                // Each dictionary entry hashed once, then looked up by code.
                let (entryKeys, _) = of(.string(entries.dictionary.values))
                entryKeys.withUnsafeBufferPointer { entryKeys in
                    entries.codes.withUnsafeBufferPointer { codes in
                        let hasNulls = c.validity.hasNulls
                        for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                            keys.append(entryKeys[Int(codes[row])])
                            rows.append(row)
                        }
                    }
                }
                return (keys, rows)
            }
            (keys, rows) = c.bytes.withUnsafeBytes { bytes in
                c.offsets.withUnsafeBufferPointer { offsets in
                    var keys: [Fingerprint] = []
                    var rows: [Int] = []
                    keys.reserveCapacity(c.count)
                    rows.reserveCapacity(c.count)
                    let hasNulls = c.validity.hasNulls
                    for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                        // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                        let cell = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + offsets[row] }, count: offsets[row + 1] - offsets[row])
                        keys.append(Fingerprint.text(cell))
                        rows.append(row)
                    }
                    return (keys, rows)
                }
            }
        }
        return (keys, rows)
    }
}
