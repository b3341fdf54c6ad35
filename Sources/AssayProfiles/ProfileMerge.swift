import AssayColumns
import AssayKernels
import AssayMetrics
import Foundation

/// The profile of the union of two datasets from their profiles (`assay profile merge`): how
/// partitions or days profiled apart combine. Exact: row, value, null, zero and negative counts,
/// minimum and maximum, moments (Pébay's merge of the kept sums) and co-moments (Chan et al.).
/// Within the sketches' error: quantiles (the two quantile functions mixed by their counts and
/// read at the 1,001 probabilities), frequent values (counts summed; the error bounds add), distinct
/// counts (exact when both sides know every value, else HyperLogLog registers merged). Duplicate
/// rows across the two cannot be known: the merged count is the sum, a lower bound.
public enum ProfileMerge {
    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String
    }

    public static func merge(_ a: Profile, _ b: Profile, thresholds: AlertThresholds = AlertThresholds()) throws(Mismatch) -> Profile {
        guard a.columns.map(\.name) == b.columns.map(\.name) else {
            throw Mismatch(description: "the profiles have different columns (\(a.columns.map(\.name).joined(separator: ", ")) vs \(b.columns.map(\.name).joined(separator: ", ")))")
        }
        var columns: [ColumnProfile] = []
        for (left, right) in zip(a.columns, b.columns) {
            guard left.type == right.type else { throw Mismatch(description: "column \"\(left.name)\" is \(left.type.rawValue) in one profile, \(right.type.rawValue) in the other") }
            columns.append(try column(left, right))
        }
        var merged = Profile(assayVersion: ProfileBuilder.assayVersion, source: a.source + " + " + b.source, rowCount: a.rowCount + b.rowCount,
                             columns: columns, correlations: correlations(a.correlations, b.correlations),
                             duplicateRowCount: a.duplicateRowCount.flatMap { x in b.duplicateRowCount.map { x + $0 } })
        merged.alerts = Alerts.of(merged, thresholds: thresholds)
        return merged
    }

    static func column(_ a: ColumnProfile, _ b: ColumnProfile) throws(Mismatch) -> ColumnProfile {
        var numeric: ColumnProfile.NumericStatistics?
        if let left = a.numeric, let right = b.numeric {
            guard let mine = left.moments, let theirs = right.moments else {
                throw Mismatch(description: "column \"\(a.name)\": a profile keeps no moment sums (schema version 1?): profile again with this Assay")
            }
            let moments = mine.merging(theirs)
            let hasValues = moments.count > 0
            func extreme(_ x: ProfileNumber?, _ y: ProfileNumber?, _ pick: (Double, Double) -> Bool) -> ProfileNumber? {
                guard let x else { return y }
                guard let y else { return x }
                return pick(x.doubleValue, y.doubleValue) ? x : y
            }
            func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
            numeric = .init(min: extreme(left.min, right.min, <), max: extreme(left.max, right.max, >),
                            mean: hasValues ? finite(moments.mean) : nil, stddev: finite(moments.standardDeviation),
                            skewness: finite(moments.skewness), kurtosis: finite(moments.kurtosis), nanCount: moments.nanCount,
                            infiniteCount: moments.positiveInfinityCount + moments.negativeInfinityCount, moments: moments)
        }
        var distribution: ColumnProfile.Distribution?
        if let left = a.distribution, let right = b.distribution {
            distribution = merge(left, right, counts: (a.count, b.count))
        }
        var merged = ColumnProfile(name: a.name, type: a.type, count: a.count + b.count, nullCount: a.nullCount + b.nullCount,
                                   numeric: numeric, distribution: distribution)
        // ISO text of one type orders as the instants do.
        if let left = a.instantRange, let right = b.instantRange {
            merged.instantRange = .init(min: Swift.min(left.min, right.min), max: Swift.max(left.max, right.max),
                                        newestAgeDays: Swift.min(left.newestAgeDays, right.newestAgeDays))
        } else {
            merged.instantRange = a.instantRange ?? b.instantRange
        }
        return merged
    }

    static func merge(_ a: ColumnProfile.Distribution, _ b: ColumnProfile.Distribution, counts: (Int, Int)) -> ColumnProfile.Distribution {
        // Frequent values: counts of the same value add; beyond the capacity, a Misra–Gries decrement.
        var frequent: [ColumnProfile.FrequentValue]?
        var complete = a.frequentValuesComplete && b.frequentValuesComplete
        var bound = a.frequentValuesErrorBound + b.frequentValuesErrorBound
        if let left = a.frequentValues, let right = b.frequentValues {
            var totals: [JSONValue: Int] = [:]
            var order: [JSONValue] = []
            for value in left + right {
                if totals[value.value] == nil { order.append(value.value) }
                totals[value.value, default: 0] += value.count
            }
            var merged = order.map { ColumnProfile.FrequentValue(value: $0, count: totals[$0]!) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value.compact < $1.value.compact }
            if merged.count > CategorySketch.capacity {
                let decrement = merged[CategorySketch.capacity].count
                merged = merged.prefix(CategorySketch.capacity).map { .init(value: $0.value, count: $0.count - decrement) }.filter { $0.count > 0 }
                bound += decrement
                complete = false
            }
            frequent = merged
        }
        var registers: [UInt8]?
        if let left = a.hll, let right = b.hll, left.count == right.count { registers = zip(left, right).map { max($0, $1) } }
        let distinct: Int
        let exact: Bool
        if complete, let frequent {
            distinct = frequent.count
            exact = true
        } else if let registers {
            distinct = CategorySketch.estimate(registers)
            exact = false
        } else {
            distinct = max(a.distinctCount, b.distinctCount)
            exact = false
        }
        var quantiles: [Double]?
        if let left = a.quantiles, let right = b.quantiles {
            quantiles = mixture(left, right, weights: (Double(counts.0), Double(counts.1)))
        } else {
            quantiles = a.quantiles ?? b.quantiles
        }
        let lengthMean: Double? = {
            guard let x = a.lengthMean, let y = b.lengthMean else { return a.lengthMean ?? b.lengthMean }
            let total = Double(counts.0 + counts.1)
            return total > 0 ? (x * Double(counts.0) + y * Double(counts.1)) / total : nil
        }()
        return ColumnProfile.Distribution(
            distinctCount: distinct, distinctCountExact: exact, frequentValues: frequent, frequentValuesComplete: complete && frequent != nil,
            frequentValuesErrorBound: bound, quantiles: quantiles,
            quantilesExact: false, sampleSize: a.sampleSize + b.sampleSize,
            zeroCount: a.zeroCount.flatMap { x in b.zeroCount.map { x + $0 } },
            negativeCount: a.negativeCount.flatMap { x in b.negativeCount.map { x + $0 } },
            lengthMin: [a.lengthMin, b.lengthMin].compactMap { $0 }.min(), lengthMax: [a.lengthMax, b.lengthMax].compactMap { $0 }.max(),
            lengthMean: lengthMean, hll: registers,
            // Histograms on the same edges add (exactly when both are exact); other edges cannot be re-binned.
            histogram: a.histogram.flatMap { left in
                b.histogram.flatMap { right in
                    left.edges == right.edges
                        ? ColumnProfile.Histogram(edges: left.edges, counts: zip(left.counts, right.counts).map(+), exact: left.exact && right.exact) : nil
                }
            })
    }

    /// The quantiles of the mixture of two distributions given by their quantiles (linear between
    /// them), weighted by their counts: the merged CDF read at p = i / (k − 1) by bisection.
    static func mixture(_ a: [Double], _ b: [Double], weights: (Double, Double)) -> [Double] {
        let total = weights.0 + weights.1
        guard total > 0 else { return a }
        func mixed(_ x: Double) -> Double { (weights.0 * QuantileFunction.cdf(a, x) + weights.1 * QuantileFunction.cdf(b, x)) / total }
        let candidates = (a + b).sorted()
        guard let lowest = candidates.first, let highest = candidates.last else { return a }
        let k = a.count
        return (0..<k).map { index in
            let p = Double(index) / Double(k - 1)
            if index == 0 { return lowest }
            if index == k - 1 { return highest }
            // The smallest x with mixed(x) ≥ p: bisect among the candidates, then inside the step.
            var low = 0, high = candidates.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if mixed(candidates[middle]) >= p { high = middle } else { low = middle }
            }
            var left = candidates[low], right = candidates[high]
            for _ in 0..<60 {
                let middle = (left + right) / 2
                if mixed(middle) >= p { right = middle } else { left = middle }
            }
            return right
        }
    }

    static func correlations(_ a: Correlations, _ b: Correlations) -> Correlations {
        guard let left = a.comoments, let right = b.comoments, left.dimension == right.dimension,
              let columns = a.covariance?.columns, columns == b.covariance?.columns else { return Correlations(pearson: nil) }
        let moments = left.merging(right)
        let k = moments.dimension
        let r = moments.pearson
        let pearson = CorrelationMatrix(columns: columns, matrix: (0..<k).map { i in (0..<k).map { j in r[i + j * k].isFinite ? r[i + j * k] : nil } })
        let covariance = CovarianceMatrix(
            columns: columns,
            means: (0..<k).map { moments.count[$0 + $0 * k] > 0 ? moments.mean[$0 + $0 * k] : nil },
            matrix: (0..<k).map { i in (0..<k).map { j in
                moments.count[i + j * k] >= 2 ? moments.comoment[i + j * k] / (moments.count[i + j * k] - 1) : nil
            } },
            counts: (0..<k).map { i in (0..<k).map { j in Int(moments.count[i + j * k]) } })
        return Correlations(pearson: pearson, covariance: covariance, comoments: moments)
    }
}
