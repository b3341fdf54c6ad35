import AssayColumns
import AssayKernels
import AssayMetrics
import AssayProfiles
import AssayStatistics
import Foundation

/// The number of distinct values moved by at most `relative_change_max` of the baseline's:
/// |current − baseline| / baseline. Current count exact; the baseline's exact when the profile
/// says so, else HyperLogLog (±1.6% standard error), stated in `details`.
public struct UniqueValueCountToMatchBaseline: BaselineExpectation {
    public static let type = "expect_column_unique_value_count_to_match_baseline"
    public static let parameters = ["column", "relative_change_max"]

    let column: String
    let relativeChangeMax: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        relativeChangeMax = try arguments.number("relative_change_max")
        guard relativeChangeMax >= 0 else { throw ArgumentError("relative_change_max", "must be at least 0") }
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) { plan.add(DistinctCountMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let (_, distribution) = try baseline.baselineDistribution(column)
        let current = try metrics.value(DistinctCountMetric(column: column)).distinctCount
        let reference = distribution.distinctCount
        let change = reference > 0 ? Double(current - reference) / Double(reference) : (current == 0 ? 0 : .infinity)
        return Evaluation(success: abs(change) <= relativeChangeMax, result: Verdict.observed(.integer(Int64(current)), details: [
            ("baseline_distinct_count", .integer(Int64(reference))), ("baseline_exact", .bool(distribution.distinctCountExact)),
            ("relative_change", .number(change)), ("relative_change_max", .double(relativeChangeMax)),
        ]))
    }
}

/// The share of non-missing rows whose value the baseline never saw is at most `max_value`
/// (`observed_value`); `details` names new values (with counts) and vanished ones. "Never saw"
/// is exact when the baseline's frequent values are complete, else it means "not among the
/// baseline's 1,024 most frequent values" (`details.baseline_complete` says which).
public struct NewCategoriesFractionToBeLessThan: BaselineExpectation {
    public static let type = "expect_column_new_categories_fraction_to_be_less_than"
    public static let parameters = ["column", "max_value"]

    let column: String
    let maxValue: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        maxValue = try arguments.number("max_value")
    }

    func categories(_ baseline: Profile) throws(MetricError) -> [ColumnProfile.FrequentValue] {
        let (_, distribution) = try baseline.baselineDistribution(column)
        guard let frequent = distribution.frequentValues else {
            throw MetricError("the baseline keeps no categories for \"\(column)\" (a float column)")
        }
        return frequent
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) {
        guard let frequent = try? categories(baseline) else { return }
        plan.add(CategoryCountsMetric(column: column, categories: frequent.map(\.value)))
    }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let frequent = try categories(baseline)
        let counts = try metrics.value(CategoryCountsMetric(column: column, categories: frequent.map(\.value)))
        let fraction = counts.nonMissingCount > 0 ? Double(counts.newCount) / Double(counts.nonMissingCount) : 0
        let vanished = zip(frequent, counts.counts).filter { $0.1 == 0 }.map(\.0)
        let (_, distribution) = try baseline.baselineDistribution(column)
        return Evaluation(success: fraction <= maxValue, result: Verdict.observed(.double(fraction), details: [
            ("new_count", .integer(Int64(counts.newCount))), ("new_distinct_count", .integer(Int64(counts.newDistinctCount))),
            ("new_values", .array(counts.newExamples.map { .object([("value", $0.value), ("count", .integer(Int64($0.count)))]) })),
            ("vanished_count", .integer(Int64(vanished.count))),
            ("vanished_values", .array(vanished.prefix(20).map { .object([("value", $0.value), ("baseline_count", .integer(Int64($0.count)))]) })),
            ("baseline_complete", .bool(distribution.frequentValuesComplete)),
        ]))
    }
}

/// The Pearson correlation matrix of `columns` against the baseline's: the largest |Δρ| (at
/// most `max_abs_delta`) and the Frobenius norm of ΔR (at most `frobenius_max`); `details` names
/// the pair that moved most and every pair whose correlation changed sign (|ρ| > 0.1 on both sides).
public struct CorrelationMatrixToMatchBaseline: BaselineExpectation {
    public static let type = "expect_correlation_matrix_to_match_baseline"
    public static let parameters = ["columns", "max_abs_delta", "frobenius_max"]

