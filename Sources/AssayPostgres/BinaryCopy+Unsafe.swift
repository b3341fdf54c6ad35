import AssayColumns

/// The values of one selected column for the batch being filled.
struct ColumnBuilder {
    let decoder: FieldDecoder
    /// int, date and timestamp values.
    private var integers: [Int64] = []
    private var doubles: [Double] = []
    private var booleans: [Bool] = []
    private var offsets: [Int] = [0]
    private var bytes: [UInt8] = []
    private var validity: ValidityBitmap.Builder

    init(decoder: FieldDecoder, rowCapacity: Int) {
        self.decoder = decoder
        validity = ValidityBitmap.Builder(capacity: rowCapacity)
        switch decoder.columnType {
        case .int64, .date, .timestamp: integers.reserveCapacity(rowCapacity)
        case .float64: doubles.reserveCapacity(rowCapacity)
        case .bool: booleans.reserveCapacity(rowCapacity)
        case .string: offsets.reserveCapacity(rowCapacity + 1)
        }
    }

    mutating func appendNull() {
        validity.append(false)
        switch decoder.columnType {
        case .int64, .date, .timestamp: integers.append(0)
        case .float64: doubles.append(0)
        case .bool: booleans.append(false)
        case .string: offsets.append(bytes.count)
        }
    }

    /// Appends one non-null field (`field` is exactly its bytes).
    mutating func append(_ field: UnsafeRawBufferPointer) throws(FieldProblem) {
        switch decoder {
        case .int2:
            try Self.expect(field, length: 2, of: "int2")
            integers.append(Int64(BinaryValues.int16(field, at: 0)))
        case .int4:
            try Self.expect(field, length: 4, of: "int4")
            integers.append(Int64(BinaryValues.int32(field, at: 0)))
        case .int8:
            try Self.expect(field, length: 8, of: "int8")
            integers.append(BinaryValues.int64(field, at: 0))
        case .oid:
            try Self.expect(field, length: 4, of: "oid")
            integers.append(Int64(UInt32(bitPattern: BinaryValues.int32(field, at: 0))))
        case .float4:
            try Self.expect(field, length: 4, of: "float4")
            doubles.append(Double(Float(bitPattern: UInt32(bitPattern: BinaryValues.int32(field, at: 0)))))
        case .float8:
            try Self.expect(field, length: 8, of: "float8")
            doubles.append(Double(bitPattern: UInt64(bitPattern: BinaryValues.int64(field, at: 0))))
        case .numeric:
            doubles.append(try BinaryValues.numeric(field).get())
        case .bool:
            try Self.expect(field, length: 1, of: "bool")
            booleans.append(field[0] != 0)
        case .date:
            integers.append(try Self.date(field))
        case .timestamp:
            integers.append(try Self.timestamp(field))
        case .text:
            guard BinaryValues.isValidUTF8(field) else { throw .invalidUTF8 }
            bytes.append(contentsOf: field)
            offsets.append(bytes.count)
        case .jsonb:
            // `jsonb_send`: a version byte (1), then the JSON text.
            guard field.count >= 1, field[0] == 1 else { throw .malformed("a jsonb value without version byte 1") }
            let text = UnsafeRawBufferPointer(rebasing: field[1...])
            guard BinaryValues.isValidUTF8(text) else { throw .invalidUTF8 }
            bytes.append(contentsOf: text)
            offsets.append(bytes.count)
        case .uuid:
            try Self.expect(field, length: 16, of: "uuid")
            BinaryValues.appendUUIDText(field, to: &bytes)
            offsets.append(bytes.count)
        }
        validity.append(true)
    }

    @inline(__always)
    private static func expect(_ field: UnsafeRawBufferPointer, length: Int, of type: String) throws(FieldProblem) {
        guard field.count == length else { throw .malformed("a \(type) value of \(field.count) bytes (expected \(length))") }
    }

    static func date(_ field: UnsafeRawBufferPointer) throws(FieldProblem) -> Int64 {
        try expect(field, length: 4, of: "date")
        let days = BinaryValues.int32(field, at: 0)
        guard !PostgresEpoch.dateInfinities.contains(days) else { throw .infinity(days < 0 ? "the date -infinity" : "the date infinity") }
        return Int64(days) + PostgresEpoch.dayOffset
    }

    static func timestamp(_ field: UnsafeRawBufferPointer) throws(FieldProblem) -> Int64 {
        try expect(field, length: 8, of: "timestamp")
        let microseconds = BinaryValues.int64(field, at: 0)
        guard !PostgresEpoch.timestampInfinities.contains(microseconds) else {
            throw .infinity(microseconds < 0 ? "the timestamp -infinity" : "the timestamp infinity")
        }
        let (shifted, overflow) = microseconds.addingReportingOverflow(PostgresEpoch.microsecondOffset)
        guard !overflow else { throw .outOfRange("a timestamp beyond year 294,000, which microseconds since 1970 cannot hold") }
        return shifted
    }

