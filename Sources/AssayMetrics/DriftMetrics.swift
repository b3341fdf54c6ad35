import AssayColumns
import AssayKernels

extension Fingerprint {
    /// The fingerprint a cell of a `type` column holding `value` (as `CellValue.json` writes it)
    /// has, so values from a profile match cells without turning every cell into JSON. Nil when
    /// no cell of that type can hold it.
    public static func of(_ value: JSONValue, type: ColumnType) -> Fingerprint? {
        switch (type, value) {
        case (.string, .string(let text)):
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBytes { Fingerprint.text(UnsafeRawBufferPointer($0)) }
        case (.int64, .integer(let integer)): return .integer(integer)
        case (.int64, .double(let number)) where number == number.rounded() && abs(number) < 9.2e18: return .integer(Int64(number))
        case (.float64, _): return value.number.map { .number($0) }
        case (.bool, .bool(let flag)): return .flag(flag)
        case (.date, .string(let text)):
            return ISOInstant.parse(text).map { .instant($0 / 86_400_000_000, isDate: true) }
        case (.timestamp, .string(let text)): return ISOInstant.parse(text).map { .instant($0, isDate: false) }
        default: return nil
        }
    }
}

/// Counts of a column's non-missing values among given categories (a baseline's), plus the rows
/// whose value is none of them ("new" categories): how many, how many distinct (exact up to
/// `newDistinctMax`), and the first `examplesMax` of them with their counts.
public struct CategoryCountsMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    public let categories: [JSONValue]
    public init(column: String, categories: [JSONValue]) {
        self.column = column
        self.categories = categories
    }

    public static let newDistinctMax = 10_000
    public static let examplesMax = 20

    public struct Value: Sendable {
        /// In the order of `categories`.
        public var counts: [Int]
        public var newCount: Int
        public var newDistinctCount: Int
        /// Whether `newDistinctCount` is exact (below `newDistinctMax`).
        public var newDistinctExact: Bool
        /// The first new values seen (in no guaranteed row order), with their counts.
        public var newExamples: [(value: JSONValue, count: Int)]
        public var nonMissingCount: Int
    }

    public struct State: MetricState {
        let index: Int
        let slots: FingerprintIndex
        var counts: [Int]
        var newKeys = FingerprintSet()
        var newCount = 0
        var examples: [Fingerprint: (value: JSONValue, count: Int)] = [:]
        /// The examples' keys, scanned before the dictionary is touched (at most `examplesMax`).
        var exampleKeys: [Fingerprint] = []
        /// A bit per example key (its low bits): most lookups end here.
        var exampleMask: UInt64 = 0
        var nonMissingCount = 0
        /// Text categories of at most 8 bytes, few enough for a perfect-hash table.
        var shortTexts: ShortTextTable?

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            if case .string(let c) = column, let entries = c.dictionary, entries.dictionary.count <= c.count {
                countByEntry(c, entries)
                return
            }
            if let shortTexts, case .string(let c) = column {
                countShortTexts(c, shortTexts, column: column)
                return
            }
            let (keys, rows) = ColumnFingerprints.of(batch, column: index)
            nonMissingCount += keys.count
            for (key, row) in zip(keys, rows) {
                if let slot = slots[key] {
                    counts[slot] += 1
                    continue
                }
                countNew(key, column: column, row: row)
            }
        }

        /// Few short categories (flags, codes, modes): looked up in a perfect-hash table of
        /// words, no fingerprint per row; only cells outside them are fingerprinted.
        private mutating func countShortTexts(_ c: StringColumn, _ table: ShortTextTable, column: Column) {
            // Locals inside the closure: touching `self` there paid a dynamic exclusivity check per cell.
            var present = 0
            var perEntry = [Int](repeating: 0, count: ShortTextTable.capacity)
            var misses: [(key: Fingerprint, row: Int)] = []
            let multiplier = table.multiplier
            c.bytes.withUnsafeBytes { bytes in
                c.offsets.withUnsafeBufferPointer { offsets in
                    table.entries.withUnsafeBufferPointer { entries in
                        perEntry.withUnsafeMutableBufferPointer { perEntry in
                            let hasNulls = c.validity.hasNulls
                            for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                                present += 1
                                // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                                let cell = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + offsets[row] }, count: offsets[row + 1] - offsets[row])
                                let length = cell.count
                                if length <= 8 {
                                    let word = ValueSet.word(cell)
                                    let index = ShortTextTable.index(word: word, length: length, multiplier: multiplier)
                                    if entries[index].word == word, entries[index].length == length {
                                        perEntry[index] += 1
                                        continue
                                    }
                                }
                                misses.append((Fingerprint.text(cell), row))
                            }
                        }
                    }
                }
            }
            for (index, entry) in table.entries.enumerated() where entry.length >= 0 { counts[entry.slot] += perEntry[index] }
            nonMissingCount += present
            for miss in misses { countNew(miss.key, column: column, row: miss.row) }
        }

        /// A dictionary-encoded column: rows tallied by code, each entry looked up once.
        private mutating func countByEntry(_ c: StringColumn, _ entries: DictionaryCodes) {
            var tally = [Int](repeating: 0, count: entries.dictionary.count)
            var present = 0
            tally.withUnsafeMutableBufferPointer { tally in
                entries.codes.withUnsafeBufferPointer { codes in
                    let hasNulls = c.validity.hasNulls
                    for row in 0..<c.count where !hasNulls || c.validity.isValid(row) {
                        tally[Int(codes[row])] += 1
                        present += 1
                    }
                }
            }
            nonMissingCount += present
            let values = Column.string(entries.dictionary.values)
            let (keys, _) = ColumnFingerprints.of(values)
            for (entry, key) in keys.enumerated() where tally[entry] > 0 {
                if let slot = slots[key] {
                    counts[slot] += tally[entry]
                } else {
                    countNew(key, column: values, row: entry, times: tally[entry])
                }
            }
        }

        private mutating func countNew(_ key: Fingerprint, column: Column, row: Int, times: Int = 1) {
            newCount += times
            if newKeys.count < CategoryCountsMetric.newDistinctMax { newKeys.insert(key) }
            // Most new values (a free-text column) are no example: one bit tells without scanning.
            let bit = UInt64(1) << (key.low & 63)
            if exampleMask & bit != 0, exampleKeys.contains(where: { $0.high == key.high && $0.low == key.low }) {
                examples[key]!.count += times
            } else if exampleKeys.count < CategoryCountsMetric.examplesMax {
                exampleKeys.append(key)
                exampleMask |= bit
                examples[key] = (CellValue.json(column, row: row), times)
            }
        }

        public mutating func merge(_ other: State) {
            for index in counts.indices { counts[index] += other.counts[index] }
            newCount += other.newCount
            other.newKeys.forEach { if newKeys.count < CategoryCountsMetric.newDistinctMax { newKeys.insert($0) } }
            for (key, example) in other.examples {
                if examples[key] != nil {
                    examples[key]!.count += example.count
                } else if examples.count < CategoryCountsMetric.examplesMax {
                    examples[key] = example
                    exampleKeys.append(key)
                    exampleMask |= UInt64(1) << (key.low & 63)
                }
            }
            nonMissingCount += other.nonMissingCount
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        let entries = categories.enumerated().compactMap { slot, value in Fingerprint.of(value, type: type).map { ($0, slot) } }
        var state = State(index: index, slots: FingerprintIndex(entries), counts: [Int](repeating: 0, count: categories.count))
        let texts = categories.compactMap(\.string).map { Array($0.utf8) }
        if type == .string, texts.count == categories.count { state.shortTexts = ShortTextTable(texts) }
        return state
    }

    public func value(of state: State, rows: RowNumbering) -> Value {
        Value(counts: state.counts, newCount: state.newCount, newDistinctCount: state.newKeys.count,
              newDistinctExact: state.newKeys.count < Self.newDistinctMax,
              newExamples: state.examples.values.sorted { $0.count > $1.count }.map { ($0.value, $0.count) },
              nonMissingCount: state.nonMissingCount)
    }
}

