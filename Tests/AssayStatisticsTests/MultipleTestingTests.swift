import AssayStatistics
import Testing

// statsmodels is not installed next to SciPy here, so the expected values were computed by hand with
// NumPy, following statsmodels' fdr_bh step by step (p / (k/m), running minimum from the top, cap at 1):
//
//   def bh(p):
//       p = np.asarray(p, float); out = np.full(p.shape, np.nan); ok = (p >= 0) & (p <= 1)
//       q = p[ok]; m = len(q); order = np.argsort(q, kind='stable')
//       adj = np.minimum.accumulate((q[order] / (np.arange(1, m + 1) / m))[::-1])[::-1]
//       res = np.empty(m); res[order] = np.minimum(adj, 1); out[ok] = res; return out

@Suite struct BenjaminiHochbergTests {
    static let table: [([Double], [Double])] = [
        ([0.01, 0.04, 0.03, 0.005, 0.5], [0.024999999999999998, 0.049999999999999996, 0.049999999999999996, 0.024999999999999998, 0.5]),  // bh([0.01, 0.04, 0.03, 0.005, 0.5])
        ([0.02, 0.02, 0.02, 0.9], [0.02666666666666667, 0.02666666666666667, 0.02666666666666667, 0.9]),  // bh([0.02, 0.02, 0.02, 0.9])
        ([0.01, .nan, 0.04, 0.03], [0.030000000000000002, .nan, 0.04, 0.04]),  // bh([0.01, np.nan, 0.04, 0.03])
        ([], []),  // bh([])
        ([1.0, 1.0], [1.0, 1.0]),  // bh([1.0, 1.0])
        ([0.3], [0.3]),  // bh([0.3])
        ([-0.1, 0.2, 1.5], [.nan, 0.2, .nan]),  // bh([-0.1, 0.2, 1.5])
        ([0.8, 0.9, 0.95], [0.95, 0.95, 0.95]),  // bh([0.8, 0.9, 0.95])
        ([1e-300, 0.5, 1e-10, 0.049], [4e-300, 0.5, 2e-10, 0.06533333333333334]),  // bh([1e-300, 0.5, 1e-10, 0.049])
    ]

    @Test func matchesStatsmodelsRule() {
        // Tolerance: relative 1e-15 (the same arithmetic, so in practice exact).
        for (input, expected) in Self.table {
            let actual = MultipleTesting.benjaminiHochberg(input)
            #expect(actual.count == expected.count)
            for (a, e) in zip(actual, expected) {
                #expect(isClose(a, e, relative: 1e-15), "bh(\(input)) = \(actual), expected \(expected)")
            }
        }
    }

    @Test func adjustedValuesAreMonotoneAndNeverBelowTheInput() {
        let p = (1...200).map { Double(($0 * 7919) % 1000) / 1000 }
        let adjusted = MultipleTesting.benjaminiHochberg(p)
        let order = p.indices.sorted { p[$0] < p[$1] }
        for (earlier, later) in zip(order, order.dropFirst()) {
            #expect(adjusted[earlier] <= adjusted[later])
        }
        for (raw, adjusted) in zip(p, adjusted) {
            #expect(adjusted >= raw && adjusted <= 1)
        }
    }
}
