import AssayColumns
import Foundation
import AssayKernels
import AssayMetrics
import AssayReaders

/// Builds a `Profile` in one parallel pass over a source.
public enum ProfileBuilder {
    public static let assayVersion = "0.1.0"

    public static func build(_ source: some BatchSource, workerCount: Int = Parallel.processorCount,
                             thresholds: AlertThresholds = AlertThresholds()) throws -> Profile {
        var plan = MetricPlan()
        plan.add(TableSummaryMetric())
        plan.add(DuplicateRowsMetric())
        let sampled = source.schema.fields.count  // every column keeps one sample (quantiles or categories)
        let capacity = sampleCapacity(orderedColumns: sampled, workerCount: workerCount)
        for field in source.schema.fields { plan.add(ColumnSketchMetric(column: field.name, sampleCapacity: capacity)) }
        let results = try plan.run(source, workerCount: workerCount)
        // Columns widened during the pass keep their names; their sketches are found the same way.
        let sketches = results.schema.fields.map { try? results.value(ColumnSketchMetric(column: $0.name, sampleCapacity: capacity)) }
        var built = profile(of: try results.value(TableSummaryMetric()), schema: results.schema, source: source.name, sketches: sketches)
        built.duplicateRowCount = try? results.value(DuplicateRowsMetric())
        let numeric = results.schema.fields.indices.filter { results.schema.fields[$0].type.isNumeric && sketches[$0]?.sample != nil }
        if numeric.count >= 2, numeric.count <= SpearmanEstimate.columnCountMax {
            let samples = numeric.compactMap { sketches[$0]?.sample }
            built.correlations.spearman = CorrelationMatrix(columns: numeric.map { results.schema.fields[$0].name },
                                                            matrix: SpearmanEstimate.matrix(samples.map { $0.keyed() }))
            built.correlations.spearmanExact = samples.allSatisfy(\.isExact)
        }
        let categorical = results.schema.fields.indices.filter { index in
            guard let sample = sketches[index]?.categorySample, sample.count > 0,
                  let distribution = built.columns[index].distribution, distribution.frequentValuesComplete else { return false }
            return (2...CramerEstimate.categoryCountMax).contains(distribution.distinctCount)
        }
        if categorical.count >= 2, categorical.count <= CramerEstimate.columnCountMax {
            let samples = categorical.compactMap { sketches[$0]?.categorySample }
            built.correlations.cramersV = CorrelationMatrix(columns: categorical.map { results.schema.fields[$0].name },
                                                            matrix: CramerEstimate.matrix(samples.map { $0.keyed() }))
            built.correlations.cramersVExact = samples.allSatisfy(\.isExact)
        }
        built.alerts = Alerts.of(built, thresholds: thresholds)
        return built
    }

    /// Memory all quantile samples of a profile may take (each sample holds up to 2 × capacity
    /// (key, value) pairs of 16 bytes per worker between prunings).
    public static let sampleBudgetBytes = 256 << 20

    /// 65,536 values a column unless that outgrows the budget (wide tables), never below 4,096.
    static func sampleCapacity(orderedColumns: Int, workerCount: Int) -> Int {
        let perColumn = sampleBudgetBytes / max(1, orderedColumns * max(1, workerCount) * 32)
        return min(QuantileSample.defaultCapacity, max(4_096, perColumn))
    }

    /// Frequent values written for a column whose sketch lost values (high cardinality).
    public static let incompleteFrequentValuesMax = 100

    /// Bins of the profile's histograms (about; the edges are round numbers).
    public static let histogramBinCount = 20

    /// Counts on stable edges — multiples of a round step (1, 2, 2.5 or 5 × 10ⁿ) covering the
    /// values — so two days' histograms share their bins when their ranges are alike. From the
    /// sample: exact when it holds every value, else its counts scaled to the column's.
    static func histogram(_ sorted: [Double], total: Int, exact: Bool) -> ColumnProfile.Histogram? {
        guard let low = sorted.first, let high = sorted.last, low.isFinite, high.isFinite else { return nil }
        let raw = max(high - low, abs(high) * 1e-9, 1e-300) / Double(histogramBinCount)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step
        var edges = [first]
        while edges[edges.count - 1] <= high, edges.count <= 4 * histogramBinCount { edges.append(first + Double(edges.count) * step) }
        let scale = sorted.isEmpty ? 0 : Double(total) / Double(sorted.count)
        var counts: [Int] = []
        var start = 0
        for bin in 0..<(edges.count - 1) {
            // Values in [edges[bin], edges[bin + 1]); the sorted sample is walked once.
            var end = start
            while end < sorted.count, sorted[end] < edges[bin + 1] { end += 1 }
            counts.append(Int((Double(end - start) * scale).rounded()))
            start = end
        }
        return ColumnProfile.Histogram(edges: edges, counts: counts, exact: exact)
    }

    /// Quantiles kept per numeric column: p = 0, 1/1000, …, 1.
    public static let quantileCount = 1_001

