import AssayColumns
import AssayMetrics

/// What a schema check compares the run's columns with: the `columns` kwarg (`[{name, type}]`,
/// or bare names; what a data contract compiles to), else the schema of the dataset's previous
/// run in the history. On the first run there is nothing to compare with: the check passes with
/// a note. Types are Assay's: `int64`, `float64`, `bool`, `date`, `timestamp`, `string`.
struct SchemaReference: Sendable, Hashable {
    static let parameters = ["columns"]

    let explicit: [HistoryColumn]?

    init(_ arguments: Arguments) throws(ArgumentError) {
        guard arguments["columns"] != nil else {
            explicit = nil
            return
        }
        var columns: [HistoryColumn] = []
        for item in try arguments.list("columns") {
            if let name = item.string {
                columns.append(HistoryColumn(name: name, type: nil))
                continue
            }
            guard let name = item["name"]?.string else {
                throw ArgumentError("columns", "each item is {name, type} or a column name, not \(item.compact)")
            }
            let type = item["type"]?.string
            if let type, ColumnType(rawValue: type) == nil {
                throw ArgumentError("columns", "column \"\(name)\": type must be one of \(ColumnType.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(type)\"")
            }
            guard item["type"] == nil || type != nil else { throw ArgumentError("columns", "column \"\(name)\": type must be text") }
            columns.append(HistoryColumn(name: name, type: type))
        }
        guard Set(columns.map(\.name)).count == columns.count else { throw ArgumentError("columns", "names a column twice") }
        explicit = columns
    }

    var needsHistory: Bool { explicit == nil }

    /// The columns to compare with and where they came from; nil on the dataset's first run.
    func reference(_ history: RunHistory, type: String) throws(MetricError) -> (columns: [HistoryColumn], origin: String)? {
        if let explicit { return (explicit, "the columns kwarg") }
        guard history.available else {
            throw MetricError("\(type) compares with the previous run: keep a history (drop --no-report, or pass --history PATH) or give columns: [{name, type}]")
        }
        guard let previous = history.previousSchema else { return nil }
        return (previous.columns, "the run of \(RunHistory.isoText(previous.runTime))")
    }

    static func current(_ metrics: MetricResults) -> [HistoryColumn] {
        metrics.schema.fields.map { HistoryColumn(name: $0.name, type: $0.type.rawValue) }
    }

    /// The verdict of one schema check: `differences` are what it found (none: success).
    func evaluate(_ metrics: MetricResults, history: RunHistory, type: String,
                  differences: ([HistoryColumn], [HistoryColumn]) -> [JSONValue]) throws(MetricError) -> Evaluation {
        guard let (reference, origin) = try reference(history, type: type) else {
            return Evaluation(success: true, result: Verdict.observed(.array([]), details: [
                ("note", .string("no earlier run of \"\(history.dataset)\" recorded a schema: nothing to compare with yet")),
            ]))
        }
        let found = differences(reference, Self.current(metrics))
        return Evaluation(success: found.isEmpty, result: Verdict.observed(.array(found), details: [
            ("compared_with", .string(origin)), ("reference_columns", .array(reference.map { .string($0.name) })),
        ]))
    }
}

/// The run has no column the reference (previous run, or `columns`) lacks; `observed_value`
/// lists the added columns.
public struct NoAddedColumns: HistoryExpectation {
    public static let type = "expect_no_added_columns"
    public static let parameters = SchemaReference.parameters
    let reference: SchemaReference
    public init(_ arguments: Arguments) throws(ArgumentError) { reference = try SchemaReference(arguments) }
    public var needsHistory: Bool { reference.needsHistory }
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        try reference.evaluate(metrics, history: history, type: Self.type) { before, now in
            let known = Set(before.map(\.name))
            return now.filter { !known.contains($0.name) }.map { .string($0.name) }
        }
    }
}

/// The run keeps every column of the reference; `observed_value` lists the removed columns.
public struct NoRemovedColumns: HistoryExpectation {
    public static let type = "expect_no_removed_columns"
    public static let parameters = SchemaReference.parameters
    let reference: SchemaReference
    public init(_ arguments: Arguments) throws(ArgumentError) { reference = try SchemaReference(arguments) }
    public var needsHistory: Bool { reference.needsHistory }
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        try reference.evaluate(metrics, history: history, type: Self.type) { before, now in
            let present = Set(now.map(\.name))
            return before.filter { !present.contains($0.name) }.map { .string($0.name) }
        }
    }
}

/// The columns the run shares with the reference come in the same order (added and removed
/// columns are other checks' business); `observed_value` lists the shared columns that moved,
/// each as {name, position, previous_position} among the shared columns (0-based).
public struct NoReorderedColumns: HistoryExpectation {
    public static let type = "expect_no_reordered_columns"
    public static let parameters = SchemaReference.parameters
    let reference: SchemaReference
    public init(_ arguments: Arguments) throws(ArgumentError) { reference = try SchemaReference(arguments) }
    public var needsHistory: Bool { reference.needsHistory }
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        try reference.evaluate(metrics, history: history, type: Self.type) { before, now in
            let shared = Set(before.map(\.name)).intersection(now.map(\.name))
            let then = before.map(\.name).filter(shared.contains)
            let order = now.map(\.name).filter(shared.contains)
            return order.enumerated().compactMap { position, name in
                guard let previous = then.firstIndex(of: name), previous != position else { return nil }
                return .object([("name", .string(name)), ("position", .integer(Int64(position))), ("previous_position", .integer(Int64(previous)))])
            }
        }
    }
}

/// Every column the run shares with the reference has the reference's type (where the reference
/// names one); `observed_value` lists {name, previous_type, type}.
public struct NoRetypedColumns: HistoryExpectation {
    public static let type = "expect_no_retyped_columns"
    public static let parameters = SchemaReference.parameters
    let reference: SchemaReference
    public init(_ arguments: Arguments) throws(ArgumentError) { reference = try SchemaReference(arguments) }
    public var needsHistory: Bool { reference.needsHistory }
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, history: RunHistory, format: ResultFormat) throws(MetricError) -> Evaluation {
        try reference.evaluate(metrics, history: history, type: Self.type) { before, now in
            let types = Dictionary(before.compactMap { column in column.type.map { (column.name, $0) } }, uniquingKeysWith: { first, _ in first })
            return now.compactMap { column in
                guard let previous = types[column.name], let type = column.type, previous != type else { return nil }
                return .object([("name", .string(column.name)), ("previous_type", .string(previous)), ("type", .string(type))])
            }
        }
    }
}
