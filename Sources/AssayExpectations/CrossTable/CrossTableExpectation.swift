import AssayMetrics

/// An expectation that reads a second table: its metrics on the other table are computed first,
/// in a pass of their own (one per distinct other table of a suite), then its main-pass metrics
/// may use their values (a key set). The validator opens the other table — a path, relative to
/// the suite file's folder, or a source URL such as `postgresql://…` — as it opens the data.
public protocol CrossTableExpectation: Expectation {
    /// The other table as the suite wrote it.
    var otherTable: String { get }
    /// Adds the metrics read from the other table.
    func planOther(_ plan: inout MetricPlan)
    /// Adds the main pass's metrics, given the other table's finished metrics.
    func plan(_ plan: inout MetricPlan, other: MetricResults)
    /// The verdict from both tables' metrics.
    func evaluate(_ metrics: MetricResults, other: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation
}

extension CrossTableExpectation {
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        throw MetricError("\(Self.type) reads another table (\(otherTable)), which this run did not open")
    }
}