    public static func profile(of state: TableSummaryState, schema: Schema, source: String,
                               sketches: [ColumnSketchMetric.State?] = []) -> Profile {
        let columns = schema.fields.indices.map { index in
            let field = schema.fields[index]
            let summary = state.columns[index]
            var column = ColumnProfile(name: field.name, type: field.type, count: summary.count, nullCount: summary.nullCount,
                                       numeric: field.type.isNumeric ? summary.moments.map { numericStatistics($0, summary) } : nil,
                                       distribution: index < sketches.count ? sketches[index].map(distribution) : nil)
            if let low = summary.instantMin, let high = summary.instantMax {
                // Instants are microseconds since 1970 (UTC); the age is from the time of profiling.
                let now = Date().timeIntervalSince1970 * 1_000_000
                let text: (Int64) -> String = field.type == .date
                    ? { CellValue.isoDate(days: Int($0 / 86_400_000_000)) } : { CellValue.isoTimestamp(microseconds: $0) }
                column.instantRange = .init(min: text(low), max: text(high), newestAgeDays: (now - Double(high)) / 86_400_000_000)
            }
            return column
        }
        var pearson: CorrelationMatrix?
        if let correlation = state.correlation {
            let k = correlation.columnIndices.count
            let r = correlation.comoments.pearson
            pearson = CorrelationMatrix(
                columns: correlation.columnIndices.map { schema.fields[$0].name },
                matrix: (0..<k).map { i in (0..<k).map { j in finite(r[i + j * k]) } })
        }
        var covariance: CovarianceMatrix?
        if let correlation = state.correlation {
            let moments = correlation.comoments
            let k = moments.dimension
            covariance = CovarianceMatrix(
                columns: correlation.columnIndices.map { schema.fields[$0].name },
                means: (0..<k).map { moments.count[$0 + $0 * k] > 0 ? finite(moments.mean[$0 + $0 * k]) : nil },
                matrix: (0..<k).map { i in (0..<k).map { j in
                    moments.count[i + j * k] >= 2 ? finite(moments.comoment[i + j * k] / (moments.count[i + j * k] - 1)) : nil
                } },
                counts: (0..<k).map { i in (0..<k).map { j in Int(moments.count[i + j * k]) } })
        }
        let comoments = state.correlation.flatMap { $0.columnIndices.count <= Correlations.comomentColumnCountMax ? $0.comoments : nil }
        return Profile(assayVersion: assayVersion, source: source, rowCount: state.rowCount, columns: columns,
                       correlations: Correlations(pearson: pearson, covariance: covariance, comoments: comoments))
    }

    static func distribution(_ sketch: ColumnSketchMetric.State) -> ColumnProfile.Distribution {
        var quantiles: [Double]?
        var histogram: ColumnProfile.Histogram?
        if let sample = sketch.sample {
            let sorted = sample.sorted()
            if sketch.numeric { histogram = Self.histogram(sorted, total: sample.count, exact: sample.isExact) }
            if !sorted.isEmpty {
                // numpy's default ("linear") interpolation between order statistics.
                quantiles = (0..<quantileCount).map { i in
                    let position = Double(i) / Double(quantileCount - 1) * Double(sorted.count - 1)
                    let low = Int(position.rounded(.down))
                    let high = min(low + 1, sorted.count - 1)
                    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
                }
            }
        }
        let categories = sketch.categories
        // A numeric column sampled whole gives its exact distinct count.
        let exactFromSample = sketch.sample?.isExact == true
        let distinct = exactFromSample ? Set(sketch.sample?.sorted() ?? []).count : categories?.distinctCount ?? 0
        // All values while complete; otherwise the top `incompleteFrequentValuesMax` — the rest have
        // counts near the error bound and would only make the profile (and every drift run) slower
        // to read. The bound rises to the first count left out, so it still holds.
        var frequent = categories?.tracksValues == true ? categories?.top().map { ColumnProfile.FrequentValue(value: $0.value, count: $0.count) } : nil
        var bound = categories?.errorBound ?? 0
        if categories?.isComplete == false, let all = frequent, all.count > incompleteFrequentValuesMax {
            bound = max(bound, all[incompleteFrequentValuesMax].count)
            frequent = Array(all.prefix(incompleteFrequentValuesMax))
        }
        return ColumnProfile.Distribution(
            distinctCount: distinct, distinctCountExact: exactFromSample || categories?.isComplete == true,
            frequentValues: frequent,
            frequentValuesComplete: categories?.isComplete ?? false, frequentValuesErrorBound: bound,
            quantiles: quantiles, quantilesExact: sketch.sample?.isExact ?? false, sampleSize: min(sketch.sample?.count ?? 0, sketch.sample?.capacity ?? 0),
            zeroCount: sketch.numeric ? sketch.zeroCount : nil, negativeCount: sketch.numeric ? sketch.negativeCount : nil,
            lengthMin: sketch.lengthMin, lengthMax: sketch.lengthMax,
            lengthMean: sketch.lengthMin == nil ? nil : Double(sketch.lengthSum) / Double(max(1, categories?.total ?? 1)),
            hll: categories?.registers, histogram: histogram)
    }

    private static func numericStatistics(_ moments: MomentsState, _ summary: ColumnSummaryState) -> ColumnProfile.NumericStatistics {
        let hasValues = moments.count > 0
        let min: ProfileNumber? = summary.type == .int64 ? summary.integerMin.map { .integer($0) } : hasValues ? .double(moments.min) : nil
        let max: ProfileNumber? = summary.type == .int64 ? summary.integerMax.map { .integer($0) } : hasValues ? .double(moments.max) : nil
        return .init(
            min: min, max: max, mean: hasValues ? finite(moments.mean) : nil, stddev: moments.standardDeviation.flatMap(finite),
            skewness: moments.skewness.flatMap(finite), kurtosis: moments.kurtosis.flatMap(finite),
            nanCount: moments.nanCount, infiniteCount: moments.positiveInfinityCount + moments.negativeInfinityCount, moments: moments)
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}