    /// The finished column; the builder is spent.
    consuming func finish() -> Column {
        let validity = validity.finish()
        switch decoder.columnType {
        case .int64: return .int64(FixedWidthColumn(values: integers, validity: validity))
        case .date: return .date(FixedWidthColumn(values: integers, validity: validity))
        case .timestamp: return .timestamp(FixedWidthColumn(values: integers, validity: validity))
        case .float64: return .float64(FixedWidthColumn(values: doubles, validity: validity))
        case .bool: return .bool(FixedWidthColumn(values: booleans, validity: validity))
        case .string:
            var column = StringColumn()
            column.offsets = offsets
            column.bytes = bytes
            column.validity = validity
            return .string(column)
        }
    }
}

/// The binary COPY stream (`COPY … TO STDOUT (FORMAT binary)`), one CopyData message at a time.
///
/// Layout: an 11-byte signature, a 32-bit flags word, a 32-bit header-extension length and the
/// extension; then per row a 16-bit field count and per field a 32-bit length (-1 for NULL) and
/// that many bytes; a field count of -1 ends the stream. PostgreSQL sends the header with the first
/// row and one row per message; a parser that trusted that would crash on a server that did not, so
/// every length is checked against the bytes left, and a row may not continue into the next message.
struct BinaryCopyParser {
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
    /// One field of PostgreSQL is at most 1 GiB.
    static let fieldByteCountMax = 1 << 30

    let fieldCount: Int
    private(set) var headerSeen = false
    private(set) var ended = false
    /// Rows parsed so far (1-based row numbers in messages are `rowCount + 1`).
    private(set) var rowCount = 0

    init(fieldCount: Int) { self.fieldCount = fieldCount }

    /// Parses rows of `message` from `position` into `builders` (one per field) until the message
    /// ends or `rowLimit` rows were added; returns the rows added. `position` says where it stopped.
    mutating func parse(
        _ message: UnsafeRawBufferPointer, position: inout Int, rowLimit: Int, into builders: inout [ColumnBuilder]
    ) throws(CopyProblem) -> Int {
        precondition(builders.count == fieldCount, "one builder per field")
        if !headerSeen {
            try parseHeader(message, position: &position)
        }
        var added = 0
        while position < message.count, added < rowLimit {
            guard !ended else { throw .stream("data after the end-of-data marker") }
            let left = message.count - position
            guard left >= 2 else { throw .stream("a row cut short (\(left) byte left for its field count)") }
            let count = Int(BinaryValues.int16(message, at: position))
            position += 2
            if count == -1 {
                ended = true
                continue
            }
            guard count == fieldCount else { throw .stream("a row of \(count) fields where the query has \(fieldCount)") }
            try builders.withUnsafeMutableBufferPointer { (builders: inout UnsafeMutableBufferPointer<ColumnBuilder>) throws(CopyProblem) in
                for column in 0..<fieldCount {
                    guard message.count - position >= 4 else { throw .stream("a row cut short before field \(column + 1)") }
                    let length = Int(BinaryValues.int32(message, at: position))
                    position += 4
                    if length == -1 {
                        builders[column].appendNull()
                        continue
                    }
                    guard length >= 0, length <= Self.fieldByteCountMax else { throw .stream("a field length of \(length) bytes") }
                    guard length <= message.count - position else {
                        throw .stream("a field of \(length) bytes with only \(message.count - position) left in the message")
                    }
                    do throws(FieldProblem) {
                        try builders[column].append(UnsafeRawBufferPointer(rebasing: message[position..<(position + length)]))
                    } catch {
                        throw .field(column: column, row: rowCount + 1, problem: error)
                    }
                    position += length
                }
            }
            rowCount += 1
            added += 1
        }
        return added
    }

    private mutating func parseHeader(_ message: UnsafeRawBufferPointer, position: inout Int) throws(CopyProblem) {
        let fixed = Self.signature.count + 8
        guard message.count - position >= fixed,
              Self.signature.indices.allSatisfy({ message[position + $0] == Self.signature[$0] }) else {
            throw .stream("no binary COPY signature at the start of the data")
        }
        position += Self.signature.count
        let flags = UInt32(bitPattern: BinaryValues.int32(message, at: position))
        // Bit 16: OIDs included (never asked for); bits 17-31 are critical flags a reader must understand.
        guard flags & 0xFFFF_0000 == 0 else { throw .stream("binary COPY header flags 0x\(String(flags, radix: 16))") }
        let extensionLength = Int(BinaryValues.int32(message, at: position + 4))
        position += 8
        guard extensionLength >= 0, extensionLength <= message.count - position else {
            throw .stream("a binary COPY header extension of \(extensionLength) bytes")
        }
        position += extensionLength
        headerSeen = true
    }
}

enum CopyProblem: Error {
    /// The stream is not binary COPY as PostgreSQL writes it.
    case stream(String)
    /// One field could not be read: `column` indexes the selected columns, `row` is 1-based.
    case field(column: Int, row: Int, problem: FieldProblem)
}
