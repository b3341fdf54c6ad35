import AssayReaders
import CPostgres

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libpq connection keywords and values, parsed from the URL by libpq itself (`PQconninfoParse`).
/// Holds the password when the URL has one, so every textual view of it is redacted.
struct ConnectionParameters: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var keywords: [String]
    var values: [String]
    /// Secret spellings to scrub from every message (URL password, `PGPASSWORD`).
    var secrets: [String]

    /// Assay's settings on top of the URL's: UTF-8 text (the decoder relies on it), a name in
    /// `pg_stat_activity` and a connect timeout unless the URL set them.
    static let overrides = ["client_encoding": "UTF8"]
    static let defaults = ["application_name": "assay", "connect_timeout": "10"]

    init(url: PostgresURL) throws(URLProblem) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url.connectionURL, &message) else {
            let text = message.map { String(cString: $0) } ?? "libpq could not parse the URL"
            if let message { PQfreemem(message) }
            throw URLProblem(message: Scrubber(secrets: url.secrets).oneLine(text))
        }
        defer { PQconninfoFree(options) }
        var keywords: [String] = []
        var values: [String] = []
        var secrets = url.secrets
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                let keyword = String(cString: keyword)
                let value = String(cString: value)
                if PostgresURL.secretParameters.contains(keyword) { secrets.append(value) }
                if Self.overrides[keyword] == nil {
                    keywords.append(keyword)
                    values.append(value)
                }
            }
            option += 1
        }
        for (keyword, value) in Self.overrides {
            keywords.append(keyword)
            values.append(value)
        }
        for (keyword, value) in Self.defaults.sorted(by: { $0.key < $1.key }) where !keywords.contains(keyword) {
            keywords.append(keyword)
            values.append(value)
        }
        if let fromEnvironment = getenv("PGPASSWORD") { secrets.append(String(cString: fromEnvironment)) }
        self.keywords = keywords
        self.values = values
        self.secrets = secrets.filter { !$0.isEmpty }
    }

    var description: String { "ConnectionParameters(\(keywords.filter { !PostgresURL.secretParameters.contains($0) }))" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: ["keywords": keywords], displayStyle: .struct) }
}

/// Removes secrets from text meant for people, and makes libpq's multi-line messages one line.
struct Scrubber: Sendable {
    let secrets: [String]

    func scrub(_ text: String) -> String {
        var text = text
        // Longest first, so a secret containing another is removed whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            text = text.replacingAll(secret, with: "***")
        }
        return text
    }

    /// Whitespace runs (newlines, libpq's tabs) become one space; secrets are removed.
    func oneLine(_ text: String) -> String {
        var line = ""
        var pendingSpace = false
        for character in scrub(text) {
            if character.isWhitespace {
                pendingSpace = !line.isEmpty
            } else {
                if pendingSpace { line.append(" ") }
                pendingSpace = false
                line.append(character)
            }
        }
        return line
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in this layer).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let target = Array(target.utf8)
        guard !target.isEmpty else { return self }
        let bytes = Array(utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == target[0], index + target.count <= bytes.count, bytes[index..<(index + target.count)].elementsEqual(target) {
                output.append(contentsOf: replacement.utf8)
                index += target.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Bytes received from the server, shared by every copy of a source (scans, queries).
final class ByteCounter: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var total = 0

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func add(_ byteCount: Int) {
        pthread_mutex_lock(mutex)
        total += byteCount
        pthread_mutex_unlock(mutex)
    }

    var value: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return total
    }
}

/// One libpq connection (a resource, so a class); used by one thread at a time.
final class PostgresConnection {
    private let handle: OpaquePointer
    let sourceName: String
    let scrubber: Scrubber
    let counter: ByteCounter
    let statementTimeoutMilliseconds: Int?
    /// A COPY is streaming: closing must cancel it first.
    private var copying = false
    /// The SQLSTATE of the last error the server reported, for callers that tell causes apart.
    private(set) var lastSQLState: String?

