@testable import AssayKernels
import Testing

@Suite struct CoMomentStateTests {
    /// rows × k column-major block with some columns correlated; `missingEvery` > 0 drops values.
    static func block(rows: Int, k: Int, seed: UInt64, missingEvery: Int = 0) -> (values: [Double], present: [Double]?) {
        var random = TestRandom(state: seed)
        var values = [Double](repeating: 0, count: rows * k)
        var present = [Double](repeating: 1, count: rows * k)
        for row in 0..<rows {
            let base = random.uniform() * 50
            for column in 0..<k {
                values[column * rows + row] = base * Double(column % 3) + random.uniform() * Double(column + 1) * 10 + 1000 * Double(column)
                if missingEvery > 0, (row * 7 + column * 3) % missingEvery == 0 { present[column * rows + row] = 0 }
            }
        }
        return (values, missingEvery > 0 ? present : nil)
    }

    static func state(_ block: (values: [Double], present: [Double]?), rows: Int, k: Int) -> CoMomentState {
        var state = CoMomentState(dimension: k)
        block.values.withUnsafeBufferPointer { values in
            if let present = block.present {
                present.withUnsafeBufferPointer { state.update(values: values, present: $0, rows: rows) }
            } else {
                state.update(values: values, present: nil, rows: rows)
            }
        }
        return state
    }

    static func expectClose(_ a: CoMomentState, _ b: CoMomentState, _ tolerance: Double) {
        #expect(a.count == b.count)
        for index in a.mean.indices {
            #expect(close(a.mean[index], b.mean[index], tolerance), "mean \(index)")
            #expect(close(a.m2[index], b.m2[index], tolerance), "m2 \(index)")
            #expect(close(a.comoment[index], b.comoment[index], tolerance), "comoment \(index)")
        }
    }

    /// BLAS (dsyrk/dgemm on centred blocks) against the plain-Swift per-pair Welford reference: relative 1e-9.
    @Test(arguments: [0, 5, 11])
    func blasAgreesWithReference(missingEvery: Int) {
        let rows = 3000, k = 6
        let block = Self.block(rows: rows, k: k, seed: 3, missingEvery: missingEvery)
        let blas = Self.state(block, rows: rows, k: k)
        let reference = CoMomentState.reference(values: block.values, present: block.present, rows: rows, dimension: k)
        Self.expectClose(blas, reference, 1e-9)
    }

    /// pandas 3 `DataFrame.corr()` (pairwise-complete Pearson) on the same three columns with NaN holes.
    @Test func pearsonMatchesPandasPairwise() {
        let nan = Double.nan
        let columns: [[Double]] = [
            [1.0, 2.0, nan, 4.0, 5.5, 6.0, 7.25, 8.0, nan, 10.0],
            [2.1, 3.9, 6.2, nan, 10.1, 12.5, 13.9, 16.2, 18.0, 19.5],
            [5.0, 3.0, 4.0, 1.0, nan, -2.0, 0.5, -1.0, -3.5, -4.0],
        ]
        let rows = 10
        let values = columns.flatMap { $0.map { $0.isNaN ? 0 : $0 } }
        let present = columns.flatMap { $0.map { $0.isNaN ? 0.0 : 1.0 } }
        let state = Self.state((values, present), rows: rows, k: 3)
        let r = state.pearson
        let expected = [
            [1.0, 0.9970928486387378, -0.9206565274462943],
            [0.9970928486387378, 1.0, -0.9444577919658486],
            [-0.9206565274462943, -0.9444577919658486, 1.0],
        ]
        for i in 0..<3 { for j in 0..<3 { #expect(close(r[i + j * 3], expected[i][j], 1e-12), "r[\(i),\(j)]") } }
        #expect(state.count[0 + 1 * 3] == 7)
    }

    @Test func constantColumnHasUndefinedCorrelation() {
        let rows = 5
        let values: [Double] = [1, 2, 3, 4, 5] + [7, 7, 7, 7, 7]
        let r = Self.state((values, nil), rows: rows, k: 2).pearson
        #expect(r[0] == 1)
        #expect(r[1].isNaN && r[2].isNaN && r[3].isNaN)
    }

    // MARK: Laws

    @Test func emptyIsTheIdentity() {
        let block = Self.block(rows: 500, k: 4, seed: 1, missingEvery: 6)
        let state = Self.state(block, rows: 500, k: 4)
        #expect(state.merging(CoMomentState(dimension: 4)) == state)
        #expect(CoMomentState(dimension: 4).merging(state) == state)
    }

    @Test func mergeIsCommutative() {
        let a = Self.state(Self.block(rows: 700, k: 5, seed: 8, missingEvery: 4), rows: 700, k: 5)
        let b = Self.state(Self.block(rows: 300, k: 5, seed: 9), rows: 300, k: 5)
        Self.expectClose(a.merging(b), b.merging(a), 1e-12)
    }

    @Test(arguments: [2, 3, 10])
    func splitMergeEqualsWhole(parts: Int) {
        let rows = 6000, k = 5
        let block = Self.block(rows: rows, k: k, seed: 21, missingEvery: 9)
        let whole = Self.state(block, rows: rows, k: k)
        var merged = CoMomentState(dimension: k)
        let size = rows / parts
        for part in 0..<parts {
            let start = part * size
            let count = part == parts - 1 ? rows - start : size
            var values = [Double]()
            var present = [Double]()
            for column in 0..<k {
                values += block.values[(column * rows + start)..<(column * rows + start + count)]
                present += block.present![(column * rows + start)..<(column * rows + start + count)]
            }
            merged.merge(Self.state((values, present), rows: count, k: k))
        }
        Self.expectClose(merged, whole, 1e-9)
    }
}

@Suite struct SymmetricEigenTests {
    /// NumPy 2.4 `numpy.linalg.eigvalsh` on the same matrix.
    @Test func matchesNumPy() throws {
        let matrix: [Double] = [4.0, 1.0, 0.5, 1.0, 3.0, 0.25, 0.5, 0.25, 2.0]
        let values = try #require(SymmetricEigen.eigenvalues(matrix, dimension: 3))
        for (value, expected) in zip(values, [1.881680210169898, 2.3867603743778876, 4.731559415452212]) {
            #expect(close(value, expected, 1e-12))
        }
    }

    /// LAPACK dsyevd against the plain-Swift Jacobi reference on a correlation matrix: relative 1e-9.
    @Test func lapackAgreesWithJacobi() throws {
        let k = 8
        let block = CoMomentStateTests.block(rows: 2000, k: k, seed: 5)
        let r = CoMomentStateTests.state(block, rows: 2000, k: k).pearson
        let lapack = try #require(SymmetricEigen.eigenvalues(r, dimension: k))
        let jacobi = SymmetricEigen.referenceEigenvalues(r, dimension: k)
        for (a, b) in zip(lapack, jacobi) { #expect(close(a, b, 1e-9)) }
        #expect(close(lapack.reduce(0, +), Double(k), 1e-12), "trace of a correlation matrix is k")
    }

    @Test func nonFiniteMatrixGivesNil() {
        #expect(SymmetricEigen.eigenvalues([1, .nan, .nan, 1], dimension: 2) == nil)
    }
}
