import AssayColumns
import AssayReaders

/// Settings of a PostgreSQL source beyond its URL.
public struct PostgresOptions: Sendable, Hashable {
    /// The server's `statement_timeout` for every statement Assay sends; nil keeps the server's or
    /// role's setting, 0 disables it. A whole scan is one statement, and the time Assay spends on
    /// the batches counts too (the server waits for the client).
    public var statementTimeoutMilliseconds: Int?

    public init(statementTimeoutMilliseconds: Int? = nil) {
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
    }
}

/// A PostgreSQL table, view or read-only query, streamed as `Batch`es over libpq.
///
/// Source syntax: `postgresql://user[:password]@host[:port]/database?table=schema.name` (also
/// `postgres://`), or the URL without `table` and a `query`. Every other URL parameter
/// (`sslmode`, `connect_timeout`, `options`, `service`, `passfile`, …) goes to libpq, which also
/// reads `PGPASSWORD`, `PGPASSFILE`/`~/.pgpass`, `PGSERVICE` and the other `PG*` variables.
/// The password never appears in `name`, in errors or in any description of the source.
///
/// Reading: each scan opens a connection in a `REPEATABLE READ READ ONLY` transaction (the session
/// default is read-only too), so nothing Assay sends can write, and streams
/// `COPY (SELECT <quoted columns> FROM <relation>) TO STDOUT (FORMAT binary)`. The calling thread's
/// pull decodes one message at a time into a batch of at most `Batch.rowCountMax` rows, which a worker
/// processes while the next batch decodes: memory holds `workerCount + 1` batches (each at most
/// `batchByteCountMax` bytes of values), whatever the table size.
///
/// Types: int2/int4/int8/oid → int64; float4/float8/numeric → float64 (numeric rounded to the nearest
/// double; NaN and ±Infinity kept); bool → bool; date → date; timestamp and timestamptz → timestamp
/// (microseconds since 1970 UTC); text, varchar, char(n) (padding kept), name, json, jsonb (as text),
/// uuid (canonical text) → string; anything else (arrays, bytea, intervals, ranges, enums, citext,
/// composites…) is selected as `"col"::text` and read as string. A date or timestamp of ±infinity
/// makes the scan fail, naming the column and row: Assay cannot store it, and turning it into NULL
/// would change null counts silently (a `--query` with `NULLIF` does that on purpose).
public struct PostgresSource: BatchSource, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The URL without its password.
    public let name: String
    public let schema: Schema
    public let options: PostgresOptions
    /// The relation as SQL for a `FROM` clause: `"schema"."table"` (names as the catalog spells them)
    /// or `(\n<query>\n) AS "assay_query"`. For the pushdown planner.
    public let relation: String
    /// The table read, schema-qualified; nil for a query source.
    public let table: QualifiedName?
    /// The query read (without trailing semicolons); nil for a table source.
    public let query: String?
    /// Each column's type as PostgreSQL names it (`numeric(15,2)`, `character varying(25)`, `mood`).
    public let sourceTypeNames: [String]
    public var dialect: PostgresDialect { PostgresDialect() }
    /// Bytes of row data received by this source and its copies so far (COPY message lengths and
    /// query result values; protocol framing not counted).
    public var bytesReceived: Int { counter.value }

    let parameters: ConnectionParameters
    /// The decoder each column has when selected as it is; nil: selected with a text cast.
    let naturalDecoders: [FieldDecoder?]
    /// Columns to read; nil reads all (`projected(to:)`).
    let projection: Set<Int>?
    let counter: ByteCounter

    /// A batch ends early when its rows hold this many bytes, so wide text (jsonb documents, long
    /// comments) cannot make 64 Ki rows take gigabytes. Checked between CopyData messages (rows).
    public static let batchByteCountMax = 64 << 20
    /// Rows `rows(_:parameters:limit:)` returns at most.
    public static let sampleRowCountMax = 10_000
    /// The alias of a query source in `relation`.
    static let queryAlias = "assay_query"
    /// Relation kinds `SELECT` reads: table, view, materialized view, foreign table, partitioned table.
    static let readableRelationKinds = "'r','v','m','f','p'"
    /// Domains over domains, at most (PostgreSQL has no limit; real schemas use one or two).
    static let domainDepthMax = 16

    /// Connects, finds the table (or checks the query) and reads the schema; the connection is closed
    /// again (each scan opens its own).
    /// - Parameters:
    ///   - url: a `postgresql://` or `postgres://` URL; `?table=` names the table unless `query` is given.
    ///   - query: one read-only `SELECT` (or `VALUES`, `WITH … SELECT`); a statement that writes is refused.
    public init(url: String, query: String? = nil, options: PostgresOptions = PostgresOptions()) throws {
        let parsed: PostgresURL
        do {
            parsed = try PostgresURL(url)
        } catch {
            throw ReaderError(.database, file: "the PostgreSQL URL", message: error.message,
                              hint: "write postgresql://user@host:port/database?table=schema.name")
        }
        name = parsed.redacted
        self.options = options
        counter = ByteCounter()
        projection = nil
        do {
            parameters = try ConnectionParameters(url: parsed)
        } catch {
            throw ReaderError(.database, file: parsed.redacted, message: error.message)
        }
        switch (parsed.table, query) {
        case (_?, _?):
            throw ReaderError(.database, file: parsed.redacted, message: "both a table (?table=) and a query were given",
                              hint: "read a table or a query, not both: drop ?table= from the URL or the query")
        case (nil, nil):
            throw ReaderError(.database, file: parsed.redacted, message: "no table to read",
                              hint: "add ?table=schema.name to the URL, or give a query (--query \"SELECT …\")")
        default: break
        }
        let connection = try PostgresConnection(
            parameters: parameters, sourceName: parsed.redacted, counter: counter,
            statementTimeoutMilliseconds: options.statementTimeoutMilliseconds)
        let described: Described
        if let tableText = parsed.table {
            described = try Self.describeTable(tableText, connection: connection)
            self.query = nil
        } else {
            let trimmed = Self.trimmed(query ?? "")
            described = try Self.describeQuery(trimmed, connection: connection)
            self.query = trimmed
        }
        schema = described.schema
        relation = described.relation
        table = described.table
        naturalDecoders = described.decoders
        sourceTypeNames = described.typeNames
    }

    private init(copying other: PostgresSource, schema: Schema, projection: Set<Int>?) {
        name = other.name
        self.schema = schema
        options = other.options
        relation = other.relation
        table = other.table
        query = other.query
        sourceTypeNames = other.sourceTypeNames
        parameters = other.parameters
        naturalDecoders = other.naturalDecoders
        self.projection = projection
        counter = other.counter
    }

    /// The same source read as `schema` (same names; a column whose type changed is cast on the server).
    public func widened(to schema: Schema) -> PostgresSource {
        precondition(schema.names == self.schema.names, "widening keeps the columns")
        return PostgresSource(copying: self, schema: schema, projection: projection)
    }

    public func projected(to columns: Set<String>) -> PostgresSource {
        PostgresSource(copying: self, schema: schema, projection: Set(schema.fields.indices.filter { columns.contains(schema.fields[$0].name) }))
    }

    public var description: String { name }
    public var debugDescription: String { "PostgresSource(\(name))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "schema": schema, "relation": relation], displayStyle: .struct)
    }

    func connect() throws(ReaderError) -> PostgresConnection {
        try PostgresConnection(parameters: parameters, sourceName: name, counter: counter,
                               statementTimeoutMilliseconds: options.statementTimeoutMilliseconds)
    }

    // MARK: Opening

    private struct Described {
        var schema: Schema
        var relation: String
        var table: QualifiedName?
        var decoders: [FieldDecoder?]
        var typeNames: [String]
    }

    private static func describeTable(_ text: String, connection: PostgresConnection) throws(ReaderError) -> Described {
        let source = connection.sourceName
        let requested: QualifiedName
        switch QualifiedName.parse(text) {
        case .success(let name): requested = name
        case .failure(let problem):
            throw ReaderError(.database, file: source, message: "the table parameter is not a name: \(problem.reason)",
                              hint: "write table=schema.name; quote a name holding dots or capitals as \"Name\"")
        }
        // Names are bound as parameters; the catalog's own spelling is what gets quoted later.
        let found: QueryResult
        if let schema = requested.schema {
            found = try connection.query(
                """
                SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN (\(readableRelationKinds))
                """, parameters: [.text(schema), .text(requested.name)])
        } else {
            found = try connection.query(
                """
                SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid) AND c.relkind IN (\(readableRelationKinds))
                """, parameters: [.text(requested.name)])
        }
        guard let row = found.rows.first, case .int(let oid) = row[0], case .text(let schemaName) = row[1], case .text(let tableName) = row[2] else {
            let folded = text.contains(where: { $0.isASCII && $0.isUppercase }) && !text.contains("\"")
            throw ReaderError(.database, file: source, message: "no table or view \(text)\(requested.schema == nil ? " on the search path" : "")",
                              hint: folded ? "unquoted names are folded to lower case as in SQL: quote a mixed-case name, table=\"\(text)\" (%22 in a URL)"
                                  : "check the schema and table name, and that the user may see the schema")
        }
        let qualified = QualifiedName(schema: schemaName, name: tableName)
        let attributes = try connection.query(
            """
            SELECT a.attname, a.atttypid, t.typtype, t.typbasetype, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, parameters: [.int(oid)])
        guard !attributes.rows.isEmpty else {
            throw ReaderError(.database, file: source, message: "the table \(PostgresDialect().tableReference(qualified)) has no columns")
        }
        var fields: [Field] = []
        var decoders: [FieldDecoder?] = []
        var typeNames: [String] = []
        for row in attributes.rows {
            guard case .text(let name) = row[0], case .int(let typeOID) = row[1], case .text(let kind) = row[2],
                  case .int(let baseOID) = row[3], case .text(let typeName) = row[4] else {
                throw ReaderError(.database, file: source, message: "the catalog describes a column in an unexpected way")
            }
            // A domain sends its base type's binary form.
            let resolved = kind == "d" ? try resolveDomain(UInt32(truncatingIfNeeded: baseOID), connection: connection) : UInt32(truncatingIfNeeded: typeOID)
            let decoder = FieldDecoder(oid: resolved)
            fields.append(Field(name: name, type: decoder?.columnType ?? .string))
            decoders.append(decoder)
            typeNames.append(typeName)
        }
        return Described(schema: Schema(fields), relation: PostgresDialect().tableReference(qualified), table: qualified,
                         decoders: decoders, typeNames: typeNames)
    }

    /// The first non-domain type under a domain.
    private static func resolveDomain(_ oid: UInt32, connection: PostgresConnection) throws(ReaderError) -> UInt32 {
        var oid = oid
        for _ in 0..<domainDepthMax {
            let found = try connection.query("SELECT t.typtype, t.typbasetype FROM pg_catalog.pg_type t WHERE t.oid = $1", parameters: [.int(Int64(oid))])
            guard let row = found.rows.first, case .text("d") = row[0], case .int(let base) = row[1] else { return oid }
            oid = UInt32(truncatingIfNeeded: base)
        }
        return oid
    }

    private static func describeQuery(_ query: String, connection: PostgresConnection) throws(ReaderError) -> Described {
        let source = connection.sourceName
        guard !query.isEmpty else { throw ReaderError(.database, file: source, message: "the query is empty") }
        // The extended protocol takes exactly one statement, so a second one is refused here.
        let columns = try connection.describe(query)
        guard !columns.isEmpty else {
            throw ReaderError(.database, file: source, message: "the query returns no columns",
                              hint: "a query source is one read-only SELECT; DELETE, UPDATE, INSERT and other commands are refused")
        }
        var seen: Set<String> = []
        for column in columns where !seen.insert(column.name).inserted {
            throw ReaderError(.database, file: source, column: column.name, message: "the query returns two columns with this name",
                              hint: "name every column once, with AS")
        }
        // Run it for no rows in the read-only transaction: a data-modifying statement (INSERT/UPDATE/
        // DELETE … RETURNING) is refused by the server here, before anything else happens.
        let alias = PostgresDialect().quoteIdentifier(queryAlias)
        do {
            _ = try connection.query("WITH \(alias) AS (\n\(query)\n) SELECT * FROM \(alias) LIMIT 0")
        } catch {
            // 25006: read_only_sql_transaction ("cannot execute SELECT…", naming the wrapper, not the
            // query); 0A000: the query's own data-modifying WITH, now nested.
            guard connection.lastSQLState == "25006" || connection.lastSQLState == "0A000" else { throw error }
            throw ReaderError(.database, file: source, message: "the query writes to the database, which the read-only transaction Assay reads in refuses",
                              hint: "a query source is one read-only SELECT")
        }
        let typeNames = try connection.query(
            "SELECT pg_catalog.format_type(t.oid, NULL) FROM unnest($1::oid[]) WITH ORDINALITY AS t(oid, n) ORDER BY t.n",
            parameters: [.array(columns.map { .int(Int64($0.typeOID)) })]
        ).rows.map { row -> String in
            if case .text(let name) = row.first { return name }
            return "unknown"
        }
        let decoders = columns.map { FieldDecoder(oid: $0.typeOID) }
        let fields = zip(columns, decoders).map { Field(name: $0.name, type: $1?.columnType ?? .string) }
        return Described(schema: Schema(fields), relation: "(\n\(query)\n) AS \(alias)", table: nil, decoders: decoders, typeNames: typeNames)
    }

    /// The query without trailing whitespace and semicolons (it is wrapped in parentheses).
    static func trimmed(_ query: String) -> String {
        var text = Substring(query)
        while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return String(text)
    }
}
