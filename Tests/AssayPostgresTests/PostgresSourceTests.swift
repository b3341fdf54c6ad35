import AssayColumns
import AssayReaders
import Foundation
import Testing

@testable import AssayPostgres

/// Reading from a real server (`ASSAY_PG_URL`). Each test loads its fixtures into a schema of its
/// own and drops it afterwards.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresSourceTests {
    /// Days and microseconds since 1970 for the fixtures' dates and times (checked by hand:
    /// 2024-02-29 is day 19,782; 1969-12-31 is day -1).
    static let leapDay: Int64 = 19_782

    @Test func everyTypeReadsWithNulls() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TYPE \(schema).mood AS ENUM ('sad', 'ok', 'happy')")
        try admin.run("CREATE DOMAIN \(schema).positive AS int4 CHECK (VALUE > 0)")
        try admin.run("CREATE TYPE \(schema).pair AS (a int, b text)")
        try admin.run(
            """
            CREATE TABLE \(schema).types (
              i2 int2, i4 int4, i8 int8, o oid, f4 float4, f8 float8, n numeric(12,3), nn numeric, b bool,
              d date, ts timestamp, tz timestamptz, t text, vc varchar(10), bp char(5), nm name,
              u uuid, j json, jb jsonb, e \(schema).mood, dom \(schema).positive,
              arr int[], by bytea, iv interval, r int4range, comp \(schema).pair, ch "char")
            """)
        try admin.run(
            """
            INSERT INTO \(schema).types VALUES
            (-32768, 2147483647, -9223372036854775808, 4294967295, 1.5, -2.25e300, 123456789.125, 'NaN', true,
             '2024-02-29', '2024-02-29 12:34:56.789012', '2024-02-29 12:00:00+02', 'héllo', 'abc', 'ab', 'nm',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{"b": 1, "a": "x"}', 'happy', 7,
             '{1,NULL,3}', '\\xDEADbeef', '1 day 02:03:04', '[1,5)', ROW(1, 'x'), 'q'),
            (0, 0, 0, 0, '-Infinity', 'NaN', -0.001, 'Infinity', false,
             '1969-12-31', '1970-01-01 00:00:00', '1970-01-01 00:00:00.000001+00', '', '', '', '',
             '00000000-0000-0000-0000-000000000000', 'null', '[]', 'sad', 1,
             '{}', '\\x', '-1 mons', 'empty', ROW(NULL, NULL), ' '),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """)
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).types")]))
        let expectedTypes: [ColumnType] = [
            .int64, .int64, .int64, .int64, .float64, .float64, .float64, .float64, .bool,
            .date, .timestamp, .timestamp, .string, .string, .string, .string,
            .string, .string, .string, .string, .int64, .string, .string, .string, .string, .string, .string,
        ]
        #expect(source.schema.fields.map(\.type) == expectedTypes)
        #expect(source.sourceTypeNames[6] == "numeric(12,3)")
        #expect(source.sourceTypeNames[19] == "\(schema).mood")
        let columns = try source.readColumns()
        #expect(columns["i2"]?.int64Values == [-32768, 0, nil])
        #expect(columns["i4"]?.int64Values == [2_147_483_647, 0, nil])
        #expect(columns["i8"]?.int64Values == [Int64.min, 0, nil])
        #expect(columns["o"]?.int64Values == [4_294_967_295, 0, nil])
        #expect(columns["f4"]?.doubleValues == [1.5, -.infinity, nil])
        let f8 = try #require(columns["f8"]?.doubleValues)
        #expect(f8[0] == -2.25e300 && f8[1]!.isNaN && f8[2] == nil)
        #expect(columns["n"]?.doubleValues == [123_456_789.125, -0.001, nil])
        let nn = try #require(columns["nn"]?.doubleValues)
        #expect(nn[0]!.isNaN && nn[1] == .infinity && nn[2] == nil)
        #expect(columns["b"]?.boolValues == [true, false, nil])
        #expect(columns["d"]?.int64Values == [Self.leapDay, -1, nil])
        #expect(columns["ts"]?.int64Values == [Self.leapDay * 86_400_000_000 + 45_296_789_012, 0, nil])
        #expect(columns["tz"]?.int64Values == [Self.leapDay * 86_400_000_000 + 10 * 3_600_000_000, 1, nil])
        #expect(columns["t"]?.stringValues == ["héllo", "", nil])
        #expect(columns["vc"]?.stringValues == ["abc", "", nil])
        // char(n) keeps its padding, as the server stores and sends it.
        #expect(columns["bp"]?.stringValues == ["ab   ", "     ", nil])
        #expect(columns["nm"]?.stringValues == ["nm", "", nil])
        #expect(columns["u"]?.stringValues == ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000", nil])
        #expect(columns["j"]?.stringValues == ["{\"a\": [1, 2]}", "null", nil])
        // jsonb is stored normalised: keys sorted by length then bytes.
        #expect(columns["jb"]?.stringValues == ["{\"a\": \"x\", \"b\": 1}", "[]", nil])
        #expect(columns["e"]?.stringValues == ["happy", "sad", nil])
        #expect(columns["dom"]?.int64Values == [7, 1, nil])
        #expect(columns["arr"]?.stringValues == ["{1,NULL,3}", "{}", nil])
        #expect(columns["by"]?.stringValues == ["\\xdeadbeef", "\\x", nil])
        #expect(columns["iv"]?.stringValues == ["1 day 02:03:04", "-1 mons", nil])
        #expect(columns["r"]?.stringValues == ["[1,5)", "empty", nil])
        #expect(columns["comp"]?.stringValues == ["(1,x)", "(,)", nil])
        #expect(columns["ch"]?.stringValues == ["q", " ", nil])
    }

    @Test func citextReadsAsTextWhenTheExtensionIsThere() throws {
        let admin = try Admin()
        guard try !admin.run("SELECT 1 FROM pg_available_extensions WHERE name = 'citext'").isEmpty else {
            Issue.record("citext is not available on this server (Debian ships it with the postgresql package)")
            return
        }
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE EXTENSION IF NOT EXISTS citext")
        try admin.run("CREATE TABLE \(schema).c (name citext)")
        try admin.run("INSERT INTO \(schema).c VALUES ('MiXeD'), (NULL)")
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).c")]))
        #expect(source.schema.fields == [Field(name: "name", type: .string)])
        #expect(try source.readColumns()["name"]?.stringValues == ["MiXeD", nil])
    }

    /// Numeric → double must round like a correct decimal parser: Swift's `Double(String)` on the
    /// server's own text of each value is the reference.
    @Test func numericRoundsLikeACorrectParser() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).n (id int, n numeric)")
        try admin.run(
            """
            INSERT INTO \(schema).n
            SELECT g, CASE g % 5
              WHEN 0 THEN round((random() - 0.5)::numeric * 10::numeric ^ (g % 40 - 20), g % 30)
              WHEN 1 THEN (random() * 1e30)::numeric(60, 0) * 1000000000000
              WHEN 2 THEN round(random()::numeric, 2) + (g % 1000)
              WHEN 3 THEN 1::numeric / (g + 7)
              ELSE (random() * 1e-25)::numeric(60, 55) END
            FROM generate_series(1, 5000) g
            """)
        let texts = try admin.run("SELECT n::text FROM \(schema).n ORDER BY id").map { $0[0] ?? "" }
        let source = try PostgresSource(url: TestServer.url([]), query: "SELECT n FROM \(schema).n ORDER BY id")
        let values = try #require(try source.readColumns()["n"]?.doubleValues)
        #expect(values.count == texts.count)
        for (value, text) in zip(values, texts) {
            let expected: Double? = Double(text)
            if value != expected { Issue.record("\(text) read as \(String(describing: value)), expected \(String(describing: expected))") }
        }
    }

    @Test func infiniteDatesAreRefusedNamingColumnAndRow() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).d (id int, due date)")
        try admin.run("INSERT INTO \(schema).d VALUES (1, '2024-01-01'), (2, 'infinity')")
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).d")]))
        let error = readerError { _ = try source.readColumns() }
        #expect(error?.description == "\(source.name), column \"due\": row 2 holds the date infinity, which Assay cannot store"
            + " (turn it into NULL in a --query, e.g. SELECT NULLIF(NULLIF(col, 'infinity'), '-infinity') AS col)")
        let nulled = try PostgresSource(url: TestServer.url([]), query: "SELECT id, NULLIF(NULLIF(due, 'infinity'), '-infinity') AS due FROM \(schema).d ORDER BY id")
        #expect(try nulled.readColumns()["due"]?.int64Values == [19_723, nil])
    }

    static let hostileNames = ["\"; DROP TABLE x; --", "it's", "back\\slash", "Ünïcødé 列", "with space", "MixedCase", "\"quoted\"", "a.b", "$1", "x"]
    static let hostileValues: [String?] = [
        "'); DROP TABLE x; --", "\"double\" and 'single'", "back\\slash \\\\ \\N", "tab\there\nnewline\r\n", "Ünïcødé 列 🧪",
        "", nil, "\\x00", "$1 $2 %s {0}", String(repeating: "long ", count: 20_000),
    ]

    @Test func hostileNamesAndValuesReadBackExactly() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        let quote = admin.escapeIdentifier
        let tableName = "\"; DROP TABLE x; --"
        try admin.run("CREATE TABLE \(schema).x (keep int)")
        try admin.run("INSERT INTO \(schema).x VALUES (1)")
        let columns = Self.hostileNames.map { quote($0) + " text" }.joined(separator: ", ")
        try admin.run("CREATE TABLE \(schema).\(quote(tableName)) (id int, \(columns))")
        let placeholders = Self.hostileNames.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        for row in Self.hostileValues.indices {
            // Row r holds value r in the first column, rotating through the others.
            let values = Self.hostileNames.indices.map { Self.hostileValues[($0 + row) % Self.hostileValues.count] }
            try admin.run("INSERT INTO \(schema).\(quote(tableName)) VALUES ($1, \(placeholders))", [String(row)] + values)
        }
        // The dialect quotes exactly as libpq's PQescapeIdentifier does.
        for name in Self.hostileNames + [tableName, "", "\"\"\"", "\u{1F600}"] {
            #expect(PostgresDialect().quoteIdentifier(name) == quote(name))
        }

        let tableParameter = "\(schema).\(quote(tableName))"
        let source = try PostgresSource(url: TestServer.url([("table", tableParameter)]))
        #expect(source.schema.names == ["id"] + Self.hostileNames)
        #expect(source.table == QualifiedName(schema: schema, name: tableName))
        #expect(source.name.hasSuffix("table=" + TestServer.percentEncoded(tableParameter)))
        let read = try source.readColumns(workerCount: 2)
        let ids = try #require(read["id"]?.int64Values)
        #expect(ids == Self.hostileValues.indices.map { Int64($0) })
        for (index, name) in Self.hostileNames.enumerated() {
            let expected = Self.hostileValues.indices.map { Self.hostileValues[(index + $0) % Self.hostileValues.count] }
            #expect(read[name]?.stringValues == expected, "column \(name)")
        }
        // Projection and the query path quote the same names.
        let projected = try source.projected(to: ["\"; DROP TABLE x; --", "Ünïcødé 列"]).readColumns()
        #expect(projected["Ünïcødé 列"]?.stringValues == Self.hostileValues.indices.map { Self.hostileValues[(3 + $0) % Self.hostileValues.count] })
        #expect(projected["it's"]?.nullCount == Self.hostileValues.count)
        let query = try PostgresSource(url: TestServer.url([]), query: "SELECT * FROM \(schema).\(quote(tableName)) ORDER BY id")
        #expect(try query.readColumns()["with space"]?.stringValues == Self.hostileValues.indices.map { Self.hostileValues[(4 + $0) % Self.hostileValues.count] })

        #expect(try admin.run("SELECT keep FROM \(schema).x") == [["1"]])
    }

    @Test func twoHundredThousandRowsStreamInBoundedBatches() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        let rowCount = 200_000
        try admin.run("CREATE TABLE \(schema).big (id int8, half float8, label text, flag bool)")
        try admin.run("INSERT INTO \(schema).big SELECT g, g * 0.5, 'row ' || g, g % 3 = 0 FROM generate_series(1, \(rowCount)) g")
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).big")]))

        // One worker: batches arrive in order while the stream is still being read.
        var batchSizes: [Int] = []
        var bytesAtFirstBatch = 0
        var idSum: Int64 = 0
        var halfSum = 0.0
        var trueCount = 0
        var lastLabel = ""
        try source.scan(workerCount: 1) { worker, batch in
            #expect(worker == 0)
            if batchSizes.isEmpty { bytesAtFirstBatch = source.bytesReceived }
            #expect(batch.ordinal == BatchOrdinal(chunk: batchSizes.count, part: 0))
            batchSizes.append(batch.rowCount)
            idSum += batch.columns[0].int64Values.reduce(0) { $0 + $1! }
            halfSum += batch.columns[1].doubleValues.reduce(0) { $0 + $1! }
            trueCount += batch.columns[3].boolValues.filter { $0 == true }.count
            lastLabel = batch.columns[2].stringValues.last!!
        }
        #expect(batchSizes == [65_536, 65_536, 65_536, rowCount - 3 * 65_536])
        #expect(idSum == Int64(rowCount * (rowCount + 1) / 2))
        #expect(halfSum == Double(rowCount * (rowCount + 1) / 2) * 0.5)
        #expect(trueCount == rowCount / 3)
        #expect(lastLabel == "row \(rowCount)")
        // The first batch was handed over after about a third of the data had arrived, not all of it.
        let total = source.bytesReceived
        #expect(bytesAtFirstBatch > 0 && bytesAtFirstBatch < total / 2, "\(bytesAtFirstBatch) of \(total)")

        // Two workers: the same rows, each batch once.
        let lock = NSLock()
        var ordinals: [BatchOrdinal] = []
        var parallelSum: Int64 = 0
        try source.scan(workerCount: 2) { _, batch in
            let sum = batch.columns[0].int64Values.reduce(0) { $0 + $1! }
            lock.lock()
            ordinals.append(batch.ordinal)
            parallelSum += sum
            lock.unlock()
        }
        #expect(ordinals.sorted() == (0..<4).map { BatchOrdinal(chunk: $0, part: 0) })
        #expect(parallelSum == idSum)
    }

    @Test func wideRowsEndBatchesEarly() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).wide (id int, body text)")
        try admin.run("INSERT INTO \(schema).wide SELECT g, repeat(chr(64 + g % 26), 1048576) FROM generate_series(1, 100) g")
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).wide")]))
        var sizes: [Int] = []
        var lengthsOK = true
        try source.scan(workerCount: 1) { _, batch in
            sizes.append(batch.rowCount)
            lengthsOK = lengthsOK && batch.columns[1].stringValues.allSatisfy { $0?.utf8.count == 1_048_576 }
        }
        // Each row is 1 MiB of text plus 10 bytes of framing: the 64th row reaches 64 MiB.
        #expect(sizes == [64, 36])
        #expect(lengthsOK)
    }

    @Test func stoppingEarlyCancelsTheServersWork() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        let application = "assay-cancel-\(schema)"
        let source = try PostgresSource(url: TestServer.url([("application_name", application)]),
                                        query: "SELECT g FROM generate_series(1, 50000000) g")
        struct Stop: Error {}
        let lock = NSLock()
        var batches = 0
        #expect(throws: Stop.self) {
            try source.scan(workerCount: 2) { _, _ in
                lock.lock()
                batches += 1
                lock.unlock()
                throw Stop()
            }
        }
        #expect(batches >= 1 && batches <= 2)
        // The server stops the COPY within moments (it would stream 50M rows otherwise).
        var active = -1
        for _ in 0..<100 {
            active = Int(try admin.run("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [application])[0][0] ?? "") ?? -1
            if active == 0 { break }
            usleep(50_000)
        }
        #expect(active == 0)
    }

    @Test func aServiceFileNamesTheServer() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).s (v text)")
        try admin.run("INSERT INTO \(schema).s VALUES ('from the service')")
        let settings = try admin.run("SELECT host(inet_server_addr()), current_setting('port'), current_database(), current_user")[0]
        // Over a Unix socket the server has no address: libpq's default socket then.
        let host = settings[0].map { "host=\($0)\n" } ?? ""
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("assay-pg-service-\(schema).conf")
        try "[assay_\(schema)]\n\(host)port=\(settings[1] ?? "")\ndbname=\(settings[2] ?? "")\nuser=\(settings[3] ?? "")\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        // PGSERVICEFILE is read only when a service is asked for, so no other test sees it.
        setenv("PGSERVICEFILE", file.path, 1)
        let source = try PostgresSource(url: "postgresql://?service=assay_\(schema)&table=\(schema).s")
        #expect(source.name == "postgresql://?service=assay_\(schema)&table=\(schema).s")
        #expect(try source.readColumns()["v"]?.stringValues == ["from the service"])
    }

    @Test func projectionSelectsOnlyTheNamedColumns() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).p (a int, b text, c float8)")
        try admin.run("INSERT INTO \(schema).p SELECT g, repeat('x', 100), g FROM generate_series(1, 1000) g")
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).p")]))
        let full = try source.readColumns()
        let fullBytes = source.bytesReceived
        let projected = source.projected(to: ["c", "not a column"])
        let columns = try projected.readColumns()
        #expect(columns["c"]?.doubleValues == full["c"]?.doubleValues)
        #expect(columns["a"] == Column.empty(.int64, rowCount: 1000))
        #expect(columns["b"] == Column.empty(.string, rowCount: 1000))
        // The text column was never sent: per row a field count (2 bytes), c's length (4) and value (8);
        // a 19-byte header and a 2-byte trailer.
        #expect(source.bytesReceived - fullBytes == 1000 * 14 + 19 + 2)
        // No column at all still counts the rows.
        let none = source.projected(to: [])
        var rows = 0
        try none.scan(workerCount: 1) { _, batch in rows += batch.rowCount }
        #expect(rows == 1000)
    }

    @Test func querySourcesReadTheirResult() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).q (id int, amount numeric(10,2), note text)")
        try admin.run("INSERT INTO \(schema).q VALUES (1, 10.50, 'a'), (2, NULL, 'b'), (3, 7.25, NULL)")
        let source = try PostgresSource(
            url: TestServer.url([]),
            query: "  SELECT id * 10 AS id10, amount, upper(note) AS loud, ARRAY[id] AS arr FROM \(schema).q WHERE id >= 2 ORDER BY id ;\n")
        #expect(source.schema == Schema([Field(name: "id10", type: .int64), Field(name: "amount", type: .float64),
                                         Field(name: "loud", type: .string), Field(name: "arr", type: .string)]))
        #expect(source.sourceTypeNames == ["integer", "numeric", "text", "integer[]"])
        #expect(source.query?.hasSuffix("ORDER BY id") == true)
        #expect(source.table == nil)
        let columns = try source.readColumns()
        #expect(columns["id10"]?.int64Values == [20, 30])
        #expect(columns["amount"]?.doubleValues == [nil, 7.25])
        #expect(columns["loud"]?.stringValues == ["B", nil])
        #expect(columns["arr"]?.stringValues == ["{2}", "{3}"])
        #expect(try source.projected(to: ["loud"]).readColumns()["loud"]?.stringValues == ["B", nil])

        let twice = readerError { _ = try PostgresSource(url: TestServer.url([]), query: "SELECT 1 AS a, 2 AS a") }
        #expect(twice?.description == "\(source.name), column \"a\": the query returns two columns with this name (name every column once, with AS)")
        let two = readerError { _ = try PostgresSource(url: TestServer.url([]), query: "SELECT 1; SELECT 2") }
        #expect(two?.message == "cannot insert multiple commands into a prepared statement")
    }

    @Test func writesAreRefusedByTheReadOnlyTransaction() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        try admin.run("CREATE TABLE \(schema).keep (id int)")
        try admin.run("INSERT INTO \(schema).keep VALUES (1), (2)")
        try admin.run("CREATE SEQUENCE \(schema).s")
        let url = TestServer.url([])
        let returning = readerError { _ = try PostgresSource(url: url, query: "DELETE FROM \(schema).keep RETURNING *") }
        #expect(returning?.description == "\(TestServer.url([])): the query writes to the database, which the read-only transaction Assay reads in refuses"
            + " (a query source is one read-only SELECT)")
        let plain = readerError { _ = try PostgresSource(url: url, query: "DELETE FROM \(schema).keep") }
        #expect(plain?.message == "the query returns no columns")
        let insert = readerError {
            _ = try PostgresSource(url: url, query: "WITH gone AS (DELETE FROM \(schema).keep RETURNING id) SELECT id FROM gone")
        }
        #expect(insert?.message == "the query writes to the database, which the read-only transaction Assay reads in refuses")
        let sequence = try PostgresSource(url: url, query: "SELECT nextval('\(schema).s') AS n")
        #expect(readerError { _ = try sequence.readColumns() }?.message == "cannot execute nextval() in a read-only transaction")
        let escape = try PostgresSource(url: url, query: "SELECT set_config('transaction_read_only', 'off', false) AS x")
        #expect(readerError { _ = try escape.readColumns() }?.message == "transaction read-write mode must be set before any query")
        let table = try PostgresSource(url: TestServer.url([("table", "\(schema).keep")]))
        let aggregate = readerError { _ = try table.aggregate("SELECT count(*) FROM (DELETE FROM \(schema).keep RETURNING 1) AS d") }
        #expect(aggregate?.code == .database)
        let updateInAggregate = readerError { _ = try table.aggregate("WITH u AS (UPDATE \(schema).keep SET id = 0 RETURNING 1) SELECT count(*) FROM u") }
        #expect(updateInAggregate?.message == "cannot execute SELECT in a read-only transaction")
        #expect(updateInAggregate?.hint == "Assay reads in a read-only transaction: the query must be one read-only SELECT")
        #expect(try admin.run("SELECT id FROM \(schema).keep ORDER BY id") == [["1"], ["2"]])
    }

    @Test func passwordsNeverAppearInMessages() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        let role = "assay_reader_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        defer {
            admin.dropSchema(schema)
            _ = try? admin.run("DROP ROLE IF EXISTS \(role)")
        }
        let password = "Corr3ct-H0rse"
        try admin.run("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        try admin.run("CREATE TABLE \(schema).t (v int)")
        try admin.run("INSERT INTO \(schema).t VALUES (42)")
        try admin.run("GRANT USAGE ON SCHEMA \(schema) TO \(role)")
        try admin.run("GRANT SELECT ON \(schema).t TO \(role)")

        let good = try PostgresSource(url: TestServer.url([("table", "\(schema).t")], user: role, password: password))
        #expect(!good.name.contains(password) && good.name.contains(role + "@"))
        #expect(!"\(good)".contains(password) && !String(reflecting: good).contains(password))
        #expect(try good.readColumns()["v"]?.int64Values == [42])

        let wrong = "Wr0ng-Battery-Staple"
        let refused = readerError { _ = try PostgresSource(url: TestServer.url([("table", "\(schema).t")], user: role, password: wrong)) }
        #expect(refused?.description.contains(wrong) == false)
        #expect(refused?.message.contains("password authentication failed for user \"\(role)\"") == true)
        #expect(refused?.hint == "check the user and password: in the URL, PGPASSWORD, PGPASSFILE or ~/.pgpass")
        let asParameter = readerError { _ = try PostgresSource(url: TestServer.url([("table", "\(schema).t"), ("password", wrong)], user: role)) }
        #expect(asParameter?.description.contains(wrong) == false)
        #expect(asParameter.map { !$0.file.contains("password") } == true)

        // A password file, named by the URL as libpq allows (PGPASSFILE and ~/.pgpass work the same way).
        let passfile = FileManager.default.temporaryDirectory.appendingPathComponent("assay-pgpass-\(role)")
        try "*:*:*:\(role):\(password)\n".write(to: passfile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passfile.path)
        defer { try? FileManager.default.removeItem(at: passfile) }
        let fromFile = try PostgresSource(url: TestServer.url([("table", "\(schema).t"), ("passfile", passfile.path)], user: role))
        #expect(try fromFile.readColumns()["v"]?.int64Values == [42])
    }

    @Test func permissionMissingTablesAndColumnsAreClearErrors() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        let role = "assay_nobody_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        defer {
            admin.dropSchema(schema)
            _ = try? admin.run("DROP ROLE IF EXISTS \(role)")
        }
        try admin.run("CREATE ROLE \(role) LOGIN PASSWORD 'pw-\(role)'")
        try admin.run("CREATE TABLE \(schema).secret (v int, w int)")
        try admin.run("GRANT USAGE ON SCHEMA \(schema) TO \(role)")

        let denied = try PostgresSource(url: TestServer.url([("table", "\(schema).secret")], user: role, password: "pw-\(role)"))
        let error = readerError { _ = try denied.readColumns() }
        #expect(error?.description == "\(denied.name): permission denied for table secret (the user may not read this: GRANT SELECT on it, or connect as a user who may)")

        let missing = readerError { _ = try PostgresSource(url: TestServer.url([("table", "\(schema).Nope")])) }
        #expect(missing?.message == "no table or view \(schema).Nope")
        #expect(missing?.hint == "unquoted names are folded to lower case as in SQL: quote a mixed-case name, table=\"\(schema).Nope\" (%22 in a URL)")
        let noSchema = readerError { _ = try PostgresSource(url: TestServer.url([("table", "nope_\(schema)")])) }
        #expect(noSchema?.message == "no table or view nope_\(schema) on the search path")

        // A column dropped after the source was opened.
        let source = try PostgresSource(url: TestServer.url([("table", "\(schema).secret")]))
        try admin.run("ALTER TABLE \(schema).secret DROP COLUMN w")
        let dropped = readerError { _ = try source.readColumns() }
        #expect(dropped?.message == "column \"w\" does not exist")
        #expect(dropped?.hint == "check the column name")
    }

    @Test func unreachableServerIsAnError() throws {
        let error = readerError { _ = try PostgresSource(url: "postgresql://u:Secr3t-pw@127.0.0.1:1/db?table=t&connect_timeout=2") }
        #expect(error?.file == "postgresql://u@127.0.0.1:1/db?table=t&connect_timeout=2")
        #expect(error?.message.hasPrefix("could not connect: connection to server at \"127.0.0.1\", port 1 failed: Connection refused") == true)
        #expect(error?.hint == "is the server running, and are host and port right?")
        #expect(error?.description.contains("Secr3t-pw") == false)
    }

    @Test func statementTimeoutStopsALongQuery() throws {
        let source = try PostgresSource(url: TestServer.url([]), query: "SELECT pg_sleep(5) AS slept", options: PostgresOptions(statementTimeoutMilliseconds: 100))
        let error = readerError { _ = try source.readColumns() }
        #expect(error?.description == "\(source.name): canceling statement due to statement timeout"
            + " (the statement ran longer than the statement timeout of 100 ms, or was cancelled; raise the timeout or read less)")
    }

    @Test func aServerErrorMidStreamIsAnError() throws {
        // The division fails on row 70,000, after a batch was already handed over.
        let source = try PostgresSource(url: TestServer.url([]), query: "SELECT g, 1 / (70000 - g) AS inverse FROM generate_series(1, 100000) g")
        var batches = 0
        let error = readerError { try source.scan(workerCount: 1) { _, _ in batches += 1 } }
        #expect(batches == 1)
        #expect(error?.message == "division by zero")
    }
}
