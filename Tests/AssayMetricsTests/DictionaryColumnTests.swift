import AssayColumns
import AssayKernels
@testable import AssayMetrics
import Testing

/// A dictionary-encoded string column (as the Parquet reader gives one) must give every metric
/// that takes the per-entry path the same answer as the same values without their dictionary.
@Suite struct DictionaryColumnTests {
    static let entries = ["AIR", "RAIL", "SHIP", "", "TRUCK", "REG AIR", "a much longer value than eight bytes", "é"]

    /// The same 3,000 rows twice: plain, and with their codes (every 7th row null).
    static func columns() -> (plain: Column, encoded: Column) {
        var random = SplitMix64(seed: 42)
        let codes = (0..<3_000).map { _ in UInt32(random.next() % UInt64(entries.count)) }
        let plain = StringColumn(codes.enumerated().map { row, code in row % 7 == 3 ? nil : entries[Int(code)] })
        var encoded = plain
        encoded.dictionary = DictionaryCodes(dictionary: StringDictionary(values: StringColumn(entries)), codes: codes)
        return (.string(plain), .string(encoded))
    }

    @Test func fingerprintsAreTheSame() {
        let (plain, encoded) = Self.columns()
        let a = ColumnFingerprints.of(plain), b = ColumnFingerprints.of(encoded)
        #expect(a.rows == b.rows)
        #expect(a.keys.elementsEqual(b.keys) { $0.high == $1.high && $0.low == $1.low })
        #expect(a.rows == (0..<3_000).filter { $0 % 7 != 3 })
    }

    @Test(arguments: [RowCondition.inSet([.string("AIR"), .string("SHIP"), .string("")]),
                      .notInSet([.string("RAIL")]),
                      .matchesRegex("^[A-Z]+$"),
                      .lengthBetween(min: 2, max: 5)])
    func conditionsFindTheSameRows(condition: RowCondition) throws {
        let (plain, encoded) = Self.columns()
        let compiled = try CompiledCondition.compile(condition, column: "mode", type: .string)
        let rows = compiled.unexpectedRows(plain)
        #expect(!rows.isEmpty)
        #expect(compiled.unexpectedRows(encoded) == rows)
    }

    @Test func categoryCountsAreTheSame() throws {
        let (plain, encoded) = Self.columns()
        let schema = Schema([Field(name: "mode", type: .string)])
        let metric = CategoryCountsMetric(column: "mode", categories: [.string("AIR"), .string("RAIL"), .string("a much longer value than eight bytes")])
        func value(_ column: Column) throws -> CategoryCountsMetric.Value {
            var state = try metric.makeState(for: schema)
            state.update(Batch(schema: schema, columns: [column]))
            return metric.value(of: state, rows: RowNumbering(rowCounts: [:]))
        }
        let a = try value(plain), b = try value(encoded)
        #expect(a.counts == b.counts && a.counts.allSatisfy { $0 > 0 })
        #expect(a.newCount == b.newCount && a.newCount > 0)
        #expect(a.newDistinctCount == b.newDistinctCount && a.newDistinctCount == 5)
        #expect(a.nonMissingCount == b.nonMissingCount)
        #expect(Set(a.newExamples.map { "\($0.value.compact)=\($0.count)" }) == Set(b.newExamples.map { "\($0.value.compact)=\($0.count)" }))
    }
}
