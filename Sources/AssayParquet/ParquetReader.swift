import AssayColumns
import AssayReaders
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming, parallel Parquet reader.
///
/// Opening reads only the footer: the schema, the row groups and their statistics. `scan` reads
/// row groups on up to `workerCount` workers; a worker reads the column chunks of its row group
/// (only the projected ones) with `pread`, one chunk buffer per column, and decodes them page by
/// page into batches of at most `Batch.rowCountMax` rows. Memory is about the compressed size of
/// one row group's projected columns, plus one page and one batch, per worker.
///
/// Flat columns and columns inside structs (groups that are not repeated) are read; a struct's
/// leaves are named with dots (`a.b.c`) and are null where the leaf or any struct above it is null.
/// Lists, maps and repeated fields cannot be one value per row: they are left out of `schema`
/// and listed in `skippedColumns`. How each Parquet type becomes an Assay type: `ValueConversion`.
///
/// Every problem is a `ReaderError` naming the file, the column, the row group and page where
/// known. Corrupt input never traps: lengths and counts are checked against the bytes present.
public struct ParquetReader: BatchSource {
    public let path: String
    public let schema: Schema
    /// Fields left out of `schema`, outermost first: the dotted name and why ("a list", "a map",
    /// "a repeated field", "an empty group"), one entry per field however many leaves it has.
    public let skippedColumns: [(name: String, reason: String)]
    /// Per row group, in file order: the exact row count and what the footer says about each
    /// column read. See `RowGroupStatistics`.
    public let rowGroupStatistics: [RowGroupStatistics]
    /// Rows in the file: the sum of the row groups' row counts.
    public let rowCount: Int

    let leaves: [LeafColumn]
    let rowGroups: [RowGroupPlan]
    /// Schema indices to decode; nil decodes all.
    let projection: Set<Int>?

    public var name: String { path }

    /// The largest footer Assay reads (the footer is read whole).
    static let footerByteCountMax = 256 << 20

