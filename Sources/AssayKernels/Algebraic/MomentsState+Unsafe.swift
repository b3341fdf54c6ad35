import AssayColumns

extension MomentsState {
    /// Values per leaf of the pairwise sum; NumPy uses 128 too.
    static let pairwiseBlockCount = 128

    /// The state of a column of doubles, nulls skipped.
    public static func of(_ column: FixedWidthColumn<Double>) -> MomentsState {
        column.values.withUnsafeBufferPointer { values in
            if !column.validity.hasNulls {
                let state = ofDense(values)
                if state.m4.isFinite && state.min.isFinite && state.max.isFinite { return state }
            }
            // Slow path: gather the valid finite values and count the others.
            var dense = [Double]()
            dense.reserveCapacity(values.count)
            var nans = 0
            var positive = 0
            var negative = 0
            for row in 0..<values.count where column.validity.isValid(row) {
                let value = values[row]
                if value.isFinite {
                    dense.append(value)
                } else if value.isNaN {
                    nans += 1
                } else if value > 0 {
                    positive += 1
                } else {
                    negative += 1
                }
            }
            var state = dense.withUnsafeBufferPointer { ofDense($0) }
            state.nanCount = nans
            state.positiveInfinityCount = positive
            state.negativeInfinityCount = negative
            return state
        }
    }

    /// The state of a column of integers (as doubles), nulls skipped, with the exact integer extremes.
    public static func of(_ column: FixedWidthColumn<Int64>) -> (moments: MomentsState, min: Int64?, max: Int64?) {
        var dense = [Double]()
        dense.reserveCapacity(column.count)
        var low = Int64.max
        var high = Int64.min
        column.values.withUnsafeBufferPointer { values in
            if !column.validity.hasNulls {
                for value in values {
                    dense.append(Double(value))
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                }
            } else {
                for row in 0..<values.count where column.validity.isValid(row) {
                    dense.append(Double(values[row]))
                    low = Swift.min(low, values[row])
                    high = Swift.max(high, values[row])
                }
            }
        }
        let moments = dense.withUnsafeBufferPointer { ofDense($0) }
        return (moments, moments.count > 0 ? low : nil, moments.count > 0 ? high : nil)
    }

    /// Two passes over finite values: pairwise mean, then Σd, Σd², Σd³, Σd⁴ around it.
    /// With non-finite values the result is not finite; callers check and take the slow path.
    public static func ofDense(_ values: UnsafeBufferPointer<Double>) -> MomentsState {
        let count = values.count
        guard count > 0, let base = values.baseAddress else { return .empty }
        let (sum, low, high) = pairwiseSumMinMax(base, count)
        let mean = sum / Double(count)
        var s1 = SIMD4<Double>()
        var s2 = SIMD4<Double>()
        var s3 = SIMD4<Double>()
        var s4 = SIMD4<Double>()
        let meanVector = SIMD4<Double>(repeating: mean)
        var index = 0
        while index + 4 <= count {
            // SAFETY: index + 4 <= count, so the four loads are inside `values`.
            let d = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD4<Double>.self) - meanVector
            let d2 = d * d
            s1 += d
            s2 += d2
            s3 += d2 * d
            s4 += d2 * d2
            index += 4
        }
        var t1 = s1.sum()
        var t2 = s2.sum()
        var t3 = s3.sum()
        var t4 = s4.sum()
        while index < count {
            let d = base[index] - mean
            let d2 = d * d
            t1 += d
            t2 += d2
            t3 += d2 * d
            t4 += d2 * d2
            index += 1
        }
        // Correct for the rounding of the mean: shift the sums from `mean` to `mean + t1/n`.
        let n = Double(count)
        let shift = t1 / n
        let m2 = t2 - t1 * shift
        let m3 = t3 - 3 * shift * t2 + 2 * n * shift * shift * shift
        let m4 = t4 - 4 * shift * t3 + 6 * shift * shift * t2 - 3 * n * shift * shift * shift * shift
        return MomentsState(
            count: count, mean: mean + shift, m2: m2, m3: m3, m4: m4, min: low, max: high,
            nanCount: 0, positiveInfinityCount: 0, negativeInfinityCount: 0)
    }

    /// Pairwise (cascade) summation: error O(log n · ε) instead of O(n · ε); extremes on the way.
    static func pairwiseSumMinMax(_ base: UnsafePointer<Double>, _ count: Int) -> (sum: Double, min: Double, max: Double) {
        if count <= pairwiseBlockCount {
            var sum = SIMD4<Double>()
            var low = SIMD4<Double>(repeating: .infinity)
            var high = SIMD4<Double>(repeating: -.infinity)
            var index = 0
            while index + 4 <= count {
                let v = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD4<Double>.self)
                sum += v
                low = pointwiseMin(low, v)
                high = pointwiseMax(high, v)
                index += 4
            }
            var total = sum.sum()
            var lowest = low.min()
            var highest = high.max()
            while index < count {
                total += base[index]
                lowest = Swift.min(lowest, base[index])
                highest = Swift.max(highest, base[index])
                index += 1
            }
            return (total, lowest, highest)
        }
        let half = (count / 2) & ~3
        let left = pairwiseSumMinMax(base, half)
        let right = pairwiseSumMinMax(base + half, count - half)
        return (left.sum + right.sum, Swift.min(left.min, right.min), Swift.max(left.max, right.max))
    }
}
