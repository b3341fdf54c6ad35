import AssayColumns

/// A cell as a hashable key: numbers by value (an int and a float of the same value are one key,
/// as in pandas), text by content.
public enum CellKey: Hashable, Sendable {
    case number(Double)
    case text(String)
    case flag(Bool)
    case instant(Int64, isDate: Bool)

    public var json: JSONValue {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 9e15 ? .integer(Int64(value)) : .double(value)
        case .text(let value): .string(value)
        case .flag(let value): .bool(value)
        case .instant(let value, let isDate):
            .string(isDate ? CellValue.isoDate(days: Int(value)) : CellValue.isoTimestamp(microseconds: value))
        }
    }

    @inline(__always)
    static func of(_ column: Column, _ row: Int) -> CellKey {
        switch column {
        case .float64(let c): .number(c.values[row] == 0 ? 0 : c.values[row])
        case .int64(let c): .number(Double(c.values[row]))
        case .bool(let c): .flag(c.values[row])
        case .date(let c): .instant(c.values[row], isDate: true)
        case .timestamp(let c): .instant(c.values[row], isDate: false)
        case .string(let c): .text(c[row] ?? "")
        }
    }
}

/// Exact counts of every distinct non-missing value of a column, with where each first occurs
/// and where the first repeats occur — enough for distinct counts and sets, the most common
/// value, and uniqueness with GX's unexpected rows. Memory grows with the number of distinct
/// values (stated; no sketch here: these expectations promise exact answers).
public struct ValueCountsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public init(column: String) { self.column = column }

    public struct Entry: Sendable {
        public var count: Int
        var first: RowPosition
    }

    public struct State: MetricState {
        let index: Int
        var entries: [CellKey: Entry] = [:]
        var elementCount = 0
        var missingCount = 0
        /// The first repeat occurrences (second and later), in source order.
        var repeats = SampleList()

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            elementCount += batch.rowCount
            for row in 0..<batch.rowCount {
                if CellValue.isMissing(column, row: row) {
                    missingCount += 1
                    continue
                }
                let key = CellKey.of(column, row)
                let position = RowPosition(ordinal: batch.ordinal, row: row)
                if let existing = entries[key] {
                    entries[key]!.count = existing.count + 1
                    if !repeats.isFull { repeats.append(position, key.json) }
                } else {
                    entries[key] = Entry(count: 1, first: position)
                }
            }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            var crossRepeats: [(position: RowPosition, key: CellKey)] = []
            for (key, theirs) in other.entries {
                if let mine = entries[key] {
                    // The later first occurrence is a repeat of the earlier one.
                    entries[key] = Entry(count: mine.count + theirs.count, first: min(mine.first, theirs.first))
                    crossRepeats.append((max(mine.first, theirs.first), key))
                } else {
                    entries[key] = theirs
                }
            }
            var earliest = SampleList()
            for item in crossRepeats.sorted(by: { $0.position < $1.position }).prefix(UnexpectedRows.sampleCountMax) {
                earliest.append(item.position, item.key.json)
            }
            repeats.merge(other.repeats)
            repeats.merge(earliest)
        }
    }

    public struct Value: Sendable {
        public var elementCount: Int
        public var missingCount: Int
        public var counts: [CellKey: Int]
        /// Rows whose value occurs more than once: how many, and the first ones in row order.
        public var duplicateRowCount: Int
        public var duplicateSamples: [(row: Int, value: JSONValue)]
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State { State(index: try schema.column(column).index) }

    public func value(of state: State, rows: RowNumbering) -> Value {
        var duplicateRows = 0
        var firsts = SampleList()
        var firstPositions: [(position: RowPosition, value: JSONValue)] = []
        for (key, entry) in state.entries where entry.count > 1 {
            duplicateRows += entry.count
            firstPositions.append((entry.first, key.json))
        }
        for item in firstPositions.sorted(by: { $0.position < $1.position }).prefix(UnexpectedRows.sampleCountMax) {
            firsts.append(item.position, item.value)
        }
        firsts.merge(state.repeats)
        return Value(elementCount: state.elementCount, missingCount: state.missingCount,
                     counts: state.entries.mapValues(\.count), duplicateRowCount: duplicateRows,
                     duplicateSamples: firsts.numbered(rows))
    }
}
