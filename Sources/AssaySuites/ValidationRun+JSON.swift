import AssayColumns
import Foundation

extension ValidationRun {
    public static let schemaVersion = 1

    /// Great Expectations' validation-result shape (`success`, `statistics`, `results[]` with
    /// `expectation_config`, `result`, `exception_info`), plus `severity` per result and Assay's `meta`.
    public func json(assayVersion: String) -> JSONValue {
        let successful = outcomes.filter(\.success).count
        let statistics: JSONValue = .object([
            ("evaluated_expectations", .integer(Int64(outcomes.count))),
            ("successful_expectations", .integer(Int64(successful))),
            ("unsuccessful_expectations", .integer(Int64(outcomes.count - successful))),
            ("success_percent", outcomes.isEmpty ? .null : .double(Double(successful) / Double(outcomes.count) * 100)),
        ])
        let results: [JSONValue] = outcomes.map { outcome in
            .object([
                ("success", .bool(outcome.success)),
                ("expectation_config", .object([
                    ("type", .string(outcome.entry.type)),
                    ("kwargs", .object(outcome.entry.kwargs.map { ($0.key, $0.value) })),
                    ("meta", outcome.entry.meta),
                ])),
                ("result", .object(outcome.result)),
                ("exception_info", .object([
                    ("raised_exception", .bool(outcome.exception != nil)),
                    ("exception_traceback", .null),
                    ("exception_message", outcome.exception.map { .string($0) } ?? .null),
                ])),
                ("severity", .string(outcome.entry.severity.rawValue)),
            ])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .object([
            ("success", .bool(success)),
            ("statistics", statistics),
            ("results", .array(results)),
            ("suite_name", .string(suite.name)),
            ("meta", .object([
                ("schema_version", .integer(Int64(Self.schemaVersion))),
                ("assay_version", .string(assayVersion)),
                ("suite_name", .string(suite.name)),
                ("suite_file", .string(suite.path)),
                ("data_source", .string(source)),
                ("row_count", .integer(Int64(rowCount))),
                ("start_time", .string(formatter.string(from: startTime))),
                ("duration_seconds", .double((durationSeconds * 1000).rounded() / 1000)),
                ("metric_count", .integer(Int64(metricCount))),
            ] + (pushdown.map { report in
                [("pushdown", JSONValue.object([
                    ("aggregates", .integer(Int64(report.aggregateCount))),
                    ("pushed_metrics", .integer(Int64(report.pushedMetricCount))),
                    ("streamed_metrics", .array(report.streamedMetrics.map { .string($0) })),
                    ("bytes_received", .integer(Int64(report.bytesReceived))),
                ]))]
            } ?? []))),
        ])
    }
}
