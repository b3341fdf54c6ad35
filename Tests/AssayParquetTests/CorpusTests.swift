import AssayColumns
import AssayParquet
import AssayReaders
import Foundation
import Testing

/// The Parquet corpus (apache/parquet-testing, `../shared/corpus/parquet`) read by `ParquetReader`
/// against `Fixtures/expected/*.json`, written by `scripts/parquet-oracle.py` from pyarrow 26.0.1
/// (values converted to Assay's representation by the reader's rules, which the script's header
/// states). Floats compare exactly (sign of zero included) where the file stores the double or a
/// narrower float; decimals (`"exact": false`) to 1e-12 relative. Files with more than 2,000 rows
/// keep the first 1,000 values and aggregates over every row.
@Suite(.enabled(if: ParquetCorpus.directory != nil, "set ASSAY_SHARED_DIR to the folder holding corpus/parquet"))
struct CorpusTests {
    @Test(.timeLimit(.minutes(2)), arguments: ParquetFixtures.expectedFiles)
    func readsWhatPyarrowReads(fixture: String) throws {
        let expected = try ParquetFixtures.expected(fixture)
        let path = try #require(ParquetCorpus.directory) + "/" + expected.file
        let table: ReadTable
        do {
            table = try ReadTable(path: path)
        } catch {
            Issue.record("\(expected.file): threw \(error)")
            return
        }
        for problem in ParquetComparison.problems(expected: expected, read: table) { Issue.record("\(expected.file): \(problem)") }
    }

    /// Every file Assay must refuse throws a `ReaderError` (never another error, a crash or a hang).
    /// A `may_read` file may instead be read, and then must read as its expected JSON.
    @Test(.timeLimit(.minutes(2)), arguments: ParquetFixtures.mustFail)
    func refusesWhatItCannotRead(entry: ParquetFixtures.MustFail) throws {
        let path = try #require(ParquetCorpus.directory) + "/" + entry.file
        let table: ReadTable
        do {
            table = try ReadTable(path: path)
        } catch let error as ReaderError {
            #expect(error.description.contains(entry.file.split(separator: "/").last.map(String.init) ?? entry.file),
                    "\(entry.file): the message names the file: \(error)")
            return
        } catch {
            Issue.record("\(entry.file): threw \(type(of: error)), not a ReaderError: \(error)")
            return
        }
        guard entry.mayRead == true else {
            Issue.record("\(entry.file): read \(table.rowCount) rows, but must fail (\(entry.reason))")
            return
        }
        let expected = try ParquetFixtures.expected(ParquetFixtures.fixtureName(entry.file))
        for problem in ParquetComparison.problems(expected: expected, read: table) { Issue.record("\(entry.file) (may_read): \(problem)") }
    }

    /// A corpus file that is neither expected nor refused would be skipped silently.
    @Test func everyCorpusFileIsCovered() throws {
        let corpus = try #require(ParquetCorpus.directory)
        let files = try ParquetCorpus.parquetFiles(in: corpus)
        #expect(files.count > 90, "the corpus holds \(files.count) Parquet files")
        let expected = Set(try ParquetFixtures.expectedFiles.map { try ParquetFixtures.expected($0).file })
        let refused = Set(ParquetFixtures.mustFail.map(\.file))
        for file in files { #expect(expected.contains(file) || refused.contains(file), "\(file): no expected JSON and not in _must_fail.json (run scripts/parquet-oracle.py)") }
        for file in expected.union(refused) { #expect(files.contains(file), "\(file): a fixture for a file the corpus does not hold") }
        for name in ParquetFixtures.expectedFiles {
            let file = try ParquetFixtures.expected(name).file
            #expect(!refused.contains(file) || ParquetFixtures.mustFail.first { $0.file == file }?.mayRead == true,
                    "\(file): both expected and refused")
        }
    }
}

/// The shared corpus folder (`ASSAY_SHARED_DIR`, default `../shared` beside the package) holding
/// `corpus/parquet`, or nil.
enum ParquetCorpus {
    static var directory: String? {
        let fromEnvironment = ProcessInfo.processInfo.environment["ASSAY_SHARED_DIR"]
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
        for candidate in [fromEnvironment, beside].compactMap({ $0 }) where FileManager.default.fileExists(atPath: candidate + "/corpus/parquet") {
            return candidate + "/corpus/parquet"
        }
        return nil
    }

