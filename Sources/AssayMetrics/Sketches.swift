#if canImport(Glibc)
import Glibc
#endif
import AssayColumns
import AssayKernels

/// A uniform sample of a numeric column's finite values, mergeable and independent of how the
/// pass was split among workers: every value gets a pseudo-random key from its row position and
/// the `capacity` smallest keys are kept (bottom-k sampling). With at most `capacity` values the
/// sample is the whole column, so quantiles from it are exact. Otherwise quantiles from it are
/// off in rank by at most ε = √(ln(2/0.05) / (2·capacity)) with 95% confidence (the
/// Dvoretzky–Kiefer–Wolfowitz inequality): 0.0053 for 65,536, 0.021 for 4,096.
public struct QuantileSample: Sendable {
    /// The default sample size; a profile of many columns uses smaller ones (`capacity`).
    public static let defaultCapacity = 65_536
    public let capacity: Int
    /// Kept (key, value) pairs; at most 2 × capacity between prunings.
    private var keys: [UInt64] = []
    private var values: [Double] = []
    /// Keys at or above this are not kept (the capacity-th smallest key seen, once pruned).
    private var ceiling = UInt64.max
    public private(set) var count = 0

    public init(capacity: Int = QuantileSample.defaultCapacity) { self.capacity = max(16, capacity) }

    /// Offers the values of one batch; `base` identifies the batch (its position), rows the rest.
    public mutating func add(_ value: Double, key: UInt64) {
        count += 1
        guard key < ceiling else { return }
        keys.append(key)
        values.append(value)
        if keys.count >= 2 * capacity { prune() }
    }

    private mutating func prune() {
        guard keys.count > capacity else { return }
        // The capacity-th smallest key (selection, not a sort); then keep those at or below it.
        var scratch = keys
        let threshold = Self.select(&scratch, capacity - 1)
        var keptKeys: [UInt64] = []
        var keptValues: [Double] = []
        keptKeys.reserveCapacity(capacity)
        keptValues.reserveCapacity(capacity)
        for index in keys.indices where keys[index] <= threshold {
            keptKeys.append(keys[index])
            keptValues.append(values[index])
        }
        keys = keptKeys
        values = keptValues
        ceiling = threshold
    }

    /// The k-th smallest (0-based) of `values`, which it reorders: Hoare's quickselect with the
    /// middle element as pivot (keys are pseudo-random, so no adversarial order).
    static func select(_ values: inout [UInt64], _ k: Int) -> UInt64 {
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { break }
        }
        return values[k]
    }

    public mutating func merge(_ other: QuantileSample) {
        count += other.count
        for index in other.keys.indices where other.keys[index] < ceiling {
            keys.append(other.keys[index])
            values.append(other.values[index])
        }
        ceiling = min(ceiling, other.ceiling)
        prune()
    }

    /// Whether the sample holds every value offered.
    public var isExact: Bool { count <= capacity }

    /// The sample as (row key, value) pairs: every column's sample keeps the same rows (keys come
    /// from row positions), so samples of two columns join on the key (a rank correlation).
    public func keyed() -> [(key: UInt64, value: Double)] {
        var copy = self
        copy.prune()
        return zip(copy.keys, copy.values).map { ($0, $1) }
    }

    /// The sample, sorted ascending.
    public func sorted() -> [Double] {
        var copy = self
        copy.prune()
        return copy.values.sorted()
    }

    /// A position's key: a bijective mix of the packed position.
    @inline(__always)
    public static func key(ordinal: BatchOrdinal, row: Int) -> UInt64 {
        // One multiply-xorshift round: positions are distinct, so keys are too (a bijection).
        let x = (UInt64(truncatingIfNeeded: ordinal.chunk) << 28 ^ UInt64(truncatingIfNeeded: ordinal.part) << 16
                 ^ UInt64(truncatingIfNeeded: row)) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 31)
    }
}

