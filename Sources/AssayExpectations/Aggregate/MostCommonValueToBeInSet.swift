import AssayColumns
import AssayMetrics

/// Passes when the most common non-missing value is in `value_set`. On a tie for most common it
/// fails, unless `ties_okay`, when one of the tied values in the set suffices (as GX). The
/// observed value is the list of most common values.
public struct MostCommonValueToBeInSet: DistinctValueExpectation {
    public static let type = "expect_column_most_common_value_to_be_in_set"
    public static let parameters = ["column", "value_set", "ties_okay"]

    let column: String
    let valueSet: [JSONValue]
    let tiesOkay: Bool

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        valueSet = try arguments.list("value_set")
        tiesOkay = try arguments.bool("ties_okay", default: false)
    }

    func judge(_ counts: ValueCountsMetric.Value) -> Evaluation {
        let top = counts.counts.values.max() ?? 0
        let mode = counts.counts.filter { $0.value == top }.map(\.key.json).sorted(by: JSONOrder.less)
        let expected = cellKeys(valueSet)
        let inSet = mode.filter { expected.contains($0) }
        let success = tiesOkay ? !inSet.isEmpty : mode.count == 1 && inSet.count == 1
        return Evaluation(success: success, result: Verdict.observed(.array(mode)))
    }
}