    /// Paths relative to the corpus of every `.parquet` and `.parquet.encrypted` file, sorted.
    static func parquetFiles(in corpus: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".parquet") || relative.hasSuffix(".parquet.encrypted") { files.append(relative) }
        }
        return files.sorted()
    }
}

/// `Fixtures/expected`: one JSON per readable file and `_must_fail.json`.
enum ParquetFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let expectedFolder = folder + "/expected"

    static let expectedFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expectedFolder)) ?? []
        let mayRead = Set(mustFail.filter { $0.mayRead == true }.map { fixtureName($0.file) })
        return names.filter { $0.hasSuffix(".json") && $0 != "_must_fail.json" && !mayRead.contains($0) }.sorted()
    }()

    struct MustFail: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var reason: String
        var mayRead: Bool?
        enum CodingKeys: String, CodingKey {
            case file, reason
            case mayRead = "may_read"
        }
        var testDescription: String { file }
    }

    static let mustFail: [MustFail] = {
        guard let data = FileManager.default.contents(atPath: expectedFolder + "/_must_fail.json") else { return [] }
        return (try? JSONDecoder().decode([MustFail].self, from: data)) ?? []
    }()

    static func fixtureName(_ file: String) -> String { file.replacingOccurrences(of: "/", with: "__") + ".json" }

    static func expected(_ name: String) throws -> ExpectedFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: expectedFolder + "/" + name))
        return try JSONDecoder().decode(ExpectedFile.self, from: data)
    }
}

/// A JSON value of an expected column: numbers stay as written (integers exact).
enum ExpectedValue: Decodable, Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            // "-0.0" decodes as the integer 0 too: keep its sign, which the float comparison checks.
            let number = try? container.decode(Double.self)
            self = number.map { $0 == 0 && $0.sign == .minus } == true ? .double(-0.0) : .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Numbers, and the strings the oracle writes for NaN and ±∞, as a Double.
    var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        default: nil
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value.count > 80 ? String(value.prefix(80)) + "…" : value)\""
        }
    }
}

struct ExpectedColumn: Decodable, Sendable {
    var name: String
    var type: String
    var exact: Bool?
    var values: [ExpectedValue]
    var count: Int?
    var nullCount: Int?
    var nanCount: Int?
    var sum: ExpectedValue?
    var min: ExpectedValue?
    var max: ExpectedValue?
    var trueCount: Int?
    var totalBytes: Int?

    enum CodingKeys: String, CodingKey {
        case name, type, exact, values, count, sum, min, max
        case nullCount = "null_count"
        case nanCount = "nan_count"
        case trueCount = "true_count"
        case totalBytes = "total_bytes"
    }
}

struct ExpectedFile: Decodable, Sendable {
    var file: String
    var rows: Int
    var columns: [ExpectedColumn]
    var skipped: [String]
    var note: String?
}

/// Everything one pass of `ParquetReader` gave: the schema, the skipped columns and the batches
/// in source order (read with 2 workers, so batches arrive out of order and are sorted by ordinal).
struct ReadTable {
    var schema: Schema
    var skipped: [(name: String, reason: String)]
    var batches: [Batch]
    var ordinalsUnique: Bool
    /// The reader's own row count: the only place a file whose every column is skipped keeps its
    /// rows, because a `Batch` without columns has 0 rows (`Batch.rowCount` is its first column's).
    var readerRowCount: Int

    var rowCount: Int { schema.fields.isEmpty ? readerRowCount : batches.reduce(0) { $0 + $1.rowCount } }

    /// A pass that meets a value its schema cannot hold (UINT64 above Int64.max) starts again
    /// with the wider schema the reader asks for, as `scanWidening` does.
    init(path: String, workerCount: Int = 2) throws {
        var reader = try ParquetReader(path: path)
        final class Collector: @unchecked Sendable {
            let lock = NSLock()
            var batches: [Batch] = []
        }
        var collector = Collector()
        for attempt in 0...reader.schema.count {
            collector = Collector()
            do {
                try reader.scan(workerCount: workerCount) { [collector] _, batch in
                    collector.lock.lock()
                    collector.batches.append(batch)
                    collector.lock.unlock()
                }
                break
            } catch let widening as SchemaWidening where attempt < reader.schema.count {
                reader = reader.widened(to: widening.schema)
            }
        }
        schema = reader.schema
        readerRowCount = reader.rowCount
        skipped = reader.skippedColumns.map { (name: $0.name, reason: $0.reason) }
        batches = collector.batches.sorted { $0.ordinal < $1.ordinal }
        ordinalsUnique = Set(batches.map(\.ordinal)).count == batches.count
    }
}

