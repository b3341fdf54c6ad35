import AssayColumns
import AssayContracts
import AssayExpectations
import AssaySuites
import Foundation
import Testing

/// The repository's `contracts/` folder (the examples the README shows).
let contractsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("contracts").path

func compile(_ yaml: String, object: String? = nil) throws -> CompiledContract {
    try ContractCompiler.compile(try Contract.parse(yaml, path: "test.odcs.yaml"), object: object)
}

func contractError(_ yaml: String) -> ContractError? {
    do {
        _ = try compile(yaml)
        return nil
    } catch let error as ContractError {
        return error
    } catch {
        return nil
    }
}

/// A contract with one table `t` and the given property lines (indented for `properties:`).
func table(_ properties: String, quality: String = "", extra: String = "") -> String {
    """
    apiVersion: v3.1.0
    kind: DataContract
    id: t
    version: 1.0.0
    status: active
    \(extra)schema:
      - name: t
        properties:
    \(properties)
    \(quality.isEmpty ? "" : "    quality:\n" + quality)
    """
}

/// An object literal in key order.
func kw(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(pairs.map { ($0.key, $0.value) }) }

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension CompiledContract {
    /// The expectations of `type`, as (kwargs as a JSON object) for comparison.
    func kwargs(of type: String) -> [JSONValue] {
        expectations.filter { $0.type == type }.map { .object($0.kwargs.map { ($0.key, $0.value) }) }
    }
}