    let columns: [String]
    let maxAbsDelta: Double?
    let frobeniusMax: Double?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columns = try arguments.columnNames(minimum: 2)
        maxAbsDelta = try arguments.optionalNumber("max_abs_delta")
        frobeniusMax = try arguments.optionalNumber("frobenius_max")
        guard maxAbsDelta != nil || frobeniusMax != nil else { throw ArgumentError("max_abs_delta", "give max_abs_delta, frobenius_max or both") }
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) { plan.add(CorrelationMatrixMetric(columns: columns)) }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        guard let reference = baseline.correlations.pearson else { throw MetricError("the baseline has no correlation matrix") }
        let positions = try columns.map { name throws(MetricError) -> Int in
            guard let index = reference.columns.firstIndex(of: name) else { throw MetricError("the baseline's correlation matrix lacks \"\(name)\"") }
            return index
        }
        let current = try metrics.value(CorrelationMatrixMetric(columns: columns))
        let k = columns.count
        var worst = (delta: 0.0, pair: "")
        var squares = 0.0
        var flips: [JSONValue] = []
        for i in 0..<k {
            for j in (i + 1)..<k {
                guard let now = current.pearson[i * k + j], let then = reference.matrix[positions[i]][positions[j]] else {
                    throw MetricError("the correlation of \(columns[i]) and \(columns[j]) is undefined (a constant column?)")
                }
                let delta = now - then
                squares += 2 * delta * delta
                if abs(delta) > worst.delta { worst = (abs(delta), "\(columns[i]) ~ \(columns[j])") }
                if now * then < 0, abs(now) > 0.1, abs(then) > 0.1 {
                    flips.append(.object([("pair", .string("\(columns[i]) ~ \(columns[j])")), ("baseline", .double(then)), ("current", .double(now))]))
                }
            }
        }
        let frobenius = squares.squareRoot()
        let success = (maxAbsDelta.map { worst.delta <= $0 } ?? true) && (frobeniusMax.map { frobenius <= $0 } ?? true)
        return Evaluation(success: success, result: Verdict.observed(.double(worst.delta), details: [
            ("max_abs_delta", .double(worst.delta)), ("worst_pair", .string(worst.pair)), ("frobenius_norm", .double(frobenius)),
            ("sign_flips", .array(flips)),
        ]))
    }
}

/// The correlation matrix of `columns` is well conditioned: its condition number λmax / λmin
/// (eigenvalues by LAPACK `dsyevd`) at most `condition_number_max`. Catches duplicated or
/// collinear features. Needs no baseline.
public struct CorrelationMatrixToBeWellConditioned: Expectation {
    public static let type = "expect_correlation_matrix_to_be_well_conditioned"
    public static let parameters = ["columns", "condition_number_max"]

    let columns: [String]
    let conditionNumberMax: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columns = try arguments.columnNames(minimum: 2)
        conditionNumberMax = try arguments.number("condition_number_max")
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(CorrelationMatrixMetric(columns: columns)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let current = try metrics.value(CorrelationMatrixMetric(columns: columns))
        guard current.pearson.allSatisfy({ $0 != nil }), let eigenvalues = SymmetricEigen.eigenvalues(current.pearson.map { $0 ?? .nan }, dimension: columns.count),
              let smallest = eigenvalues.first, let largest = eigenvalues.last else {
            throw MetricError("the correlation matrix of \(columns.joined(separator: ", ")) is undefined (a constant column?)")
        }
        let condition = smallest > 0 ? largest / smallest : .infinity
        return Evaluation(success: condition <= conditionNumberMax, result: Verdict.observed(.number(condition), details: [
            ("smallest_eigenvalue", .double(smallest)), ("largest_eigenvalue", .double(largest)),
            ("eigenvalues", .array(eigenvalues.map { .double($0) })),
        ]))
    }
}

extension MultivariateTests {
    /// The baseline's sample and the current one (from the pass), or the reason as a `MetricError`.
    static func samples(_ baseline: Profile, _ metrics: MetricResults, columns: [String]) throws(MetricError) -> (Sample, Sample) {
        do {
            return (try sample(baseline, columns: columns), sample(try metrics.value(CoMomentsMetric(columns: columns))))
        } catch let unavailable as Unavailable {
            throw MetricError("baseline: " + unavailable.message)
        } catch let error as MetricError {
            throw error
        } catch {
            throw MetricError("\(error)")
        }
    }
}

