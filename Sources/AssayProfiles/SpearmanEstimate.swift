import AssayMetrics

/// Spearman's ρ between numeric columns, from the rows their quantile samples share: samples are
/// keyed by row position, so every column keeps the same rows (where the value is present) and
/// they join on the key. Exact when the columns are sampled whole (≤ the sample size); otherwise
/// an estimate from up to 65,536 rows (standard error about (1 − ρ²)/√n, ≈ 0.004). Pearson's r of
/// the average ranks (ties share their mean rank), as pandas' `corr(method="spearman")`.
enum SpearmanEstimate {
    /// Above this many numeric columns the matrix is left out (k² joins).
    static let columnCountMax = 50

    static func matrix(_ samples: [[(key: UInt64, value: Double)]]) -> [[Double?]] {
        let k = samples.count
        let maps = samples.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }
        var result = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: k)
        for i in 0..<k {
            for j in i..<k {
                var a: [Double] = []
                var b: [Double] = []
                for (key, value) in maps[i] {
                    guard let other = maps[j][key] else { continue }
                    a.append(value)
                    b.append(other)
                }
                let rho = pearson(ranks(a), ranks(b))
                result[i][j] = rho
                result[j][i] = rho
            }
        }
        return result
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = average }
            start = end + 1
        }
        return ranks
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        let n = Double(a.count)
        guard a.count >= 2 else { return nil }
        let meanA = a.reduce(0, +) / n, meanB = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) {
            sab += (x - meanA) * (y - meanB)
            saa += (x - meanA) * (x - meanA)
            sbb += (y - meanB) * (y - meanB)
        }
        guard saa > 0, sbb > 0 else { return nil }
        return max(-1, min(1, sab / (saa * sbb).squareRoot()))
    }
}