@Suite struct ContractCompilerTests {
    @Test func theCustomersExampleCompilesToTheExpectedExpectations() throws {
        let contract = try Contract.load(path: contractsFolder + "/customers.odcs.yaml")
        #expect(contract.version == "1.0.0")
        #expect(contract.id == "urn:datacontract:growth:customers")
        #expect(contract.notes.isEmpty, "\(contract.notes)")
        let compiled = try ContractCompiler.compile(contract)
        #expect(compiled.suiteName == "customers")
        #expect(compiled.expectations.count == 43)
        #expect(compiled.kwargs(of: "expect_column_values_to_be_of_type").count == 13)
        #expect(compiled.kwargs(of: "expect_column_values_to_be_of_type").contains(kw(["column": "income", "type_": "number"])))
        #expect(compiled.kwargs(of: "expect_column_values_to_be_of_type").contains(kw(["column": "last_seen_at", "type_": "datetime64"])))
        #expect(compiled.kwargs(of: "expect_column_values_to_be_unique") == [kw(["column": "customer_id"])])
        #expect(compiled.kwargs(of: "expect_column_values_to_not_be_null") == [
            kw(["column": "customer_id"]), kw(["column": "signup_date"]), kw(["column": "last_seen_at"]),
            kw(["column": "country"]), kw(["column": "plan"]),
            kw(["column": "age", "mostly": .double(0.95.nextUp)]),
            kw(["column": "income", "mostly": 0.9]),
            kw(["column": "sessions_30d"]), kw(["column": "churn_score"]), kw(["column": "churned"]),
        ])
        let between = compiled.kwargs(of: "expect_column_values_to_be_between")
        #expect(between.contains(kw(["column": "age", "min_value": 18, "max_value": 100])))
        #expect(between.contains(kw(["column": "income", "min_value": 0, "strict_min": true])))
        #expect(between.contains(kw(["column": "signup_date", "min_value": "2020-01-01", "max_value": "2025-12-31"])))
        #expect(between.contains(kw(["column": "sessions_30d", "min_value": 0, "max_value": 65535])))
        #expect(compiled.kwargs(of: "expect_column_values_to_match_regex") == [kw(["column": "country", "regex": "^[A-Z]{2}$"])])
        #expect(compiled.kwargs(of: "expect_column_value_lengths_to_be_between") == [
            kw(["column": "country", "min_value": 2, "max_value": 2]),
            kw(["column": "last_feedback", "min_value": .null, "max_value": 500]),
        ])
        #expect(compiled.kwargs(of: "expect_column_values_to_be_in_set") == [
            kw(["column": "country", "value_set": .array(["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "ES"])]),
            kw(["column": "plan", "value_set": .array(["free", "pro", "team"])]),
        ])
        #expect(compiled.kwargs(of: "expect_table_row_count_to_be_between") == [kw(["min_value": 1000, "max_value": 1_000_000])])
        #expect(compiled.kwargs(of: "expect_column_pair_correlation_to_be_between") == [
            kw(["column_A": "sessions_30d", "column_B": "churn_score", "min_value": -0.9, "max_value": -0.5]),
        ])
        let columns = try #require(compiled.kwargs(of: "expect_no_retyped_columns").first?["columns"]?.array)
        #expect(columns.count == 13)
        #expect(columns.first == kw(["name": "customer_id", "type": "int64"]))
        #expect(columns.last == kw(["name": "last_feedback", "type": "string"]))
        #expect(compiled.kwargs(of: "expect_no_added_columns").first?["columns"]?.array == columns)
        #expect(compiled.kwargs(of: "expect_no_removed_columns").first?["columns"]?.array == columns)
    }

    /// `contract check` runs the YAML `contract suite` writes, read back by the suite parser.
    @Test func theCompiledSuiteLoadsWithTheSameKwargsAndContractLines() throws {
        let compiled = try ContractCompiler.compile(try Contract.load(path: contractsFolder + "/customers.odcs.yaml"))
        let suite = try compiled.suite()
        let runnable = compiled.expectations.filter { Catalog.types[$0.type] != nil }
        #expect(suite.entries.count == runnable.count)
        for (entry, expected) in zip(suite.entries, runnable) {
            #expect(entry.type == expected.type)
            #expect(JSONValue.object(entry.kwargs.map { ($0.key, $0.value) }) == .object(expected.kwargs.map { ($0.key, $0.value) }))
            #expect(entry.meta["contract_line"] == .integer(Int64(expected.line)))
        }
        #expect(suite.path.hasSuffix("contracts/customers.odcs.yaml"))
    }

    @Test func aCompoundPrimaryKeyIsUniqueTogetherAndEachPartNotNull() throws {
        let compiled = try compile(table("""
              - {name: tenant_id, logicalType: string, primaryKey: true, primaryKeyPosition: 2}
              - {name: order_id, logicalType: integer, primaryKey: true, primaryKeyPosition: 1}
              - {name: note, logicalType: string}
        """))
        #expect(compiled.kwargs(of: "expect_compound_columns_to_be_unique") == [kw(["column_list": .array(["order_id", "tenant_id"])])])
        #expect(compiled.kwargs(of: "expect_column_values_to_be_unique").isEmpty)
        #expect(compiled.kwargs(of: "expect_column_values_to_not_be_null") == [kw(["column": "tenant_id"]), kw(["column": "order_id"])])
    }

    @Test func qualityRulesMapToExpectationsWithMostlyAndBounds() throws {
        let compiled = try compile(table("""
              - name: a
                quality:
                  - {metric: nullValues, mustBeLessOrEqualTo: 2.5, unit: percent}
                  - {metric: duplicateValues, mustBe: 0}
                  - {metric: invalidValues, arguments: {pattern: "^[a-z]+$"}, mustBeLessThan: 1, unit: percent, severity: warning}
                  - {metric: missingValues, arguments: {missingValues: [null, '', 'unknown']}, mustBe: 0}
        """, quality: """
              - {metric: rowCount, mustBeGreaterThan: 10}
              - {metric: rowCount, mustBe: 5}
              - {metric: duplicateValues, arguments: {properties: [a, b]}, mustBeLessOrEqualTo: 10, unit: percent}
        """))
        #expect(compiled.kwargs(of: "expect_column_values_to_not_be_null") == [kw(["column": "a", "mostly": 0.975]), kw(["column": "a"])])
        #expect(compiled.kwargs(of: "expect_column_values_to_be_unique") == [kw(["column": "a"])])
        #expect(compiled.kwargs(of: "expect_column_values_to_match_regex") == [kw(["column": "a", "regex": "^[a-z]+$", "mostly": .double(0.99.nextUp)])])
        #expect(compiled.expectations.first { $0.type == "expect_column_values_to_match_regex" }?.severity == .warning)
        #expect(compiled.kwargs(of: "expect_column_values_to_not_be_in_set") == [kw(["column": "a", "value_set": .array(["unknown"])])])
        #expect(compiled.kwargs(of: "expect_table_row_count_to_be_between") == [kw(["min_value": 10, "max_value": .null, "strict_min": true])])
        #expect(compiled.kwargs(of: "expect_table_row_count_to_equal") == [kw(["value": 5])])
        #expect(compiled.kwargs(of: "expect_compound_columns_to_be_unique") == [kw(["column_list": .array(["a", "b"]), "mostly": 0.9])])
    }

    @Test func aFreshnessSLABecomesMaxToBeRecent() throws {
        let sla = { (value: String, unit: String) in
            table("      - {name: updated_at, logicalType: timestamp}", extra: """
            slaProperties:
              - {property: freshness, value: \(value), unit: \(unit), element: t.updated_at}
              - {property: retention, value: 3, unit: y}

            """)
        }
        #expect(try compile(sla("1", "d")).kwargs(of: "expect_column_max_to_be_recent") == [kw(["column": "updated_at", "max_age": "1d"])])
        #expect(try compile(sla("6", "hours")).kwargs(of: "expect_column_max_to_be_recent") == [kw(["column": "updated_at", "max_age": "6h"])])
        #expect(try compile(sla("1", "y")).kwargs(of: "expect_column_max_to_be_recent") == [kw(["column": "updated_at", "max_age": "365d"])])
        let compiled = try compile(sla("2", "w"))
        #expect(compiled.kwargs(of: "expect_column_max_to_be_recent") == [kw(["column": "updated_at", "max_age": "2w"])])
        #expect(compiled.notes.map(\.message) == ["the retention SLA is not checked (Assay checks freshness)"])
        #expect(contractError(sla("1", "fortnights"))?.line == 7)
    }

    @Test func unknownFieldsAreKeptAndIgnoredWithANote() throws {
        let contract = try Contract.parse(table("      - {name: a, logicalType: string, colour: blue}", extra: "owner: data-team\n"), path: "test.odcs.yaml")
        #expect(contract.notes.map(\.description) == [
            "note: test.odcs.yaml line 6: unknown top-level field \"owner\" is kept and ignored",
            "note: test.odcs.yaml line 10: unknown property field \"colour\" is kept and ignored",
        ])
        #expect(contract.other.contains { $0.key == "owner" && $0.value == "data-team" })
        #expect(contract.objects[0].properties[0].other.contains { $0.key == "colour" && $0.value == "blue" })
    }

    @Test func malformedContractsNameTheFileAndLine() throws {
        #expect(contractError("schema: [\n  {name: t,\n")?.description.hasPrefix("test.odcs.yaml line 3: not valid YAML or JSON") == true)
        #expect(contractError(table("      - {name: a, required: \"yes\"}"))?.description
                == "test.odcs.yaml line 9: \"required\" must be true or false, not \"yes\"")
        #expect(contractError(table("      - {name: a, logicalType: strnig}"))?.description
                == "test.odcs.yaml line 9: unknown logicalType \"strnig\" (did you mean \"string\"?); ODCS v3 has string, integer, number, boolean, date, timestamp, time, object, array, map")
        #expect(contractError(table("""
              - name: a
                quality:
                  - metric: nullValues
                    mustBeGreaterThen: 3
        """))?.description == "test.odcs.yaml line 12: unknown operator \"mustBeGreaterThen\" (did you mean \"mustBeGreaterThan\"?); ODCS has mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween")
        #expect(contractError(table("      - {name: a, logicalTypeOptions: {minimum: ten}, logicalType: integer}"))?.description
                == "test.odcs.yaml line 9: logicalTypeOptions.minimum must be a number, not \"ten\"")
        #expect(contractError(table("      - {name: a, quality: [{metric: nulValues, mustBe: 0}]}"))?.description
                == "test.odcs.yaml line 9: unknown library metric \"nulValues\" (did you mean \"nullValues\"?); Assay checks nullValues, missingValues, invalidValues, duplicateValues, rowCount")
        #expect(contractError(table("      - {name: a, quality: [{metric: nullValues, mustBeBetween: [5]}]}"))?.line == 9)
        #expect(contractError("kind: DataContract\nschema: {name: t}\n")?.description == "test.odcs.yaml line 2: \"schema\" must be a list of objects (tables)")
    }

    /// What the catalog cannot check exactly is refused with the way out, not approximated.
    @Test func limitsNoExpectationCanCheckAreErrors() throws {
        #expect(contractError(table("      - {name: a, quality: [{metric: nullValues, mustBeLessThan: 10}]}"))?.message
                == "nullValues in rows is checked only as zero (mustBe: 0); give the limit with unit: percent; for other limits write a type: custom, engine: assay rule")
        #expect(contractError(table("      - {name: a, quality: [{metric: nullValues, mustBeGreaterThan: 10, unit: percent}]}"))?.message.hasPrefix("nullValues takes an upper limit") == true)
        #expect(contractError(table("      - {name: a, quality: [{metric: rowCount, mustBe: 1}]}"))?.message
                == "rowCount is a schema-level metric: move it to the quality list of \"t\"")
        let custom = try compile(table("""
              - name: a
                quality:
                  - type: custom
                    engine: assay
                    implementation: |
                      type: expect_column_values_to_be_between
                      kwargs: {column: a, min_valu: 1}
        """))
        #expect(throws: ContractError(file: "test.odcs.yaml", line: 11, message: "a: quality custom assay → expect_column_values_to_be_between: unknown kwarg \"min_valu\" (did you mean \"min_value\"?); expect_column_values_to_be_between takes column, mostly, row_condition, condition_parser, where, min_value, max_value, strict_min, strict_max, parse_strings_as_datetimes, output_strftime_format")) {
            try custom.suite()
        }
    }

    @Test func severalTablesNeedAnObjectChoice() throws {
        let yaml = "kind: DataContract\nschema:\n  - {name: a, properties: [{name: x}]}\n  - {name: b, properties: [{name: y, required: true}]}\n"
        #expect(contractError(yaml)?.message == "the contract has 2 schema objects (a, b): choose one with --object NAME")
        let compiled = try compile(yaml, object: "b")
        #expect(compiled.suiteName == "contract.b")
        #expect(compiled.kwargs(of: "expect_column_values_to_not_be_null") == [kw(["column": "y"])])
    }
}
