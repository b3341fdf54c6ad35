import AssayColumns

/// Turns one column of a `FieldTable` into a typed `Column`: one tight loop per type.
enum CSVColumnDecoder {
    enum Outcome {
        case column(Column)
        /// Row `row` does not fit; `type` is the narrowest type that holds it and all before.
        case widen(row: Int, to: ColumnType)
        /// A string column holds bytes that are not UTF-8 text (or a NUL) in row `row`.
        case badText(row: Int, problem: UTF8Validation.Problem)
    }

    static func decode(
        type: ColumnType, column: Int, table: FieldTable, bytes p: UnsafePointer<UInt8>, nulls: NullTokenTable
    ) -> Outcome {
        switch type {
        case .int64:
            return decodeFixed(column, table, p, nulls, type, zero: Int64(0), TextParsing.parseInt64) { .int64($0) }
        case .float64:
            return decodeFixed(column, table, p, nulls, type, zero: 0.0, TextParsing.parseDouble) { .float64($0) }
        case .bool:
            return decodeFixed(column, table, p, nulls, type, zero: false, TextParsing.parseBool) { .bool($0) }
        case .date:
            return CivilCalendar.monthStarts.withUnsafeBufferPointer { starts in
                decodeFixed(column, table, p, nulls, type, zero: Int64(0), { TextParsing.parseDate($0, $1, monthStarts: starts) }) { .date($0) }
            }
        case .timestamp:
            return decodeFixed(column, table, p, nulls, type, zero: Int64(0), TextParsing.parseTimestampOrDate) { .timestamp($0) }
        case .string:
            return decodeString(column, table, p, nulls)
        }
    }

    @inline(__always)
    private static func decodeFixed<Value: Sendable & Hashable>(
        _ column: Int, _ table: FieldTable, _ p: UnsafePointer<UInt8>, _ nulls: NullTokenTable, _ type: ColumnType,
        zero: Value, _ parse: (UnsafePointer<UInt8>, Int) -> Value?, wrap: (FixedWidthColumn<Value>) -> Column
    ) -> Outcome {
        let rows = table.rowCount
        let stride = table.columnCount
        var validity = ValidityBitmap.Builder(capacity: rows)
        var failedRow = -1
        let values = table.starts.withUnsafeBufferPointer { starts in
            table.ends.withUnsafeBufferPointer { ends in
                [Value](unsafeUninitializedCapacity: rows) { buffer, initialized in
                    // SAFETY: row < rows = capacity; `initialized` counts the rows written so far.
                    for row in 0..<rows {
                        let start = Int(starts[row * stride + column] & FieldTable.offsetMask)
                        let rawEnd = ends[row * stride + column]
                        let length = Int(rawEnd & FieldTable.offsetMask) - start
                        let escaped = rawEnd & FieldTable.flag != 0
                        if nulls.contains(p + start, length) {
                            (buffer.baseAddress! + row).initialize(to: zero)
                            validity.append(false)
                        } else if !escaped, let value = parse(p + start, length)
                                    ?? parse(p + trimmedStart(p, start, start + length), trimmedLength(p, start, start + length)) {
                            (buffer.baseAddress! + row).initialize(to: value)
                            validity.append(true)
                        } else {
                            failedRow = row
                            initialized = row
                            return
                        }
                        initialized = row + 1
                    }
                }
            }
        }
        if failedRow >= 0 {
            let index = failedRow * stride + column
            let start = Int(table.starts[index] & FieldTable.offsetMask)
            let length = Int(table.ends[index] & FieldTable.offsetMask) - start
            let found = table.ends[index] & FieldTable.flag != 0 ? ColumnType.string : TypeInference.narrowestType(p + start, length)
            return .widen(row: failedRow, to: TypeInference.join(type, found) ?? .string)
        }
        return .column(wrap(FixedWidthColumn(values: values, validity: validity.finish())))
    }

    /// Numbers, dates and booleans may be padded with spaces (` 12`), as pandas and DuckDB accept.
    @inline(__always)
    private static func trimmedStart(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, p[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }

    @inline(__always)
    private static func trimmedLength(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let first = trimmedStart(p, start, end)
        var last = end
        while last > first, p[last - 1] == UInt8(ascii: " ") { last -= 1 }
        return last - first
    }

    private static func decodeString(_ column: Int, _ table: FieldTable, _ p: UnsafePointer<UInt8>, _ nulls: NullTokenTable) -> Outcome {
        let rows = table.rowCount
        var result = StringColumn()
        var validity = ValidityBitmap.Builder(capacity: rows)
        let stride = table.columnCount
        table.starts.withUnsafeBufferPointer { starts in
            table.ends.withUnsafeBufferPointer { ends in
                // Sizes first, then one memcpy per field into buffers allocated once: appending
                // to arrays field by field cost more than the copying.
                var byteCount = 0
                for row in 0..<rows {
                    let index = row * stride + column
                    byteCount += Int(ends[index] & FieldTable.offsetMask) - Int(starts[index] & FieldTable.offsetMask)
                }
                var offsets: [Int] = []
                var written = 0
                result.bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { bytes, count in
                    offsets = [Int](unsafeUninitializedCapacity: rows + 1) { offsetBuffer, offsetCount in
                        // SAFETY: at most `byteCount` bytes are written (unescaping only shrinks a
                        // field) and exactly rows + 1 offsets.
                        offsetBuffer[0] = 0
                        for row in 0..<rows {
                            let index = row * stride + column
                            let start = Int(starts[index] & FieldTable.offsetMask)
                            let end = Int(ends[index] & FieldTable.offsetMask)
                            if nulls.contains(p + start, end - start) {
                                validity.append(false)
                            } else {
                                if ends[index] & FieldTable.flag != 0 {
                                    written = writeUnescaped(bytes.baseAddress! + written, p, start, end) + written
                                } else if end > start {
                                    (bytes.baseAddress! + written).update(from: p + start, count: end - start)
                                    written += end - start
                                }
                                validity.append(true)
                            }
                            offsetBuffer[row + 1] = written
                        }
                        offsetCount = rows + 1
                    }
                    count = written
                }
                result.offsets = offsets
            }
        }
        result.validity = validity.finish()
        let problem = result.bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem($0) }
        if let problem {
            let row = rowHolding(byteOffset: problem.offset, offsets: result.offsets)
            let start = result.offsets[row]
            let relative: UTF8Validation.Problem = switch problem {
            case .invalid(let offset): .invalid(offset: offset - start)
            case .nul(let offset): .nul(offset: offset - start)
            }
            return .badText(row: row, problem: relative)
        }
        return .column(.string(result))
    }

    /// Writes the field at `target` with each doubled quote as one; returns the bytes written.
    private static func writeUnescaped(_ target: UnsafeMutablePointer<UInt8>, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        var count = 0
        while index < end {
            target[count] = p[index]
            count += 1
            index += p[index] == UInt8(ascii: "\"") && index + 1 < end && p[index + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return count
    }

    /// Appends the unescaped field (`a""b` inside quotes stands for `a"b`).
    static func appendUnescaped(_ bytes: inout [UInt8], _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: end - start))
        let written = bytes.withUnsafeMutableBufferPointer { writeUnescaped($0.baseAddress! + old, p, start, end) }
        bytes.removeLast(end - start - written)
    }

    /// The row whose bytes contain `byteOffset` (binary search over the offsets).
    private static func rowHolding(byteOffset: Int, offsets: [Int]) -> Int {
        var low = 0
        var high = offsets.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if offsets[middle] <= byteOffset { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
