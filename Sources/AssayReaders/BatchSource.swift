import AssayColumns

/// A table that can be read as a stream of `Batch`es of at most `Batch.rowCountMax` rows.
///
/// Sources infer their schema when opened; a value found later that does not fit it makes
/// `scan` throw `SchemaWidening`, and `scanWidening` starts the pass again with the wider
/// schema, so no value is ever dropped or coerced silently.
public protocol BatchSource: Sendable {
    /// How the source is named in messages (a file path, a URL without password).
    var name: String { get }
    var schema: Schema { get }

    /// Calls `body(worker, batch)` for every batch, on up to `workerCount` threads at once.
    /// Calls with the same `worker` never overlap, so `body` may keep one state per worker
    /// without locking. Batches arrive in no particular order across workers.
    func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws

    /// The same source read with `schema` (same names, wider types).
    func widened(to schema: Schema) -> Self

    /// The same source, decoding only `columns`: batches keep every column of the schema, but
    /// the others hold no values (all null). For passes that know what they read.
    func projected(to columns: Set<String>) -> Self

    /// The source's own aggregates, when it computes some (a database; a Parquet footer): what
    /// a metric plan may push down. Nil for sources that only stream.
    var aggregating: (any AggregatingSource)? { get }
}

/// Thrown by `scan` when a value does not fit the inferred type: `schema` is the wider schema
/// that fits everything seen so far.
public struct SchemaWidening: Error, Sendable {
    public var schema: Schema
    public var reason: String

    public init(schema: Schema, reason: String) {
        self.schema = schema
        self.reason = reason
    }
}

extension BatchSource {
    public func projected(to columns: Set<String>) -> Self { self }

    public var aggregating: (any AggregatingSource)? { nil }

    /// One pass keeping a state per worker; starts again with a wider schema when the source
    /// asks for one. Returns the final source (its schema is the one the states were built for)
    /// and the worker states, to be merged by the caller.
    public func scanWidening<State>(
        workerCount: Int,
        makeState: (Schema) -> State,
        update: (inout State, Batch) throws -> Void
    ) throws -> (source: Self, states: [State]) {
        var source = self
        // Each widening moves at least one column up a lattice of height 3.
        for _ in 0...(3 * max(1, schema.count)) {
            let schema = source.schema
            let states = UnsafeMutableBufferPointer<State>.allocate(capacity: workerCount)
            // One fresh state per worker: a state may hold references that must not be shared.
            for worker in 0..<workerCount { (states.baseAddress! + worker).initialize(to: makeState(schema)) }
            defer { states.deinitialize(); states.deallocate() }
            do {
                // SAFETY: `scan` never runs two calls with one worker index at once (protocol contract).
                nonisolated(unsafe) let shared = states
                try source.scan(workerCount: workerCount) { worker, batch in
                    try update(&shared[worker], batch)
                }
                return (source, Array(states))
            } catch let widening as SchemaWidening {
                precondition(widening.schema != schema, "a widening must change the schema")
                source = source.widened(to: widening.schema)
            }
        }
        preconditionFailure("schema widening did not converge")
    }

    /// Every batch in source order with the final schema (one worker). For tests and small inputs.
    public func readAll() throws -> (schema: Schema, batches: [Batch]) {
        let (source, states) = try scanWidening(workerCount: 1, makeState: { _ in [Batch]() }) { $0.append($1) }
        return (source.schema, states[0])
    }
}
