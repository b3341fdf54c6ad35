import AssayColumns

/// Which rows a column-pair check leaves out before judging (GX's `ignore_row_if` for pairs).
public enum PairIgnoreRule: String, Hashable, Sendable, CaseIterable {
    case bothValuesAreMissing = "both_values_are_missing"
    case eitherValueIsMissing = "either_value_is_missing"
    case neither
}

/// Which rows a multicolumn check leaves out before judging (GX's `ignore_row_if`).
public enum MulticolumnIgnoreRule: String, Hashable, Sendable, CaseIterable {
    case allValuesAreMissing = "all_values_are_missing"
    case anyValueIsMissing = "any_value_is_missing"
    case never
}

/// A per-row test over two columns. A missing cell (null or NaN) never compares equal or
/// greater, as in pandas, so a row kept with a missing value is unexpected.
public enum PairCondition: Hashable, Sendable {
    /// Unexpected unless A > B (A ≥ B with `orEqual`); numbers by value, text by code points.
    case aGreaterThanB(orEqual: Bool)
    case equal
    /// Unexpected unless (A, B) is one of the pairs.
    case inSet([[JSONValue]])
}

/// A per-row test over several columns.
public enum MulticolumnCondition: Hashable, Sendable {
    /// Unexpected: every row whose combination of values occurs more than once (missing equals missing).
    case compoundUnique
    /// Unexpected unless the row's values, missing ones skipped, sum to the total.
    case sumEquals(Double)
    /// Unexpected: a row holding one value twice (missing equals missing).
    case uniqueWithinRecord
}

/// The cells of a row as a result shows them, keyed so that equal values hash equally
/// (numbers by value, a NaN like a null).
private func cells(_ columns: [Column], _ row: Int) -> [JSONValue] {
    columns.map { column in CellValue.isMissing(column, row: row) ? .null : CellValue.json(column, row: row) }
}

/// Rows of two columns that break a `PairCondition`, after `ignoreRowIf` (GX column-pair map
/// semantics: the rows left are the denominator). Unexpected values are `[a, b]` pairs.
public struct PairUnexpectedRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [columnA, columnB] }
    public let columnA: String
    public let columnB: String
    public let condition: PairCondition
    public let ignoreRowIf: PairIgnoreRule

    public init(columnA: String, columnB: String, condition: PairCondition, ignoreRowIf: PairIgnoreRule) {
        self.columnA = columnA
        self.columnB = columnB
        self.condition = condition
        self.ignoreRowIf = ignoreRowIf
    }

    public struct State: MetricState {
        let indices: (Int, Int)
        let condition: PairCondition
        let pairs: Set<[JSONValue]>
        let ignoreRowIf: PairIgnoreRule
        var elementCount = 0
        var ignoredCount = 0
        var unexpectedCount = 0
        var samples = SampleList()

        public mutating func update(_ batch: Batch) {
            let a = batch.columns[indices.0]
            let b = batch.columns[indices.1]
            elementCount += batch.rowCount
            for row in 0..<batch.rowCount {
                let missingA = CellValue.isMissing(a, row: row)
                let missingB = CellValue.isMissing(b, row: row)
                let ignored = switch ignoreRowIf {
                case .bothValuesAreMissing: missingA && missingB
                case .eitherValueIsMissing: missingA || missingB
                case .neither: false
                }
                if ignored { ignoredCount += 1; continue }
                let values = cells([a, b], row)
                if isUnexpected(values, anyMissing: missingA || missingB) {
                    unexpectedCount += 1
                    if !samples.isFull { samples.append(RowPosition(ordinal: batch.ordinal, row: row), .array(values)) }
                }
            }
        }

        private func isUnexpected(_ values: [JSONValue], anyMissing: Bool) -> Bool {
            if anyMissing { return true }
            switch condition {
            case .aGreaterThanB(let orEqual):
                guard let order = compare(values[0], values[1]) else { return true }
                return orEqual ? order < 0 : order <= 0
            case .equal:
                return values[0] != values[1]
            case .inSet:
                return !pairs.contains(values)
            }
        }

        /// -1, 0 or 1; nil when the two are not comparable (a number and a text).
        private func compare(_ a: JSONValue, _ b: JSONValue) -> Int? {
            if let x = a.number, let y = b.number { return x < y ? -1 : x > y ? 1 : 0 }
            if let x = a.string, let y = b.string { return x < y ? -1 : x > y ? 1 : 0 }
            return nil
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            ignoredCount += other.ignoredCount
            unexpectedCount += other.unexpectedCount
            samples.merge(other.samples)
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let a = try schema.column(columnA).index
        let b = try schema.column(columnB).index
        var pairs: Set<[JSONValue]> = []
        if case .inSet(let list) = condition { pairs = Set(list) }
        return State(indices: (a, b), condition: condition, pairs: pairs, ignoreRowIf: ignoreRowIf)
    }

    /// `missingCount` is the number of ignored rows.
    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows {
        UnexpectedRows(elementCount: state.elementCount, missingCount: state.ignoredCount,
                       unexpectedCount: state.unexpectedCount, samples: state.samples.numbered(rows))
    }
}

