/// The parts of Parquet's Thrift metadata (parquet-format `parquet.thrift`) that Assay reads.
/// Fields are kept raw (Thrift enums as integers) and checked where they are used; fields Assay
/// does not use are skipped.

/// `Type`: the physical type of a leaf column.
enum PhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// `Encoding`.
enum Encoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// `CompressionCodec`.
enum Codec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

/// `TimeUnit`.
enum TimeUnit: Sendable, Equatable { case millis, micros, nanos }

/// `LogicalType` (the union), with the parameters Assay uses.
enum LogicalType: Sendable, Equatable {
    case string, map, list, enumeration, decimal(scale: Int32, precision: Int32), date
    case time(TimeUnit), timestamp(TimeUnit), integer(bitWidth: Int8, isSigned: Bool), unknown
    case json, bson, uuid, float16
    /// A type this reader does not know (newer format versions): the physical type decides.
    case other(Int16)
}

/// `SchemaElement`.
struct SchemaElement: Sendable {
    var type: Int32?
    var typeLength: Int32?
    var repetition: Int32?
    var name = ""
    var childCount: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var logicalType: LogicalType?

    init(_ d: inout CompactDecoder) throws {
        var element = SchemaElement()
        try d.readStruct { d, id, type in
            switch id {
            case 1: element.type = try d.readI32()
            case 2: element.typeLength = try d.readI32()
            case 3: element.repetition = try d.readI32()
            case 4: element.name = try d.readString()
            case 5: element.childCount = try d.readI32()
            case 6: element.convertedType = try d.readI32()
            case 7: element.scale = try d.readI32()
            case 8: element.precision = try d.readI32()
            case 10:
                try d.expect(type, .structure)
                element.logicalType = try Self.readLogicalType(&d)
            default: try d.skip(type)
            }
        }
        self = element
    }

    private init() {}

    private static func readLogicalType(_ d: inout CompactDecoder) throws -> LogicalType? {
        var result: LogicalType?
        try d.readStruct { d, id, type in
            guard type == CompactDecoder.FieldType.structure.rawValue else { return try d.skip(type) }
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 5:
                var scale: Int32 = 0
                var precision: Int32 = 0
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: scale = try d.readI32()
                    case 2: precision = try d.readI32()
                    default: try d.skip(type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
                return
            case 6: result = .date
            case 7, 8:
                var unit: TimeUnit?
                try d.readStruct { d, field, type in
                    if field == 2, type == CompactDecoder.FieldType.structure.rawValue {
                        try d.readStruct { d, which, type in
                            switch which {
                            case 1: unit = .millis
                            case 2: unit = .micros
                            case 3: unit = .nanos
                            default: break
                            }
                            try d.skip(type)
                        }
                    } else {
                        try d.skip(type)
                    }
                }
                if let unit { result = id == 7 ? .time(unit) : .timestamp(unit) } else { result = .other(id) }
                return
            case 10:
                var bitWidth: Int8 = 64
                var isSigned = true
                try d.readStruct { d, id, type in
                    switch id {
                    case 1:
                        guard let width = Int8(exactly: try d.readI64()) else { throw ThriftError("an integer bit width is out of range") }
                        bitWidth = width
                    case 2: isSigned = try d.bool(type)
                    default: try d.skip(type)
                    }
                }
                result = .integer(bitWidth: bitWidth, isSigned: isSigned)
                return
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: result = .other(id)
            }
            try d.skip(type)
        }
        return result
    }
}

/// `Statistics`, raw.
struct Statistics: Sendable, Equatable {
    var max: [UInt8]?
    var min: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
    var isMaxValueExact: Bool?
    var isMinValueExact: Bool?

    init(_ d: inout CompactDecoder) throws {
        var statistics = Statistics()
        try d.readStruct { d, id, type in
            switch id {
            case 1: statistics.max = try d.readBinary()
            case 2: statistics.min = try d.readBinary()
            case 3: statistics.nullCount = try d.readI64()
            case 4: statistics.distinctCount = try d.readI64()
            case 5: statistics.maxValue = try d.readBinary()
            case 6: statistics.minValue = try d.readBinary()
            case 7: statistics.isMaxValueExact = try d.bool(type)
            case 8: statistics.isMinValueExact = try d.bool(type)
            default: try d.skip(type)
            }
        }
        self = statistics
    }

    init() {}
}

/// `ColumnMetaData`.
struct ColumnMetadata: Sendable {
    var type: Int32 = -1
    var encodings: [Int32] = []
    var path: [String] = []
    var codec: Int32 = 0
    var valueCount: Int64 = -1
    var totalUncompressedSize: Int64 = -1
    var totalCompressedSize: Int64 = -1
    var dataPageOffset: Int64 = -1
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?

