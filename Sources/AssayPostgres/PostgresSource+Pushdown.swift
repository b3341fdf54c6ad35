import AssayColumns
import AssayReaders

/// Pushdown: the metric plan's aggregates (`SourceAggregate`, in the engine's terms) written as
/// one PostgreSQL aggregate query over the source's relation — identifiers quoted by the dialect,
/// every value bound as a parameter — so the server scans and only one row comes back. Samples
/// of unexpected values are a `LIMIT`ed query each, run only when a check found some.
///
/// Semantics are the streaming engine's: a float cell is *present* when not null and not NaN;
/// moments and extremes are over finite values; dates and timestamps compare as instants
/// (a date at midnight). What a source type could read differently is not pushed (`supports`):
/// value sets and regexes on `character(n)` columns, whose padding PostgreSQL's comparisons ignore.
extension PostgresSource: AggregatingSource {
    public func supports(_ aggregate: SourceAggregate) -> Bool {
        var builder = PushdownSQL(source: self)
        switch aggregate {
        case .repeatedCount(let column), .repeatedSamples(let column, _):
            guard (try? builder.groupRepeated(column)) != nil else { return false }
        default:
            break
        }
        return (try? builder.items(aggregate)) != nil
    }

    public func aggregate(_ requests: [SourceAggregate]) throws -> [SourceValue] {
        var builder = PushdownSQL(source: self)
        // Columns whose repeated values are asked for get one grouping each (a CTE of the values
        // found more than once, with their row counts): the repeated count, the samples and the
        // distinct count (present − repeated rows + repeated values) all read it, so a
        // uniqueness check groups the column once instead of counting distinct values, grouping
        // and grouping again for samples.
        for request in requests {
            switch request {
            case .repeatedCount(let column), .repeatedSamples(let column, _): try builder.groupRepeated(column)
            default: break
            }
        }
        var selected: [String] = []
        var answerOf: [(request: Int, items: Range<Int>)] = []
        for (index, request) in requests.enumerated() {
            let items = try builder.items(request)
            answerOf.append((index, selected.count..<(selected.count + items.count)))
            selected += items
        }
        guard !selected.isEmpty else { return [] }
        let with = builder.groupings.isEmpty ? "" : "WITH " + builder.groupings.map(\.sql).joined(separator: ",\n  ") + "\n"
        let sql = with + "SELECT " + selected.joined(separator: ",\n  ") + "\nFROM " + relation
        let row = try withSession { session in
            // A grouping of a column with many values sorts faster than a hash table that spills
            // past work_mem (6 M comments: 11 s against 13 s); for this statement only (is_local).
            if !builder.groupings.isEmpty { _ = try session.aggregate("SELECT set_config('enable_hashagg', 'off', true)") }
            return try session.aggregate(sql, parameters: builder.parameters)
        }
        guard row.count == selected.count else {
            throw ReaderError(.database, file: name, message: "the aggregate query returned \(row.count) values, not \(selected.count)")
        }
        var answers = [SourceValue](repeating: .null, count: requests.count)
        for (index, items) in answerOf {
            answers[index] = try answer(requests[index], Array(row[items]), builder: builder)
        }
        return answers
    }

    /// A request's answer from its selected values (one, or two for repeated samples: the values
    /// and their row counts).
    private func answer(_ request: SourceAggregate, _ values: [SQLValue], builder: PushdownSQL) throws -> SourceValue {
        if case .orderStatistics(let column, _) = request {
            switch values[0] {
            case .array(let items): return .list(items.map(Self.sourceValue))
            case .null: return .list([])
            case let other: throw ReaderError(.database, file: name, column: column, message: "order statistics came back as \(other), not an array")
            }
        }
        guard case .repeatedSamples(let column, _) = request else { return Self.sourceValue(values[0]) }
        let type = try builder.column(column).type
        switch (values[0], values[1]) {
        case (.null, _), (_, .null):
            return .list([])
        case (.array(let found), .array(let counts)) where found.count == counts.count:
            return .list(zip(found, counts).map { value, count in .list([.json(Self.json(value, type: type)), Self.sourceValue(count)]) })
        default:
            throw ReaderError(.database, file: name, column: column, message: "repeated values came back as \(values[0]) and \(values[1])")
        }
    }

