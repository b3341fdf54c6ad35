import AssayColumns

/// The profile of a dataset, as `assay profile --json` writes it.
///
/// This JSON is the start of the profile format that later commands (compare, suggest, history)
/// read; its names are an interface. Version 1 fields:
/// - `schema_version`, `assay_version`, `source`, `row_count`
/// - `columns`: in file order, each `name`, `type`, `count` (non-null values), `null_count`;
///   numeric columns add `min`, `max`, `mean`, `stddev` (sample, n − 1), `skewness` (adjusted
///   Fisher–Pearson G1), `kurtosis` (bias-corrected excess G2), `nan_count`, `infinite_count`
///   — moments are over finite values; undefined statistics are `null`.
/// - `correlations.pearson`: `{ "columns": [...], "matrix": [[...]] }`, pairwise-complete,
///   `null` where undefined (a constant column, fewer than 2 shared rows).
public struct Profile: Sendable, Hashable, Decodable {
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var assayVersion: String
    public var source: String
    public var rowCount: Int
    public var columns: [ColumnProfile]
    public var correlations: Correlations

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case assayVersion = "assay_version"
        case source
        case rowCount = "row_count"
        case columns
        case correlations
    }

    public init(schemaVersion: Int = Profile.schemaVersion, assayVersion: String, source: String, rowCount: Int,
                columns: [ColumnProfile], correlations: Correlations) {
        self.schemaVersion = schemaVersion
        self.assayVersion = assayVersion
        self.source = source
        self.rowCount = rowCount
        self.columns = columns
        self.correlations = correlations
    }

    /// The profile as ordered JSON.
    public var json: JSONValue {
        .object([
            ("schema_version", .integer(Int64(schemaVersion))), ("assay_version", .string(assayVersion)),
            ("source", .string(source)), ("row_count", .integer(Int64(rowCount))),
            ("columns", .array(columns.map(\.json))), ("correlations", correlations.json),
        ])
    }
}

/// An integer or a double, written as JSON writes it (int64 extremes stay exact).
public enum ProfileNumber: Sendable, Hashable, Decodable {
    case integer(Int64)
    case double(Double)

    public var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else {
            self = .double(try container.decode(Double.self))
        }
    }

    var json: JSONValue {
        switch self {
        case .integer(let value): .integer(value)
        case .double(let value): .double(value)
        }
    }
}

public struct ColumnProfile: Sendable, Hashable, Decodable {
    public var name: String
    public var type: ColumnType
    public var count: Int
    public var nullCount: Int
    public var numeric: NumericStatistics?

    public struct NumericStatistics: Sendable, Hashable {
        public var min: ProfileNumber?
        public var max: ProfileNumber?
        public var mean: Double?
        public var stddev: Double?
        public var skewness: Double?
        public var kurtosis: Double?
        public var nanCount: Int
        public var infiniteCount: Int

        public init(min: ProfileNumber?, max: ProfileNumber?, mean: Double?, stddev: Double?, skewness: Double?,
                    kurtosis: Double?, nanCount: Int, infiniteCount: Int) {
            self.min = min
            self.max = max
            self.mean = mean
            self.stddev = stddev
            self.skewness = skewness
            self.kurtosis = kurtosis
            self.nanCount = nanCount
            self.infiniteCount = infiniteCount
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, type, count
        case nullCount = "null_count"
        case min, max, mean, stddev, skewness, kurtosis
        case nanCount = "nan_count"
        case infiniteCount = "infinite_count"
    }

    public init(name: String, type: ColumnType, count: Int, nullCount: Int, numeric: NumericStatistics?) {
        self.name = name
        self.type = type
        self.count = count
        self.nullCount = nullCount
        self.numeric = numeric
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(ColumnType.self, forKey: .type)
        count = try container.decode(Int.self, forKey: .count)
        nullCount = try container.decode(Int.self, forKey: .nullCount)
        if type.isNumeric {
            numeric = NumericStatistics(
                min: try container.decodeIfPresent(ProfileNumber.self, forKey: .min),
                max: try container.decodeIfPresent(ProfileNumber.self, forKey: .max),
                mean: try container.decodeIfPresent(Double.self, forKey: .mean),
                stddev: try container.decodeIfPresent(Double.self, forKey: .stddev),
                skewness: try container.decodeIfPresent(Double.self, forKey: .skewness),
                kurtosis: try container.decodeIfPresent(Double.self, forKey: .kurtosis),
                nanCount: try container.decodeIfPresent(Int.self, forKey: .nanCount) ?? 0,
                infiniteCount: try container.decodeIfPresent(Int.self, forKey: .infiniteCount) ?? 0)
        }
    }

    /// Numeric statistics are always written, as `null` when undefined, so readers find stable keys.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)), ("type", .string(type.rawValue)), ("count", .integer(Int64(count))),
            ("null_count", .integer(Int64(nullCount))),
        ]
        if let numeric {
            members += [
                ("min", numeric.min?.json ?? .null), ("max", numeric.max?.json ?? .null), ("mean", .number(numeric.mean)),
                ("stddev", .number(numeric.stddev)), ("skewness", .number(numeric.skewness)),
                ("kurtosis", .number(numeric.kurtosis)), ("nan_count", .integer(Int64(numeric.nanCount))),
                ("infinite_count", .integer(Int64(numeric.infiniteCount))),
            ]
        }
        return .object(members)
    }
}

public struct Correlations: Sendable, Hashable, Decodable {
    /// Nil when there are more numeric columns than `TableSummaryState.correlationColumnCountMax`.
    public var pearson: CorrelationMatrix?

    public init(pearson: CorrelationMatrix?) { self.pearson = pearson }

    var json: JSONValue { .object([("pearson", pearson?.json ?? .null)]) }
}

public struct CorrelationMatrix: Sendable, Hashable, Decodable {
    public var columns: [String]
    /// Row i, column j: r between columns i and j; nil where undefined.
    public var matrix: [[Double?]]

    public init(columns: [String], matrix: [[Double?]]) {
        self.columns = columns
        self.matrix = matrix
    }

    var json: JSONValue {
        .object([
            ("columns", .array(columns.map { .string($0) })),
            ("matrix", .array(matrix.map { row in .array(row.map { JSONValue.number($0) }) })),
        ])
    }
}
