import AssayColumns

/// What a source that runs queries (a database) can compute itself, said in the engine's terms,
/// not SQL: the metric plan asks for these (pushdown), and the source's dialect writes the SQL.
/// Semantics follow the streaming engine's exactly, so both modes agree:
/// - a cell is *present* when it is not null and, in a float column, not NaN;
/// - conditions are tested on present cells only (Great Expectations' map semantics).
public indirect enum SourcePredicate: Hashable, Sendable {
    /// Not null, and not NaN in a float column.
    case present(column: String)
    case isNull(column: String)
    /// Not null and finite (any non-null cell of a column that is not float).
    case finite(column: String)
    case isNaN(column: String)
    case isInfinite(column: String, positive: Bool)
    /// Inclusive or strict bounds; a nil bound is open. Numbers for numeric columns, ISO-8601
    /// texts for date and timestamp columns.
    case between(column: String, low: JSONValue?, lowStrict: Bool, high: JSONValue?, highStrict: Bool)
    /// Equal to one of the values (same-typed values only: texts for text columns, numbers
    /// for numeric ones).
    case inSet(column: String, values: [JSONValue])
    /// A regular expression found anywhere in the text (`re.search`); only patterns whose
    /// meaning is the same in the source's regex dialect are pushed (`SourceRegex.isPortable`).
    case matchesRegex(column: String, pattern: String)
    /// The value equals some value of `otherColumn` in `relation`, a relation of the source's
    /// own database (`AggregatingSource.relation(inSameDatabase:)`): referential integrity as a
    /// semi-join the database runs, instead of streaming the column.
    case inRelation(column: String, relation: String, otherColumn: String)
    case not(SourcePredicate)
    case and([SourcePredicate])
}

/// One aggregate over the whole source (one row of answers for a list of them).
public enum SourceAggregate: Hashable, Sendable {
    /// All rows.
    case rowCount
    /// Rows where the predicate holds.
    case count(where: SourcePredicate)
    /// Over the finite values of a numeric column (a bool column as 0/1). `min`/`max` also
    /// apply to date and timestamp columns, answered as microseconds since 1970 (a date at
    /// midnight), an integer.
    case min(column: String)
    case max(column: String)
    /// Exact for integer columns (nil when it overflows 64 bits).
    case sum(column: String)
    case mean(column: String)
    /// Σ(x − mean)² / n over present finite values.
    case populationVariance(column: String)
    /// Pearson's r over rows where both are present and finite.
    case correlation(columnA: String, columnB: String)
    /// Distinct present values.
    case distinctCount(column: String)
    /// Present cells whose value occurs more than once (every one of them, the first included).
    case repeatedCount(column: String)
    /// Up to `limit` values that occur more than once, each with its number of rows (answered as
    /// `.list` of `.list([.json(value), .integer(rows)])`), in no particular order.
    case repeatedSamples(column: String, limit: Int)
    /// The values at the ranks `rule` picks among the column's present values in ascending
    /// order (finite and infinite; NaN is missing), in the rule's order, answered as `.list` —
    /// the source counts the values and picks the ranks itself, in one request.
    case orderStatistics(column: String, rule: RankRule)
    /// The aggregate over every non-null value of a float column, NaN and infinities included:
    /// cheaper (no per-row filter) when a count has shown there are none.
    indirect case includingNonFinite(SourceAggregate)
}

/// Which order statistics: 0-based ranks among n values.
public enum RankRule: Hashable, Sendable {
    /// Nearest rank as GX computes quantiles on pandas (`interpolation="nearest"`: the index
    /// q·(n − 1) rounded half to even).
    case nearest([Double])
    /// The middle one or two: ⌊(n − 1)/2⌋ and ⌊n/2⌋ (the median averages them).
    case middle

    public func ranks(count: Int) -> [Int] {
        guard count > 0 else { return [] }
        switch self {
        case .nearest(let quantiles):
            return quantiles.map { Int((min(max($0, 0), 1) * Double(count - 1)).rounded(.toNearestOrEven)) }
        case .middle:
            return [(count - 1) / 2, count / 2]
        }
    }
}