    public func samples(of column: String, where predicate: SourcePredicate, limit: Int) throws -> [(row: Int?, value: JSONValue)] {
        var builder = PushdownSQL(source: self)
        let (_, type) = try builder.column(column)
        let sql = "SELECT " + builder.valueExpression(column, type) + " FROM " + relation + " WHERE " + (try builder.predicate(predicate))
        return try rows(sql, parameters: builder.parameters, limit: limit).map { row in
            (row: nil, value: Self.json(row.first ?? .null, type: type))
        }
    }

    static func sourceValue(_ value: SQLValue) -> SourceValue {
        switch value {
        case .null: .null
        case .int(let number): .integer(number)
        case .double(let number): .double(number)
        case .text(let text): .text(text)
        case .bool(let flag): .bool(flag)
        case .array: .null
        }
    }

    /// A sampled cell as the streaming engine shows it (ISO dates and timestamps, NaN as null).
    static func json(_ value: SQLValue, type: ColumnType) -> JSONValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.int(let days), .date): return .string(CellValue.isoDate(days: Int(days)))
        case (.int(let micros), .timestamp): return .string(CellValue.isoTimestamp(microseconds: micros))
        case (.int(let number), .float64): return .double(Double(number))
        case (.int(let number), _): return .integer(number)
        case (.double(let number), _): return number.isNaN ? .null : .double(number)
        case (.text(let text), _): return .string(text)
        case (.bool(let flag), _): return .bool(flag)
        case (.array, _): return .null
        }
    }
}

/// Builds the SQL of one request: expressions with their parameters numbered in order.
struct PushdownSQL {
    let source: PostgresSource
    var parameters: [SQLValue] = []

    init(source: PostgresSource) { self.source = source }

    struct Unsupported: Error {}

    /// The groupings of repeated values, one CTE per column (`groupRepeated`).
    var groupings: [(column: String, name: String, sql: String)] = []

    func grouping(_ column: String) -> String? { groupings.first { $0.column == column }?.name }

    /// `assay_repeated_N`: each value of `column` found in more than one present cell, with the
    /// number of cells (`v`, `n`), materialized once for every request that reads it.
    mutating func groupRepeated(_ name: String) throws {
        guard grouping(name) == nil else { return }
        let (c, type) = try column(name)
        guard !sourceType(name).hasPrefix("character(") else { throw Unsupported() }
        let cte = dialect.quoteIdentifier("assay_repeated_\(groupings.count + 1)")
        groupings.append((name, cte, "\(cte) AS MATERIALIZED (SELECT \(valueExpression(name, type)) AS v, count(*) AS n FROM \(source.relation) "
            + "WHERE \(presentFilter(c, type)) GROUP BY \(c) HAVING count(*) > 1)"))
    }

    /// The selected expressions answering `aggregate` (two for repeated samples).
    mutating func items(_ aggregate: SourceAggregate) throws -> [String] {
        switch aggregate {
        case .repeatedSamples(let name, let limit):
            guard let cte = grouping(name) else { throw Unsupported() }
            let k = bind(.int(Int64(max(0, limit))), as: .int64)
            // The same LIMITed scan of the materialized grouping twice: the same rows, in the same order.
            return ["(SELECT array_agg(v) FROM (SELECT v FROM \(cte) LIMIT \(k)) AS s)",
                    "(SELECT array_agg(n) FROM (SELECT n FROM \(cte) LIMIT \(k)) AS s)"]
        default:
            return [try expression(aggregate)]
        }
    }

    var dialect: PostgresDialect { source.dialect }

    mutating func bind(_ value: SQLValue, as type: ColumnType?) -> String {
        parameters.append(value)
        return dialect.parameter(parameters.count, type: type)
    }

