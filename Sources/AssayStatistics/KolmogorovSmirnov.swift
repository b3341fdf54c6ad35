import Foundation

/// Null distributions of the Kolmogorov–Smirnov statistics.
///
/// The one-sample two-sided distribution follows R. Simard & P. L'Ecuyer (2011), "Computing the
/// two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11): exact methods (the Durbin
/// matrix as evaluated by Marsaglia, Tsang & Wang 2003, and Pomeranz's recursion) for small n,
/// and the Pelz–Good (1976) expansion or Miller's 2·P(D⁺ₙ ≥ d) for large n, with the method
/// boundaries of that paper — the same choices `scipy.stats.kstwo` makes, so the two agree.
public enum KolmogorovSmirnov {
    /// Two-sided asymptotic p-value of the two-sample statistic `d` for samples of sizes n and m,
    /// as `scipy.stats.ks_2samp(..., method='asymp')`: `oneSampleSF(d, round(n·m/(n+m)))`
    /// (ties rounded to even, as NumPy does). `.nan` for n, m < 1, NaN d, or n = m = 1
    /// (where the effective size rounds to 0).
    public static func twoSamplePValue(d: Double, n: Int, m: Int) -> Double {
        guard n >= 1, m >= 1 else { return .nan }
        let effective = (Double(n) * Double(m) / Double(n + m)).rounded(.toNearestOrEven)
        guard effective >= 1 else { return .nan }
        return oneSampleSF(d: d, n: Int(effective))
    }

    /// P(Dₙ ≥ d) for the one-sample two-sided statistic Dₙ = sup |Fₙ − F| (continuous F), as
    /// `scipy.stats.kstwo.sf(d, n)`, following Simard & L'Ecuyer (2011). 1 for d ≤ 0, 0 for d ≥ 1,
    /// `.nan` for n < 1 or NaN d.
    ///
    /// Exact (relative error ≲ 1e-13) where n·d ≤ 1, n·d ≥ n − 1 or d ≥ ½ (closed forms and
    /// 2·P(D⁺ₙ ≥ d)), for n ≤ 140 with n·d² < 4 (Durbin below n·d² = 0.754693, Pomeranz above) and
    /// for 140 < n ≤ 10⁵ with n·d^1.5 ≤ 1.4 (Durbin). Elsewhere the paper's approximations, exactly as
    /// SciPy uses them: Miller's 2·P(D⁺ₙ ≥ d) for n·d² ≥ 4 (n ≤ 140; ~1e-11 from the exact value) or
    /// ≥ 2.2 (n > 140; ~2e-6), with P(D⁺ₙ ≥ d) itself approximated for n > 10⁶ (~5e-6); otherwise
    /// 1 − Pelz–Good (~1e-5 at n = 200, 4e-7 at 10³, 4e-9 at 10⁴, 4e-12 at 10⁵), and 0 for n·d² ≥ 370.
    /// Against SciPy the measured relative difference is ≤ 3e-12 wherever p > 1e-300.
    public static func oneSampleSF(d: Double, n: Int) -> Double {
        guard n >= 1, !d.isNaN else { return .nan }
        if d >= 1 { return 0 }
        if d <= 0 { return 1 }
        let size = Double(n)
        let t = size * d
        if t <= 0.5 { return 1 }
        if t <= 1 { return 1 - rubenGambinoCDF(n, t) }
        if t >= size - 1 { return 2 * exp(size * log1p(-d)) }
        let w = t * d
        if d >= 0.5 || (n <= 140 && w >= 4) || (n > 140 && w >= 2.2) {
            return w >= 370 ? 0 : clamp(2 * smirnovSF(n, d))
        }
        if n <= 140 {
            return clamp(w < 0.754693 ? 1 - durbinCDF(n, d) : pomeranzSF(n, d))
        }
        let useDurbin = n <= 100_000 && size * pow(d, 1.5) <= 1.4
        return clamp(1 - (useDurbin ? durbinCDF(n, d) : pelzGoodCDF(n, d)))
    }

