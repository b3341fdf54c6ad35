import AssayColumns
import AssayKernels

/// Distinct values of a column and the rows whose value repeats (GX uniqueness: every row of a
/// repeated value is unexpected, the first included), in one shared `DistinctTable`.
/// Memory: 24 bytes per table slot (about 45 per distinct value) plus the first `exemplarCountMax`
/// values per worker.
public struct DistinctRowsMetric: Metric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public init(column: String) { self.column = column }

    /// Values kept per worker to show the first occurrences of repeated values.
    public static let exemplarCountMax = 20_000

    public struct State: MetricState {
        let index: Int
        let table: DistinctTable
        var elementCount = 0
        var missingCount = 0
        /// Rows known to repeat an earlier row, in any order; the smallest kept.
        var repeats = SampleList()
        var exemplars: [Fingerprint: JSONValue] = [:]

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            elementCount += batch.rowCount
            var keys: [Fingerprint] = []
            var rows: [Int] = []
            keys.reserveCapacity(batch.rowCount)
            rows.reserveCapacity(batch.rowCount)
            func add(_ row: Int, _ key: Fingerprint) {
                keys.append(key)
                rows.append(row)
            }
            // One loop per type: per-row switching on the column costs more than the hashing.
            switch column {
            case .float64(let c):
                for row in 0..<c.count where c.validity.isValid(row) && !c.values[row].isNaN { add(row, .number(c.values[row])) }
            case .int64(let c):
                for row in 0..<c.count where c.validity.isValid(row) { add(row, .integer(c.values[row])) }
            case .bool(let c):
                for row in 0..<c.count where c.validity.isValid(row) { add(row, .flag(c.values[row])) }
            case .date(let c):
                for row in 0..<c.count where c.validity.isValid(row) { add(row, .instant(c.values[row], isDate: true)) }
            case .timestamp(let c):
                for row in 0..<c.count where c.validity.isValid(row) { add(row, .instant(c.values[row], isDate: false)) }
            case .string(let c):
                c.bytes.withUnsafeBytes { bytes in
                    c.offsets.withUnsafeBufferPointer { offsets in
                        let hasNulls = c.validity.hasNulls
                        for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                            // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                            let cell = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + offsets[row] }, count: offsets[row + 1] - offsets[row])
                            add(row, Fingerprint.text(cell))
                        }
                    }
                }
            }
            missingCount += batch.rowCount - keys.count
            for (index, isRepeat) in table.insert(keys, rows: rows, of: batch.ordinal).enumerated() {
                let row = rows[index]
                if isRepeat {
                    repeats.offer(RowPosition(ordinal: batch.ordinal, row: row)) { CellValue.json(column, row: row) }
                } else if exemplars.count < DistinctRowsMetric.exemplarCountMax {
                    exemplars[keys[index].kept] = CellValue.json(column, row: row)
                }
            }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            repeats.merge(other.repeats)
            exemplars.merge(other.exemplars) { mine, _ in mine }
        }
    }

    public struct Value: Sendable {
        public var elementCount: Int
        public var missingCount: Int
        public var distinctCount: Int
        public var duplicateRowCount: Int
        /// The first rows (in row order) whose value repeats; a nil value was not kept in the pass
        /// and is fetched by the plan's second, early-stopping read (`CellFetching`)
        /// without a second read (the table keeps fingerprints, not values).
        public var duplicateSamples: [(row: Int, value: JSONValue?)]
        /// Where the samples without a value are, for the second read.
        var pendingPositions: [RowPosition]
        let columnName: String
    }

    /// Shared by every worker's state: one table per pass.
    public func makeShared(for schema: Schema) -> DistinctTable { DistinctTable() }

    public func makeState(for schema: Schema, shared: DistinctTable) throws(MetricError) -> State {
        State(index: try schema.column(column).index, table: shared)
    }

    public func value(of state: State, rows: RowNumbering) -> Value {
        var distinct = 0
        var duplicateRows = 0
        // Only the earliest first occurrences can be shown: keep the smallest, not a million.
        var firsts = SmallestPositions<Fingerprint>(limit: UnexpectedRows.sampleCountMax)
        state.table.forEach { key, count, first in
            distinct += 1
            if count > 1 {
                duplicateRows += count
                firsts.offer(first, key)
            }
        }
        var samples: [(position: RowPosition, value: JSONValue?)] = state.repeats.items.map { ($0.position, $0.value) }
        let repeatPositions = Set(samples.map(\.position))
        for (position, key) in firsts.sorted where !repeatPositions.contains(position) {
            samples.append((position, state.exemplars[key]))
        }
        samples.sort { $0.position < $1.position }
        let kept = samples.prefix(UnexpectedRows.sampleCountMax)
        return Value(elementCount: state.elementCount, missingCount: state.missingCount, distinctCount: distinct,
                     duplicateRowCount: duplicateRows,
                     duplicateSamples: kept.map { (rows.rowNumber($0.position), $0.value) },
                     pendingPositions: kept.filter { $0.value == nil }.map(\.position), columnName: column)
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
