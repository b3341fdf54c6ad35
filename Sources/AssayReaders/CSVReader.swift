import AssayColumns

/// A streaming, parallel RFC 4180 CSV reader (plain or gzip).
///
/// Opening reads the first chunk: strips a UTF-8 byte-order mark, detects the delimiter, reads
/// the header and infers column types from the first `sampleRowCount` rows. `scan` then cuts the
/// file into chunks of whole records and parses them on all workers, one batch of at most
/// `Batch.rowCountMax` rows (and `fieldCountPerBatchMax` fields) at a time.
public struct CSVReader: BatchSource {
    public let path: String
    public let options: CSVOptions
    public let schema: Schema
    let dialect: CSVDialect
    /// Byte offset of the first data record in the decompressed file.
    let dataOffset: Int
    /// Columns to decode; nil decodes all (`projected(to:)`).
    let projection: Set<Int>?

    public var name: String { path }
    public var delimiter: UInt8 { dialect.delimiter }

    public init(path: String, options: CSVOptions = CSVOptions()) throws {
        self.path = path
        self.options = options
        projection = nil
        // Delimiter from the first bytes.
        let probe = try ByteStream(path: path)
        var head = [UInt8](repeating: 0, count: CSVOptions.dialectSampleByteCount)
        let headCount = try head.withUnsafeMutableBytes { buffer throws in try probe.read(into: buffer) }
        head.removeLast(head.count - headCount)
        guard headCount > 0 else {
            throw ReaderError(.empty, file: path, message: "the file is empty: no header row", hint: "a CSV file starts with a header line naming its columns")
        }
        let bomLength = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let delimiter = options.delimiter ?? head.withUnsafeBufferPointer {
            CSVTokenizer.detectDelimiter(UnsafeBufferPointer(rebasing: $0[bomLength...]), isWholeFile: headCount < CSVOptions.dialectSampleByteCount)
        }
        dialect = CSVDialect(delimiter: delimiter)

        // Header and type sample from the first chunk.
        let chunks = try CSVChunkReader(path: path, dialect: dialect, chunkByteCount: max(options.chunkByteCount, 1 << 20), skip: bomLength)
        guard let first = try chunks.next() else {
            throw ReaderError(.empty, file: path, message: "the file is empty: no header row", hint: "a CSV file starts with a header line naming its columns")
        }
        let header = try Self.readHeader(first, path: path, dialect: dialect)
        dataOffset = bomLength + header.length

        // Types from the first `sampleRowCount` rows, which may span several chunks.
        var types = [ColumnType?](repeating: nil, count: header.names.count)
        if options.inferTypes {
            var sample = TypeSample(columnCount: header.names.count, options: options)
            var chunk = first
            var offset = header.length
            while true {
                try sample.add(chunk, from: offset, path: path, names: header.names, dialect: dialect)
                guard sample.needsMoreRows, let next = try chunks.next() else { break }
                chunk = next
                offset = 0
            }
            types = sample.types
        }
        schema = Schema(zip(header.names, types).map { name, inferred in
            Field(name: name, type: options.columnTypes[name] ?? (options.inferTypes ? inferred ?? .string : .string))
        })
    }

    private init(copying other: CSVReader, schema: Schema, projection: Set<Int>?) {
        path = other.path
        options = other.options
        dialect = other.dialect
        dataOffset = other.dataOffset
        self.schema = schema
        self.projection = projection
    }

    public func widened(to schema: Schema) -> CSVReader { CSVReader(copying: self, schema: schema, projection: projection) }

    public func projected(to columns: Set<String>) -> CSVReader {
        CSVReader(copying: self, schema: schema, projection: Set(schema.fields.indices.filter { columns.contains(schema.fields[$0].name) }))
    }

