import AssayColumns
import AssayMetrics
import AssayProfiles

/// An expectation that compares the data with a baseline profile (`baseline:` in the suite or
/// `--baseline`). The validator calls the baseline forms; without a baseline the suite is refused
/// before any data is read.
public protocol BaselineExpectation: Expectation {
    func plan(_ plan: inout MetricPlan, baseline: Profile)
    func evaluate(_ metrics: MetricResults, baseline: Profile, format: ResultFormat) throws(MetricError) -> Evaluation
}

extension BaselineExpectation {
    public func plan(_ plan: inout MetricPlan) {}

    public func evaluate(_ metrics: MetricResults, format: ResultFormat) throws(MetricError) -> Evaluation {
        throw MetricError("\(Self.type) compares with a baseline: give `baseline:` in the suite or --baseline")
    }
}

extension Profile {
    /// The named column's profile, or why a drift check cannot use it.
    func baselineColumn(_ name: String) throws(MetricError) -> ColumnProfile {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw MetricError("the baseline has no column \"\(name)\"")
        }
        return column
    }

    func baselineDistribution(_ name: String) throws(MetricError) -> (ColumnProfile, ColumnProfile.Distribution) {
        let column = try baselineColumn(name)
        guard let distribution = column.distribution else {
            throw MetricError("the baseline profile (schema version \(schemaVersion)) has no distribution for \"\(name)\": profile the baseline again with this Assay")
        }
        return (column, distribution)
    }
}

extension Arguments {
    /// `columns`: a list of at least `minimum` column names.
    func columnNames(_ key: String = "columns", minimum: Int) throws(ArgumentError) -> [String] {
        let names = try stringList(key)
        guard names.count >= minimum else { throw ArgumentError(key, "needs at least \(minimum) columns") }
        guard Set(names).count == names.count else { throw ArgumentError(key, "names a column twice") }
        return names
    }
}
