@testable import AssayStatistics
import Foundation
import Testing

@Suite struct LogGammaTests {
    /// (x, ln Γ(x))
    static let table: [(Double, Double)] = [
        (1e-300, 690.7755278982137),  // scipy.special.gammaln(1e-300)
        (1e-10, 23.025850929882733),  // scipy.special.gammaln(1e-10)
        (0.5, 0.5723649429247),  // scipy.special.gammaln(0.5)
        (1.5, -0.12078223763524526),  // scipy.special.gammaln(1.5)
        (3.7, 1.428072326665388),  // scipy.special.gammaln(3.7)
        (10.0, 12.801827480081469),  // scipy.special.gammaln(10)
        (100.5, 361.43554046777757),  // scipy.special.gammaln(100.5)
        (100000.0, 1051287.7089736569),  // scipy.special.gammaln(100000.0)
        (10000000000.0, 220258509288.81058),  // scipy.special.gammaln(10000000000.0)
        (1e+300, 6.897755278982137e+302),  // scipy.special.gammaln(1e+300)
    ]

    @Test func matchesSciPy() {
        // Tolerance: relative 1e-14 (glibc lgamma).
        for (x, expected) in Self.table {
            let actual = SpecialFunctions.logGamma(x)
            #expect(isClose(actual, expected, relative: 1e-14), "lnΓ(\(x)) = \(actual), SciPy \(expected)")
        }
        #expect(SpecialFunctions.logGamma(1) == 0 && SpecialFunctions.logGamma(2) == 0)
        #expect(SpecialFunctions.logGamma(.infinity) == .infinity)
    }

    @Test func invalidArgumentsAreNaN() {
        for x in [0, -1, -2.5, Double.nan, -Double.infinity] {
            #expect(SpecialFunctions.logGamma(x).isNaN, "lnΓ(\(x))")
        }
    }
}

@Suite struct IncompleteGammaTests {
    /// (a, x, P(a, x))
    static let centralP: [(Double, Double, Double)] = [
        (0.5, 0.5, 0.6826894921370859),  // scipy.special.gammainc(0.5, 0.5)
        (1.0, 1.0, 0.6321205588285577),  // scipy.special.gammainc(1, 1)
        (2.5, 1.3, 0.23863473215498604),  // scipy.special.gammainc(2.5, 1.3)
        (3.0, 7.0, 0.9703638361194782),  // scipy.special.gammainc(3, 7)
        (10.0, 8.0, 0.28337574127298903),  // scipy.special.gammainc(10, 8)
        (10.0, 12.0, 0.7576078383294875),  // scipy.special.gammainc(10, 12)
        (100.0, 95.0, 0.3173568111698001),  // scipy.special.gammainc(100, 95)
        (100.0, 110.0, 0.8417213299399129),  // scipy.special.gammainc(100, 110)
        (0.01, 0.005, 0.9537608600421977),  // scipy.special.gammainc(0.01, 0.005)
        (0.01, 2.0, 0.9995033354627815),  // scipy.special.gammainc(0.01, 2)
        (0.001, 0.3, 0.9990941619116935),  // scipy.special.gammainc(0.001, 0.3)
        (0.001, 0.6, 0.9995453245780531),  // scipy.special.gammainc(0.001, 0.6)
        (0.2, 0.49, 0.8764442431466243),  // scipy.special.gammainc(0.2, 0.49)
        (0.2, 0.51, 0.8810456045477525),  // scipy.special.gammainc(0.2, 0.51)
        (1000.0, 1000.0, 0.5042052441802155),  // scipy.special.gammainc(1000, 1000)
        (10000.0, 10100.0, 0.8413487504471796),  // scipy.special.gammainc(10000, 10100)
        (1000000.0, 1000000.0, 0.5001329807608725),  // scipy.special.gammainc(1000000.0, 1000000.0)
        (1000000.0, 1002000.0, 0.9771959041012303),  // scipy.special.gammainc(1000000.0, 1002000.0)
        (1000000.0, 997000.0, 0.0013381041673135986),  // scipy.special.gammainc(1000000.0, 997000.0)
        (100000000.0, 100010000.0, 0.8413447464717987),  // scipy.special.gammainc(100000000.0, 100010000.0)
    ]