/// The most frequent values of a column with their counts (Misra–Gries with batched decrements,
/// as Apache DataSketches' frequent items: when more than 2 × `capacity` values are tracked, the
/// (capacity+1)-th largest count is taken from every count and values at zero are dropped), and its
/// distinct count (exact while nothing was dropped; beyond, HyperLogLog with 4,096 registers,
/// standard error 1.04/√4096 ≈ 1.6%, Flajolet et al. 2007). While `isComplete`, every count is
/// exact; after, a count understates the truth by at most `errorBound` (≤ total / capacity).
///
/// Kept in an open-addressing table of fingerprints (no per-row allocation). A value's text is
/// kept when it enters while the sketch is complete, or when its count reaches 2 afterwards; a
/// value seen once after the first decrement is not reported (it cannot be frequent).
public struct CategorySketch: Sendable {
    public static let capacity = 4_096
    static let registerBits = 12
    /// The table grows to this many slots: 2 × capacity entries at most, load ≤ 1/2.
    static let tableSizeMax = 4 * CategorySketch.capacity

    // Starts small and doubles (a wide table has thousands of these per worker).
    private var keys = [Fingerprint](repeating: Fingerprint(high: 0, low: 0), count: 64)
    private var counts = [Int](repeating: 0, count: 64)
    private var values = [JSONValue?](repeating: nil, count: 64)
    private var used = 0
    /// The sum of the decrements so far: the bound on how much a count understates.
    public private(set) var errorBound = 0
    public private(set) var total = 0
    /// The HyperLogLog registers (a profile keeps them, so profiles merge).
    public private(set) var registers = [UInt8](repeating: 0, count: 1 << CategorySketch.registerBits)

    /// False: only the distinct count (HyperLogLog) is kept, no values (float columns).
    public let tracksValues: Bool

    public init(tracksValues: Bool = true) { self.tracksValues = tracksValues }

    public var isComplete: Bool { tracksValues && errorBound == 0 }
    /// Values in the table now (every distinct value while complete).
    public var trackedCount: Int { used }

    /// Slot of `key` (holding it, or the free slot where it belongs); counts 0 mark free slots.
    @inline(__always)
    private func slot(_ key: Fingerprint) -> Int {
        let mask = counts.count - 1
        var index = Int(truncatingIfNeeded: key.high ^ (key.low >> 23)) & mask
        while counts[index] != 0, keys[index] != key { index = (index + 1) & mask }
        return index
    }

    /// Counts one occurrence of `key`; returns the slot whose value the caller should set with
    /// `setValue` (the value is not kept yet), or nil. No closure per row: a closure capturing the
    /// column copied it for every value.
    @inline(__always)
    public mutating func add(_ key: Fingerprint) -> Int? {
        total += 1
        observe(key.high)
        guard tracksValues else { return nil }
        let index = slot(key)
        if counts[index] != 0 {
            counts[index] += 1
            return values[index] == nil ? index : nil
        }
        keys[index] = key
        counts[index] = 1
        values[index] = nil
        used += 1
        let wanted = errorBound == 0
        if used > 2 * Self.capacity {
            purge()
            return nil
        }
        if used * 2 > counts.count {
            // Grown: the new entry moved; its value is set through its new slot.
            grow()
            return wanted ? slot(key) : nil
        }
        return wanted ? index : nil
    }

    public mutating func setValue(_ value: JSONValue, at slot: Int) { values[slot] = value }

    /// Takes the (capacity+1)-th largest count from every count; rebuilds the table with the rest.
    private mutating func purge() {
        guard used > Self.capacity else { return }
        let live = counts.indices.filter { counts[$0] > 0 }
        let decrement = live.map { counts[$0] }.sorted(by: >)[Self.capacity]
        errorBound += decrement
        let survivors = live.filter { counts[$0] > decrement }.map { (keys[$0], counts[$0] - decrement, values[$0]) }
        rebuild(survivors)
    }

    private mutating func grow() {
        let live = counts.indices.filter { counts[$0] > 0 }.map { (keys[$0], counts[$0], values[$0]) }
        rebuild(live, size: min(Self.tableSizeMax, counts.count * 2))
    }

