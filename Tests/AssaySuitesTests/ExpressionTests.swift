import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayReaders
import AssaySuites
import Foundation
import Testing

/// `expect_rows_to_satisfy` and Assay's expression language: every operator, SQL's three-valued
/// logic, and errors with their columns. Expected rows were worked out by hand from the table.
@Suite struct ExpressionTests {
    static let data = temporaryFile("expression.csv", """
        id,price,qty,name,day,active
        1,10.0,2,apple,2024-01-01,true
        2,5.5,,banana,2024-02-15,false
        3,,4,,2024-03-01,true
        4,-2.0,1,kiwi,,
        5,100.0,0,Apple,2023-12-31,false

        """)

    static func run(_ kwargs: String, format: ResultFormat = ResultFormat(level: .complete)) throws -> ExpectationOutcome {
        let suite = try Suite.parse("""
            name: s
            expectations:
              - type: expect_rows_to_satisfy
                kwargs: \(kwargs)
            """, path: "s.yml")
        return try Validator.run(suite, source: try CSVReader(path: data), resultFormat: format, workerCount: 2).outcomes[0]
    }

    static func unexpectedRows(_ condition: String) throws -> [Int]? {
        let quoted = condition.replacingOccurrences(of: "\"", with: "\\\"")
        let outcome = try run("{condition: \"\(quoted)\"}")
        if let exception = outcome.exception { Issue.record("\(condition): \(exception)"); return nil }
        guard case .array(let rows)? = outcome.result.first(where: { $0.0 == "unexpected_index_list" })?.1 else { return nil }
        return rows.compactMap { $0.number.map { Int($0) } }
    }

    static let cases: [(String, [Int])] = [
        // Comparisons and arithmetic; a null operand makes the row null, hence unexpected.
        ("price > 0", [2, 3]),
        ("price * qty >= 10", [1, 2, 3, 4]),
        ("qty + 1 = 3", [1, 2, 3, 4]),
        ("price / qty = 5", [1, 2, 3, 4]),
        ("price / qty is null", [0, 3]),
        ("qty % 2 = 0", [1, 3]),
        ("-price < 0", [2, 3]),
        ("abs(price) >= 2", [2]),
        ("1 + 2 * 3 = 7 and (1 + 2) * 3 = 9 and 7 - 2 - 1 = 4", []),
        ("2e1 = 20 and .5 = 0.5 and 1.5E-1 < 1", []),
        ("id = 1 or id == 2 or id != 3 and id > 4", [2, 3]),
        ("id <> 3", [2]),
        // Texts: byte (code point) order, length in code points, quoting.
        ("length(name) = 5", [1, 2, 3]),
        ("name < 'b'", [1, 2, 3]),
        ("\"name\" = 'kiwi'", [0, 1, 2, 4]),
        ("`name` >= 'kiwi'", [0, 1, 2, 4]),
        ("name = 'it''s'", [0, 1, 2, 3, 4]),
        // Membership: a miss against a list holding null is null.
        ("name in ('apple', 'kiwi')", [1, 2, 4]),
        ("name not in ('apple', 'kiwi')", [0, 2, 3]),
        ("name in ('apple', null)", [1, 2, 3, 4]),
        ("id in (1, 5) or qty in (4)", [1, 3]),
        ("day in ('2024-01-01', date '2024-03-01')", [1, 3, 4]),
        // Null tests are never null.
        ("name is null", [0, 1, 3, 4]),
        ("name IS NOT NULL", [2]),
        ("price = null", [0, 1, 2, 3, 4]),
        // Dates: ISO texts beside a date column are dates.
        ("day >= '2024-01-01'", [3, 4]),
        ("day < date '2024-02-01'", [1, 2, 3]),
        ("day < timestamp '2024-01-01T12:00:00'", [1, 2, 3]),
        // Three-valued logic: false < null < true; and = min, or = max, not null = null.
        ("active", [1, 3, 4]),
        ("not active", [0, 2, 3]),
        ("active = true", [1, 3, 4]),
        ("active or price > 50", [1, 3]),
        ("active and qty > 1", [1, 3, 4]),
        ("price > 0 or qty > 0", []),
        ("(price > 0 or price is null) and id <> 4", [3]),
        ("not (price > 0)", [0, 1, 2, 4]),
        ("true and not false", []),
    ]

    @Test func everyOperatorAndNullHandling() throws {
        for (condition, expected) in Self.cases {
            #expect(try Self.unexpectedRows(condition) == expected, "\(condition)")
        }
    }

