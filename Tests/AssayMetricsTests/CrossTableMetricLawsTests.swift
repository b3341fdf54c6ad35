import AssayColumns
@testable import AssayMetrics
import Testing

/// Laws for the states of the cross-table and expression metrics: a fresh state is the identity,
/// merging commutes, and batches split across states then merged give the whole's value.
@Suite struct CrossTableMetricLawsTests {
    static let schema = Schema([Field(name: "key", type: .int64), Field(name: "name", type: .string)])

    /// Four batches of 1,000 rows: keys (row · 37) mod 1,300 with every 97th null, names "n<key mod 11>".
    static let batches: [Batch] = (0..<4).map { part in
        var keys: [Int64] = []
        var validity = ValidityBitmap.Builder()
        var names: [String?] = []
        for row in 0..<1000 {
            let global = part * 1000 + row
            let key = Int64(global * 37 % 1300)
            keys.append(global % 97 == 0 ? 0 : key)
            validity.append(global % 97 != 0)
            names.append("n\(key % 11)")
        }
        return Batch(schema: schema, columns: [.int64(FixedWidthColumn(values: keys, validity: validity.finish())), .string(StringColumn(names))],
                     ordinal: BatchOrdinal(chunk: part, part: 0))
    }
    static let numbering = RowNumbering(rowCounts: Dictionary(uniqueKeysWithValues: batches.map { ($0.ordinal, $0.rowCount) }))

    /// Whole, split (even/odd batches) merged both ways, and merged with a fresh state.
    static func states<M: UnsharedMetric>(_ metric: M) throws -> [M.State] {
        var whole = try metric.makeState(for: schema)
        var even = try metric.makeState(for: schema)
        var odd = try metric.makeState(for: schema)
        for (index, batch) in batches.enumerated() {
            whole.update(batch)
            if index % 2 == 0 { even.update(batch) } else { odd.update(batch) }
        }
        var evenOdd = even
        evenOdd.merge(odd)
        var oddEven = odd
        oddEven.merge(even)
        var identity = whole
        identity.merge(try metric.makeState(for: schema))
        return [whole, evenOdd, oddEven, identity]
    }

    static func summary(_ rows: UnexpectedRows) -> [Int] {
        [rows.elementCount, rows.missingCount, rows.unexpectedCount] + rows.samples.map(\.row)
    }

    @Test func keySetsAndMembership() throws {
        let keysMetric = OtherTableKeysMetric(column: "key")
        let keySets = try Self.states(keysMetric).map { keysMetric.value(of: $0, rows: Self.numbering) }
        // Every way of merging holds the same keys, and every present key of the table is among them.
        #expect(Set(keySets.map(\.count)).count == 1)
        for keys in keySets {
            let membership = ValuesInOtherTableMetric(column: "key", keys: keys, otherColumn: "key")
            let values = try Self.states(membership).map { membership.value(of: $0, rows: Self.numbering) }
            #expect(values.allSatisfy { Self.summary($0) == Self.summary(values[0]) })
            #expect(values[0].unexpectedCount == 0)
        }
    }

    @Test func expressionRows() throws {
        let metric = ExpressionRowsMetric(expression: try RowExpression.parse("key % 7 <> 3 and name <> 'n4'"),
                                          filter: try RowFilter.assay("key > 100"))
        let values = try Self.states(metric).map { metric.value(of: $0, rows: Self.numbering) }
        #expect(values[0].unexpectedCount > 0)
        #expect(values[0].samples.count == UnexpectedRows.sampleCountMax)
        #expect(values.allSatisfy { Self.summary($0) == Self.summary(values[0]) })
    }
}
