import AssayColumns

/// Counts of the non-missing values of a numeric column in fixed bins, with numpy's
/// `histogram` edges: bin i is [edges[i], edges[i+1]), the last bin is closed on the right.
/// Values below the first edge or above the last are counted apart. Edges may be ±infinity.
/// Memory: one counter per bin, whatever the number of rows. Bins are found through a guide table
/// (arithmetic, then checked against the edges) when the edges are finite, else by binary search.
public struct HistogramMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    /// Increasing; at least two.
    public let edges: [Double]
    /// Also counts date and timestamp columns, as days and microseconds since 1970 (drift checks).
    public let instants: Bool

    public init(column: String, edges: [Double], instants: Bool = false) {
        precondition(edges.count >= 2, "a histogram has at least one bin")
        self.column = column
        self.edges = edges
        self.instants = instants
    }

    public struct Value: Sendable, Hashable {
        public var counts: [Int]
        public var below: Int
        public var above: Int
        public var nonMissingCount: Int
        /// The smallest value below the first edge and the largest above the last (±infinity
        /// when there is none): how far the tails reach.
        public var belowMinimum = Double.infinity
        public var aboveMaximum = -Double.infinity

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
        let instants: Bool
        var value: Value
        /// A guide over [first edge, last edge] in equal cells: each cell's first bin. A value's
        /// bin is looked up by arithmetic and corrected against the edges (a step or two), so the
        /// result is the binary search's without its ten compares (equally spaced edges, as a
        /// report's histograms, need no step at all; quantile edges, as drift checks, a few).
        var guide: [UInt16] = []
        /// Per cell, the one edge inside it (+infinity when none): a value at or above it is in
        /// the next bin, decided without a branch. Cells holding several edges fall to the loops.
        var guideSplit: [Double] = []
        var guideScale = 0.0

        public mutating func update(_ batch: Batch) {
            // A float column without nulls is counted from its own buffer; others are gathered first.
            if !guide.isEmpty {
                switch batch.columns[index] {
                case .float64(let c) where !c.validity.hasNulls:
                    c.values.withUnsafeBufferPointer { countGuided($0) }
                    return
                case .int64(let c) where !c.validity.hasNulls:
                    c.values.withUnsafeBufferPointer { countGuided($0) }
                    return
                case .date(let c) where instants && !c.validity.hasNulls, .timestamp(let c) where instants && !c.validity.hasNulls:
                    c.values.withUnsafeBufferPointer { countGuided($0) }
                    return
                default:
                    break
                }
            }
            var gathered: [Double] = []
            gathered.reserveCapacity(batch.rowCount)
            switch batch.columns[index] {
            case .float64(let c):
                for row in 0..<c.count where c.validity.isValid(row) && !c.values[row].isNaN { gathered.append(c.values[row]) }
            case .int64(let c):
                for row in 0..<c.count where c.validity.isValid(row) { gathered.append(Double(c.values[row])) }
            case .date(let c) where instants, .timestamp(let c) where instants:
                for row in 0..<c.count where c.validity.isValid(row) { gathered.append(Double(c.values[row])) }
            default:
                return
            }
            guard !guide.isEmpty else {
                for x in gathered { add(x) }
                return
            }
            gathered.withUnsafeBufferPointer { countGuided($0) }
        }

        /// The guided path over raw buffers: no per-value bounds or uniqueness checks. NaN is
        /// skipped (it is missing, not counted).
        private mutating func countGuided(_ xs: UnsafeBufferPointer<Int64>) {
            countGuidedDoubles(count: xs.count) { Double(xs[$0]) }
        }

        private mutating func countGuided(_ xs: UnsafeBufferPointer<Double>) {
            countGuidedDoubles(count: xs.count) { xs[$0] }
        }

        @inline(__always)
        private mutating func countGuidedDoubles(count: Int, _ number: (Int) -> Double) {
            let first = edges[0], last = edges[edges.count - 1], scale = guideScale, binMax = edges.count - 2
            var below = 0, above = 0, nan = 0
            var lowest = value.belowMinimum, highest = value.aboveMaximum
            edges.withUnsafeBufferPointer { edges in
                guide.withUnsafeBufferPointer { guide in
                  guideSplit.withUnsafeBufferPointer { split in
                    value.counts.withUnsafeMutableBufferPointer { counts in
                        for position in 0..<count {
                            let x = number(position)
                            if x < first {
                                below += 1
                                lowest = min(lowest, x)
                                continue
                            }
                            if x > last {
                                above += 1
                                highest = max(highest, x)
                                continue
                            }
                            if x.isNaN { nan += 1; continue }
                            let cell = min(Int((x - first) * scale), guide.count - 1)
                            var bin = Int(guide[cell]) + (x >= split[cell] ? 1 : 0)
                            // Rare: rounding at a cell's border, or a cell with several edges.
                            while bin > 0, edges[bin] > x { bin -= 1 }
                            while bin < binMax, edges[bin + 1] <= x { bin += 1 }
                            counts[bin] += 1
                        }
                    }
                  }
                }
            }
            value.nonMissingCount += count - nan
            value.below += below
            value.above += above
            value.belowMinimum = lowest
            value.aboveMaximum = highest
        }

        /// One value by binary search (edges with an infinite end have no guide).
        private mutating func add(_ x: Double) {
            value.nonMissingCount += 1
            guard let last = edges.last, x >= edges[0] else {
                value.below += 1
                value.belowMinimum = min(value.belowMinimum, x)
                return
            }
            guard x <= last else {
                value.above += 1
                value.aboveMaximum = max(value.aboveMaximum, x)
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
            value.belowMinimum = min(value.belowMinimum, other.value.belowMinimum)
            value.aboveMaximum = max(value.aboveMaximum, other.value.aboveMaximum)
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard type.isNumeric || (instants && (type == .date || type == .timestamp)) else {
            throw MetricError("column \"\(column)\" is \(type.rawValue), not numeric: a histogram needs numbers")
        }
        var state = State(index: index, edges: edges, instants: instants,
                          value: Value(counts: [Int](repeating: 0, count: edges.count - 1), below: 0, above: 0, nonMissingCount: 0))
        let span = edges[edges.count - 1] - edges[0]
        if span.isFinite, span > 0, edges.count > 2, edges.count <= Int(UInt16.max) {
            let cells = 8 * (edges.count - 1)
            state.guideScale = Double(cells) / span
            var bin = 0
            state.guide = (0..<cells).map { cell in
                let start = edges[0] + Double(cell) / state.guideScale
                while bin < edges.count - 2, edges[bin + 1] <= start { bin += 1 }
                return UInt16(bin)
            }
            state.guideSplit = (0..<cells).map { cell in
                // The first edge after the cell's bin starts, if it lies before the cell's end.
                let next = Int(state.guide[cell]) + 1
                let end = edges[0] + Double(cell + 1) / state.guideScale
                return next <= edges.count - 2 && edges[next] < end ? edges[next] : .infinity
            }
        }
        return state
    }

    public func value(of state: State, rows: RowNumbering) -> Value { state.value }
}
