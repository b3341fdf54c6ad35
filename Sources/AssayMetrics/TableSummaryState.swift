import AssayColumns

/// Everything `assay profile` needs in this slice: row count, a summary per column and the
/// correlation matrix of the numeric columns, in one pass.
public struct TableSummaryState: MetricState, Hashable, Codable {
    /// Above this many numeric columns the k × k co-moment state (4 k² doubles per worker) is
    /// not kept: 512 columns cost 8 MiB per worker.
    public static let correlationColumnCountMax = 512

    public let schema: Schema
    public var rowCount = 0
    public var columns: [ColumnSummaryState]
    public var correlation: CorrelationState?

    public init(schema: Schema) {
        self.schema = schema
        columns = schema.fields.map { ColumnSummaryState(type: $0.type) }
        let numeric = schema.fields.indices.filter { schema.fields[$0].type.isNumeric }
        correlation = numeric.count <= Self.correlationColumnCountMax ? CorrelationState(columnIndices: numeric) : nil
    }

    public mutating func update(_ batch: Batch) {
        precondition(batch.schema == schema, "batch schema differs from the state's")
        rowCount += batch.rowCount
        for index in columns.indices { columns[index].update(batch.columns[index]) }
        correlation?.update(batch)
    }

    public mutating func merge(_ other: TableSummaryState) {
        precondition(schema == other.schema, "merging summaries of different schemas")
        rowCount += other.rowCount
        for index in columns.indices { columns[index].merge(other.columns[index]) }
        if let otherCorrelation = other.correlation { correlation?.merge(otherCorrelation) }
    }
}

/// The whole-table summary as one metric: what `assay profile` plans (every column is read).
public struct TableSummaryMetric: UnsharedMetric {
    public init() {}
    public func makeState(for schema: Schema) throws(MetricError) -> TableSummaryState { TableSummaryState(schema: schema) }
    public func value(of state: TableSummaryState, rows: RowNumbering) -> TableSummaryState { state }
}
