import AssayColumns
import AssayMetrics
import AssayProfiles
import AssayStatistics
import Foundation

/// Whether a column's distribution still matches the baseline's, by one of eight methods.
///
/// Numeric columns are compared through the baseline's 1,001 quantiles: the current column is
/// counted, exactly, in the bins between them (one histogram in the pass), so the current side
/// is exact and the baseline side is as good as its quantiles (exact for columns of ≤ 65,536
/// values, else off in rank by at most the profile's `rank_error`). Categorical columns (text,
/// booleans, dates, integers with frequent values) compare category shares: the baseline's
/// frequent values (exact when the profile marks them complete) and one "other" category.
///
/// - `ks`: two-sample Kolmogorov–Smirnov D at the baseline quantiles, p-value as
///   `scipy.stats.ks_2samp(method="auto")` for the two sample sizes (exact when both have at most
///   10,000 values, else asymptotic).
/// - `wasserstein`: Wasserstein-1 ∫|F_current − F_baseline| dx divided by the baseline's
///   standard deviation (CDFs linear inside each bin; current values beyond the baseline's range
///   spread evenly to the current min or max).
/// - `psi`: Σ (c − b) ln(c / b) over `bins` baseline-quantile bins (default 10), empty shares
///   replaced by ε = 0.0001. `kl`: Σ c ln(c / b), same bins and ε (current ‖ baseline).
/// - `js`: the Jensen–Shannon *distance* (square root of the divergence) with base-2 logarithms,
///   in [0, 1], as `scipy.spatial.distance.jensenshannon(c, b, base=2)`. `hellinger`:
///   √(1 − Σ √(c·b)), in [0, 1].
/// - `chisquare` (categorical): χ² test of homogeneity of the 2 × k table of counts, categories
///   with an expected count below 5 merged, no continuity correction (`chi2_contingency(...,
///   correction=False)`); `observed_value` is χ², `details.p_value` its p-value.
/// - `linf` (categorical): the largest absolute difference of a category's share (as TFDV).
///
/// Default (as Evidently): when either side has at most 1,000 values, `ks` (numeric) or
/// `chisquare` (categorical) with `p_value_min` 0.05; otherwise the effect sizes — `wasserstein`
/// (numeric) or `js` (categorical) — with `threshold` 0.1. Given `threshold`, the statistic must
/// be at most it; given `p_value_min`, the p-value at least it (methods with a p-value).
public struct DistributionToMatchBaseline: BaselineExpectation {
    public static let type = "expect_column_distribution_to_match_baseline"
    public static let parameters = ["column", "method", "threshold", "p_value_min", "bins"]
    public static let methods = ["ks", "wasserstein", "psi", "js", "hellinger", "kl", "chisquare", "linf"]
    static let numericMethods: Set = ["ks", "wasserstein", "psi", "js", "hellinger", "kl"]
    static let categoricalMethods: Set = ["chisquare", "linf", "js", "psi"]
    static let epsilon = 0.0001
    static let smallSampleMax = 1_000

