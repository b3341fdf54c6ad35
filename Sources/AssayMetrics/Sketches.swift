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
/// Dvoretzky–Kiefer–Wolfowitz inequality): 0.0053 for 65,536.
public struct QuantileSample: Sendable {
    public static let capacity = 65_536
    /// Kept (key, value) pairs; at most 2 × capacity between prunings.
    private var keys: [UInt64] = []
    private var values: [Double] = []
    /// Keys at or above this are not kept (the capacity-th smallest key seen, once pruned).
    private var ceiling = UInt64.max
    public private(set) var count = 0

    public init() {}

    /// Offers the values of one batch; `base` identifies the batch (its position), rows the rest.
    public mutating func add(_ value: Double, key: UInt64) {
        count += 1
        guard key < ceiling else { return }
        keys.append(key)
        values.append(value)
        if keys.count >= 2 * Self.capacity { prune() }
    }

    private mutating func prune() {
        guard keys.count > Self.capacity else { return }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }.prefix(Self.capacity)
        keys = order.map { keys[$0] }
        values = order.map { values[$0] }
        ceiling = keys[keys.count - 1]
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
    public var isExact: Bool { count <= Self.capacity }

    /// The sample, sorted ascending.
    public func sorted() -> [Double] {
        var copy = self
        copy.prune()
        return copy.values.sorted()
    }

    /// A position's key: a bijective mix of the packed position and a fixed seed.
    @inline(__always)
    public static func key(ordinal: BatchOrdinal, row: Int) -> UInt64 {
        var x = UInt64(truncatingIfNeeded: ordinal.chunk) << 28 ^ UInt64(truncatingIfNeeded: ordinal.part) << 16 ^ UInt64(truncatingIfNeeded: row)
        x = (x ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }
}

/// The most frequent values of a column with their counts (Misra–Gries with batched decrements,
/// as Apache DataSketches' frequent items: when more than 2 × `capacity` values are tracked, the
/// (capacity+1)-th largest count is taken from every count and values at zero are dropped), and its
/// distinct count (exact while nothing was dropped; beyond, HyperLogLog with 4,096 registers,
/// standard error 1.04/√4096 ≈ 1.6%, Flajolet et al. 2007). While `isComplete`, every count is
/// exact; after, a count understates the truth by at most `errorBound` (≤ total / capacity).
public struct CategorySketch: Sendable {
    public static let capacity = 1_024
    static let registerBits = 12

    struct Entry: Sendable {
        var count: Int
        var value: JSONValue
    }

    private var entries: [Fingerprint: Entry] = [:]
    /// The sum of the decrements so far: the bound on how much a count understates.
    public private(set) var errorBound = 0
    public private(set) var total = 0
    private var registers = [UInt8](repeating: 0, count: 1 << CategorySketch.registerBits)

    /// False: only the distinct count (HyperLogLog) is kept, no values (float columns).
    public let tracksValues: Bool

    public init(tracksValues: Bool = true) { self.tracksValues = tracksValues }

    public var isComplete: Bool { tracksValues && errorBound == 0 }

    public mutating func add(_ key: Fingerprint, value: () -> JSONValue) {
        total += 1
        observe(key.high)
        guard tracksValues else { return }
        if entries[key] != nil {
            entries[key]!.count += 1
            return
        }
        entries[key] = Entry(count: 1, value: value())
        if entries.count > 2 * Self.capacity { purge() }
    }

    private mutating func purge() {
        guard entries.count > Self.capacity else { return }
        let counts = entries.values.map(\.count).sorted(by: >)
        let decrement = counts[Self.capacity]
        errorBound += decrement
        entries = entries.compactMapValues { entry in
            entry.count > decrement ? Entry(count: entry.count - decrement, value: entry.value) : nil
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
        for (key, entry) in other.entries {
            if entries[key] != nil { entries[key]!.count += entry.count } else { entries[key] = entry }
        }
        if entries.count > 2 * Self.capacity { purge() }
    }

    /// Values by count, highest first (ties in value order), at most `limit`; empty when values
    /// are not tracked.
    public func top(_ limit: Int = CategorySketch.capacity) -> [(value: JSONValue, count: Int)] {
        let pairs: [(value: JSONValue, count: Int, text: String)] = entries.values.map { ($0.value, $0.count, $0.value.compact) }
        let ranked = pairs.sorted { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text }
        return ranked.prefix(limit).map { ($0.value, $0.count) }
    }

    /// Exact while complete, else the HyperLogLog estimate (with the small-range correction).
    public var distinctCount: Int {
        if isComplete { return entries.count }
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
    public init(column: String) { self.column = column }

    public struct State: MetricState {
        let index: Int
        public var sample: QuantileSample?
        public var categories: CategorySketch?

        public mutating func update(_ batch: Batch) {
            let column = batch.columns[index]
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
                let (keys, rows) = ColumnFingerprints.of(column)
                for (key, row) in zip(keys, rows) { categories.add(key) { CellValue.json(column, row: row) } }
                self.categories = categories
            }
        }

        public mutating func merge(_ other: State) {
            if let theirs = other.sample { sample?.merge(theirs) }
            if let theirs = other.categories { categories?.merge(theirs) }
        }
    }

    public func makeState(for schema: Schema) throws(MetricError) -> State {
        let (index, type) = try schema.column(column)
        let ordered = type.isNumeric || type == .date || type == .timestamp
        return State(index: index, sample: ordered ? QuantileSample() : nil,
                     categories: CategorySketch(tracksValues: type != .float64))
    }

    public func value(of state: State, rows: RowNumbering) -> State { state }
}
