import AssayColumns
import AssayKernels
@testable import AssayMetrics
import Testing

/// The distinct count of `DistinctCountMetric` on both of its paths — workers' own sets, and
/// the shared table once a column shows more than `localDistinctMax` values — against a Set.
@Suite struct DistinctCountMetricTests {
    static let schema = Schema([Field(name: "id", type: .int64)])

    static func batch(_ values: [Int64?], chunk: Int) -> Batch {
        var validity = ValidityBitmap()
        for value in values { validity.append(value != nil) }
        let column = FixedWidthColumn(values: values.map { $0 ?? 0 }, validity: validity)
        return Batch(schema: schema, columns: [.int64(column)], ordinal: BatchOrdinal(chunk: chunk, part: 0))
    }

    @Test(arguments: [1_000, 50_000, 200_000])
    func countsExactly(distinctRange: Int) throws {
        let metric = DistinctCountMetric(column: "id")
        let shared = metric.makeShared(for: Self.schema)
        var workers = [try metric.makeState(for: Self.schema, shared: shared), try metric.makeState(for: Self.schema, shared: shared)]
        var random = SplitMix64(seed: UInt64(distinctRange))
        var reference: Set<Int64> = []
        var missing = 0
        for chunk in 0..<10 {
            let values: [Int64?] = (0..<30_000).map { _ in
                random.next() % 10 == 0 ? nil : Int64(random.next() % UInt64(distinctRange))
            }
            for value in values {
                if let value { reference.insert(value) } else { missing += 1 }
            }
            workers[chunk % 2].update(Self.batch(values, chunk: chunk))
        }
        var merged = workers[0]
        merged.merge(workers[1])
        let value = metric.value(of: merged, rows: RowNumbering(rowCounts: [:]))
        #expect(value.distinctCount == reference.count)
        #expect(value.missingCount == missing)
        #expect(value.elementCount == 300_000)
        // Past the limit the shared table was used; below it, not.
        #expect((merged.local == nil) == (reference.count > DistinctCountMetric.localDistinctMax))
    }
}

/// Equally spaced edges take the arithmetic path; its counts must equal numpy's rule (bin i is
/// [edges[i], edges[i+1]), the last closed) for values on, just below and just above each edge.
@Suite struct HistogramMetricTests {
    @Test(arguments: [[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], [-3.0, -1.0, 1.0, 5.0],
                      // Crowded cells (several edges in one guide cell) and a cell boundary on an edge.
                      [0.0, 1e-12, 2e-12, 3e-12, 0.5, 0.5000001, 0.75, 9.999999, 10.0]])
    func countsFollowTheEdges(edges: [Double]) throws {
        let schema = Schema([Field(name: "x", type: .float64)])
        var values: [Double] = []
        for edge in edges { values += [edge, edge.nextUp, edge.nextDown] }
        values += (0..<500).map { Double($0) / 499 * (edges.last! - edges[0] + 2) + edges[0] - 1 }
        let metric = HistogramMetric(column: "x", edges: edges)
        var state = try metric.makeState(for: schema)
        state.update(Batch(schema: schema, columns: [.float64(FixedWidthColumn(values: values))]))
        let value = metric.value(of: state, rows: RowNumbering(rowCounts: [:]))
        var expected = [Int](repeating: 0, count: edges.count - 1)
        var below = 0, above = 0
        for x in values {
            if x < edges[0] { below += 1; continue }
            if x > edges.last! { above += 1; continue }
            let bin = x == edges.last! ? edges.count - 2 : edges.lastIndex { $0 <= x }!
            expected[bin] += 1
        }
        #expect(value.counts == expected)
        #expect(value.below == below && value.above == above)
    }