    private mutating func rebuild(_ entries: [(Fingerprint, Int, JSONValue?)], size: Int? = nil) {
        let size = size ?? counts.count
        keys = [Fingerprint](repeating: Fingerprint(high: 0, low: 0), count: size)
        counts = [Int](repeating: 0, count: size)
        values = [JSONValue?](repeating: nil, count: size)
        used = 0
        for (key, count, value) in entries {
            let index = slot(key)
            keys[index] = key
            counts[index] = count
            values[index] = value
            used += 1
        }
    }

    @inline(__always)
    private mutating func observe(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.registerBits))
        let rank = UInt8(min(64 - Self.registerBits, (hash << UInt64(Self.registerBits)).leadingZeroBitCount) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    public mutating func merge(_ other: CategorySketch) {
        total += other.total
        errorBound += other.errorBound
        for index in registers.indices { registers[index] = max(registers[index], other.registers[index]) }
        for theirs in other.counts.indices where other.counts[theirs] > 0 {
            let index = slot(other.keys[theirs])
            if counts[index] != 0 {
                counts[index] += other.counts[theirs]
                if values[index] == nil { values[index] = other.values[theirs] }
            } else {
                keys[index] = other.keys[theirs]
                counts[index] = other.counts[theirs]
                values[index] = other.values[theirs]
                used += 1
                if used > 2 * Self.capacity { purge() } else if used * 2 > counts.count { grow() }
            }
        }
    }

    /// Values by count, highest first (ties in value order), at most `limit`; empty when values
    /// are not tracked.
    public func top(_ limit: Int = CategorySketch.capacity) -> [(value: JSONValue, count: Int)] {
        let pairs: [(value: JSONValue, count: Int, text: String)] = counts.indices.compactMap { index in
            guard counts[index] > 0, let value = values[index] else { return nil }
            return (value, counts[index], value.compact)
        }
        let ranked = pairs.sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text }
        return ranked.prefix(limit).map { ($0.value, $0.count) }
    }

    /// Exact while complete, else the HyperLogLog estimate (with the small-range correction).
    public var distinctCount: Int {
        if isComplete { return used }
        return Self.estimate(registers)
    }

    /// HyperLogLog's estimate from registers (with the small-range correction).
    public static func estimate(_ registers: [UInt8]) -> Int {
        let m = Double(registers.count)
        let sum = registers.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
        let estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum
        let zeros = registers.filter { $0 == 0 }.count
        if estimate <= 2.5 * m, zeros > 0 { return Int((m * log(m / Double(zeros))).rounded()) }
        return Int(estimate.rounded())
    }
}

/// A column's sketches for a profile (and a drift baseline): the quantile sample of numeric, date
/// (days since 1970) and timestamp (microseconds) columns, the frequent values of all but float
/// columns, the distinct count of all.
public struct ColumnSketchMetric: UnsharedMetric {
    public var columnsRead: [String]? { [column] }
    public let column: String
    /// Text columns with more distinct values than this keep no category sample (no Cramér's V).
    public static let categorySampleDistinctMax = 50
    /// Values kept in the quantile sample (`QuantileSample.capacity`).
    public let sampleCapacity: Int
    public init(column: String, sampleCapacity: Int = QuantileSample.defaultCapacity) {
        self.column = column
        self.sampleCapacity = sampleCapacity
    }

