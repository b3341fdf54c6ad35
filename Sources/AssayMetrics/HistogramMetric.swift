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
        /// A guide over [first edge, last edge] in equal cells, found by arithmetic (`cell(of:)`),
        /// which is monotone in the value: an edge in an earlier cell is below the value, one in
        /// a later cell above it. So a cell holding at most one edge decides the bin with one
        /// compare; cells holding several (`crowded`) count their edges one by one.
        var guide: [GuideCell] = []
        var guideScale = 0.0
        /// For whole numbers (integers, dates, timestamps) in a span of at most `directSpanMax`
        /// between the first and last edge: each number's bin, indexed by number − `directFirst`.
        /// One load per value, no compare against the edges.
        var direct: [UInt16] = []
        var directFirst: Int64 = 0

        public mutating func update(_ batch: Batch) {
            if !direct.isEmpty {
                switch batch.columns[index] {
                case .int64(let c) where !c.validity.hasNulls:
                    c.values.withUnsafeBufferPointer { countDirect($0) }
                    return
                case .date(let c) where instants && !c.validity.hasNulls, .timestamp(let c) where instants && !c.validity.hasNulls:
                    c.values.withUnsafeBufferPointer { countDirect($0) }
                    return
                default:
                    break
                }
            }
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

        /// Whole numbers through the direct table: below, above, or the table's bin.
        private mutating func countDirect(_ xs: UnsafeBufferPointer<Int64>) {
            let first = directFirst, span = UInt64(direct.count)
            var below = 0, above = 0
            var lowest = value.belowMinimum, highest = value.aboveMaximum
            direct.withUnsafeBufferPointer { table in
                value.counts.withUnsafeMutableBufferPointer { counts in
                    for x in xs {
                        let offset = UInt64(bitPattern: x &- first)
                        if offset < span {
                            counts[Int(table[Int(offset)])] += 1
                        } else if x < first {
                            below += 1
                            lowest = min(lowest, Double(x))
                        } else {
                            above += 1
                            highest = max(highest, Double(x))
                        }
                    }
                }
            }
            value.nonMissingCount += xs.count
            value.below += below
            value.above += above
            value.belowMinimum = lowest
            value.aboveMaximum = highest
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
            let cellMax = guide.count - 1, edgeCount = edges.count
            var below = 0, above = 0, nan = 0
            var lowest = value.belowMinimum, highest = value.aboveMaximum
            edges.withUnsafeBufferPointer { edges in
                guide.withUnsafeBufferPointer { guide in
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
                            let cell = guide[min(Int((x - first) * scale), cellMax)]
                            // (edges at or below x) − 1, capped: the last edge closes the last bin.
                            var bin = Int(cell.base) + (x >= cell.split ? 1 : 0)
                            if cell.crowded {
                                bin = Int(cell.base)
                                while bin + 1 < edgeCount, edges[bin + 1] <= x { bin += 1 }
                            }
                            bin = min(bin, binMax)
                            counts[bin] += 1
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
        let wholeNumbers = type == .int64 || (instants && (type == .date || type == .timestamp))
        if wholeNumbers, span.isFinite, edges.count <= Int(UInt16.max), let low = Int64(exactly: edges[0].rounded(.up)),
           let high = Int64(exactly: edges[edges.count - 1].rounded(.down)), low <= high, high - low < Self.directSpanMax {
            // Numbers in [low, high] are exactly those in [first edge, last edge].
            state.directFirst = low
            var bin = 0
            state.direct = (0...(high - low)).map { offset in
                let x = Double(low + offset)
                while bin < edges.count - 2, edges[bin + 1] <= x { bin += 1 }
                return UInt16(bin)
            }
        }
        if span.isFinite, span > 0, edges.count > 2, edges.count <= Int(UInt16.max) {
            let cells = 4 * (edges.count - 1)
            state.guideScale = Double(cells) / span
            state.guide = GuideCell.cells(edges: edges, count: cells, scale: state.guideScale)
        }
        return state
    }

    /// One cell of the guide: the bin below its edges, its first edge (+infinity when it holds
    /// none), and whether it holds more than one. 16 bytes, one load.
    struct GuideCell: Sendable {
        var split: Double
        var base: Int32
        var crowded: Bool

        /// The cells of [first edge, last edge], each value's cell being
        /// `min(Int((x − first) × scale), count − 1)`, the formula the counting loop uses.
        static func cells(edges: [Double], count: Int, scale: Double) -> [GuideCell] {
            var edgesIn = [Int](repeating: 0, count: count)
            var firstEdge = [Int](repeating: -1, count: count)
            for (index, edge) in edges.enumerated() {
                let cell = min(Int((edge - edges[0]) * scale), count - 1)
                edgesIn[cell] += 1
                if firstEdge[cell] < 0 { firstEdge[cell] = index }
            }
            var below = 0
            return (0..<count).map { cell in
                defer { below += edgesIn[cell] }
                return GuideCell(split: firstEdge[cell] >= 0 ? edges[firstEdge[cell]] : .infinity, base: Int32(below - 1), crowded: edgesIn[cell] > 1)
            }
        }
    }

    /// The largest span of whole numbers given a direct table (512 KiB of bins).
    static let directSpanMax: Int64 = 1 << 18

    public func value(of state: State, rows: RowNumbering) -> Value { state.value }
}
