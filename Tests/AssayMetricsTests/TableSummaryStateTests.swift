import AssayColumns
import AssayMetrics
import AssayReaders
import Testing

/// The laws of the whole-table state: a fresh state is the identity, merge commutes, and the
/// states of two halves of a file merge into the state of the whole.
@Suite struct TableSummaryStateTests {
    static func halves() throws -> (schema: Schema, first: TableSummaryState, second: TableSummaryState, whole: TableSummaryState) {
        let (schema, batches) = try CSVReader(path: Fixture.customers, options: CSVOptions(chunkByteCount: 4096)).readAll()
        #expect(batches.count > 2)
        var first = TableSummaryState(schema: schema)
        var second = TableSummaryState(schema: schema)
        var whole = TableSummaryState(schema: schema)
        for (index, batch) in batches.enumerated() {
            if index < batches.count / 2 { first.update(batch) } else { second.update(batch) }
            whole.update(batch)
        }
        return (schema, first, second, whole)
    }

    static func expectClose(_ a: TableSummaryState, _ b: TableSummaryState) {
        #expect(a.rowCount == b.rowCount)
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.rowCount == y.rowCount && x.nullCount == y.nullCount)
            #expect(x.integerMin == y.integerMin && x.integerMax == y.integerMax)
            if let m = x.moments, let n = y.moments {
                #expect(m.count == n.count && m.min == n.min && m.max == n.max)
                #expect(close(m.mean, n.mean, 1e-13) && close(m.m2, n.m2, 1e-11) && close(m.m4, n.m4, 1e-9))
            }
        }
        let r = a.correlation?.comoments.pearson ?? []
        let s = b.correlation?.comoments.pearson ?? []
        #expect(r.count == s.count)
        for (x, y) in zip(r, s) { #expect(abs(x - y) <= 1e-12) }
    }

    @Test func freshStateIsTheIdentity() throws {
        let (schema, first, _, _) = try Self.halves()
        var merged = first
        merged.merge(TableSummaryState(schema: schema))
        #expect(merged == first)
        var other = TableSummaryState(schema: schema)
        other.merge(first)
        #expect(other == first)
    }

    @Test func mergeCommutes() throws {
        let (_, first, second, _) = try Self.halves()
        var ab = first
        ab.merge(second)
        var ba = second
        ba.merge(first)
        Self.expectClose(ab, ba)
    }

    @Test func halvesMergeIntoTheWhole() throws {
        let (_, first, second, whole) = try Self.halves()
        var merged = first
        merged.merge(second)
        Self.expectClose(merged, whole)
    }
}
