import AssayColumns
import AssayKernels

/// Rows in the table.
public struct RowCountMetric: UnsharedMetric {
    public init() {}
    public struct State: MetricState {
        var count = 0
        public mutating func update(_ batch: Batch) { count += batch.rowCount }
        public mutating func merge(_ other: State) { count += other.count }
    }
    public func makeState(for schema: Schema) throws(MetricError) -> State { State() }
    public func value(of state: State, rows: RowNumbering) -> Int { state.count }
}

/// Counts, nulls, moments and extremes of one column (`ColumnSummaryState`).
public struct ColumnSummaryMetric: UnsharedMetric {
    public let column: String
    public init(column: String) { self.column = column }

    public struct State: MetricState {
        let index: Int
        var summary: ColumnSummaryState
        public mutating func update(_ batch: Batch) { summary.update(batch.columns[index]) }
        public mutating func merge(_ other: State) { summary.merge(other.summary) }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        return State(index: index, summary: ColumnSummaryState(type: type))
    }

    public func value(of state: State, rows: RowNumbering) -> ColumnSummaryState { state.summary }
}

/// Pearson's r of two numeric columns over the rows where both are present and finite.
public struct PairCorrelationMetric: UnsharedMetric {
    public let columnA: String
    public let columnB: String
    public init(columnA: String, columnB: String) {
        self.columnA = columnA
        self.columnB = columnB
    }

    public func makeState(for schema: Schema) throws(MetricError) -> CorrelationState {
        let a = try schema.column(columnA)
        let b = try schema.column(columnB)
        for (name, type) in [(columnA, a.type), (columnB, b.type)] where !type.isNumeric {
            throw MetricError("column \"\(name)\" is \(type.rawValue), not numeric")
        }
        return CorrelationState(columnIndices: [a.index, b.index])
    }

    /// Nil when undefined (a constant column, fewer than two shared rows).
    public func value(of state: CorrelationState, rows: RowNumbering) -> Double? {
        let r = state.comoments.pearson[2]
        return r.isNaN ? nil : r
    }
}

extension CorrelationState: MetricState {}

/// The non-missing values of a numeric column, kept whole for exact order statistics.
/// Memory: 8 bytes per value (stated: quantiles and medians are exact, not sketched).
public struct NumericValuesMetric: UnsharedMetric {
    public let column: String
    public init(column: String) { self.column = column }

    public struct State: MetricState {
        let index: Int
        var values: [Double] = []
        public mutating func update(_ batch: Batch) {
            switch batch.columns[index] {
            case .float64(let c):
                for row in 0..<c.count where c.validity.isValid(row) && !c.values[row].isNaN { values.append(c.values[row]) }
            case .int64(let c):
                for row in 0..<c.count where c.validity.isValid(row) { values.append(Double(c.values[row])) }
            default:
                break
            }
        }
        public mutating func merge(_ other: State) { values += other.values }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard type.isNumeric else { throw MetricError("column \"\(column)\" is \(type.rawValue), not numeric") }
        return State(index: index)
    }

    /// Sorted ascending.
    public func value(of state: State, rows: RowNumbering) -> [Double] { state.values.sorted() }
}
