import AssayColumns
import AssayMetrics

/// Expectations judged on a column's exact distinct values and their counts.
protocol DistinctValueExpectation: Expectation {
    var column: String { get }
    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation
}

extension DistinctValueExpectation {
    public func plan(_ plan: inout MetricPlan) { plan.add(ValueCountsMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        judge(try metrics.value(ValueCountsMetric(column: column)))
    }

    /// The distinct values, sorted as GX reports them (numbers by value, then text).
    func sortedDistinct(_ counts: ValueCountsMetric.Value) -> [JSONValue] {
        counts.counts.keys.map(\.json).sorted(by: JSONOrder.less)
    }

    /// `value_counts` details: each value with its count, in value order.
    func valueCounts(_ counts: ValueCountsMetric.Value) -> JSONValue {
        .array(counts.counts.map { ($0.key.json, $0.value) }.sorted { JSONOrder.less($0.0, $1.0) }
            .map { .object([("value", $0.0), ("count", .integer(Int64($0.1)))]) })
    }
}

/// A total order on scalar JSON values for stable output: null, bools, numbers, strings.
enum JSONOrder {
    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func rank(_ v: JSONValue) -> Int {
            switch v {
            case .null: 0
            case .bool: 1
            case .integer, .double: 2
            case .string: 3
            default: 4
            }
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        if let x = a.number, let y = b.number { return x < y }
        if let x = a.string, let y = b.string { return x < y }
        if case .bool(let x) = a, case .bool(let y) = b { return !x && y }
        return a.compact < b.compact
    }
}

/// The values of a `value_set` as the keys cells would have (numbers by value).
func cellKeys(_ values: [JSONValue]) -> Set<JSONValue> {
    Set(values.map { value in
        if let number = value.number { return number == number.rounded() && abs(number) < 9e15 ? .integer(Int64(number)) : .double(number) }
        return value
    })
}
