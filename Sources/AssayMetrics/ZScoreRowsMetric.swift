import AssayColumns

/// Rows of a numeric column whose z-score, (x − mean) / sample standard deviation, is not below
/// `threshold` (in absolute value when `doubleSided`), as GX's `column_values.z_score`. The mean
/// and deviation are of the whole column, so the state keeps every non-missing value with its
/// position: 16 bytes per value (stated; the alternative is a second pass).
public struct ZScoreRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public let threshold: Double
    public let doubleSided: Bool

    public init(column: String, threshold: Double, doubleSided: Bool) {
        self.column = column
        self.threshold = threshold
        self.doubleSided = doubleSided
    }

    public struct State: MetricState {
        let index: Int
        var elementCount = 0
        var missingCount = 0
        var values: [(position: RowPosition, value: Double)] = []

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            elementCount += batch.rowCount
            for row in 0..<batch.rowCount {
                if CellValue.isMissing(column, row: row) { missingCount += 1; continue }
                let value: Double = switch column {
                case .float64(let c): c.values[row]
                case .int64(let c): Double(c.values[row])
                default: .nan
                }
                values.append((RowPosition(ordinal: batch.ordinal, row: row), value))
            }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            missingCount += other.missingCount
            values += other.values
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard type.isNumeric else { throw MetricError("column \"\(column)\" is \(type.rawValue), not numeric: z-scores need numbers") }
        return State(index: index)
    }

    /// With fewer than two values the deviation is undefined, every z-score is NaN and every row
    /// unexpected (as GX). Two or more values that are all equal (deviation 0) are an error, not
    /// a row-by-row verdict: every z-score would be 0/0, and "every row is an outlier" would hide why.
    public func value(of state: State, rows: RowNumbering) throws(MetricError) -> UnexpectedRows {
        let n = Double(state.values.count)
        let mean = state.values.reduce(0) { $0 + $1.value } / n
        let variance = state.values.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / (n - 1)
        let deviation = variance.squareRoot()
        if n >= 2 && deviation == 0 {
            throw MetricError("the standard deviation of \"\(column)\" is 0 (a constant column): z-scores are undefined")
        }
        var unexpectedCount = 0
        var samples = SampleList()
        for (position, value) in state.values.sorted(by: { $0.position < $1.position }) {
            let z = (value - mean) / deviation
            let below = doubleSided ? abs(z) < threshold : z < threshold
            if !below {
                unexpectedCount += 1
                samples.append(position, .double(value))
            }
        }
        return UnexpectedRows(elementCount: state.elementCount, missingCount: state.missingCount,
                              unexpectedCount: unexpectedCount, samples: samples.numbered(rows))
    }
}
