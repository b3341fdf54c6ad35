import AssayColumns

/// Which column type fits a set of text values, and how types widen.
///
/// Lattice: bool, int64 → float64 → string; date → timestamp → string. A value that fits
/// no narrower type is a string, so a column never loses a value to a failed parse.
/// Integers beyond Int64 are read as float64 (rounded to 53 bits, as pandas and DuckDB do).
enum TypeInference {
    /// The narrowest type of one non-null field.
    static func narrowestType(_ p: UnsafePointer<UInt8>, _ count: Int) -> ColumnType {
        if TextParsing.parseInt64(p, count) != nil { return .int64 }
        if TextParsing.parseDouble(p, count) != nil { return .float64 }
        if TextParsing.parseBool(p, count) != nil { return .bool }
        if TextParsing.parseDate(p, count) != nil { return .date }
        if TextParsing.parseTimestamp(p, count) != nil { return .timestamp }
        return .string
    }

    /// The narrowest type holding values of both types; nil stands for "no value seen yet".
    static func join(_ a: ColumnType?, _ b: ColumnType?) -> ColumnType? {
        guard let a else { return b }
        guard let b else { return a }
        if a == b { return a }
        switch (a, b) {
        case (.int64, .float64), (.float64, .int64): return .float64
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        default: return .string
        }
    }
}
