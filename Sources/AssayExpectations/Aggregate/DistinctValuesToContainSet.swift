import AssayColumns
import AssayMetrics

/// Passes when the distinct non-missing values include all of `value_set`.
public struct DistinctValuesToContainSet: DistinctValueExpectation {
    public static let type = "expect_column_distinct_values_to_contain_set"
    public static let parameters = ["column", "value_set", "parse_strings_as_datetimes"]

    let column: String
    let valueSet: [JSONValue]

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        valueSet = try arguments.list("value_set")
    }

    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation {
        let observed = Set(counts.counts.keys.map(\.json))
        let expected = cellKeys(valueSet)
        return Evaluation(success: observed.isSuperset(of: expected),
                          result: Verdict.observed(.array(sortedDistinct(counts)), details: [("value_counts", valueCounts(counts))]))
    }
}