/// An answer from the source, typed as the source returned it.
public enum SourceValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    /// A cell as results show it (ISO dates, …).
    case json(JSONValue)
    case list([SourceValue])

    public var integer: Int? {
        switch self {
        case .integer(let value): Int(value)
        case .double(let value): value.isFinite && value == value.rounded() ? Int(exactly: value) : nil
        case .text(let text): Int(text)
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        case .text(let text): Double(text)
        default: nil
        }
    }
}

/// A source that answers aggregates itself (one round trip for a list) and returns a few rows of
/// one column where a predicate holds (samples of unexpected values, with a limit).
public protocol AggregatingSource: BatchSource {
    /// Whether this source can compute `aggregate` (its dialect and the column's type allow it).
    func supports(_ aggregate: SourceAggregate) -> Bool
    /// The answers, in the order asked.
    func aggregate(_ requests: [SourceAggregate]) throws -> [SourceValue]
    /// Up to `limit` values of `column` from rows where `predicate` holds, with their 0-based row
    /// numbers when the source has a row order (a file; the first rows then), nil when it has
    /// none (a database table; some rows, in no particular order).
    func samples(of column: String, where predicate: SourcePredicate, limit: Int) throws -> [(row: Int?, value: JSONValue)]
    /// Bytes received from the source so far (for benchmarks and the run's metadata).
    var bytesReceived: Int { get }
    /// Runs a suite's own query read-only, `{table}` replaced by the source's relation: how many
    /// rows it returns and the first `limit` of them, each an object by column name. Nil when
    /// the source runs no queries (a file).
    func rows(ofQuery query: String, limit: Int) throws -> QueryRows?
    /// `other`'s relation as this source's queries can name it, when both live in one database
    /// (then one query can join them); nil otherwise.
    func relation(inSameDatabase other: any AggregatingSource) -> String?
}

/// What a suite's own query returned (`AggregatingSource.rows(ofQuery:limit:)`).
public struct QueryRows: Sendable {
    public var count: Int
    public var samples: [JSONValue]
    public init(count: Int, samples: [JSONValue]) {
        self.count = count
        self.samples = samples
    }
}

extension AggregatingSource {
    public var aggregating: (any AggregatingSource)? { self }
    public func rows(ofQuery query: String, limit: Int) throws -> QueryRows? { nil }
    public func relation(inSameDatabase other: any AggregatingSource) -> String? { nil }
}

/// `--pushdown on|off|auto`: whether metrics a source can compute are computed there.
/// `auto` pushes what the source supports and streams the rest; `on` is the same but says so
/// when something could not be pushed; `off` streams everything.
public enum PushdownMode: String, Sendable, CaseIterable {
    case on, off, auto
}

/// Regular expressions whose meaning is the same in Python's `re` (what Great Expectations
/// means) and in POSIX/PostgreSQL advanced regular expressions: plain characters, classes,
/// anchors, quantifiers and groups. Anything else (look-around, `(?…)` flags, `\b` — a
/// backspace in PostgreSQL — `\A`, `\Z`, Unicode properties, possessive or `{,n}` quantifiers)
/// is tested by streaming instead.
public enum SourceRegex {
    public static func isPortable(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return false }
                let next = bytes[index + 1]
                // Escapes both dialects read alike: classes, and punctuation taken literally.
                let classes: Set<UInt8> = Set("dDsSwWnt".utf8)
                let isPunctuation = !(next >= 48 && next <= 57) && !(next >= 65 && next <= 90) && !(next >= 97 && next <= 122) && next < 128
                guard classes.contains(next) || isPunctuation else { return false }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "("), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") { return false }
            if byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ",") { return false }
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "?"),
               index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "+") { return false }
            if byte == UInt8(ascii: "[") {
                // Inside a bracket expression, a backslash means something else in POSIX.
                var end = index + 1
                if end < bytes.count, bytes[end] == UInt8(ascii: "^") { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "]") { end += 1 }
                while end < bytes.count, bytes[end] != UInt8(ascii: "]") {
                    if bytes[end] == UInt8(ascii: "\\") || bytes[end] == UInt8(ascii: "[") { return false }
                    end += 1
                }
                guard end < bytes.count else { return false }
                index = end + 1
                continue
            }
            index += 1
        }
        return true
    }
}
