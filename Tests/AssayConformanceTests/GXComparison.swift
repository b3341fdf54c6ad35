import AssayColumns
import Foundation

/// GX's `check_json_test_result` (INDEX.md §4): nil when the actual result satisfies `out`, else
/// what differs.
enum GXComparison {
    static let relativeTolerance = 1e-7
    static let absoluteTolerance = 5e-2

    static func mismatch(_ test: GXTestCase, _ actual: GXActual) -> String? {
        test.exactMatchOut ? exactMismatch(test, actual) : keyedMismatch(test, actual)
    }

    // MARK: exact_match_out: false

    private static func keyedMismatch(_ test: GXTestCase, _ actual: GXActual) -> String? {
        guard let out = test.out.object else { return "out is not an object" }
        // Nothing to assert: the test documents an error in a key the runner does not read.
        if out.isEmpty { return nil }
        let expectsError = out.contains { $0.0 == "traceback_substring" }
        let catchesExceptions = test.kwargs.contains { $0.key == "catch_exceptions" && $0.value == .bool(true) }
        if let exception = actual.exception, !expectsError, !catchesExceptions { return "raised: \(exception)" }
        let details = actual["details"]
        for (key, expected) in out {
            switch key {
            case "success":
                if expected != .bool(actual.success) { return "success is \(actual.success), expected \(expected.compact)" }
            case "traceback_substring":
                if actual.exception == nil { return "an exception was expected (\(expected.compact))" }
            case "observed_value":
                let observed = actual["observed_value"] ?? .null
                if !observedValueMatches(observed, expected, tolerance: test.tolerance) {
                    return "observed_value is \(observed.compact), expected \(expected.compact)"
                }
            case "observed_value_list":
                let observed = actual["observed_value"] ?? .null
                if !(expected.array ?? []).contains(where: { pythonEqual(observed, $0) }) {
                    return "observed_value \(observed.compact) is none of \(expected.compact)"
                }
            case "unexpected_list", "partial_unexpected_list":
                let found = actual[key]?.array ?? []
                if !sameMultiset(found, expected.array ?? []) { return "\(key) is \(JSONValue.array(found).compact), expected \(expected.compact)" }
            case "unexpected_index_list":
                let found = actual[key]?.array ?? []
                let usesPrimaryKey = test.addsPrimaryKey && !test.kwargs.contains { $0.key == "result_format" }
                guard usesPrimaryKey, !found.isEmpty else { continue }
                let expectedRows = (expected.array ?? []).map { $0["pk_index"] ?? $0 }
                if !sameMultiset(found, expectedRows) { return "unexpected_index_list is \(JSONValue.array(found).compact), expected rows \(JSONValue.array(expectedRows).compact)" }
            case "unexpected_count":
                continue
            case "details":
                if !pythonEqual(details ?? .null, expected) { return "details are \((details ?? .null).compact), expected \(expected.compact)" }
            case "value_counts":
                let found = details?["value_counts"]?.array ?? []
                for item in expected.array ?? [] where !found.contains(where: { pythonEqual($0, item) }) {
                    return "value_counts lack \(item.compact): \(JSONValue.array(found).compact)"
                }
            case "observed_cdf_x_0_lt", "observed_cdf_x_0_eq", "observed_cdf_x_-1_gt", "observed_cdf_x_-1_eq":
                let xs = details?["observed_cdf"]?["x"]?.array ?? []
                guard let x = (key.contains("_0_") ? xs.first : xs.last)?.number, let bound = expected.number else {
                    return "\(key): no observed_cdf.x in \((details ?? .null).compact)"
                }
                let holds = key.hasSuffix("_lt") ? x < bound : key.hasSuffix("_gt") ? x > bound : x == bound
                if !holds { return "\(key): x is \(x), bound \(bound)" }
            case "expected_partition", "observed_partition":
                let found = details?[key] ?? .null
                for part in ["bins", "weights", "tail_weights"] {
                    guard part != "tail_weights" || found[part] != nil else { continue }
                    if !allClose(found[part] ?? .null, expected[part] ?? .null, relative: relativeTolerance, absolute: absoluteTolerance) {
                        return "\(key).\(part) is \((found[part] ?? .null).compact), expected \((expected[part] ?? .null).compact)"
                    }
                }
            default:
                return "unknown key \(key) in out"
            }
        }
        return nil
    }

