import AssayMetrics

/// Passes when at least `mostly` of the non-missing values are text that Python's
/// `datetime.strptime(value, strftime_format)` reads whole, naming a real calendar day.
public struct ValuesToMatchStrftimeFormat: ColumnMapExpectation {
    public static let type = "expect_column_values_to_match_strftime_format"
    public static let parameters = ColumnMapTarget.parameters + ["strftime_format"]

    let target: ColumnMapTarget
    let condition: RowCondition

    public init(_ arguments: Arguments) throws(ArgumentError) {
        target = try ColumnMapTarget(arguments)
        let format = try arguments.string("strftime_format")
        do throws(MetricError) {
            _ = try StrftimePattern(format)
        } catch {
            throw ArgumentError("strftime_format", error.message)
        }
        condition = .matchesStrftime(format)
    }
}
