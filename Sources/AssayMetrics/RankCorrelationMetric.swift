import AssayColumns

/// Spearman's rank correlation of two numeric columns over the rows where both hold a finite
/// value: Pearson's r of the average ranks (ties share their mean rank), as SciPy's `spearmanr`
/// and pandas' `corr(method="spearman")`. Exact: keeps the pairs (16 bytes per row).
public struct RankCorrelationMetric: UnsharedMetric {
    public var columnsRead: [String]? { [columnA, columnB] }
    public let columnA: String
    public let columnB: String

    public init(columnA: String, columnB: String) {
        self.columnA = columnA
        self.columnB = columnB
    }

    public struct State: MetricState {
        let indexA: Int
        let indexB: Int
        var a: [Double] = []
        var b: [Double] = []

        public mutating func update(_ batch: Batch) {
            let x = batch.columns[indexA]
            let y = batch.columns[indexB]
            for row in 0..<batch.rowCount {
                guard let first = Self.number(x, row), let second = Self.number(y, row) else { continue }
                a.append(first)
                b.append(second)
            }
        }

        static func number(_ column: Column, _ row: Int) -> Double? {
            guard column.validity.isValid(row) else { return nil }
            switch column {
            case .float64(let c): return c.values[row].isFinite ? c.values[row] : nil
            case .int64(let c): return Double(c.values[row])
            default: return nil
            }
        }

        public mutating func merge(_ other: State) {
            a += other.a
            b += other.b
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let x = try schema.column(columnA)
        let y = try schema.column(columnB)
        for (name, type) in [(columnA, x.type), (columnB, y.type)] where !type.isNumeric {
            throw MetricError("column \"\(name)\" is \(type.rawValue), not numeric")
        }
        return State(indexA: x.index, indexB: y.index)
    }

    /// Nil when undefined (fewer than two pairs, or a constant column).
    public func value(of state: State, rows: RowNumbering) -> Double? {
        guard state.a.count >= 2 else { return nil }
        let rankA = Self.averageRanks(state.a)
        let rankB = Self.averageRanks(state.b)
        let n = Double(rankA.count)
        let meanRank = (n + 1) / 2
        var covariance = 0.0
        var varianceA = 0.0
        var varianceB = 0.0
        for index in rankA.indices {
            let da = rankA[index] - meanRank
            let db = rankB[index] - meanRank
            covariance += da * db
            varianceA += da * da
            varianceB += db * db
        }
        guard varianceA > 0, varianceB > 0 else { return nil }
        return max(-1, min(1, covariance / (varianceA * varianceB).squareRoot()))
    }

    /// 1-based ranks; a run of equal values gets the mean of the ranks it spans.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2
            for position in start..<end { ranks[order[position]] = rank }
            start = end
        }
        return ranks
    }
}