    /// Whole numbers in a small span take the direct table (int64 and dates, edges whole or
    /// fractional as quantiles give them); with nulls they take the gathered path. Both must
    /// give numpy's counts, the tails and their extremes.
    @Test(arguments: [ColumnType.int64, .date], [false, true])
    func wholeNumbersFollowTheEdges(type: ColumnType, nulls: Bool) throws {
        let edges = [-7.5, -2.0, 0.0, 0.25, 3.0, 3.5, 40.0, 41.0]
        let values: [Int64] = Array(-12...50) + (0..<400).map { Int64(($0 * 7_919) % 53) - 10 }
        var validity = ValidityBitmap()
        for row in values.indices { validity.append(!nulls || row % 5 != 0) }
        let column = FixedWidthColumn(values: values, validity: validity)
        let schema = Schema([Field(name: "x", type: type)])
        let metric = HistogramMetric(column: "x", edges: edges, instants: true)
        var state = try metric.makeState(for: schema)
        state.update(Batch(schema: schema, columns: [type == .date ? .date(column) : .int64(column)]))
        let value = metric.value(of: state, rows: RowNumbering(rowCounts: [:]))
        var expected = [Int](repeating: 0, count: edges.count - 1)
        var below = 0, above = 0, lowest = Double.infinity, highest = -Double.infinity
        for row in values.indices where validity.isValid(row) {
            let x = Double(values[row])
            if x < edges[0] { below += 1; lowest = min(lowest, x); continue }
            if x > edges.last! { above += 1; highest = max(highest, x); continue }
            let bin = x == edges.last! ? edges.count - 2 : edges.lastIndex { $0 <= x }!
            expected[bin] += 1
        }
        #expect(value.counts == expected)
        #expect(value.below == below && value.above == above)
        #expect(value.belowMinimum == lowest && value.aboveMaximum == highest)
        #expect(value.nonMissingCount == validity.count - validity.nullCount)
    }
}

/// The profile's sketches: the quantile sample does not depend on how rows were split among
/// workers, and the frequent-values sketch is exact while complete and within its stated bound after.
@Suite struct SketchTests {
    @Test func quantileSampleIsTheSameHoweverTheRowsAreSplit() {
        var whole = QuantileSample()
        var parts = [QuantileSample(), QuantileSample(), QuantileSample()]
        for chunk in 0..<40 {
            for row in 0..<5_000 {
                let value = Double(chunk * 5_000 + row)
                let key = QuantileSample.key(ordinal: BatchOrdinal(chunk: chunk, part: 0), row: row)
                whole.add(value, key: key)
                parts[chunk % 3].add(value, key: key)
            }
        }
        var merged = parts[2]
        merged.merge(parts[0])
        merged.merge(parts[1])
        #expect(!whole.isExact && whole.count == 200_000)
        #expect(merged.sorted() == whole.sorted())
        #expect(whole.sorted().count == QuantileSample.defaultCapacity)
        // A uniform sample of 0..<200,000: its median within the DKW bound (0.0053 in rank).
        let median = whole.sorted()[QuantileSample.defaultCapacity / 2]
        #expect(abs(median / 200_000 - 0.5) < 0.0053)
    }

    @Test func selectFindsTheKthSmallest() {
        var random = SplitMix64(seed: 9)
        var values = (0..<10_001).map { _ in random.next() % 5_000 }
        let sorted = values.sorted()
        for k in [0, 1, 5_000, 9_999, 10_000] {
            var copy = values
            #expect(QuantileSample.select(&copy, k) == sorted[k])
        }
        values = [7]
        #expect(QuantileSample.select(&values, 0) == 7)
    }

    @Test func frequentValuesAreExactWhileCompleteAndBoundedAfter() {
        var small = CategorySketch()
        var large = CategorySketch()
        var truth: [Int64: Int] = [:]
        var random = SplitMix64(seed: 4)
        for index in 0..<200_000 {
            // A few heavy values, then a long tail of distinct ones.
            let value: Int64 = index % 3 == 0 ? Int64(random.next() % 5) : Int64(1_000 + index)
            truth[value, default: 0] += 1
            if let slot = large.add(.integer(value)) { large.setValue(.integer(value), at: slot) }
            if value < 5, let slot = small.add(.integer(value)) { small.setValue(.integer(value), at: slot) }
        }
        #expect(small.isComplete && small.distinctCount == 5)
        #expect(small.top().map(\.count) == small.top().map { truth[Int64($0.value.number!)]! })
        #expect(!large.isComplete)
        for (value, count) in large.top(5) {
            let real = truth[Int64(value.number!)]!
            #expect(count <= real && real - count <= large.errorBound)
            #expect(Int64(value.number!) < 5)
        }
        // HyperLogLog beyond exactness: within 5% (about three standard errors) of the truth.
        #expect(abs(Double(large.distinctCount) / Double(truth.count) - 1) < 0.05)
    }
}