/// Rows of several columns that break a `MulticolumnCondition`, after `ignoreRowIf` (GX
/// multicolumn map semantics). Unexpected values are `{column: value}` objects. With a `filter`
/// (GX's `row_condition`) only the rows it keeps exist for the check.
///
/// `compoundUnique` keeps every distinct combination with its count and its first
/// `UnexpectedRows.sampleCountMax` rows: memory grows with the number of distinct combinations
/// (stated; uniqueness is exact).
public struct MulticolumnUnexpectedRowsMetric: UnsharedMetric {
    public var columnsRead: [String]? { columns }
    public let columns: [String]
    public let condition: MulticolumnCondition
    public let ignoreRowIf: MulticolumnIgnoreRule
    public let filter: RowFilter?

    public init(columns: [String], condition: MulticolumnCondition, ignoreRowIf: MulticolumnIgnoreRule, filter: RowFilter?) {
        self.columns = columns
        self.condition = condition
        self.ignoreRowIf = ignoreRowIf
        self.filter = filter
    }

    struct Combination {
        var count: Int
        var firstRows: SampleList
    }

    public struct State: MetricState {
        let indices: [Int]
        let names: [String]
        let condition: MulticolumnCondition
        let ignoreRowIf: MulticolumnIgnoreRule
        let filter: CompiledRowFilter?
        var elementCount = 0
        var ignoredCount = 0
        var unexpectedCount = 0
        var samples = SampleList()
        var combinations: [[JSONValue]: Combination] = [:]

        public mutating func update(_ batch: Batch) {
            let columns = indices.map { batch.columns[$0] }
            let kept = filter?.keptRows(batch)
            for row in 0..<batch.rowCount where kept?[row] ?? true {
                elementCount += 1
                let missing = columns.map { CellValue.isMissing($0, row: row) }
                let ignored = switch ignoreRowIf {
                case .allValuesAreMissing: missing.allSatisfy { $0 }
                case .anyValueIsMissing: missing.contains(true)
                case .never: false
                }
                if ignored { ignoredCount += 1; continue }
                let values = cells(columns, row)
                let position = RowPosition(ordinal: batch.ordinal, row: row)
                switch condition {
                case .compoundUnique:
                    var combination = combinations[values] ?? Combination(count: 0, firstRows: SampleList())
                    combination.count += 1
                    combination.firstRows.append(position, record(values))
                    combinations[values] = combination
                case .sumEquals(let total):
                    // pandas' row sum skips missing values, adding left to right.
                    let sum = values.reduce(0.0) { $0 + ($1.number ?? 0) }
                    if sum != total { addUnexpected(position, values) }
                case .uniqueWithinRecord:
                    if Set(values).count < values.count { addUnexpected(position, values) }
                }
            }
        }

        private func record(_ values: [JSONValue]) -> JSONValue { .object(Array(zip(names, values))) }

        private mutating func addUnexpected(_ position: RowPosition, _ values: [JSONValue]) {
            unexpectedCount += 1
            if !samples.isFull { samples.append(position, record(values)) }
        }

        public mutating func merge(_ other: State) {
            elementCount += other.elementCount
            ignoredCount += other.ignoredCount
            unexpectedCount += other.unexpectedCount
            samples.merge(other.samples)
            for (values, theirs) in other.combinations {
                guard var mine = combinations[values] else { combinations[values] = theirs; continue }
                mine.count += theirs.count
                mine.firstRows.merge(theirs.firstRows)
                combinations[values] = mine
            }
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        guard !columns.isEmpty else { throw MetricError("column_list is empty") }
        var indices: [Int] = []
        for name in columns { indices.append(try schema.column(name).index) }
        return State(indices: indices, names: columns, condition: condition, ignoreRowIf: ignoreRowIf,
                     filter: try filter.map { filter throws(MetricError) in try filter.compile(for: schema) })
    }

    /// `missingCount` is the number of ignored rows.
    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows {
        var unexpectedCount = state.unexpectedCount
        var samples = state.samples
        if case .compoundUnique = state.condition {
            for combination in state.combinations.values where combination.count > 1 {
                unexpectedCount += combination.count
                samples.merge(combination.firstRows)
            }
        }
        return UnexpectedRows(elementCount: state.elementCount, missingCount: state.ignoredCount,
                              unexpectedCount: unexpectedCount, samples: samples.numbered(rows))
    }
}
