import AssayColumns

/// Every non-missing cell of one column as (fingerprint, position), bucketed by fingerprint, for
/// exact duplicate finding after the pass. Reading only appends (sequential writes, no table to
/// miss in); afterwards each bucket is counted in a table of its own size, which fits in cache,
/// the buckets in parallel. A uniqueness check needs this because every row of a repeated value
/// is unexpected, its first included, and the earliest of them are shown.
///
/// Memory: 24 bytes per non-missing cell (96 bits of fingerprint and a packed position), in
/// blocks of `blockCapacity`; owned by one worker, handed over whole on merge.
public final class KeyBuckets: @unchecked Sendable {
    public static let bucketCount = 256
    static let blockCapacity = 1024

    struct Entry {
        var high: UInt64
        var low: UInt32
        var position: UInt64
    }

    /// Per bucket, the blocks filled so far (start and count); the last may be the open one.
    private var segments: [[(start: UnsafeMutablePointer<Entry>, count: Int)]]
    /// Per bucket, the open block and how many entries it holds (`blockCapacity` when none is open).
    private let open: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
    private let fill: UnsafeMutablePointer<Int>
    public private(set) var count = 0

    public init() {
        segments = Array(repeating: [], count: Self.bucketCount)
        open = .allocate(capacity: Self.bucketCount)
        open.initialize(repeating: nil, count: Self.bucketCount)
        fill = .allocate(capacity: Self.bucketCount)
        fill.initialize(repeating: Self.blockCapacity, count: Self.bucketCount)
    }

    deinit {
        seal()
        for bucket in segments { for segment in bucket { segment.start.deallocate() } }
        open.deallocate()
        fill.deallocate()
    }

    /// Adds the cell at `rows[i]` of the batch at `ordinal` under `keys[i]`.
    public func append(_ keys: [Fingerprint], rows: [Int], of ordinal: BatchOrdinal) {
        precondition(keys.count == rows.count)
        let base = PackedPosition(RowPosition(ordinal: ordinal, row: 0)).raw
        for index in keys.indices {
            let key = keys[index]
            let bucket = Int(key.high >> 56)
            if fill[bucket] == Self.blockCapacity {
                closeBlock(bucket)
                open[bucket] = .allocate(capacity: Self.blockCapacity)
                fill[bucket] = 0
            }
            // SAFETY: fill[bucket] < blockCapacity, the open block's size.
            (open[bucket]! + fill[bucket]).initialize(to: Entry(high: key.high, low: UInt32(truncatingIfNeeded: key.low >> 32),
                                                                position: base | UInt64(rows[index])))
            fill[bucket] += 1
        }
        count += keys.count
    }

    private func closeBlock(_ bucket: Int) {
        if let block = open[bucket], fill[bucket] > 0 { segments[bucket].append((block, fill[bucket])) }
        else { open[bucket]?.deallocate() }
        open[bucket] = nil
        fill[bucket] = Self.blockCapacity
    }

    /// Closes every open block (its entries join `segments`).
    private func seal() {
        for bucket in 0..<Self.bucketCount { closeBlock(bucket) }
    }

    /// Takes over `other`'s entries (it is left empty).
    public func merge(_ other: KeyBuckets) {
        seal()
        other.seal()
        for bucket in 0..<Self.bucketCount {
            segments[bucket] += other.segments[bucket]
            other.segments[bucket] = []
        }
        count += other.count
        other.count = 0
    }

    public struct Summary: Sendable {
        public var distinctCount = 0
        /// Cells whose value occurs more than once (every one, the first included).
        public var repeatedCount = 0
        /// The earliest of those cells, at most `limit`, in source order.
        public var earliestRepeated: [RowPosition] = []
    }

    /// Counts every bucket in a table of its own (in parallel), then reads the bucket again for
    /// the cells whose value repeats. Call after the pass.
    public func summary(earliestLimit limit: Int) -> Summary {
        seal()
        let parts = Parallel.map(Self.bucketCount) { bucket in Self.summarize(segments[bucket], limit: limit) }
        var summary = Summary()
        var earliest: [UInt64] = []
        for part in parts {
            summary.distinctCount += part.distinct
            summary.repeatedCount += part.repeated
            earliest += part.earliest
        }
        earliest.sort()
        summary.earliestRepeated = earliest.prefix(limit).map { PackedPosition($0).position }
        return summary
    }

    private struct Slot {
        var high: UInt64
        var low: UInt32
        /// 0 marks a free slot.
        var count: UInt32
    }

    private static func summarize(_ segments: [(start: UnsafeMutablePointer<Entry>, count: Int)], limit: Int)
        -> (distinct: Int, repeated: Int, earliest: [UInt64]) {
        let total = segments.reduce(0) { $0 + $1.count }
        guard total > 0 else { return (0, 0, []) }
        var capacity = 16
        while capacity < total * 2 { capacity *= 2 }
        let mask = capacity - 1
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(high: 0, low: 0, count: 0), count: capacity)
        defer { slots.deallocate() }
        // The bucket came from the top 8 bits of `high`; the probe starts at its low bits.
        func find(_ entry: Entry) -> UnsafeMutablePointer<Slot> {
            var index = Int(truncatingIfNeeded: entry.high) & mask
            while true {
                let slot = slots + index
                if slot.pointee.count == 0 || (slot.pointee.high == entry.high && slot.pointee.low == entry.low) { return slot }
                index = (index + 1) & mask
            }
        }
        var distinct = 0
        for segment in segments {
            for offset in 0..<segment.count {
                let entry = segment.start[offset]
                let slot = find(entry)
                if slot.pointee.count == 0 {
                    slot.pointee = Slot(high: entry.high, low: entry.low, count: 1)
                    distinct += 1
                } else if slot.pointee.count < UInt32.max {
                    slot.pointee.count += 1
                }
            }
        }
        guard distinct < total else { return (distinct, 0, []) }
        var repeated = 0
        // The smallest `limit` positions of repeated cells: a few kept, pruned past 4 × limit.
        var earliest: [UInt64] = []
        var ceiling = UInt64.max
        for segment in segments {
            for offset in 0..<segment.count {
                let entry = segment.start[offset]
                guard find(entry).pointee.count > 1 else { continue }
                repeated += 1
                guard limit > 0, entry.position < ceiling else { continue }
                earliest.append(entry.position)
                if earliest.count >= 4 * limit {
                    earliest.sort()
                    earliest.removeLast(earliest.count - limit)
                    ceiling = earliest[limit - 1]
                }
            }
        }
        earliest.sort()
        return (distinct, repeated, Array(earliest.prefix(limit)))
    }
}
