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
            var positions: [RowPosition] = []
            keys.reserveCapacity(batch.rowCount)
            positions.reserveCapacity(batch.rowCount)
            let ordinal = batch.ordinal
            func add(_ row: Int, _ key: Fingerprint) {
                keys.append(key)
                positions.append(RowPosition(ordinal: ordinal, row: row))
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
                    for row in 0..<c.count where c.validity.isValid(row) {
                        add(row, Fingerprint.text(UnsafeRawBufferPointer(rebasing: bytes[c.offsets[row]..<c.offsets[row + 1]])))
                    }
                }
            }
            missingCount += batch.rowCount - keys.count
            for (index, isRepeat) in table.insert(keys, at: positions).enumerated() {
                let row = positions[index].row
                if isRepeat {
                    repeats.offer(positions[index]) { CellValue.json(column, row: row) }
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
        /// The first rows (in row order) whose value repeats; a nil value could not be recovered
        /// without a second read (the table keeps fingerprints, not values).
        public var duplicateSamples: [(row: Int, value: JSONValue?)]
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
        return Value(elementCount: state.elementCount, missingCount: state.missingCount, distinctCount: distinct,
                     duplicateRowCount: duplicateRows,
                     duplicateSamples: samples.prefix(UnexpectedRows.sampleCountMax).map { (rows.rowNumber($0.position), $0.value) })
    }
}
extension DistinctRowsMetric.Value {
    /// The samples with their values; a value the pass could not recover is an error rather than
    /// a guess. (Values are recovered for the first `exemplarCountMax` distinct values of each worker.)
    public func resolvedSamples() throws(MetricError) -> [(row: Int, value: JSONValue)] {
        var resolved: [(row: Int, value: JSONValue)] = []
        for sample in duplicateSamples {
            guard let value = sample.value else {
                throw MetricError("row \(sample.row) repeats a value seen after the first \(DistinctRowsMetric.exemplarCountMax) distinct values; use result_format BOOLEAN_ONLY or BASIC counts")
            }
            resolved.append((sample.row, value))
        }
        return resolved
    }
}