    /// The column's quoted name and Assay type.
    func column(_ name: String) throws -> (sql: String, type: ColumnType) {
        guard let index = source.schema.index(of: name) else {
            throw ReaderError(.database, file: source.name, column: name, message: "no such column in the source")
        }
        return (dialect.quoteIdentifier(name), source.schema.fields[index].type)
    }

    func sourceType(_ name: String) -> String {
        source.schema.index(of: name).map { source.sourceTypeNames[$0] } ?? ""
    }

    /// The column as the stream reads it: dates as days and timestamps as microseconds since
    /// 1970 (integers), so samples decode as streamed cells do.
    func valueExpression(_ name: String, _ type: ColumnType) -> String {
        let c = dialect.quoteIdentifier(name)
        switch type {
        case .date: return "(\(c) - DATE '1970-01-01')::bigint"
        case .timestamp: return "(extract(epoch FROM \(c)) * 1000000)::bigint"
        case .float64: return "\(c)::double precision"
        default: return c
        }
    }

    /// Set while writing an `includingNonFinite` aggregate: no per-row finiteness filter.
    var includeNonFinite = false

    /// `aggregate` over the finite values: filtered for a float column (unless `includeNonFinite`);
    /// an aggregate skips nulls by itself.
    func finiteOnly(_ aggregate: String, _ c: String, _ type: ColumnType) -> String {
        type == .float64 && !includeNonFinite ? "\(aggregate) FILTER (WHERE \(finiteFilter(c, type)))" : aggregate
    }

    /// Finite values, as a filter (every non-null value of a column that is not float).
    func finiteFilter(_ c: String, _ type: ColumnType) -> String {
        type == .float64 && !includeNonFinite ? "\(c) IS NOT NULL AND \(c) NOT IN ('NaN', 'Infinity', '-Infinity')" : "\(c) IS NOT NULL"
    }

    func presentFilter(_ c: String, _ type: ColumnType) -> String {
        type == .float64 ? "(\(c) IS NOT NULL AND \(c) <> 'NaN')" : "\(c) IS NOT NULL"
    }

    /// A numeric column (or bool as 0/1) as double precision.
    func number(_ c: String, _ type: ColumnType) throws -> String {
        switch type {
        case .int64, .float64: return "\(c)::double precision"
        case .bool: return "\(c)::int::double precision"
        default: throw Unsupported()
        }
    }

