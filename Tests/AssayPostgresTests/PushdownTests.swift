import AssayColumns
import AssayReaders
import Foundation
import Testing

@testable import AssayPostgres

/// The dialect's expressions run on a real server through `aggregate` and `rows`, with every value
/// bound as a parameter. Expected values are worked out by hand from the fixture (x = 1…10 with one
/// NULL row, y = 2x, s is banana, cherry, apple pie, apple, banana, …).
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PushdownTests {
    static func fixture(_ admin: Admin, _ schema: String) throws -> PostgresSource {
        try admin.run("CREATE TABLE \(schema).\"M e\" (x float8, y float8, k int8, s text, d date, \"Odd \"\"col\"\"\" int)")
        try admin.run(
            """
            INSERT INTO \(schema)."M e"
            SELECT g, 2 * g, 9223372036854775807 - g, (ARRAY['apple', 'banana', 'cherry', 'apple pie'])[g % 4 + 1],
                   DATE '2024-01-01' + g, g % 2
            FROM generate_series(1, 10) g
            """)
        try admin.run("INSERT INTO \(schema).\"M e\" VALUES (NULL, NULL, NULL, NULL, NULL, NULL)")
        return try PostgresSource(url: TestServer.url([("table", "\(schema).\"M e\"")]))
    }

    @Test func aggregatesReturnTypedValues() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        let source = try Self.fixture(admin, schema)
        let dialect = source.dialect
        let x = dialect.quoteIdentifier("x"), y = dialect.quoteIdentifier("y"), s = dialect.quoteIdentifier("s")
        let k = dialect.quoteIdentifier("k"), d = dialect.quoteIdentifier("d"), odd = dialect.quoteIdentifier("Odd \"col\"")
        let expressions = [
            dialect.countAll(), dialect.count(x), dialect.min(x), dialect.max(x), dialect.sum(x),
            dialect.sumOfSquares(x), dialect.sumOfProducts(x, y),
            dialect.countWhere("\(x) > \(dialect.parameter(1, type: .float64))"),
            dialect.countWhere(dialect.regexMatch(s, pattern: dialect.parameter(2, type: .string))),
            dialect.countDistinct(s),
            dialect.percentiles(x, fractions: dialect.arrayParameter(3, elementType: .float64)),
            dialect.countWhere("\(dialect.widthBucket(x, low: dialect.parameter(4, type: .float64), high: dialect.parameter(5, type: .float64), bucketCount: dialect.parameter(6, type: .int64))) = 2"),
            dialect.sum(k), dialect.min(d), dialect.max(s), dialect.max(odd),
            dialect.cast(dialect.min(x), to: .string),
        ]
        let sql = "SELECT " + expressions.joined(separator: ", ") + " FROM " + source.relation
        let row = try source.aggregate(sql, parameters: [.double(7.5), .text("^apple"), .array([.double(0), .double(0.5), .double(1)]),
                                                        .double(0), .double(10), .int(5)])
        let expected: [SQLValue] = [
            .int(11), .int(10), .double(1), .double(10), .double(55),
            .double(385), .double(770),
            .int(3),
            .int(4),
            .int(4),
            .array([.double(1), .double(5), .double(10)]),
            .int(2),
            // Ten values near Int64.max summed in double precision.
            .double(10 * 9_223_372_036_854_775_807.0 - 55),
            .int(19_724), .text("cherry"), .int(1),
            .text("1"),
        ]
        #expect(row == expected)
        #expect(source.bytesReceived > 0)
    }

    @Test func sessionsShareOneSnapshotAndRowsAreLimited() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        let source = try Self.fixture(admin, schema)
        let x = source.dialect.quoteIdentifier("x")
        let s = source.dialect.quoteIdentifier("s")
        try source.withSession { session in
            let before = try session.aggregate("SELECT count(*) FROM \(session.relation)")
            // A row added by someone else after the snapshot is not seen by the same session.
            try admin.run("INSERT INTO \(schema).\"M e\" (x) VALUES (99)")
            let after = try session.aggregate("SELECT count(*) FROM \(session.relation)")
            #expect(before == [.int(11)] && after == [.int(11)])
            let histogram = try session.rows(
                "SELECT \(session.dialect.widthBucket(x, low: "$1", high: "$2", bucketCount: "$3")) AS bucket, count(*) FROM \(session.relation) GROUP BY 1 ORDER BY 1",
                parameters: [.double(0), .double(10), .int(2)], limit: 100)
            #expect(histogram == [[.int(1), .int(4)], [.int(2), .int(5)], [.int(3), .int(1)], [.null, .int(1)]])
            let sample = try session.rows(
                "SELECT \(s), \(x) FROM \(session.relation) WHERE \(session.dialect.regexMatch(s, pattern: "$1")) ORDER BY \(x)",
                parameters: [.text("an+a")], limit: 2)
            #expect(sample == [[.text("banana"), .double(1)], [.text("banana"), .double(5)]])
        }
        #expect(try source.aggregate("SELECT count(*) FROM \(source.relation)") == [.int(12)])
        let many = readerError { _ = try source.aggregate("SELECT x FROM \(source.relation)") }
        #expect(many?.message == "an aggregate query returned 12 rows, not one")
        let unknownType = readerError { _ = try source.aggregate("SELECT interval '1 day'") }
        #expect(unknownType?.message == "row 1 of a query result the server sent a value of type OID 1186, which Assay does not read in binary (cast it to text in the SQL)")
    }

    @Test func queryRelationsAreSubqueries() throws {
        let admin = try Admin()
        let schema = try admin.makeSchema()
        defer { admin.dropSchema(schema) }
        _ = try Self.fixture(admin, schema)
        let source = try PostgresSource(url: TestServer.url([]), query: "SELECT x, s FROM \(schema).\"M e\" WHERE x <= 4;")
        #expect(source.relation == "(\nSELECT x, s FROM \(schema).\"M e\" WHERE x <= 4\n) AS \"assay_query\"")
        #expect(try source.aggregate("SELECT count(*), sum(x) FROM \(source.relation)") == [.int(4), .double(10)])
        #expect(try source.rows("SELECT s FROM \(source.relation) ORDER BY x DESC", limit: 1) == [[.text("apple")]])
    }
}
