import AssayColumns
import AssayMetrics

/// One Great Expectations-style check: its parameters, the metrics it needs, and how it judges
/// them. Adding an expectation is one file plus one line in `Catalog`.
public protocol Expectation: Sendable {
    /// The GX name, e.g. `expect_column_values_to_be_between`.
    static var type: String { get }
    /// Keywords it accepts besides the common ones (`Catalog.commonParameters`).
    static var parameters: [String] { get }
    init(_ arguments: Arguments) throws(ArgumentError)
    /// Adds the metrics `evaluate` will read.
    func plan(_ plan: inout MetricPlan)
    /// The verdict from finished metrics; a `MetricError` fails the expectation with `exception_info`.
    func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation
}

/// A verdict and GX's `result` object.
public struct Evaluation: Sendable {
    public var success: Bool
    public var result: [(String, JSONValue)]

    public init(success: Bool, result: [(String, JSONValue)]) {
        self.success = success
        self.result = result
    }
}

/// How much of a result to write (GX `result_format`).
public struct ResultFormat: Sendable, Hashable {
    public enum Level: String, Sendable, CaseIterable {
        case booleanOnly = "BOOLEAN_ONLY"
        case basic = "BASIC"
        case summary = "SUMMARY"
        case complete = "COMPLETE"
    }

    public var level: Level
    /// Values in `partial_unexpected_list` (GX default 20).
    public var partialUnexpectedCount: Int

    public init(level: Level = .summary, partialUnexpectedCount: Int = 20) {
        self.level = level
        self.partialUnexpectedCount = partialUnexpectedCount
    }

    /// From a suite's `result_format`: a level name or `{"result_format": …, "partial_unexpected_count": …}`.
    public init(_ value: JSONValue) throws(ArgumentError) {
        if let name = value.string {
            guard let level = Level(rawValue: name.uppercased()) else {
                throw ArgumentError("result_format", "must be one of \(Level.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
            }
            self.init(level: level)
            return
        }
        guard value.object != nil else { throw ArgumentError("result_format", "must be a level name or an object, not \(value.compact)") }
        var format = try ResultFormat(value["result_format"] ?? .string("SUMMARY"))
        if let count = value["partial_unexpected_count"] {
            guard let number = count.number, number >= 0, number == number.rounded() else {
                throw ArgumentError("result_format", "partial_unexpected_count must be a whole number, not \(count.compact)")
            }
            format.partialUnexpectedCount = Int(number)
        }
        self = format
    }
}

// MARK: Shared verdicts

enum Verdict {
    /// GX's `_validate_metric_value_between`: a missing or NaN value fails; bounds inclusive unless strict.
    static func between(_ observed: Double?, min: Double?, max: Double?, strictMin: Bool = false, strictMax: Bool = false) -> Bool {
        guard let observed, !observed.isNaN else { return false }
        if let min, strictMin ? !(observed > min) : !(observed >= min) { return false }
        if let max, strictMax ? !(observed < max) : !(observed <= max) { return false }
        return true
    }

    /// GX's `mostly` rule: vacuously true without rows to consider.
    static func mostly(considered: Int, unexpected: Int, mostly: Double) -> Bool {
        considered == 0 || Double(considered - unexpected) / Double(considered) >= mostly
    }

    /// The verdict of a map expectation: the `mostly` rule over non-missing rows, GX's result.
    static func map(_ rows: UnexpectedRows, mostly: Double, format: ResultFormat) -> Evaluation {
        Evaluation(success: Verdict.mostly(considered: rows.nonMissingCount, unexpected: rows.unexpectedCount, mostly: mostly),
                   result: mapResult(rows, format: format))
    }

    /// GX's `_format_map_output` for column map expectations.
    static func mapResult(
        _ rows: UnexpectedRows, format: ResultFormat, reportsMissing: Bool = true, denominatorIsAllRows: Bool = false
    ) -> [(String, JSONValue)] {
        if format.level == .booleanOnly { return [] }
        let considered = denominatorIsAllRows ? rows.elementCount : rows.nonMissingCount
        let percent: JSONValue = considered > 0 ? .double(Double(rows.unexpectedCount) / Double(considered) * 100) : .null
        let partial = rows.samples.prefix(format.partialUnexpectedCount)
        var result: [(String, JSONValue)] = [
            ("element_count", .integer(Int64(rows.elementCount))),
            ("unexpected_count", .integer(Int64(rows.unexpectedCount))),
            ("unexpected_percent", percent),
            ("partial_unexpected_list", .array(partial.map(\.value))),
        ]
        if reportsMissing {
            result += [
                ("missing_count", .integer(Int64(rows.missingCount))),
                ("missing_percent", rows.elementCount > 0 ? .double(Double(rows.missingCount) / Double(rows.elementCount) * 100) : .null),
                ("unexpected_percent_total", rows.elementCount > 0 ? .double(Double(rows.unexpectedCount) / Double(rows.elementCount) * 100) : .null),
                ("unexpected_percent_nonmissing", percent),
            ]
        }
        if format.level == .basic { return result }
        var counts: [JSONValue: Int] = [:]
        var firstSeen: [JSONValue] = []
        for sample in partial {
            if counts[sample.value] == nil { firstSeen.append(sample.value) }
            counts[sample.value, default: 0] += 1
        }
        let ranked = firstSeen.sorted { a, b in counts[a]! != counts[b]! ? counts[a]! > counts[b]! : a.compact < b.compact }
        // Samples a database found (pushdown) have no row numbers: no index lists then, as in
        // Great Expectations' SQL results.
        let numbered = rows.samples.allSatisfy { $0.row >= 0 }
        result.append(("partial_unexpected_counts", .array(ranked.map { .object([("value", $0), ("count", .integer(Int64(counts[$0]!)))]) })))
        if numbered { result.append(("partial_unexpected_index_list", .array(partial.map { .integer(Int64($0.row)) }))) }
        if format.level == .summary { return result }
        result.append(("unexpected_list", .array(rows.samples.map(\.value))))
        if numbered { result.append(("unexpected_index_list", .array(rows.samples.map { .integer(Int64($0.row)) }))) }
        return result
    }

    static func observed(_ value: JSONValue, details: [(String, JSONValue)] = []) -> [(String, JSONValue)] {
        var result: [(String, JSONValue)] = [("observed_value", value)]
        if !details.isEmpty { result.append(("details", .object(details))) }
        return result
    }
}