    mutating func expression(_ aggregate: SourceAggregate) throws -> String {
        switch aggregate {
        case .rowCount:
            return dialect.countAll()
        case .count(.present(let name)), .count(.not(.isNull(let name))):
            // count(c) skips nulls without a filter per row; a float column also leaves NaN out.
            let (c, type) = try column(name)
            if case .count(.present) = aggregate, type == .float64 { return "(" + dialect.countWhere(presentFilter(c, type)) + ")::bigint" }
            return dialect.count(c)
        case .count(let predicate):
            return "(" + dialect.countWhere(try self.predicate(predicate)) + ")::bigint"
        case .min(let name), .max(let name):
            let (c, type) = try column(name)
            let isMin: Bool = if case .min = aggregate { true } else { false }
            let dialect = self.dialect
            let pick = { (x: String) in isMin ? dialect.min(x) : dialect.max(x) }
            switch type {
            case .int64: return pick(c)
            case .float64, .bool: return finiteOnly(pick(try number(c, type)), c, type)
            case .date: return "(\(pick(c)) - DATE '1970-01-01')::bigint * 86400000000"
            case .timestamp: return "(extract(epoch FROM \(pick(c))) * 1000000)::bigint"
            case .string: throw Unsupported()
            }
        case .sum(let name):
            let (c, type) = try column(name)
            // An integer sum exactly (numeric), as text: Int64 when it fits, a double otherwise.
            if type == .int64 { return "sum(\(c))::text" }
            return finiteOnly("sum(\(try number(c, type)))", c, type)
        case .mean(let name):
            let (c, type) = try column(name)
            if type == .int64 { return "avg(\(c))::double precision" }
            return finiteOnly("avg(\(try number(c, type)))", c, type)
        case .populationVariance(let name):
            let (c, type) = try column(name)
            if type == .int64 { return "var_pop(\(c))::double precision" }
            return finiteOnly("var_pop(\(try number(c, type)))", c, type)
        case .correlation(let a, let b):
            let (ca, ta) = try column(a), (cb, tb) = try column(b)
            return "corr(\(try number(ca, ta)), \(try number(cb, tb))) FILTER (WHERE \(finiteFilter(ca, ta)) AND \(finiteFilter(cb, tb)))"
        case .distinctCount(let name):
            let (c, type) = try column(name)
            guard !sourceType(name).hasPrefix("character(") else { throw Unsupported() }
            if let cte = grouping(name) {
                // Present cells − cells of repeated values + the repeated values themselves.
                let present = type == .float64 ? "count(*) FILTER (WHERE \(presentFilter(c, type)))" : dialect.count(c)
                return "(\(present) - (SELECT coalesce(sum(n), 0) FROM \(cte)) + (SELECT count(*) FROM \(cte)))::bigint"
            }
            return type == .float64 ? "(" + dialect.countDistinct(c) + " FILTER (WHERE \(presentFilter(c, type))))::bigint" : dialect.countDistinct(c)
        case .repeatedCount(let name):
            guard let cte = grouping(name) else { throw Unsupported() }
            return "(SELECT coalesce(sum(n), 0)::bigint FROM \(cte))"
        case .repeatedSamples(let name, _):
            // Checked here (supports); selected through `items`.
            guard grouping(name) != nil else { throw Unsupported() }
            return ""
        case .orderStatistics(let name, let rule):
            return try orderStatistics(column: name, rule: rule)
        case .includingNonFinite(let inner):
            switch inner {
            case .mean, .populationVariance, .min, .max, .sum:
                let saved = includeNonFinite
                includeNonFinite = true
                defer { includeNonFinite = saved }
                return try expression(inner)
            default:
                throw Unsupported()
            }
        }
    }

    /// `percentile_disc` picks the value at 0-based rank k among n when asked for (k + ½)/n: the
    /// first value whose cumulative share reaches it is the (k + 1)-th. The ranks come from n,
    /// counted by a subquery in the same statement (`round` on double precision rounds half to
    /// even, as the engine's nearest rank does), so one request sorts and answers.
    mutating func orderStatistics(column name: String, rule: RankRule) throws -> String {
        let (c, type) = try column(name)
        guard type == .int64 || type == .float64 else { throw Unsupported() }
        let n = "(SELECT greatest(count(*), 1)::double precision FROM \(source.relation) WHERE \(presentFilter(c, type)))"
        let fractions: String
        switch rule {
        case .nearest(let quantiles):
            let q = bind(.array(quantiles.map { .double(min(max($0, 0), 1)) }), as: nil)
            fractions = "(SELECT array_agg((round(q * (n - 1)) + 0.5) / n ORDER BY i) FROM unnest(\(q)::double precision[]) WITH ORDINALITY AS r(q, i), \(n) AS m(n))"
        case .middle:
            fractions = "(SELECT ARRAY[(floor((n - 1) / 2) + 0.5) / n, (floor(n / 2) + 0.5) / n] FROM \(n) AS m(n))"
        }
        return "percentile_disc(\(fractions)) WITHIN GROUP (ORDER BY \(c)::double precision) FILTER (WHERE \(presentFilter(c, type)))"
    }