    /// (a, x, Q(a, x)) at the same points.
    static let centralQ: [(Double, Double, Double)] = [
        (0.5, 0.5, 0.31731050786291115),  // scipy.special.gammaincc(0.5, 0.5)
        (1.0, 1.0, 0.36787944117144245),  // scipy.special.gammaincc(1, 1)
        (2.5, 1.3, 0.761365267845014),  // scipy.special.gammaincc(2.5, 1.3)
        (3.0, 7.0, 0.029636163880521763),  // scipy.special.gammaincc(3, 7)
        (10.0, 8.0, 0.716624258727011),  // scipy.special.gammaincc(10, 8)
        (10.0, 12.0, 0.24239216167051245),  // scipy.special.gammaincc(10, 12)
        (100.0, 95.0, 0.6826431888301999),  // scipy.special.gammaincc(100, 95)
        (100.0, 110.0, 0.15827867006008706),  // scipy.special.gammaincc(100, 110)
        (0.01, 0.005, 0.04623913995780212),  // scipy.special.gammaincc(0.01, 0.005)
        (0.01, 2.0, 0.0004966645372185266),  // scipy.special.gammaincc(0.01, 2)
        (0.001, 0.3, 0.0009058380883066471),  // scipy.special.gammaincc(0.001, 0.3)
        (0.001, 0.6, 0.00045467542194747314),  // scipy.special.gammaincc(0.001, 0.6)
        (0.2, 0.49, 0.1235557568533754),  // scipy.special.gammaincc(0.2, 0.49)
        (0.2, 0.51, 0.1189543954522472),  // scipy.special.gammaincc(0.2, 0.51)
        (1000.0, 1000.0, 0.4957947558197845),  // scipy.special.gammaincc(1000, 1000)
        (10000.0, 10100.0, 0.15865124955282037),  // scipy.special.gammaincc(10000, 10100)
        (1000000.0, 1000000.0, 0.4998670192391274),  // scipy.special.gammaincc(1000000.0, 1000000.0)
        (1000000.0, 1002000.0, 0.022804095898769836),  // scipy.special.gammaincc(1000000.0, 1002000.0)
        (1000000.0, 997000.0, 0.9986618958326864),  // scipy.special.gammaincc(1000000.0, 997000.0)
        (100000000.0, 100010000.0, 0.15865525352820123),  // scipy.special.gammaincc(100000000.0, 100010000.0)
    ]

    /// Lower tail: (a, x, P(a, x)) with P tiny.
    static let lowerTail: [(Double, Double, Double)] = [
        (10.0, 0.01, 2.7307942836962656e-27),  // scipy.special.gammainc(10, 0.01)
        (100.0, 10.0, 5.398589728139647e-63),  // scipy.special.gammainc(100, 10)
        (30.0, 1e-08, 3.769987592331799e-273),  // scipy.special.gammainc(30, 1e-08)
        (0.5, 1e-300, 1.1283791670955176e-150),  // scipy.special.gammainc(0.5, 1e-300)
        (10000.0, 8000.0, 6.135448501090538e-103),  // scipy.special.gammainc(10000, 8000)
        // SciPy's large-a expansion is off by 2e-10 (and by 0.7% further out, see below) here:
        (1000000.0, 990000.0, 5.446644693010809e-24),  // 60-digit gammainc(1000000, 990000); scipy 5.446644691873852e-24
        (5614864.004620392, 5602416.366794913, 7.326540511103729e-08),  // 60-digit gammainc(5614864.004620392, 5602416.366794913); scipy 7.274029727044929e-08
    ]

    /// Upper tail: (a, x, Q(a, x)) with Q tiny, down to 1e-300.
    static let upperTail: [(Double, Double, Double)] = [
        (1.0, 690.0, 2.1717382813899402e-300),  // scipy.special.gammaincc(1, 690)
        (2.5, 100.0, 2.8406228986415534e-41),  // scipy.special.gammaincc(2.5, 100)
        (10.0, 200.0, 2.0440955935807256e-72),  // scipy.special.gammaincc(10, 200)
        (100.0, 300.0, 1.4110215102111738e-41),  // scipy.special.gammaincc(100, 300)
        (1000.0, 1500.0, 2.204698611389594e-43),  // scipy.special.gammaincc(1000, 1500)
        (0.5, 600.0, 6.099568814808675e-263),  // scipy.special.gammaincc(0.5, 600)
        (10000.0, 12000.0, 3.327202492345246e-79),  // scipy.special.gammaincc(10000, 12000)
        (1000000.0, 1010000.0, 1.0606997477586818e-23),  // scipy.special.gammaincc(1000000.0, 1010000.0)
    ]

