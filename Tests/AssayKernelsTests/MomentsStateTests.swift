import AssayColumns
@testable import AssayKernels
import Testing

/// Relative closeness (absolute near zero), the tolerance stated at each use.
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    a == b || abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300) || abs(a - b) <= tolerance * 1e-6
}

/// Deterministic pseudo-random doubles for property tests.
struct TestRandom {
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(seed: state) }
    mutating func uniform() -> Double { generator.nextUnit() }
    mutating func values(_ count: Int, scale: Double = 100, offset: Double = 0) -> [Double] {
        (0..<count).map { _ in offset + scale * (uniform() - 0.3) * (uniform() + 0.1) }
    }
}

func moments(_ values: [Double]) -> MomentsState { MomentsState.of(FixedWidthColumn(values: values)) }

@Suite struct MomentsStateTests {
    // Reference: NumPy 2.4 / SciPy 1.17 / pandas 3 on the same 15 values:
    // a.mean(), a.std(ddof=1), scipy.stats.skew(a, bias=False), scipy.stats.kurtosis(a, bias=False)
    // (pandas Series.skew()/kurt() agree to 1e-15).
    static let sample = [2.5, -1.25, 3.75, 10.0, 0.5, 7.125, -4.0, 2.0, 2.0, 9.5, 1e-3, 6.25, -0.75, 3.3, 4.4]

    @Test func matchesSciPyWithin1e12() throws {
        let state = moments(Self.sample)
        #expect(state.count == 15)
        #expect(close(state.mean, 3.0217333333333327, 1e-12))
        #expect(close(try #require(state.standardDeviation), 3.964598168553181, 1e-12))
        #expect(close(try #require(state.skewness), 0.25626976577192767, 1e-12))
        #expect(close(try #require(state.kurtosis), -0.37948440162752606, 1e-12))
        #expect(state.min == -4.0 && state.max == 10.0)
    }

    @Test func edgeCasesGiveNilNotNaN() {
        #expect(moments([]).count == 0)
        #expect(moments([]).variance == nil)
        #expect(moments([5]).standardDeviation == nil)
        #expect(moments([5, 6]).skewness == nil)
        #expect(moments([5, 6, 7]).kurtosis == nil)
        let constant = moments([3, 3, 3, 3, 3])
        #expect(constant.variance == 0)
        #expect(constant.skewness == 0)
        #expect(constant.kurtosis == 0)
    }

    @Test func nullsAndNonFiniteValuesAreKeptApart() {
        var validity = ValidityBitmap.Builder()
        for valid in [true, false, true, true, true, true, true] { validity.append(valid) }
        let column = FixedWidthColumn<Double>(values: [1, 999, .nan, .infinity, -.infinity, 3, 5], validity: validity.finish())
        let state = MomentsState.of(column)
        #expect(state.count == 3)
        #expect(state.mean == 3)
        #expect(state.nanCount == 1)
        #expect(state.positiveInfinityCount == 1)
        #expect(state.negativeInfinityCount == 1)
        #expect(state.min == 1 && state.max == 5)
    }

    @Test func integerColumnsKeepExactExtremes() {
        let big: Int64 = 9_007_199_254_740_993 // 2^53 + 1: not representable as a Double
        let (state, low, high) = MomentsState.of(FixedWidthColumn<Int64>(values: [big, 1, -7]))
        #expect(low == -7)
        #expect(high == big)
        #expect(state.count == 3)
    }

    // MARK: Laws

    @Test func emptyIsTheIdentity() {
        let state = moments(Self.sample)
        #expect(state.merging(.empty) == state)
        #expect(MomentsState.empty.merging(state) == state)
    }

    @Test func mergeIsCommutative() {
        var random = TestRandom(state: 7)
        let a = moments(random.values(1000))
        let b = moments(random.values(333, scale: 5, offset: 40))
        let ab = a.merging(b)
        let ba = b.merging(a)
        #expect(ab.count == ba.count)
        for (x, y) in [(ab.mean, ba.mean), (ab.m2, ba.m2), (ab.m3, ba.m3), (ab.m4, ba.m4)] { #expect(close(x, y, 1e-12)) }
    }

    @Test(arguments: [1, 2, 7, 128, 129, 5000])
    func splitMergeEqualsWhole(parts: Int) {
        var random = TestRandom(state: UInt64(parts))
        let values = random.values(10_007, scale: 1e3, offset: 1e6)
        let whole = moments(values)
        var merged = MomentsState.empty
        let size = (values.count + parts - 1) / parts
        for start in stride(from: 0, to: values.count, by: size) {
            merged.merge(moments(Array(values[start..<min(start + size, values.count)])))
        }
        #expect(merged.count == whole.count)
        #expect(close(merged.mean, whole.mean, 1e-13))
        #expect(close(merged.m2, whole.m2, 1e-10))
        #expect(close(merged.m3, whole.m3, 1e-7))
        #expect(close(merged.m4, whole.m4, 1e-9))
        #expect(merged.min == whole.min && merged.max == whole.max)
    }

    /// The SIMD/pairwise kernel against a plain two-pass loop in long double-free Swift.
    @Test func kernelAgreesWithPlainTwoPass() {
        var random = TestRandom(state: 99)
        let values = random.values(70_001, scale: 10, offset: -3)
        let state = moments(values)
        let mean = values.reduce(0, +) / Double(values.count)
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in values {
            let d = value - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        #expect(close(state.mean, mean, 1e-12))
        #expect(close(state.m2, m2, 1e-11))
        #expect(close(state.m3, m3, 1e-9))
        #expect(close(state.m4, m4, 1e-11))
    }
}
