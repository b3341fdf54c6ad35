import AssayColumns
import AssayParquet
import AssayReaders
import Foundation
import Testing

/// The parquet-testing delta-encoded files (`ParquetCorpus.directory`: `../shared/corpus/parquet`, or `ASSAY_SHARED_DIR`)
/// read with every value checked against the `_expect.csv` written beside each upstream: a quoted
/// field is a string, an unquoted number an integer, an empty unquoted field a null.
@Suite(.enabled(if: ParquetCorpus.directory != nil, "set ASSAY_SHARED_DIR to the folder holding corpus/parquet"))
struct DeltaFilesTests {
    @Test(arguments: [
        "delta_binary_packed", "delta_byte_array", "delta_encoding_optional_column", "delta_encoding_required_column",
    ])
    func valuesMatchTheExpectedCSV(_ name: String) throws {
        let folder = try #require(ParquetCorpus.directory) + "/data/"
        let reader = try ParquetReader(path: folder + name + ".parquet")
        let expected = try ExpectCSV(path: folder + name + "_expect.csv")
        #expect(reader.schema.count == expected.columnCount)
        #expect(reader.skippedColumns.isEmpty)
        let (schema, batches) = try reader.readAll()
        let rows = batches.sorted { $0.ordinal < $1.ordinal }.flatMap { batch in
            (0..<batch.rowCount).map { row in batch.columns.map { ValueText.of($0, row) } }
        }
        #expect(rows.count == expected.rows.count)
        var mismatches = 0
        for (index, (actual, wanted)) in zip(rows, expected.rows).enumerated() where actual != wanted {
            mismatches += 1
            if mismatches <= 3 { Issue.record("row \(index): \(actual) != \(wanted) (\(schema.names))") }
        }
        #expect(mismatches == 0)
    }
}

/// Values as text for comparisons with CSV.
enum ValueText {
    /// A value as text; nil for null.
    static func of(_ column: Column, _ row: Int) -> String? {
        switch column {
        case .float64(let values): values[row].map { "\($0)" }
        case .int64(let values), .date(let values), .timestamp(let values): values[row].map { "\($0)" }
        case .bool(let values): values[row].map { "\($0)" }
        case .string(let values): values[row]
        }
    }
}

/// The `_expect.csv` files: a header, then records of quoted strings, bare numbers and bare empties (null).
struct ExpectCSV {
    var columnCount: Int
    var rows: [[String?]]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String?]] = []
        var record: [String?] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                inQuotes = true
                quoted = true
            case ",", "\n":
                record.append(quoted || !field.isEmpty ? field : nil)
                field = ""
                quoted = false
                if character == "\n" {
                    records.append(record)
                    record = []
                }
            case "\r": break
            default: field.append(character)
            }
        }
        if !record.isEmpty || !field.isEmpty || quoted { records.append(record + [quoted || !field.isEmpty ? field : nil]) }
        columnCount = records.first?.count ?? 0
        rows = Array(records.dropFirst())
    }
}
