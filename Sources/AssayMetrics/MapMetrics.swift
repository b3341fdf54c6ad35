import AssayColumns

/// The result of counting a per-row condition over a column (GX's map metrics).
public struct UnexpectedRows: Sendable {
    /// GX's `MAX_RESULT_RECORDS`: unexpected values and indices kept per expectation.
    public static let sampleCountMax = 200

    /// All rows.
    public var elementCount: Int
    /// Null (or NaN) rows, left out before the condition.
    public var missingCount: Int
    public var unexpectedCount: Int
    /// The first `sampleCountMax` unexpected rows in row order: 0-based row number and value.
    public var samples: [(row: Int, value: JSONValue)]

    public var nonMissingCount: Int { elementCount - missingCount }

    public init(elementCount: Int, missingCount: Int, unexpectedCount: Int, samples: [(row: Int, value: JSONValue)]) {
        self.elementCount = elementCount
        self.missingCount = missingCount
        self.unexpectedCount = unexpectedCount
        self.samples = samples
    }
}

/// The first `UnexpectedRows.sampleCountMax` positions and values in source order; mergeable.
/// Positions may arrive in any order: the list keeps the smallest, and `offer` builds a value
/// only when its position can still make the cut.
struct SampleList: Sendable {
    private(set) var items: [(position: RowPosition, value: JSONValue)] = []
    /// The largest kept position once the list is full; later offers above it are dropped unbuilt.
    private var cutoff: RowPosition?

    var isFull: Bool { items.count >= UnexpectedRows.sampleCountMax }

    /// For states whose positions arrive in source order (one worker's batches): stop when full.
    mutating func append(_ position: RowPosition, _ value: JSONValue) { offer(position) { value } }

    mutating func offer(_ position: RowPosition, _ value: () -> JSONValue) {
        let cap = UnexpectedRows.sampleCountMax
        if items.count >= cap, let cutoff, !(position < cutoff) { return }
        items.append((position, value()))
        if items.count >= 2 * cap || (items.count == cap && cutoff == nil) { prune() }
    }

    private mutating func prune() {
        items.sort { $0.position < $1.position }
        if items.count > UnexpectedRows.sampleCountMax { items.removeLast(items.count - UnexpectedRows.sampleCountMax) }
        cutoff = items.last?.position
    }

    mutating func merge(_ other: SampleList) {
        for item in other.items { offer(item.position) { item.value } }
        prune()
    }

    func numbered(_ rows: RowNumbering) -> [(row: Int, value: JSONValue)] {
        items.sorted { $0.position < $1.position }.prefix(UnexpectedRows.sampleCountMax).map { (rows.rowNumber($0.position), $0.value) }
    }
}

/// What a column-map metric keeps: rows considered, missing ones, unexpected ones, and the
/// first samples in row order. One of these in every such state (a value set, an other table's
/// keys, a filtered condition) instead of four counters and their merge each.
struct ColumnMapTally: Sendable {
    var elementCount = 0
    var missingCount = 0
    var unexpectedCount = 0
    var samples = SampleList()

    /// `unexpected` rows of `column` (a batch's, or the rows it kept: `originalRow` numbers them
    /// in the batch) counted, and sampled until the list is full.
    mutating func record(_ unexpected: [Int], of column: Column, ordinal: BatchOrdinal, originalRow: (Int) -> Int = { $0 }) {
        unexpectedCount += unexpected.count
        for row in unexpected where !samples.isFull {
            samples.append(RowPosition(ordinal: ordinal, row: originalRow(row)), CellValue.json(column, row: row))
        }
    }

    mutating func merge(_ other: ColumnMapTally) {
        elementCount += other.elementCount
        missingCount += other.missingCount
        unexpectedCount += other.unexpectedCount
        samples.merge(other.samples)
    }