    /// Exact two-sided p-value P(D ≥ d) of the two-sample statistic under the null for samples of
    /// sizes n and m (no ties), as `scipy.stats.ks_2samp(..., method='exact')`: d is first snapped to
    /// the lattice h/lcm(n, m), then the probability that a uniformly random monotone lattice path
    /// from (0, 0) to (n, m) ever reaches |i/n − j/m| ≥ d is summed over the first boundary hit
    /// (path counting after Hodges 1957, with transition probabilities instead of counts so nothing
    /// overflows, and a sum of positive terms so small p-values keep their relative precision:
    /// measured ≤ 5e-16 against exact rational counts, bounded by about (n+m)·1e-16; values below
    /// ~1e-300 underflow to 0). Cost O(n·m) at most. `nil` when n·m > 10⁸ (too many lattice points
    /// to visit); `.nan` for n, m < 1 or NaN d.
    public static func twoSampleExactPValue(d: Double, n: Int, m: Int) -> Double? {
        guard n >= 1, m >= 1, !d.isNaN else { return .nan }
        guard m <= 100_000_000 / n else { return nil }
        let common = gcd(n, m)
        let lcm = Double(n / common) * Double(m)
        let h = (d * lcm).rounded(.toNearestOrEven)
        if h <= 0 { return 1 }
        if h > lcm { return 0 }
        return clamp(probabilityOfReaching(threshold: Int(h) * common, n: n, m: m))
    }

    // MARK: - Exact and limiting pieces

    /// P(Dₙ ≤ d) = n!/nⁿ · (2t − 1)ⁿ for ½ < t = n·d ≤ 1 (Ruben & Gambino 1982).
    static func rubenGambinoCDF(_ n: Int, _ t: Double) -> Double {
        exp(logFactorialOverPower(n) + Double(n) * log(2 * t - 1))
    }

    /// ln(n!/nⁿ) = ½ ln(2πn) − n + δ(n), with δ the Stirling error (no cancellation).
    static func logFactorialOverPower(_ n: Int) -> Double {
        let size = Double(n)
        return 0.5 * log(2 * Double.pi * size) - size + SpecialFunctions.stirlingError(size)
    }

    /// P(D⁺ₙ ≥ x), the one-sided statistic, as `scipy.special.smirnov(n, x)`. For n ≤ 10⁶ the exact
    /// Birnbaum–Tingey (1951) sum x Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1−x−j/n)^(n−j) (x+j/n)^(j−1), each
    /// term a binomial probability in Loader's form; above that, like SciPy, the Maag & Dicaire (1971)
    /// approximation exp(−(6nx+1)²/18n).
    static func smirnovSF(_ n: Int, _ x: Double) -> Double {
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let size = Double(n)
        if n > 1_000_000 {
            let exponent = -pow(6 * size * x + 1, 2) / (18 * size)
            return exponent < -M_LN2 ? exp(exponent) : 1 + expm1(exponent)
        }
        var sum = CompensatedSum()
        sum.add(exp(size * log1p(-x)))
        let last = min(n - 1, Int((size * (1 - x)).rounded(.down)))
        if last >= 1 {
            for j in 1...last {
                let successes = size * x + Double(j)  // n·p with p = x + j/n
                let failures = Double(n - j) - size * x  // n·(1 − p)
                guard failures > 0 else { break }
                sum.add(x * size / successes * binomialProbability(j, n, successes, failures))
            }
        }
        return sum.value
    }

    /// C(n, j) p^j (1−p)^(n−j) for 0 < j < n from n·p and n·(1−p) (Loader 2000, saddle point form).
    static func binomialProbability(_ j: Int, _ n: Int, _ meanSuccesses: Double, _ meanFailures: Double) -> Double {
        let k = Double(j)
        let size = Double(n)
        let exponent = SpecialFunctions.stirlingError(size) - SpecialFunctions.stirlingError(k)
            - SpecialFunctions.stirlingError(size - k)
            - SpecialFunctions.deviance(k, meanSuccesses) - SpecialFunctions.deviance(size - k, meanFailures)
        return (size / (2 * Double.pi * k * (size - k))).squareRoot() * exp(exponent)
    }

