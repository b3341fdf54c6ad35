import AssayColumns

/// Rows where a `RowExpression` is not true (false or null: SQL's three-valued logic), over the
/// rows a `RowFilter` keeps when there is one. Samples are the referenced columns of each
/// unexpected row, as an object, with the row's number in the whole table.
public struct ExpressionRowsMetric: UnsharedMetric {
    public let expression: RowExpression
    public let filter: RowFilter?

    public init(expression: RowExpression, filter: RowFilter? = nil) {
        self.expression = expression
        self.filter = filter
    }

    public var columnsRead: [String]? {
        guard let filter else { return expression.columns }
        guard let filterColumns = filter.columnsRead else { return nil }
        return expression.columns + filterColumns.filter { !expression.columns.contains($0) }
    }

    public struct State: MetricState {
        let truth: @Sendable (Batch) -> [UInt8]
        let filter: CompiledRowFilter?
        let sampled: [(name: String, index: Int)]
        var elementCount = 0
        var unexpectedCount = 0
        var samples = SampleList()

        public mutating func update(_ batch: Batch) {
            let truth = truth(batch)
            let kept = filter?.keptRows(batch)
            for row in 0..<batch.rowCount where truth[row] != Truth.yes && kept?[row] != false {
                unexpectedCount += 1
                if samples.isFull { continue }
                let sampled = sampled
                samples.offer(RowPosition(ordinal: batch.ordinal, row: row)) {
                    .object(sampled.map { ($0.name, CellValue.json(batch.columns[$0.index], row: row)) })
                }
            }
            elementCount += kept.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? batch.rowCount
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            unexpectedCount += other.unexpectedCount
            samples.merge(other.samples)
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let truth = try CompiledExpression.compileCondition(expression, schema: schema)
        let sampled = expression.columns.compactMap { name in schema.index(of: name).map { (name, $0) } }
        return State(truth: truth, filter: try filter?.compile(for: schema), sampled: sampled)
    }

    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows {
        UnexpectedRows(elementCount: state.elementCount, missingCount: 0, unexpectedCount: state.unexpectedCount,
                       samples: state.samples.numbered(rows))
    }
}
