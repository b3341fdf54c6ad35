import AssayKernels
import AssayStatistics
import Foundation

/// Two-sample tests on the means and covariances of numeric columns, shared by the drift
/// expectations (profile against data) and `assay compare` (profile against profile).
/// Covariances are pairwise-complete (listwise when no value is missing).
public enum MultivariateTests {
    public struct Sample: Sendable {
        public var count: Double
        public var means: [Double]
        /// Sample covariance (n − 1), k × k column-major.
        public var covariance: [Double]
    }

    /// A profile's means and covariances of `columns`, or why they are not there.
    public static func sample(_ profile: Profile, columns: [String]) throws(Unavailable) -> Sample {
        guard let matrix = profile.correlations.covariance else {
            throw Unavailable("the profile has no covariance matrix: profile it again with this Assay")
        }
        var positions: [Int] = []
        for name in columns {
            guard let index = matrix.columns.firstIndex(of: name) else { throw Unavailable("the profile's covariance matrix lacks \"\(name)\"") }
            positions.append(index)
        }
        let k = columns.count
        var covariance = [Double](repeating: 0, count: k * k)
        var count = Double.infinity
        for i in 0..<k {
            for j in 0..<k {
                guard let value = matrix.matrix[positions[i]][positions[j]] else {
                    throw Unavailable("the covariance of \(columns[i]) and \(columns[j]) is undefined")
                }
                covariance[i + j * k] = value
                count = min(count, Double(matrix.counts[positions[i]][positions[j]]))
            }
        }
        var means: [Double] = []
        for index in positions {
            guard let mean = matrix.means[index] else { throw Unavailable("the mean of \(matrix.columns[index]) is undefined") }
            means.append(mean)
        }
        return Sample(count: count, means: means, covariance: covariance)
    }

    /// Means and covariances from co-moment sums (the pass over the current data).
    public static func sample(_ moments: CoMomentState) -> Sample {
        let k = moments.dimension
        var covariance = [Double](repeating: .nan, count: k * k)
        var count = Double.infinity
        for i in 0..<k {
            for j in 0..<k where moments.count[i + j * k] >= 2 {
                covariance[i + j * k] = moments.comoment[i + j * k] / (moments.count[i + j * k] - 1)
                count = min(count, moments.count[i + j * k])
            }
        }
        return Sample(count: count, means: (0..<k).map { moments.mean[$0 + $0 * k] }, covariance: covariance)
    }

    public static func pooled(_ a: Sample, _ b: Sample) -> [Double] {
        zip(a.covariance, b.covariance).map { ((a.count - 1) * $0 + (b.count - 1) * $1) / (a.count + b.count - 2) }
    }

    public struct Hotelling: Sendable {
        public var tSquared: Double
        public var f: Double
        public var degreesOfFreedom: (Double, Double)
        public var pValue: Double
        /// Mahalanobis distance between the mean vectors under the pooled covariance.
        public var distance: Double
        /// Per column (in order): mean difference (second − first) ÷ pooled standard deviation.
        public var standardizedDifferences: [Double]
    }

    /// Hotelling's two-sample T² with the pooled covariance (Cholesky by LAPACK):
    /// F = (n₁+n₂−p−1) / (p(n₁+n₂−2)) · T² with (p, n₁+n₂−p−1) degrees of freedom.
    public static func hotelling(_ a: Sample, _ b: Sample) throws(Unavailable) -> Hotelling {
        let p = Double(a.means.count)
        let (n1, n2) = (a.count, b.count)
        guard n1 + n2 - p - 1 > 0, n1 >= 2, n2 >= 2 else { throw Unavailable("too few rows for Hotelling's T² on \(a.means.count) columns") }
        let pooled = pooled(a, b)
        let difference = zip(b.means, a.means).map { $0 - $1 }
        guard let cholesky = Cholesky(pooled, dimension: a.means.count), let solved = cholesky.solve(difference) else {
            throw Unavailable("the pooled covariance is singular (collinear or constant columns)")
        }
        let distanceSquared = zip(difference, solved).reduce(0) { $0 + $1.0 * $1.1 }
        let t2 = n1 * n2 / (n1 + n2) * distanceSquared
        let f = (n1 + n2 - p - 1) / (p * (n1 + n2 - 2)) * t2
        let k = a.means.count
        return Hotelling(tSquared: t2, f: f, degreesOfFreedom: (p, n1 + n2 - p - 1), pValue: Distributions.fSF(f, p, n1 + n2 - p - 1),
                         distance: max(0, distanceSquared).squareRoot(),
                         standardizedDifferences: (0..<k).map { difference[$0] / pooled[$0 + $0 * k].squareRoot() })
    }

    public struct BoxM: Sendable {
        public var m: Double
        public var chiSquared: Double
        public var degreesOfFreedom: Double
        public var pValue: Double
    }

    /// Box's M test of equal covariance matrices: M = (N−2) ln|S_pooled| − Σ (nᵢ−1) ln|Sᵢ|
    /// (log-determinants by Cholesky), χ² = M(1 − c), c = (2p²+3p−1) / (6(p+1)) · (Σ 1/(nᵢ−1) − 1/(N−2)),
    /// p(p+1)/2 degrees of freedom.
    public static func boxM(_ a: Sample, _ b: Sample) throws(Unavailable) -> BoxM {
        let k = a.means.count
        let p = Double(k)
        let (n1, n2) = (a.count, b.count)
        guard n1 > p, n2 > p else { throw Unavailable("too few rows for Box's M on \(k) columns") }
        guard let pooled = Cholesky(pooled(a, b), dimension: k), let first = Cholesky(a.covariance, dimension: k),
              let second = Cholesky(b.covariance, dimension: k) else {
            throw Unavailable("a covariance matrix is singular (collinear or constant columns)")
        }
        let m = (n1 + n2 - 2) * pooled.logDeterminant - (n1 - 1) * first.logDeterminant - (n2 - 1) * second.logDeterminant
        let c = (2 * p * p + 3 * p - 1) / (6 * (p + 1)) * (1 / (n1 - 1) + 1 / (n2 - 1) - 1 / (n1 + n2 - 2))
        let degrees = p * (p + 1) / 2
        return BoxM(m: m, chiSquared: m * (1 - c), degreesOfFreedom: degrees,
                    pValue: Distributions.chiSquaredSF(m * (1 - c), degreesOfFreedom: degrees))
    }

    public struct Unavailable: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }
}
