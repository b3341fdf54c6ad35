import AssayColumns
import AssayKernels
import AssayReaders

/// The distinct present values of one column of another table (a referential-integrity check's
/// keys), as 128-bit fingerprints in one open-addressing set built once and then only read.
/// Memory: 16 bytes a slot at a load of at most 1/2, so 32–64 bytes per distinct value (a
/// 200 k-key column: 6–13 MB), plus one such set per worker while loading. Numbers compare by
/// value (an integer key equals the same float), dates and timestamps by instant, texts by
/// their UTF-8 bytes.
public final class OtherTableKeys: Sendable, Hashable {
    public let kind: KeyKind
    let fingerprints: FingerprintSet
    /// Distinct values.
    public var count: Int { fingerprints.count }
    /// Where the keys came from, for messages: `table.column`.
    public let origin: String

    init(kind: KeyKind, set: FingerprintSet, origin: String) {
        self.kind = kind
        self.fingerprints = set
        self.origin = origin
    }

    public static func == (lhs: OtherTableKeys, rhs: OtherTableKeys) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Which values can equal each other across two columns.
public enum KeyKind: String, Sendable {
    case number, instant, flag, text

    init(_ type: ColumnType) {
        switch type {
        case .float64, .int64: self = .number
        case .date, .timestamp: self = .instant
        case .bool: self = .flag
        case .string: self = .text
        }
    }
}

enum KeyFingerprints {
    /// `body(row, fingerprint)` for every present row of `column` (nulls and NaN left out).
    @inline(__always)
    static func forEach(_ column: Column, _ body: (Int, Fingerprint) -> Void) {
        switch column {
        case .int64(let c):
            let hasNulls = c.validity.hasNulls
            for row in 0..<c.count where !hasNulls || c.validity.isValid(row) { body(row, .number(Double(c.values[row]))) }
        case .float64(let c):
            let hasNulls = c.validity.hasNulls
            for row in 0..<c.count where (!hasNulls || c.validity.isValid(row)) && !c.values[row].isNaN { body(row, .number(c.values[row])) }
        case .date(let c):
            let hasNulls = c.validity.hasNulls
            for row in 0..<c.count where !hasNulls || c.validity.isValid(row) { body(row, .instant(c.values[row] &* 86_400_000_000, isDate: false)) }
        case .timestamp(let c):
            let hasNulls = c.validity.hasNulls
            for row in 0..<c.count where !hasNulls || c.validity.isValid(row) { body(row, .instant(c.values[row], isDate: false)) }
        case .bool(let c):
            let hasNulls = c.validity.hasNulls
            for row in 0..<c.count where !hasNulls || c.validity.isValid(row) { body(row, .flag(c.values[row])) }
        case .string(let c):
            let hasNulls = c.validity.hasNulls
            c.bytes.withUnsafeBytes { bytes in
                c.offsets.withUnsafeBufferPointer { offsets in
                    for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                        // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                        body(row, Fingerprint.text(UnsafeRawBufferPointer(rebasing: bytes[offsets[row]..<offsets[row + 1]])))
                    }
                }
            }
        }
    }
}

/// The key set of `column` in the table it is planned on (the other table of a cross-table check).
public struct OtherTableKeysMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public init(column: String) { self.column = column }

    public struct State: MetricState {
        let index: Int
        let kind: KeyKind
        var set = FingerprintSet()

        public mutating func update(_ batch: Batch) {
            KeyFingerprints.forEach(batch.columns[index]) { _, key in set.insert(key) }
        }

        public mutating func merge(_ other: State) {
            other.set.forEach { set.insert($0) }
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        return State(index: index, kind: KeyKind(type))
    }

    public func value(of state: State, rows: RowNumbering) -> OtherTableKeys {
        OtherTableKeys(kind: state.kind, set: state.set, origin: column)
    }
}

