import AssayColumns
import AssayReaders

/// What a Parquet file answers from its footer, without reading a page: the row count (exact),
/// and null counts where every row group wrote one (exact by the format). Nothing else — in
/// particular no min/max, which writers may truncate or compute with another ordering. A
/// not-null check on a column whose footer says it has no null therefore reads none of it.
extension ParquetReader: AggregatingSource {
    public func supports(_ aggregate: SourceAggregate) -> Bool {
        switch aggregate {
        case .rowCount:
            return true
        case .count(where: .isNull(let column)), .count(where: .not(.isNull(let column))):
            return nullCount(column) != nil
        case .count(where: .present(let column)), .count(where: .not(.present(let column))):
            // NaN is missing too, and the footer does not count it.
            return schema.fields.first { $0.name == column }.map { $0.type != .float64 } == true && nullCount(column) != nil
        default:
            return false
        }
    }

    /// The column's nulls over all row groups, when every one of them wrote its count.
    func nullCount(_ column: String) -> Int? {
        var total = 0
        for group in rowGroupStatistics {
            guard let nulls = group.columns[column]?.nullCount, nulls <= group.rowCount else { return nil }
            total += nulls
        }
        return total
    }

    public func aggregate(_ requests: [SourceAggregate]) throws -> [SourceValue] {
        try requests.map { aggregate in
            switch aggregate {
            case .rowCount:
                return .integer(Int64(rowCount))
            case .count(where: .isNull(let column)), .count(where: .not(.present(let column))):
                guard let nulls = nullCount(column) else { break }
                return .integer(Int64(nulls))
            case .count(where: .not(.isNull(let column))), .count(where: .present(let column)):
                guard let nulls = nullCount(column) else { break }
                return .integer(Int64(rowCount - nulls))
            default:
                break
            }
            throw ReaderError(.parquet, file: path, message: "the footer cannot answer \(aggregate)")
        }
    }

    /// The first `limit` rows (in file order, numbered from 0) where `column` is null or is not,
    /// read from that column only and stopping once found.
    public func samples(of column: String, where predicate: SourcePredicate, limit: Int) throws -> [(row: Int?, value: JSONValue)] {
        let wantsNull: Bool
        switch predicate {
        case .isNull(column: column), .not(.present(column: column)): wantsNull = true
        case .present(column: column), .not(.isNull(column: column)): wantsNull = false
        default: throw ReaderError(.parquet, file: path, message: "a Parquet file finds no samples where \(predicate)")
        }
        guard let index = schema.index(of: column), limit > 0 else { return [] }
        var found: [(row: Int?, value: JSONValue)] = []
        var firstRow = 0
        do {
            // One worker reads the row groups in file order, so rows are numbered as they come.
            try projected(to: [column]).scan(workerCount: 1) { _, batch in
                let cells = batch.columns[index]
                for row in 0..<batch.rowCount where CellValue.isMissing(cells, row: row) == wantsNull {
                    found.append((firstRow + row, wantsNull ? .null : CellValue.json(cells, row: row)))
                    if found.count == limit { throw EnoughSamples() }
                }
                firstRow += batch.rowCount
            }
        } catch is EnoughSamples {}
        return found
    }

    public var bytesReceived: Int { 0 }

    private struct EnoughSamples: Error {}
}