    let column: String
    let method: String?
    let threshold: Double?
    let pValueMin: Double?
    let bins: Int

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        method = try arguments.optionalString("method")
        if let method, !Self.methods.contains(method) {
            throw ArgumentError("method", "must be one of \(Self.methods.joined(separator: ", ")), not \"\(method)\"")
        }
        threshold = try arguments.optionalNumber("threshold")
        pValueMin = try arguments.optionalNumber("p_value_min")
        if let pValueMin, !(0...1).contains(pValueMin) { throw ArgumentError("p_value_min", "must lie in [0, 1]") }
        bins = try arguments.optionalInteger("bins") ?? 10
        guard (2...1_000).contains(bins) else { throw ArgumentError("bins", "must lie between 2 and 1000") }
    }

    /// Numeric comparison when the baseline kept quantiles and no categorical method was asked for.
    func isNumeric(_ distribution: ColumnProfile.Distribution) -> Bool {
        distribution.quantiles != nil && method != "chisquare" && method != "linf"
    }

    static func edges(_ quantiles: [Double]) -> [Double] {
        var edges: [Double] = []
        for value in quantiles where edges.last.map({ value > $0 }) ?? true { edges.append(value) }
        if edges.count == 1 { edges.append(edges[0].nextUp) }
        return edges
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) {
        guard let (_, distribution) = try? baseline.baselineDistribution(column) else { return }
        if isNumeric(distribution), let quantiles = distribution.quantiles {
            plan.add(HistogramMetric(column: column, edges: Self.edges(quantiles), instants: true))
        } else {
            plan.add(CategoryCountsMetric(column: column, categories: (distribution.frequentValues ?? []).map(\.value)))
        }
    }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let (profile, distribution) = try baseline.baselineDistribution(column)
        let comparison: Comparison
        if isNumeric(distribution), let quantiles = distribution.quantiles {
            let histogram = try metrics.value(HistogramMetric(column: column, edges: Self.edges(quantiles), instants: true))
            comparison = try numeric(histogram, quantiles: quantiles, baselineCount: profile.count,
                                     baselineStddev: profile.numeric?.stddev ?? QuantileFunction.spread(quantiles))
        } else {
            guard let frequent = distribution.frequentValues else {
                throw MetricError("the baseline keeps no frequent values for \"\(column)\" (a float column): use a numeric method")
            }
            let counts = try metrics.value(CategoryCountsMetric(column: column, categories: frequent.map(\.value)))
            comparison = try categorical(counts, frequent: frequent, baselineCount: profile.count)
        }
        var success = true
        if let limit = comparison.threshold { success = success && comparison.statistic <= limit }
        if let minimum = comparison.pValueMin {
            guard let p = comparison.pValue else { throw MetricError("method \(comparison.method) has no p-value; give threshold instead") }
            success = success && p >= minimum
        }
        var details: [(String, JSONValue)] = [("method", .string(comparison.method)), ("threshold", .number(comparison.threshold))]
        if let p = comparison.pValue { details += [("p_value", .double(p)), ("p_value_min", .number(comparison.pValueMin))] }
        details += [("baseline_count", .integer(Int64(comparison.baselineCount))), ("current_count", .integer(Int64(comparison.currentCount)))]
        details += comparison.extra
        details += [
            ("observed_partition", .object([("values", .array(comparison.labels.map { .string($0) })), ("weights", .array(comparison.current.map { .double($0) }))])),
            ("expected_partition", .object([("values", .array(comparison.labels.map { .string($0) })), ("weights", .array(comparison.expected.map { .double($0) }))])),
        ]
        return Evaluation(success: success && comparison.statistic.isFinite, result: Verdict.observed(.number(comparison.statistic), details: details))
    }

    struct Comparison {
        var method: String
        var statistic: Double
        var pValue: Double?
        var threshold: Double?
        var pValueMin: Double?
        var baselineCount: Int
        var currentCount: Int
        var labels: [String]
        var current: [Double]
        var expected: [Double]
        var extra: [(String, JSONValue)] = []
    }

    /// The method and limits in force: the asked ones, else the documented defaults.
    func rule(numeric: Bool, baselineCount: Int, currentCount: Int) -> (method: String, threshold: Double?, pValueMin: Double?) {
        let small = min(baselineCount, currentCount) <= Self.smallSampleMax
        let chosen = method ?? (numeric ? (small ? "ks" : "wasserstein") : (small ? "chisquare" : "js"))
        if threshold == nil && pValueMin == nil {
            return ["ks", "chisquare"].contains(chosen) ? (chosen, nil, 0.05) : (chosen, 0.1, nil)
        }
        return (chosen, threshold, pValueMin)
    }

    private func numeric(_ histogram: HistogramMetric.Value, quantiles: [Double], baselineCount: Int,
                         baselineStddev: Double?) throws(MetricError) -> Comparison {
        let n = Double(histogram.nonMissingCount)
        guard n > 0, baselineCount > 0 else { throw MetricError("no values to compare in \"\(column)\"") }
        let (method, threshold, pValueMin) = rule(numeric: true, baselineCount: baselineCount, currentCount: Int(n))
        guard Self.numericMethods.contains(method) else { throw MetricError("method \(method) applies to categorical columns; \"\(column)\" is numeric") }
        let edges = Self.edges(quantiles)
        let step = 1 / Double(quantiles.count - 1)
        // Baseline share below each edge: the first quantile at that edge.
        var baselineBelow: [Double] = []
        var next = 0
        for edge in edges {
            while next < quantiles.count, quantiles[next] < edge { next += 1 }
            baselineBelow.append(min(1, Double(next) * step))
        }
        if edges.count == 2, quantiles.first == quantiles.last { baselineBelow = [0, 1] }
        var currentBelow: [Double] = []
        var running = Double(histogram.below)
        for index in edges.indices {
            currentBelow.append(running / n)
            if index < histogram.counts.count { running += Double(histogram.counts[index]) }
        }
        let above = Double(histogram.above) / n
        var comparison = Comparison(method: method, statistic: 0, pValue: nil, threshold: threshold, pValueMin: pValueMin,
                                    baselineCount: baselineCount, currentCount: Int(n), labels: [], current: [], expected: [])
        // Binned shares over `bins` baseline-quantile bins, plus the current mass beyond the baseline's range.
        let (labels, current, expected) = binned(edges: edges, baselineBelow: baselineBelow, currentBelow: currentBelow, above: above)
        comparison.labels = labels
        comparison.current = current
        comparison.expected = expected
        switch method {
        case "ks":
            var d = above
            var location = edges.last ?? 0
            for index in edges.indices where abs(currentBelow[index] - baselineBelow[index]) > d {
                d = abs(currentBelow[index] - baselineBelow[index])
                location = edges[index]
            }
            comparison.statistic = d
            // scipy's method="auto": exact when both samples have at most 10,000 values.
            comparison.pValue = max(baselineCount, Int(n)) <= 10_000
                ? KolmogorovSmirnov.twoSampleExactPValue(d: d, n: baselineCount, m: Int(n)) ?? KolmogorovSmirnov.twoSamplePValue(d: d, n: baselineCount, m: Int(n))
                : KolmogorovSmirnov.twoSamplePValue(d: d, n: baselineCount, m: Int(n))
            comparison.extra = [("statistic_location", .double(location))]
        case "wasserstein":
            guard let stddev = baselineStddev, stddev > 0 else { throw MetricError("the baseline's standard deviation of \"\(column)\" is 0 or unknown: Wasserstein cannot be normed") }
            var area = 0.0
            for index in 0..<(edges.count - 1) {
                area += Self.absoluteArea(currentBelow[index] - baselineBelow[index], currentBelow[index + 1] - baselineBelow[index + 1],
                                          width: edges[index + 1] - edges[index])
            }
            if histogram.below > 0 { area += currentBelow[0] * (edges[0] - histogram.belowMinimum) / 2 }
            if histogram.above > 0 { area += above * (histogram.aboveMaximum - edges[edges.count - 1]) / 2 }
            comparison.statistic = area / stddev
            comparison.extra = [("wasserstein_distance", .double(area)), ("baseline_stddev", .double(stddev))]
        default:
            comparison.statistic = Self.divergence(method, current: current, expected: expected)
        }
        return comparison
    }

    /// ∫ |d(x)| over a bin where d goes linearly from d0 to d1.
    static func absoluteArea(_ d0: Double, _ d1: Double, width: Double) -> Double {
        if d0 * d1 >= 0 { return width * abs(d0 + d1) / 2 }
        return width * (d0 * d0 + d1 * d1) / (2 * (abs(d0) + abs(d1)))
    }

    private func binned(edges: [Double], baselineBelow: [Double], currentBelow: [Double], above: Double)
        -> (labels: [String], current: [Double], expected: [Double]) {
        // Bin boundaries: the fine edges nearest below each k-th quantile share.
        var cuts: [Int] = [0]
        for bin in 1..<bins {
            let target = Double(bin) / Double(bins)
            let index = baselineBelow.firstIndex { $0 >= target - 1e-12 } ?? edges.count - 1
            if index > cuts[cuts.count - 1] && index < edges.count - 1 { cuts.append(index) }
        }
        cuts.append(edges.count - 1)
        var labels = ["below baseline min"]
        var current = [currentBelow[0]]
        var expected = [baselineBelow[0]]
        for index in 0..<(cuts.count - 1) {
            let (from, to) = (cuts[index], cuts[index + 1])
            let last = index == cuts.count - 2
            labels.append("[\(NumberText.text(edges[from])), \(NumberText.text(edges[to]))\(last ? "]" : ")")")
            current.append((last ? 1 - above : currentBelow[to]) - currentBelow[from])
            expected.append((last ? 1 : baselineBelow[to]) - baselineBelow[from])
        }
        labels.append("above baseline max")
        current.append(above)
        expected.append(0)
        return (labels, current.map { max(0, $0) }, expected.map { max(0, $0) })
    }


    /// PSI, KL, JS distance (base 2) or Hellinger of current shares against expected ones.
    static func divergence(_ method: String, current: [Double], expected: [Double]) -> Double {
        let pairs = zip(current, expected).filter { $0.0 > 0 || $0.1 > 0 }
        switch method {
        case "psi":
            return Contingency.populationStabilityIndex(expected: expected, actual: current, epsilon: epsilon)
        case "kl":
            return pairs.reduce(0) { total, pair in pair.0 > 0 ? total + pair.0 * log(pair.0 / max(pair.1, epsilon)) : total }
        case "js":
            return Contingency.jensenShannonDistance(current, expected)
        case "hellinger":
            let sumC = current.reduce(0, +), sumB = expected.reduce(0, +)
            let overlap = pairs.reduce(0) { $0 + ($1.0 / sumC * $1.1 / sumB).squareRoot() }
            return max(0, 1 - overlap).squareRoot()
        default:
            return .nan
        }
    }

    private func categorical(_ counts: CategoryCountsMetric.Value, frequent: [ColumnProfile.FrequentValue], baselineCount: Int) throws(MetricError) -> Comparison {
        let n = counts.nonMissingCount
        guard n > 0, baselineCount > 0 else { throw MetricError("no values to compare in \"\(column)\"") }
        let (method, threshold, pValueMin) = rule(numeric: false, baselineCount: baselineCount, currentCount: n)
        guard Self.categoricalMethods.contains(method) else { throw MetricError("method \(method) applies to numeric columns; \"\(column)\" is categorical") }
        var labels = frequent.map { Self.label($0.value) }
        var baseline = frequent.map { Double($0.count) }
        var current = counts.counts.map(Double.init)
        let baselineOther = Double(baselineCount) - baseline.reduce(0, +)
        if baselineOther > 0 || counts.newCount > 0 {
            labels.append("(other)")
            baseline.append(max(0, baselineOther))
            current.append(Double(counts.newCount))
        }
        let currentShares = current.map { $0 / Double(n) }
        let baselineShares = baseline.map { $0 / Double(baselineCount) }
        var comparison = Comparison(method: method, statistic: 0, pValue: nil, threshold: threshold, pValueMin: pValueMin,
                                    baselineCount: baselineCount, currentCount: n, labels: Array(labels.prefix(40)),
                                    current: Array(currentShares.prefix(40)), expected: Array(baselineShares.prefix(40)))
        switch method {
        case "chisquare":
            let (statistic, degrees) = Contingency.homogeneity(baseline, current)
            comparison.statistic = statistic
            comparison.pValue = degrees > 0 ? Distributions.chiSquaredSF(statistic, degreesOfFreedom: Double(degrees)) : 1
            comparison.extra = [("degrees_of_freedom", .integer(Int64(degrees)))]
        case "linf":
            var worst = 0.0
            var worstLabel = ""
            for index in labels.indices where abs(currentShares[index] - baselineShares[index]) > worst {
                worst = abs(currentShares[index] - baselineShares[index])
                worstLabel = labels[index]
            }
            comparison.statistic = worst
            comparison.extra = [("worst_category", .string(worstLabel))]
        default:
            comparison.statistic = Self.divergence(method, current: currentShares, expected: baselineShares)
        }
        return comparison
    }

    static func label(_ value: JSONValue) -> String { value.string ?? value.compact }
}