    /// Pelz & Good (1976) asymptotic expansion of P(Dₙ ≤ x) = K₀ + K₁/√n + K₂/n + K₃/n^(3/2) in
    /// z = √n·x, with the terms as written out in Simard & L'Ecuyer (2011); each theta-type series
    /// is summed until its terms stop changing the sum.
    static func pelzGoodCDF(_ n: Int, _ x: Double) -> Double {
        let root = Double(n).squareRoot()
        let z = root * x
        let z2 = z * z, z4 = z2 * z2, z6 = z4 * z2
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2
        let scale = pi2 / (2 * z2)
        let c = (Double.pi / 2).squareRoot()
        // Sums over half-integers u = j + ½ (odd) and integers u = j ≥ 1 (even) of f(u²)·e^(−u²·scale).
        func odd(_ f: (Double) -> Double) -> Double { thetaSum(start: 0.5, scale: scale, f) }
        func even(_ f: (Double) -> Double) -> Double { thetaSum(start: 1, scale: scale, f) }

        let k0 = (2 * Double.pi).squareRoot() / z * odd { _ in 1 }
        let k1 = c / (3 * z4) * odd { u2 in pi2 * u2 - z2 }
        let k2 = c / (36 * z * z6) * odd { u2 in
            6 * z6 + 2 * z4 + pi2 * (2 * z4 - 5 * z2) * u2 + pi4 * (1 - 2 * z2) * u2 * u2
        } - c / (18 * z * z2) * even { u2 in pi2 * u2 }
        let k3 = c / (3240 * z4 * z6) * odd { u2 in
            -30 * z6 - 90 * z6 * z2 + pi2 * (135 * z4 - 96 * z6) * u2
                + pi4 * (212 * z4 - 60 * z2) * u2 * u2 + pi2 * pi4 * (5 - 30 * z2) * u2 * u2 * u2
        } + c / (108 * z6) * even { u2 in 3 * pi2 * u2 * z2 - pi4 * u2 * u2 }
        return k0 + k1 / root + k2 / Double(n) + k3 / (Double(n) * root)
    }

    /// Σ_{i≥0} f(u²) e^(−u²·scale) with u = start + i, until a term no longer changes the sum.
    static func thetaSum(start: Double, scale: Double, _ f: (Double) -> Double) -> Double {
        var sum = 0.0
        for i in 0..<200 {
            let u = start + Double(i)
            let term = f(u * u) * exp(-u * u * scale)
            if sum + term == sum && i > 0 { break }
            sum += term
        }
        return sum
    }

    /// P(Dₙ < d) by Durbin's matrix formula in the form of Marsaglia, Tsang & Wang (2003,
    /// "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18)): with k = ⌊nd⌋ + 1 and
    /// h = k − nd, P = n!/nⁿ · (Hⁿ)_{kk} for a (2k−1)×(2k−1) matrix H. The power is scaled by exact
    /// powers of two as it grows. Cost O(k³ log n); used while k is small.
    static func durbinCDF(_ n: Int, _ d: Double) -> Double {
        let k = Int(Double(n) * d) + 1
        let size = 2 * k - 1
        let h = Double(k) - Double(n) * d
        let power = ScaledMatrix(durbinMatrix(size: size, h: h), size: size).power(n)
        let center = power.values[(k - 1) * size + (k - 1)]
        guard center > 0 else { return 0 }
        // center·2^e·n!/nⁿ with e·ln 2 − n evaluated in two parts (Cody & Waite) so no digits are lost.
        let binary = Int(center.exponent)
        let e = Double(power.exponent + binary)
        let ln2High = 0.693_147_180_369_123_816_490, ln2Low = 1.908_214_929_270_587_700_02e-10
        let exponent = (e * ln2High - Double(n)) + e * ln2Low
            + SpecialFunctions.stirlingError(Double(n)) + 0.5 * log(2 * Double.pi * Double(n))
        return Double(sign: .plus, exponent: -binary, significand: center) * exp(exponent)
    }

