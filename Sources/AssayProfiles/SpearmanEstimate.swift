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
        // Key order, not the workers' merge order or hashing order: the sums come out the same every run.
        let ordered = samples.map { $0.sorted { $0.key < $1.key } }
        var result = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: k)
        // Columns without missing values keep the same rows: rank each column once.
        if let first = ordered.first, ordered.allSatisfy({ $0.count == first.count && zip($0, first).allSatisfy { $0.key == $1.key } }) {
            let ranked = ordered.map { ranks($0.map(\.value)) }
            for i in 0..<k {
                for j in i..<k {
                    result[i][j] = pearson(ranked[i], ranked[j])
                    result[j][i] = result[i][j]
                }
            }
            return result
        }
        let maps = samples.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }
        for i in 0..<k {
            for j in i..<k {
                var a: [Double] = []
                var b: [Double] = []
                for (key, value) in ordered[i] {
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

/// Cramér's V between text and boolean columns (2 to 50 categories, all known), from the rows
/// their row-keyed samples share: √(χ² / (n · (min(r, c) − 1))) of the pair's contingency table,
/// without bias correction (`scipy.stats.contingency.association(table, method="cramer")`).
/// Exact when both columns were sampled whole, else an estimate from up to 65,536 rows.
enum CramerEstimate {
    static let categoryCountMax = 50
    static let columnCountMax = 50

    static func matrix(_ samples: [[(key: UInt64, value: Double)]]) -> [[Double?]] {
        let k = samples.count
        let ordered = samples.map { $0.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value.bitPattern) } }
        let maps = samples.map { Dictionary($0.map { ($0.key, $0.value.bitPattern) }, uniquingKeysWith: { first, _ in first }) }
        var result = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: k)
        for i in 0..<k {
            result[i][i] = 1
            for j in (i + 1)..<k {
                var table: [UInt64: [UInt64: Double]] = [:]
                var n = 0.0
                for (key, a) in ordered[i] {
                    guard let b = maps[j][key] else { continue }
                    table[a, default: [:]][b, default: 0] += 1
                    n += 1
                }
                let v = cramer(table, total: n)
                result[i][j] = v
                result[j][i] = v
            }
        }
        return result
    }

    static func cramer(_ table: [UInt64: [UInt64: Double]], total n: Double) -> Double? {
        var columnTotals: [UInt64: Double] = [:]
        for row in table.values { for (column, count) in row { columnTotals[column, default: 0] += count } }
        let r = table.count, c = columnTotals.count
        guard n > 0, min(r, c) >= 2 else { return nil }
        // Summed in a fixed order (categories by fingerprint), so the result is the same every run.
        let columns = columnTotals.keys.sorted()
        var chiSquared = 0.0
        for rowKey in table.keys.sorted() {
            let row = table[rowKey] ?? [:]
            let rowTotal = row.values.sorted().reduce(0, +)
            for column in columns {
                let columnTotal = columnTotals[column] ?? 0
                let expected = rowTotal * columnTotal / n
                let observed = row[column] ?? 0
                chiSquared += (observed - expected) * (observed - expected) / expected
            }
        }
        return min(1, (chiSquared / (n * Double(min(r, c) - 1))).squareRoot())
    }
}
