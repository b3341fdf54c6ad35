import AssayColumns
import AssayKernels

/// Counts for any column, plus moments and extremes for numeric ones.
public struct ColumnSummaryState: Sendable, Hashable, Codable {
    public let type: ColumnType
    /// Rows seen, null or not.
    public var rowCount = 0
    public var nullCount = 0
    /// Moments of the finite values (numeric columns; bool columns as 0/1).
    public var moments: MomentsState?
    /// Exact extremes of an int64 column (Double loses integers above 2^53).
    public var integerMin: Int64?
    public var integerMax: Int64?
    /// Extremes of a date or timestamp column, in microseconds since the epoch (a date at midnight).
    public var instantMin: Int64?
    public var instantMax: Int64?
    /// Exact sum of an int64 column; nil after an overflow (then `sum` holds it as a double).
    public var integerSum: Int64? = 0
    /// Sum of the finite values, Neumaier-compensated across batches.
    public var sum: Double { sumHigh + sumCompensation }
    var sumHigh = 0.0
    var sumCompensation = 0.0

    public init(type: ColumnType) {
        self.type = type
        // Bool columns get moments of their 0/1 values: their mean is the share of true (pandas).
        moments = type.isNumeric || type == .bool ? .empty : nil
    }

    /// Non-null values.
    public var count: Int { rowCount - nullCount }

    public mutating func update(_ column: Column) {
        rowCount += column.count
        nullCount += column.nullCount
        switch column {
        case .float64(let values):
            let batch = MomentsState.of(values)
            moments?.merge(batch)
            addToSum(batch.mean * Double(batch.count))
        case .int64(let values):
            let (batchMoments, low, high) = MomentsState.of(values)
            moments?.merge(batchMoments)
            if let low { integerMin = min(integerMin ?? low, low) }
            if let high { integerMax = max(integerMax ?? high, high) }
            addToSum(batchMoments.mean * Double(batchMoments.count))
            if var total = integerSum {
                for row in 0..<values.count where !values.validity.hasNulls || values.validity.isValid(row) {
                    let (next, overflow) = total.addingReportingOverflow(values.values[row])
                    guard !overflow else { integerSum = nil; break }
                    total = next
                }
                if integerSum != nil { integerSum = total }
            }
        case .date(let values), .timestamp(let values):
            let scale: Int64 = type == .date ? 86_400_000_000 : 1
            for row in 0..<values.count where !values.validity.hasNulls || values.validity.isValid(row) {
                let instant = values.values[row] * scale
                instantMin = min(instantMin ?? instant, instant)
                instantMax = max(instantMax ?? instant, instant)
            }
        case .bool(let values):
            var ones: [Double] = []
            ones.reserveCapacity(values.count)
            for row in 0..<values.count where !values.validity.hasNulls || values.validity.isValid(row) {
                ones.append(values.values[row] ? 1 : 0)
            }
            let batch = ones.withUnsafeBufferPointer { MomentsState.ofDense($0) }
            moments?.merge(batch)
            addToSum(batch.mean * Double(batch.count))
        case .string:
            break
        }
    }

    public mutating func merge(_ other: ColumnSummaryState) {
        precondition(type == other.type, "merging summaries of different column types")
        // The fresh state is an exact identity (the compensated sum would otherwise re-round).
        guard other.rowCount > 0 else { return }
        guard rowCount > 0 else {
            self = other
            return
        }
        rowCount += other.rowCount
        nullCount += other.nullCount
        if let otherMoments = other.moments { moments?.merge(otherMoments) }
        if let low = other.integerMin { integerMin = min(integerMin ?? low, low) }
        if let high = other.integerMax { integerMax = max(integerMax ?? high, high) }
        if let low = other.instantMin { instantMin = min(instantMin ?? low, low) }
        if let high = other.instantMax { instantMax = max(instantMax ?? high, high) }
        if let mine = integerSum, let theirs = other.integerSum {
            let (total, overflow) = mine.addingReportingOverflow(theirs)
            integerSum = overflow ? nil : total
        } else {
            integerSum = nil
        }
        addToSum(other.sumHigh)
        addToSum(other.sumCompensation)
    }

    /// Neumaier's improvement of Kahan summation.
    private mutating func addToSum(_ value: Double) {
        let total = sumHigh + value
        sumCompensation += abs(sumHigh) >= abs(value) ? (sumHigh - total) + value : (value - total) + sumHigh
        sumHigh = total
    }
}