    /// Durbin's matrix: H_ij = 1/(i−j+1)! below the superdiagonal, with the first column and last
    /// row reduced by h^(i+1)/(i+1)! and h^(m−j)/(m−j)!, and (2h−1)^m/m! added back in the corner
    /// when h > ½ (Marsaglia, Tsang & Wang 2003; 0-based indices here).
    static func durbinMatrix(size m: Int, h: Double) -> [Double] {
        var inverseFactorial = [1.0]
        var hPower = [1.0]  // h^i / i!
        for i in 1...m {
            inverseFactorial.append(inverseFactorial[i - 1] / Double(i))
            hPower.append(hPower[i - 1] * h / Double(i))
        }
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where i - j + 1 >= 0 {
                matrix[i * m + j] = inverseFactorial[i - j + 1]
            }
        }
        for i in 0..<m {
            matrix[i * m] -= hPower[i + 1]
            matrix[(m - 1) * m + i] -= hPower[m - i]
        }
        if 2 * h - 1 > 0 {
            matrix[(m - 1) * m] += pow(2 * h - 1, Double(m)) * inverseFactorial[m]
        }
        return matrix
    }

    /// P(Dₙ ≥ d) by Pomeranz's (1974) recursion, as described in Simard & L'Ecuyer (2011):
    /// a Poisson process of rate 1 on [0, n] conditioned on N(n) = n, whose count N(s) must stay
    /// within ⌊s − nd⌋ + 1 … ⌈s + nd⌉ − 1. Those bounds change only at s ≡ ±nd (mod 1); between
    /// consecutive change points the count grows by a Poisson(length) step. Mass that leaves the
    /// band is banked at once with its chance of still ending at N(n) = n, so the survival function
    /// is a sum of positive terms (no 1 − CDF cancellation): P(leave, N(n) = n) / P(N(n) = n).
    /// Cost O(n² · nd).
    static func pomeranzSF(_ n: Int, _ d: Double) -> Double {
        let t = Double(n) * d
        let fraction = t - t.rounded(.down)  // exact
        // Change points 0, a, 1−a, 1+a, 2−a, …, n−a, n with a = min(frac t, 1 − frac t); the interval
        // lengths a, 1−2a, 2a, 1−2a, …, 2a, 1−2a, a are used exactly, not as differences of positions.
        let a = min(fraction, 1 - fraction)
        let lengths = [a, 1 - 2 * a, 2 * a]
        let weights = lengths.map { poissonWeights(mean: $0, count: n + 1) }
        var intervals: [(middle: Double, kind: Int)] = [(a / 2, 0)]
        for j in 0..<n {
            intervals.append((Double(j) + 0.5, 1))
            intervals.append(j + 1 < n ? (Double(j + 1), 2) : (Double(n) - a / 2, 0))
        }
        var state = [Double](repeating: 0, count: n + 1)
        state[0] = 1
        var occupied = 0...0
        var left = CompensatedSum()
        var position = 0.0  // start of the current interval
        for interval in intervals {
            let low = max(0, Int((interval.middle - t).rounded(.down)) + 1)
            let high = min(n, Int((interval.middle + t).rounded(.up)) - 1)
            let weight = weights[interval.kind]
            let end = position + lengths[interval.kind]
            // P(N(n) = n | N(end) = j) for the counts j above the band.
            let finish = (0...n).map { $0 > high ? poissonProbability(n - $0, mean: Double(n) - end) : 0 }
            var next = [Double](repeating: 0, count: n + 1)
            for k in occupied where state[k] > 0 {
                if k < low {  // below the band as the interval starts
                    left.add(state[k] * poissonProbability(n - k, mean: Double(n) - position))
                    continue
                }
                var above = 0.0  // above the band by the end of the interval
                for j in k...n {
                    if j <= high { next[j] += state[k] * weight[j - k] } else { above += weight[j - k] * finish[j] }
                }
                left.add(state[k] * above)
            }
            state = next
            occupied = low...max(low, high)
            position = end
        }
        // Divide by P(N(n) = n) = e^(−n) nⁿ/n!.
        return min(1, left.value * exp(logFactorialOverPower(n) + Double(n)))
    }

    /// e^(−μ) μ^r / r! in Loader's form (accurate for large r and μ).
    static func poissonProbability(_ r: Int, mean: Double) -> Double {
        if r == 0 { return exp(-mean) }
        if mean <= 0 { return 0 }
        let k = Double(r)
        return exp(-SpecialFunctions.stirlingError(k) - SpecialFunctions.deviance(k, mean)) / (2 * Double.pi * k).squareRoot()
    }

    /// e^(−μ) μ^r / r! for r = 0 ..< count.
    static func poissonWeights(mean: Double, count: Int) -> [Double] {
        var weights = [exp(-mean)]
        for r in 1..<max(count, 1) { weights.append(weights[r - 1] * mean / Double(r)) }
        return weights
    }

    /// The probability that a uniformly random lattice path from (0, 0) to (n, m), one unit step
    /// right or up at a time, reaches a point with |i·m − j·n| ≥ threshold. The path is grown as a
    /// Markov chain (from (i, j) it steps right with probability (n−i)/(n+m−i−j)), and mass that
    /// reaches the boundary is banked and removed. Only the band of inside points is visited.
    static func probabilityOfReaching(threshold: Int, n: Int, m: Int) -> Double {
        let total = n + m
        var mass = [Double](repeating: 0, count: m + 1)
        var reached = CompensatedSum()
        var previous = 0..<1
        mass[0] = 1
        for i in 0...n {
            let inside = insideBand(row: i, threshold: threshold, n: n, m: m)
            let lower = min(inside.lowerBound, previous.lowerBound)
            let upper = min(m, max(inside.upperBound, previous.upperBound))
            for j in lower...upper where i > 0 || j > 0 {
                var value = 0.0
                if i > 0 { value += mass[j] * Double(n - i + 1) / Double(total - i + 1 - j) }
                if j > 0 { value += mass[j - 1] * Double(m - j + 1) / Double(total - i - j + 1) }
                if inside.contains(j) {
                    mass[j] = value
                } else {
                    reached.add(value)
                    mass[j] = 0
                }
            }
            if inside.isEmpty { break }  // every path crosses row i, so all mass is banked
            previous = inside
        }
        return reached.value
    }

    /// The columns j with |i·m − j·n| < threshold in row i (possibly none).
    static func insideBand(row i: Int, threshold: Int, n: Int, m: Int) -> Range<Int> {
        let center = i * m
        // j·n > center − threshold  and  j·n < center + threshold
        let low = max(0, floorDivide(center - threshold, n) + 1)
        let high = min(m, -floorDivide(-(center + threshold), n) - 1)
        return low..<max(low, high + 1)
    }

    /// ⌊a / b⌋ for b > 0 (Swift's `/` truncates toward zero).
    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// The greatest common divisor (Euclid).
    static func gcd(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : gcd(b, a % b)
    }

    /// A probability pushed back into [0, 1] after rounding.
    static func clamp(_ p: Double) -> Double {
        min(1, max(0, p))
    }
}