    public struct State: MetricState {
        let index: Int
        public var sample: QuantileSample?
        public var categories: CategorySketch?
        /// Text and boolean columns: a row-keyed sample of their values' fingerprints (the high
        /// 64 bits, as a Double's bit pattern, never computed with), for Cramér's V between columns.
        public var categorySample: QuantileSample?
        /// Whether the column is numeric (zeros and negatives are counted).
        public var numeric = false
        /// Numeric columns: values equal to 0, and below 0.
        public var zeroCount = 0
        public var negativeCount = 0
        /// Text columns: lengths in characters (Unicode scalars) of the non-missing values.
        public var lengthMin: Int?
        public var lengthMax: Int?
        public var lengthSum = 0

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
            countSigns(column)
            if sample != nil, var sample = self.sample {
                self.sample = nil
                switch column {
                case .float64(let c):
                    for row in 0..<c.count where c.validity.isValid(row) && c.values[row].isFinite {
                        sample.add(c.values[row], key: QuantileSample.key(ordinal: batch.ordinal, row: row))
                    }
                case .int64(let c), .date(let c), .timestamp(let c):
                    for row in 0..<c.count where c.validity.isValid(row) {
                        sample.add(Double(c.values[row]), key: QuantileSample.key(ordinal: batch.ordinal, row: row))
                    }
                default: break
                }
                self.sample = sample
            }
            if var categories = self.categories {
                self.categories = nil
                let (keys, rows) = ColumnFingerprints.of(batch, column: index)
                for (key, row) in zip(keys, rows) {
                    if let slot = categories.add(key) { categories.setValue(CellValue.json(column, row: row), at: slot) }
                }
                self.categories = categories
                // Beyond a few categories Cramér's V is not computed: stop sampling (most text columns).
                if categories.trackedCount > ColumnSketchMetric.categorySampleDistinctMax { categorySample = nil }
                if var codes = categorySample {
                    categorySample = nil
                    for (key, row) in zip(keys, rows) {
                        codes.add(Double(bitPattern: key.high), key: QuantileSample.key(ordinal: batch.ordinal, row: row))
                    }
                    categorySample = codes
                }
            }
        }

        private mutating func countSigns(_ column: Column) {
            switch column {
            case .float64(let c):
                for row in 0..<c.count where c.validity.isValid(row) {
                    let value = c.values[row]
                    if value == 0 { zeroCount += 1 } else if value < 0 { negativeCount += 1 }
                }
            case .int64(let c):
                for row in 0..<c.count where c.validity.isValid(row) {
                    let value = c.values[row]
                    if value == 0 { zeroCount += 1 } else if value < 0 { negativeCount += 1 }
                }
            case .string(let c):
                c.bytes.withUnsafeBufferPointer { bytes in
                    // ASCII text (no byte with the high bit, checked 8 bytes at a time): lengths are byte counts.
                    var ascii = true
                    let raw = UnsafeRawBufferPointer(bytes)
                    var offset = 0
                    while offset + 8 <= raw.count, ascii {
                        ascii = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                        offset += 8
                    }
                    while offset < raw.count, ascii {
                        ascii = raw[offset] < 0x80
                        offset += 1
                    }
                    for row in 0..<c.count where c.validity.isValid(row) {
                        // Characters as Unicode scalars: every byte that does not continue a sequence.
                        var length = c.offsets[row + 1] - c.offsets[row]
                        if !ascii {
                            length = 0
                            for offset in c.offsets[row]..<c.offsets[row + 1] where bytes[offset] & 0xC0 != 0x80 { length += 1 }
                        }
                        lengthMin = min(lengthMin ?? length, length)
                        lengthMax = max(lengthMax ?? length, length)
                        lengthSum += length
                    }
                }
            default:
                break
            }
        }

        public mutating func merge(_ other: State) {
            if let theirs = other.sample { sample?.merge(theirs) }
            if let theirs = other.categories { categories?.merge(theirs) }
            // A side that stopped sampling stops the merged one too (a partial sample would mislead).
            if let theirs = other.categorySample { categorySample?.merge(theirs) } else { categorySample = nil }
            zeroCount += other.zeroCount
            negativeCount += other.negativeCount
            if let low = other.lengthMin { lengthMin = min(lengthMin ?? low, low) }
            if let high = other.lengthMax { lengthMax = max(lengthMax ?? high, high) }
            lengthSum += other.lengthSum
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        let ordered = type.isNumeric || type == .date || type == .timestamp
        return State(index: index, sample: ordered ? QuantileSample(capacity: sampleCapacity) : nil,
                     categories: CategorySketch(tracksValues: type != .float64),
                     categorySample: type == .string || type == .bool ? QuantileSample(capacity: sampleCapacity) : nil, numeric: type.isNumeric)
    }

    public func value(of state: State, rows: RowNumbering) -> State { state }
}