    mutating func predicate(_ predicate: SourcePredicate) throws -> String {
        switch predicate {
        case .present(let name):
            let (c, type) = try column(name)
            return presentFilter(c, type)
        case .isNull(let name):
            return "\(try column(name).sql) IS NULL"
        case .finite(let name):
            let (c, type) = try column(name)
            return "(" + finiteFilter(c, type) + ")"
        case .isNaN(let name):
            let (c, type) = try column(name)
            guard type == .float64 else { return "FALSE" }
            return "\(c) = 'NaN'"
        case .isInfinite(let name, let positive):
            let (c, type) = try column(name)
            guard type == .float64 else { return "FALSE" }
            return "\(c) = '\(positive ? "Infinity" : "-Infinity")'"
        case .between(let name, let low, let lowStrict, let high, let highStrict):
            let (c, type) = try column(name)
            var parts: [String] = []
            let left = try comparable(c, type, sourceType: sourceType(name))
            if let low { parts.append("\(left) \(lowStrict ? ">" : ">=") \(try bound(low, type))") }
            if let high { parts.append("\(left) \(highStrict ? "<" : "<=") \(try bound(high, type))") }
            return parts.isEmpty ? "TRUE" : "(" + parts.joined(separator: " AND ") + ")"
        case .inSet(let name, let values):
            let (c, type) = try column(name)
            guard !sourceType(name).hasPrefix("character(") else { throw Unsupported() }
            switch type {
            case .string:
                let texts = try values.map { value -> SQLValue in
                    guard case .string(let text) = value else { throw Unsupported() }
                    return .text(text)
                }
                return "\(c) = ANY(\(bind(.array(texts), as: nil))::text[])"
            case .int64, .float64:
                let numbers = try values.map { value -> SQLValue in
                    guard let number = value.number, number.isFinite else { throw Unsupported() }
                    return .double(number)
                }
                return "\(c)::double precision = ANY(\(bind(.array(numbers), as: nil))::double precision[])"
            default:
                throw Unsupported()
            }
        case .matchesRegex(let name, let pattern):
            let (c, type) = try column(name)
            guard type == .string, !sourceType(name).hasPrefix("character("), SourceRegex.isPortable(pattern) else { throw Unsupported() }
            return dialect.regexMatch(c, pattern: bind(.text(pattern), as: .string))
        case .inRelation(let name, let relation, let otherColumn):
            // The outer column is qualified: inside the subquery an unqualified name could be the
            // other table's. An alias hides the other table's own name, so a table referring to
            // itself works too.
            let (c, _) = try column(name)
            let qualifier = source.table != nil ? source.relation : dialect.quoteIdentifier("assay_query")
            let other = dialect.quoteIdentifier("assay_other")
            return "EXISTS (SELECT 1 FROM \(relation) AS \(other) WHERE \(other).\(dialect.quoteIdentifier(otherColumn)) = \(qualifier).\(c))"
        case .not(let inner):
            return "NOT (" + (try self.predicate(inner)) + ")"
        case .and(let parts):
            return "(" + (try parts.map { try self.predicate($0) }).joined(separator: " AND ") + ")"
        }
    }

    /// The column in the form its bounds compare with: numbers as double precision, dates and
    /// timestamps as instants (`timestamp`, a date at midnight; a zoned one in UTC).
    func comparable(_ c: String, _ type: ColumnType, sourceType: String) throws -> String {
        switch type {
        case .int64, .float64: return "\(c)::double precision"
        case .date: return "\(c)::timestamp"
        case .timestamp: return sourceType.hasPrefix("timestamp with time zone") ? "(\(c) AT TIME ZONE 'UTC')" : c
        default: throw Unsupported()
        }
    }

    mutating func bound(_ value: JSONValue, _ type: ColumnType) throws -> String {
        switch type {
        case .int64, .float64:
            guard let number = value.number, number.isFinite else { throw Unsupported() }
            return bind(.double(number), as: .float64)
        case .date, .timestamp:
            guard case .string(let text) = value, let micros = TimestampText.parse(text) else { throw Unsupported() }
            return bind(.text(CellValue.isoTimestamp(microseconds: micros)), as: nil) + "::timestamp"
        default:
            throw Unsupported()
        }
    }
}
