import AssayColumns

/// What a Parquet footer says about one row group, for the columns Assay reads.
///
/// `rowCount` is exact. Per column, `nullCount` and `distinctCount` are the writer's, when written.
/// `minimum` and `maximum` are given only when they are trustworthy bounds in Assay's terms:
/// - the writer did not mark them inexact (`is_min_value_exact` / `is_max_value_exact` false,
///   e.g. truncated strings), and they are not NaN;
/// - the legacy `min`/`max` fields (written with signed comparison by old writers) are used only
///   for types whose order that cannot get wrong: BOOLEAN, signed INT32/INT64 (plain, date,
///   timestamp, decimal) and FLOAT/DOUBLE; never for unsigned integers or byte arrays;
/// - INT96, INTERVAL and byte arrays shown as text-or-hex have no defined order and get none.
/// Values are in the column's Assay type (`.int64` for int64, date and timestamp columns).
/// They are not wired into metrics; a planner may use them to skip work it can prove unnecessary.
public struct RowGroupStatistics: Sendable, Equatable {
    public var rowCount: Int
    /// By column name (columns of `ParquetReader.schema` only).
    public var columns: [String: ColumnStatistics]

    init(_ group: RowGroup, leaves: [LeafColumn], rowCount: Int) {
        self.rowCount = rowCount
        var columns: [String: ColumnStatistics] = [:]
        for leaf in leaves {
            guard leaf.chunkIndex < group.columns.count, let statistics = group.columns[leaf.chunkIndex].metadata?.statistics else { continue }
            columns[leaf.name] = ColumnStatistics(statistics, leaf: leaf)
        }
        self.columns = columns
    }
}

public struct ColumnStatistics: Sendable, Equatable {
    public var nullCount: Int?
    public var distinctCount: Int?
    public var minimum: StatisticValue?
    public var maximum: StatisticValue?

    init(_ statistics: Statistics, leaf: LeafColumn) {
        nullCount = statistics.nullCount.flatMap { $0 >= 0 ? Int(exactly: $0) : nil }
        distinctCount = statistics.distinctCount.flatMap { $0 >= 0 ? Int(exactly: $0) : nil }
        let hasOrder: Bool
        switch leaf.conversion {
        case .int96Timestamp, .hex, .textOrHex: hasOrder = false
        default: hasOrder = true
        }
        guard hasOrder else { return }
        let legacyIsSafe: Bool
        switch (leaf.physicalType, leaf.conversion) {
        case (.boolean, _), (.float, _), (.double, _): legacyIsSafe = true
        case (.int32, .int32), (.int32, .date), (.int32, .decimal), (.int64, .int64), (.int64, .timestamp), (.int64, .decimal): legacyIsSafe = true
        default: legacyIsSafe = false
        }
        let minimumBytes = statistics.minValue ?? (legacyIsSafe ? statistics.min : nil)
        let maximumBytes = statistics.maxValue ?? (legacyIsSafe ? statistics.max : nil)
        if statistics.isMinValueExact != false || statistics.minValue == nil { minimum = minimumBytes.flatMap { Self.value($0, leaf: leaf) } }
        if statistics.isMaxValueExact != false || statistics.maxValue == nil { maximum = maximumBytes.flatMap { Self.value($0, leaf: leaf) } }
        if case .float64(let low)? = minimum, low.isNaN { minimum = nil }
        if case .float64(let high)? = maximum, high.isNaN { maximum = nil }
    }

    /// One plain-encoded statistics value (byte arrays without their length) in Assay's type.
    static func value(_ bytes: [UInt8], leaf: LeafColumn) -> StatisticValue? {
        let width = ColumnChunkDecoder.byteWidth(leaf.physicalType, leaf.typeLength)
        guard width == 0 || bytes.count == width else { return nil }
        // One spare byte, so even an empty value has a base address.
        let padded = bytes + [0]
        let offsets = [0, bytes.count]
        let builder = ByteBuilder()
        var integer: Int64 = 0
        var double = 0.0
        var end = 0
        var isValidText = true
        do {
            try padded.withUnsafeBufferPointer { padded in
                try offsets.withUnsafeBufferPointer { offsets in
                    // SAFETY: both arrays are non-empty, so their base addresses exist.
                    let base = padded.baseAddress!
                    let source = width == 0 ? ValueSource.variable(base, offsets: offsets.baseAddress!, gap: 0) : ValueSource.fixed(base, width: width)
                    switch leaf.conversion.columnType {
                    case .bool: integer = Int64(base[0] & 1)
                    case .float64: try Convert.toDouble(source, physical: leaf.physicalType, conversion: leaf.conversion, first: 0, count: 1, into: &double)
                    case .int64, .date, .timestamp:
                        try Convert.toInt64(source, physical: leaf.physicalType, conversion: leaf.conversion, first: 0, count: 1, into: &integer)
                    case .string:
                        isValidText = try Convert.toStrings(source, physical: leaf.physicalType, conversion: leaf.conversion,
                                                            first: 0, count: 1, bytes: builder, ends: &end) == nil
                    }
                }
            }
        } catch {
            return nil
        }
        switch leaf.conversion.columnType {
        case .bool: return .bool(integer != 0)
        case .float64: return .float64(double)
        case .int64, .date, .timestamp: return .int64(integer)
        case .string: return isValidText ? .string(String(decoding: builder.array(), as: UTF8.self)) : nil
        }
    }
}

/// A statistics bound in the column's Assay type.
public enum StatisticValue: Sendable, Equatable {
    case bool(Bool)
    case int64(Int64)
    case float64(Double)
    case string(String)
}
