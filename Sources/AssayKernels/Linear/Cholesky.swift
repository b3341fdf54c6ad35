#if canImport(Glibc)
import Glibc
#endif
import CLinearAlgebra

/// The Cholesky factor L Lᵀ of a symmetric positive-definite matrix (k × k, column-major), by
/// LAPACK's `dpotrf`: its log-determinant and solutions of A x = b (`dpotrs`), for Hotelling's T²
/// and Box's M. Nil when the matrix is not positive definite (collinear or constant columns).
public struct Cholesky: Sendable {
    public let dimension: Int
    /// The lower factor, column-major (the upper triangle is left as LAPACK found it).
    private let factor: [Double]

    public init?(_ matrix: [Double], dimension k: Int) {
        precondition(matrix.count == k * k, "matrix must be k × k")
        guard k > 0, matrix.allSatisfy(\.isFinite) else { return nil }
        _ = LinearAlgebraSetup.singleThreaded
        var a = matrix
        let info = a.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(k), $0.baseAddress, Int32(k))
        }
        guard info == 0 else { return nil }
        dimension = k
        factor = a
    }

    /// ln |A| = 2 Σ ln L_ii.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0.0) { $0 + 2 * log(factor[$1 + $1 * dimension]) }
    }

    /// x with A x = b.
    public func solve(_ b: [Double]) -> [Double]? {
        precondition(b.count == dimension, "b must have k entries")
        var x = b
        var a = factor
        let info = a.withUnsafeMutableBufferPointer { a in
            x.withUnsafeMutableBufferPointer { x in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(dimension), 1, a.baseAddress, Int32(dimension),
                               x.baseAddress, Int32(dimension))
            }
        }
        return info == 0 ? x : nil
    }
}
