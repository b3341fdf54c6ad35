import AssayColumns
import AssayKernels
import Foundation

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
/// Version 2 adds what a drift baseline needs (a version 1 file still reads; its columns lack them):
/// - per column `distinct_count`, `distinct_count_exact`; `frequent_values` {`values`: [{`value`,
///   `count`}], `complete`, `count_error_bound`} (not for float columns); numeric columns
///   `quantiles` {`values` (1,001 values at p = 0, 0.001, …, 1), `exact`, `sample_size`, `rank_error`}.
/// - `correlations.covariance`: {`columns`, `means`, `matrix` (sample covariance, pairwise), `counts`}.
/// - numeric columns `zero_count`, `negative_count`; text columns `length` {`min`, `max`, `mean`}.
/// - `column_count`, `duplicate_row_count`; `alerts`: [{`type`, `columns`, `message`, `value`, `threshold`}].
public struct Profile: Sendable, Hashable, Decodable {
    public static let schemaVersion = 2

    public var schemaVersion: Int
    public var assayVersion: String
    public var source: String
    public var rowCount: Int
    public var columns: [ColumnProfile]
    public var correlations: Correlations
    /// Version 2: rows equal to an earlier row (every column, by a 128-bit row hash); nil in version 1.
    public var duplicateRowCount: Int?
    /// Version 2: what the profile warns about (`Alerts`).
    public var alerts: [Alert]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case assayVersion = "assay_version"
        case source
        case rowCount = "row_count"
        case columns
        case correlations
        case duplicateRowCount = "duplicate_row_count"
        case alerts
    }

    public init(schemaVersion: Int = Profile.schemaVersion, assayVersion: String, source: String, rowCount: Int,
                columns: [ColumnProfile], correlations: Correlations, duplicateRowCount: Int? = nil, alerts: [Alert] = []) {
        self.schemaVersion = schemaVersion
        self.assayVersion = assayVersion
        self.source = source
        self.rowCount = rowCount
        self.columns = columns
        self.correlations = correlations
        self.duplicateRowCount = duplicateRowCount
        self.alerts = alerts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        assayVersion = try container.decode(String.self, forKey: .assayVersion)
        source = try container.decode(String.self, forKey: .source)
        rowCount = try container.decode(Int.self, forKey: .rowCount)
        columns = try container.decode([ColumnProfile].self, forKey: .columns)
        correlations = try container.decode(Correlations.self, forKey: .correlations)
        duplicateRowCount = try container.decodeIfPresent(Int.self, forKey: .duplicateRowCount)
        alerts = try container.decodeIfPresent([Alert].self, forKey: .alerts) ?? []
    }

    /// The profile as ordered JSON.
    public var json: JSONValue {
        .object([
            ("schema_version", .integer(Int64(schemaVersion))), ("assay_version", .string(assayVersion)),
            ("source", .string(source)), ("row_count", .integer(Int64(rowCount))), ("column_count", .integer(Int64(columns.count))),
            ("columns", .array(columns.map(\.json))), ("correlations", correlations.json),
            ("duplicate_row_count", duplicateRowCount.map { .integer(Int64($0)) } ?? .null),
            ("alerts", .array(alerts.map(\.json))),
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
    /// Version 2: nil when read from a version 1 profile.
    public var distribution: Distribution?
    /// Version 2, date and timestamp columns: the oldest and newest value (ISO 8601) and how old
    /// the newest was when profiled, in days.
    public var instantRange: InstantRange?

    public struct InstantRange: Sendable, Hashable, Decodable {
        public var min: String
        public var max: String
        public var newestAgeDays: Double
        enum CodingKeys: String, CodingKey {
            case min, max
            case newestAgeDays = "newest_age_days"
        }
        public init(min: String, max: String, newestAgeDays: Double) {
            self.min = min
            self.max = max
            self.newestAgeDays = newestAgeDays
        }
    }

    /// The sketches a drift baseline compares with.
    public struct Distribution: Sendable, Hashable {
        public var distinctCount: Int
        public var distinctCountExact: Bool
        /// Highest count first; nil for float columns.
        public var frequentValues: [FrequentValue]?
        public var frequentValuesComplete: Bool
        public var frequentValuesErrorBound: Int
        /// At p = i / (quantiles.count − 1); nil for non-numeric columns or without values.
        public var quantiles: [Double]?
        public var quantilesExact: Bool
        public var sampleSize: Int
        /// Numeric columns: values equal to 0 and below 0.
        public var zeroCount: Int?
        public var negativeCount: Int?
        /// Text columns: value lengths in characters.
        public var lengthMin: Int?
        public var lengthMax: Int?
        public var lengthMean: Double?
        /// HyperLogLog registers (4,096), so distinct counts merge.
        public var hll: [UInt8]?
        /// Numeric columns: counts on round-number edges (`ProfileBuilder.histogram`).
        public var histogram: Histogram?

        public init(distinctCount: Int, distinctCountExact: Bool, frequentValues: [FrequentValue]?, frequentValuesComplete: Bool,
                    frequentValuesErrorBound: Int, quantiles: [Double]?, quantilesExact: Bool, sampleSize: Int,
                    zeroCount: Int? = nil, negativeCount: Int? = nil, lengthMin: Int? = nil, lengthMax: Int? = nil, lengthMean: Double? = nil,
                    hll: [UInt8]? = nil, histogram: Histogram? = nil) {
            self.hll = hll
            self.histogram = histogram
            self.zeroCount = zeroCount
            self.negativeCount = negativeCount
            self.lengthMin = lengthMin
            self.lengthMax = lengthMax
            self.lengthMean = lengthMean
            self.distinctCount = distinctCount
            self.distinctCountExact = distinctCountExact
            self.frequentValues = frequentValues
            self.frequentValuesComplete = frequentValuesComplete
            self.frequentValuesErrorBound = frequentValuesErrorBound
            self.quantiles = quantiles
            self.quantilesExact = quantilesExact
            self.sampleSize = sampleSize
        }

        /// DKW bound (95%) on the rank error of quantiles from a sample of this size; 0 when exact.
        public var rankError: Double {
            quantilesExact || sampleSize == 0 ? 0 : (log(2 / 0.05) / (2 * Double(sampleSize))).squareRoot()
        }
    }

    /// Counts in [edges[i], edges[i+1]); exact when the column was sampled whole.
    public struct Histogram: Sendable, Hashable, Decodable {
        public var edges: [Double]
        public var counts: [Int]
        public var exact: Bool
        public init(edges: [Double], counts: [Int], exact: Bool) {
            self.edges = edges
            self.counts = counts
            self.exact = exact
        }
        var json: JSONValue {
            .object([("edges", .array(edges.map { .double($0) })), ("counts", .array(counts.map { .integer(Int64($0)) })), ("exact", .bool(exact))])
        }
    }

    public struct FrequentValue: Sendable, Hashable, Decodable {
        public var value: JSONValue
        public var count: Int

        public init(value: JSONValue, count: Int) {
            self.value = value
            self.count = count
        }

        enum CodingKeys: String, CodingKey { case value, count }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            count = try container.decode(Int.self, forKey: .count)
            // Most likely first: a failed try throws, which costs more than the decoding (4,096 values a column).
            if (try? container.decodeNil(forKey: .value)) == true {
                value = .null
            } else if let text = try? container.decode(String.self, forKey: .value) {
                value = .string(text)
            } else if let integer = try? container.decode(Int64.self, forKey: .value) {
                value = .integer(integer)
            } else if let flag = try? container.decode(Bool.self, forKey: .value) {
                value = .bool(flag)
            } else {
                value = .double(try container.decode(Double.self, forKey: .value))
            }
        }
    }

    public struct NumericStatistics: Sendable, Hashable {
        public var min: ProfileNumber?
        public var max: ProfileNumber?
        public var mean: Double?
        public var stddev: Double?
        public var skewness: Double?
        public var kurtosis: Double?
        public var nanCount: Int
        public var infiniteCount: Int
        /// Version 2: the central moment sums the statistics came from, so profiles merge exactly.
        public var moments: MomentsState?

        public init(min: ProfileNumber?, max: ProfileNumber?, mean: Double?, stddev: Double?, skewness: Double?,
                    kurtosis: Double?, nanCount: Int, infiniteCount: Int, moments: MomentsState? = nil) {
            self.moments = moments
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
        case distinctCount = "distinct_count"
        case distinctCountExact = "distinct_count_exact"
        case frequentValues = "frequent_values"
        case quantiles
        case zeroCount = "zero_count"
        case negativeCount = "negative_count"
        case length
        case moments
        case hll
        case range
        case histogram
    }

    /// A column's moment sums as the profile writes them.
    struct MomentsJSON: Decodable {
        var count: Int
        var mean: Double
        var m2: Double
        var m3: Double
        var m4: Double
        var min: Double?
        var max: Double?
        var nanCount: Int
        var positiveInfinityCount: Int
        var negativeInfinityCount: Int
        enum CodingKeys: String, CodingKey {
            case count, mean, m2, m3, m4, min, max
            case nanCount = "nan_count"
            case positiveInfinityCount = "positive_infinity_count"
            case negativeInfinityCount = "negative_infinity_count"
        }
        var state: MomentsState {
            MomentsState(count: count, mean: mean, m2: m2, m3: m3, m4: m4, min: min ?? .infinity, max: max ?? -.infinity,
                         nanCount: nanCount, positiveInfinityCount: positiveInfinityCount, negativeInfinityCount: negativeInfinityCount)
        }
    }

    struct LengthJSON: Decodable {
        var min: Int?
        var max: Int?
        var mean: Double?
    }

    struct FrequentValuesJSON: Decodable {
        var values: [FrequentValue]
        var complete: Bool
        var countErrorBound: Int
        enum CodingKeys: String, CodingKey {
            case values, complete
            case countErrorBound = "count_error_bound"
        }
    }

    struct QuantilesJSON: Decodable {
        var values: [Double]
        var exact: Bool
        var sampleSize: Int
        enum CodingKeys: String, CodingKey {
            case values, exact
            case sampleSize = "sample_size"
        }
    }

    public init(name: String, type: ColumnType, count: Int, nullCount: Int, numeric: NumericStatistics?,
                distribution: Distribution? = nil) {
        self.name = name
        self.type = type
        self.count = count
        self.nullCount = nullCount
        self.numeric = numeric
        self.distribution = distribution
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
                infiniteCount: try container.decodeIfPresent(Int.self, forKey: .infiniteCount) ?? 0,
                moments: try container.decodeIfPresent(MomentsJSON.self, forKey: .moments)?.state)
        }
        instantRange = try container.decodeIfPresent(InstantRange.self, forKey: .range)
        if let distinct = try container.decodeIfPresent(Int.self, forKey: .distinctCount) {
            let frequent = try container.decodeIfPresent(FrequentValuesJSON.self, forKey: .frequentValues)
            let quantiles = try container.decodeIfPresent(QuantilesJSON.self, forKey: .quantiles)
            distribution = Distribution(
                distinctCount: distinct, distinctCountExact: try container.decodeIfPresent(Bool.self, forKey: .distinctCountExact) ?? false,
                frequentValues: frequent?.values, frequentValuesComplete: frequent?.complete ?? false,
                frequentValuesErrorBound: frequent?.countErrorBound ?? 0, quantiles: quantiles?.values,
                quantilesExact: quantiles?.exact ?? false, sampleSize: quantiles?.sampleSize ?? 0)
            let length = try container.decodeIfPresent(LengthJSON.self, forKey: .length)
            distribution?.zeroCount = try container.decodeIfPresent(Int.self, forKey: .zeroCount)
            distribution?.negativeCount = try container.decodeIfPresent(Int.self, forKey: .negativeCount)
            distribution?.lengthMin = length?.min
            distribution?.lengthMax = length?.max
            distribution?.lengthMean = length?.mean
            distribution?.histogram = try container.decodeIfPresent(Histogram.self, forKey: .histogram)
            if let encoded = try container.decodeIfPresent(String.self, forKey: .hll), let data = Data(base64Encoded: encoded) {
                distribution?.hll = [UInt8](data)
            }
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
            if let moments = numeric.moments {
                members.append(("moments", .object([
                    ("count", .integer(Int64(moments.count))), ("mean", .double(moments.mean)), ("m2", .double(moments.m2)),
                    ("m3", .double(moments.m3)), ("m4", .double(moments.m4)), ("min", .number(moments.min)), ("max", .number(moments.max)),
                    ("nan_count", .integer(Int64(moments.nanCount))),
                    ("positive_infinity_count", .integer(Int64(moments.positiveInfinityCount))),
                    ("negative_infinity_count", .integer(Int64(moments.negativeInfinityCount))),
                ])))
            }
        }
        if let instantRange {
            members.append(("range", .object([("min", .string(instantRange.min)), ("max", .string(instantRange.max)),
                                              ("newest_age_days", .double(instantRange.newestAgeDays))])))
        }
        if let distribution {
            members += [("distinct_count", .integer(Int64(distribution.distinctCount))),
                        ("distinct_count_exact", .bool(distribution.distinctCountExact))]
            if let zeros = distribution.zeroCount, let negatives = distribution.negativeCount {
                members += [("zero_count", .integer(Int64(zeros))), ("negative_count", .integer(Int64(negatives)))]
            }
            if distribution.lengthMin != nil || type == .string {
                members.append(("length", .object([
                    ("min", distribution.lengthMin.map { .integer(Int64($0)) } ?? .null),
                    ("max", distribution.lengthMax.map { .integer(Int64($0)) } ?? .null),
                    ("mean", .number(distribution.lengthMean)),
                ])))
            }
            if let values = distribution.frequentValues {
                members.append(("frequent_values", .object([
                    ("values", .array(values.map { .object([("value", $0.value), ("count", .integer(Int64($0.count)))]) })),
                    ("complete", .bool(distribution.frequentValuesComplete)),
                    ("count_error_bound", .integer(Int64(distribution.frequentValuesErrorBound))),
                ])))
            }
            if let histogram = distribution.histogram { members.append(("histogram", histogram.json)) }
            if let hll = distribution.hll { members.append(("hll", .string(Data(hll).base64EncodedString()))) }
            if let quantiles = distribution.quantiles {
                members.append(("quantiles", .object([
                    ("values", .array(quantiles.map { .double($0) })), ("exact", .bool(distribution.quantilesExact)),
                    ("sample_size", .integer(Int64(distribution.sampleSize))), ("rank_error", .double(distribution.rankError)),
                ])))
            }
        }
        return .object(members)
    }
}

