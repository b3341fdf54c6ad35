import AssayExpectations
import Foundation

/// Why the history could not be used. `notAHistory`, `newerSchema` and `unreadable` are exit 3
/// through the CLI (the input is unusable); `unwritable` is exit 4.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable { case notAHistory, newerSchema, unreadable, unwritable }
    public var code: Code
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// One line: the file, then what happened and what to do.
    public var description: String { "\(path): \(message)" }
}

/// The run history: an SQLite database (`reports/history.sqlite` by default) that every
/// `validate` and `profile` run appends to — row count, per-column metrics, each expectation's
/// result and the schema, under a dataset key and the run time.
///
/// Safe for concurrent runs: WAL journal, a busy timeout, every write one `BEGIN IMMEDIATE`
/// transaction (a run lands whole or not at all). The file says what it is in
/// `PRAGMA application_id` and its schema version in `PRAGMA user_version` (and the
/// `schema_version` table, one row per migration applied); an older file is migrated on open,
/// a newer one or another application's database is refused.
public final class HistoryStore {
    /// "ASSY": marks the file as an Assay history.
    public static let applicationID: Int64 = 0x4153_5359
    /// A run waits this long for another run's write to finish.
    public static let busyTimeoutMilliseconds: Int32 = 30_000

    /// Migration i takes the schema from version i to i + 1, in one transaction with the others.
    /// Version 1: runs, per-column metrics, expectation results. Version 2: each run's columns
    /// (name, type, position), for the schema-drift checks.
    static let migrations: [String] = [
        """
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL, assay_version TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            dataset TEXT NOT NULL,
            kind TEXT NOT NULL,
            run_time REAL NOT NULL,
            source TEXT NOT NULL,
            suite TEXT,
            row_count INTEGER NOT NULL,
            success INTEGER,
            assay_version TEXT NOT NULL
        );
        CREATE INDEX runs_by_dataset_time ON runs (dataset, run_time);
        CREATE TABLE column_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            column_name TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run_id, column_name, metric)
        ) WITHOUT ROWID;
        CREATE TABLE expectation_results (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            kwargs TEXT NOT NULL,
            severity TEXT NOT NULL,
            success INTEGER NOT NULL,
            observed_value REAL,
            PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE run_columns (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            PRIMARY KEY (run_id, position)
        ) WITHOUT ROWID;
        """,
    ]

    /// The schema version this build writes.
    public static var schemaVersion: Int { migrations.count }

    public let path: String
    let database: SQLiteDatabase

    /// Opens the history at `path`, creating it (and its folder) when `create` and absent, and
    /// migrating an older schema. `upToVersion` is for tests that need an old store.
    public convenience init(path: String, create: Bool = true, assayVersion: String = "", upToVersion: Int? = nil) throws(HistoryError) {
        try self.init(path: path, create: create, assayVersion: assayVersion, upToVersion: upToVersion, alreadyCreating: false)
    }

