import AssayStatistics
import Foundation
import Testing

@Suite struct NormalTests {
    /// (z, Φ(z))
    static let cdf: [(Double, Double)] = [
        (0.0, 0.5),  // scipy.stats.norm.cdf(0)
        (1e-10, 0.5000000000398942),  // scipy.stats.norm.cdf(1e-10)
        (-1e-10, 0.49999999996010575),  // scipy.stats.norm.cdf(-1e-10)
        (1.0, 0.8413447460685429),  // scipy.stats.norm.cdf(1)
        (-1.96, 0.024997895148220435),  // scipy.stats.norm.cdf(-1.96)
        (5.0, 0.9999997133484281),  // scipy.stats.norm.cdf(5)
        (-5.0, 2.866515718791933e-07),  // scipy.stats.norm.cdf(-5)
        (-10.0, 7.61985302416047e-24),  // scipy.stats.norm.cdf(-10)
        (-20.0, 2.7536241186061556e-89),  // scipy.stats.norm.cdf(-20)
        (-30.0, 4.906713927147908e-198),  // scipy.stats.norm.cdf(-30)
        (-37.5, 4.605353009581954e-308),  // scipy.stats.norm.cdf(-37.5)
        (8.3, 1.0),  // scipy.stats.norm.cdf(8.3)
        (-38.5, 0.0),  // scipy.stats.norm.cdf(-38.5)
        (38.5, 1.0),  // scipy.stats.norm.cdf(38.5)
    ]

    /// (z, 1 − Φ(z))
    static let sf: [(Double, Double)] = [
        (0.0, 0.5),  // scipy.stats.norm.sf(0)
        (1e-10, 0.49999999996010575),  // scipy.stats.norm.sf(1e-10)
        (-1e-10, 0.5000000000398942),  // scipy.stats.norm.sf(-1e-10)
        (1.0, 0.15865525393145707),  // scipy.stats.norm.sf(1)
        (-1.96, 0.9750021048517795),  // scipy.stats.norm.sf(-1.96)
        (5.0, 2.866515718791933e-07),  // scipy.stats.norm.sf(5)
        (-5.0, 0.9999997133484281),  // scipy.stats.norm.sf(-5)
        (8.3, 5.2055697448902465e-17),  // scipy.stats.norm.sf(8.3)
        (-37.5, 1.0),  // scipy.stats.norm.sf(-37.5)
        (38.5, 0.0),  // scipy.stats.norm.sf(38.5)
    ]