    public init(path: String) throws {
        self.path = path
        projection = nil
        let file = try ParquetFile(path: path)
        let size = file.size
        guard size >= 12 else {
            throw ReaderError(.parquet, file: path, message: "not a Parquet file: \(size) bytes is too short (a Parquet file ends with its footer and PAR1)")
        }
        var tail = [UInt8](repeating: 0, count: 8)
        try file.read(into: &tail, at: size - 8)
        var head = [UInt8](repeating: 0, count: 4)
        try file.read(into: &head, at: 0)
        let magic = Array(tail[4..<8])
        if magic == Array("PARE".utf8) || head == Array("PARE".utf8) {
            throw ReaderError(.encrypted, file: path, message: "encrypted Parquet (encrypted footer, magic PARE) is not supported",
                              hint: "Assay holds no decryption keys; decrypt the file with the tool that wrote it")
        }
        guard magic == Array("PAR1".utf8), head == Array("PAR1".utf8) else {
            throw ReaderError(.parquet, file: path, message: "not a Parquet file: it does not start and end with the PAR1 magic bytes")
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12, footerLength <= Self.footerByteCountMax else {
            throw ReaderError(.parquet, file: path, message: "the footer claims \(footerLength) bytes, the file has \(size - 12) before it (truncated file?)")
        }
        var footer = [UInt8](repeating: 0, count: footerLength)
        let footerStart = size - 8 - footerLength
        try file.read(into: &footer, at: footerStart)
        let metadata: FileMetadata
        do {
            metadata = try footer.withUnsafeBytes { bytes in
                var decoder = CompactDecoder(bytes)
                return try FileMetadata(&decoder)
            }
        } catch let error as ThriftError {
            throw ReaderError(.parquet, file: path, message: "corrupt footer: \(error.message)")
        }
        if metadata.hasEncryptionAlgorithm || metadata.rowGroups.contains(where: { $0.columns.contains(where: \.isEncrypted) }) {
            throw ReaderError(.encrypted, file: path, message: "encrypted Parquet (encrypted columns, plaintext footer) is not supported",
                              hint: "Assay holds no decryption keys; decrypt the file with the tool that wrote it")
        }
        let parquetSchema: ParquetSchema
        do {
            parquetSchema = try ParquetSchema(metadata.schema)
        } catch let error as DecodeError {
            throw ReaderError(.parquet, file: path, message: "invalid schema: \(error.message)")
        }
        leaves = parquetSchema.leaves
        skippedColumns = parquetSchema.skipped
        // Nothing left to check is an error, not an empty table that passes every suite.
        if leaves.isEmpty, !skippedColumns.isEmpty {
            let named = skippedColumns.prefix(5).map { "\"\($0.name)\" (\($0.reason))" }.joined(separator: ", ")
            throw ReaderError(.parquet, file: path, message: "no column Assay can read: every column is a list, map or repeated field (\(named))",
                              hint: "Assay reads flat columns and the leaves of structs")
        }
        schema = Schema(leaves.map { Field(name: $0.name, type: $0.conversion.columnType) })
        var plans: [RowGroupPlan] = []
        var statistics: [RowGroupStatistics] = []
        var total = 0
        for (index, group) in metadata.rowGroups.enumerated() {
            let plan = try RowGroupPlan(group, index: index, leaves: parquetSchema.leaves, leafCount: parquetSchema.leafCount,
                                        dataEnd: footerStart, path: path)
            let (sum, overflow) = total.addingReportingOverflow(plan.rowCount)
            guard !overflow else { throw ReaderError(.parquet, file: path, message: "the row groups' row counts overflow") }
            total = sum
            plans.append(plan)
            statistics.append(RowGroupStatistics(group, leaves: parquetSchema.leaves, rowCount: plan.rowCount))
        }
        rowGroups = plans
        rowGroupStatistics = statistics
        rowCount = total
    }

    private init(copying other: ParquetReader, schema: Schema, projection: Set<Int>?) {
        path = other.path
        self.schema = schema
        skippedColumns = other.skippedColumns
        rowGroupStatistics = other.rowGroupStatistics
        rowCount = other.rowCount
        leaves = other.leaves
        rowGroups = other.rowGroups
        self.projection = projection
    }

    public func widened(to schema: Schema) -> ParquetReader { ParquetReader(copying: self, schema: schema, projection: projection) }

    public func projected(to columns: Set<String>) -> ParquetReader {
        ParquetReader(copying: self, schema: schema, projection: Set(schema.fields.indices.filter { columns.contains(schema.fields[$0].name) }))
    }

    // MARK: Scanning

    public func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws {
        let file = try ParquetFile(path: path)
        let workers = max(1, min(workerCount, rowGroups.count))
        let decoded = schema.fields.indices.filter { projection?.contains($0) ?? true }
        // One set of decoders per worker, reused across row groups.
        let decoders = UnsafeMutableBufferPointer<[ColumnChunkDecoder]>.allocate(capacity: workers)
        decoders.initialize(repeating: [])
        defer { decoders.deinitialize(); decoders.deallocate() }
        // SAFETY: worker i touches only decoders[i]; Parallel.forEach returns after all workers finish.
        nonisolated(unsafe) let workerDecoders = decoders
        var nextGroup = 0
        var firstRow = 0
        try Parallel.forEach(workerCount: workers, next: { () -> (index: Int, firstRow: Int)? in
            guard nextGroup < rowGroups.count else { return nil }
            defer {
                firstRow += rowGroups[nextGroup].rowCount
                nextGroup += 1
            }
            return (nextGroup, firstRow)
        }) { worker, item in
            if workerDecoders[worker].isEmpty {
                workerDecoders[worker] = decoded.map { ColumnChunkDecoder(leaf: leaves[$0], target: schema.fields[$0].type) }
            }
            try read(group: item.index, firstRow: item.firstRow, file: file, decoders: workerDecoders[worker], decodedIndices: decoded) {
                try body(worker, $0)
            }
        }
    }

    private func read(
        group index: Int, firstRow: Int, file: ParquetFile, decoders: [ColumnChunkDecoder], decodedIndices: [Int],
        emit: (Batch) throws -> Void
    ) throws {
        let group = rowGroups[index]
        for (decoder, field) in zip(decoders, decodedIndices) {
            guard let chunk = group.chunks[leaves[field].chunkIndex] else { continue }
            try withContext(decoder, group: index) {
                try decoder.start(codec: chunk.codec, rowCount: group.rowCount, fill: { buffer in
                    try file.read(into: buffer, at: chunk.start)
                }, byteCount: chunk.byteCount)
            }
        }
        var done = 0
        var part = 0
        while done < group.rowCount {
            let count = min(Batch.rowCountMax, group.rowCount - done)
            var columns = schema.fields.map { Column.empty($0.type, rowCount: 0) }
            for (field, type) in schema.fields.enumerated() where projection != nil && !projection!.contains(field) {
                columns[field] = Column.empty(type.type, rowCount: count)
            }
            for (decoder, field) in zip(decoders, decodedIndices) {
                columns[field] = try withContext(decoder, group: index) {
                    try decoder.read(rowCount: count, firstRow: firstRow + done)
                }
            }
            try emit(Batch(schema: schema, columns: columns, rowCount: count, ordinal: BatchOrdinal(chunk: index, part: part)))
            done += count
            part += 1
        }
    }

    /// Runs `body`, turning decoding failures into `ReaderError`s that say where, and a value too
    /// large for int64 into a `SchemaWidening`.
    private func withContext<T>(_ decoder: ColumnChunkDecoder, group: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodeError {
            let page = decoder.pageIndex >= 0 ? ", page \(decoder.pageIndex)" : ""
            throw ReaderError(error.code, file: path, column: decoder.leaf.name, message: "row group \(group)\(page): \(error.message)")
        } catch is NeedsWidening {
            var wider = schema
            if let field = wider.index(of: decoder.leaf.name) { wider.fields[field].type = .float64 }
            throw SchemaWidening(schema: wider, reason: "column \"\(decoder.leaf.name)\": an unsigned 64-bit value is above Int64.max; reading the column as float64")
        }
    }
}

/// Where one row group's column chunks are, checked against the file when the footer is read.
struct RowGroupPlan: Sendable {
    struct Chunk: Sendable {
        var start: Int
        var byteCount: Int
        var codec: Codec
    }

