
/// One cell as the JSON a result shows: numbers as numbers, dates and timestamps as ISO-8601
/// text (Python's `isoformat()`: fractional seconds only when non-zero), null as null.
public enum CellValue {
    public static func json(_ column: Column, row: Int) -> JSONValue {
        switch column {
        case .float64(let c): c[row].map { $0.isNaN ? .null : .double($0) } ?? .null
        case .int64(let c): c[row].map { .integer($0) } ?? .null
        case .bool(let c): c[row].map { .bool($0) } ?? .null
        case .date(let c): c[row].map { .string(isoDate(days: Int($0))) } ?? .null
        case .timestamp(let c): c[row].map { .string(isoTimestamp(microseconds: $0)) } ?? .null
        case .string(let c): c[row].map { .string($0) } ?? .null
        }
    }

    /// Whether the cell counts as missing: null, or NaN in a float column (pandas' `isnull`).
    @inline(__always)
    public static func isMissing(_ column: Column, row: Int) -> Bool {
        if !column.validity.isValid(row) { return true }
        if case .float64(let c) = column { return c.values[row].isNaN }
        return false
    }

    /// Null rows, plus NaN rows of a float column.
    public static func missingCount(_ column: Column) -> Int {
        guard case .float64(let c) = column else { return column.nullCount }
        var nans = 0
        c.values.withUnsafeBufferPointer { values in
            for row in 0..<values.count where values[row].isNaN && (!c.validity.hasNulls || c.validity.isValid(row)) { nans += 1 }
        }
        return column.nullCount + nans
    }

    public static func isoDate(days: Int) -> String {
        let (y, m, d) = CivilCalendar.civilFromDays(days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public static func isoTimestamp(microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let days = microseconds >= 0 ? microseconds / perDay : -((-microseconds + perDay - 1) / perDay)
        let rest = microseconds - days * perDay
        let seconds = Int(rest / 1_000_000)
        let fraction = Int(rest % 1_000_000)
        var text = isoDate(days: Int(days)) + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
