import AssayColumns
import AssayReaders

/// Why a metric could not be computed for an expectation: the column is missing, has a type the
/// metric does not apply to, … The expectation then fails with `exception_info` (as GX does); the
/// rest of the suite still runs.
public struct MetricError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A value computed from a table in the one pass: the hashable request (equal requests of a suite
/// are computed once), the mergeable state that computes it, and how the finished state becomes
/// a value.
public protocol Metric: Hashable, Sendable {
    associatedtype State: MetricState
    associatedtype Value: Sendable
    /// An object every worker's state of one pass refers to (a shared table), or Void.
    associatedtype Shared = Void

    /// The columns the metric reads (nil: it may read any), so a reader decodes only those.
    var columnsRead: [String]? { get }

    func makeShared(for schema: Schema) -> Shared
    /// A fresh state for a source of this schema, or why the metric does not apply to it.
    func makeState(for schema: Schema, shared: Shared) throws(MetricError) -> State
    /// The finished value; `rows` turns row positions into row numbers. May still find that the
    /// metric does not apply (a type mismatch matters only once a value was seen).
    func value(of state: State, rows: RowNumbering) throws(MetricError) -> Value
}

extension Metric {
    public var columnsRead: [String]? { nil }
}

/// A metric whose value another metric's value holds (a distinct count in a uniqueness check's
/// table): planned with that one, it costs nothing.
public protocol DerivableMetric: Metric {
    associatedtype Source: Metric
    var source: Source { get }
    func derive(from value: Source.Value) -> Value
}

/// A metric whose per-worker states share nothing (most of them).
public protocol UnsharedMetric: Metric where Shared == Void {
    /// A fresh state for a source of this schema, or why the metric does not apply to it.
    func makeState(for schema: Schema) throws(MetricError) -> State
}

extension UnsharedMetric {
    public func makeShared(for schema: Schema) {}
    public func makeState(for schema: Schema, shared: Void) throws(MetricError) -> State { try makeState(for: schema) }
}

extension Schema {
    /// The index of column `name`, or a `MetricError` naming it (and the closest existing name).
    public func column(_ name: String) throws(MetricError) -> (index: Int, type: ColumnType) {
        guard let index = index(of: name) else {
            throw MetricError("column \"\(name)\" is not in the table (columns: \(names.prefix(20).joined(separator: ", ")))")
        }
        return (index, fields[index].type)
    }
}

/// Row counts of every batch, to number rows after the pass.
struct RowCountsState: MetricState {
    var counts: [BatchOrdinal: Int] = [:]
    mutating func update(_ batch: Batch) { counts[batch.ordinal, default: 0] += batch.rowCount }
    mutating func merge(_ other: RowCountsState) { counts.merge(other.counts, uniquingKeysWith: +) }
}

/// The de-duplicated metrics of a whole suite, computed in one parallel pass.
public struct MetricPlan: Sendable {
    private var metrics: [MetricKey: any ErasedMetric] = [:]
    private var order: [MetricKey] = []
    /// Metrics another metric of the plan may answer: their source and how.
    private var derivations: [MetricKey: Derivation] = [:]

    struct Derivation: Sendable {
        let source: MetricKey
        let derive: @Sendable (any Sendable) -> Result<any Sendable, MetricError>
    }

    public init() {}

    /// Adds `metric`; when its source metric is (or gets) planned too, only the source is computed.
    public mutating func add<M: DerivableMetric>(_ metric: M) {
        let source = metric.source
        derivations[MetricKey(metric)] = Derivation(source: MetricKey(source)) { value in
            // The source's entry made this value, so the cast holds; a failure is reported, never a trap.
            guard let sourceValue = value as? M.Source.Value else {
                return .failure(MetricError("\(M.self): its source metric returned another type"))
            }
            return .success(metric.derive(from: sourceValue))
        }
        let key = MetricKey(metric)
        guard metrics[key] == nil else { return }
        metrics[key] = MetricEntry(metric: metric)
        order.append(key)
    }

    /// The metrics the pass computes: derivable ones whose source is planned are left out.
    private var computed: [MetricKey] {
        order.filter { key in derivations[key].map { metrics[$0.source] == nil } ?? true }
    }

    /// Adds `metric` unless an equal one is already planned.
    public mutating func add<M: Metric>(_ metric: M) {
        let key = MetricKey(metric)
        guard metrics[key] == nil else { return }
        metrics[key] = MetricEntry(metric: metric)
        order.append(key)
    }

    /// Adds every metric of `scoped` over the rows `filter` keeps (`FilteredMetric`), and the
    /// kept row count; read them back through `MetricResults.filtered(by:)`. Derivable metrics
    /// are computed themselves, and nothing filtered is pushed down.
    public mutating func addFiltered(_ scoped: MetricPlan, filter: RowFilter) {
        add(KeptRowCountMetric(filter: filter))
        for key in scoped.order {
            let (wrappedKey, wrapped) = scoped.metrics[key]!.filtered(by: filter)
            guard metrics[wrappedKey] == nil else { continue }
            metrics[wrappedKey] = wrapped
            order.append(wrappedKey)
        }
    }

    /// How many metrics the pass computes (equal requests and derivable ones counted once).
    public var count: Int { computed.count }

    /// One pass over `source`; every metric's state on every worker, merged, finished. A source
    /// that computes aggregates itself (`AggregatingSource`) is first asked for every metric it
    /// can answer (`pushdown`), in one request; only the others are streamed, if any.
    public func run(_ source: some BatchSource, workerCount: Int = Parallel.processorCount, pushdown: PushdownMode = .auto) throws -> MetricResults {
        var keys = computed
        var pushedValues: [MetricKey: Result<any Sendable, MetricError>] = [:]
        var pushedRowCount: Int?
        var report: PushdownReport?
        if pushdown != .off, let aggregating = source.aggregating {
            var requests: [(key: MetricKey, pushdown: MetricPushdown)] = []
            for key in keys {
                if let request = metrics[key]!.pushdown(for: source.schema, source: aggregating) { requests.append((key, request)) }
            }
            // One list of distinct aggregates (the row count always), answered in one request.
            var aggregates: [SourceAggregate] = [.rowCount]
            var position: [SourceAggregate: Int] = [.rowCount: 0]
            for request in requests {
                for aggregate in request.pushdown.aggregates where position[aggregate] == nil {
                    position[aggregate] = aggregates.count
                    aggregates.append(aggregate)
                }
            }
            let answers = try aggregating.aggregate(aggregates)
            guard answers.count == aggregates.count, let rows = answers[0].integer else {
                throw ReaderError(.ioError, file: source.name, message: "the source answered \(answers.count) of \(aggregates.count) aggregates")
            }
            pushedRowCount = rows
            for request in requests {
                do {
                    let value = try request.pushdown.finish(request.pushdown.aggregates.map { answers[position[$0]!] }, aggregating)
                    pushedValues[request.key] = .success(value)
                } catch let error as MetricError {
                    pushedValues[request.key] = .failure(error)
                }
            }
            let pushed = Set(requests.map(\.key))
            keys.removeAll { pushed.contains($0) }
            report = PushdownReport(aggregateCount: aggregates.count, pushedMetricCount: requests.count,
                                    streamedMetrics: keys.map { "\(metrics[$0]!.metricDescription)" }, bytesReceived: 0)
        }
        if keys.isEmpty, let rows = pushedRowCount {
            report?.bytesReceived = source.aggregating?.bytesReceived ?? 0
            return MetricResults(schema: source.schema, rowCount: rows, values: derive(pushedValues), pushdown: report)
        }
        var results = try stream(keys, source: source, workerCount: workerCount, known: pushedValues)
        report?.bytesReceived = source.aggregating?.bytesReceived ?? 0
        results.pushdown = report
        return results
    }

    /// Values of derivable metrics from their sources' values.
    private func derive(_ values: [MetricKey: Result<any Sendable, MetricError>]) -> [MetricKey: Result<any Sendable, MetricError>] {
        var values = values
        for key in order where values[key] == nil {
            guard let derivation = derivations[key], let source = values[derivation.source] else { continue }
            values[key] = source.flatMap(derivation.derive)
        }
        return values
    }

    /// The streaming pass over `keys`; `known` values (pushed down) are kept as they are.
    private func stream(_ keys: [MetricKey], source: some BatchSource, workerCount: Int,
                        known: [MetricKey: Result<any Sendable, MetricError>]) throws -> MetricResults {
        let metrics = self.metrics
        // Decode only the columns some metric reads (all of them if any metric cannot say).
        var source = source
        let reads = keys.map { metrics[$0]!.columnsRead }
        if !reads.contains(where: { $0 == nil }) {
            source = source.projected(to: Set(reads.compactMap { $0 }.joined()))
        }
        // Shared parts (one per metric and pass) are made once per schema the pass reads with.
        var shared: (schema: Schema, parts: [Any])?
        var (final, states) = try source.scanWidening(workerCount: workerCount, makeState: { schema in
            if shared?.schema != schema { shared = (schema, keys.map { metrics[$0]!.makeShared(for: schema) }) }
            let parts = shared!.parts
            return PassState(rows: RowCountsState(), boxes: keys.enumerated().map { index, key in
                do throws(MetricError) {
                    return .success(try metrics[key]!.makeBox(for: schema, shared: parts[index]))
                } catch {
                    return .failure(error)
                }
            })
        }) { state, batch in
            state.rows.update(batch)
            for case .success(let box) in state.boxes { box.update(batch) }
        }
        // Shared parts live on in the states that use them, and go with them.
        shared = nil
        var workers = states
        states = []
        var merged = workers.removeFirst()
        while !workers.isEmpty {
            let other = workers.removeFirst()
            merged.rows.merge(other.rows)
            for (index, box) in merged.boxes.enumerated() {
                if case .success(let mine) = box, case .success(let theirs) = other.boxes[index] { mine.merge(theirs) }
            }
        }
        let numbering = RowNumbering(rowCounts: merged.rows.counts)
        var values = known
        for (index, key) in keys.enumerated() {
            values[key] = merged.boxes[index].flatMap { metrics[key]!.finish($0, rows: numbering) }
            // A finished state is dropped at once: large ones (value tables, kept values) never overlap.
            merged.boxes[index] = .failure(MetricError("finished"))
        }
        try fetchCells(&values, source: final, numbering: numbering, workerCount: workerCount)
        return MetricResults(schema: final.schema, rowCount: merged.rows.counts.values.reduce(0, +), values: derive(values))
    }
}

/// A finished value that lacks a few cells the pass did not keep (e.g. the first row of a value
/// found to repeat only later); the plan reads them back in a second read that stops as soon as it
/// is past the last one — usually within the first chunk.
protocol CellFetching: Sendable {
    var cellsNeeded: [(column: String, position: RowPosition)] { get }
    func filling(_ cells: [CellAddress: JSONValue], rows: RowNumbering) -> Self
}

struct CellAddress: Hashable {
    var column: String
    var position: RowPosition
}

/// Ends the second read early.
private struct PastTheLastCell: Error {}

extension MetricPlan {
    fileprivate func fetchCells(
        _ values: inout [MetricKey: Result<any Sendable, MetricError>], source: some BatchSource,
        numbering: RowNumbering, workerCount: Int
    ) throws {
        var needed: [CellAddress] = []
        for case .success(let value as any CellFetching) in values.values {
            needed += value.cellsNeeded.map { CellAddress(column: $0.column, position: $0.position) }
        }
        guard let last = needed.map(\.position.ordinal).max() else { return }
        let wanted = Set(needed)
        let schema = source.schema
        let found = UnsafeMutableBufferPointer<[CellAddress: JSONValue]>.allocate(capacity: max(1, workerCount))
        found.initialize(repeating: [:])
        defer { found.deinitialize(); found.deallocate() }
        // SAFETY: worker i writes only found[i] (BatchSource.scan contract).
        nonisolated(unsafe) let shared = found
        do {
            try source.scan(workerCount: workerCount) { worker, batch in
                guard batch.ordinal <= last else { throw PastTheLastCell() }
                for address in wanted where address.position.ordinal == batch.ordinal {
                    guard let index = schema.index(of: address.column) else { continue }
                    shared[worker][address] = CellValue.json(batch.columns[index], row: address.position.row)
                }
            }
        } catch is PastTheLastCell {}
        var cells: [CellAddress: JSONValue] = [:]
        for part in found { cells.merge(part) { first, _ in first } }
        for (key, result) in values {
            if case .success(let value as any CellFetching) = result { values[key] = .success(value.filling(cells, rows: numbering) as any Sendable) }
        }
    }
}

struct PassState {
    var rows: RowCountsState
    var boxes: [Result<any ErasedState, MetricError>]
}

/// The finished values of a plan.
public struct MetricResults: Sendable {
    /// The schema the pass read with (after any widening).
    public let schema: Schema
    public let rowCount: Int
    private let values: [MetricKey: Result<any Sendable, MetricError>]
    /// What the source computed itself, when it could (nil: everything was streamed).
    public internal(set) var pushdown: PushdownReport?
    /// Set in a view of the results over the rows a filter keeps (`filtered(by:)`).
    private var scope: RowFilter?

    init(schema: Schema, rowCount: Int, values: [MetricKey: Result<any Sendable, MetricError>], pushdown: PushdownReport? = nil) {
        self.schema = schema
        self.rowCount = rowCount
        self.values = values
        self.pushdown = pushdown
    }

    /// The results as an expectation planned with `MetricPlan.addFiltered` sees them: its
    /// metrics over the kept rows, and the kept row count (0 if it could not be counted).
    public func filtered(by filter: RowFilter) -> MetricResults {
        let kept = (try? value(KeptRowCountMetric(filter: filter))) ?? 0
        var view = MetricResults(schema: schema, rowCount: kept, values: values, pushdown: pushdown)
        view.scope = filter
        return view
    }

    /// The value of a planned metric, or why it could not be computed.
    public func value<M: Metric>(_ metric: M) throws(MetricError) -> M.Value {
        if let scope {
            var unscoped = self
            unscoped.scope = nil
            return try unscoped.value(FilteredMetric(base: metric, filter: scope))
        }
        guard let result = values[MetricKey(metric)] else { throw MetricError("metric \(metric) was not planned") }
        switch result {
        case .success(let value):
            guard let typed = value as? M.Value else { throw MetricError("metric \(metric) has a value of another type") }
            return typed
        case .failure(let error):
            throw error
        }
    }
}

// MARK: Type erasure (one box per metric and worker)

/// How a run used a source's own aggregates.
public struct PushdownReport: Sendable, Hashable {
    /// Distinct aggregates sent in the one request.
    public var aggregateCount: Int
    public var pushedMetricCount: Int
    /// Metrics the source could not answer, streamed instead (their descriptions).
    public var streamedMetrics: [String]
    /// Bytes the source sent for the whole run (aggregates, samples and any stream).
    public var bytesReceived: Int
}

protocol ErasedMetric: Sendable {
    var columnsRead: [String]? { get }
    var metricDescription: String { get }
    func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown?
    func makeShared(for schema: Schema) -> Any
    func makeBox(for schema: Schema, shared: Any) throws(MetricError) -> any ErasedState
    func finish(_ box: any ErasedState, rows: RowNumbering) -> Result<any Sendable, MetricError>
    func filtered(by filter: RowFilter) -> (MetricKey, any ErasedMetric)
}

protocol ErasedState: AnyObject {
    func update(_ batch: Batch)
    func merge(_ other: any ErasedState)
}

final class StateBox<State: MetricState>: ErasedState {
    var state: State
    init(_ state: State) { self.state = state }
    func update(_ batch: Batch) { state.update(batch) }
    func merge(_ other: any ErasedState) {
        guard let other = other as? StateBox<State> else { preconditionFailure("merging states of different metrics") }
        state.merge(other.state)
    }
}

/// A planned metric as a dictionary key. SAFETY: built only from `Metric` values, which are Sendable.
struct MetricKey: Hashable, @unchecked Sendable {
    let base: AnyHashable
    init<M: Metric>(_ metric: M) { base = AnyHashable(metric) }
}

struct MetricEntry<M: Metric>: ErasedMetric {
    let metric: M

    var columnsRead: [String]? { metric.columnsRead }

    var metricDescription: String { "\(metric)" }

    func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        (metric as? any PushableMetric)?.pushdown(for: schema, source: source)
    }

    func makeShared(for schema: Schema) -> Any { metric.makeShared(for: schema) }

    func filtered(by filter: RowFilter) -> (MetricKey, any ErasedMetric) {
        let wrapped = FilteredMetric(base: metric, filter: filter)
        return (MetricKey(wrapped), MetricEntry<FilteredMetric<M>>(metric: wrapped))
    }

    func makeBox(for schema: Schema, shared: Any) throws(MetricError) -> any ErasedState {
        guard let shared = shared as? M.Shared else { preconditionFailure("shared part of another metric") }
        return StateBox(try metric.makeState(for: schema, shared: shared))
    }

    func finish(_ box: any ErasedState, rows: RowNumbering) -> Result<any Sendable, MetricError> {
        guard let box = box as? StateBox<M.State> else { preconditionFailure("finishing the state of another metric") }
        do throws(MetricError) {
            return .success(try metric.value(of: box.state, rows: rows))
        } catch {
            return .failure(error)
        }
    }
}
