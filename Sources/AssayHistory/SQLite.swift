import CSQLite3

/// One SQLite connection: the run history's only resource. Statements never outlive the
/// closure that steps them, and every failure becomes a `HistoryError` naming the file.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String, create: Bool) throws(HistoryError) {
        self.path = path
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &pointer, flags, nil)
        guard status == SQLITE_OK, let pointer else {
            let reason = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let pointer { sqlite3_close_v2(pointer) }
            throw HistoryError(status == SQLITE_NOTADB ? .notAHistory : .unwritable, path: path, "cannot open the history: \(reason)")
        }
        handle = pointer
    }

    deinit { sqlite3_close_v2(handle) }

    func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Runs statements without results (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(HistoryError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(status) }
    }

    /// Prepares `sql`, binds `values` (1-based, in order), and calls `row` for every result row.
    func query(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteRow) throws(HistoryError) -> Void = { _ in }) throws(HistoryError) {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw failure(prepared) }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32 = switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .real(let number): number.isFinite ? sqlite3_bind_double(statement, index, number) : sqlite3_bind_null(statement, index)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, Self.transient)
            }
            guard bound == SQLITE_OK else { throw failure(bound) }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status) }
            try row(SQLiteRow(statement: statement))
        }
    }

    /// The first column of the first row, as an integer (pragmas, counts).
    func integer(_ sql: String, _ values: [SQLiteValue] = []) throws(HistoryError) -> Int64? {
        var result: Int64?
        try query(sql, values) { row in if result == nil { result = row.integer(0) } }
        return result
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`: the write lock is taken first, so a
    /// concurrent writer waits for the busy timeout rather than failing midway); rolls back on error.
    func transaction<T>(_ body: () throws(HistoryError) -> T) throws(HistoryError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    private func failure(_ status: Int32) -> HistoryError {
        let message = String(cString: sqlite3_errmsg(handle))
        switch status & 0xFF {
        case SQLITE_NOTADB, SQLITE_CORRUPT: return HistoryError(.notAHistory, path: path, "not an Assay history (\(message))")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_FULL, SQLITE_IOERR, SQLITE_PERM:
            return HistoryError(.unwritable, path: path, "cannot write the history: \(message)")
        case SQLITE_BUSY, SQLITE_LOCKED: return HistoryError(.unwritable, path: path, "the history stayed locked by another run: \(message)")
        default: return HistoryError(.unreadable, path: path, "history database error: \(message)")
        }
    }
}

/// A value bound to a statement.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    static func optional(_ value: Double?) -> SQLiteValue { value.map { .real($0) } ?? .null }
}

/// The current row of a stepping statement; valid only inside `query`'s closure.
struct SQLiteRow {
    let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func real(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(statement, column) }
    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: bytes)
    }
}
