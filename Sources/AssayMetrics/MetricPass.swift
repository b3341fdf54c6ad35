import AssayColumns
import AssayReaders

/// A mergeable accumulator over batches (a commutative monoid: the fresh state is the identity).
///
/// `update` folds one batch in; `merge` combines the states of two disjoint parts of the data.
/// Laws every state passes in tests: identity, commutativity, split-merge == whole.
public protocol MetricState: Sendable {
    mutating func update(_ batch: Batch)
    mutating func merge(_ other: Self)
}

/// One pass over a source: every worker folds its batches into its own state, then the
/// states are merged. When the source widens its schema mid-pass the pass starts again.
public enum MetricPass {
    public static func run<State: MetricState>(
        _ source: some BatchSource,
        workerCount: Int = Parallel.processorCount,
        makeState: (Schema) -> State
    ) throws -> (schema: Schema, state: State) {
        let (final, states) = try source.scanWidening(workerCount: workerCount, makeState: makeState) { state, batch in
            state.update(batch)
        }
        var merged = states[0]
        for state in states.dropFirst() { merged.merge(state) }
        return (final.schema, merged)
    }
}
