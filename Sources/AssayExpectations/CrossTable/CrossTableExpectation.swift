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
    func plan(_ plan: inout MetricPlan, other: OtherTable)
    /// The verdict from both tables' metrics.
    func evaluate(_ metrics: MetricResults, other: OtherTable, format: ResultFormat) throws(MetricError) -> Evaluation
}

/// What a run read from another table: the metrics planned on it and, when it is a database
/// table, its source (so a check may be pushed down as a join).
public struct OtherTable: Sendable {
    public var metrics: MetricResults
    public var source: OtherTableSource?

    public init(metrics: MetricResults, source: OtherTableSource?) {
        self.metrics = metrics
        self.source = source
    }
}

extension CrossTableExpectation {
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        throw MetricError("\(Self.type) reads another table (\(otherTable)), which this run did not open")
    }
}
