import AssayColumns

/// Counts of the non-missing values of a numeric column in fixed bins, with numpy's
/// `histogram` edges: bin i is [edges[i], edges[i+1]), the last bin is closed on the right.
/// Values below the first edge or above the last are counted apart. Edges may be ±infinity.
/// Memory: one counter per bin, whatever the number of rows. Equally spaced edges are found by
/// arithmetic (then checked against the edges), others by binary search.
public struct HistogramMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    /// Increasing; at least two.
    public let edges: [Double]

    public init(column: String, edges: [Double]) {
        precondition(edges.count >= 2, "a histogram has at least one bin")
        self.column = column
        self.edges = edges
    }

    public struct Value: Sendable, Hashable {
        public var counts: [Int]
        public var below: Int
        public var above: Int
        public var nonMissingCount: Int

        public init(counts: [Int], below: Int, above: Int, nonMissingCount: Int) {
            self.counts = counts
            self.below = below
            self.above = above
            self.nonMissingCount = nonMissingCount
        }
    }

    public struct State: MetricState {
        let index: Int
        let edges: [Double]
        var value: Value
        /// Bins per unit when the edges are equally spaced (a report's histograms): the bin is
        /// guessed by arithmetic and corrected against the edges, so the result is the search's.
        var uniformScale: Double?

        public mutating func update(_ batch: Batch) {
            switch batch.columns[index] {
            case .float64(let c):
                for row in 0..<c.count where c.validity.isValid(row) && !c.values[row].isNaN { add(c.values[row]) }
            case .int64(let c):
                for row in 0..<c.count where c.validity.isValid(row) { add(Double(c.values[row])) }
            default:
                break
            }
        }

        private mutating func add(_ x: Double) {
            value.nonMissingCount += 1
            guard let last = edges.last, x >= edges[0] else { value.below += 1; return }
            guard x <= last else { value.above += 1; return }
            if let scale = uniformScale {
                var bin = min(max(Int((x - edges[0]) * scale), 0), edges.count - 2)
                while bin > 0, edges[bin] > x { bin -= 1 }
                while bin < edges.count - 2, edges[bin + 1] <= x { bin += 1 }
                value.counts[bin] += 1
                return
            }
            // The first edge above x closes x's bin; x equal to the last edge falls in the last bin.
            var low = 0
            var high = edges.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[middle] <= x { low = middle } else { high = middle }
            }
            value.counts[low] += 1
        }

        public mutating func merge(_ other: State) {
            for bin in value.counts.indices { value.counts[bin] += other.value.counts[bin] }
            value.below += other.value.below
            value.above += other.value.above
            value.nonMissingCount += other.value.nonMissingCount
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard type.isNumeric else { throw MetricError("column \"\(column)\" is \(type.rawValue), not numeric: a histogram needs numbers") }
        let width = (edges[edges.count - 1] - edges[0]) / Double(edges.count - 1)
        let uniform = width > 0 && width.isFinite
            && edges.indices.allSatisfy { abs(edges[$0] - (edges[0] + Double($0) * width)) <= 1e-9 * max(1, abs(edges[$0])) }
        return State(index: index, edges: edges,
                     value: Value(counts: [Int](repeating: 0, count: edges.count - 1), below: 0, above: 0, nonMissingCount: 0),
                     uniformScale: uniform ? 1 / width : nil)
    }

    public func value(of state: State, rows: RowNumbering) -> Value { state.value }
}
