import AssayColumns
import Foundation

/// GX's `row_condition` with `condition_parser: pandas`: only rows where every comparison holds
/// are checked. The grammar is the subset of `DataFrame.query` that suites use: comparisons
/// `column op literal` (op one of `==`, `!=`, `<`, `<=`, `>`, `>=`; literal a number or a quoted
/// string), optionally in parentheses, joined by `&`. A number never equals a string (as pandas:
/// `1 == "1"` is false), and a missing cell satisfies only `!=`.
public struct RowFilter: Hashable, Sendable {
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    public struct Comparison: Hashable, Sendable {
        public var column: String
        public var op: Operator
        public var literal: JSONValue
    }

    public var comparisons: [Comparison]
    /// The condition as written, for messages.
    public var text: String
    /// With `condition_parser: assay` (or dbt's `where`): the condition in Assay's expression
    /// language (`RowExpression`); only rows where it is true are kept. `comparisons` is then empty.
    public var expression: RowExpression?

    /// A filter in Assay's expression language, or the syntax error with its column.
    public static func assay(_ text: String) throws(ExpressionError) -> RowFilter {
        RowFilter(comparisons: [], text: text, expression: try RowExpression.parse(text))
    }

    /// The columns the filter reads.
    public var columnsRead: [String]? { expression?.columns ?? comparisons.map(\.column) }

    /// The filter, or what could not be read.
    public static func parse(_ text: String) -> Result<RowFilter, MetricError> {
        var comparisons: [Comparison] = []
        for part in text.split(separator: "&") {
            var term = part.trimmingCharacters(in: .whitespaces)
            while term.hasPrefix("("), term.hasSuffix(")") { term = String(term.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) }
            // Two-character operators first, so "<=" is not read as "<".
            guard let op = Operator.allCases.first(where: { term.contains($0.rawValue) }),
                  let range = term.range(of: op.rawValue) else {
                return .failure(MetricError("row_condition \"\(text)\": \"\(term)\" is not a comparison like x == 1"))
            }
            let column = term[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let literalText = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty, let literal = Self.literal(literalText) else {
                return .failure(MetricError("row_condition \"\(text)\": cannot read \"\(term)\" (a column, an operator, a number or a quoted string)"))
            }
            comparisons.append(Comparison(column: column, op: op, literal: literal))
        }
        return .success(RowFilter(comparisons: comparisons, text: text, expression: nil))
    }

    private static func literal(_ text: String) -> JSONValue? {
        if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let integer = Int64(text) { return .integer(integer) }
        if let double = Double(text) { return .double(double) }
        return nil
    }

    /// The filter bound to a schema: per batch, which rows are kept.
    func compile(for schema: Schema) throws(MetricError) -> CompiledRowFilter {
        if let expression {
            let truth = try CompiledExpression.compileCondition(expression, schema: schema)
            return CompiledRowFilter(parts: [], expression: truth)
        }
        var parts: [(index: Int, comparison: Comparison)] = []
        for comparison in comparisons {
            parts.append((try schema.column(comparison.column).index, comparison))
        }
        return CompiledRowFilter(parts: parts, expression: nil)
    }
}

struct CompiledRowFilter: Sendable {
    let parts: [(index: Int, comparison: RowFilter.Comparison)]
    /// An Assay expression's truth per row (`condition_parser: assay`, dbt's `where`).
    let expression: (@Sendable (Batch) -> [UInt8])?

    /// Whether each row of the batch is kept.
    func keptRows(_ batch: Batch) -> [Bool] {
        if let expression { return expression(batch).map { $0 == Truth.yes } }
        var kept = [Bool](repeating: true, count: batch.rowCount)
        for (index, comparison) in parts {
            let column = batch.columns[index]
            for row in 0..<batch.rowCount where kept[row] {
                kept[row] = Self.holds(comparison, column, row)
            }
        }
        return kept
    }

