/// Pairwise co-moments of k numeric columns: for every pair (i, j), over the rows where both are
/// present and finite, the count, both means, both sums of squared deviations and the sum of
/// cross products of deviations. Pearson's r for the pair follows, with pandas' pairwise-complete
/// handling of missing values.
///
/// Within a batch the sums come from BLAS on the batch block centred on its column means
/// (`dsyrk` for the cross products; with missing values also the indicator products by `dsyrk`
/// and `dgemm`) — see `CoMomentState+BLAS.swift`. Across batches, pairs merge by Chan, Golub &
/// LeVeque (1979); centring first avoids the cancellation of the one-pass "sum of products" form
/// (Schubert & Gertz 2018, "Numerically stable parallel computation of (co-)variance").
///
/// All matrices are k × k, column-major (entry (i, j) at `i + j * k`).
public struct CoMomentState: Sendable, Hashable, Codable {
    public let dimension: Int
    /// Rows where i and j are both present.
    public var count: [Double]
    /// Mean of column i over the rows where j is present too.
    public var mean: [Double]
    /// Σ (x_i − mean_i|j)² over those rows.
    public var m2: [Double]
    /// Σ (x_i − mean_i|j)(x_j − mean_j|i) over those rows (symmetric).
    public var comoment: [Double]

    public init(dimension: Int) {
        precondition(dimension >= 0)
        self.dimension = dimension
        let zeros = [Double](repeating: 0, count: dimension * dimension)
        count = zeros
        mean = zeros
        m2 = zeros
        comoment = zeros
    }

    /// Chan et al. per pair. Identity: a state with count 0.
    public mutating func merge(_ other: CoMomentState) {
        precondition(dimension == other.dimension, "co-moment states of different widths")
        let k = dimension
        let old = self
        for j in 0..<k {
            for i in 0..<k {
                let index = i + j * k
                let nB = other.count[index]
                guard nB > 0 else { continue }
                let nA = old.count[index]
                guard nA > 0 else {
                    count[index] = nB
                    mean[index] = other.mean[index]
                    m2[index] = other.m2[index]
                    comoment[index] = other.comoment[index]
                    continue
                }
                let transposed = j + i * k
                let n = nA + nB
                let deltaI = other.mean[index] - old.mean[index]
                let deltaJ = other.mean[transposed] - old.mean[transposed]
                let weight = nA * nB / n
                comoment[index] = old.comoment[index] + other.comoment[index] + deltaI * deltaJ * weight
                m2[index] = old.m2[index] + other.m2[index] + deltaI * deltaI * weight
                mean[index] = old.mean[index] + deltaI * nB / n
                count[index] = n
            }
        }
    }

    public func merging(_ other: CoMomentState) -> CoMomentState {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Pearson's r for every pair, k × k column-major; NaN where a pair has fewer than 2 rows or a
    /// constant column. The diagonal is 1 wherever the column varies.
    public var pearson: [Double] {
        let k = dimension
        var result = [Double](repeating: .nan, count: k * k)
        for j in 0..<k {
            for i in 0..<k {
                let index = i + j * k
                let transposed = j + i * k
                guard count[index] >= 2 else { continue }
                let denominator = (m2[index] * m2[transposed]).squareRoot()
                guard denominator > 0 else { continue }
                result[index] = i == j ? 1 : Swift.max(-1, Swift.min(1, comoment[index] / denominator))
            }
        }
        return result
    }
}