    /// (z, 1 − Φ(z)) in the far tail, where SciPy's rounding of z/√2 costs it up to 2e-13.
    static let farTail: [(Double, Double)] = [
        (10.0, 7.619853024160525e-24),  // 60-digit norm_sf(10); scipy.stats.norm.sf(10) = 7.61985302416047e-24
        (30.0, 4.906713927148187e-198),  // 60-digit norm_sf(30); scipy.stats.norm.sf(30) = 4.906713927147908e-198
        (37.5, 4.605353009581955e-308),  // 60-digit norm_sf(37.5)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 2e-13, SciPy's own error in the far tail (achieved 6e-14 against SciPy).
        for (z, expected) in Self.cdf {
            let actual = Distributions.normalCDF(z)
            #expect(isClose(actual, expected, relative: 2e-13), "Φ(\(z)) = \(actual), SciPy \(expected)")
        }
        for (z, expected) in Self.sf {
            let actual = Distributions.normalSF(z)
            #expect(isClose(actual, expected, relative: 2e-13), "1 − Φ(\(z)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func farTailIsAccurate() {
        // Tolerance: relative 2e-15 against the 60-digit values (achieved ≤ 4.4e-16).
        for (z, expected) in Self.farTail {
            #expect(isClose(Distributions.normalSF(z), expected, relative: 2e-15), "1 − Φ(\(z))")
            #expect(isClose(Distributions.normalCDF(-z), expected, relative: 2e-15), "Φ(\(-z))")
        }
    }

    @Test func edges() {
        #expect(Distributions.normalCDF(-.infinity) == 0 && Distributions.normalCDF(.infinity) == 1)
        #expect(Distributions.normalSF(.infinity) == 0 && Distributions.normalSF(-.infinity) == 1)
        #expect(Distributions.normalCDF(.nan).isNaN && Distributions.normalSF(.nan).isNaN)
    }
}

@Suite struct ChiSquaredTests {
    /// (x, k, P(χ²ₖ > x))
    static let table: [(Double, Double, Double)] = [
        (3.841458820694124, 1.0, 0.04999999999999989),  // scipy.stats.chi2.sf(3.841458820694124, 1)
        (0.5, 0.5, 0.25632205526853896),  // scipy.stats.chi2.sf(0.5, 0.5)
        (10.0, 10.0, 0.44049328506521257),  // scipy.stats.chi2.sf(10, 10)
        (1e-10, 2.0, 0.99999999995),  // scipy.stats.chi2.sf(1e-10, 2)
        (20.0, 0.3, 9.561510528435774e-07),  // scipy.stats.chi2.sf(20, 0.3)
        (100.0, 10.0, 5.4497019829205215e-17),  // scipy.stats.chi2.sf(100, 10)
        (700.0, 5.0, 4.911986103573117e-149),  // scipy.stats.chi2.sf(700, 5)
        (1300.0, 10.0, 3.825653538395905e-273),  // scipy.stats.chi2.sf(1300, 10)
        (1001414.0, 1000000.0, 0.1586916820282175),  // scipy.stats.chi2.sf(1001414.0, 1000000.0)
        (1050000.0, 1000000.0, 2.185638417489151e-265),  // scipy.stats.chi2.sf(1050000.0, 1000000.0)
        (0.001, 100.0, 1.0),  // scipy.stats.chi2.sf(0.001, 100)
        (2.0, 0.002, 0.0002196083575855568),  // scipy.stats.chi2.sf(2, 0.002)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 1e-12 (achieved ≤ 3e-13; the largest gap is SciPy's, at 1e-265).
        for (x, k, expected) in Self.table {
            let actual = Distributions.chiSquaredSF(x, degreesOfFreedom: k)
            #expect(isClose(actual, expected, relative: 1e-12), "χ²(\(k)) sf(\(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func edgesAndInvalid() {
        #expect(Distributions.chiSquaredSF(0, degreesOfFreedom: 3) == 1)  // scipy.stats.chi2.sf(0, 3)
        #expect(Distributions.chiSquaredSF(-2, degreesOfFreedom: 3) == 1)  // scipy.stats.chi2.sf(-2, 3)
        #expect(Distributions.chiSquaredSF(.infinity, degreesOfFreedom: 3) == 0)
        // k = 2: the survival function is e^(−x/2) exactly.
        #expect(isClose(Distributions.chiSquaredSF(9, degreesOfFreedom: 2), exp(-4.5), relative: 1e-15))
        for (x, k) in [(1.0, 0.0), (1.0, -2.0), (1.0, Double.nan), (Double.nan, 3.0), (1.0, .infinity)] {
            #expect(Distributions.chiSquaredSF(x, degreesOfFreedom: k).isNaN, "χ²(\(k)) sf(\(x))")
        }
    }
}

@Suite struct FDistributionTests {
    /// (x, d1, d2, P(F > x))
    static let table: [(Double, Double, Double, Double)] = [
        (1.0, 1.0, 1.0, 0.5000000000000001),  // scipy.stats.f.sf(1, 1, 1)
        (3.5, 2.0, 10.0, 0.07042962777237427),  // scipy.stats.f.sf(3.5, 2, 10)
        (0.1, 5.0, 5.0, 0.9877580834689302),  // scipy.stats.f.sf(0.1, 5, 5)
        (10.0, 3.0, 30.0, 9.957793415499994e-05),  // scipy.stats.f.sf(10, 3, 30)
        (100.0, 10.0, 20.0, 7.82518171080743e-15),  // scipy.stats.f.sf(100, 10, 20)
        (1000.0, 50.0, 50.0, 6.023997270389765e-62),  // scipy.stats.f.sf(1000, 50, 50)
        (3.84, 1.0, 1000000.0, 0.05004379860996725),  // scipy.stats.f.sf(3.84, 1, 1000000.0)
        (0.5, 0.5, 0.5, 0.5654401151575746),  // scipy.stats.f.sf(0.5, 0.5, 0.5)
        (0.0001, 4.0, 6.0, 0.9999999733392584),  // scipy.stats.f.sf(0.0001, 4, 6)
        (1.05, 10000.0, 10000.0, 0.0073573382358560835),  // scipy.stats.f.sf(1.05, 10000, 10000)
        (1.02, 100000.0, 100000.0, 0.0008709513944033812),  // scipy.stats.f.sf(1.02, 100000.0, 100000.0)
        (0.98, 100000.0, 100000.0, 0.9992991320074485),  // scipy.stats.f.sf(0.98, 100000.0, 100000.0)
        (1.2, 100000.0, 100000.0, 8.621218163007698e-183),  // scipy.stats.f.sf(1.2, 100000.0, 100000.0)
        (50.0, 2.0, 2.0, 0.0196078431372549),  // scipy.stats.f.sf(50, 2, 2)
        (100000000.0, 3.0, 3.0, 1.6976526957558018e-12),  // scipy.stats.f.sf(100000000.0, 3, 3)
        (3.5, 1.0, 200000000.0, 0.061368830598489445),  // scipy.stats.f.sf(3.5, 1, 200000000.0)
        (20.0, 0.2, 200000000.0, 0.005673824200887411),  // scipy.stats.f.sf(20, 0.2, 200000000.0)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 1e-12 (achieved ≤ 2.5e-13).
        for (x, d1, d2, expected) in Self.table {
            let actual = Distributions.fSF(x, d1, d2)
            #expect(isClose(actual, expected, relative: 1e-12), "F(\(d1), \(d2)) sf(\(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func hugeDenominatorDegreesOfFreedom() {
        // SciPy is off by 5e-9 here; the beta function's argument is 1 − 9e-7, where the continued
        // fraction would lose digits and the large-a expansion is used instead.
        // Tolerance: relative 1e-13 (achieved 8e-15).
        let expected = 2.5404149994102272e-23  // 60-digit betainc(1e8, 15, 2e8/(2e8 + 30*6)); scipy.stats.f.sf(6, 30, 200000000.0) = 2.5404150118782958e-23
        #expect(isClose(Distributions.fSF(6, 30, 2e8), expected, relative: 1e-13))
    }

    @Test func edgesAndInvalid() {
        #expect(Distributions.fSF(0, 3, 4) == 1 && Distributions.fSF(-1, 3, 4) == 1)  // scipy.stats.f.sf(0, 3, 4)
        #expect(Distributions.fSF(.infinity, 3, 4) == 0)
        // d1 = d2 = 2: P(F > x) = 1/(1 + x).
        #expect(isClose(Distributions.fSF(7, 2, 2), 0.125, relative: 1e-15))
        let invalid: [(Double, Double, Double)] = [(1, 0, 4), (1, 3, -4), (1, .nan, 4), (.nan, 3, 4), (1, 3, .infinity)]
        for (x, d1, d2) in invalid {
            #expect(Distributions.fSF(x, d1, d2).isNaN, "F(\(d1), \(d2)) sf(\(x))")
        }
    }
}

@Suite struct KolmogorovLimitTests {
    /// (x, P(K > x))
    static let table: [(Double, Double)] = [
        (0.001, 1.0),  // scipy.special.kolmogorov(0.001)
        (0.1, 1.0),  // scipy.special.kolmogorov(0.1)
        (0.3, 0.9999906941986655),  // scipy.special.kolmogorov(0.3)
        (0.5, 0.9639452436648751),  // scipy.special.kolmogorov(0.5)
        (0.8, 0.5441424115741981),  // scipy.special.kolmogorov(0.8)
        (0.99, 0.2808738392255489),  // scipy.special.kolmogorov(0.99)
        (1.0, 0.26999967167735456),  // scipy.special.kolmogorov(1)
        (1.2, 0.11224966667072497),  // scipy.special.kolmogorov(1.2)
        (1.3580986393225505, 0.050000000000000024),  // scipy.special.kolmogorov(1.3580986393225505)
        (2.0, 0.0006709252557796953),  // scipy.special.kolmogorov(2)
        (5.0, 3.8574996959278356e-22),  // scipy.special.kolmogorov(5)
        (10.0, 2.767793053473475e-87),  // scipy.special.kolmogorov(10)
        (18.0, 7.554499944724249e-282),  // scipy.special.kolmogorov(18)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 1e-14 (achieved ≤ 3e-15).
        for (x, expected) in Self.table {
            let actual = Distributions.kolmogorovSF(x)
            #expect(isClose(actual, expected, relative: 1e-14), "P(K > \(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func edges() {
        #expect(Distributions.kolmogorovSF(0) == 1 && Distributions.kolmogorovSF(-1) == 1)  // scipy.special.kolmogorov(0)
        #expect(Distributions.kolmogorovSF(30) == 0 && Distributions.kolmogorovSF(.infinity) == 0)
        #expect(Distributions.kolmogorovSF(.nan).isNaN)
        // Both series agree where they meet.
        let below = Distributions.kolmogorovSF(1.0.nextDown), at = Distributions.kolmogorovSF(1.0)
        #expect(abs(below - at) < 1e-15)
    }
}
