import AssayColumns
import AssayMetrics
import Foundation

/// Passes when the Kullback–Leibler divergence KL(observed ‖ expected) of the column against
/// `partition_object` is at most `threshold` (always, when `threshold` is null). An infinite or
/// undefined divergence fails and is reported as a null observed value.
///
/// - A categorical partition (`values`, `weights`) compares value frequencies. Values seen but
///   not in the partition share `tail_weight_holdout`; the listed weights shrink to make room.
/// - A continuous partition (`bins`, `weights`, optional `tail_weights`) compares a histogram on
///   those edges (numpy's: half-open bins, the last one closed). Values outside the edges form
///   the tails; `tail_weight_holdout` is split between the tails, `internal_weight_holdout`
///   among the zero-weight bins. Infinite end edges hold the tails themselves.
/// - Without a partition, the column is compared with its own histogram on numpy's "auto" bins
///   (or its own value frequencies when `bucketize_data` is false), as GX does for profiling.
///
/// Follows GX's `expect_column_kl_divergence_to_be_less_than` (scipy's `entropy`, which
/// normalises both weight vectors first).
public struct KLDivergenceToBeLessThan: Expectation {
    public static let type = "expect_column_kl_divergence_to_be_less_than"
    public static let parameters = ["column", "partition_object", "threshold", "internal_weight_holdout",
                                    "tail_weight_holdout", "bucketize_data", "min_value", "max_value"]

    enum Partition: Sendable {
        case categorical(values: [JSONValue], weights: [Double])
        case continuous(bins: [Double], weights: [Double], tailWeights: [Double]?)
    }

    let column: String
    let partition: Partition?
    let threshold: Double?
    let tailWeightHoldout: Double
    let internalWeightHoldout: Double
    let bucketizeData: Bool

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        threshold = try arguments.optionalNumber("threshold")
        if let threshold, threshold < 0 { throw ArgumentError("threshold", "threshold must be greater than or equal to zero") }
        tailWeightHoldout = try Self.holdout(arguments, "tail_weight_holdout")
        internalWeightHoldout = try Self.holdout(arguments, "internal_weight_holdout")
        bucketizeData = try arguments.bool("bucketize_data", default: true)
        partition = try arguments["partition_object"].map { value throws(ArgumentError) in try Self.partition(value) }