public struct Correlations: Sendable, Hashable, Decodable {
    /// Nil when there are more numeric columns than `TableSummaryState.correlationColumnCountMax`.
    public var pearson: CorrelationMatrix?
    /// Version 2; nil in version 1 profiles and where `pearson` is nil.
    public var covariance: CovarianceMatrix?
    /// Version 2: the pairwise co-moment sums (columns as `covariance`), so profiles merge
    /// exactly; kept up to `comomentColumnCountMax` numeric columns.
    public var comoments: CoMomentState?
    public static let comomentColumnCountMax = 100
    /// Version 2: Spearman's ρ of the numeric columns (up to 50), from their row-keyed samples:
    /// exact when every column was sampled whole (`spearmanExact`), else an estimate.
    public var spearman: CorrelationMatrix?
    public var spearmanExact = false
    /// Version 2: Cramér's V of the text and boolean columns with 2–50 known categories (up to 50
    /// columns), from their row-keyed samples: exact when sampled whole (`cramers_v_exact`).
    public var cramersV: CorrelationMatrix?
    public var cramersVExact = false

    enum CodingKeys: String, CodingKey {
        case pearson, covariance, comoments, spearman
        case spearmanExact = "spearman_exact"
        case cramersV = "cramers_v"
        case cramersVExact = "cramers_v_exact"
    }

