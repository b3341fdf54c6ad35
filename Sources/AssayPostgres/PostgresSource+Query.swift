import AssayColumns
import AssayReaders
import Foundation

extension PostgresSource {
    /// A suite's own query (`expect_query_to_return_no_rows`), `{table}` replaced by the
    /// source's relation (`"schema"."table"`, or the `--query` as a subquery), in one read-only
    /// snapshot: `SELECT count(*) FROM (query)`, then its first `limit` rows (at most
    /// `sampleRowCountMax`) with their column names. Dates and timestamps show as ISO-8601.
    public func rows(ofQuery query: String, limit: Int) throws -> QueryRows? {
        let sql = Self.trimmed(query.replacingOccurrences(of: "{table}", with: relation))
        return try withSession { session in
            let counted = try session.aggregate("SELECT count(*) FROM (\n\(sql)\n) AS \(dialect.quoteIdentifier("assay_query_rows"))")
            guard let count = Self.sourceValue(counted.first ?? .null).integer else {
                throw ReaderError(.database, file: name, message: "the query's row count came back as \(counted)")
            }
            guard count > 0, limit > 0 else { return QueryRows(count: count, samples: []) }
            let columns = try session.connection.describe(sql)
            let rows = try session.rows(sql, limit: limit)
            let samples: [JSONValue] = rows.map { row in
                .object(zip(columns, row).map { column, value in
                    let type: ColumnType = switch column.typeOID {
                    case FieldDecoder.OID.date: .date
                    case FieldDecoder.OID.timestamp, FieldDecoder.OID.timestamptz: .timestamp
                    default: .string
                    }
                    return (column.name, Self.json(value, type: type))
                })
            }
            return QueryRows(count: count, samples: samples)
        }
    }

    /// A table of the same server and database (the same connection settings but the table)
    /// as this source's queries name it.
    public func relation(inSameDatabase other: any AggregatingSource) -> String? {
        guard let other = other as? PostgresSource, other.table != nil,
              other.parameters.keywords == parameters.keywords, other.parameters.values == parameters.values else { return nil }
        return other.relation
    }
}
