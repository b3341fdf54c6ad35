import AssayColumns
import AssayReaders

extension PostgresSource {
    /// Streams the relation with one binary COPY. Batches are decoded one at a time by whichever
    /// worker asks for the next (`Parallel.forEach` serialises that), and processed by up to
    /// `workerCount` workers while the following batch decodes.
    public func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws {
        let connection = try connect()
        let selected = schema.fields.indices.filter { projection?.contains($0) ?? true }
        let select = "SELECT " + selected.map(selectExpression).joined(separator: ", ") + " FROM " + relation
        // What the server will send, checked before reading: a table altered since it was opened
        // fails here with a message rather than as garbled binary data.
        let described = try connection.describe(select)
        guard described.count == selected.count else {
            throw ReaderError(.database, file: name, message: "the relation has \(described.count) columns where \(selected.count) were expected", hint: "run again")
        }
        var decoders: [FieldDecoder] = []
        for (index, column) in zip(selected, described) {
            let field = schema.fields[index]
            guard let decoder = FieldDecoder(oid: column.typeOID), decoder.columnType == field.type else {
                throw ReaderError(.database, file: name, column: field.name,
                                  message: "the column's type changed since the source was opened (type OID \(column.typeOID))",
                                  hint: "run again")
            }
            decoders.append(decoder)
        }
        try connection.startCopy("COPY (\(select)) TO STDOUT (FORMAT binary)")
        let stream = CopyBatchStream(connection: connection, schema: schema, selected: selected, decoders: decoders)
        try Parallel.forEach(workerCount: max(1, workerCount), next: { try stream.next() }, body)
    }

    /// The SELECT list entry for column `index`: the column itself when its binary form decodes to
    /// the schema's type, a text cast for types Assay reads as text, a cast when the schema was widened.
    func selectExpression(_ index: Int) -> String {
        let field = schema.fields[index]
        let quoted = dialect.quoteIdentifier(field.name)
        if naturalDecoders[index]?.columnType == field.type { return quoted }
        if field.type == .string { return quoted + "::text" }
        return dialect.cast(quoted, to: field.type)
    }
}

/// Pulls CopyData messages and cuts them into batches. Used by one thread at a time (the pull
/// queue's lock), so it needs none of its own.
final class CopyBatchStream {
    private let connection: PostgresConnection
    private let schema: Schema
    private let selected: [Int]
    private let decoders: [FieldDecoder]
    private var parser: BinaryCopyParser
    /// A message with rows left over after the last batch filled up.
    private var pending: (message: UnsafeMutableRawBufferPointer, position: Int)?
    private var finished = false
    private var batchCount = 0

    init(connection: PostgresConnection, schema: Schema, selected: [Int], decoders: [FieldDecoder]) {
        self.connection = connection
        self.schema = schema
        self.selected = selected
        self.decoders = decoders
        parser = BinaryCopyParser(fieldCount: decoders.count)
    }

    deinit {
        if let pending { PostgresConnection.freeMessage(pending.message) }
    }

    /// The next batch of at most `Batch.rowCountMax` rows and about `PostgresSource.batchByteCountMax`
    /// bytes of row data, nil after the last.
    func next() throws(ReaderError) -> Batch? {
        guard !finished else { return nil }
        var builders = decoders.map { ColumnBuilder(decoder: $0, rowCapacity: Batch.rowCountMax) }
        var rowCount = 0
        var byteCount = 0
        while rowCount < Batch.rowCountMax, byteCount < PostgresSource.batchByteCountMax {
            if pending == nil {
                guard let message = try connection.nextCopyMessage() else {
                    finished = true
                    guard parser.ended else {
                        throw ReaderError(.database, file: connection.sourceName,
                                          message: "the COPY data stopped after row \(parser.rowCount) without its end marker",
                                          hint: "was the connection cut? run again")
                    }
                    break
                }
                pending = (message, 0)
            }
            guard let (message, start) = pending else { break }
            var position = start
            do {
                rowCount += try parser.parse(UnsafeRawBufferPointer(message), position: &position, rowLimit: Batch.rowCountMax - rowCount, into: &builders)
                byteCount += position - start
            } catch {
                finished = true
                throw readerError(error)
            }
            if position == message.count {
                PostgresConnection.freeMessage(message)
                pending = nil
            } else {
                pending = (message, position)
            }
        }
        guard rowCount > 0 else { return nil }
        var columns: [Column] = []
        columns.reserveCapacity(schema.count)
        var builderIndex = 0
        for (index, field) in schema.fields.enumerated() {
            if builderIndex < selected.count, selected[builderIndex] == index {
                columns.append(builders[builderIndex].finish())
                builderIndex += 1
            } else {
                columns.append(Column.empty(field.type, rowCount: rowCount))
            }
        }
        defer { batchCount += 1 }
        return Batch(schema: schema, columns: columns, ordinal: BatchOrdinal(chunk: batchCount, part: 0))
    }