/// The other table's source, for pushing a cross-table check down when both tables live in one
/// database; compared by identity (one per other table and run).
public final class OtherTableSource: Sendable, Hashable {
    public let source: any AggregatingSource
    public init(_ source: any AggregatingSource) { self.source = source }
    public static func == (lhs: OtherTableSource, rhs: OtherTableSource) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Rows of `column` whose present value is not among `keys` (nulls left out, as dbt's
/// `relationships` test and GX's map expectations do), over the rows `filter` keeps. When the
/// source and `otherSource` are tables of one database, the database answers it as a semi-join
/// (`SourcePredicate.inRelation`) and the column is not streamed; samples then have no row
/// numbers, as every pushed check's.
public struct ValuesInOtherTableMetric: UnsharedMetric {
    public let column: String
    public let keys: OtherTableKeys
    public let filter: RowFilter?
    public let otherColumn: String
    public let otherSource: OtherTableSource?

    public init(column: String, keys: OtherTableKeys, filter: RowFilter? = nil, otherColumn: String, otherSource: OtherTableSource? = nil) {
        self.column = column
        self.keys = keys
        self.filter = filter
        self.otherColumn = otherColumn
        self.otherSource = otherSource
    }

    public var columnsRead: [String]? {
        guard let filter else { return [column] }
        return filter.columnsRead.map { [column] + $0 }
    }

    public struct State: MetricState {
        let index: Int
        let keys: OtherTableKeys
        let filter: CompiledRowFilter?
        var tally = ColumnMapTally()

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            let set = keys.fingerprints
            var unexpected: [Int] = []
            if let filter {
                let kept = filter.keptRows(batch)
                let keptCount = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
                tally.elementCount += keptCount
                tally.missingCount += (0..<batch.rowCount).reduce(0) { $0 + (kept[$1] && CellValue.isMissing(column, row: $1) ? 1 : 0) }
                KeyFingerprints.forEach(column) { row, key in if kept[row] && !set.contains(key) { unexpected.append(row) } }
            } else {
                tally.elementCount += batch.rowCount
                tally.missingCount += CellValue.missingCount(column)
                KeyFingerprints.forEach(column) { row, key in if !set.contains(key) { unexpected.append(row) } }
            }
            tally.record(unexpected, of: column, ordinal: batch.ordinal)
        }

        public mutating func merge(_ other: State) { tally.merge(other.tally) }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        guard KeyKind(type) == keys.kind || keys.count == 0 else {
            throw MetricError("column \"\(column)\" is \(type.rawValue) but the other table's \"\(keys.origin)\" holds \(keys.kind.rawValue) values: they never match (give both columns one type, e.g. with --no-infer for texts)")
        }
        return State(index: index, keys: keys, filter: try filter?.compile(for: schema))
    }

    public func value(of state: State, rows: RowNumbering) -> UnexpectedRows { state.tally.value(rows: rows) }
}

extension ValuesInOtherTableMetric: PushableMetric {
    public func pushdown(for schema: Schema, source: any AggregatingSource) -> MetricPushdown? {
        // Only what streaming would compare alike: no row filter (it is not SQL), keys of one kind.
        guard filter == nil, let otherSource, let relation = source.relation(inSameDatabase: otherSource.source),
              let (_, type) = try? schema.column(column), KeyKind(type) == keys.kind else { return nil }
        let column = self.column
        let present = SourcePredicate.present(column: column)
        let found = SourcePredicate.and([present, .not(.inRelation(column: column, relation: relation, otherColumn: otherColumn))])
        return .checked([.rowCount, .count(where: present), .count(where: found)], on: source) { answers, source in
            let rows = try count(answers[0], "the row count")
            let presentCount = try count(answers[1], "present cells of \(column)")
            let unexpectedCount = try count(answers[2], "cells of \(column) missing from the other table")
            let samples = unexpectedCount == 0 ? [] : try source.samples(of: column, where: found, limit: UnexpectedRows.sampleCountMax)
            return UnexpectedRows(elementCount: rows, missingCount: rows - presentCount, unexpectedCount: unexpectedCount,
                                  samples: numbered(samples))
        }
    }
}
