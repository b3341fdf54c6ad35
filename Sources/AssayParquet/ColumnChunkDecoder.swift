import AssayColumns
import AssayReaders
import CZlib

/// Reads one column chunk page by page and cuts it into batch columns of any row counts.
///
/// One decoder per column and worker, reused across row groups: its buffers (the compressed
/// chunk, the decompressed page, levels, decoded values) grow to the largest page seen and are
/// then reused, so decoding allocates only the batch columns it returns.
final class ColumnChunkDecoder {
    let leaf: LeafColumn
    /// The Assay type to produce: the leaf's, or float64 for an integer column widened.
    let target: ColumnType

    // The chunk.
    private let chunkBuffer = ScratchBuffer()
    private var chunkCount = 0
    private var position = 0
    private var codec = Codec.uncompressed
    private var rowsLeftInChunk = 0
    private(set) var pageIndex = -1

    // The current data page.
    private let pageBuffer = ScratchBuffer()
    private let levelBuffer = ScratchBuffer()
    private let valueBuffer = ScratchBuffer()
    private let offsetBuffer = ScratchBuffer()
    private let deltaScratch = ScratchBuffer()
    private let prefixScratch = ScratchBuffer()
    private var pageRowCount = 0
    private var pageRow = 0
    private var pageValue = 0
    private var pageHasNulls = false
    private var pageValues: ValueSource?
    private var pageUsesDictionary = false

    // The chunk's dictionary, converted to the target type once.
    private var dictionary: ConvertedDictionary?

    /// Output scratch for string columns.
    private let bytes = ByteBuilder()

    init(leaf: LeafColumn, target: ColumnType) {
        self.leaf = leaf
        self.target = target
    }

    /// Starts a column chunk: `chunk` is filled by the caller with the chunk's bytes (`byteCount`).
    func start(codec: Codec, rowCount: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void, byteCount: Int) throws {
        chunkBuffer.shrink(ifAbove: max(byteCount, 256 << 20))
        let pointer = chunkBuffer.reserve(byteCount)
        try fill(UnsafeMutableRawBufferPointer(start: pointer, count: byteCount))
        chunkCount = byteCount
        position = 0
        self.codec = codec
        rowsLeftInChunk = rowCount
        pageIndex = -1
        pageRowCount = 0
        pageRow = 0
        pageValue = 0
        pageValues = nil
        dictionary = nil
        for buffer in [pageBuffer, levelBuffer, valueBuffer, offsetBuffer, deltaScratch, prefixScratch] { buffer.shrink(ifAbove: 64 << 20) }
    }

    // MARK: Batches

    /// The next `rowCount` rows as a column. `firstRow` is the file row number of the first (for messages).
    func read(rowCount: Int, firstRow: Int) throws -> Column {
        switch target {
        case .string: return try readStrings(rowCount: rowCount, firstRow: firstRow)
        case .bool:
            var validity = ValidityBitmap.Builder(capacity: rowCount)
            var hasNulls = false
            let values = try Self.makeArray(of: Bool.self, count: rowCount) { out in
                try fill(rowCount: rowCount, validity: &validity, hasNulls: &hasNulls, out: out) { source, first, count, out in
                    Convert.toBool(source, first: first, count: count, into: out)
                } gather: { dictionary, codes, count, out in
                    guard case .bool(let entries) = dictionary else { throw DecodeError("dictionary type mismatch") }
                    entries.withUnsafeBufferPointer { entries in for index in 0..<count { out[index] = entries[Int(codes[index])] } }
                }
            }
            return .bool(FixedWidthColumn(values: values, validity: hasNulls ? validity.finish() : ValidityBitmap(allValid: rowCount)))
        case .float64:
            var validity = ValidityBitmap.Builder(capacity: rowCount)
            var hasNulls = false
            let leaf = leaf
            let values = try Self.makeArray(of: Double.self, count: rowCount) { out in
                try fill(rowCount: rowCount, validity: &validity, hasNulls: &hasNulls, out: out) { source, first, count, out in
                    try Convert.toDouble(source, physical: leaf.physicalType, conversion: leaf.conversion, first: first, count: count, into: out)
                } gather: { dictionary, codes, count, out in
                    guard case .double(let entries) = dictionary else { throw DecodeError("dictionary type mismatch") }
                    entries.withUnsafeBufferPointer { entries in for index in 0..<count { out[index] = entries[Int(codes[index])] } }
                }
            }
            return .float64(FixedWidthColumn(values: values, validity: hasNulls ? validity.finish() : ValidityBitmap(allValid: rowCount)))
        case .int64, .date, .timestamp:
            var validity = ValidityBitmap.Builder(capacity: rowCount)
            var hasNulls = false
            let leaf = leaf
            let values = try Self.makeArray(of: Int64.self, count: rowCount) { out in
                try fill(rowCount: rowCount, validity: &validity, hasNulls: &hasNulls, out: out) { source, first, count, out in
                    try Convert.toInt64(source, physical: leaf.physicalType, conversion: leaf.conversion, first: first, count: count, into: out)
                } gather: { dictionary, codes, count, out in
                    guard case .int64(let entries) = dictionary else { throw DecodeError("dictionary type mismatch") }
                    entries.withUnsafeBufferPointer { entries in for index in 0..<count { out[index] = entries[Int(codes[index])] } }
                }
            }
            let column = FixedWidthColumn(values: values, validity: hasNulls ? validity.finish() : ValidityBitmap(allValid: rowCount))
            switch target {
            case .date: return .date(column)
            case .timestamp: return .timestamp(column)
            default: return .int64(column)
            }
        }
    }

