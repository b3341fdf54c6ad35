import AssayColumns

/// Pearson's r for every pair of some numeric columns (pairwise-complete rows, as pandas), from
/// one co-moment matrix: the values of the report's correlation heatmap.
public struct CorrelationMatrixMetric: UnsharedMetric {
    public var columnsRead: [String]? { columns }
    public let columns: [String]
    public init(columns: [String]) { self.columns = columns }

    public struct Value: Sendable {
        public var columns: [String]
        /// Row-major k × k; nil where undefined (a constant column, fewer than two shared rows).
        public var pearson: [Double?]
    }

    public func makeState(for schema: Schema) throws(MetricError) -> CorrelationState {
        var indices: [Int] = []
        for name in columns {
            let (index, type) = try schema.column(name)
            guard type.isNumeric else { throw MetricError("column \"\(name)\" is \(type.rawValue), not numeric") }
            indices.append(index)
        }
        return CorrelationState(columnIndices: indices)
    }

    public func value(of state: CorrelationState, rows: RowNumbering) -> Value {
        Value(columns: columns, pearson: state.comoments.pearson.map { $0.isNaN ? nil : $0 })
    }
}
