import CLinearAlgebra

/// Eigenvalues of a real symmetric matrix (k × k, column-major).
public enum SymmetricEigen {
    /// By LAPACK's divide and conquer `dsyevd`; ascending. Nil when LAPACK reports failure or
    /// the matrix holds a non-finite value.
    public static func eigenvalues(_ matrix: [Double], dimension k: Int) -> [Double]? {
        precondition(matrix.count == k * k, "matrix must be k × k")
        guard k > 0 else { return [] }
        guard matrix.allSatisfy(\.isFinite) else { return nil }
        _ = LinearAlgebraSetup.singleThreaded
        var a = matrix
        var w = [Double](repeating: 0, count: k)
        let info = a.withUnsafeMutableBufferPointer { a in
            w.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "U")), Int32(k),
                               a.baseAddress, Int32(k), w.baseAddress)
            }
        }
        return info == 0 ? w : nil
    }

    /// Plain-Swift reference: cyclic Jacobi rotations until the off-diagonal vanishes; ascending.
    public static func referenceEigenvalues(_ matrix: [Double], dimension k: Int) -> [Double] {
        var a = matrix
        for _ in 0..<100 {
            var off = 0.0
            for j in 0..<k { for i in 0..<k where i != j { off += a[i + j * k] * a[i + j * k] } }
            if off < 1e-30 { break }
            for p in 0..<k {
                for q in (p + 1)..<max(k, p + 1) where a[p + q * k] != 0 {
                    let theta = (a[q + q * k] - a[p + p * k]) / (2 * a[p + q * k])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for r in 0..<k {
                        let arp = a[r + p * k]
                        let arq = a[r + q * k]
                        a[r + p * k] = c * arp - s * arq
                        a[r + q * k] = s * arp + c * arq
                    }
                    for r in 0..<k {
                        let apr = a[p + r * k]
                        let aqr = a[q + r * k]
                        a[p + r * k] = c * apr - s * aqr
                        a[q + r * k] = s * apr + c * aqr
                    }
                }
            }
        }
        return (0..<k).map { a[$0 + $0 * k] }.sorted()
    }
}