/// Compares a read table with its expected JSON; returns one line per problem (file, column,
/// row, expected vs got), at most `mismatchesPerColumnMax` value mismatches a column.
enum ParquetComparison {
    static let mismatchesPerColumnMax = 5
    static let relativeTolerance = 1e-12

    static func problems(expected: ExpectedFile, read: ReadTable) -> [String] {
        var problems: [String] = []
        if !read.ordinalsUnique { problems.append("two batches share an ordinal") }
        let names = read.schema.fields.map(\.name)
        let expectedNames = expected.columns.map(\.name)
        if names != expectedNames { problems.append("columns \(names), expected \(expectedNames)") }
        let skipped = read.skipped.map(\.name)
        if skipped != expected.skipped { problems.append("skipped \(skipped), expected \(expected.skipped)") }
        for column in read.skipped where column.reason.isEmpty { problems.append("skipped column \(column.name) has no reason") }
        if read.rowCount != expected.rows { problems.append("\(read.rowCount) rows, expected \(expected.rows)") }
        if read.readerRowCount != expected.rows { problems.append("ParquetReader.rowCount \(read.readerRowCount), expected \(expected.rows)") }
        for batch in read.batches where batch.rowCount > Batch.rowCountMax {
            problems.append("a batch of \(batch.rowCount) rows (more than Batch.rowCountMax)")
        }
        for column in expected.columns {
            guard let index = names.firstIndex(of: column.name) else { continue }
            let field = read.schema.fields[index]
            guard field.type.rawValue == column.type else {
                problems.append("column \"\(column.name)\": type \(field.type.rawValue), expected \(column.type)")
                continue
            }
            let values = read.batches.map { $0.columns[index] }
            problems += compare(column, values).map { "column \"\(column.name)\": \($0)" }
            problems += dictionaryProblems(values).map { "column \"\(column.name)\": \($0)" }
        }
        return problems
    }