    /// An array of `count` values written by `body`. Errors are carried out of the array's
    /// initializer rather than thrown through it (values of trivial types need no cleanup).
    static func makeArray<T>(of: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) throws -> Void) throws -> [T] {
        var failure: (any Error)?
        let values = [T](unsafeUninitializedCapacity: max(count, 1)) { out, initialized in
            do {
                // SAFETY: the capacity is at least 1, so the base address exists.
                try body(out.baseAddress!)
            } catch {
                failure = error
            }
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return values
    }

    /// Fills `out[0..<rowCount]` with fixed-width values (nulls hold 0) and the validity.
    /// `convert` writes `count` values of a page densely; `gather` looks codes up in the dictionary.
    private func fill<T>(
        rowCount: Int, validity: inout ValidityBitmap.Builder, hasNulls: inout Bool, out: UnsafeMutablePointer<T>,
        convert: (ValueSource, Int, Int, UnsafeMutablePointer<T>) throws -> Void,
        gather: (ConvertedDictionary, UnsafePointer<UInt32>, Int, UnsafeMutablePointer<T>) throws -> Void
    ) throws {
        var row = 0
        // Rows before the first null are valid; the builder is filled only once a null appears.
        while row < rowCount {
            if pageRow == pageRowCount { try nextDataPage() }
            let take = min(rowCount - row, pageRowCount - pageRow)
            let levels = levelBuffer.pointer.assumingMemoryBound(to: UInt8.self) + pageRow
            let maxLevel = UInt8(leaf.maxDefinitionLevel)
            var valid = take
            if pageHasNulls {
                valid = 0
                for index in 0..<take where levels[index] == maxLevel { valid += 1 }
            }
            if valid > 0 {
                if pageUsesDictionary, let dictionary {
                    let codes = valueBuffer.pointer.assumingMemoryBound(to: UInt32.self) + pageValue
                    try gather(dictionary, codes, valid, out + row)
                } else if let pageValues {
                    try convert(pageValues, pageValue, valid, out + row)
                }
            }
            if valid < take {
                if !hasNulls {
                    hasNulls = true
                    for _ in 0..<row { validity.append(true) }
                }
                // Spread the dense values to their rows, from the end, zeroing null rows.
                var source = valid - 1
                for index in stride(from: take - 1, through: 0, by: -1) {
                    if levels[index] == maxLevel {
                        out[row + index] = out[row + source]
                        source -= 1
                    } else {
                        (UnsafeMutableRawPointer(out + row + index)).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.stride)
                    }
                }
                for index in 0..<take { validity.append(levels[index] == maxLevel) }
            } else if hasNulls {
                for _ in 0..<take { validity.append(true) }
            }
            pageRow += take
            pageValue += valid
            row += take
        }
    }

    private func readStrings(rowCount: Int, firstRow: Int) throws -> Column {
        bytes.reset()
        var validity = ValidityBitmap.Builder(capacity: rowCount)
        var hasNulls = false
        var allFromDictionary = true
        var offsets = [Int](repeating: 0, count: rowCount + 1)
        var codes = [UInt32](repeating: 0, count: rowCount)
        var sharedDictionary: StringDictionary?
        var row = 0
        try offsets.withUnsafeMutableBufferPointer { offsets in
            try codes.withUnsafeMutableBufferPointer { codes in
                let ends = offsets.baseAddress! + 1
                while row < rowCount {
                    if pageRow == pageRowCount { try nextDataPage() }
                    let take = min(rowCount - row, pageRowCount - pageRow)
                    let levels = levelBuffer.pointer.assumingMemoryBound(to: UInt8.self) + pageRow
                    let maxLevel = UInt8(leaf.maxDefinitionLevel)
                    var valid = take
                    if pageHasNulls {
                        valid = 0
                        for index in 0..<take where levels[index] == maxLevel { valid += 1 }
                    }
                    if pageUsesDictionary, case .string(let entries, let invalid)? = dictionary {
                        sharedDictionary = entries
                        let pageCodes = valueBuffer.pointer.assumingMemoryBound(to: UInt32.self) + pageValue
                        try entries.values.offsets.withUnsafeBufferPointer { entryOffsets in
                            try entries.values.bytes.withUnsafeBufferPointer { entryBytes in
                                var value = 0
                                for index in 0..<take {
                                    if pageHasNulls, levels[index] != maxLevel {
                                        ends[row + index] = bytes.count
                                        continue
                                    }
                                    let code = Int(pageCodes[value])
                                    value += 1
                                    if let invalid, invalid[code] {
                                        throw DecodeError("row \(firstRow + row + index + 1): the value is not valid UTF-8", code: .invalidUTF8)
                                    }
                                    codes[row + index] = UInt32(code)
                                    let start = entryOffsets[code]
                                    // SAFETY: code < dictionary count (checked when the page was decoded), so start...end are in the entry bytes.
                                    if let base = entryBytes.baseAddress { bytes.append(base + start, entryOffsets[code + 1] - start) }
                                    ends[row + index] = bytes.count
                                }
                            }
                        }
                    } else if let pageValues {
                        allFromDictionary = false
                        if valid == take {
                            if let problem = try Convert.toStrings(pageValues, physical: leaf.physicalType, conversion: leaf.conversion,
                                                                   first: pageValue, count: take, bytes: bytes, ends: ends + row) {
                                throw DecodeError("row \(firstRow + row + problem + 1): the value is not valid UTF-8", code: .invalidUTF8)
                            }
                        } else {
                            var value = pageValue
                            for index in 0..<take {
                                if levels[index] != maxLevel {
                                    ends[row + index] = bytes.count
                                    continue
                                }
                                if try Convert.toStrings(pageValues, physical: leaf.physicalType, conversion: leaf.conversion,
                                                         first: value, count: 1, bytes: bytes, ends: ends + row + index) != nil {
                                    throw DecodeError("row \(firstRow + row + index + 1): the value is not valid UTF-8", code: .invalidUTF8)
                                }
                                value += 1
                            }
                        }
                    } else {
                        // A page of nulls only.
                        allFromDictionary = allFromDictionary && pageUsesDictionary
                        for index in 0..<take { ends[row + index] = bytes.count }
                    }
                    if valid < take {
                        if !hasNulls {
                            hasNulls = true
                            for _ in 0..<row { validity.append(true) }
                        }
                        for index in 0..<take { validity.append(levels[index] == maxLevel) }
                    } else if hasNulls {
                        for _ in 0..<take { validity.append(true) }
                    }
                    pageRow += take
                    pageValue += valid
                    row += take
                }
            }
        }
        var column = StringColumn()
        column.offsets = offsets
        column.bytes = bytes.array()
        column.validity = hasNulls ? validity.finish() : ValidityBitmap(allValid: rowCount)
        if allFromDictionary, let sharedDictionary {
            column.dictionary = DictionaryCodes(dictionary: sharedDictionary, codes: codes)
        }
        return .string(column)
    }

    // MARK: Pages

    /// Reads page headers until a data page with rows is decoded (dictionary pages on the way are
    /// loaded; index pages skipped).
    private func nextDataPage() throws {
        while true {
            guard rowsLeftInChunk > 0 else { throw DecodeError("the column chunk has fewer values than the row group has rows") }
            guard position < chunkCount else {
                throw DecodeError("the column chunk ends after \(pageIndex + 1) pages, \(rowsLeftInChunk) rows short of the row group")
            }
            pageIndex += 1
            let chunk = UnsafeRawBufferPointer(start: chunkBuffer.pointer, count: chunkCount)
            var decoder = CompactDecoder(chunk, position: position)
            let header: PageHeader
            do {
                header = try PageHeader(&decoder)
            } catch let error as ThriftError {
                throw DecodeError("corrupt page header: \(error.message)")
            }
            position = decoder.position
            guard header.compressedSize >= 0, Int(header.compressedSize) <= chunkCount - position else {
                throw DecodeError("the page claims \(header.compressedSize) compressed bytes, the column chunk has \(chunkCount - position) left")
            }
            guard header.uncompressedSize >= 0, Int(header.uncompressedSize) <= Decompression.pageByteCountMax else {
                throw DecodeError("the page claims \(header.uncompressedSize) uncompressed bytes (at most \(Decompression.pageByteCountMax))")
            }
            let body = UnsafeRawBufferPointer(rebasing: chunk[position..<(position + Int(header.compressedSize))])
            position += Int(header.compressedSize)
            // A page that says its checksum is verified: a data-quality check must not read a corrupt page as data.
            if let expected = header.crc {
                let computed = UInt32(truncatingIfNeeded: crc32(0, body.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(body.count)))
                guard computed == expected else {
                    throw DecodeError("the page's CRC-32 is \(String(expected, radix: 16)), its bytes give \(String(computed, radix: 16)): the file is corrupt")
                }
            }
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                try loadDictionary(header, body)
            case .dataPage:
                try loadDataPageV1(header, body)
                if pageRowCount > 0 { return }
            case .dataPageV2:
                try loadDataPageV2(header, body)
                if pageRowCount > 0 { return }
            case .indexPage:
                continue
            case nil:
                throw DecodeError("unknown page type \(header.type)")
            }
        }
    }

    private func checkedValueCount(_ header: PageHeader) throws -> Int {
        guard header.hasTypeHeader else { throw DecodeError("a page has no data or dictionary header") }
        guard header.valueCount >= 0 else { throw DecodeError("the page header has a negative value count (\(header.valueCount))") }
        return Int(header.valueCount)
    }

    private func decompress(_ body: UnsafeRawBufferPointer, uncompressedSize: Int, codec: Codec) throws -> UnsafeRawBufferPointer {
        if codec == .uncompressed {
            guard body.count == uncompressedSize else {
                throw DecodeError("an uncompressed page holds \(body.count) bytes, its header says \(uncompressedSize)")
            }
            return body
        }
        let target = UnsafeMutableRawBufferPointer(start: pageBuffer.reserve(uncompressedSize), count: uncompressedSize)
        try Decompression.decompress(codec, body, into: target)
        return UnsafeRawBufferPointer(target)
    }

    private func loadDataPageV1(_ header: PageHeader, _ body: UnsafeRawBufferPointer) throws {
        let valueCount = try checkedValueCount(header)
        guard valueCount <= rowsLeftInChunk else {
            throw DecodeError("a page holds \(valueCount) values, only \(rowsLeftInChunk) rows of the row group are left")
        }
        let page = try decompress(body, uncompressedSize: Int(header.uncompressedSize), codec: codec)
        var offset = 0
        let levels = levelBuffer.reserve(max(valueCount, 1)).assumingMemoryBound(to: UInt8.self)
        if leaf.maxDefinitionLevel > 0 {
            let bitWidth = Self.bitWidth(leaf.maxDefinitionLevel)
            switch Encoding(rawValue: header.definitionLevelEncoding) {
            case .rle:
                guard page.count >= 4 else { throw DecodeError("the page ends before its definition levels") }
                let length = Int(UInt32(littleEndian: page.loadUnaligned(as: UInt32.self)))
                guard length <= page.count - 4 else { throw DecodeError("definition levels of \(length) bytes run past the page") }
                var decoder = try HybridDecoder(UnsafeRawBufferPointer(rebasing: page[4..<(4 + length)]), bitWidth: bitWidth)
                try decoder.decode(valueCount, into: levels)
                offset = 4 + length
            case .bitPacked:
                let length = (valueCount * bitWidth + 7) / 8
                guard length <= page.count else { throw DecodeError("BIT_PACKED definition levels run past the page") }
                Self.unpackMostSignificantFirst(page, count: valueCount, bitWidth: bitWidth, into: levels)
                offset = length
            default:
                throw DecodeError("definition levels use an unsupported encoding (\(header.definitionLevelEncoding))")
            }
        }
        try setLevels(levels, valueCount: valueCount)
        let values = UnsafeRawBufferPointer(rebasing: page[offset...])
        try decodeValues(values, encoding: header.encoding, count: nonNullInPage)
        startPage(rows: valueCount)
    }

    private func loadDataPageV2(_ header: PageHeader, _ body: UnsafeRawBufferPointer) throws {
        let valueCount = try checkedValueCount(header)
        guard valueCount <= rowsLeftInChunk else {
            throw DecodeError("a page holds \(valueCount) values, only \(rowsLeftInChunk) rows of the row group are left")
        }
        guard header.rowCount < 0 || Int(header.rowCount) == valueCount else {
            throw DecodeError("a v2 page holds \(header.rowCount) rows and \(valueCount) values in a column that is not repeated")
        }
        let repetitionLength = Int(header.repetitionLevelsByteLength)
        let definitionLength = Int(header.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
              repetitionLength + definitionLength <= Int(header.uncompressedSize) else {
            throw DecodeError("the v2 page's level lengths (\(repetitionLength), \(definitionLength)) do not fit in the page")
        }
        let levels = levelBuffer.reserve(max(valueCount, 1)).assumingMemoryBound(to: UInt8.self)
        if leaf.maxDefinitionLevel > 0 {
            let bytes = UnsafeRawBufferPointer(rebasing: body[repetitionLength..<(repetitionLength + definitionLength)])
            var decoder = try HybridDecoder(bytes, bitWidth: Self.bitWidth(leaf.maxDefinitionLevel))
            try decoder.decode(valueCount, into: levels)
        }
        try setLevels(levels, valueCount: valueCount)
        let data = UnsafeRawBufferPointer(rebasing: body[(repetitionLength + definitionLength)...])
        let dataSize = Int(header.uncompressedSize) - repetitionLength - definitionLength
        let values: UnsafeRawBufferPointer
        if data.isEmpty {
            // An empty data section is not decompressed (no codec frame was written).
            guard dataSize == 0 else { throw DecodeError("the v2 page has no data bytes but claims \(dataSize)") }
            values = data
        } else {
            values = try decompress(data, uncompressedSize: dataSize, codec: header.isCompressed ? codec : .uncompressed)
        }
        try decodeValues(values, encoding: header.encoding, count: nonNullInPage)
        startPage(rows: valueCount)
    }

    private var nonNullInPage = 0

    /// Checks the levels and counts nulls.
    private func setLevels(_ levels: UnsafeMutablePointer<UInt8>, valueCount: Int) throws {
        let maxLevel = UInt8(leaf.maxDefinitionLevel)
        if leaf.maxDefinitionLevel == 0 {
            levels.initialize(repeating: 0, count: valueCount)
            nonNullInPage = valueCount
            pageHasNulls = false
            return
        }
        var valid = 0
        var tooHigh = false
        for index in 0..<valueCount {
            let level = levels[index]
            valid &+= level == maxLevel ? 1 : 0
            tooHigh = tooHigh || level > maxLevel
        }
        guard !tooHigh else { throw DecodeError("a definition level is above the column's maximum (\(maxLevel))") }
        nonNullInPage = valid
        pageHasNulls = valid < valueCount
    }

    private func startPage(rows: Int) {
        pageRowCount = rows
        pageRow = 0
        pageValue = 0
        rowsLeftInChunk -= rows
    }

    /// Decodes `count` non-null values of a data page into `pageValues` (or dictionary codes).
    private func decodeValues(_ data: UnsafeRawBufferPointer, encoding raw: Int32, count: Int) throws {
        pageValues = nil
        pageUsesDictionary = false
        guard let encoding = Encoding(rawValue: raw) else { throw DecodeError("unknown value encoding \(raw)") }
        if count == 0 {
            pageUsesDictionary = encoding == .plainDictionary || encoding == .rleDictionary
            return
        }
        switch encoding {
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw DecodeError("a dictionary-encoded page has no dictionary page before it") }
            guard let first = data.first else { throw DecodeError("dictionary indices are missing") }
            var decoder = try HybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(first))
            let codes = valueBuffer.reserve(count * 4).assumingMemoryBound(to: UInt32.self)
            try decoder.decode(count, into: codes)
            let size = UInt32(truncatingIfNeeded: dictionary.count)
            var largest: UInt32 = 0
            for index in 0..<count { largest = max(largest, codes[index]) }
            guard largest < size else {
                throw DecodeError("a dictionary index (\(largest)) is beyond the dictionary's \(dictionary.count) entries")
            }
            pageUsesDictionary = true
        default:
            pageValues = try decodePlainLike(data, encoding: encoding, count: count, into: valueBuffer)
        }
    }

    /// Non-dictionary encodings: the values as a source over `data` or over `output`.
    private func decodePlainLike(_ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int, into output: ScratchBuffer) throws -> ValueSource {
        let physical = leaf.physicalType
        let width = Self.byteWidth(physical, leaf.typeLength)
        switch (encoding, physical) {
        case (.plain, .boolean):
            let out = output.reserve(count)
            try Booleans.unpackPlain(data, count: count, into: out.assumingMemoryBound(to: UInt8.self))
            return .fixed(out, width: 1)
        case (.rle, .boolean):
            guard data.count >= 4 else { throw DecodeError("RLE booleans lack their length") }
            let length = Int(UInt32(littleEndian: data.loadUnaligned(as: UInt32.self)))
            guard length <= data.count - 4 else { throw DecodeError("RLE booleans of \(length) bytes run past the page") }
            let out = output.reserve(count)
            var decoder = try HybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<(4 + length)]), bitWidth: 1)
            try decoder.decode(count, into: out.assumingMemoryBound(to: UInt8.self))
            return .fixed(out, width: 1)
        case (.plain, .byteArray):
            let offsets = offsetBuffer.reserve((count + 1) * MemoryLayout<Int>.stride).assumingMemoryBound(to: Int.self)
            _ = try ByteArrays.plainOffsets(data, count: count, into: offsets)
            return .variable(data.baseAddress!, offsets: offsets, gap: 4)
        case (.plain, _):
            let (needed, overflow) = count.multipliedReportingOverflow(by: width)
            guard !overflow, needed <= data.count, let base = data.baseAddress else {
                throw DecodeError("PLAIN data holds \(data.count) bytes, \(count) values of \(width) bytes need more")
            }
            return .fixed(base, width: width)
        case (.byteStreamSplit, .int32), (.byteStreamSplit, .int64), (.byteStreamSplit, .float), (.byteStreamSplit, .double),
             (.byteStreamSplit, .fixedLenByteArray):
            let out = output.reserve(count * width)
            try ByteStreamSplit.decode(data, width: width, count: count, into: out)
            return .fixed(out, width: width)
        case (.deltaBinaryPacked, .int32), (.deltaBinaryPacked, .int64):
            let (decoded, _) = try DeltaBinaryPacked.decode(data, width: width, valueCountMax: count, into: output)
            guard decoded == count else { throw DecodeError("DELTA_BINARY_PACKED holds \(decoded) values, the page \(count)") }
            return .fixed(output.pointer, width: width)
        case (.deltaLengthByteArray, .byteArray):
            let offsets = offsetBuffer.reserve((count + 1) * MemoryLayout<Int>.stride).assumingMemoryBound(to: Int.self)
            let (start, _) = try ByteArrays.deltaLengthOffsets(data, count: count, scratch: deltaScratch, into: offsets)
            return .variable(data.baseAddress! + start, offsets: offsets, gap: 0)
        case (.deltaByteArray, .byteArray), (.deltaByteArray, .fixedLenByteArray):
            let offsets = offsetBuffer.reserve((count + 1) * MemoryLayout<Int>.stride).assumingMemoryBound(to: Int.self)
            let base = try ByteArrays.deltaByteArray(data, count: count, prefixes: prefixScratch, lengths: deltaScratch, into: output, offsets: offsets)
            return .variable(base, offsets: offsets, gap: 0)
        default:
            throw DecodeError("\(encoding) is not a valid encoding for \(physical) values")
        }
    }

    // MARK: Dictionary

    private func loadDictionary(_ header: PageHeader, _ body: UnsafeRawBufferPointer) throws {
        let valueCount = try checkedValueCount(header)
        guard dictionary == nil else { throw DecodeError("the column chunk has a second dictionary page") }
        guard header.encoding == Encoding.plain.rawValue || header.encoding == Encoding.plainDictionary.rawValue else {
            throw DecodeError("the dictionary page uses encoding \(header.encoding), not PLAIN")
        }
        let page = try decompress(body, uncompressedSize: Int(header.uncompressedSize), codec: codec)
        // Every entry takes at least one bit (booleans), a byte otherwise: a count beyond that is corrupt.
        guard valueCount <= page.count * 8 else { throw DecodeError("the dictionary claims \(valueCount) entries in \(page.count) bytes") }
        let scratch = ScratchBuffer()
        let source = try decodePlainLike(page, encoding: .plain, count: valueCount, into: scratch)
        dictionary = try withExtendedLifetime(scratch) { try convertDictionary(source, count: valueCount) }
    }

    private func convertDictionary(_ source: ValueSource, count: Int) throws -> ConvertedDictionary {
        let leaf = leaf
        switch target {
        case .bool:
            return .bool(try Self.makeArray(of: Bool.self, count: count) { out in
                Convert.toBool(source, first: 0, count: count, into: out)
            })
        case .float64:
            return .double(try Self.makeArray(of: Double.self, count: count) { out in
                try Convert.toDouble(source, physical: leaf.physicalType, conversion: leaf.conversion, first: 0, count: count, into: out)
            })
        case .int64, .date, .timestamp:
            return .int64(try Self.makeArray(of: Int64.self, count: count) { out in
                try Convert.toInt64(source, physical: leaf.physicalType, conversion: leaf.conversion, first: 0, count: count, into: out)
            })
        case .string:
            let builder = ByteBuilder()
            var offsets = [Int](repeating: 0, count: count + 1)
            var invalid: [Bool]?
            try offsets.withUnsafeMutableBufferPointer { offsets in
                let ends = offsets.baseAddress! + 1
                for index in 0..<count {
                    if try Convert.toStrings(source, physical: leaf.physicalType, conversion: leaf.conversion,
                                             first: index, count: 1, bytes: builder, ends: ends + index) != nil {
                        // Reported only if a row uses the entry.
                        if invalid == nil { invalid = [Bool](repeating: false, count: count) }
                        invalid?[index] = true
                    }
                }
            }
            var values = StringColumn()
            values.offsets = offsets
            values.bytes = builder.array()
            values.validity = ValidityBitmap(allValid: count)
            return .string(StringDictionary(values: values), invalid: invalid)
        }
    }

    // MARK: Helpers

    static func bitWidth(_ maxLevel: Int) -> Int {
        var width = 0
        while (1 << width) <= maxLevel { width += 1 }
        return width
    }

    static func byteWidth(_ physical: PhysicalType, _ typeLength: Int) -> Int {
        switch physical {
        case .boolean: 1
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96: 12
        case .fixedLenByteArray: typeLength
        case .byteArray: 0
        }
    }

    /// The deprecated BIT_PACKED level encoding: most significant bit first.
    static func unpackMostSignificantFirst(_ bytes: UnsafeRawBufferPointer, count: Int, bitWidth: Int, into levels: UnsafeMutablePointer<UInt8>) {
        var bit = 0
        for index in 0..<count {
            var value = 0
            for _ in 0..<bitWidth {
                let byte = bytes[bit >> 3]
                value = value << 1 | Int((byte >> UInt8(7 - bit & 7)) & 1)
                bit += 1
            }
            levels[index] = UInt8(truncatingIfNeeded: value)
        }
    }
}

/// A chunk's dictionary in the target type, converted once.
enum ConvertedDictionary {
    case bool([Bool])
    case double([Double])
    case int64([Int64])
    /// `invalid[i]` marks entries that are not valid UTF-8 in a STRING column (nil: none).
    case string(StringDictionary, invalid: [Bool]?)

    var count: Int {
        switch self {
        case .bool(let values): values.count
        case .double(let values): values.count
        case .int64(let values): values.count
        case .string(let values, _): values.count
        }
    }
}
