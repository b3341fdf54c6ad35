import AssayColumns
import AssayReaders
import Foundation
import Testing

@testable import AssayPostgres

/// What needs no server: URL handling, names, quoting, and the binary decoders fed hostile bytes.
struct URLTests {
    @Test func passwordIsRemovedFromTheNameAndKeptForLibpq() throws {
        let url = try PostgresURL("postgresql://alice:s%40cret@db.example:5433/sales?sslmode=require&table=public.orders")
        #expect(url.redacted == "postgresql://alice@db.example:5433/sales?sslmode=require&table=public.orders")
        #expect(url.connectionURL == "postgresql://alice:s%40cret@db.example:5433/sales?sslmode=require")
        #expect(url.table == "public.orders")
        #expect(url.secrets.contains("s@cret") && url.secrets.contains("s%40cret"))
    }

    @Test func passwordParametersAreSecretsToo() throws {
        let url = try PostgresURL("postgres://bob@h/db?password=hunter2&sslpassword=k3y&table=t&application_name=x")
        #expect(url.redacted == "postgres://bob@h/db?table=t&application_name=x")
        #expect(url.connectionURL == "postgres://bob@h/db?password=hunter2&sslpassword=k3y&application_name=x")
        #expect(Set(url.secrets) == ["hunter2", "k3y"])
    }

    @Test func tableIsPercentDecodedAndMayBeAbsent() throws {
        #expect(try PostgresURL("postgresql://h/db?table=%22Odd%20Schema%22.t").table == "\"Odd Schema\".t")
        #expect(try PostgresURL("postgresql:///db").table == nil)
        #expect(try PostgresURL("postgresql://").redacted == "postgresql://")
    }

