import AssayColumns
import AssayMetrics
import AssayReaders
import Foundation

/// A GX test dataset as pandas would hold it (`pandas.DataFrame(data).astype(schema)`), served
/// as one batch.
///
/// - `null` is missing; an int column with a null becomes float64 (pandas gives it NaN).
/// - `schemas.pandas` casts: `int`/`int64`/`Int64Dtype` → int64, `float`/`float64` → float64,
///   `str` → text through Python's `str()` (so a null becomes "None"), `bool` → bool,
///   `datetime*`/`timestamp` → timestamp, `date` → date, `object` → inferred.
/// - Without a cast, strings stay strings; a column mixing text and numbers is text (Python
///   `str()` of each value), an empty or all-null column is float64 (pandas' NaN column).
struct GXTable: BatchSource {
    struct DataError: Error, CustomStringConvertible {
        var description: String
    }

    let name: String
    let schema: Schema
    let columns: [Column]

    init(name: String, data: [(String, JSONValue)], pandasSchema: [(String, JSONValue)]) throws {
        var fields: [Field] = []
        var columns: [Column] = []
        for (columnName, values) in data {
            guard let cells = values.array else { throw DataError(description: "column \(columnName) is not a list") }
            let cast = pandasSchema.first { $0.0 == columnName }?.1.string
            let column = try Self.column(cells, cast: cast, name: columnName)
            fields.append(Field(name: columnName, type: column.type))
            columns.append(column)
        }
        self.name = name
        self.schema = Schema(fields)
        self.columns = columns
    }

    private init(name: String, schema: Schema, columns: [Column]) {
        self.name = name
        self.schema = schema
        self.columns = columns
    }

    func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws {
        try body(0, Batch(schema: schema, columns: columns, ordinal: BatchOrdinal(chunk: 0, part: 0)))
    }

    /// The table's types are final (no inference from a prefix), so there is nothing to widen.
    func widened(to schema: Schema) -> GXTable { GXTable(name: name, schema: self.schema, columns: columns) }

    // MARK: Building columns

    private static func column(_ cells: [JSONValue], cast: String?, name: String) throws -> Column {
        switch cast {
        case "int", "int64", "Int64Dtype":
            return .int64(FixedWidthColumn(values: cells.map { $0.number.map { Int64($0) } ?? 0 }, validity: validity(cells)))
        case "float", "float64":
            return floats(cells)
        case "str":
            return .string(StringColumn(cells.map(pythonString)))
        case "bool":
            return .bool(FixedWidthColumn(values: cells.map { if case .bool(let flag) = $0 { flag } else { false } }, validity: validity(cells)))
        case "datetime", "datetime64", "datetime64[ns]", "timestamp":
            return .timestamp(FixedWidthColumn(values: try cells.map { cell in
                guard let text = cell.string else { return 0 }
                guard let micros = PandasDatetime.parse(text) else { throw DataError(description: "column \(name): cannot parse \"\(text)\" as a datetime") }
                return micros
            }, validity: validity(cells)))
        case "date":
            return .date(FixedWidthColumn(values: try cells.map { cell in
                guard let text = cell.string else { return 0 }
                guard let micros = PandasDatetime.parse(text) else { throw DataError(description: "column \(name): cannot parse \"\(text)\" as a date") }
                return micros / 86_400_000_000
            }, validity: validity(cells)))
        case nil, "object":
            return inferred(cells)
        case let other?:
            throw DataError(description: "column \(name): unknown pandas type \"\(other)\"")
        }
    }

    private static func inferred(_ cells: [JSONValue]) -> Column {
        let present = cells.filter { !$0.isNull }
        if present.isEmpty { return floats(cells) }
        if present.allSatisfy({ if case .integer = $0 { true } else { false } }) {
            if present.count == cells.count { return .int64(FixedWidthColumn(values: cells.map { $0.number.map { Int64($0) } ?? 0 })) }
            return floats(cells)
        }
        if present.allSatisfy({ $0.number != nil }) { return floats(cells) }
        if present.allSatisfy({ if case .bool = $0 { true } else { false } }) {
            return .bool(FixedWidthColumn(values: cells.map { if case .bool(let flag) = $0 { flag } else { false } }, validity: validity(cells)))
        }
        return .string(StringColumn(cells.map { $0.isNull ? nil : pythonString($0) }))
    }

    private static func floats(_ cells: [JSONValue]) -> Column {
        .float64(FixedWidthColumn(values: cells.map { $0.number ?? 0 }, validity: validity(cells)))
    }

    private static func validity(_ cells: [JSONValue]) -> ValidityBitmap {
        var builder = ValidityBitmap.Builder(capacity: cells.count)
        for cell in cells { builder.append(!cell.isNull) }
        return builder.finish()
    }

    /// Python's `str()` of a JSON value, as `astype(str)` applies it.
    static func pythonString(_ value: JSONValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .integer(let integer): String(integer)
        case .double(let double): double.isInfinite ? (double > 0 ? "inf" : "-inf") : "\(double)"
        case .string(let text): text
        case .array, .object: value.compact
        }
    }
}

/// The datetime spellings of the GX files, as `pd.to_datetime` reads them: ISO-8601 (with `T` or
/// a space, optional fraction and `Z`) and `"Jan 01 1970 12:00:01"`.
enum PandasDatetime {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        if parts.count == 4, let month = months.firstIndex(of: String(parts[0])), let day = Int(parts[1]), let year = Int(parts[2]) {
            let iso = "\(year)-\(pad(month + 1))-\(pad(day))T\(parts[3])"
            return ISOInstant.parse(iso)
        }
        var iso = text
        if iso.hasSuffix("Z") { iso.removeLast() }
        // Seven fractional digits (SQL Server) are more than microseconds: drop the last.
        if let dot = iso.lastIndex(of: "."), iso.distance(from: dot, to: iso.endIndex) == 8 { iso.removeLast() }
        return ISOInstant.parse(iso) ?? ISOInstant.parse(iso.replacingOccurrences(of: " ", with: "T"))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