    private init(path: String, create: Bool, assayVersion: String, upToVersion: Int?, alreadyCreating: Bool) throws(HistoryError) {
        self.path = path
        let exists = alreadyCreating || FileManager.default.fileExists(atPath: path)
        if !exists {
            guard create else { throw HistoryError(.unreadable, path: path, "no such history file") }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw HistoryError(.unwritable, path: path, "cannot create the folder for the history: \((error as NSError).localizedDescription)")
                }
            }
            try Self.createWhole(path, assayVersion: assayVersion, upToVersion: upToVersion)
        }
        database = try SQLiteDatabase(path: path, create: alreadyCreating)
        database.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        let target = upToVersion ?? Self.schemaVersion
        // Reading the header is where a file that is not SQLite shows itself.
        try checkIdentity(database, target: target)
        try database.execute("PRAGMA journal_mode = WAL")
        try migrate(to: target, assayVersion: assayVersion)
    }

    /// Creates the file whole: migrated in a temporary file beside it, then hard-linked into
    /// place, so a run that opens it sees no file or a complete history — never one another run
    /// is half-way through creating (runs that start at once on a new file raced here: one saw
    /// tables without the application id, another failed to switch the journal mode).
    private static func createWhole(_ path: String, assayVersion: String, upToVersion: Int?) throws(HistoryError) {
        let temporary = (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        unlink(temporary)
        defer { unlink(temporary) }
        do {
            // Scoped so the connection closes (and checkpoints) before the file is linked.
            _ = try HistoryStore(path: temporary, create: true, assayVersion: assayVersion, upToVersion: upToVersion, alreadyCreating: true)
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw HistoryError(.unwritable, path: path, "cannot create the history: \(String(cString: strerror(errno)))")
        }
    }

    private func checkIdentity(_ database: SQLiteDatabase, target: Int) throws(HistoryError) {
        let application = try database.integer("PRAGMA application_id") ?? 0
        let version = Int(try database.integer("PRAGMA user_version") ?? 0)
        if application == Self.applicationID {
            guard version <= Self.schemaVersion else {
                throw HistoryError(.newerSchema, path: path,
                                   "written by a newer Assay (history schema version \(version); this build reads up to \(Self.schemaVersion)): upgrade Assay or pass another --history file")
            }
            return
        }
        let tables = try database.integer("SELECT count(*) FROM sqlite_master") ?? 0
        guard application == 0, version == 0, tables == 0 else {
            throw HistoryError(.notAHistory, path: path, "not an Assay history (an SQLite database of another application): pass another --history file")
        }
    }

    /// Applies the missing migrations in one write transaction; the version is read again inside
    /// it, so two runs that open a new file at once migrate it once.
    private func migrate(to target: Int, assayVersion: String) throws(HistoryError) {
        guard Int(try database.integer("PRAGMA user_version") ?? 0) < target else { return }
        try database.transaction { () throws(HistoryError) in
            let version = Int(try database.integer("PRAGMA user_version") ?? 0)
            guard version < target else { return }
            if version == 0 { try checkIdentity(database, target: target) }
            for step in version..<target {
                try database.execute(Self.migrations[step])
                try database.query("INSERT INTO schema_version (version, applied_at, assay_version) VALUES (?, ?, ?)",
                                   [.integer(Int64(step + 1)), .real(Date().timeIntervalSince1970), .text(assayVersion)])
            }
            try database.execute("PRAGMA application_id = \(Self.applicationID)")
            try database.execute("PRAGMA user_version = \(target)")
        }
    }

    /// The schema version of the open file.
    public func version() throws(HistoryError) -> Int { Int(try database.integer("PRAGMA user_version") ?? 0) }

    // MARK: Writing

    /// Appends one run whole (one transaction); returns its id.
    @discardableResult
    public func append(_ record: HistoryRecord) throws(HistoryError) -> Int64 {
        let hasColumns = try version() >= 2
        return try database.transaction { () throws(HistoryError) -> Int64 in
            try database.query(
                "INSERT INTO runs (dataset, kind, run_time, source, suite, row_count, success, assay_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(record.dataset), .text(record.kind.rawValue), .real(record.runTime.timeIntervalSince1970), .text(record.source),
                 record.suite.map { .text($0) } ?? .null, .integer(Int64(record.rowCount)),
                 record.success.map { .integer($0 ? 1 : 0) } ?? .null, .text(record.assayVersion)])
            let id = database.lastInsertedRowID
            for metric in record.metrics {
                try database.query("INSERT OR REPLACE INTO column_metrics (run_id, column_name, metric, value) VALUES (?, ?, ?, ?)",
                                   [.integer(id), .text(metric.column), .text(metric.metric.rawValue), .optional(metric.value)])
            }
            for (position, result) in record.results.enumerated() {
                try database.query(
                    "INSERT INTO expectation_results (run_id, position, type, kwargs, severity, success, observed_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [.integer(id), .integer(Int64(position)), .text(result.type), .text(result.kwargs), .text(result.severity),
                     .integer(result.success ? 1 : 0), .optional(result.observedValue)])
            }
            if hasColumns {
                for (position, column) in record.columns.enumerated() {
                    try database.query("INSERT INTO run_columns (run_id, position, name, type) VALUES (?, ?, ?, ?)",
                                       [.integer(id), .integer(Int64(position)), .text(column.name), .text(column.type ?? "")])
                }
            }
            return id
        }
    }

    // MARK: Reading

    /// What the history checks of a run need: each request's past values (runs strictly before
    /// `now`, oldest first) and the previous run's schema.
    public func history(dataset: String, requests: [HistoryRequest], now: Date) throws(HistoryError) -> RunHistory {
        var history = RunHistory(now: now, available: true, dataset: dataset)
        for request in Set(requests) {
            history.series[request] = try series(dataset: dataset, request: request, now: now)
        }
        history.previousSchema = try previousSchema(dataset: dataset, now: now)
        return history
    }

    func series(dataset: String, request: HistoryRequest, now: Date) throws(HistoryError) -> [HistoryPoint] {
        var conditions = "r.dataset = ?1 AND r.run_time < ?2"
        let limit: Int
        switch request.span {
        case .runs(let count): limit = count
        case .seconds(let seconds):
            conditions += " AND r.run_time >= ?2 - \(seconds)"
            limit = HistorySpan.runCountMax
        }
        if request.sameWeekday { conditions += " AND strftime('%w', r.run_time, 'unixepoch') = strftime('%w', ?2, 'unixepoch')" }
        var values: [SQLiteValue] = [.text(dataset), .real(now.timeIntervalSince1970)]
        let sql: String
        if let column = request.column, request.metric.isPerColumn {
            values += [.text(column), .text(request.metric.rawValue)]
            sql = """
                SELECT r.run_time, m.value FROM runs r JOIN column_metrics m ON m.run_id = r.id
                WHERE \(conditions) AND m.column_name = ?3 AND m.metric = ?4 AND m.value IS NOT NULL
                ORDER BY r.run_time DESC, r.id DESC LIMIT \(limit)
                """
        } else {
            sql = "SELECT r.run_time, r.row_count FROM runs r WHERE \(conditions) ORDER BY r.run_time DESC, r.id DESC LIMIT \(limit)"
        }
        var points: [HistoryPoint] = []
        try database.query(sql, values) { row in
            guard let value = row.real(1) else { return }
            points.append(HistoryPoint(runTime: Date(timeIntervalSince1970: row.real(0) ?? 0), value: value))
        }
        return points.reversed()
    }

    /// The columns of the newest run before `now` that recorded them (nil: none did).
    func previousSchema(dataset: String, now: Date) throws(HistoryError) -> (runTime: Date, columns: [HistoryColumn])? {
        guard try version() >= 2 else { return nil }
        var run: (id: Int64, time: Double)?
        try database.query("""
            SELECT r.id, r.run_time FROM runs r WHERE r.dataset = ?1 AND r.run_time < ?2
            AND EXISTS (SELECT 1 FROM run_columns c WHERE c.run_id = r.id) ORDER BY r.run_time DESC, r.id DESC LIMIT 1
            """, [.text(dataset), .real(now.timeIntervalSince1970)]) { row in run = (row.integer(0), row.real(1) ?? 0) }
        guard let run else { return nil }
        var columns: [HistoryColumn] = []
        try database.query("SELECT name, type FROM run_columns WHERE run_id = ? ORDER BY position", [.integer(run.id)]) { row in
            let type = row.text(1) ?? ""
            columns.append(HistoryColumn(name: row.text(0) ?? "", type: type.isEmpty ? nil : type))
        }
        return (Date(timeIntervalSince1970: run.time), columns)
    }

    /// One point of `assay history`.
    public struct SeriesPoint: Sendable, Hashable {
        public var runTime: Date
        public var value: Double?
        public var kind: HistoryRecord.Kind?
    }

    /// Every run of `dataset` with the metric's value, oldest first (nil where the run did not
    /// record it, e.g. a distinct count a validate run did not compute).
    public func timeSeries(dataset: String, metric: HistoryMetric, column: String?) throws(HistoryError) -> [SeriesPoint] {
        var points: [SeriesPoint] = []
        let sql: String
        var values: [SQLiteValue] = [.text(dataset)]
        if let column, metric.isPerColumn {
            sql = """
                SELECT r.run_time, m.value, r.kind FROM runs r LEFT JOIN column_metrics m
                ON m.run_id = r.id AND m.column_name = ?2 AND m.metric = ?3
                WHERE r.dataset = ?1 ORDER BY r.run_time, r.id
                """
            values += [.text(column), .text(metric.rawValue)]
        } else {
            sql = "SELECT r.run_time, r.row_count, r.kind FROM runs r WHERE r.dataset = ?1 ORDER BY r.run_time, r.id"
        }
        try database.query(sql, values) { row in
            points.append(SeriesPoint(runTime: Date(timeIntervalSince1970: row.real(0) ?? 0), value: row.real(1),
                                      kind: row.text(2).flatMap(HistoryRecord.Kind.init(rawValue:))))
        }
        return points
    }

    /// The dataset keys in the history, sorted.
    public func datasets() throws(HistoryError) -> [String] {
        var names: [String] = []
        try database.query("SELECT DISTINCT dataset FROM runs ORDER BY dataset") { row in names.append(row.text(0) ?? "") }
        return names
    }

    /// The columns any run of `dataset` recorded metrics for, sorted.
    public func columns(dataset: String) throws(HistoryError) -> [String] {
        var names: [String] = []
        try database.query("""
            SELECT DISTINCT m.column_name FROM column_metrics m JOIN runs r ON r.id = m.run_id WHERE r.dataset = ? ORDER BY m.column_name
            """, [.text(dataset)]) { row in names.append(row.text(0) ?? "") }
        return names
    }
}
