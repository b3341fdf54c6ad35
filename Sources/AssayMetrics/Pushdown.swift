import AssayColumns
import AssayKernels
import AssayReaders

/// A metric a source can compute itself (a database, in SQL): the aggregates it needs and how
/// their answers become the metric's value. The plan sends every pushed metric's aggregates in
/// one request and streams only the metrics nothing could push.
///
/// Values agree with the streaming engine's within float rounding, with two documented
/// differences for a database: samples of unexpected values are *some* rows where the condition
/// holds, in no particular order and without row numbers (a table in a database has no row
/// order; Great Expectations' SQL backends omit index lists too), and pushed column summaries
/// carry no third and fourth central moments (`m3`, `m4` are NaN; no expectation reads them).
/// A file answering from its footer (Parquet statistics) keeps row order: its samples are the
/// first rows, numbered, exactly as streaming finds them.
public protocol PushableMetric: Metric {
    /// Nil when the source cannot answer this metric (the plan then streams it).
    func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown?
}

public struct MetricPushdown: Sendable {
    public var aggregates: [SourceAggregate]
    /// The value from the answers (in the order of `aggregates`); may ask the source for samples.
    public var finish: @Sendable (_ answers: [SourceValue], _ source: any AggregatingSource) throws -> any Sendable

    public init(aggregates: [SourceAggregate], finish: @escaping @Sendable (_ answers: [SourceValue], _ source: any AggregatingSource) throws -> any Sendable) {
        self.aggregates = aggregates
        self.finish = finish
    }

    /// Nil unless the source supports every aggregate.
    static func checked(_ aggregates: [SourceAggregate], on source: any AggregatingSource,
                        finish: @escaping @Sendable ([SourceValue], any AggregatingSource) throws -> any Sendable) -> MetricPushdown? {
        guard aggregates.allSatisfy(source.supports) else { return nil }
        return MetricPushdown(aggregates: aggregates, finish: finish)
    }
}

/// An answer that must be a count, or why not (a source answering nonsense is reported, not trusted).
func count(_ value: SourceValue, _ what: String) throws(MetricError) -> Int {
    if value == .null { return 0 }
    guard let count = value.integer, count >= 0 else { throw MetricError("the source answered \(value) for \(what)") }
    return count
}

/// Samples from a source without row order carry row −1 (no index lists are reported then).
func numbered(_ samples: [(row: Int?, value: JSONValue)]) -> [(row: Int, value: JSONValue)] {
    samples.map { (row: $0.row ?? -1, value: $0.value) }
}

extension RowCountMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        .checked([.rowCount], on: source) { answers, _ in try count(answers[0], "the row count") }
    }
}

extension MissingValuesMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard schema.index(of: column) != nil else { return nil }
        let column = self.column
        return .checked([.rowCount, .count(where: .present(column: column))], on: source) { answers, source in
            let rows = try count(answers[0], "the row count")
            let present = try count(answers[1], "present cells of \(column)")
            let missing = rows - present
            let missingSamples = missing == 0 ? [] : try source.samples(of: column, where: .not(.present(column: column)), limit: UnexpectedRows.sampleCountMax)
            let presentSamples = present == 0 ? [] : try source.samples(of: column, where: .present(column: column), limit: UnexpectedRows.sampleCountMax)
            return Value(elementCount: rows, missingCount: missing, missingSamples: numbered(missingSamples), presentSamples: numbered(presentSamples))
        }
    }
}