    public init(pearson: CorrelationMatrix?, covariance: CovarianceMatrix? = nil, comoments: CoMomentState? = nil) {
        self.pearson = pearson
        self.covariance = covariance
        self.comoments = comoments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pearson = try container.decodeIfPresent(CorrelationMatrix.self, forKey: .pearson)
        covariance = try container.decodeIfPresent(CovarianceMatrix.self, forKey: .covariance)
        spearman = try container.decodeIfPresent(CorrelationMatrix.self, forKey: .spearman)
        spearmanExact = try container.decodeIfPresent(Bool.self, forKey: .spearmanExact) ?? false
        cramersV = try container.decodeIfPresent(CorrelationMatrix.self, forKey: .cramersV)
        cramersVExact = try container.decodeIfPresent(Bool.self, forKey: .cramersVExact) ?? false
        if let sums = try container.decodeIfPresent(CoMomentsJSON.self, forKey: .comoments) {
            var state = CoMomentState(dimension: sums.dimension)
            guard [sums.count, sums.mean, sums.m2, sums.comoment].allSatisfy({ $0.count == sums.dimension * sums.dimension }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.comoments], debugDescription: "co-moment arrays must hold k × k values"))
            }
            state.count = sums.count
            state.mean = sums.mean
            state.m2 = sums.m2
            state.comoment = sums.comoment
            comoments = state
        }
    }

    struct CoMomentsJSON: Decodable {
        var dimension: Int
        var count: [Double]
        var mean: [Double]
        var m2: [Double]
        var comoment: [Double]
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("pearson", pearson?.json ?? .null)]
        if let spearman { members += [("spearman", spearman.json), ("spearman_exact", .bool(spearmanExact))] }
        if let cramersV { members += [("cramers_v", cramersV.json), ("cramers_v_exact", .bool(cramersVExact))] }
        if let covariance { members.append(("covariance", covariance.json)) }
        if let comoments {
            members.append(("comoments", .object([
                ("dimension", .integer(Int64(comoments.dimension))),
                ("count", .array(comoments.count.map { .double($0) })), ("mean", .array(comoments.mean.map { .double($0) })),
                ("m2", .array(comoments.m2.map { .double($0) })), ("comoment", .array(comoments.comoment.map { .double($0) })),
            ])))
        }
        return .object(members)
    }
}

/// Means and sample covariances (n − 1) of the numeric columns, pairwise-complete as `pearson`:
/// what a multivariate baseline (Hotelling's T², Box's M) needs.
public struct CovarianceMatrix: Sendable, Hashable, Decodable {
    public var columns: [String]
    public var means: [Double?]
    /// Row i, column j; nil where fewer than 2 rows have both.
    public var matrix: [[Double?]]
    /// Rows where both i and j are present.
    public var counts: [[Int]]

    public init(columns: [String], means: [Double?], matrix: [[Double?]], counts: [[Int]]) {
        self.columns = columns
        self.means = means
        self.matrix = matrix
        self.counts = counts
    }

    var json: JSONValue {
        .object([
            ("columns", .array(columns.map { .string($0) })),
            ("means", .array(means.map { JSONValue.number($0) })),
            ("matrix", .array(matrix.map { row in .array(row.map { JSONValue.number($0) }) })),
            ("counts", .array(counts.map { row in .array(row.map { .integer(Int64($0)) }) })),
        ])
    }
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
