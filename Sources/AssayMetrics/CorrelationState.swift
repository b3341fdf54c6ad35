import AssayColumns
import AssayKernels

/// The co-moment matrix of the numeric columns of a batch stream.
///
/// Each batch's numeric columns are gathered into one rows × k column-major block (NaN and
/// ±infinity count as missing, as in pandas) and handed to `CoMomentState`.
public struct CorrelationState: Sendable, Hashable, Codable {
    /// Indices, in the schema, of the columns in the matrix.
    public let columnIndices: [Int]
    public var comoments: CoMomentState

    public init(columnIndices: [Int]) {
        self.columnIndices = columnIndices
        comoments = CoMomentState(dimension: columnIndices.count)
    }

    public mutating func update(_ batch: Batch) {
        let k = columnIndices.count
        let rows = batch.rowCount
        guard k > 0, rows > 0 else { return }
        var values = [Double](repeating: 0, count: rows * k)
        var present = [Double](repeating: 1, count: rows * k)
        var anyMissing = false
        for (slot, columnIndex) in columnIndices.enumerated() {
            let offset = slot * rows
            switch batch.columns[columnIndex] {
            case .float64(let column):
                for row in 0..<rows {
                    let value = column.values[row]
                    values[offset + row] = value
                    if !value.isFinite || (column.validity.hasNulls && !column.validity.isValid(row)) {
                        present[offset + row] = 0
                        anyMissing = true
                    }
                }
            case .int64(let column):
                for row in 0..<rows { values[offset + row] = Double(column.values[row]) }
                if column.validity.hasNulls {
                    for row in 0..<rows where !column.validity.isValid(row) {
                        present[offset + row] = 0
                        anyMissing = true
                    }
                }
            default:
                preconditionFailure("correlation columns are numeric")
            }
        }
        values.withUnsafeBufferPointer { values in
            if anyMissing {
                present.withUnsafeBufferPointer { comoments.update(values: values, present: $0, rows: rows) }
            } else {
                comoments.update(values: values, present: nil, rows: rows)
            }
        }
    }

    public mutating func merge(_ other: CorrelationState) {
        precondition(columnIndices == other.columnIndices, "correlation states over different columns")
        comoments.merge(other.comoments)
    }
}