    /// The value of `row` of a column chunk sequence, as the oracle writes it.
    static func actual(_ column: Column, _ row: Int) -> ExpectedValue {
        switch column {
        case .int64(let c): c[row].map { .integer($0) } ?? .null
        case .timestamp(let c): c[row].map { .integer($0) } ?? .null
        case .float64(let c): c[row].map { .double($0) } ?? .null
        case .bool(let c): c[row].map { .bool($0) } ?? .null
        case .date(let c):
            c[row].map { days in
                let (year, month, day) = CivilCalendar.civilFromDays(Int(days))
                let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
                return .string("\(yearText)-\(pad(month, 2))-\(pad(day, 2))")
            } ?? .null
        case .string(let c):
            c.validity.isValid(row) ? .string(String(decoding: c.bytes[c.offsets[row]..<c.offsets[row + 1]], as: UTF8.self)) : .null
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
    }

    /// Bytes of a string row: compared as bytes so that invalid UTF-8 cannot hide behind U+FFFD.
    static func stringBytes(_ column: Column, _ row: Int) -> [UInt8]? {
        guard case .string(let c) = column, c.validity.isValid(row) else { return nil }
        return Array(c.bytes[c.offsets[row]..<c.offsets[row + 1]])
    }

    static func same(_ expected: ExpectedValue, _ actual: ExpectedValue, type: String, exact: Bool) -> Bool {
        switch type {
        case "float64":
            guard let e = expected.double, let a = actual.double else { return expected == .null && actual == .null }
            if e.isNaN || a.isNaN { return e.isNaN && a.isNaN }
            if exact { return e == a && e.sign == a.sign }
            return e == a || abs(e - a) <= relativeTolerance * Swift.max(abs(e), abs(a))
        default:
            return expected == actual
        }
    }

    static func compare(_ column: ExpectedColumn, _ chunks: [Column]) -> [String] {
        var problems: [String] = []
        var row = 0
        var mismatches = 0
        var count = 0, nullCount = 0, nanCount = 0, trueCount = 0, totalBytes = 0
        var sum = 0.0, compensation = 0.0
        var minimum: ExpectedValue?, maximum: ExpectedValue?
        let exact = column.exact ?? true
        for chunk in chunks {
            for index in 0..<chunk.count {
                let value = actual(chunk, index)
                if row < column.values.count {
                    let wanted = column.values[row]
                    var equal = same(wanted, value, type: column.type, exact: exact)
                    if equal, column.type == "string", case .string(let text) = wanted {
                        equal = stringBytes(chunk, index) == Array(text.utf8)
                    }
                    if !equal {
                        mismatches += 1
                        if mismatches <= mismatchesPerColumnMax { problems.append("row \(row): expected \(wanted), got \(value)") }
                    }
                }
                if value == .null {
                    nullCount += 1
                } else {
                    count += 1
                    switch value {
                    case .bool(let flag): trueCount += flag ? 1 : 0
                    case .string(let text) where column.type == "string": totalBytes += stringBytes(chunk, index)?.count ?? text.utf8.count
                    default: break
                    }
                    if let number = value.double, column.type == "int64" || column.type == "float64" {
                        if number.isNaN {
                            nanCount += 1
                        } else {
                            // Neumaier's compensated sum, so the check does not depend on summation order.
                            let total = sum + number
                            compensation += abs(sum) >= abs(number) ? (sum - total) + number : (number - total) + sum
                            sum = total
                            if minimum?.double.map({ number < $0 }) ?? true { minimum = value }
                            if maximum?.double.map({ number > $0 }) ?? true { maximum = value }
                        }
                    }
                    if column.type == "date" || column.type == "timestamp" {
                        if minimum.map({ less(value, $0) }) ?? true { minimum = value }
                        if maximum.map({ less($0, value) }) ?? true { maximum = value }
                    }
                }
                row += 1
            }
        }
        if mismatches > mismatchesPerColumnMax { problems.append("\(mismatches) value mismatches in all") }
        if row < column.values.count { problems.append("\(row) values, expected at least \(column.values.count)") }
        if let expected = column.count, expected != count { problems.append("count \(count), expected \(expected)") }
        if let expected = column.nullCount, expected != nullCount { problems.append("null_count \(nullCount), expected \(expected)") }
        if let expected = column.nanCount, expected != nanCount { problems.append("nan_count \(nanCount), expected \(expected)") }
        if let expected = column.trueCount, expected != trueCount { problems.append("true_count \(trueCount), expected \(expected)") }
        if let expected = column.totalBytes, expected != totalBytes { problems.append("total_bytes \(totalBytes), expected \(expected)") }
        if let expected = column.sum?.double {
            let total = sum + compensation
            if !(expected == total || abs(expected - total) <= relativeTolerance * Swift.max(abs(expected), abs(total))) {
                problems.append("sum \(total), expected \(expected)")
            }
        }
        let numeric = column.type == "int64" || column.type == "float64"
        for (name, wanted, got) in [("min", column.min, minimum), ("max", column.max, maximum)] {
            guard let wanted else { continue }
            let equal = numeric ? same(wanted, got ?? .null, type: "float64", exact: exact) : wanted == (got ?? .null)
            if !equal { problems.append("\(name) \(got ?? .null), expected \(wanted)") }
        }
        return problems
    }

    static func less(_ a: ExpectedValue, _ b: ExpectedValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): x < y
        case (.string(let x), .string(let y)): x < y
        default: false
        }
    }

    /// A dictionary-carrying string column decodes to the same strings through its codes.
    static func dictionaryProblems(_ chunks: [Column]) -> [String] {
        var problems: [String] = []
        for (chunkIndex, chunk) in chunks.enumerated() {
            guard case .string(let strings) = chunk, let dictionary = strings.dictionary else { continue }
            guard dictionary.codes.count == strings.count else {
                problems.append("batch \(chunkIndex): \(dictionary.codes.count) dictionary codes for \(strings.count) rows")
                continue
            }
            let entries = dictionary.dictionary.values
            var mismatches = 0
            for row in 0..<strings.count where strings.validity.isValid(row) {
                let code = Int(dictionary.codes[row])
                guard code < entries.count else {
                    problems.append("batch \(chunkIndex) row \(row): code \(code) beyond the dictionary's \(entries.count) entries")
                    break
                }
                let viaDictionary = entries.bytes[entries.offsets[code]..<entries.offsets[code + 1]]
                if !viaDictionary.elementsEqual(strings.bytes[strings.offsets[row]..<strings.offsets[row + 1]]) {
                    mismatches += 1
                    if mismatches <= mismatchesPerColumnMax {
                        problems.append("batch \(chunkIndex) row \(row): dictionary entry \(code) is \(entries[code] ?? "nil"), the column holds \(strings[row] ?? "nil")")
                    }
                }
            }
        }
        return problems
    }
}