/// The pairwise co-moments (means, covariances, counts) of some numeric columns, for Hotelling's
/// T² and Box's M against a baseline.
public struct CoMomentsMetric: UnsharedMetric {
    public var columnsRead: [String]? { columns }
    public let columns: [String]
    public init(columns: [String]) { self.columns = columns }

    public func makeState(for schema: Schema) throws(MetricError) -> CorrelationState {
        try CorrelationMatrixMetric(columns: columns).makeState(for: schema)
    }

    public func value(of state: CorrelationState, rows: RowNumbering) -> CoMomentState { state.comoments }
}

/// Rows equal to an earlier row in every column, by a 128-bit hash of the row (two lanes over
/// the cells' fingerprints, null cells included as a kind of their own), counted exactly among
/// the hashes after the pass (`KeyBuckets`): 24 bytes per row.
public struct DuplicateRowsMetric: UnsharedMetric {
    public init() {}

    public struct State: MetricState {
        let buckets = KeyBuckets()

        public mutating func update(_ batch: Batch) {
            var high = [UInt64](repeating: 0x9E37_79B9_7F4A_7C15, count: batch.rowCount)
            var low = [UInt64](repeating: 0xC2B2_AE3D_27D4_EB4F, count: batch.rowCount)
            for index in batch.columns.indices {
                let (keys, rows) = ColumnFingerprints.of(batch, column: index)
                // Missing cells keep a lane value of their own (the column's position is mixed in below).
                for (key, row) in zip(keys, rows) {
                    high[row] = (high[row] ^ key.high) &* 0xFF51_AFD7_ED55_8CCD
                    low[row] = (low[row] ^ key.low ^ (key.high >> 29)) &* 0xC4CE_B9FE_1A85_EC53
                }
                for row in 0..<batch.rowCount {
                    high[row] = (high[row] << 27 | high[row] >> 37) &+ 0x52DC_E729
                    low[row] = (low[row] << 31 | low[row] >> 33) &+ 0x3849_5AB5
                }
            }
            let keys = (0..<batch.rowCount).map { Fingerprint(high: Fingerprint.mix(high[$0] ^ low[$0] >> 11), low: Fingerprint.mix(low[$0] ^ high[$0] << 7)) }
            buckets.append(keys, rows: Array(0..<batch.rowCount), of: batch.ordinal)
        }

        public mutating func merge(_ other: State) { buckets.merge(other.buckets) }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State { State() }

    /// Rows that repeat an earlier row (a value seen k times contributes k − 1).
    public func value(of state: State, rows: RowNumbering) -> Int {
        let summary = state.buckets.summary(earliestLimit: 0)
        return state.buckets.count - summary.distinctCount
    }
}