/// Hotelling's two-sample T² on the means of numeric `columns`, current against baseline, with the
/// pooled covariance (Cholesky by LAPACK): F = (n₁+n₂−p−1) / (p(n₁+n₂−2)) · T² with (p, n₁+n₂−p−1)
/// degrees of freedom. `observed_value` is the Mahalanobis distance between the mean vectors (the
/// effect size); passes when p ≥ `p_value_min` and/or distance ≤ `mahalanobis_max`. `details`
/// ranks the columns by their standardized mean difference. Covariances are pairwise-complete
/// (listwise when no value is missing).
public struct MultivariateMeanToMatchBaseline: BaselineExpectation {
    public static let type = "expect_multivariate_mean_to_match_baseline"
    public static let parameters = ["columns", "p_value_min", "mahalanobis_max"]

    let columns: [String]
    let pValueMin: Double?
    let mahalanobisMax: Double?

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columns = try arguments.columnNames(minimum: 1)
        pValueMin = try arguments.optionalNumber("p_value_min")
        mahalanobisMax = try arguments.optionalNumber("mahalanobis_max")
        guard pValueMin != nil || mahalanobisMax != nil else { throw ArgumentError("p_value_min", "give p_value_min, mahalanobis_max or both") }
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) { plan.add(CoMomentsMetric(columns: columns)) }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let (reference, current) = try MultivariateTests.samples(baseline, metrics, columns: columns)
        let test: MultivariateTests.Hotelling
        do {
            test = try MultivariateTests.hotelling(reference, current)
        } catch {
            throw MetricError(error.message + " (\(columns.joined(separator: ", ")))")
        }
        let contributions = zip(columns, test.standardizedDifferences).sorted { abs($0.1) > abs($1.1) }
        let success = (pValueMin.map { test.pValue >= $0 } ?? true) && (mahalanobisMax.map { test.distance <= $0 } ?? true)
        return Evaluation(success: success, result: Verdict.observed(.double(test.distance), details: [
            ("t_squared", .double(test.tSquared)), ("f_statistic", .double(test.f)), ("p_value", .double(test.pValue)),
            ("degrees_of_freedom", .array([.double(test.degreesOfFreedom.0), .double(test.degreesOfFreedom.1)])),
            ("baseline_count", .double(reference.count)), ("current_count", .double(current.count)),
            ("standardized_mean_differences", .array(contributions.map { .object([("column", .string($0.0)), ("difference", .double($0.1))]) })),
        ]))
    }
}

/// Box's M test that the covariance matrix of numeric `columns` equals the baseline's:
/// M = (N−2) ln|S_pooled| − Σ (nᵢ−1) ln|Sᵢ| (log-determinants by Cholesky), χ² = M(1 − c) with
/// c = (2p²+3p−1) / (6(p+1)) · (Σ 1/(nᵢ−1) − 1/(N−2)) and p(p+1)/2 degrees of freedom.
/// `observed_value` is the p-value; passes when it is at least `p_value_min`. `details` names the
/// columns whose variance changed most (log ratio).
public struct CovarianceToMatchBaseline: BaselineExpectation {
    public static let type = "expect_covariance_to_match_baseline"
    public static let parameters = ["columns", "p_value_min"]

    let columns: [String]
    let pValueMin: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        columns = try arguments.columnNames(minimum: 1)
        pValueMin = try arguments.number("p_value_min")
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) { plan.add(CoMomentsMetric(columns: columns)) }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let (reference, current) = try MultivariateTests.samples(baseline, metrics, columns: columns)
        let test: MultivariateTests.BoxM
        do {
            test = try MultivariateTests.boxM(reference, current)
        } catch {
            throw MetricError(error.message + " (\(columns.joined(separator: ", ")))")
        }
        let k = columns.count
        let changes = columns.indices.map { (columns[$0], log(current.covariance[$0 + $0 * k] / reference.covariance[$0 + $0 * k]) / 2) }
            .sorted { abs($0.1) > abs($1.1) }
        return Evaluation(success: test.pValue >= pValueMin, result: Verdict.observed(.double(test.pValue), details: [
            ("box_m", .double(test.m)), ("chi_squared", .double(test.chiSquared)), ("degrees_of_freedom", .double(test.degreesOfFreedom)),
            ("p_value", .double(test.pValue)),
            ("log_stddev_ratios", .array(changes.map { .object([("column", .string($0.0)), ("log_ratio", .double($0.1))]) })),
        ]))
    }
}

/// GX's chi-square goodness of fit against a categorical `partition_object` ({values, weights}):
/// the p-value of `scipy.stats.chisquare(observed, expected)` over the partition's values, values
/// outside it sharing `tail_weight_holdout` (without a holdout, any such value makes p = 0).
/// Passes when the p-value exceeds `p` (default 0.05).
public struct ChisquareTestPValueToBeGreaterThan: Expectation {
    public static let type = "expect_column_chisquare_test_p_value_to_be_greater_than"
    public static let parameters = ["column", "partition_object", "p", "tail_weight_holdout"]

