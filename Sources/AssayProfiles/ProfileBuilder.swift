import AssayColumns
import AssayKernels
import AssayMetrics
import AssayReaders

/// Builds a `Profile` in one parallel pass over a source.
public enum ProfileBuilder {
    public static let assayVersion = "0.1.0"

    public static func build(_ source: some BatchSource, workerCount: Int = Parallel.processorCount) throws -> Profile {
        var plan = MetricPlan()
        plan.add(TableSummaryMetric())
        let results = try plan.run(source, workerCount: workerCount)
        return profile(of: try results.value(TableSummaryMetric()), schema: results.schema, source: source.name)
    }

    public static func profile(of state: TableSummaryState, schema: Schema, source: String) -> Profile {
        let columns = zip(schema.fields, state.columns).map { field, summary in
            ColumnProfile(name: field.name, type: field.type, count: summary.count, nullCount: summary.nullCount,
                          numeric: field.type.isNumeric ? summary.moments.map { numericStatistics($0, summary) } : nil)
        }
        var pearson: CorrelationMatrix?
        if let correlation = state.correlation {
            let k = correlation.columnIndices.count
            let r = correlation.comoments.pearson
            pearson = CorrelationMatrix(
                columns: correlation.columnIndices.map { schema.fields[$0].name },
                matrix: (0..<k).map { i in (0..<k).map { j in finite(r[i + j * k]) } })
        }
        return Profile(assayVersion: assayVersion, source: source, rowCount: state.rowCount, columns: columns,
                       correlations: Correlations(pearson: pearson))
    }

    private static func numericStatistics(_ moments: MomentsState, _ summary: ColumnSummaryState) -> ColumnProfile.NumericStatistics {
        let hasValues = moments.count > 0
        let min: ProfileNumber? = summary.type == .int64 ? summary.integerMin.map { .integer($0) } : hasValues ? .double(moments.min) : nil
        let max: ProfileNumber? = summary.type == .int64 ? summary.integerMax.map { .integer($0) } : hasValues ? .double(moments.max) : nil
        return .init(
            min: min, max: max, mean: hasValues ? finite(moments.mean) : nil, stddev: moments.standardDeviation.flatMap(finite),
            skewness: moments.skewness.flatMap(finite), kurtosis: moments.kurtosis.flatMap(finite),
            nanCount: moments.nanCount, infiniteCount: moments.positiveInfinityCount + moments.negativeInfinityCount)
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}
