@testable import AssayStatistics
import Testing

@Suite struct KolmogorovSmirnovOneSampleTests {
    /// (d, n, P(Dₙ ≥ d)); the comment after the value names the method Simard & L'Ecuyer pick there.
    static let table: [(Double, Int, Double)] = [
        (0.3, 1, 1.0),  // scipy.stats.kstwo.sf(0.3, 1)  — n·d ≤ ½
        (0.75, 1, 0.5),  // scipy.stats.kstwo.sf(0.75, 1)  — n·d ≥ n − 1
        (0.3, 2, 0.98),  // scipy.stats.kstwo.sf(0.3, 2)  — Ruben–Gambino
        (0.6, 2, 0.32000000000000006),  // scipy.stats.kstwo.sf(0.6, 2)
        (0.15, 5, 0.9988),  // scipy.stats.kstwo.sf(0.15, 5)
        (0.3, 5, 0.664),  // scipy.stats.kstwo.sf(0.3, 5)  — Durbin
        (0.5, 5, 0.112),  // scipy.stats.kstwo.sf(0.5, 5)  — 2·smirnov, exact for d ≥ ½
        (0.85, 5, 0.0001518750000000001),  // scipy.stats.kstwo.sf(0.85, 5)
        (0.25, 10, 0.4841115325000003),  // scipy.stats.kstwo.sf(0.25, 10)
        (0.4, 10, 0.05898924519999926),  // scipy.stats.kstwo.sf(0.4, 10)  — Pomeranz
        (0.7, 10, 1.9544800000000034e-05),  // scipy.stats.kstwo.sf(0.7, 10)
        (0.05, 100, 0.9532159710635725),  // scipy.stats.kstwo.sf(0.05, 100)  — Durbin
        (0.12, 100, 0.10330374901819939),  // scipy.stats.kstwo.sf(0.12, 100)  — Pomeranz
        (0.19, 100, 0.0012339926382722768),  // scipy.stats.kstwo.sf(0.19, 100)  — Pomeranz
        (0.25, 100, 5.408871776434847e-06),  // scipy.stats.kstwo.sf(0.25, 100)  — Miller
        (0.45, 100, 5.324995419657099e-19),  // scipy.stats.kstwo.sf(0.45, 100)
        (0.1, 140, 0.11353657290090946),  // scipy.stats.kstwo.sf(0.1, 140)
        (0.2, 140, 2.1981563302200222e-05),  // scipy.stats.kstwo.sf(0.2, 140)
        (0.05, 141, 0.854845693009663),  // scipy.stats.kstwo.sf(0.05, 141)  — Pelz–Good
        (0.03, 141, 0.9992107601012719),  // scipy.stats.kstwo.sf(0.03, 141)  — Durbin
        (0.13, 141, 0.015449346308454497),  // scipy.stats.kstwo.sf(0.13, 141)  — Miller
        (0.01, 1000, 0.9999496745370611),  // scipy.stats.kstwo.sf(0.01, 1000)
        (0.03, 1000, 0.3226902143914636),  // scipy.stats.kstwo.sf(0.03, 1000)
        (0.06, 1000, 0.001428597887952891),  // scipy.stats.kstwo.sf(0.06, 1000)
        (0.3, 1000, 2.590715705736845e-80),  // scipy.stats.kstwo.sf(0.3, 1000)
        (0.56, 1000, 5.111627567472181e-296),  // scipy.stats.kstwo.sf(0.56, 1000)
        (0.62, 1000, 0.0),  // scipy.stats.kstwo.sf(0.62, 1000)  — n·d² ≥ 370
        (0.002, 100000, 0.8178408363081542),  // scipy.stats.kstwo.sf(0.002, 100000)  — Pelz–Good
        (0.0005, 100000, 1.0),  // scipy.stats.kstwo.sf(0.0005, 100000)  — Durbin
        (0.005, 100000, 0.013430824977799608),  // scipy.stats.kstwo.sf(0.005, 100000)
        (0.001, 1000000, 0.26982107442589376),  // scipy.stats.kstwo.sf(0.001, 1000000)
        (0.0002, 1000000, 0.9999999999994689),  // scipy.stats.kstwo.sf(0.0002, 1000000)
        (0.002, 1000000, 0.0006700277103670718),  // scipy.stats.kstwo.sf(0.002, 1000000)  — exact smirnov sum
        (0.01, 1000000, 2.7373304415481205e-87),  // scipy.stats.kstwo.sf(0.01, 1000000)
        (0.0001, 6001215, 0.9999999877879395),  // scipy.stats.kstwo.sf(0.0001, 6001215)
        (0.0005, 6001215, 0.0994682503553006),  // scipy.stats.kstwo.sf(0.0005, 6001215)  — Pelz–Good
        (0.001, 6001215, 1.22504302962727e-05),  // scipy.stats.kstwo.sf(0.001, 6001215)  — Maag–Dicaire
        (0.003, 6001215, 2.4370213661978547e-47),  // scipy.stats.kstwo.sf(0.003, 6001215)
        (0.008, 6001215, 0.0),  // scipy.stats.kstwo.sf(0.008, 6001215)
        (1e-09, 10, 1.0),  // scipy.stats.kstwo.sf(1e-09, 10)
        (0.999999999, 3, 1.999999830308416e-27),  // scipy.stats.kstwo.sf(0.999999999, 3)
        (0.999, 2, 2.0000000000000037e-06),  // scipy.stats.kstwo.sf(0.999, 2)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 1e-10 (achieved ≤ 3e-12; the largest gaps are SciPy's own Pomeranz
        // rounding near n·d² = 4, which a 40-digit evaluation settles in favour of the values here).
        for (d, n, expected) in Self.table {
            let actual = KolmogorovSmirnov.oneSampleSF(d: d, n: n)
            #expect(isClose(actual, expected, relative: 1e-10), "P(D_\(n) ≥ \(d)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func exactMethodsAgree() {
        // Durbin's matrix and Pomeranz's recursion are both exact; they meet at n·d² = 0.754693.
        // Tolerance: relative 1e-12 on the survival function.
        for (n, d) in [(20, 0.2), (50, 0.12), (100, 0.085), (140, 0.09)] {
            let durbin = 1 - KolmogorovSmirnov.durbinCDF(n, d)
            let pomeranz = KolmogorovSmirnov.pomeranzSF(n, d)
            #expect(isClose(pomeranz, durbin, relative: 1e-12), "n = \(n), d = \(d): \(pomeranz) vs \(durbin)")
        }
    }

    /// (x, n, P(D⁺ₙ ≥ x))
    static let oneSided: [(Double, Int, Double)] = [
        (0.3, 5, 0.34282),  // scipy.special.smirnov(5, 0.3)
        (0.1, 100, 0.1265906584562817),  // scipy.special.smirnov(100, 0.1)
        (0.05, 1000, 0.006506037390545166),  // scipy.special.smirnov(1000, 0.05)
        (0.95, 10, 9.765625000000086e-14),  // scipy.special.smirnov(10, 0.95)
        (0.02, 100000, 1.7686355965739799e-35),  // scipy.special.smirnov(100000, 0.02)
        (0.001, 1000000, 0.1352450897649141),  // scipy.special.smirnov(1000000, 0.001)
        (0.001, 1000001, 0.1352448117787778),  // scipy.special.smirnov(1000001, 0.001)
        (0.001, 6001215, 6.12521514813635e-06),  // scipy.special.smirnov(6001215, 0.001)
    ]

    @Test func oneSidedMatchesSciPy() {
        // Tolerance: relative 1e-13 (achieved ≤ 4e-15).
        for (x, n, expected) in Self.oneSided {
            let actual = KolmogorovSmirnov.smirnovSF(n, x)
            #expect(isClose(actual, expected, relative: 1e-13), "P(D⁺_\(n) ≥ \(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func edgesAndInvalid() {
        #expect(KolmogorovSmirnov.oneSampleSF(d: 0, n: 10) == 1 && KolmogorovSmirnov.oneSampleSF(d: -0.2, n: 10) == 1)
        #expect(KolmogorovSmirnov.oneSampleSF(d: 1, n: 10) == 0 && KolmogorovSmirnov.oneSampleSF(d: 1.5, n: 10) == 0)
        // n = 1: D₁ = max(U, 1 − U), so P(D₁ ≥ d) = 2 − 2d on [½, 1].
        #expect(isClose(KolmogorovSmirnov.oneSampleSF(d: 0.6, n: 1), 0.8, relative: 1e-15))
        for (d, n) in [(0.1, 0), (0.1, -3), (Double.nan, 10)] {
            #expect(KolmogorovSmirnov.oneSampleSF(d: d, n: n).isNaN, "n = \(n), d = \(d)")
        }
    }
}

@Suite struct KolmogorovSmirnovTwoSampleTests {
    /// (d, n, m, asymptotic p-value); d is the statistic SciPy reports for the data in the comment.
    static let asymptotic: [(Double, Int, Int, Double)] = [
        (0.8, 3, 5, 0.07999999999999996),  // scipy.stats.ks_2samp(np.arange(3), np.arange(5) + 1.5, method='asymp')
        (0.2, 5, 5, 1.0),  // scipy.stats.ks_2samp(np.arange(5), np.arange(5) + 0.5, method='asymp')
        (0.6, 5, 5, 0.31999999999999984),  // scipy.stats.ks_2samp(np.arange(5), np.arange(5) + 2.5, method='asymp')  — en = round(2.5) = 2
        (0.6666666666666666, 10, 15, 0.0037722908093278406),  // scipy.stats.ks_2samp(np.arange(10), np.arange(15) + 4.5, method='asymp')
        (0.4, 20, 20, 0.05898924519999926),  // scipy.stats.ks_2samp(np.arange(20), np.arange(20) + 7.5, method='asymp')
        (0.5166666666666667, 40, 60, 1.7665638177721502e-06),  // scipy.stats.ks_2samp(np.arange(40), np.arange(60) + 10.5, method='asymp')
        (0.31, 100, 100, 9.136517477323225e-05),  // scipy.stats.ks_2samp(np.arange(100), np.arange(100) + 30.5, method='asymp')
        (0.25, 100, 150, 0.0008626641802250701),  // scipy.stats.ks_2samp(np.arange(100), np.arange(150) * 0.5 + 0.25, method='asymp')
        (0.8775, 250, 400, 9.65696963055654e-141),  // scipy.stats.ks_2samp(np.arange(250), np.arange(400) + 200.5, method='asymp')
        (0.4, 1000, 1500, 3.7883989933905637e-87),  // scipy.stats.ks_2samp(np.arange(1000), np.arange(1500) + 99.5, method='asymp')
        (0.004666666666666667, 300, 1000, 1.0),  // scipy.stats.ks_2samp(np.arange(300), np.arange(1000) * 0.3 + 0.5, method='asymp')
        (0.14285714285714285, 7, 13, 0.9994448027607544),  // scipy.stats.ks_2samp(np.arange(7), np.arange(13) * 0.5 + 0.5, method='asymp')
        (0.167, 2000, 3000, 1.0137834092471304e-29),  // scipy.stats.ks_2samp(np.arange(2000), np.arange(3000) - 500.5, method='asymp')
        (0.301, 1000, 1000, 1.1200606760823114e-40),  // scipy.stats.ks_2samp(np.arange(1000), np.arange(1000) + 300.5, method='asymp')
    ]

    /// (d, n, m, exact p-value) for the same data.
    static let exact: [(Double, Int, Int, Double)] = [
        (1.0, 1, 1, 1.0),  // scipy.stats.ks_2samp(np.arange(1), np.arange(1) + 0.5, method='exact')
        (0.8, 3, 5, 0.14285714285714288),  // scipy.stats.ks_2samp(np.arange(3), np.arange(5) + 1.5, method='exact')
        (0.2, 5, 5, 1.0),  // scipy.stats.ks_2samp(np.arange(5), np.arange(5) + 0.5, method='exact')
        (0.6, 5, 5, 0.35714285714285715),  // scipy.stats.ks_2samp(np.arange(5), np.arange(5) + 2.5, method='exact')
        (0.6666666666666666, 10, 15, 0.005514629400751357),  // scipy.stats.ks_2samp(np.arange(10), np.arange(15) + 4.5, method='exact')
        (0.4, 20, 20, 0.08105771161340149),  // scipy.stats.ks_2samp(np.arange(20), np.arange(20) + 7.5, method='exact')
        (0.5166666666666667, 40, 60, 2.556825731423552e-06),  // scipy.stats.ks_2samp(np.arange(40), np.arange(60) + 10.5, method='exact')
        (0.31, 100, 100, 0.00012016164291946694),  // scipy.stats.ks_2samp(np.arange(100), np.arange(100) + 30.5, method='exact')
        (0.25, 100, 150, 0.0009348416142132819),  // scipy.stats.ks_2samp(np.arange(100), np.arange(150) * 0.5 + 0.25, method='exact')
        (0.8775, 250, 400, 9.399977324489619e-125),  // scipy.stats.ks_2samp(np.arange(250), np.arange(400) + 200.5, method='exact')
        (0.4, 1000, 1500, 2.8571483149104264e-86),  // scipy.stats.ks_2samp(np.arange(1000), np.arange(1500) + 99.5, method='exact')
        (0.004666666666666667, 300, 1000, 1.0),  // scipy.stats.ks_2samp(np.arange(300), np.arange(1000) * 0.3 + 0.5, method='exact')
        (0.14285714285714285, 7, 13, 0.9995872033023735),  // scipy.stats.ks_2samp(np.arange(7), np.arange(13) * 0.5 + 0.5, method='exact')
        (0.167, 2000, 3000, 1.1628582241613155e-29),  // scipy.stats.ks_2samp(np.arange(2000), np.arange(3000) - 500.5, method='exact')
        (0.301, 1000, 1000, 2.276862872642912e-40),  // scipy.stats.ks_2samp(np.arange(1000), np.arange(1000) + 300.5, method='exact')
    ]

    @Test func asymptoticMatchesSciPy() {
        // Tolerance: relative 1e-10 (achieved ≤ 5e-13).
        for (d, n, m, expected) in Self.asymptotic {
            let actual = KolmogorovSmirnov.twoSamplePValue(d: d, n: n, m: m)
            #expect(isClose(actual, expected, relative: 1e-10), "n = \(n), m = \(m), d = \(d): \(actual), SciPy \(expected)")
        }
        // n = m = 1: the effective size round(½) = 0, and SciPy returns NaN too.
        #expect(KolmogorovSmirnov.twoSamplePValue(d: 1, n: 1, m: 1).isNaN)  // scipy.stats.ks_2samp([0], [0.5], method='asymp')
    }

    @Test func exactMatchesSciPy() {
        // Tolerance: relative 1e-12 (achieved ≤ 2e-15, down to 1e-125).
        for (d, n, m, expected) in Self.exact {
            let actual = KolmogorovSmirnov.twoSampleExactPValue(d: d, n: n, m: m)
            #expect(actual.map { isClose($0, expected, relative: 1e-12) } == true, "n = \(n), m = \(m), d = \(d): \(String(describing: actual)), SciPy \(expected)")
        }
    }

    @Test func exactSymmetryEdgesAndLimits() {
        // Swapping the samples changes nothing.
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: 0.25, n: 150, m: 100) == KolmogorovSmirnov.twoSampleExactPValue(d: 0.25, n: 100, m: 150))
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: 0, n: 30, m: 40) == 1)
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: 1.2, n: 30, m: 40) == 0)
        // n = m = 2, d = 1: only the 2 of the C(4, 2) = 6 orderings that separate the samples reach it.
        #expect(isClose(KolmogorovSmirnov.twoSampleExactPValue(d: 1, n: 2, m: 2) ?? .nan, 1.0 / 3, relative: 1e-15))
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: 0.1, n: 20_000, m: 20_000) == nil)
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: 0.1, n: 0, m: 20)?.isNaN == true)
        #expect(KolmogorovSmirnov.twoSampleExactPValue(d: .nan, n: 10, m: 20)?.isNaN == true)
    }
}