    let column: String
    let values: [JSONValue]
    let weights: [Double]
    let p: Double
    let holdout: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        guard let partition = arguments["partition_object"], let values = partition["values"]?.array,
              let weights = partition["weights"]?.array?.compactMap(\.number), weights.count == values.count, !values.isEmpty else {
            throw ArgumentError("partition_object", "needs values and weights of the same length")
        }
        guard abs(weights.reduce(0, +) - 1) < 1e-6 else { throw ArgumentError("partition_object", "weights must sum to 1") }
        self.values = values
        self.weights = weights
        p = try arguments.optionalNumber("p") ?? 0.05
        holdout = try arguments.optionalNumber("tail_weight_holdout") ?? 0
        guard (0..<1).contains(holdout) else { throw ArgumentError("tail_weight_holdout", "must lie in [0, 1)") }
    }

    public func plan(_ plan: inout MetricPlan) { plan.add(CategoryCountsMetric(column: column, categories: values)) }

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        let counts = try metrics.value(CategoryCountsMetric(column: column, categories: values))
        let n = Double(counts.nonMissingCount)
        guard n > 0 else { throw MetricError("no values in \"\(column)\"") }
        var observed = counts.counts.map(Double.init)
        var expected = weights.map { $0 * (1 - holdout) * n }
        if holdout > 0 {
            observed.append(Double(counts.newCount))
            expected.append(holdout * n)
        }
        var pValue: Double
        var statistic = 0.0
        if holdout == 0 && counts.newCount > 0 {
            pValue = 0
            statistic = .infinity
        } else {
            for (o, e) in zip(observed, expected) where e > 0 { statistic += (o - e) * (o - e) / e }
            if zip(observed, expected).contains(where: { $0.1 == 0 && $0.0 > 0 }) { statistic = .infinity }
            pValue = statistic.isFinite ? Distributions.chiSquaredSF(statistic, degreesOfFreedom: Double(observed.count - 1)) : 0
        }
        return Evaluation(success: pValue > p, result: Verdict.observed(.double(pValue), details: [("chi_squared", .number(statistic))]))
    }
}

/// The most frequent values stay the most frequent: of the baseline's `top_k` most frequent values
/// (default 10), at least `min_overlap` (default 0.8) are among the current `top_k`
/// (`observed_value`, the overlap share). `details` lists the values that entered and left the
/// top. Current counts come from the same Misra–Gries sketch the profile keeps (exact while the
/// column has at most 4,096 distinct values).
public struct MostFrequentValuesToMatchBaseline: BaselineExpectation {
    public static let type = "expect_column_most_frequent_values_to_match_baseline"
    public static let parameters = ["column", "top_k", "min_overlap"]

    let column: String
    let topK: Int
    let minOverlap: Double

    public init(_ arguments: Arguments) throws(ArgumentError) {
        column = try arguments.string("column")
        topK = try arguments.optionalInteger("top_k") ?? 10
        guard (1...1_000).contains(topK) else { throw ArgumentError("top_k", "must lie between 1 and 1000") }
        minOverlap = try arguments.optionalNumber("min_overlap") ?? 0.8
        guard (0...1).contains(minOverlap) else { throw ArgumentError("min_overlap", "must lie in [0, 1]") }
    }

    public func plan(_ plan: inout MetricPlan, baseline: Profile) { plan.add(ColumnSketchMetric(column: column)) }

    public func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation {
        let (_, distribution) = try baseline.baselineDistribution(column)
        guard let frequent = distribution.frequentValues else { throw MetricError("the baseline keeps no frequent values for \"\(column)\" (a float column)") }
        guard let sketch = try metrics.value(ColumnSketchMetric(column: column)).categories, sketch.tracksValues else {
            throw MetricError("\"\(column)\" is a float column: frequent values are not tracked")
        }
        let before = frequent.prefix(topK).map(\.value)
        let after = sketch.top(topK).map(\.value)
        let kept = before.filter { after.contains($0) }
        let overlap = before.isEmpty ? 1 : Double(kept.count) / Double(before.count)
        return Evaluation(success: overlap >= minOverlap, result: Verdict.observed(.double(overlap), details: [
            ("entered", .array(after.filter { !before.contains($0) })), ("left", .array(before.filter { !after.contains($0) })),
            ("baseline_top", .array(Array(before))), ("current_top", .array(after)),
        ]))
    }
}
