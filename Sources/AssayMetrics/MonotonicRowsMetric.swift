import AssayColumns

/// Rows whose value does not follow the previous non-missing value in the wanted direction (GX's
/// `column_values.increasing` / `decreasing` on pandas: the difference to the previous non-missing
/// value must be ≥ 0, or > 0 when `strictly`; the first value always passes). Numbers, dates and
/// timestamps.
///
/// Order matters across batches, so the state keeps one segment per batch (its first and last
/// value and its own unexpected rows) and the segments are stitched in source order at the end.
public struct MonotonicRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public let decreasing: Bool
    public let strictly: Bool

    public init(column: String, decreasing: Bool, strictly: Bool) {
        self.column = column
        self.decreasing = decreasing
        self.strictly = strictly
    }

    struct Segment {
        var first: (position: RowPosition, value: Double, json: JSONValue)?
        var last: Double?
        var unexpectedCount = 0
        var samples = SampleList()
    }

    public struct State: MetricState {
        let index: Int
        let follows: @Sendable (_ previous: Double, _ next: Double) -> Bool
        var elementCount = 0
        var missingCount = 0
        var segments: [BatchOrdinal: Segment] = [:]

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            elementCount += batch.rowCount
            var segment = Segment()
            for row in 0..<batch.rowCount {
                if CellValue.isMissing(column, row: row) { missingCount += 1; continue }
                let value = Self.number(column, row)
                let position = RowPosition(ordinal: batch.ordinal, row: row)
                if let last = segment.last {
                    if !follows(last, value) {
                        segment.unexpectedCount += 1
                        if !segment.samples.isFull { segment.samples.append(position, CellValue.json(column, row: row)) }
                    }
                } else {
                    segment.first = (position, value, CellValue.json(column, row: row))
                }
                segment.last = value
            }
            segments[batch.ordinal] = segment
        }

        static func number(_ column: Column, _ row: Int) -> Double {
            switch column {
            case .float64(let c): c.values[row]
            case .int64(let c), .date(let c), .timestamp(let c): Double(c.values[row])
            case .bool(let c): c.values[row] ? 1 : 0
            case .string: .nan
            }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            segments.merge(other.segments) { mine, _ in mine }
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard type != .string else { throw MetricError("column \"\(column)\" is text: increasing and decreasing apply to numbers, dates and timestamps") }
        let follows: @Sendable (Double, Double) -> Bool = switch (decreasing, strictly) {
        case (false, false): { $1 - $0 >= 0 }
        case (false, true): { $1 - $0 > 0 }
        case (true, false): { $1 - $0 <= 0 }
        case (true, true): { $1 - $0 < 0 }
        }
        return State(index: index, follows: follows)
    }

    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows {
        var unexpectedCount = 0
        var samples = SampleList()
        var previous: Double?
        for ordinal in state.segments.keys.sorted() {
            let segment = state.segments[ordinal]!
            if let first = segment.first, let last = previous, !state.follows(last, first.value) {
                unexpectedCount += 1
                samples.append(first.position, first.json)
            }
            unexpectedCount += segment.unexpectedCount
            samples.merge(segment.samples)
            previous = segment.last ?? previous
        }
        return UnexpectedRows(elementCount: state.elementCount, missingCount: state.missingCount,
                              unexpectedCount: unexpectedCount, samples: samples.numbered(rows))
    }
}