    @Test func resultCountsAndSamples() throws {
        let outcome = try Self.run("{condition: \"price * qty >= 10\", mostly: 0.2}")
        #expect(outcome.success)
        func value(_ key: String) -> JSONValue? { outcome.result.first { $0.0 == key }?.1 }
        #expect(value("element_count") == .integer(5))
        #expect(value("unexpected_count") == .integer(4))
        #expect(value("unexpected_percent") == .double(80))
        #expect(value("partial_unexpected_list")?.array?.first == .object([("price", .double(5.5)), ("qty", .null)]))
        #expect(try !Self.run("{condition: \"price * qty >= 10\", mostly: 0.21}").success)
    }

    @Test func rowConditionAndWhereKeepRowsFirst() throws {
        // Rows 0, 2 and 4 are kept (id odd); of those, price > 0 fails on row 2 (null).
        for filter in ["row_condition: \"id % 2 = 1\", condition_parser: assay", "where: \"id % 2 = 1\""] {
            let outcome = try Self.run("{condition: \"price > 0\", \(filter)}")
            #expect(outcome.result.first { $0.0 == "element_count" }?.1 == .integer(3))
            #expect(outcome.result.first { $0.0 == "unexpected_index_list" }?.1 == .array([.integer(2)]))
        }
        // On a column map expectation: kept rows are 1 and 3 (not active is true there … row 3 is null: left out).
        let suite = try Suite.parse("""
            name: s
            expectations:
              - type: expect_column_values_to_be_in_set
                kwargs: {column: name, value_set: [apple], where: "not active or day < '2024-01-01'"}
            """, path: "s.yml")
        let run = try Validator.run(suite, source: try CSVReader(path: Self.data), resultFormat: ResultFormat(level: .complete))
        #expect(run.outcomes[0].result.first { $0.0 == "element_count" }?.1 == .integer(2))
        #expect(run.outcomes[0].result.first { $0.0 == "unexpected_list" }?.1 == .array([.string("banana"), .string("Apple")]))
    }

    static let syntaxErrors: [(String, String)] = [
        ("a + > 3", "column 5: expected a value, found \">\""),
        ("price >", "column 8: expected a value, found the end"),
        ("(price > 1", "column 11: expected \")\" to close the parenthesis opened at column 1, found the end"),
        ("name = 'abc", "column 8: the text is not closed (a ' is missing)"),
        ("foo(x) > 1", "column 1: unknown function \"foo\" (functions: length, abs)"),
        ("price > 1 2", "column 11: expected an operator or the end, found the number 2.0"),
        ("price # 2", "column 7: unexpected character \"#\""),
        ("name is 3", "column 9: expected null after \"is\", found the number 3.0"),
        ("x in (1, y)", "column 11: the list after in holds literal values only"),
        ("day > date '2024-13-01'", "column 12: '2024-13-01' is not an ISO-8601 date"),
        ("and x", "column 1: expected a value, found \"and\""),
        (String(repeating: "a + ", count: 1_000) + "a > 0", "column 4003: the expression has more than 1000 operations"),
        (String(repeating: "(", count: 201) + "a" + String(repeating: ")", count: 201), "column 201: the expression nests deeper than 200 levels"),
    ]

    @Test func syntaxErrorsNameTheirColumn() {
        for (condition, message) in Self.syntaxErrors {
            #expect(throws: ExpressionError.self, "\(condition)") { try RowExpression.parse(condition) }
            do {
                _ = try RowExpression.parse(condition)
            } catch {
                #expect(error.description == message, "\(condition)")
            }
        }
    }

