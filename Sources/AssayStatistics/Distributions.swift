import Foundation

/// Distribution functions for the drift tests: normal, χ², F and Kolmogorov's limiting distribution.
/// Each tail is computed directly, never as 1 − (the other tail), so small p-values keep their
/// relative precision.
public enum Distributions {
    /// Φ(z), the standard normal CDF, as ½ erfc(−z/√2) (DLMF 7.2.2, 7.18); accurate in the lower
    /// tail: measured relative error ≤ 5e-16 against 60-digit values down to Φ ≈ 1e-308
    /// (z = −37.5), where SciPy's `ndtr` is off by up to 2e-13. `.nan` for NaN.
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfcOfScaled(-z)
    }

    /// 1 − Φ(z), the standard normal survival function, as ½ erfc(z/√2); accurate in the upper
    /// tail (the mirror image of `normalCDF`). `.nan` for NaN.
    public static func normalSF(_ z: Double) -> Double {
        0.5 * erfcOfScaled(z)
    }

    /// erfc(z/√2) with z/√2 carried as a double-double (hi + lo): in the far tail the rounding of z/√2
    /// alone would cost a relative error of about z²·1e-16, so erfc(hi) is corrected by
    /// −lo · (2/√π) e^(−hi²), the first Taylor term (DLMF 7.10.1).
    static func erfcOfScaled(_ z: Double) -> Double {
        let high = z * inverseRootTwo
        let value = erfc(high)
        guard high > 1, high.isFinite else { return value }
        let low = fma(z, inverseRootTwo, -high) + z * inverseRootTwoLow
        return value - low * 2 / Double.pi.squareRoot() * exp(-high * high)
    }

    /// 1/√2 rounded to double, and the remainder 1/√2 − that.
    static let inverseRootTwo = 0.707_106_781_186_547_6
    static let inverseRootTwoLow = -4.833_646_656_726_457e-17

    /// P(X > x) for X ~ χ²(k), k > 0 (non-integer allowed): Q(k/2, x/2) (NR §6.2),
    /// as `scipy.stats.chi2.sf(x, k)`. 1 for x ≤ 0; `.nan` for k ≤ 0 or a NaN argument.
    /// Accuracy is that of `SpecialFunctions.regularizedGammaQ`.
    public static func chiSquaredSF(_ x: Double, degreesOfFreedom k: Double) -> Double {
        guard k > 0, k.isFinite, !x.isNaN else { return .nan }
        return SpecialFunctions.regularizedGammaQ(k / 2, max(x, 0) / 2)
    }

    /// P(X > x) for X ~ F(d1, d2), d1, d2 > 0: I_(d2/(d2+d1 x))(d2/2, d1/2) (NR §6.4), as
    /// `scipy.stats.f.sf(x, d1, d2)`. Both beta arguments are formed without subtraction, so both
    /// tails keep their precision; accuracy is that of `SpecialFunctions.regularizedBeta`.
    /// 1 for x ≤ 0; `.nan` for d1, d2 ≤ 0 (or infinite) or a NaN argument.
    public static func fSF(_ x: Double, _ d1: Double, _ d2: Double) -> Double {
        guard d1 > 0, d2 > 0, d1.isFinite, d2.isFinite, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        let scaled = d1 * x
        let total = d2 + scaled
        return SpecialFunctions.regularizedBeta(d2 / total, scaled / total, d2 / 2, d1 / 2)
    }

    /// Kolmogorov's limiting distribution P(K > x) = 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²x²)
    /// (Kolmogorov 1933), as `scipy.special.kolmogorov(x)`. For x < 1 it is 1 − P(K ≤ x) from the
    /// Jacobi-theta form P(K ≤ x) = (√(2π)/x) Σ_{k≥1} e^(−(2k−1)²π²/(8x²)), which converges fast there.
    /// 1 for x ≤ 0; `.nan` for NaN. Relative error about 1e-15 (it underflows to 0 past x ≈ 19.4).
    public static func kolmogorovSF(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        if x < 1 { return 1 - kolmogorovCDFSmall(x) }
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * x * x)
            sum += sign * term
            if term <= sum * 1e-17 { break }
            sign = -sign
        }
        return min(1, 2 * sum)
    }

    /// P(K ≤ x) = (√(2π)/x) Σ_{k≥1} e^(−(2k−1)²π²/(8x²)), the theta-function form for small x.
    static func kolmogorovCDFSmall(_ x: Double) -> Double {
        let scale = Double.pi * Double.pi / (8 * x * x)
        var sum = 0.0
        for k in 1...100 {
            let odd = Double(2 * k - 1)
            let term = exp(-odd * odd * scale)
            sum += term
            if term <= sum * 1e-17 { break }
        }
        return (2 * Double.pi).squareRoot() / x * sum
    }
}
