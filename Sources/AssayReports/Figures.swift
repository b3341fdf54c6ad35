import AssayColumns
import AssayMetrics
import AssaySuites

/// The values a report draws beyond what the results hold, requested in the validation's own
/// pass (so a report costs no second read): a histogram for each `values_to_be_between` with two
/// numeric bounds, and a correlation matrix of the columns the suite's correlation checks name.
public struct FigurePlan: Sendable {
    /// By suite entry index.
    let histograms: [Int: HistogramMetric]
    let correlation: CorrelationMatrixMetric?

    /// Bins inside the allowed range; a quarter of its width is added on each side.
    static let binsInRange = 24

    public init(suite: Suite) {
        var histograms: [Int: HistogramMetric] = [:]
        var correlated: [String] = []
        for (index, entry) in suite.entries.enumerated() {
            let text = ExpectationText(type: entry.type, kwargs: entry.kwargs)
            switch entry.type {
            case "expect_column_values_to_be_between":
                guard let column = text.columns.first, let low = text["min_value"]?.number, let high = text["max_value"]?.number,
                      low < high, low.isFinite, high.isFinite else { continue }
                // Edges on both bounds: a quarter of the range's width (6 bins) on each side.
                let width = (high - low) / Double(Self.binsInRange)
                let edges = (0...(Self.binsInRange * 3 / 2)).map { low + width * Double($0 - Self.binsInRange / 4) }
                histograms[index] = HistogramMetric(column: column, edges: edges)
            case "expect_column_pair_correlation_to_be_between":
                for column in text.columns where !correlated.contains(column) { correlated.append(column) }
            default:
                continue
            }
        }
        self.histograms = histograms
        correlation = correlated.count >= 2 ? CorrelationMatrixMetric(columns: correlated) : nil
    }

    public func add(to plan: inout MetricPlan) {
        for metric in histograms.values { plan.add(metric) }
        if let correlation { plan.add(correlation) }
    }

    /// The values the pass computed; a figure whose metric did not apply (a text column) is left out.
    public func collect(_ metrics: MetricResults) -> Figures {
        var figures = Figures()
        for (index, metric) in histograms {
            guard let value = try? metrics.value(metric) else { continue }
            figures.histograms[index] = Figures.Histogram(low: metric.edges[0], high: metric.edges[metric.edges.count - 1], counts: value.counts,
                                                           below: value.below, above: value.above)
        }
        if let correlation { figures.correlation = try? metrics.value(correlation) }
        return figures
    }
}

/// What `FigurePlan.collect` found.
public struct Figures: Sendable {
    public struct Histogram: Sendable {
        public var low: Double
        public var high: Double
        public var counts: [Int]
        public var below: Int
        public var above: Int
    }

    /// By suite entry index.
    public var histograms: [Int: Histogram] = [:]
    public var correlation: CorrelationMatrixMetric.Value?

    public init() {}
}