        switch partition {
        case .categorical?:
            if internalWeightHoldout > 0 { throw ArgumentError("internal_weight_holdout", "internal weight holdout cannot be used for discrete data") }
        case .continuous(let bins, _, let tailWeights)?:
            if tailWeightHoldout != 0, tailWeights != nil {
                throw ArgumentError("tail_weight_holdout", "tail_weight_holdout must be 0 when using tail_weights in partition object")
            }
            let lowerInfinite = bins.first == -.infinity
            let upperInfinite = bins.last == .infinity
            if lowerInfinite, upperInfinite, tailWeightHoldout > 0 {
                throw ArgumentError("tail_weight_holdout", "tail_weight_holdout cannot be used for partitions with infinite endpoints")
            }
            if lowerInfinite || upperInfinite, tailWeights != nil {
                throw ArgumentError("partition_object", "there can be no tail weights for partitions with one or both endpoints at infinity")
            }
        case nil:
            break
        }
    }

    private static func holdout(_ arguments: Arguments, _ key: String) throws(ArgumentError) -> Double {
        let value = try arguments.optionalNumber(key) ?? 0
        guard value >= 0 else { throw ArgumentError(key, "\(key) must be greater than or equal to 0") }
        guard value <= 1 else { throw ArgumentError(key, "\(key) must be less than or equal to 1") }
        return value
    }

    /// GX's `is_valid_partition_object`: weights (plus tail weights) sum to 1; bins increase.
    private static func partition(_ value: JSONValue) throws(ArgumentError) -> Partition {
        func numbers(_ key: String) -> [Double]? {
            guard let items = value[key]?.array else { return nil }
            let parsed = items.compactMap(\.number)
            return parsed.count == items.count ? parsed : nil
        }
        func sumsToOne(_ weights: [Double]) -> Bool { abs(weights.reduce(0, +) - 1) <= 1e-8 + 1e-5 }
        guard let weights = numbers("weights") else { throw ArgumentError("partition_object", "invalid partition object: it needs weights") }
        if let bins = numbers("bins") {
            let tailWeights = numbers("tail_weights")
            if value["tail_weights"] != nil, tailWeights?.count != 2 {
                throw ArgumentError("partition_object", "invalid partition object: tail_weights must be two numbers")
            }
            guard bins.count == weights.count + 1, zip(bins, bins.dropFirst()).allSatisfy({ $0 < $1 }),
                  sumsToOne(weights + (tailWeights ?? [])) else {
                throw ArgumentError("partition_object", "invalid partition object: bins must increase, with one more edge than weights summing to 1")
            }
            return .continuous(bins: bins, weights: weights, tailWeights: tailWeights)
        }
        if let values = value["values"]?.array, values.count == weights.count, sumsToOne(weights) {
            return .categorical(values: values, weights: weights)
        }
        throw ArgumentError("partition_object", "invalid partition object: give values and weights, or bins and weights")
    }

    public func plan(_ plan: inout MetricPlan) {
        switch partition {
        case .categorical?: plan.add(ValueCountsMetric(column: column))
        case .continuous(let bins, _, _)?: plan.add(HistogramMetric(column: column, edges: bins))
        case nil: bucketizeData ? plan.add(NumericValuesMetric(column: column)) : plan.add(ValueCountsMetric(column: column))
        }
    }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        switch partition {
        case .categorical(let values, let weights)?:
            return categorical(try metrics.value(ValueCountsMetric(column: column)), values: values, weights: weights)
        case .continuous(let bins, let weights, let tailWeights)?:
            let histogram = try metrics.value(HistogramMetric(column: column, edges: bins))
            return continuous(histogram, bins: bins, weights: weights, tailWeights: tailWeights)
        case nil:
            if bucketizeData {
                let sorted = Array(try metrics.value(NumericValuesMetric(column: column)))
                let bins = Self.autoBinEdges(sorted)
                let histogram = Self.histogram(sorted, edges: bins)
                let weights = histogram.counts.map { Double($0) / Double(max(1, histogram.nonMissingCount)) }
                let tail = (1 - weights.reduce(0, +)) / 2
                return continuous(histogram, bins: bins, weights: weights, tailWeights: [tail, tail])
            }
            let counts = try metrics.value(ValueCountsMetric(column: column))
            let present = Double(max(1, counts.elementCount - counts.missingCount))
            let observed = counts.counts.map { ($0.key.json, Double($0.value) / present) }.sorted { JSONOrder.less($0.0, $1.0) }
            return categorical(counts, values: observed.map(\.0), weights: observed.map(\.1))
        }
    }

    private func categorical(_ counts: ValueCountsMetric.Value, values: [JSONValue], weights: [Double]) -> Evaluation {
        // An empty column observes zero shares (not 0/0), so the details and the report's figure
        // carry no NaN; its divergence stays undefined and fails, as in GX.
        let present = Double(max(1, counts.elementCount - counts.missingCount))
        var observedCounts: [JSONValue: Int] = [:]
        for (key, count) in counts.counts { observedCounts[key.json] = count }
        let listed = Set(values)
        let unlisted = observedCounts.keys.filter { !listed.contains($0) }.sorted(by: JSONOrder.less)
        let index = values + unlisted
        let observed = index.map { Double(observedCounts[$0] ?? 0) / present }
        var expected = weights
        if !unlisted.isEmpty {
            expected = weights.map { $0 * (1 - tailWeightHoldout) } + unlisted.map { _ in tailWeightHoldout / Double(unlisted.count) }
        }
        let divergence = Self.relativeEntropy(observed, expected)
        let details: [(String, JSONValue)] = [
            ("observed_partition", .object([("values", .array(index)), ("weights", .array(observed.map { .double($0) }))])),
            ("expected_partition", .object([("values", .array(index)), ("weights", .array(expected.map { .double($0) }))])),
        ]
        return verdict(divergence, details: details)
    }

    private func continuous(_ histogram: HistogramMetric.Value, bins: [Double], weights: [Double], tailWeights: [Double]?) -> Evaluation {
        let present = Double(max(1, histogram.nonMissingCount))
        var observed = histogram.counts.map { Double($0) / present }
        let below = Double(histogram.below) / present
        let above = Double(histogram.above) / present
        var expected = weights.map { $0 * (1 - tailWeightHoldout - internalWeightHoldout) }
        if internalWeightHoldout > 0 {
            let zeroCount = expected.filter { $0 == 0 }.count
            if zeroCount > 0 { expected = expected.map { $0 == 0 ? internalWeightHoldout / Double(zeroCount) : $0 } }
        }
        let combinedObserved: [Double]
        let combinedExpected: [Double]
        let observedTails: [Double]
        let expectedTails: [Double]
        var edges = bins
        switch (bins.first == -.infinity, bins.last == .infinity) {
        case (true, true):
            edges = Array(bins.dropFirst().dropLast())
            (combinedObserved, combinedExpected) = (observed, expected)
            observedTails = [observed.first!, observed.last!]
            expectedTails = [expected.first!, expected.last!]
            observed = Array(observed.dropFirst().dropLast())
            expected = Array(expected.dropFirst().dropLast())
        case (true, false):
            edges = Array(bins.dropFirst())
            combinedObserved = observed + [above]
            combinedExpected = expected + [tailWeightHoldout]
            observedTails = [observed.first!, above]
            expectedTails = [expected.first!, tailWeightHoldout]
            observed.removeFirst()
            expected.removeFirst()
        case (false, true):
            edges = Array(bins.dropLast())
            combinedObserved = [below] + observed
            combinedExpected = [tailWeightHoldout] + expected
            observedTails = [below, observed.last!]
            expectedTails = [tailWeightHoldout, expected.last!]
            observed.removeLast()
            expected.removeLast()
        case (false, false):
            expectedTails = tailWeights ?? [tailWeightHoldout / 2, tailWeightHoldout / 2]
            observedTails = [below, above]
            combinedObserved = [below] + observed + [above]
            combinedExpected = [expectedTails[0]] + expected + [expectedTails[1]]
        }
        let divergence = Self.relativeEntropy(combinedObserved, combinedExpected)
        func partition(_ weights: [Double], _ tails: [Double]) -> JSONValue {
            .object([("bins", .array(edges.map { .double($0) })), ("weights", .array(weights.map { .double($0) })),
                     ("tail_weights", .array(tails.map { .double($0) }))])
        }
        return verdict(divergence, details: [("observed_partition", partition(observed, observedTails)),
                                             ("expected_partition", partition(expected, expectedTails))])
    }

    private func verdict(_ divergence: Double, details: [(String, JSONValue)]) -> Evaluation {
        let success = threshold.map { divergence <= $0 } ?? true
        return Evaluation(success: success, result: Verdict.observed(divergence.isFinite ? .double(divergence) : .null, details: details))
    }

    /// scipy's `entropy(pk, qk)`: both normalised to sum 1, then Σ pk·ln(pk/qk); a positive pk
    /// against a zero qk is infinite, a zero total is undefined (NaN).
    static func relativeEntropy(_ observed: [Double], _ expected: [Double]) -> Double {
        let observedTotal = observed.reduce(0, +)
        let expectedTotal = expected.reduce(0, +)
        var sum = 0.0
        for (p, q) in zip(observed, expected) {
            let pk = p / observedTotal
            let qk = q / expectedTotal
            if pk.isNaN || qk.isNaN { return .nan }
            if pk == 0 { continue }
            if qk == 0 { return .infinity }
            sum += pk * log(pk / qk)
        }
        return sum
    }

    /// numpy's `histogram_bin_edges(values, "auto")`: equal bins of the smaller of the Sturges and
    /// Freedman–Diaconis widths (Sturges alone when the interquartile range is 0).
    static func autoBinEdges(_ sorted: [Double]) -> [Double] {
        guard var low = sorted.first, var high = sorted.last else { return [0, 1] }
        if low == high { (low, high) = (low - 0.5, high + 0.5) }
        let n = Double(sorted.count)
        let sturges = (high - low) / (log2(n) + 1)
        let iqr = percentile(sorted, 75) - percentile(sorted, 25)
        let freedmanDiaconis = 2 * iqr * pow(n, -1.0 / 3.0)
        let width = freedmanDiaconis > 0 ? min(freedmanDiaconis, sturges) : sturges
        let binCount = width > 0 ? max(1, Int(((high - low) / width).rounded(.up))) : 1
        return (0...binCount).map { low + (high - low) * Double($0) / Double(binCount) }
    }

    /// numpy's default (linear) percentile of sorted values.
    private static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q / 100 * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }

    /// The histogram of already-sorted values (the auto-binned case reads the values anyway).
    private static func histogram(_ sorted: [Double], edges: [Double]) -> HistogramMetric.Value {
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for x in sorted {
            let bin = min(edges.count - 2, max(0, (edges.lastIndex { $0 <= x } ?? 0)))
            counts[bin] += 1
        }
        return HistogramMetric.Value(counts: counts, below: 0, above: 0, nonMissingCount: sorted.count)
    }
}