    func value(rows: RowNumbering) -> UnexpectedRows {
        UnexpectedRows(elementCount: elementCount, missingCount: missingCount, unexpectedCount: unexpectedCount, samples: samples.numbered(rows))
    }
}

/// The `limit` smallest positions offered, with a payload each, in bounded memory.
struct SmallestPositions<Payload> {
    let limit: Int
    private var items: [(position: RowPosition, payload: Payload)] = []
    private var cutoff: RowPosition?

    init(limit: Int) { self.limit = limit }

    mutating func offer(_ position: RowPosition, _ payload: Payload) {
        if items.count >= limit, let cutoff, !(position < cutoff) { return }
        items.append((position, payload))
        if items.count >= 2 * limit {
            items.sort { $0.position < $1.position }
            items.removeLast(items.count - limit)
            cutoff = items.last?.position
        }
    }

    var sorted: [(position: RowPosition, payload: Payload)] {
        Array(items.sorted { $0.position < $1.position }.prefix(limit))
    }
}

/// Rows of `column` that break `condition`, nulls and NaN left out first (GX column map semantics).
public struct UnexpectedRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public let condition: RowCondition

    public init(column: String, condition: RowCondition) {
        self.column = column
        self.condition = condition
    }

    public struct State: MetricState {
        let index: Int
        /// Nil when the condition does not apply to the column's type; that is an error only if
        /// the column holds a value (an empty or all-null column passes, as in GX).
        let test: CompiledCondition?
        let inapplicable: MetricError?
        var tally = ColumnMapTally()

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            tally.elementCount += batch.rowCount
            tally.missingCount += CellValue.missingCount(column)
            guard let test else { return }
            tally.record(test.unexpectedRows(column), of: column, ordinal: batch.ordinal)
        }

        public mutating func merge(_ other: State) { tally.merge(other.tally) }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        do throws(MetricError) {
            return State(index: index, test: try CompiledCondition.compile(condition, column: column, type: type), inapplicable: nil)
        } catch {
            return State(index: index, test: nil, inapplicable: error)
        }
    }

    public func value(of state: State, rows: RowNumbering) throws(MetricError) -> UnexpectedRows {
        if let error = state.inapplicable, state.tally.elementCount > state.tally.missingCount { throw error }
        return state.tally.value(rows: rows)
    }
}

/// Missing and present rows of a column, with the first of each (for the null / not-null expectations).
public struct MissingValuesMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public init(column: String) { self.column = column }

    public struct State: MetricState {
        let index: Int
        var elementCount = 0
        var missingCount = 0
        var missingSamples = SampleList()
        var presentSamples = SampleList()

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            elementCount += batch.rowCount
            let missing = CellValue.missingCount(column)
            missingCount += missing
            // Samples: both loops stop as soon as their list is full.
            if missing > 0 {
                for row in 0..<batch.rowCount where CellValue.isMissing(column, row: row) {
                    if missingSamples.isFull { break }
                    missingSamples.append(RowPosition(ordinal: batch.ordinal, row: row), .null)
                }
            }
            if missing < batch.rowCount {
                for row in 0..<batch.rowCount where !CellValue.isMissing(column, row: row) {
                    if presentSamples.isFull { break }
                    presentSamples.append(RowPosition(ordinal: batch.ordinal, row: row), CellValue.json(column, row: row))
                }
            }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            missingSamples.merge(other.missingSamples)
            presentSamples.merge(other.presentSamples)
        }
    }

    public struct Value: Sendable {
        public var elementCount: Int
        public var missingCount: Int
        public var missingSamples: [(row: Int, value: JSONValue)]
        public var presentSamples: [(row: Int, value: JSONValue)]
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State { State(index: try schema.column(column).index) }

    public func value(of state: State, rows: RowNumbering) -> Value {
        Value(elementCount: state.elementCount, missingCount: state.missingCount,
              missingSamples: state.missingSamples.numbered(rows), presentSamples: state.presentSamples.numbered(rows))
    }
}