    @Test func syntaxErrorsAreSuiteErrors() {
        do {
            _ = try Suite.parse("""
                name: s
                expectations:
                  - type: expect_rows_to_satisfy
                    kwargs: {condition: "a + > 3"}
                """, path: "s.yml")
            Issue.record("the suite loaded")
        } catch {
            #expect(error.description == "s.yml line 4, expectation 1 (expect_rows_to_satisfy): kwarg \"condition\" column 5: expected a value, found \">\"")
        }
        #expect(throws: SuiteError.self) {
            try Suite.parse("""
                name: s
                expectations:
                  - type: expect_column_values_to_not_be_null
                    kwargs: {column: a, row_condition: "b >", condition_parser: assay}
                """, path: "s.yml")
        }
    }

    static let schemaErrors: [(String, String)] = [
        ("nope > 1", "condition column 1: no column \"nope\" (columns: id, price, qty, name, day, active)"),
        ("name + 1 > 2", "condition column 6: \"+\" applies to numbers, not a text and a number"),
        ("price", "condition column 1: the condition is a number, not true or false (add a comparison)"),
        ("day > 3", "condition column 5: \">\" compares a date or timestamp with a number"),
        ("length(price) > 1", "condition column 1: length takes a text, not a number"),
        ("price > 1 and qty", "condition column 7: and joins true or false values, not a number"),
        ("name in (1, 2)", "condition column 6: in compares a text with a list holding a number"),
    ]

    @Test func schemaErrorsAreExceptions() throws {
        for (condition, message) in Self.schemaErrors {
            let outcome = try Self.run("{condition: \"\(condition)\"}")
            #expect(!outcome.success)
            #expect(outcome.exception == message, "\(condition)")
        }
    }

    @Test func everyExpectationTakesARowCondition() throws {
        // Kept rows: id 1, 2, 5 (prices 10, 5.5, 100).
        let suite = try Suite.parse("""
            name: s
            expectations:
              - type: expect_column_mean_to_be_between
                kwargs: {column: price, min_value: 38.5, max_value: 38.5, where: "id in (1, 2, 5)"}
              - type: expect_table_row_count_to_equal
                kwargs: {value: 3, row_condition: "id in (1, 2, 5)", condition_parser: assay}
              - type: expect_column_max_to_be_between
                kwargs: {column: qty, max_value: 2, row_condition: 'name == "apple"'}
              - type: expect_column_mean_to_be_between
                kwargs: {column: price, min_value: 38.5, max_value: 38.5}
            """, path: "s.yml")
        let run = try Validator.run(suite, source: try CSVReader(path: Self.data), workerCount: 2)
        #expect(run.outcomes.map(\.success) == [true, true, true, false])
        #expect(run.outcomes[1].result.first { $0.0 == "observed_value" }?.1 == .integer(3))
        do {
            _ = try Suite.parse("""
                name: s
                expectations:
                  - type: expect_table_row_count_to_equal
                    kwargs: {value: 3, where: "id in (1, 2"}
                """, path: "s.yml")
            Issue.record("the suite loaded")
        } catch {
            #expect(error.description == "s.yml line 4, expectation 1 (expect_table_row_count_to_equal): kwarg \"where\" column 12: expected \",\" or \")\" to close the list, found the end")
        }
    }

    @Test func uniquenessUnderAWhereKeepsTableRowNumbers() throws {
        // Kept: rows 1, 3, 4 (ids 2, 4, 5); qty there: null, 1, 0 — unique. Without the filter,
        // active repeats (true, false, true, null, false); kept rows 1, 2, 4: false, true, false.
        let suite = try Suite.parse("""
            name: s
            expectations:
              - type: expect_column_values_to_be_unique
                kwargs: {column: qty, where: "id in (2, 4, 5)"}
              - type: expect_column_values_to_be_unique
                kwargs: {column: active, where: "id <> 1 and id <> 4"}
            """, path: "s.yml")
        let run = try Validator.run(suite, source: try CSVReader(path: Self.data), resultFormat: ResultFormat(level: .complete), workerCount: 2)
        #expect(run.outcomes.map(\.success) == [true, false])
        #expect(run.outcomes[0].result.first { $0.0 == "element_count" }?.1 == .integer(3))
        #expect(run.outcomes[1].result.first { $0.0 == "unexpected_index_list" }?.1 == .array([.integer(1), .integer(4)]))
        #expect(run.outcomes[1].result.first { $0.0 == "unexpected_list" }?.1 == .array([.bool(false), .bool(false)]))
    }

    @Test func aPairCheckUnderAWhereNamesTheTablesRows() throws {
        // Kept: ids 2, 3, 5 (rows 1, 2, 4). qty > id holds on row 2 (4 > 3) and fails on row 1 (qty
        // null: GX ignores a row only when both are missing) and row 4 (0 > 5); the kept rows'
        // positions 0 and 2 are reported as the table's rows 1 and 4.
        let suite = try Suite.parse("""
            name: s
            expectations:
              - type: expect_column_pair_values_a_to_be_greater_than_b
                kwargs: {column_A: qty, column_B: id, where: "id in (2, 3, 5)"}
            """, path: "s.yml")
        let run = try Validator.run(suite, source: try CSVReader(path: Self.data), resultFormat: ResultFormat(level: .complete), workerCount: 2)
        #expect(run.outcomes[0].exception == nil)
        #expect(run.outcomes[0].result.first { $0.0 == "unexpected_index_list" }?.1 == .array([.integer(1), .integer(4)]))
    }
}
