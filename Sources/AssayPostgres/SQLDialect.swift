import AssayColumns

/// The SQL a pushdown planner needs to turn metric requests into one aggregate query.
///
/// Every member returns SQL text. Arguments named `expression`, `predicate`, `low`… are SQL
/// expressions the caller built from this dialect: quoted identifiers (`quoteIdentifier`) and
/// parameter placeholders (`parameter`). Values are never written into the text: they are bound
/// as parameters. Each member's comment says what a Trino or Spark SQL dialect would do differently.
public protocol SQLDialect: Sendable {
    /// One identifier, quoted so any name reads as itself (`"` doubled inside `"…"`).
    /// Trino: the same. Spark SQL: backticks, with `` ` `` doubled.
    func quoteIdentifier(_ name: String) -> String

    /// A relation name for `FROM`: `"schema"."name"`, or `"name"` through the search path.
    /// Trino: `"catalog"."schema"."table"` (three parts). Spark SQL: `` `catalog`.`db`.`table` ``.
    func tableReference(_ name: QualifiedName) -> String

    /// The type name to cast to for an Assay column type.
    /// Trino: `double`, `bigint`, `boolean`, `date`, `timestamp(6)`, `varchar`.
    /// Spark SQL: `DOUBLE`, `BIGINT`, `BOOLEAN`, `DATE`, `TIMESTAMP_NTZ`, `STRING`.
    func typeName(_ type: ColumnType) -> String

    /// `CAST(expression AS type)`. Trino, Spark SQL: the same (Spark's `try_cast` when a failure should be NULL).
    func cast(_ expression: String, to type: ColumnType) -> String

    /// The placeholder for the 1-based parameter `index`, typed when the server cannot infer it
    /// (`$2::double precision`). Trino and Spark JDBC: a positional `?`, so the planner must bind in
    /// text order; typing by `CAST(? AS double)`.
    func parameter(_ index: Int, type: ColumnType?) -> String

    /// The same, for an array of `elementType` values (bound as `SQLValue.array`).
    /// Trino: `CAST(? AS array(double))`. Spark SQL has no array parameters: inline `array(?, ?, …)`.
    func arrayParameter(_ index: Int, elementType: ColumnType) -> String

    /// Rows: `count(*)`. Trino, Spark SQL: the same (both return a 64-bit integer).
    func countAll() -> String

    /// Non-null values: `count(expression)`. Trino, Spark SQL: the same.
    func count(_ expression: String) -> String

    /// `min(expression)`; NULL when every value is NULL. Trino, Spark SQL: the same. PostgreSQL
    /// orders NaN above every number, so a float column holding NaN has max NaN (Spark does the same, Trino too).
    func min(_ expression: String) -> String

    /// `max(expression)`. Trino, Spark SQL: the same.
    func max(_ expression: String) -> String

    /// `sum(expression)`, computed in `double precision` so an integer sum cannot overflow and the
    /// result type is known. Trino: `sum(CAST(x AS double))`. Spark SQL: the same cast (a bigint sum
    /// overflows silently when ANSI mode is off).
    func sum(_ expression: String) -> String

    /// `sum(x*x)` in `double precision` (moments). Trino, Spark SQL: the same with their double cast.
    func sumOfSquares(_ expression: String) -> String

    /// `sum(a*b)` in `double precision` over rows where both are non-null (co-moments): the caller
    /// counts the pairs with `countWhere("a IS NOT NULL AND b IS NOT NULL")`. Trino, Spark SQL: the same.
    func sumOfProducts(_ first: String, _ second: String) -> String

    /// `count(*) FILTER (WHERE predicate)`. Trino: the same. Spark SQL 3: `count_if(predicate)`
    /// (FILTER exists too); BigQuery: `COUNTIF(predicate)`.
    func countWhere(_ predicate: String) -> String

    /// A predicate: `expression` matches the regular expression `pattern` (a parameter placeholder),
    /// POSIX ARE syntax (`~`), which differs from ICU/Python in corner cases (no lookbehind, `\d` fine).
    /// Trino: `regexp_like(x, p)` (Java syntax, searches like `~`). Spark SQL: `x RLIKE p` (Java syntax).
    func regexMatch(_ expression: String, pattern: String) -> String