    @Test func centralRangeMatchesSciPy() {
        // Tolerance: relative 1e-12 (achieved ≤ 3e-14 here).
        for (a, x, expected) in Self.centralP {
            let actual = SpecialFunctions.regularizedGammaP(a, x)
            #expect(isClose(actual, expected, relative: 1e-12), "P(\(a), \(x)) = \(actual), SciPy \(expected)")
        }
        for (a, x, expected) in Self.centralQ {
            let actual = SpecialFunctions.regularizedGammaQ(a, x)
            #expect(isClose(actual, expected, relative: 1e-12), "Q(\(a), \(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func tailsKeepRelativePrecision() {
        // Tolerance: relative 1e-11 (achieved ≤ 2e-13; SciPy's own tail values differ from the
        // 60-digit ones by up to 3e-13).
        for (a, x, expected) in Self.lowerTail {
            let actual = SpecialFunctions.regularizedGammaP(a, x)
            #expect(isClose(actual, expected, relative: 1e-11), "P(\(a), \(x)) = \(actual), expected \(expected)")
            #expect(SpecialFunctions.regularizedGammaQ(a, x) == 1 - actual)
        }
        for (a, x, expected) in Self.upperTail {
            let actual = SpecialFunctions.regularizedGammaQ(a, x)
            #expect(isClose(actual, expected, relative: 1e-11), "Q(\(a), \(x)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func edgesAndComplement() {
        #expect(SpecialFunctions.regularizedGammaP(3, 0) == 0 && SpecialFunctions.regularizedGammaQ(3, 0) == 1)
        #expect(SpecialFunctions.regularizedGammaP(3, .infinity) == 1 && SpecialFunctions.regularizedGammaQ(3, .infinity) == 0)
        // P(1, x) = 1 − e^(−x) and Q(1, x) = e^(−x) exactly (DLMF 8.4.5); P + Q = 1 everywhere.
        for x in [1e-12, 0.3, 2.0, 40.0] {
            #expect(isClose(SpecialFunctions.regularizedGammaQ(1, x), exp(-x), relative: 1e-14))
        }
        for (a, x, _) in Self.centralP {
            let sum = SpecialFunctions.regularizedGammaP(a, x) + SpecialFunctions.regularizedGammaQ(a, x)
            #expect(abs(sum - 1) <= 1e-15, "P + Q at (\(a), \(x))")
        }
    }

    @Test func invalidArgumentsAreNaN() {
        let invalid: [(Double, Double)] = [(0, 1), (-1, 1), (.nan, 1), (.infinity, 1), (1, -0.5), (1, .nan)]
        for (a, x) in invalid {
            #expect(SpecialFunctions.regularizedGammaP(a, x).isNaN, "P(\(a), \(x))")
            #expect(SpecialFunctions.regularizedGammaQ(a, x).isNaN, "Q(\(a), \(x))")
        }
    }
}

@Suite struct IncompleteBetaTests {
    /// (x, a, b, I_x(a, b))
    static let central: [(Double, Double, Double, Double)] = [
        (0.5, 2.0, 3.0, 0.6875),  // scipy.special.betainc(2, 3, 0.5)
        (0.3, 0.5, 0.5, 0.36901011956554536),  // scipy.special.betainc(0.5, 0.5, 0.3)
        (0.9, 5.0, 1.5, 0.7761721343162159),  // scipy.special.betainc(5, 1.5, 0.9)
        (0.2, 1.0, 1.0, 0.2),  // scipy.special.betainc(1, 1, 0.2)
        (0.01, 0.5, 10.0, 0.3420718248432154),  // scipy.special.betainc(0.5, 10, 0.01)
        (0.999, 10.0, 0.5, 0.8888967091248604),  // scipy.special.betainc(10, 0.5, 0.999)
        (0.5, 100.0, 100.0, 0.4999999999999996),  // scipy.special.betainc(100, 100, 0.5)
        (0.45, 1000.0, 1000.0, 3.6831988690075765e-06),  // scipy.special.betainc(1000, 1000, 0.45)
        (0.7, 30.0, 10.0, 0.2241297491808364),  // scipy.special.betainc(30, 10, 0.7)
        (0.05, 2.0, 40.0, 0.6144635303046906),  // scipy.special.betainc(2, 40, 0.05)
        (0.5001, 1000000.0, 1000000.0, 0.6113512821376899),  // scipy.special.betainc(1000000.0, 1000000.0, 0.5001)
        (0.3, 300000.0, 700050.0, 0.5131718721383005),  // scipy.special.betainc(300000.0, 700050.0, 0.3)
        (1e-06, 0.5, 1000000.0, 0.8427008448381964),  // scipy.special.betainc(0.5, 1000000.0, 1e-06)
        (0.99999, 100000.0, 0.5, 0.15729868816242573),  // scipy.special.betainc(100000.0, 0.5, 0.99999)
        (0.9999, 2000000.0, 3.0, 2.7677921204737017e-83),  // scipy.special.betainc(2000000.0, 3, 0.9999)
        (0.4, 0.001, 0.002, 0.6663974416099036),  // scipy.special.betainc(0.001, 0.002, 0.4)
    ]

    /// Tails: (x, a, b, I_x(a, b)) with I tiny, down to 1e-297.
    static let tails: [(Double, Double, Double, Double)] = [
        (1e-05, 30.0, 2.0, 3.0999700000000078e-149),  // scipy.special.betainc(30, 2, 1e-05)
        (0.001, 100.0, 3.0, 5.140805050000011e-297),  // scipy.special.betainc(100, 3, 0.001)
        (0.1, 200.0, 5.0, 4.606735190500051e-193),  // scipy.special.betainc(200, 5, 0.1)
        (0.5, 1000.0, 10.0, 5.301166054157707e-283),  // scipy.special.betainc(1000, 10, 0.5)
        (1e-05, 5.0, 10000.0, 7.675533251461699e-08),  // scipy.special.betainc(5, 10000, 1e-05)
        (0.9997, 2000000.0, 3.0, 4.374585436178281e-256),  // scipy.special.betainc(2000000.0, 3, 0.9997)
        (0.45, 10000.0, 10000.0, 6.312654777749767e-46),  // scipy.special.betainc(10000, 10000, 0.45)
    ]

    @Test func centralRangeMatchesSciPy() {
        // Tolerance: relative 1e-12 (achieved ≤ 4e-13, at a, b ≈ 1e6 where the continued fraction
        // runs for thousands of terms).
        for (x, a, b, expected) in Self.central {
            let actual = SpecialFunctions.regularizedBeta(x, a, b)
            #expect(isClose(actual, expected, relative: 1e-12), "I_\(x)(\(a), \(b)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func tailsKeepRelativePrecision() {
        // Tolerance: relative 1e-11 (achieved ≤ 1e-13).
        for (x, a, b, expected) in Self.tails {
            let actual = SpecialFunctions.regularizedBeta(x, a, b)
            #expect(isClose(actual, expected, relative: 1e-11), "I_\(x)(\(a), \(b)) = \(actual), SciPy \(expected)")
        }
    }

    @Test func identities() {
        #expect(SpecialFunctions.regularizedBeta(0, 2, 3) == 0 && SpecialFunctions.regularizedBeta(1, 2, 3) == 1)
        // I_½(a, a) = ½ by symmetry; I_x(a, 1) = x^a; I_x(a, b) = 1 − I_(1−x)(b, a) (DLMF 8.17.4, 8.17.5).
        for a in [0.5, 3.0, 250.0, 1e5] {
            #expect(isClose(SpecialFunctions.regularizedBeta(0.5, a, a), 0.5, relative: 1e-13), "I_½(\(a), \(a))")
        }
        for (x, a) in [(0.3, 2.5), (0.9, 40.0), (0.999, 1e4)] {
            #expect(isClose(SpecialFunctions.regularizedBeta(x, a, 1), pow(x, a), relative: 1e-13), "I_\(x)(\(a), 1)")
        }
        for (x, a, b, _) in Self.central where 1 - (1 - x) == x {  // 1 − x must be exact to compare
            let sum = SpecialFunctions.regularizedBeta(x, a, b) + SpecialFunctions.regularizedBeta(1 - x, b, a)
            #expect(abs(sum - 1) <= 1e-12, "reflection at (\(x), \(a), \(b))")
        }
    }

    @Test func invalidArgumentsAreNaN() {
        let invalid: [(Double, Double, Double)] = [
            (-0.1, 2, 3), (1.1, 2, 3), (.nan, 2, 3), (0.5, 0, 3), (0.5, 2, -1), (0.5, .nan, 3), (0.5, 2, .infinity),
        ]
        for (x, a, b) in invalid {
            #expect(SpecialFunctions.regularizedBeta(x, a, b).isNaN, "I_\(x)(\(a), \(b))")
        }
    }
}
