import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayReaders
import AssaySuites
import Foundation
import Testing

/// Referential integrity and row counts against another table, on generated tables whose
/// orphans are known by construction.
@Suite struct CrossTableTests {
    /// Parent keys 0..<2000 except those ending in 13 (20 holes); child rows point at
    /// (i · 7919) mod 2100, so keys 2000…2099 and the holes are orphans; every 1000th row is null.
    /// 150 000 rows: three batches, so samples cross batch and worker boundaries.
    static let childRowCount = 150_000
    static func childKey(_ row: Int) -> Int? { row % 1000 == 999 ? nil : (row * 7919) % 2100 }
    static func isOrphan(_ key: Int) -> Bool { key >= 2000 || key % 100 == 13 }

    static let folder: String = {
        let folder = NSTemporaryDirectory() + "assay-cross-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var parents = "customer_id,name\n"
        for id in 0..<2000 where id % 100 != 13 { parents += "\(id),c\(id)\n" }
        FileManager.default.createFile(atPath: folder + "/customers.csv", contents: Data(parents.utf8))
        var children = "order_id,customer_id,code\n"
        for row in 0..<childRowCount { children += "\(row),\(childKey(row).map(String.init) ?? ""),k\(row % 50)\n" }
        FileManager.default.createFile(atPath: folder + "/orders.csv", contents: Data(children.utf8))
        var codes = "code\n"
        for code in 0..<45 { codes += "k\(code)\n" }
        FileManager.default.createFile(atPath: folder + "/codes.csv", contents: Data(codes.utf8))
        return folder
    }()

    static func run(_ expectations: String, workers: Int = 2) throws -> ValidationRun {
        // One file per run: the tests of this suite run in parallel.
        let path = folder + "/suite-\(UUID().uuidString).yml"
        try ("name: orders\nexpectations:\n" + expectations).write(toFile: path, atomically: true, encoding: .utf8)
        return try Validator.run(try Suite.load(path: path), source: try CSVReader(path: folder + "/orders.csv"),
                                 resultFormat: ResultFormat(level: .complete), workerCount: workers)
    }

    static func value(_ outcome: ExpectationOutcome, _ key: String) -> JSONValue? { outcome.result.first { $0.0 == key }?.1 }

    @Test(arguments: [1, 2]) func orphansAreCountedAndSampledExactly(workers: Int) throws {
        let run = try Self.run("""
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: customers.csv, other_column: customer_id}
            """, workers: workers)
        let outcome = run.outcomes[0]
        #expect(outcome.exception == nil)
        let orphanRows = (0..<Self.childRowCount).filter { Self.childKey($0).map(Self.isOrphan) ?? false }
        let nullCount = Self.childRowCount / 1000
        #expect(!outcome.success)
        #expect(Self.value(outcome, "element_count") == .integer(Int64(Self.childRowCount)))
        #expect(Self.value(outcome, "missing_count") == .integer(Int64(nullCount)))
        #expect(Self.value(outcome, "unexpected_count") == .integer(Int64(orphanRows.count)))
        #expect(Self.value(outcome, "unexpected_percent") == .double(Double(orphanRows.count) / Double(Self.childRowCount - nullCount) * 100))
        let sampled = orphanRows.prefix(UnexpectedRows.sampleCountMax)
        #expect(Self.value(outcome, "unexpected_index_list") == .array(sampled.map { .integer(Int64($0)) }))
        #expect(Self.value(outcome, "unexpected_list") == .array(sampled.map { .integer(Int64(Self.childKey($0)!)) }))
        #expect(Self.value(outcome, "details")?["other_distinct_count"] == .integer(1980))
    }

    @Test func mostlyTextKeysFiltersAndRowCounts() throws {
        let run = try Self.run("""
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: customers.csv, mostly: 0.9}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: code, other_table: codes.csv}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: customers.csv, where: "customer_id < 2000 and customer_id % 100 <> 13"}
              - type: expect_table_row_count_to_equal_other_table
                kwargs: {other_table_name: orders.csv}
              - type: expect_table_row_count_to_equal_other_table
                kwargs: {other_table_name: customers.csv}
            """)
        #expect(run.outcomes.map(\.success) == [true, false, true, true, false])
        // Codes k45…k49 are orphans: 5 of every 50 rows.
        #expect(Self.value(run.outcomes[1], "unexpected_count") == .integer(Int64(Self.childRowCount / 10)))
        #expect(Self.value(run.outcomes[1], "partial_unexpected_list")?.array?.first == .string("k45"))
        #expect(Self.value(run.outcomes[1], "partial_unexpected_index_list")?.array?.first == .integer(45))
        #expect(Self.value(run.outcomes[4], "observed_value") == .integer(Int64(Self.childRowCount)))
        #expect(Self.value(run.outcomes[4], "details")?["other_row_count"] == .integer(1980))
    }

    @Test func problemsWithTheOtherTableAreExceptions() throws {
        let run = try Self.run("""
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: missing.csv}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: customer_id, other_table: customers.csv, other_column: nope}
              - type: expect_column_values_to_be_in_other_table
                kwargs: {column: code, other_table: customers.csv, other_column: customer_id}
            """)
        #expect(run.outcomes.map(\.success) == [false, false, false])
        #expect(run.outcomes[0].exception?.contains("cannot read the other table \(Self.folder)/missing.csv") == true)
        #expect(run.outcomes[1].exception?.hasPrefix("column \"nope\" is not in the table") == true)
        #expect(run.outcomes[2].exception == "column \"code\" is string but the other table's \"customer_id\" holds number values: they never match (give both columns one type, e.g. with --no-infer for texts)")
    }
}

extension CrossTableTests {
    @Test func anOtherTableURLIsShownWithoutItsPassword() throws {
        let path = Self.folder + "/url.yml"
        try """
            name: s
            expectations:
              - type: expect_table_row_count_to_equal_other_table
                kwargs: {other_table_name: "postgresql://reader:s3cret@db.example:5432/shop?table=customers"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Validator.run(try Suite.load(path: path), source: try CSVReader(path: Self.folder + "/codes.csv"),
                                    openTable: { _ in throw MetricError("refused") })
        #expect(run.outcomes[0].exception == "refused")
        let failing = try Validator.run(try Suite.load(path: path), source: try CSVReader(path: Self.folder + "/codes.csv"),
                                        openTable: { _ in throw CocoaError(.fileNoSuchFile) })
        #expect(failing.outcomes[0].exception?.hasPrefix("cannot read the other table postgresql://reader@db.example:5432/shop?table=customers: ") == true)
        #expect(failing.outcomes[0].exception?.contains("s3cret") == false)
    }
}