    /// Bytes read past a chunk's stated size (see `init`).
    static let sizePadding: Int64 = 256

    var rowCount: Int
    /// By leaf index; nil for leaves Assay does not read.
    var chunks: [Chunk?]

    init(_ group: RowGroup, index: Int, leaves: [LeafColumn], leafCount: Int, dataEnd: Int, path: String) throws {
        guard let rows = Int(exactly: group.rowCount), rows >= 0 else {
            throw ReaderError(.parquet, file: path, message: "row group \(index) has a negative row count (\(group.rowCount))")
        }
        rowCount = rows
        guard group.columns.count == leafCount else {
            throw ReaderError(.parquet, file: path, message: "row group \(index) has \(group.columns.count) column chunks, the schema \(leafCount) columns")
        }
        chunks = [Chunk?](repeating: nil, count: leafCount)
        for leaf in leaves {
            let column = group.columns[leaf.chunkIndex]
            func fail(_ message: String) -> ReaderError {
                ReaderError(.parquet, file: path, column: leaf.name, message: "row group \(index): \(message)")
            }
            if column.filePath != nil {
                throw fail("the column chunk is in another file (file_path); Assay reads single-file Parquet only")
            }
            guard let metadata = column.metadata else { throw fail("the column chunk has no metadata") }
            guard metadata.type == leaf.physicalType.rawValue else {
                throw fail("the column chunk's physical type (\(metadata.type)) differs from the schema's (\(leaf.physicalType))")
            }
            guard let codec = Codec(rawValue: metadata.codec) else {
                throw ReaderError(.compression, file: path, column: leaf.name, message: "row group \(index): unknown compression codec \(metadata.codec)")
            }
            guard metadata.valueCount == group.rowCount else {
                throw fail("the column chunk holds \(metadata.valueCount) values, the row group \(group.rowCount) rows")
            }
            if rows == 0 {
                // Nothing is read from an empty row group (some writers leave its offsets at 0).
                chunks[leaf.chunkIndex] = Chunk(start: 0, byteCount: 0, codec: codec)
                continue
            }
            // The chunk starts at its dictionary page when there is one (some writers put 0 there: ignored).
            var start = metadata.dataPageOffset
            if let dictionary = metadata.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
            guard start >= 4, start < Int64(dataEnd), metadata.totalCompressedSize >= 0 else {
                throw fail("the column chunk's offset (\(start)) or size (\(metadata.totalCompressedSize)) is outside the file")
            }
            // Old parquet-cpp wrote total_compressed_size without the dictionary page header: read a
            // little past it (pages are read only until the row group's rows are decoded), never
            // past the footer.
            let (padded, overflow) = metadata.totalCompressedSize.addingReportingOverflow(Self.sizePadding)
            let byteCount = Int(min(overflow ? Int64.max : padded, Int64(dataEnd) - start))
            chunks[leaf.chunkIndex] = Chunk(start: Int(start), byteCount: byteCount, codec: codec)
        }
    }
}

/// A file read with `pread`, so workers share one descriptor without seeking.
final class ParquetFile: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    let size: Int

    init(path: String) throws {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ReaderError(.fileNotFound, file: path, message: "no such file", hint: "check the path")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw ReaderError(.ioError, file: path, message: "is a directory, not a data file")
        }
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReaderError(.ioError, file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                let reason = got == 0 ? "the file ends early (truncated?)" : String(cString: strerror(errno))
                throw ReaderError(.ioError, file: path, message: "read failed at byte \(offset + done): \(reason)")
            }
            done += got
        }
    }

    func read(into bytes: inout [UInt8], at offset: Int) throws {
        try bytes.withUnsafeMutableBytes { try read(into: $0, at: offset) }
    }
}