extension UnexpectedRowsMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard let (_, type) = try? schema.column(column),
              let unexpected = Self.unexpected(condition, column: column, type: type) else { return nil }
        let column = self.column
        let present = SourcePredicate.present(column: column)
        let found = SourcePredicate.and([present, unexpected])
        return .checked([.rowCount, .count(where: present), .count(where: found)], on: source) { answers, source in
            let rows = try count(answers[0], "the row count")
            let presentCount = try count(answers[1], "present cells of \(column)")
            let unexpectedCount = try count(answers[2], "unexpected cells of \(column)")
            let samples = unexpectedCount == 0 ? [] : try source.samples(of: column, where: found, limit: UnexpectedRows.sampleCountMax)
            return UnexpectedRows(elementCount: rows, missingCount: rows - presentCount, unexpectedCount: unexpectedCount,
                                  samples: numbered(samples))
        }
    }

    /// The condition's *unexpected* side as a source predicate, when it has one that means the
    /// same as the engine's test.
    static func unexpected(_ condition: RowCondition, column: String, type: ColumnType) -> SourcePredicate? {
        switch condition {
        case .between(let lower, let upper):
            guard lower != nil || upper != nil else { return nil }
            for bound in [lower, upper].compactMap({ $0 }) {
                switch (bound.value, type) {
                case (.integer, .int64), (.integer, .float64), (.double, .int64), (.double, .float64): continue
                case (.string(let text), .date), (.string(let text), .timestamp):
                    guard ISOInstant.parse(text) != nil else { return nil }
                default: return nil
                }
            }
            return .not(.between(column: column, low: lower?.value, lowStrict: lower?.strict ?? false,
                                 high: upper?.value, highStrict: upper?.strict ?? false))
        case .inSet(let values):
            guard let values = sameTyped(values, type) else { return nil }
            return .not(.inSet(column: column, values: values))
        case .notInSet(let values):
            guard let values = sameTyped(values, type) else { return nil }
            return .inSet(column: column, values: values)
        case .matchesRegex(let pattern):
            guard type == .string, SourceRegex.isPortable(pattern) else { return nil }
            return .not(.matchesRegex(column: column, pattern: pattern))
        case .notMatchesRegex(let pattern):
            guard type == .string, SourceRegex.isPortable(pattern) else { return nil }
            return .matchesRegex(column: column, pattern: pattern)
        default:
            return nil
        }
    }

    /// A value set the source compares as the engine does: texts for a text column, numbers for
    /// a numeric one (nulls in the set match nothing, as in the engine).
    private static func sameTyped(_ values: [JSONValue], _ type: ColumnType) -> [JSONValue]? {
        let kept = values.filter { $0 != .null }
        switch type {
        case .string:
            return kept.allSatisfy { if case .string = $0 { true } else { false } } ? kept : nil
        case .int64, .float64:
            return kept.allSatisfy { $0.number?.isFinite ?? false } ? kept : nil
        default:
            return nil
        }
    }
}

extension ColumnSummaryMetric: PushableMetric {
    /// A float column is summarized without a per-row filter first — with a count of its NaN and
    /// infinite cells — and only when that count is not 0 asked again over its finite values.
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard let (_, type) = try? schema.column(column) else { return nil }
        let column = self.column
        let notNull = SourcePredicate.not(.isNull(column: column))
        let statistics: [SourceAggregate] = [.mean(column: column), .populationVariance(column: column), .min(column: column),
                                             .max(column: column), .sum(column: column)]
        var aggregates: [SourceAggregate] = [.rowCount, .count(where: notNull)]
        let numeric = type.isNumeric || type == .bool
        if type == .float64 {
            aggregates += [.count(where: .and([notNull, .not(.finite(column: column))]))] + statistics.map { .includingNonFinite($0) }
        } else if numeric {
            aggregates += [.count(where: notNull)] + statistics
        } else if type == .date || type == .timestamp {
            aggregates += [.min(column: column), .max(column: column)]
        }
        // The second request must be possible too before the first is sent.
        let finiteOnly: [SourceAggregate] = [.count(where: .finite(column: column))] + statistics
            + [.count(where: .isNaN(column: column)), .count(where: .isInfinite(column: column, positive: true)),
               .count(where: .isInfinite(column: column, positive: false))]
        guard type != .float64 || finiteOnly.allSatisfy(source.supports) else { return nil }
        return .checked(aggregates, on: source) { answers, source in
            var summary = ColumnSummaryState(type: type)
            summary.rowCount = try count(answers[0], "the row count")
            let nonNull = try count(answers[1], "non-null cells of \(column)")
            summary.nullCount = summary.rowCount - nonNull
            if numeric {
                var finite = try count(answers[2], "finite values of \(column)")
                var values = Array(answers[3...7])
                var nonFinite = [0, 0, 0]
                if type == .float64 {
                    finite = nonNull - finite
                    if finite != nonNull {
                        let again = try source.aggregate(finiteOnly)
                        guard again.count == finiteOnly.count else { throw MetricError("the source answered \(again.count) of \(finiteOnly.count) aggregates") }
                        finite = try count(again[0], "finite values of \(column)")
                        values = Array(again[1...5])
                        nonFinite = [try count(again[6], "NaN cells of \(column)"), try count(again[7], "+infinity cells of \(column)"),
                                     try count(again[8], "−infinity cells of \(column)")]
                    }
                }
                var moments = MomentsState.empty
                if finite > 0 {
                    guard let mean = values[0].double, let variance = values[1].double, let low = values[2].double, let high = values[3].double else {
                        throw MetricError("the source answered no mean, variance or extremes for \(column)")
                    }
                    moments = MomentsState(count: finite, mean: mean, m2: variance * Double(finite), m3: .nan, m4: .nan,
                                           min: low, max: high, nanCount: 0, positiveInfinityCount: 0, negativeInfinityCount: 0)
                    if type == .int64 {
                        summary.integerMin = values[2].integer.map(Int64.init)
                        summary.integerMax = values[3].integer.map(Int64.init)
                    }
                }
                (moments.nanCount, moments.positiveInfinityCount, moments.negativeInfinityCount) = (nonFinite[0], nonFinite[1], nonFinite[2])
                summary.moments = moments
                summary.sumHigh = values[4].double ?? 0
                summary.integerSum = type == .int64 ? values[4].integer.map(Int64.init) ?? (finite == 0 ? 0 : nil) : nil
            } else if type == .date || type == .timestamp {
                summary.instantMin = answers[2].integer.map(Int64.init)
                summary.instantMax = answers[3].integer.map(Int64.init)
            }
            return summary
        }
    }
}

