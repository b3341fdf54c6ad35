import AssayColumns
import AssayReaders
import CPostgres
import Foundation
import Testing

@testable import AssayPostgres

/// The server the tests use: `ASSAY_PG_URL` (a superuser URL without table, e.g. from
/// `scripts/pg-cluster start`); tests that need it are skipped, saying so, when it is unset.
enum TestServer {
    static let url: String? = ProcessInfo.processInfo.environment["ASSAY_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipReason: Comment = "set ASSAY_PG_URL to a PostgreSQL superuser URL (scripts/pg-cluster start prints one)"

    /// `url` with `parameters` added (`table=…`, `password=…`), values percent-encoded.
    static func url(_ parameters: [(String, String)], user: String? = nil, password: String? = nil) -> String {
        guard var url = TestServer.url else { return "" }
        if let user {
            // Replace the user part: postgresql://USER[:PASSWORD]@host…
            let scheme = url.hasPrefix("postgres://") ? "postgres://" : "postgresql://"
            let rest = url.dropFirst(scheme.count)
            let host = rest.firstIndex(of: "@").map { rest[rest.index(after: $0)...] } ?? rest
            url = scheme + percentEncoded(user) + (password.map { ":" + percentEncoded($0) } ?? "") + "@" + host
        }
        guard !parameters.isEmpty else { return url }
        let query = parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        allowed = allowed.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A superuser connection for loading fixtures (plain libpq, independent of the code under test).
final class Admin {
    let connection: OpaquePointer

    init() throws {
        let url = try #require(TestServer.url)
        guard let connection = PQconnectdb(url), PQstatus(connection) == CONNECTION_OK else {
            throw AdminError(message: "could not connect to ASSAY_PG_URL")
        }
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    /// Runs `sql` with text parameters (nil: NULL); returns the rows as text.
    @discardableResult
    func run(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let copies = parameters.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer {
            PQexecParams(connection, sql, Int32(parameters.count), nil, $0.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw AdminError(message: String(cString: PQresultErrorMessage(result)) + " in " + sql)
        }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// A fresh schema for one test, dropped by `dropSchema`.
    func makeSchema() throws -> String {
        let name = "assay_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try run("CREATE SCHEMA \(name)")
        return name
    }

    func dropSchema(_ name: String) {
        _ = try? run("DROP SCHEMA \(name) CASCADE")
    }

    /// `PQescapeIdentifier`, the reference the dialect's quoting is held against.
    func escapeIdentifier(_ name: String) -> String {
        guard let escaped = PQescapeIdentifier(connection, name, name.utf8.count) else { return "" }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }
}

struct AdminError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The error a throwing call raised, as a `ReaderError` (a test fails when it raised none or another).
func readerError(_ body: () throws -> Void) -> ReaderError? {
    do {
        try body()
    } catch let error as ReaderError {
        return error
    } catch {
        Issue.record("expected a ReaderError, got \(error)")
        return nil
    }
    Issue.record("expected an error, got none")
    return nil
}

extension Column {
    /// Values as Swift optionals, for comparisons.
    var int64Values: [Int64?] {
        switch self {
        case .int64(let c), .date(let c), .timestamp(let c): (0..<c.count).map { c[$0] }
        default: []
        }
    }
    var doubleValues: [Double?] { if case .float64(let c) = self { (0..<c.count).map { c[$0] } } else { [] } }
    var boolValues: [Bool?] { if case .bool(let c) = self { (0..<c.count).map { c[$0] } } else { [] } }
    var stringValues: [String?] { if case .string(let c) = self { (0..<c.count).map { c[$0] } } else { [] } }
}

extension PostgresSource {
    /// Every row of the source as one column per field (batches concatenated in source order).
    func readColumns(workerCount: Int = 1) throws -> [String: Column] {
        let lock = NSLock()
        var batches: [Batch] = []
        try scan(workerCount: workerCount) { _, batch in
            lock.lock()
            batches.append(batch)
            lock.unlock()
        }
        batches.sort { $0.ordinal < $1.ordinal }
        var columns: [String: Column] = [:]
        for (index, field) in schema.fields.enumerated() {
            columns[field.name] = batches.map { $0.columns[index] }.reduce(nil) { joined, next in joined.map { $0.appending(next) } ?? next }
                ?? Column.empty(field.type, rowCount: 0)
        }
        return columns
    }
}

extension Column {
    func appending(_ other: Column) -> Column {
        func join<V>(_ a: FixedWidthColumn<V>, _ b: FixedWidthColumn<V>) -> FixedWidthColumn<V> {
            var validity = ValidityBitmap()
            for row in 0..<a.count { validity.append(a.validity.isValid(row)) }
            for row in 0..<b.count { validity.append(b.validity.isValid(row)) }
            return FixedWidthColumn(values: a.values + b.values, validity: validity)
        }
        switch (self, other) {
        case (.int64(let a), .int64(let b)): return .int64(join(a, b))
        case (.date(let a), .date(let b)): return .date(join(a, b))
        case (.timestamp(let a), .timestamp(let b)): return .timestamp(join(a, b))
        case (.float64(let a), .float64(let b)): return .float64(join(a, b))
        case (.bool(let a), .bool(let b)): return .bool(join(a, b))
        case (.string(let a), .string(let b)):
            var joined = a
            for row in 0..<b.count {
                if let value = b[row] { joined.append(utf8: Array(value.utf8)) } else { joined.appendNull() }
            }
            return .string(joined)
        default:
            Issue.record("joining columns of different types")
            return self
        }
    }
}
