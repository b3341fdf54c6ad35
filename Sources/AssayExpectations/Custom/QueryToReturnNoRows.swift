import AssayColumns
import AssayMetrics
import AssayReaders

/// An expectation the source answers by running a query of the suite's (a database source).
public protocol SourceQueryExpectation: Expectation {
    /// The verdict from `source`'s answers; a `MetricError` fails the expectation with `exception_info`.
    func evaluate(querying source: any AggregatingSource, format: ResultFormat) throws -> Evaluation
}

extension SourceQueryExpectation {
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        throw MetricError("\(Self.type) runs a query on the source, and this source runs none (a PostgreSQL source does)")
    }
}

/// dbt's singular data tests: passes when `query` returns no rows. `{table}` in it stands for the
/// source's relation, so `SELECT * FROM {table} WHERE amount < 0` checks the table the suite
/// runs on. For PostgreSQL sources only (a file is refused before any data is read, exit 2); the
/// query runs in a read-only transaction under the source's statement timeout. `observed_value`
/// is the number of rows returned (`SELECT count(*) FROM (query)`); the first rows, by column
/// name, are in `partial_unexpected_list` (20, or 200 with `COMPLETE`).
public struct QueryToReturnNoRows: SourceQueryExpectation {
    public static let type = "expect_query_to_return_no_rows"
    public static let parameters = ["query"]

    let query: String

    public init(_ arguments: Arguments) throws(ArgumentError) {
        query = try arguments.string("query")
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ArgumentError("query", "is empty") }
    }

    public func evaluate(querying source: any AggregatingSource, format: ResultFormat) throws -> Evaluation {
        let limit = format.level == .complete ? UnexpectedRows.sampleCountMax : format.partialUnexpectedCount
        guard let rows = try source.rows(ofQuery: query, limit: limit) else {
            throw MetricError("\(Self.type) runs a query on the source, and \(source.name) runs none (a PostgreSQL source does)")
        }
        return Evaluation(success: rows.count == 0, result: [
            ("observed_value", .integer(Int64(rows.count))),
            ("unexpected_count", .integer(Int64(rows.count))),
            ("partial_unexpected_list", .array(rows.samples)),
        ])
    }
}