    init(_ d: inout CompactDecoder) throws {
        var metadata = ColumnMetadata()
        try d.readStruct { d, id, type in
            switch id {
            case 1: metadata.type = try d.readI32()
            case 2: metadata.encodings = try d.readI32List()
            case 3: metadata.path = try d.readList { d, _ in try d.readString() }
            case 4: metadata.codec = try d.readI32()
            case 5: metadata.valueCount = try d.readI64()
            case 6: metadata.totalUncompressedSize = try d.readI64()
            case 7: metadata.totalCompressedSize = try d.readI64()
            case 9: metadata.dataPageOffset = try d.readI64()
            case 11: metadata.dictionaryPageOffset = try d.readI64()
            case 12:
                try d.expect(type, .structure)
                metadata.statistics = try Statistics(&d)
            default: try d.skip(type)
            }
        }
        self = metadata
    }

    private init() {}
}

/// `ColumnChunk`.
struct ColumnChunk: Sendable {
    var filePath: String?
    var metadata: ColumnMetadata?
    var isEncrypted = false

    init(_ d: inout CompactDecoder) throws {
        var chunk = ColumnChunk()
        try d.readStruct { d, id, type in
            switch id {
            case 1: chunk.filePath = try d.readString()
            case 3:
                try d.expect(type, .structure)
                chunk.metadata = try ColumnMetadata(&d)
            case 8, 9:
                chunk.isEncrypted = true
                try d.skip(type)
            default: try d.skip(type)
            }
        }
        self = chunk
    }

    private init() {}
}

/// `RowGroup`.
struct RowGroup: Sendable {
    var columns: [ColumnChunk] = []
    var rowCount: Int64 = -1

    init(_ d: inout CompactDecoder) throws {
        var group = RowGroup()
        try d.readStruct { d, id, type in
            switch id {
            case 1: group.columns = try d.readList { d, type in
                    try d.expect(type, .structure)
                    return try ColumnChunk(&d)
                }
            case 3: group.rowCount = try d.readI64()
            default: try d.skip(type)
            }
        }
        self = group
    }

    private init() {}
}

/// `FileMetaData`.
struct FileMetadata: Sendable {
    var version: Int32 = 0
    var schema: [SchemaElement] = []
    var rowCount: Int64 = -1
    var rowGroups: [RowGroup] = []
    var createdBy: String?
    var hasEncryptionAlgorithm = false

    init(_ d: inout CompactDecoder) throws {
        var metadata = FileMetadata()
        try d.readStruct { d, id, type in
            switch id {
            case 1: metadata.version = try d.readI32()
            case 2: metadata.schema = try d.readList { d, type in
                    try d.expect(type, .structure)
                    return try SchemaElement(&d)
                }
            case 3: metadata.rowCount = try d.readI64()
            case 4: metadata.rowGroups = try d.readList { d, type in
                    try d.expect(type, .structure)
                    return try RowGroup(&d)
                }
            case 6: metadata.createdBy = try d.readString()
            case 8:
                metadata.hasEncryptionAlgorithm = true
                try d.skip(type)
            default: try d.skip(type)
            }
        }
        self = metadata
    }

    private init() {}
}

/// `PageType`.
enum PageType: Int32 { case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3 }

/// `PageHeader` with its data, dictionary and v2 headers flattened.
struct PageHeader: Sendable {
    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    /// num_values of the data or dictionary page header.
    var valueCount: Int32 = -1
    var encoding: Int32 = -1
    var definitionLevelEncoding: Int32 = Encoding.rle.rawValue
    var repetitionLevelEncoding: Int32 = Encoding.rle.rawValue
    // v2 only.
    var nullCount: Int32 = 0
    var rowCount: Int32 = -1
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true
    var hasTypeHeader = false
    /// CRC-32 of the page's bytes after the header, when the writer gave one.
    var crc: UInt32?

    init(_ d: inout CompactDecoder) throws {
        var header = PageHeader()
        try d.readStruct { d, id, type in
            switch id {
            case 1: header.type = try d.readI32()
            case 2: header.uncompressedSize = try d.readI32()
            case 3: header.compressedSize = try d.readI32()
            case 4: header.crc = UInt32(bitPattern: try d.readI32())
            case 5:
                try d.expect(type, .structure)
                header.hasTypeHeader = true
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: header.valueCount = try d.readI32()
                    case 2: header.encoding = try d.readI32()
                    case 3: header.definitionLevelEncoding = try d.readI32()
                    case 4: header.repetitionLevelEncoding = try d.readI32()
                    default: try d.skip(type)
                    }
                }
            case 7:
                try d.expect(type, .structure)
                header.hasTypeHeader = true
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: header.valueCount = try d.readI32()
                    case 2: header.encoding = try d.readI32()
                    default: try d.skip(type)
                    }
                }
            case 8:
                try d.expect(type, .structure)
                header.hasTypeHeader = true
                try d.readStruct { d, id, type in
                    switch id {
                    case 1: header.valueCount = try d.readI32()
                    case 2: header.nullCount = try d.readI32()
                    case 3: header.rowCount = try d.readI32()
                    case 4: header.encoding = try d.readI32()
                    case 5: header.definitionLevelsByteLength = try d.readI32()
                    case 6: header.repetitionLevelsByteLength = try d.readI32()
                    case 7: header.isCompressed = try d.bool(type)
                    default: try d.skip(type)
                    }
                }
            default: try d.skip(type)
            }
        }
        self = header
    }

    private init() {}
}