extension DistinctCountMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard schema.index(of: column) != nil else { return nil }
        let column = self.column
        return .checked([.rowCount, .count(where: .present(column: column)), .distinctCount(column: column)], on: source) { answers, _ in
            let rows = try count(answers[0], "the row count")
            return Value(elementCount: rows, missingCount: rows - (try count(answers[1], "present cells of \(column)")),
                         distinctCount: try count(answers[2], "distinct values of \(column)"))
        }
    }
}

extension DistinctRowsMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard schema.index(of: column) != nil else { return nil }
        let column = self.column
        let limit = UnexpectedRows.sampleCountMax
        return .checked([.rowCount, .count(where: .present(column: column)), .distinctCount(column: column), .repeatedCount(column: column),
                         .repeatedSamples(column: column, limit: limit)],
                        on: source) { answers, source in
            let rows = try count(answers[0], "the row count")
            let repeated = try count(answers[3], "repeated cells of \(column)")
            // Each repeated value once per row it is in, up to the limit (the streamed samples are rows too).
            var samples: [(row: Int?, value: JSONValue)] = []
            if case .list(let groups) = answers[4] {
                for group in groups {
                    guard case .list(let pair) = group, pair.count == 2, case .json(let value) = pair[0], let rowCount = pair[1].integer else {
                        throw MetricError("the source answered \(group) for a repeated value of \(column)")
                    }
                    for _ in 0..<min(rowCount, limit - samples.count) { samples.append((nil, value)) }
                    if samples.count >= limit { break }
                }
            } else if answers[4] != .null {
                throw MetricError("the source answered \(answers[4]) for the repeated values of \(column)")
            }
            return Value(elementCount: rows, missingCount: rows - (try count(answers[1], "present cells of \(column)")),
                         distinctCount: try count(answers[2], "distinct values of \(column)"), duplicateRowCount: repeated,
                         duplicateSamples: numbered(samples).map { (row: $0.row, value: Optional($0.value)) }, pendingPositions: [], columnName: column)
        }
    }
}

extension PairCorrelationMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard let a = try? schema.column(columnA), let b = try? schema.column(columnB), a.type.isNumeric, b.type.isNumeric else { return nil }
        return .checked([.correlation(columnA: columnA, columnB: columnB)], on: source) { answers, _ in
            let r = answers[0].double
            return (r.map { $0.isNaN ? nil : $0 } ?? nil) as Double?
        }
    }
}

extension OrderStatisticsMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        guard let (_, type) = try? schema.column(column), type.isNumeric else { return nil }
        let column = self.column, rule = self.rule
        return .checked([.count(where: .present(column: column)), .orderStatistics(column: column, rule: rule)], on: source) { answers, _ in
            let count = try count(answers[0], "present cells of \(column)")
            let ranks = rule.ranks(count: count)
            if ranks.isEmpty { return Value(count: count, values: [:]) }
            guard case .list(let values) = answers[1], values.count == ranks.count else {
                throw MetricError("the source answered \(answers[1]) for the order statistics of \(column)")
            }
            var found: [Int: Double] = [:]
            for (rank, value) in zip(ranks, values) {
                guard let number = value.double else { throw MetricError("the source answered \(value) for the value of rank \(rank) in \(column)") }
                found[rank] = number
            }
            return Value(count: count, values: found)
        }
    }
}
