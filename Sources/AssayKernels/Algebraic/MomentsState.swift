/// Count, extremes and central moments up to the fourth of a numeric column, as a mergeable state.
///
/// Formulas: within a batch, two passes over a dense buffer (pairwise-summed mean, then sums of
/// powers of deviations with the first-order correction of Björck); across batches, the update
/// of Chan, Golub & LeVeque (1979) generalised to higher moments by Pébay (2008), "Formulas for
/// robust, one-pass parallel computation of covariances and arbitrary-order statistical moments".
///
/// Only finite values enter the moments; NaN and ±infinity are counted apart (`nanCount`,
/// `positiveInfinityCount`, `negativeInfinityCount`), nulls are not seen by this state at all.
///
/// Laws: `empty` is the identity of `merge`; `merge` is commutative and associative up to
/// rounding; merging the states of the parts of a column equals the state of the whole.
public struct MomentsState: Sendable, Hashable, Codable {
    /// Finite values seen.
    public var count: Int
    public var mean: Double
    /// Sums of the 2nd, 3rd and 4th powers of deviations from the mean.
    public var m2: Double
    public var m3: Double
    public var m4: Double
    /// Extremes of the finite values (+inf / -inf when `count == 0`).
    public var min: Double
    public var max: Double
    public var nanCount: Int
    public var positiveInfinityCount: Int
    public var negativeInfinityCount: Int

    public static let empty = MomentsState(
        count: 0, mean: 0, m2: 0, m3: 0, m4: 0, min: .infinity, max: -.infinity,
        nanCount: 0, positiveInfinityCount: 0, negativeInfinityCount: 0)

    public init(
        count: Int, mean: Double, m2: Double, m3: Double, m4: Double, min: Double, max: Double,
        nanCount: Int, positiveInfinityCount: Int, negativeInfinityCount: Int
    ) {
        self.count = count
        self.mean = mean
        self.m2 = m2
        self.m3 = m3
        self.m4 = m4
        self.min = min
        self.max = max
        self.nanCount = nanCount
        self.positiveInfinityCount = positiveInfinityCount
        self.negativeInfinityCount = negativeInfinityCount
    }

    /// Pébay (2008), eqs. 1.1–1.4 with n = nA + nB and δ = meanB − meanA.
    public mutating func merge(_ other: MomentsState) {
        nanCount += other.nanCount
        positiveInfinityCount += other.positiveInfinityCount
        negativeInfinityCount += other.negativeInfinityCount
        guard other.count > 0 else { return }
        guard count > 0 else {
            let (nans, positive, negative) = (nanCount, positiveInfinityCount, negativeInfinityCount)
            self = other
            (nanCount, positiveInfinityCount, negativeInfinityCount) = (nans, positive, negative)
            return
        }
        let nA = Double(count)
        let nB = Double(other.count)
        let n = nA + nB
        let delta = other.mean - mean
        let deltaOverN = delta / n
        let deltaOverN2 = deltaOverN * deltaOverN
        let term1 = delta * deltaOverN * nA * nB
        let newM4 = m4 + other.m4 + term1 * deltaOverN2 * (nA * nA - nA * nB + nB * nB)
            + 6 * deltaOverN2 * (nA * nA * other.m2 + nB * nB * m2)
            + 4 * deltaOverN * (nA * other.m3 - nB * m3)
        let newM3 = m3 + other.m3 + term1 * deltaOverN * (nA - nB) + 3 * deltaOverN * (nA * other.m2 - nB * m2)
        m2 += other.m2 + term1
        m3 = newM3
        m4 = newM4
        mean += deltaOverN * nB
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    public func merging(_ other: MomentsState) -> MomentsState {
        var copy = self
        copy.merge(other)
        return copy
    }

    // MARK: Finished statistics (pandas' definitions)

    /// Sample variance (divisor n − 1); nil when fewer than 2 values.
    public var variance: Double? { count >= 2 ? Swift.max(m2, 0) / Double(count - 1) : nil }

    /// Sample standard deviation (n − 1); nil when fewer than 2 values.
    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// Adjusted Fisher–Pearson skewness G1 = g1·√(n(n−1))/(n−2), as pandas `skew()` and DuckDB
    /// `skewness`; nil when fewer than 3 values, 0 when all values are equal.
    public var skewness: Double? {
        guard count >= 3 else { return nil }
        let n = Double(count)
        guard m2 > 0 else { return 0 }
        let g1 = (m3 / n) / pow15(m2 / n)
        return g1 * (n * (n - 1)).squareRoot() / (n - 2)
    }

    /// Bias-corrected excess kurtosis G2, as pandas `kurt()` and DuckDB `kurtosis`; nil when
    /// fewer than 4 values, 0 when all values are equal.
    public var kurtosis: Double? {
        guard count >= 4 else { return nil }
        let n = Double(count)
        guard m2 > 0 else { return 0 }
        let g2 = (n * m4) / (m2 * m2) - 3
        return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    }

    private func pow15(_ x: Double) -> Double { x * x.squareRoot() }
}
