import AssayColumns
import AssayKernels

/// Counts for any column, plus moments and extremes for numeric ones.
public struct ColumnSummaryState: Sendable, Hashable, Codable {
    public let type: ColumnType
    /// Rows seen, null or not.
    public var rowCount = 0
    public var nullCount = 0
    /// Moments of the finite values (numeric columns only).
    public var moments: MomentsState?
    /// Exact extremes of an int64 column (Double loses integers above 2^53).
    public var integerMin: Int64?
    public var integerMax: Int64?

    public init(type: ColumnType) {
        self.type = type
        moments = type.isNumeric ? .empty : nil
    }

    /// Non-null values.
    public var count: Int { rowCount - nullCount }

    public mutating func update(_ column: Column) {
        rowCount += column.count
        nullCount += column.nullCount
        switch column {
        case .float64(let values):
            moments?.merge(MomentsState.of(values))
        case .int64(let values):
            let (batchMoments, low, high) = MomentsState.of(values)
            moments?.merge(batchMoments)
            if let low { integerMin = min(integerMin ?? low, low) }
            if let high { integerMax = max(integerMax ?? high, high) }
        case .bool, .date, .timestamp, .string:
            break
        }
    }

    public mutating func merge(_ other: ColumnSummaryState) {
        precondition(type == other.type, "merging summaries of different column types")
        rowCount += other.rowCount
        nullCount += other.nullCount
        if let otherMoments = other.moments { moments?.merge(otherMoments) }
        if let low = other.integerMin { integerMin = min(integerMin ?? low, low) }
        if let high = other.integerMax { integerMax = max(integerMax ?? high, high) }
    }
}
