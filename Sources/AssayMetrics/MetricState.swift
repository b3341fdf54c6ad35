import AssayColumns

/// A mergeable accumulator over batches (a commutative monoid: the fresh state is the identity).
///
/// `update` folds one batch in; `merge` combines the states of two disjoint parts of the data.
/// Laws every state passes in tests: identity, commutativity, split-merge == whole.
public protocol MetricState: Sendable {
    mutating func update(_ batch: Batch)
    mutating func merge(_ other: Self)
}