    /// Exact distinct non-null values: `count(DISTINCT expression)`. Trino, Spark SQL: the same
    /// (exact and memory-hungry; `approx_distinct` / `approx_count_distinct` estimate).
    func countDistinct(_ expression: String) -> String

    /// Exact quantiles: `percentile_disc(fractions) WITHIN GROUP (ORDER BY expression)`, one array of
    /// values of the column's type (`fractions` is an array parameter of doubles in [0, 1]).
    /// Trino has no exact percentile: `approx_percentile(x, ARRAY[…])`. Spark SQL: `percentile(x, array(…))`
    /// (exact, numbers only) or `percentile_approx`.
    func percentiles(_ expression: String, fractions: String) -> String

    /// The 1-based bucket of `expression` among `bucketCount` equal-width buckets on [low, high):
    /// 0 below, `bucketCount + 1` at or above `high`, NULL for NULL. Trino and Spark SQL: `width_bucket`
    /// with the same arguments and edges.
    func widthBucket(_ expression: String, low: String, high: String, bucketCount: String) -> String

    /// The clause that keeps the first `rowCount` rows (a parameter placeholder).
    /// Trino, Spark SQL: `LIMIT n` with a literal (Spark does not bind LIMIT).
    func limit(_ rowCount: String) -> String
}

/// PostgreSQL's spelling of `SQLDialect` (PostgreSQL 12 and later).
public struct PostgresDialect: SQLDialect {
    public init() {}

    public func quoteIdentifier(_ name: String) -> String {
        var quoted = "\""
        for scalar in name.unicodeScalars {
            if scalar == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    public func tableReference(_ name: QualifiedName) -> String {
        (name.schema.map { quoteIdentifier($0) + "." } ?? "") + quoteIdentifier(name.name)
    }

    public func typeName(_ type: ColumnType) -> String {
        switch type {
        case .float64: "double precision"
        case .int64: "bigint"
        case .bool: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .string: "text"
        }
    }

    public func cast(_ expression: String, to type: ColumnType) -> String {
        "CAST(\(expression) AS \(typeName(type)))"
    }

    public func parameter(_ index: Int, type: ColumnType?) -> String {
        precondition(index >= 1, "parameters are numbered from 1")
        return "$\(index)" + (type.map { "::" + typeName($0) } ?? "")
    }

    public func arrayParameter(_ index: Int, elementType: ColumnType) -> String {
        precondition(index >= 1, "parameters are numbered from 1")
        return "$\(index)::\(typeName(elementType))[]"
    }

    public func countAll() -> String { "count(*)" }
    public func count(_ expression: String) -> String { "count(\(expression))" }
    public func min(_ expression: String) -> String { "min(\(expression))" }
    public func max(_ expression: String) -> String { "max(\(expression))" }

    public func sum(_ expression: String) -> String { "sum(\(cast(expression, to: .float64)))" }

    public func sumOfSquares(_ expression: String) -> String {
        let value = cast(expression, to: .float64)
        return "sum(\(value) * \(value))"
    }

    public func sumOfProducts(_ first: String, _ second: String) -> String {
        "sum(\(cast(first, to: .float64)) * \(cast(second, to: .float64)))"
    }

    public func countWhere(_ predicate: String) -> String { "count(*) FILTER (WHERE \(predicate))" }

    public func regexMatch(_ expression: String, pattern: String) -> String { "(\(expression) ~ \(pattern))" }

    public func countDistinct(_ expression: String) -> String { "count(DISTINCT \(expression))" }

    public func percentiles(_ expression: String, fractions: String) -> String {
        "percentile_disc(\(fractions)) WITHIN GROUP (ORDER BY \(expression))"
    }

    public func widthBucket(_ expression: String, low: String, high: String, bucketCount: String) -> String {
        // PostgreSQL's width_bucket takes an `integer` count.
        "width_bucket(\(cast(expression, to: .float64)), \(low), \(high), CAST(\(bucketCount) AS integer))"
    }

    public func limit(_ rowCount: String) -> String { "LIMIT \(rowCount)" }
}