    /// Connects and prepares the session: UTC, ISO dates, every transaction read-only, the statement
    /// timeout; then opens one REPEATABLE READ READ ONLY transaction, so every statement of this
    /// connection sees one snapshot and none can write.
    init(parameters: ConnectionParameters, sourceName: String, counter: ByteCounter, statementTimeoutMilliseconds: Int?) throws(ReaderError) {
        self.sourceName = sourceName
        scrubber = Scrubber(secrets: parameters.secrets)
        self.counter = counter
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        let connection = Self.withCStrings(parameters.keywords) { keywords in
            Self.withCStrings(parameters.values) { values in PQconnectdbParams(keywords, values, 0) }
        }
        guard let connection else {
            throw ReaderError(.database, file: sourceName, message: "libpq could not allocate a connection (out of memory)")
        }
        handle = connection
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = scrubber.oneLine(String(cString: PQerrorMessage(connection)))
            throw ReaderError(.database, file: sourceName, message: "could not connect: \(message)", hint: Self.connectionHint(message))
        }
        try execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        var settings: [(String, String)] = [
            ("TimeZone", "UTC"), ("DateStyle", "ISO, YMD"), ("IntervalStyle", "postgres"),
            ("extra_float_digits", "3"), ("bytea_output", "hex"),
        ]
        if let statementTimeoutMilliseconds { settings.append(("statement_timeout", String(max(0, statementTimeoutMilliseconds)))) }
        for (name, value) in settings {
            _ = try query("SELECT pg_catalog.set_config($1, $2, false)", parameters: [.text(name), .text(value)], countsBytes: false)
        }
        try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    deinit {
        if copying, let cancel = PQgetCancel(handle) {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &buffer, Int32(buffer.count))
            PQfreeCancel(cancel)
        }
        PQfinish(handle)
    }

    private static func connectionHint(_ message: String) -> String? {
        if message.contains("password authentication failed") || message.contains("no password supplied") {
            return "check the user and password: in the URL, PGPASSWORD, PGPASSFILE or ~/.pgpass"
        }
        if message.contains("Connection refused") || message.contains("could not translate host name") {
            return "is the server running, and are host and port right?"
        }
        if message.contains("does not exist") { return "check the database and user names in the URL" }
        return nil
    }

    // MARK: Statements

    /// Runs one statement that returns no rows (session setup).
    func execute(_ sql: String) throws(ReaderError) {
        try Self.refuseNUL(sql, sourceName: sourceName)
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result) }
    }

    /// Runs one parameterised statement (extended protocol: exactly one statement) with binary
    /// results; every value typed as `SQLValue`. Keeps the whole result: callers bound it (`LIMIT`).
    /// `countsBytes: false` leaves session set-up out of `bytesReceived`.
    func query(_ sql: String, parameters: [SQLValue] = [], countsBytes: Bool = true) throws(ReaderError) -> QueryResult {
        try Self.refuseNUL(sql, sourceName: sourceName)
        var texts: [String?] = []
        for parameter in parameters {
            do {
                texts.append(try parameter.parameterText())
            } catch {
                throw ReaderError(.database, file: sourceName, message: "a query parameter cannot be sent: \(error.reason)")
            }
        }
        let result = Self.withOptionalCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 1)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK, let result else { throw error(result) }
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [(name: String, typeOID: UInt32)] = []
        for column in 0..<columnCount {
            columns.append((String(cString: PQfname(result, Int32(column))), UInt32(PQftype(result, Int32(column)))))
        }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(rowCount)
        var byteCount = 0
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
                    values.append(.null)
                    continue
                }
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                byteCount += length
                let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, Int32(row), Int32(column)), count: length)
                do {
                    values.append(try SQLValue.decode(bytes, typeOID: columns[column].typeOID))
                } catch {
                    throw ReaderError(.database, file: sourceName, column: columns[column].name,
                                      message: "row \(row + 1) of a query result \(error.describe)", hint: error.hint)
                }
            }
            rows.append(values)
        }
        if countsBytes { counter.add(byteCount) }
        return QueryResult(columns: columns, rows: rows)
    }

    /// The result columns of `sql` without running it: names and type OIDs (a domain reports its base type).
    func describe(_ sql: String) throws(ReaderError) -> [(name: String, typeOID: UInt32)] {
        try Self.refuseNUL(sql, sourceName: sourceName)
        let prepared = PQprepare(handle, "", sql, 0, nil)
        let preparedStatus = PQresultStatus(prepared)
        guard preparedStatus == PGRES_COMMAND_OK else {
            defer { PQclear(prepared) }
            throw error(prepared)
        }
        PQclear(prepared)
        let description = PQdescribePrepared(handle, "")
        defer { PQclear(description) }
        guard PQresultStatus(description) == PGRES_COMMAND_OK, let description else { throw error(description) }
        return (0..<PQnfields(description)).map { column in
            (String(cString: PQfname(description, column)), UInt32(PQftype(description, column)))
        }
    }

    // MARK: COPY

    /// Starts `COPY … TO STDOUT`; then `nextCopyMessage` until it returns nil.
    func startCopy(_ sql: String) throws(ReaderError) {
        try Self.refuseNUL(sql, sourceName: sourceName)
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else { throw error(result) }
        copying = true
    }

    /// The next CopyData message, or nil after the last one (when the server's final status was
    /// success). The caller owns the bytes and hands them back to `freeMessage`.
    func nextCopyMessage() throws(ReaderError) -> UnsafeMutableRawBufferPointer? {
        precondition(copying, "startCopy first")
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &buffer, 0)
        if length > 0, let buffer {
            counter.add(Int(length))
            return UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))
        }
        if let buffer { PQfreemem(buffer) }
        copying = false
        guard length == -1 else {
            throw ReaderError(.database, file: sourceName, message: "the COPY stream broke: \(scrubber.oneLine(String(cString: PQerrorMessage(handle))))")
        }
        // The COPY's own status: an error mid-stream (timeout, a failed cast, a lost server) lands here.
        var failure: ReaderError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = error(result) }
            PQclear(result)
        }
        if let failure { throw failure }
        return nil
    }

    static func freeMessage(_ message: UnsafeMutableRawBufferPointer) {
        PQfreemem(message.baseAddress)
    }

    // MARK: Errors

    /// The server's error (or libpq's) as one line naming the source, with a hint for the usual causes.
    func error(_ result: OpaquePointer?) -> ReaderError {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(UInt8(ascii: "C"))
        lastSQLState = sqlState
        let primary = field(UInt8(ascii: "M")) ?? String(cString: PQerrorMessage(handle))
        let message = scrubber.oneLine(primary)
        let serverHint = field(UInt8(ascii: "H")).map { scrubber.oneLine($0) }
        let column = field(UInt8(ascii: "c"))
        return ReaderError(.database, file: sourceName, column: column, message: message,
                           hint: Self.hint(sqlState: sqlState, statementTimeoutMilliseconds: statementTimeoutMilliseconds) ?? serverHint)
    }

    static func hint(sqlState: String?, statementTimeoutMilliseconds: Int?) -> String? {
        switch sqlState {
        case "57014":
            let limit = statementTimeoutMilliseconds.map { " of \($0) ms" } ?? ""
            return "the statement ran longer than the statement timeout\(limit), or was cancelled; raise the timeout or read less"
        case "42501": return "the user may not read this: GRANT SELECT on it, or connect as a user who may"
        case "42P01": return "check the schema and table name (unquoted names are folded to lower case)"
        case "42703": return "check the column name"
        case "25006": return "Assay reads in a read-only transaction: the query must be one read-only SELECT"
        case "28P01", "28000": return "check the user and password: in the URL, PGPASSWORD, PGPASSFILE or ~/.pgpass"
        case "3D000": return "check the database name (the URL's path)"
        default: return nil
        }
    }

    static func refuseNUL(_ sql: String, sourceName: String) throws(ReaderError) {
        guard !sql.utf8.contains(0) else {
            throw ReaderError(.database, file: sourceName, message: "the SQL holds a NUL byte, which PostgreSQL cannot receive")
        }
    }

    // MARK: C strings

    /// `body` gets a NULL-terminated array of C strings that live for the call.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalCStrings(strings.map(Optional.some) + [nil]) { body($0!) }
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// A query's whole result: column names and type OIDs, and the rows.
struct QueryResult {
    var columns: [(name: String, typeOID: UInt32)]
    var rows: [[SQLValue]]
}