    @Test func malformedURLsAreRefusedWithoutEchoingThem() {
        for (url, message) in [
            ("mysql://u:pw@h/db", "not a PostgreSQL URL: it must start with postgresql:// or postgres://"),
            ("postgresql://h/db?table=a&table=b", "the URL names a table twice (table=…&table=…)"),
            ("postgresql://h/db?table=", "the table parameter is empty: write ?table=schema.name"),
        ] {
            #expect(throws: URLProblem.self) { try PostgresURL(url) }
            do {
                _ = try PostgresURL(url)
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test func aPasswordWithUnescapedSlashOrAtStaysSecret() {
        for url in ["postgresql://u:pass/w0rd@h/db?table=t", "postgresql://u:p@ss@w0rd@h/db?table=t"] {
            let error = readerError { _ = try PostgresSource(url: url) }
            #expect(error?.description.contains("w0rd") == false, "\(error?.description ?? "")")
            #expect(error?.description.contains("pass") == false && error?.description.contains("ss@") == false)
        }
    }

    @Test func aTableOrAQueryIsCheckedBeforeConnecting() {
        let both = readerError { _ = try PostgresSource(url: "postgresql://u:pw@127.0.0.1:1/db?table=t", query: "SELECT 1") }
        #expect(both?.description == "postgresql://u@127.0.0.1:1/db?table=t: both a table (?table=) and a query were given"
            + " (read a table or a query, not both: drop ?table= from the URL or the query)")
        let neither = readerError { _ = try PostgresSource(url: "postgresql://127.0.0.1:1/db") }
        #expect(neither?.message == "no table to read")
    }

    @Test func sourceRefusesABadURLWithoutItsPassword() {
        let error = readerError { _ = try PostgresSource(url: "postgresql://u:Sup3rSecret@h:notaport/db?table=t") }
        #expect(error?.code == .database)
        #expect(error?.description.contains("Sup3rSecret") == false)
        #expect(error?.description.contains("invalid") == true)
    }

    @Test func connectionParametersNeverShowThePassword() throws {
        let parameters = try ConnectionParameters(url: PostgresURL("postgresql://u:Pa55word@h:1/db?sslmode=disable"))
        #expect(parameters.keywords.contains("password"))
        #expect(parameters.values.contains("Pa55word"))
        for text in [String(describing: parameters), String(reflecting: parameters), "\(Mirror(reflecting: parameters).children.map { "\($0)" })"] {
            #expect(!text.contains("Pa55word"))
        }
        let keywordsAndValues = Dictionary(uniqueKeysWithValues: zip(parameters.keywords, parameters.values))
        #expect(keywordsAndValues["client_encoding"] == "UTF8")
        #expect(keywordsAndValues["sslmode"] == "disable")
        #expect(keywordsAndValues["connect_timeout"] == "10")
    }

    @Test func scrubberRemovesEverySecretAndMakesOneLine() {
        let scrubber = Scrubber(secrets: ["pw", "pw-long"])
        #expect(scrubber.oneLine("connection to server failed:\n\tpassword pw-long and pw\n") == "connection to server failed: password *** and ***")
    }
}

struct NameTests {
    @Test func qualifiedNamesSplitOnTheUnquotedDotAndFoldUnquotedCase() throws {
        #expect(try QualifiedName.parse("public.Orders").get() == QualifiedName(schema: "public", name: "orders"))
        #expect(try QualifiedName.parse("\"My.Schema\".\"Ta\"\"ble\"").get() == QualifiedName(schema: "My.Schema", name: "Ta\"ble"))
        #expect(try QualifiedName.parse("orders").get() == QualifiedName(schema: nil, name: "orders"))
        #expect(try QualifiedName.parse("Ünïcødé").get() == QualifiedName(schema: nil, name: "Ünïcødé"))
        #expect(try QualifiedName.parse("\"\"\"; DROP TABLE x; --\"").get() == QualifiedName(schema: nil, name: "\"; DROP TABLE x; --"))
    }

    @Test(arguments: ["a.b.c", "a.", ".b", "\"open", "\"a\"b", "a\"b\"", ""])
    func malformedNamesAreRefused(text: String) {
        #expect(throws: QualifiedNameError.self) { try QualifiedName.parse(text).get() }
    }

    @Test func identifiersAreQuotedWithDoubledQuotes() {
        let dialect = PostgresDialect()
        #expect(dialect.quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(dialect.quoteIdentifier("\"; DROP TABLE x; --") == "\"\"\"; DROP TABLE x; --\"")
        #expect(dialect.tableReference(QualifiedName(schema: "s\"", name: "t.x")) == "\"s\"\"\".\"t.x\"")
        #expect(dialect.parameter(3, type: .float64) == "$3::double precision")
        #expect(dialect.arrayParameter(1, elementType: .float64) == "$1::double precision[]")
    }

    @Test func parameterTextsAreWhatPostgreSQLReads() throws {
        #expect(try SQLValue.double(.infinity).parameterText() == "Infinity")
        #expect(try SQLValue.double(.nan).parameterText() == "NaN")
        #expect(try SQLValue.double(0.1).parameterText() == "0.1")
        #expect(try SQLValue.bool(true).parameterText() == "t")
        #expect(try SQLValue.null.parameterText() == nil)
        #expect(try SQLValue.array([.text("a\"b"), .null, .text("c\\d"), .int(3)]).parameterText() == "{\"a\\\"b\",NULL,\"c\\\\d\",\"3\"}")
        #expect(throws: SQLValueError.self) { try SQLValue.text("a\u{0}b").parameterText() }
    }

    @Test func queriesLoseTrailingSemicolons() {
        #expect(PostgresSource.trimmed("  SELECT 1 ;; \n") == "SELECT 1")
    }
}

/// The binary COPY parser and value decoders against crafted bytes: every malformed input is an
/// error, never a crash or an out-of-bounds read.
struct BinaryDecodingTests {
    static let header: [UInt8] = BinaryCopyParser.signature + [0, 0, 0, 0, 0, 0, 0, 0]

    static func be16(_ value: Int16) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func be32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func be64(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    /// Parses `messages` with `decoders`; returns the finished columns or the problem.
    static func parse(_ messages: [[UInt8]], _ decoders: [FieldDecoder]) -> Result<[Column], CopyProblem> {
        var parser = BinaryCopyParser(fieldCount: decoders.count)
        var builders = decoders.map { ColumnBuilder(decoder: $0, rowCapacity: 4) }
        for message in messages {
            var position = 0
            let problem: CopyProblem? = message.withUnsafeBytes { bytes in
                do throws(CopyProblem) {
                    _ = try parser.parse(bytes, position: &position, rowLimit: 100, into: &builders)
                    return nil
                } catch {
                    return error
                }
            }
            if let problem { return .failure(problem) }
        }
        return .success(builders.map { $0.finish() })
    }

    @Test func wellFormedRowsDecode() throws {
        let row1 = Self.be16(3) + Self.be32(8) + Self.be64(-42) + Self.be32(-1) + Self.be32(4) + Array("héj".utf8)
        let trailer = Self.be16(-1)
        let columns = try Self.parse([Self.header + row1, trailer], [.int8, .float8, .text]).get()
        #expect(columns[0].int64Values == [-42])
        #expect(columns[1].doubleValues == [nil])
        #expect(columns[2].stringValues == ["héj"])
    }

    @Test func headerExtensionIsSkipped() throws {
        let header = BinaryCopyParser.signature + [0, 0, 0, 0] + Self.be32(3) + [9, 9, 9]
        let columns = try Self.parse([header + Self.be16(1) + Self.be32(4) + Self.be32(7) + Self.be16(-1)], [.int4]).get()
        #expect(columns[0].int64Values == [7])
    }

    static let hostile: [(String, [[UInt8]], [FieldDecoder])] = [
        ("no signature", [Array("PGCOPY\n".utf8)], [.int4]),
        ("wrong signature", [Array("NOTCOPY\n\u{ff}\r\n\0".utf8) + [0, 0, 0, 0, 0, 0, 0, 0]], [.int4]),
        ("critical flag", [BinaryCopyParser.signature + [0, 2, 0, 0, 0, 0, 0, 0]], [.int4]),
        ("extension longer than the message", [BinaryCopyParser.signature + [0, 0, 0, 0] + be32(100)], [.int4]),
        ("negative extension", [BinaryCopyParser.signature + [0, 0, 0, 0] + be32(-5)], [.int4]),
        ("field longer than the message", [header + be16(1) + be32(1000) + [1, 2, 3, 4]], [.int4]),
        ("huge field length", [header + be16(1) + be32(Int32.max)], [.text]),
        ("negative field length", [header + be16(1) + be32(-7) + [1, 2]], [.text]),
        ("wrong field count", [header + be16(2) + be32(4) + be32(1) + be32(4) + be32(2)], [.int4]),
        ("field count cut", [header + [0]], [.int4]),
        ("length cut", [header + be16(1) + [0, 0]], [.int4]),
        ("int4 of 3 bytes", [header + be16(1) + be32(3) + [0, 0, 1]], [.int4]),
        ("int8 of 4 bytes", [header + be16(1) + be32(4) + [0, 0, 0, 1]], [.int8]),
        ("bool of 0 bytes", [header + be16(1) + be32(0)], [.bool]),
        ("uuid of 15 bytes", [header + be16(1) + be32(15) + [UInt8](repeating: 1, count: 15)], [.uuid]),
        ("jsonb version 2", [header + be16(1) + be32(3) + [2, 0x7B, 0x7D]], [.jsonb]),
        ("jsonb empty", [header + be16(1) + be32(0)], [.jsonb]),
        ("invalid UTF-8", [header + be16(1) + be32(2) + [0xC3, 0x28]], [.text]),
        ("surrogate in UTF-8", [header + be16(1) + be32(3) + [0xED, 0xA0, 0x80]], [.text]),
        ("overlong UTF-8", [header + be16(1) + be32(2) + [0xC0, 0xAF]], [.text]),
        ("truncated UTF-8", [header + be16(1) + be32(2) + [0xE2, 0x82]], [.text]),
        ("numeric too short", [header + be16(1) + be32(6) + [0, 1, 0, 0, 0, 0]], [.numeric]),
        ("numeric digit count lies", [header + be16(1) + be32(8) + be16(5) + be16(0) + be16(0) + be16(0)], [.numeric]),
        ("numeric digit out of range", [header + be16(1) + be32(10) + be16(1) + be16(0) + be16(0) + be16(0) + be16(10_000)], [.numeric]),
        ("numeric bad sign", [header + be16(1) + be32(8) + be16(0) + be16(0) + be16(0x1234) + be16(0)], [.numeric]),
        ("date infinity", [header + be16(1) + be32(4) + be32(Int32.max)], [.date]),
        ("timestamp -infinity", [header + be16(1) + be32(8) + be64(Int64.min)], [.timestamp]),
        ("timestamp past Int64", [header + be16(1) + be32(8) + be64(Int64.max - 1)], [.timestamp]),
        ("data after the trailer", [header + be16(-1) + be16(1)], [.int4]),
    ]

    @Test(arguments: hostile.indices)
    func hostileStreamsAreErrors(index: Int) {
        let (name, messages, decoders) = Self.hostile[index]
        if case .success = Self.parse(messages, decoders) { Issue.record("\(name) was accepted") }
    }

    @Test func infinityNamesTheRow() {
        let stream = Self.header + Self.be16(1) + Self.be32(4) + Self.be32(0) + Self.be16(1) + Self.be32(4) + Self.be32(Int32.min)
        guard case .failure(.field(column: 0, row: 2, problem: .infinity("the date -infinity"))) = Self.parse([stream], [.date]) else {
            Issue.record("expected the second row's -infinity")
            return
        }
    }

    /// `numeric_send` bytes for a decimal written as base-10000 digits.
    static func numeric(digits: [Int16], weight: Int16, negative: Bool = false) -> [UInt8] {
        be16(Int16(digits.count)) + be16(weight) + be16(negative ? 0x4000 : 0) + be16(0) + digits.flatMap(be16)
    }

    @Test func numericMatchesCorrectRounding() throws {
        let cases: [([Int16], Int16, Bool, String)] = [
            ([12, 3400], 0, false, "12.34"),
            ([1000], -1, false, "0.1"),
            ([5000], -1, true, "-0.5"),
            ([1], 7, false, "1e28"),
            ([1234, 5678, 9012, 3456, 7890, 1234], 2, false, "123456789012.345678901234"),
            ([3333, 3333, 3333, 3333, 3333, 3333, 3333, 3333], -1, false, "0.33333333333333333333333333333333"),
            ([17], -6, false, "17e-24"),
            ([9999, 9999, 9999, 9999, 9999], 4, true, "-99999999999999999999"),
        ]
        for (digits, weight, negative, text) in cases {
            let bytes = Self.numeric(digits: digits, weight: weight, negative: negative)
            let value = try bytes.withUnsafeBytes { try BinaryValues.numeric($0).get() }
            #expect(value == Double(text)!, "\(text)")
        }
        for (sign, expected) in [(UInt16(0xC000), Double.nan), (0xD000, .infinity), (0xF000, -.infinity)] {
            let bytes = Self.be16(0) + Self.be16(0) + Self.be16(Int16(bitPattern: sign)) + Self.be16(0)
            let value = try bytes.withUnsafeBytes { try BinaryValues.numeric($0).get() }
            #expect(value.isNaN ? expected.isNaN : value == expected)
        }
    }

    @Test func numericResultsAreWholeNumbersWhenExact() throws {
        let big = Self.numeric(digits: [922, 3372, 368, 5477, 5807], weight: 4)
        #expect(try big.withUnsafeBytes { try SQLValue.decode($0, typeOID: FieldDecoder.OID.numeric) } == .int(Int64.max))
        let tooBig = Self.numeric(digits: [922, 3372, 368, 5477, 5808], weight: 4)
        #expect(try tooBig.withUnsafeBytes { try SQLValue.decode($0, typeOID: FieldDecoder.OID.numeric) } == .double(9_223_372_036_854_775_808))
        let half = Self.numeric(digits: [2, 5000], weight: 0)
        #expect(try half.withUnsafeBytes { try SQLValue.decode($0, typeOID: FieldDecoder.OID.numeric) } == .double(2.5))
        let hundred = Self.numeric(digits: [1], weight: 1, negative: true)
        #expect(try hundred.withUnsafeBytes { try SQLValue.decode($0, typeOID: FieldDecoder.OID.numeric) } == .int(-10_000))
    }

    @Test func arraysDecodeAndNestedOnesAreRefused() throws {
        let array = Self.be32(1) + Self.be32(1) + Self.be32(701) + Self.be32(3) + Self.be32(1)
            + Self.be32(8) + Self.be64(Int64(bitPattern: 1.5.bitPattern)) + Self.be32(-1) + Self.be32(8) + Self.be64(Int64(bitPattern: (-2.0).bitPattern))
        #expect(try array.withUnsafeBytes { try SQLValue.decode($0, typeOID: 1022) } == .array([.double(1.5), .null, .double(-2)]))
        let nested = Self.be32(1) + Self.be32(0) + Self.be32(1022) + Self.be32(1) + Self.be32(1) + Self.be32(12) + Self.be32(0) + Self.be32(0) + Self.be32(701)
        #expect(throws: FieldProblem.self) { try nested.withUnsafeBytes { try SQLValue.decode($0, typeOID: 1022) } }
        let lying = Self.be32(1) + Self.be32(0) + Self.be32(701) + Self.be32(1_000_000) + Self.be32(1) + Self.be32(8)
        #expect(throws: FieldProblem.self) { try lying.withUnsafeBytes { try SQLValue.decode($0, typeOID: 1022) } }
        #expect(throws: FieldProblem.self) { try [UInt8](repeating: 0, count: 4).withUnsafeBytes { try SQLValue.decode($0, typeOID: 1186) } }
    }

    @Test func uuidIsCanonicalText() {
        var text: [UInt8] = []
        let bytes: [UInt8] = [0xA0, 0xEE, 0xBC, 0x99, 0x9C, 0x0B, 0x4E, 0xF8, 0xBB, 0x6D, 0x6B, 0xB9, 0xBD, 0x38, 0x0A, 0x11]
        bytes.withUnsafeBytes { BinaryValues.appendUUIDText($0, to: &text) }
        #expect(String(decoding: text, as: UTF8.self) == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
    }

    @Test func utf8ValidationAgreesWithSwift() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 12)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) | (generator.next() % 3 == 0 ? 0 : 0x80) }
            let swift = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes { BinaryValues.isValidUTF8($0) } == swift, "\(bytes)")
        }
    }
}
