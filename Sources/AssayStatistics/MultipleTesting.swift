/// Corrections for testing many hypotheses at once.
public enum MultipleTesting {
    /// Benjamini–Hochberg (1995) step-up adjusted p-values, as
    /// `statsmodels.stats.multitest.multipletests(p, method='fdr_bh')[1]`: with the m valid p-values
    /// sorted ascending, p̃₍ᵢ₎ = min_{k ≥ i} min(1, p₍ₖ₎ / (k/m)), returned in the input order.
    /// NaN and out-of-range inputs (outside [0, 1]) come back as NaN and do not count towards m.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        var adjusted = [Double](repeating: .nan, count: pValues.count)
        let valid = pValues.indices.filter { (0...1).contains(pValues[$0]) }
            .sorted { pValues[$0] < pValues[$1] }
        let count = Double(valid.count)
        var running = 1.0
        for (rank, index) in valid.enumerated().reversed() {
            running = min(running, pValues[index] / (Double(rank + 1) / count))  // statsmodels' p / (k/m)
            adjusted[index] = running
        }
        return adjusted
    }
}