    private static func readHeader(_ chunk: CSVChunk, path: String, dialect: CSVDialect) throws -> (names: [String], length: Int) {
        try chunk.withBytes { bytes throws in
            guard let p = bytes.baseAddress else { throw ReaderError(.empty, file: path, message: "the file is empty: no header row") }
            let fieldCount = try headerFieldCount(bytes, dialect: dialect, path: path)
            var table = FieldTable(columnCount: fieldCount, rowCapacity: 1)
            let length: Int
            do {
                length = try CSVTokenizer.tokenize(bytes, from: 0, dialect: dialect, into: &table)
            } catch let error as TokenizeError {
                throw readerError(error, chunk: chunk, path: path, names: [])
            }
            guard table.rowCount == 1 else {
                throw ReaderError(.empty, file: path, message: "the file has no header row (only blank lines)")
            }
            var names: [String] = []
            var seen: [String: Int] = [:]
            for column in 0..<fieldCount {
                let start = Int(table.starts[column] & FieldTable.offsetMask)
                let end = Int(table.ends[column] & FieldTable.offsetMask)
                let raw = UnsafeBufferPointer(start: p + start, count: end - start)
                if let problem = UTF8Validation.firstProblem(raw) {
                    throw ReaderError(problem.isNUL ? .nulByte : .invalidUTF8, file: path, line: line(of: 0, in: chunk, path: path),
                                      message: "header field \(column + 1) " + problem.describe, hint: problem.hint)
                }
                var unescaped: [UInt8] = []
                if table.ends[column] & FieldTable.flag != 0 {
                    CSVColumnDecoder.appendUnescaped(&unescaped, p, start, end)
                } else {
                    unescaped.append(contentsOf: raw)
                }
                var name = String(decoding: unescaped, as: UTF8.self)
                if name.isEmpty { name = "column_\(column + 1)" }
                if let earlier = seen[name] {
                    throw ReaderError(.duplicateColumn, file: path, line: line(of: 0, in: chunk, path: path), column: name,
                                      message: "the header names this column twice (fields \(earlier + 1) and \(column + 1))",
                                      hint: "rename one of them: expectations find columns by name")
                }
                seen[name] = column
                names.append(name)
            }
            return (names, length)
        }
    }

    /// Fields in the first record, counted with the tokenizer's own quoting rules.
    private static func headerFieldCount(_ bytes: UnsafeBufferPointer<UInt8>, dialect: CSVDialect, path: String) throws -> Int {
        var width = 64
        while true {
            var table = FieldTable(columnCount: width, rowCapacity: 1)
            do {
                _ = try CSVTokenizer.tokenize(bytes, from: 0, dialect: dialect, into: &table)
                return width
            } catch TokenizeError.ragged(_, let fieldCount) {
                if fieldCount <= width { return fieldCount }
                width = fieldCount
            } catch {
                return width
            }
        }
    }

    // MARK: Scanning

    public func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws {
        let chunks = try CSVChunkReader(path: path, dialect: dialect, chunkByteCount: options.chunkByteCount,
                                        skip: dataOffset)
        let workers = max(1, workerCount)
        let rowCapacity = max(1, min(Batch.rowCountMax, CSVOptions.fieldCountPerBatchMax / max(schema.count, 1)))
        // One field table per worker, reused across chunks (each is up to 8 MiB).
        let tables = UnsafeMutableBufferPointer<FieldTable>.allocate(capacity: workers)
        tables.initialize(repeating: FieldTable(columnCount: schema.count, rowCapacity: 0))
        defer { tables.deinitialize(); tables.deallocate() }
        // SAFETY: worker i touches only tables[i]; Parallel.forEach returns after all workers finish.
        nonisolated(unsafe) let workerTables = tables
        try Parallel.forEach(workerCount: workers, next: { try chunks.next() }) { worker, chunk in
            if workerTables[worker].rowCapacity == 0 {
                workerTables[worker] = FieldTable(columnCount: schema.count, rowCapacity: rowCapacity)
            }
            try parse(chunk, table: &workerTables[worker]) { try body(worker, $0) }
        }
    }

    /// Parses one chunk into batches, calling `emit` with each; `table` is scratch space.
    func parse(_ chunk: CSVChunk, table: inout FieldTable, emit: (Batch) throws -> Void) throws {
        let columnCount = schema.count
        let nulls = NullTokenTable(options.nullTokens)
        try chunk.withBytes { bytes in
            guard let p = bytes.baseAddress else { return }
            var position = 0
            var part = 0
            while position < bytes.count {
                do {
                    position = try CSVTokenizer.tokenize(bytes, from: position, dialect: dialect, into: &table)
                } catch let error as TokenizeError {
                    throw Self.readerError(error, chunk: chunk, path: path, names: schema.names)
                }
                if table.rowCount == 0 { return }
                var columns: [Column] = []
                columns.reserveCapacity(columnCount)
                var widened = schema
                var reasons: [String] = []
                for (index, field) in schema.fields.enumerated() {
                    if let projection, !projection.contains(index) {
                        columns.append(Column.empty(field.type, rowCount: table.rowCount))
                        continue
                    }
                    switch CSVColumnDecoder.decode(type: field.type, column: index, table: table, bytes: p, nulls: nulls) {
                    case .column(let column):
                        columns.append(column)
                    case .widen(let row, let type):
                        widened.fields[index].type = type
                        let line = Self.line(of: table.recordOffsets[row], in: chunk, path: path)
                        reasons.append("line \(line), column \"\(field.name)\": a value is not \(field.type.rawValue); reading the column as \(type.rawValue)")
                    case .badText(let row, let problem):
                        let fieldStart = Int(table.starts[row * columnCount + index] & FieldTable.offsetMask)
                        throw ReaderError(problem.isNUL ? .nulByte : .invalidUTF8, file: path,
                                          line: Self.line(of: fieldStart + problem.offset, in: chunk, path: path), column: field.name,
                                          message: problem.describe, hint: problem.hint)
                    }
                }
                if !reasons.isEmpty { throw SchemaWidening(schema: widened, reason: reasons.joined(separator: "; ")) }
                try emit(Batch(schema: schema, columns: columns, ordinal: BatchOrdinal(chunk: chunk.sequence, part: part)))
                part += 1
            }
        }
    }

