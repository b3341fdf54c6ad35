/// A horizontal slice of a table: one `Column` per schema field, all of `rowCount` rows.
///
/// Readers never produce a batch of more than `Batch.rowCountMax` rows, so memory is bounded
/// by the batch size (times the number of batches in flight), not by the size of the source.
public struct Batch: Sendable {
    /// The upper bound on rows in one batch. 64 Ki rows keeps a 16-column batch of numbers
    /// at about 8 MiB: big enough to amortise per-batch work, small enough for the cache hierarchy.
    public static let rowCountMax = 65_536

    public let schema: Schema
    public let columns: [Column]
    public let rowCount: Int

    public init(schema: Schema, columns: [Column]) {
        precondition(schema.count == columns.count, "one column per schema field")
        let rowCount = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rowCount }, "all columns have the same row count")
        precondition(zip(schema.fields, columns).allSatisfy { $0.type == $1.type }, "column types match the schema")
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }
}