    private static func observedValueMatches(_ observed: JSONValue, _ expected: JSONValue, tolerance: Double?) -> Bool {
        if let tolerance {
            if let expectedMembers = expected.object {
                guard let observedMembers = observed.object,
                      Set(observedMembers.map(\.0)) == Set(expectedMembers.map(\.0)) else { return false }
                return expectedMembers.allSatisfy { key, value in allClose(observed[key] ?? .null, value, relative: tolerance, absolute: 1e-8) }
            }
            return allClose(observed, expected, relative: tolerance, absolute: 1e-8)
        }
        if let values = expected["values"] {
            return allClose(observed["values"] ?? .null, values, relative: relativeTolerance, absolute: absoluteTolerance)
        }
        if hasDecimalLiteral(expected) {
            return allClose(observed, expected, relative: relativeTolerance, absolute: absoluteTolerance)
        }
        return pythonEqual(observed, expected)
    }

    /// GX's `try_allclose`: the repr of the expected value matches `.*\d\.\d+.*`.
    private static func hasDecimalLiteral(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): number.isFinite
        case .string(let text): text.range(of: #"\d\.\d"#, options: .regularExpression) != nil
        case .array(let items): items.contains(where: hasDecimalLiteral)
        case .object(let members): members.contains { hasDecimalLiteral($0.1) }
        default: false
        }
    }

    // MARK: exact_match_out: true

    private static func exactMismatch(_ test: GXTestCase, _ actual: GXActual) -> String? {
        let expectedResult = test.out["result"]?.object ?? []
        if case .double(let observed)? = actual["observed_value"] {
            let expected = test.out["result"]?["observed_value"] ?? .null
            return allClose(.double(observed), expected, relative: relativeTolerance, absolute: absoluteTolerance)
                ? nil : "observed_value is \(observed), expected \(expected.compact)"
        }
        if test.out["success"] != .bool(actual.success) { return "success is \(actual.success), expected \((test.out["success"] ?? .null).compact)" }
        let expectsRaise = test.out["exception_info"]?["raised_exception"] == .bool(true)
        if expectsRaise != (actual.exception != nil) { return "raised: \(actual.exception ?? "nothing"), expected raised_exception \(expectsRaise)" }
        if expectedResult.isEmpty != actual.result.isEmpty { return "result is \(JSONValue.object(actual.result).compact), expected \(JSONValue.object(expectedResult).compact)" }
        for (key, var expected) in expectedResult {
            guard let found = actual[key] else { continue }
            // Assay gives row numbers where GX gives {pk_index, columns…} records.
            if key == "unexpected_index_list" || key == "partial_unexpected_index_list", let items = expected.array {
                expected = .array(items.map { $0["pk_index"] ?? $0 })
            }
            if !pythonEqual(found, expected) { return "result.\(key) is \(found.compact), expected \(expected.compact)" }
        }
        return nil
    }

    // MARK: Python equality

    /// Python `==` after GX's JSON conversion: numbers by value, dicts without order.
    static func pythonEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { key, value in y.first { $0.0 == key }.map { pythonEqual(value, $0.1) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { pythonEqual($0, $1) }
        default:
            if let x = a.number, let y = b.number { return x == y || (x.isNaN && y.isNaN) }
            return a == b
        }
    }

    /// Equal as sorted lists: order never matters for unexpected values (GX sorts both sides).
    static func sameMultiset(_ found: [JSONValue], _ expected: [JSONValue]) -> Bool {
        guard found.count == expected.count else { return false }
        var remaining = expected
        for item in found {
            guard let index = remaining.firstIndex(where: { pythonEqual(item, $0) }) else { return false }
            remaining.remove(at: index)
        }
        return true
    }

    /// numpy's `allclose`: |a − b| ≤ atol + rtol·|b| element by element; NaN never equal.
    /// Values that are not numbers must be equal.
    static func allClose(_ a: JSONValue, _ b: JSONValue, relative: Double, absolute: Double) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { allClose($0, $1, relative: relative, absolute: absolute) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in
                y.first { $0.0 == key }.map { allClose(value, $0.1, relative: relative, absolute: absolute) } ?? false
            }
        default:
            guard let x = a.number, let y = b.number else { return pythonEqual(a, b) }
            if x.isInfinite || y.isInfinite { return x == y }
            return abs(x - y) <= absolute + relative * abs(y)
        }
    }
}