    static func line(of offset: Int, in chunk: CSVChunk, path: String) -> Int {
        CSVLines.line(atFileOffset: chunk.fileOffset + offset, path: path)
    }

    static func readerError(_ error: TokenizeError, chunk: CSVChunk, path: String, names: [String]) -> ReaderError {
        switch error {
        case .ragged(let recordOffset, let fieldCount):
            let expected = names.count
            let columnName = fieldCount > expected ? nil : names.indices.contains(fieldCount) ? names[fieldCount] : nil
            return ReaderError(
                .raggedRow, file: path, line: line(of: recordOffset, in: chunk, path: path), column: columnName,
                message: "the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header \(expected)",
                hint: fieldCount > expected ? "an unquoted delimiter inside a value? quote the value" : "a missing delimiter or a line break inside an unquoted value?")
        case .textAfterClosingQuote(let offset, let column):
            return ReaderError(
                .malformedQuote, file: path, line: line(of: offset, in: chunk, path: path),
                column: names.indices.contains(column) ? names[column] : nil,
                message: "text follows the closing quote of a quoted field",
                hint: "a quote inside a quoted value must be doubled as \"\"")
        case .unterminatedQuote(let offset):
            return ReaderError(.unterminatedQuote, file: path, line: line(of: offset, in: chunk, path: path),
                               message: "a quoted field is never closed (unterminated quote)",
                               hint: "close the quote, or double a quote inside a quoted field as \"\"")
        }
    }
}

/// Type inference over the leading rows of a file.
struct TypeSample {
    let columnCount: Int
    let sampleRowCount: Int
    let nulls: NullTokenTable
    var types: [ColumnType?]
    var rowsSeen = 0

    init(columnCount: Int, options: CSVOptions) {
        self.columnCount = columnCount
        sampleRowCount = options.sampleRowCount
        nulls = NullTokenTable(options.nullTokens)
        types = [ColumnType?](repeating: nil, count: columnCount)
    }

    var needsMoreRows: Bool { rowsSeen < sampleRowCount }

    mutating func add(_ chunk: CSVChunk, from offset: Int, path: String, names: [String], dialect: CSVDialect) throws {
        try chunk.withBytes { bytes in
            guard let p = bytes.baseAddress else { return }
            let rowCapacity = max(1, min(sampleRowCount, CSVOptions.fieldCountPerBatchMax / max(columnCount, 1)))
            var table = FieldTable(columnCount: columnCount, rowCapacity: rowCapacity)
            var position = offset
            while needsMoreRows, position < bytes.count {
                do {
                    position = try CSVTokenizer.tokenize(bytes, from: position, dialect: dialect, into: &table)
                } catch let error as TokenizeError {
                    throw CSVReader.readerError(error, chunk: chunk, path: path, names: names)
                }
                if table.rowCount == 0 { break }
                for row in 0..<min(table.rowCount, sampleRowCount - rowsSeen) {
                    for column in 0..<columnCount where types[column] != .string {
                        let index = row * columnCount + column
                        let start = Int(table.starts[index] & FieldTable.offsetMask)
                        let length = Int(table.ends[index] & FieldTable.offsetMask) - start
                        if nulls.contains(p + start, length) { continue }
                        let found = table.ends[index] & FieldTable.flag != 0 ? .string : TypeInference.narrowestType(p + start, length)
                        types[column] = TypeInference.join(types[column], found)
                    }
                }
                rowsSeen += table.rowCount
            }
        }
    }
}

extension UTF8Validation.Problem {
    var isNUL: Bool { if case .nul = self { true } else { false } }

    var describe: String {
        switch self {
        case .invalid: "holds bytes that are not valid UTF-8"
        case .nul: "holds a NUL byte (0x00)"
        }
    }

    var hint: String {
        switch self {
        case .invalid: "re-encode the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8"
        case .nul: "is the file UTF-16 or binary? re-encode it as UTF-8"
        }
    }
}
