import Foundation

/// Tests on category counts shared by drift checks and `assay compare`.
public enum Contingency {
    /// χ² of the test of homogeneity of a 2 × k table (two rows of counts over the same k
    /// categories), categories whose smaller expected count is below 5 pooled (smallest first)
    /// until every expected count reaches 5; no continuity correction, as
    /// `scipy.stats.chi2_contingency(table, correction=False)`. Returns χ² and its degrees of
    /// freedom (categories left − 1); (0, 0) when a row is empty or one category remains.
    public static func homogeneity(_ first: [Double], _ second: [Double]) -> (statistic: Double, degreesOfFreedom: Int) {
        let totalA: Double = first.reduce(0, +)
        let totalB: Double = second.reduce(0, +)
        let total = totalA + totalB
        guard totalA > 0, totalB > 0 else { return (0, 0) }
        var cells: [(a: Double, b: Double)] = []
        for (a, b) in zip(first, second) where a + b > 0 { cells.append((a, b)) }
        cells.sort { $0.a + $0.b < $1.a + $1.b }
        let minorShare = min(totalA, totalB) / total
        while cells.count > 2, (cells[0].a + cells[0].b) * minorShare < 5 {
            let smallest = cells.removeFirst()
            cells[0] = (cells[0].a + smallest.a, cells[0].b + smallest.b)
            cells.sort { $0.a + $0.b < $1.a + $1.b }
        }
        guard cells.count >= 2 else { return (0, 0) }
        var statistic = 0.0
        for cell in cells {
            let column = cell.a + cell.b
            let expectedA = column * totalA / total
            let expectedB = column * totalB / total
            let deviationA = cell.a - expectedA
            let deviationB = cell.b - expectedB
            statistic += deviationA * deviationA / expectedA + deviationB * deviationB / expectedB
        }
        return (statistic, cells.count - 1)
    }

    /// The Jensen–Shannon distance (square root of the divergence, base-2 logarithms, in [0, 1])
    /// between two weight vectors, each normalized to sum 1, as
    /// `scipy.spatial.distance.jensenshannon(p, q, base=2)`.
    public static func jensenShannonDistance(_ p: [Double], _ q: [Double]) -> Double {
        let sumP: Double = p.reduce(0, +)
        let sumQ: Double = q.reduce(0, +)
        guard sumP > 0, sumQ > 0 else { return .nan }
        var divergence = 0.0
        for (rawP, rawQ) in zip(p, q) {
            let a = rawP / sumP
            let b = rawQ / sumQ
            let m = (a + b) / 2
            if a > 0 { divergence += 0.5 * a * log2(a / m) }
            if b > 0 { divergence += 0.5 * b * log2(b / m) }
        }
        return max(0, divergence).squareRoot()
    }
}

extension Contingency {
    /// The population stability index Σ (a − e) ln(a / e) of actual shares against expected ones,
    /// each share below `epsilon` raised to it (an empty bin would be infinite).
    public static func populationStabilityIndex(expected: [Double], actual: [Double], epsilon: Double = 0.0001) -> Double {
        var total = 0.0
        for (rawExpected, rawActual) in zip(expected, actual) {
            let e = max(rawExpected, epsilon)
            let a = max(rawActual, epsilon)
            total += (a - e) * log(a / e)
        }
        return total
    }
}
