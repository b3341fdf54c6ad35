import AssayColumns
import AssayKernels

/// The number of distinct non-missing values of a column (NaN counts as missing), exact. Each
/// worker counts in a set of its own, without locks or positions, while the column shows at most
/// `localDistinctMax` distinct values; past that, the workers' values go to one shared table
/// (`DistinctTable`), so a high-cardinality column costs one table, not one per worker.
/// Uniqueness checks, which need the rows of repeated values, use `DistinctRowsMetric`.
/// Planned with a `DistinctRowsMetric` of the same column, it is read from that one's table.
public struct DistinctCountMetric: DerivableMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public init(column: String) { self.column = column }

    public static let localDistinctMax = 1 << 16

    public struct Value: Sendable {
        public var elementCount: Int
        public var missingCount: Int
        public var distinctCount: Int
    }

    public struct State: MetricState {
        let index: Int
        let table: DistinctTable
        /// Nil once this worker's values went to `table`.
        var local: FingerprintSet? = FingerprintSet()
        var elementCount = 0
        var missingCount = 0

        public mutating func update(_ batch: Batch) {
            let (keys, _) = ColumnFingerprints.of(batch, column: index)
            elementCount += batch.rowCount
            missingCount += batch.rowCount - keys.count
            guard var set = local else {
                table.insert(keys)
                return
            }
            local = nil  // the set is uniquely referenced while it grows
            for key in keys { set.insert(key) }
            local = set
            if set.count > DistinctCountMetric.localDistinctMax { spill() }
        }

        /// Moves this worker's set into the shared table.
        mutating func spill() {
            guard let set = local else { return }
            local = nil
            var keys: [Fingerprint] = []
            keys.reserveCapacity(set.count)
            set.forEach { keys.append($0) }
            table.insert(keys)
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            if var mine = local, let theirs = other.local {
                local = nil
                theirs.forEach { mine.insert($0) }
                local = mine
                if mine.count > DistinctCountMetric.localDistinctMax { spill() }
                return
            }
            // A side spilled: both sides' values end in the shared table.
            spill()
            var other = other
            other.spill()
        }
    }

    public var source: DistinctRowsMetric { DistinctRowsMetric(column: column) }

    public func derive(from value: DistinctRowsMetric.Value) -> Value {
        Value(elementCount: value.elementCount, missingCount: value.missingCount, distinctCount: value.distinctCount)
    }

    public func makeShared(for schema: Schema) -> DistinctTable { DistinctTable() }

    public func makeState(for schema: Schema, shared: DistinctTable) throws(MetricError) -> State {
        let (index, _) = try schema.column(column)
        return State(index: index, table: shared)
    }

    public func value(of state: State, rows: RowNumbering) -> Value {
        let distinct = state.local?.count ?? state.table.distinctCount
        return Value(elementCount: state.elementCount, missingCount: state.missingCount, distinctCount: distinct)
    }
}