    private static func holds(_ comparison: RowFilter.Comparison, _ column: Column, _ row: Int) -> Bool {
        if CellValue.isMissing(column, row: row) { return comparison.op == .notEqual }
        let cell = CellValue.json(column, row: row)
        let order: Int?
        if let x = cell.number, let y = comparison.literal.number {
            order = x < y ? -1 : x > y ? 1 : 0
        } else if let x = cell.string, let y = comparison.literal.string {
            order = x < y ? -1 : x > y ? 1 : 0
        } else {
            order = nil
        }
        guard let order else { return comparison.op == .notEqual }
        switch comparison.op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

extension Column {
    /// The rows where `kept` is true, in order.
    func rows(where kept: [Bool]) -> Column {
        func take<Value>(_ c: FixedWidthColumn<Value>) -> FixedWidthColumn<Value> {
            var values: [Value] = []
            var validity = ValidityBitmap.Builder()
            for row in 0..<c.count where kept[row] {
                values.append(c.values[row])
                validity.append(c.validity.isValid(row))
            }
            return FixedWidthColumn(values: values, validity: validity.finish())
        }
        switch self {
        case .float64(let c): return .float64(take(c))
        case .int64(let c): return .int64(take(c))
        case .bool(let c): return .bool(take(c))
        case .date(let c): return .date(take(c))
        case .timestamp(let c): return .timestamp(take(c))
        case .string(let c): return .string(StringColumn((0..<c.count).filter { kept[$0] }.map { c[$0] }))
        }
    }
}

/// `UnexpectedRowsMetric` over the rows a `RowFilter` keeps: counts are over the kept rows,
/// unexpected rows keep their row numbers in the whole table.
public struct FilteredUnexpectedRowsMetric: UnsharedMetric {
    public let column: String
    public let condition: RowCondition
    public let filter: RowFilter

    public init(column: String, condition: RowCondition, filter: RowFilter) {
        self.column = column
        self.condition = condition
        self.filter = filter
    }

    public struct State: MetricState {
        let index: Int
        let test: CompiledCondition
        let filter: CompiledRowFilter
        var tally = ColumnMapTally()

        public mutating func update(_ batch: Batch) {
            let kept = filter.keptRows(batch)
            let originalRows = kept.indices.filter { kept[$0] }
            let column = batch.columns[index].rows(where: kept)
            tally.elementCount += column.count
            tally.missingCount += CellValue.missingCount(column)
            tally.record(test.unexpectedRows(column), of: column, ordinal: batch.ordinal) { originalRows[$0] }
        }

        public mutating func merge(_ other: State) { tally.merge(other.tally) }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        return State(index: index, test: try CompiledCondition.compile(condition, column: column, type: type),
                     filter: try filter.compile(for: schema))
    }

    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows { state.tally.value(rows: rows) }
}

/// Any metric over the rows a `RowFilter` keeps: how expectations without a `row_condition` of
/// their own get one (`MetricPlan.addFiltered`). Each batch is cut to its kept rows before the
/// base state sees it (a batch keeping every row is passed as it is), so the base metric is
/// unchanged; the kept rows' original positions (2 bytes each, in batches that lost rows) turn
/// its samples' row numbers back into the table's. Values read back by position after the pass
/// (`CellFetching`) would read the wrong cells: such metrics filter rows themselves.
public struct FilteredMetric<Base: Metric>: Metric {
    public let base: Base
    public let filter: RowFilter

    public init(base: Base, filter: RowFilter) {
        self.base = base
        self.filter = filter
    }

    public var columnsRead: [String]? {
        guard let columns = base.columnsRead, let filtered = filter.columnsRead else { return nil }
        return columns + filtered.filter { !columns.contains($0) }
    }

    public struct State: MetricState {
        var base: Base.State
        let filter: CompiledRowFilter
        var keptRows: [BatchOrdinal: [UInt16]] = [:]

        public mutating func update(_ batch: Batch) {
            let kept = filter.keptRows(batch)
            let keptCount = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
            if keptCount == batch.rowCount { return base.update(batch) }
            assert(batch.rowCount <= Int(UInt16.max) + 1, "a batch's rows fit 16 bits (Batch.rowCountMax)")
            keptRows[batch.ordinal] = kept.indices.filter { kept[$0] }.map { UInt16(truncatingIfNeeded: $0) }
            base.update(Batch(schema: batch.schema, columns: batch.columns.map { $0.rows(where: kept) }, rowCount: keptCount, ordinal: batch.ordinal))
        }

        public mutating func merge(_ other: State) {
            base.merge(other.base)
            keptRows.merge(other.keptRows) { mine, _ in mine }
        }
    }

    public func makeShared(for schema: Schema) -> Base.Shared { base.makeShared(for: schema) }

    public func makeState(for schema: Schema, shared: Base.Shared) throws(MetricError) -> State {
        State(base: try base.makeState(for: schema, shared: shared), filter: try filter.compile(for: schema))
    }

    public func value(of state: State, rows: RowNumbering) throws(MetricError) -> Base.Value {
        try base.value(of: state.base, rows: rows.keeping(state.keptRows))
    }
}

/// Rows a `RowFilter` keeps: the row count an expectation sees under a `row_condition`.
public struct KeptRowCountMetric: UnsharedMetric {
    public let filter: RowFilter
    public init(filter: RowFilter) { self.filter = filter }
    public var columnsRead: [String]? { filter.columnsRead }

    public struct State: MetricState {
        let filter: CompiledRowFilter
        var count = 0
        public mutating func update(_ batch: Batch) { count += filter.keptRows(batch).reduce(0) { $0 + ($1 ? 1 : 0) } }
        public mutating func merge(_ other: State) { count += other.count }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State { State(filter: try filter.compile(for: schema)) }
    public func value(of state: State, rows: RowNumbering) -> Int { state.count }
}
