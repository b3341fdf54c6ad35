import AssayColumns
import AssayMetrics

/// Passes when every distinct non-missing value is in `value_set`; a null `value_set` is the
/// universal set (vacuously true, as GX).
public struct DistinctValuesToBeInSet: DistinctValueExpectation {
    public static let type = "expect_column_distinct_values_to_be_in_set"
    public static let parameters = ["column", "value_set", "parse_strings_as_datetimes"]

    let column: String
    let valueSet: [JSONValue]?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        valueSet = arguments["value_set"] == nil ? nil : try arguments.list("value_set")
    }

    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation {
        let observed = Set(counts.counts.keys.map(\.json))
        return Evaluation(success: valueSet.map { observed.isSubset(of: cellKeys($0)) } ?? true,
                          result: Verdict.observed(.array(sortedDistinct(counts)), details: [("value_counts", valueCounts(counts))]))
    }
}