/// Neumaier's compensated summation, for long sums of positive terms.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }

    var value: Double { sum + compensation }
}

/// A square matrix times 2^exponent, rescaled after each product so the entries never overflow.
struct ScaledMatrix {
    var values: [Double]
    var size: Int
    var exponent = 0

    init(_ values: [Double], size: Int, exponent: Int = 0) {
        self.values = values
        self.size = size
        self.exponent = exponent
    }

    /// self^n by repeated squaring (n ≥ 1).
    func power(_ n: Int) -> ScaledMatrix {
        var result: ScaledMatrix?
        var base = self
        var remaining = n
        while remaining > 0 {
            if remaining & 1 == 1 { result = result.map { $0.times(base) } ?? base }
            remaining >>= 1
            if remaining > 0 { base = base.times(base) }
        }
        return result ?? self
    }

    /// The normalized product self × other.
    func times(_ other: ScaledMatrix) -> ScaledMatrix {
        let m = size
        var product = [Double](repeating: 0, count: m * m)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                product.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        for k in 0..<m {
                            let aik = a[i * m + k]
                            if aik == 0 { continue }
                            for j in 0..<m { c[i * m + j] += aik * b[k * m + j] }
                        }
                    }
                }
            }
        }
        var result = ScaledMatrix(product, size: m, exponent: exponent + other.exponent)
        result.normalize()
        return result
    }

    /// Divides by the power of two nearest the largest entry (exact), recording it in `exponent`.
    mutating func normalize() {
        guard let largest = values.lazy.map(abs).max(), largest > 0, largest.isFinite else { return }
        let shift = Int(largest.exponent)
        guard shift != 0 else { return }
        let factor = Double(sign: .plus, exponent: -shift, significand: 1)
        for index in values.indices { values[index] *= factor }
        exponent += shift
    }
}
