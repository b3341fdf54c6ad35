import CLinearAlgebra

/// BLAS runs single-threaded: Assay parallelises over batches, and OpenBLAS threads gave no
/// speed-up on these sizes while spinning idle afterwards (PLATFORM.md).
enum LinearAlgebraSetup {
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()
}

extension CoMomentState {
    /// Adds a block of `rows` rows: `values` is rows × k column-major; `present` the same shape
    /// with 1 where a value is present and finite and 0 elsewhere (the value there is ignored),
    /// or nil when every value is present.
    public mutating func update(values: UnsafeBufferPointer<Double>, present: UnsafeBufferPointer<Double>?, rows: Int) {
        var batch = CoMomentState(dimension: dimension)
        batch.fill(values: values, present: present, rows: rows)
        merge(batch)
    }

    /// The state of one block, by BLAS on the block centred on its per-column means.
    mutating func fill(values: UnsafeBufferPointer<Double>, present: UnsafeBufferPointer<Double>?, rows: Int) {
        let k = dimension
        precondition(values.count >= rows * k, "values must hold rows × k entries")
        precondition(present.map { $0.count >= rows * k } ?? true, "present must hold rows × k entries")
        guard rows > 0, k > 0 else { return }
        _ = LinearAlgebraSetup.singleThreaded

        // Centre each column on its mean over present rows; zero the missing entries.
        var centred = [Double](repeating: 0, count: rows * k)
        var centre = [Double](repeating: 0, count: k)
        for column in 0..<k {
            let offset = column * rows
            var sum = 0.0
            var present_ = 0.0
            for row in 0..<rows {
                let weight = present?[offset + row] ?? 1
                if weight != 0 {
                    sum += values[offset + row]
                    present_ += 1
                }
            }
            let mean = present_ > 0 ? sum / present_ : 0
            centre[column] = mean
            for row in 0..<rows where (present?[offset + row] ?? 1) != 0 {
                centred[offset + row] = values[offset + row] - mean
            }
        }

        // Cross products of centred values: P = Xcᵀ Xc (upper triangle, then mirrored).
        var products = [Double](repeating: 0, count: k * k)
        let n = Int32(rows)
        let width = Int32(k)
        centred.withUnsafeBufferPointer { xc in
            products.withUnsafeMutableBufferPointer { p in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, width, n, 1, xc.baseAddress, n, 0, p.baseAddress, width)
            }
        }
        mirrorUpper(&products, k)

        // Per pair: counts N, sums of centred values A_ij = Σ_{both} xc_i, sums of squares B_ij.
        var counts = [Double](repeating: Double(rows), count: k * k)
        var sums = [Double](repeating: 0, count: k * k)
        var squares = [Double](repeating: 0, count: k * k)
        if let present {
            var squared = centred
            for index in squared.indices { squared[index] *= squared[index] }
            counts.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, width, n, 1, present.baseAddress, n, 0, c.baseAddress, width)
            }
            mirrorUpper(&counts, k)
            centred.withUnsafeBufferPointer { xc in
                sums.withUnsafeMutableBufferPointer { a in
                    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, width, width, n, 1, xc.baseAddress, n,
                                present.baseAddress, n, 0, a.baseAddress, width)
                }
            }
            squared.withUnsafeBufferPointer { x2 in
                squares.withUnsafeMutableBufferPointer { b in
                    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, width, width, n, 1, x2.baseAddress, n,
                                present.baseAddress, n, 0, b.baseAddress, width)
                }
            }
        } else {
            // Every pair sees every row: A_ij = Σ xc_i (≈ 0, kept for exactness), B_ij = P_ii.
            for i in 0..<k {
                var sum = 0.0
                for row in 0..<rows { sum += centred[i * rows + row] }
                for j in 0..<k {
                    sums[i + j * k] = sum
                    squares[i + j * k] = products[i + i * k]
                }
            }
        }

        for j in 0..<k {
            for i in 0..<k {
                let index = i + j * k
                let pairCount = counts[index]
                guard pairCount > 0 else { continue }
                let transposed = j + i * k
                count[index] = pairCount
                mean[index] = centre[i] + sums[index] / pairCount
                m2[index] = squares[index] - sums[index] * sums[index] / pairCount
                comoment[index] = products[index] - sums[index] * sums[transposed] / pairCount
            }
        }
    }

    private func mirrorUpper(_ matrix: inout [Double], _ k: Int) {
        for j in 0..<k {
            for i in (j + 1)..<max(k, j + 1) { matrix[i + j * k] = matrix[j + i * k] }
        }
    }

    /// Plain-Swift reference: one row at a time, per-pair Welford updates. Slow; tests hold the
    /// BLAS path against it.
    public static func reference(values: [Double], present: [Double]?, rows: Int, dimension k: Int) -> CoMomentState {
        var state = CoMomentState(dimension: k)
        for row in 0..<rows {
            for j in 0..<k {
                for i in 0..<k {
                    let isPresent = (present?[i * rows + row] ?? 1) != 0 && (present?[j * rows + row] ?? 1) != 0
                    guard isPresent else { continue }
                    let index = i + j * k
                    let transposed = j + i * k
                    let x = values[i * rows + row]
                    let y = values[j * rows + row]
                    let n = state.count[index] + 1
                    let deltaX = x - state.mean[index]
                    let deltaY = y - state.mean[transposed]
                    // Pair (i, j) updates its own mean of i; pair (j, i) holds the mean of j.
                    state.comoment[index] += deltaX * deltaY * (n - 1) / n
                    state.m2[index] += deltaX * deltaX * (n - 1) / n
                    state.count[index] = n
                }
            }
            for j in 0..<k {
                for i in 0..<k {
                    let isPresent = (present?[i * rows + row] ?? 1) != 0 && (present?[j * rows + row] ?? 1) != 0
                    guard isPresent else { continue }
                    let index = i + j * k
                    state.mean[index] += (values[i * rows + row] - state.mean[index]) / state.count[index]
                }
            }
        }
        return state
    }
}
