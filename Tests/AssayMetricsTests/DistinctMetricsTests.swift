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
