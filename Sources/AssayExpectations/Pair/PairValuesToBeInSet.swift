import AssayColumns
import AssayMetrics

/// Passes when in at least `mostly` of the rows kept by `ignore_row_if`, the pair
/// (`column_A`, `column_B`) is one of `value_pairs_set`. A kept row with a missing value fails.
public struct PairValuesToBeInSet: PairMapExpectation {
    public static let type = "expect_column_pair_values_to_be_in_set"
    public static let parameters = pairParameters + ["value_pairs_set"]

    let metric: PairUnexpectedRowsMetric
    let mostly: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        let pairs = try arguments.list("value_pairs_set").map { pair throws(ArgumentError) in
            guard let items = pair.array, items.count == 2 else {
                throw ArgumentError("value_pairs_set", "must hold pairs [a, b], not \(pair.compact)")
            }
            return items
        }
        metric = PairUnexpectedRowsMetric(
            columnA: try arguments.string("column_A"), columnB: try arguments.string("column_B"),
            condition: .inSet(pairs), ignoreRowIf: try arguments.pairIgnoreRule())
        mostly = try arguments.mostly()
    }
}