    private func readerError(_ problem: CopyProblem) -> ReaderError {
        switch problem {
        case .stream(let reason):
            return ReaderError(.database, file: connection.sourceName,
                               message: "malformed COPY data after row \(parser.rowCount): \(reason)",
                               hint: "is this a PostgreSQL server? report it with the server's version")
        case .field(let column, let row, let problem):
            return ReaderError(.database, file: connection.sourceName, column: schema.fields[selected[column]].name,
                               message: "row \(row) \(problem.describe)", hint: problem.hint)
        }
    }
}

/// One connection in one read-only snapshot, for the pushdown planner's queries: every query of a
/// session sees the same data. Not for sharing between threads.
public final class PostgresSession {
    let connection: PostgresConnection
    /// The source's relation (`FROM` text) and dialect, for building queries.
    public let relation: String
    public let dialect: PostgresDialect
    public let schema: Schema

    init(connection: PostgresConnection, source: PostgresSource) {
        self.connection = connection
        relation = source.relation
        dialect = source.dialect
        schema = source.schema
    }

    /// Runs one aggregate query (`parameters` bound to `$1`, `$2`, …) and returns its single row.
    /// Throws unless the query returns exactly one row.
    public func aggregate(_ sql: String, parameters: [SQLValue] = []) throws -> [SQLValue] {
        let result = try connection.query(PostgresSource.trimmed(sql), parameters: parameters)
        guard result.rows.count == 1 else {
            throw ReaderError(.database, file: connection.sourceName, message: "an aggregate query returned \(result.rows.count) rows, not one")
        }
        return result.rows[0]
    }

    /// The first `limit` rows of `sql` (at most `PostgresSource.sampleRowCountMax`), for samples of
    /// failing values. The limit is bound as the parameter after `parameters`.
    public func rows(_ sql: String, parameters: [SQLValue] = [], limit: Int) throws -> [[SQLValue]] {
        let rowCount = Swift.max(0, Swift.min(limit, PostgresSource.sampleRowCountMax))
        let limited = "SELECT * FROM (\n\(PostgresSource.trimmed(sql))\n) AS \(dialect.quoteIdentifier("assay_rows")) "
            + dialect.limit(dialect.parameter(parameters.count + 1, type: .int64))
        return try connection.query(limited, parameters: parameters + [.int(Int64(rowCount))]).rows
    }
}

extension PostgresSource {
    /// Opens a connection and a read-only snapshot for `body`; closed when it returns.
    public func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try body(PostgresSession(connection: connect(), source: self))
    }

    /// `PostgresSession.aggregate` in a session of its own.
    public func aggregate(_ sql: String, parameters: [SQLValue] = []) throws -> [SQLValue] {
        try withSession { try $0.aggregate(sql, parameters: parameters) }
    }

    /// `PostgresSession.rows` in a session of its own.
    public func rows(_ sql: String, parameters: [SQLValue] = [], limit: Int) throws -> [[SQLValue]] {
        try withSession { try $0.rows(sql, parameters: parameters, limit: limit) }
    }
}
