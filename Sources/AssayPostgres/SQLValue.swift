/// A value bound to a query parameter or read from a result row.
///
/// Reading maps PostgreSQL types onto these cases: integers, `oid` → `int`; `float4`, `float8` →
/// `double`; `numeric` → `int` when it is a whole number that fits `Int64`, else `double` (NaN and
/// ±Infinity included); `bool` → `bool`; text-like types, `uuid`, `json`, `jsonb` → `text`;
/// `date` → `int` days since 1970-01-01 and `timestamp`/`timestamptz` → `int` microseconds since
/// 1970-01-01 UTC (Assay's column representations); one-dimensional arrays of those → `array`.
/// Any other result type is an error naming it: cast it in the SQL (`::text`).
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    case array([SQLValue])

    /// The parameter's text form for libpq (text format), nil for SQL NULL.
    func parameterText() throws(SQLValueError) -> String? {
        switch self {
        case .null: return nil
        case .int(let value): return String(value)
        case .double(let value): return Self.text(value)
        case .text(let value):
            guard !value.utf8.contains(0) else { throw SQLValueError(reason: "a text parameter holds a NUL byte, which PostgreSQL text cannot store") }
            return value
        case .bool(let value): return value ? "t" : "f"
        case .array(let elements): return try Self.arrayLiteral(elements)
        }
    }

    private static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        // Swift prints the shortest text that reads back to the same double.
        return "\(value)"
    }

    /// A one-dimensional array literal, every element double-quoted with `"` and `\` escaped.
    private static func arrayLiteral(_ elements: [SQLValue]) throws(SQLValueError) -> String {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            switch element {
            case .null: literal += "NULL"
            case .array: throw SQLValueError(reason: "nested array parameters are not supported")
            default:
                let text = try element.parameterText() ?? ""
                literal += "\""
                for character in text.unicodeScalars {
                    if character == "\"" || character == "\\" { literal += "\\" }
                    literal.unicodeScalars.append(character)
                }
                literal += "\""
            }
        }
        return literal + "}"
    }
}

struct SQLValueError: Error {
    var reason: String
}
