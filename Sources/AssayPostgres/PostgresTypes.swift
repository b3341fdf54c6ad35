import AssayColumns

/// How a column's values arrive in binary form, chosen from the server's type OID.
///
/// Types not listed are selected with a text cast (`"col"::text`) and read as `text`, so a type
/// whose binary form Assay does not know (arrays, bytea, intervals, ranges, composites, enums,
/// extension types such as citext) is never misread.
enum FieldDecoder: Sendable, Hashable {
    case int2, int4, int8, oid
    case float4, float8, numeric
    case bool
    case date
    case timestamp
    case text, jsonb, uuid

    /// Built-in type OIDs (`pg_type.dat`): fixed in every PostgreSQL since 8.x.
    enum OID {
        static let bool: UInt32 = 16
        static let char: UInt32 = 18
        static let name: UInt32 = 19
        static let int8: UInt32 = 20
        static let int2: UInt32 = 21
        static let int4: UInt32 = 23
        static let text: UInt32 = 25
        static let oid: UInt32 = 26
        static let json: UInt32 = 114
        static let float4: UInt32 = 700
        static let float8: UInt32 = 701
        static let bpchar: UInt32 = 1042
        static let varchar: UInt32 = 1043
        static let date: UInt32 = 1082
        static let timestamp: UInt32 = 1114
        static let timestamptz: UInt32 = 1184
        static let numeric: UInt32 = 1700
        static let uuid: UInt32 = 2950
        static let jsonb: UInt32 = 3802
    }

    /// The decoder for a type read in binary, or nil when the column must be cast to text.
    init?(oid: UInt32) {
        switch oid {
        case OID.int2: self = .int2
        case OID.int4: self = .int4
        case OID.int8: self = .int8
        case OID.oid: self = .oid
        case OID.float4: self = .float4
        case OID.float8: self = .float8
        case OID.numeric: self = .numeric
        case OID.bool: self = .bool
        case OID.date: self = .date
        case OID.timestamp, OID.timestamptz: self = .timestamp
        case OID.text, OID.varchar, OID.bpchar, OID.name, OID.json: self = .text
        case OID.jsonb: self = .jsonb
        case OID.uuid: self = .uuid
        default: return nil
        }
    }

    var columnType: ColumnType {
        switch self {
        case .int2, .int4, .int8, .oid: .int64
        case .float4, .float8, .numeric: .float64
        case .bool: .bool
        case .date: .date
        case .timestamp: .timestamp
        case .text, .jsonb, .uuid: .string
        }
    }
}

/// PostgreSQL counts dates and timestamps from 2000-01-01; Assay from 1970-01-01.
enum PostgresEpoch {
    static let dayOffset: Int64 = 10_957
    static let microsecondOffset: Int64 = 946_684_800_000_000
    /// `DATEVAL_NOBEGIN`/`DATEVAL_NOEND`: -infinity and infinity dates.
    static let dateInfinities: Set<Int32> = [Int32.min, Int32.max]
    /// `DT_NOBEGIN`/`DT_NOEND`: -infinity and infinity timestamps.
    static let timestampInfinities: Set<Int64> = [Int64.min, Int64.max]
}
