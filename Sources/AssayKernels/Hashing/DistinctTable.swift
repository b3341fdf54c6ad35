#if canImport(Glibc)
import Glibc
#endif
import CPrefetch
import AssayColumns

/// A set of fingerprints shared by all workers of a pass (a distinct count past what a worker's
/// own `FingerprintSet` holds). Sharded by fingerprint, a lock per shard, so workers insert into
/// one table (memory: 16 bytes per slot, loads between 3/8 and 3/4, not one table per worker).
/// A slot keeps 96 of the fingerprint's 128 bits: two distinct values collide with probability
/// about n² / 2^97 among n distinct values, below 10^-15 for 10^7.
public final class DistinctTable: @unchecked Sendable {
    public static let shardCount = 64

    struct Slot {
        var high: UInt64
        var low: UInt32
        /// 0 marks an empty slot.
        var used: UInt32
    }

    static let empty = Slot(high: 0, low: 0, used: 0)

    /// An open-addressing table (linear probing) in one allocation, grown at a load of 3/4.
    final class Shard {
        let lock = ShardLock()
        // Guarded by `lock`.
        var slots: UnsafeMutablePointer<Slot>
        var capacity = 16
        var used = 0

        init() {
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: DistinctTable.empty, count: capacity)
        }

        deinit { slots.deallocate() }

        /// Room for `count` more values without growing (so probe addresses stay valid).
        func reserve(_ count: Int) {
            while (used + count) * 4 >= capacity * 3 { grow() }
        }

        @inline(__always)
        func prefetch(_ fingerprint: Fingerprint) {
            assay_prefetch_write(slots + (Int(truncatingIfNeeded: fingerprint.high) & (capacity - 1)))
        }

        /// Adds the value unless present. Call `reserve` first.
        @inline(__always)
        func insert(_ fingerprint: Fingerprint) {
            let mask = capacity - 1
            let low = UInt32(truncatingIfNeeded: fingerprint.low >> 32)
            // The shard is chosen by the top bits of `high`, the probe starts at its low bits.
            var index = Int(truncatingIfNeeded: fingerprint.high) & mask
            while true {
                // SAFETY: index is masked into 0..<capacity.
                let slot = slots + index
                if slot.pointee.used == 0 {
                    slot.pointee = Slot(high: fingerprint.high, low: low, used: 1)
                    used += 1
                    return
                }
                if slot.pointee.high == fingerprint.high && slot.pointee.low == low { return }
                index = (index + 1) & mask
            }
        }

        func grow() {
            let old = slots
            let oldCapacity = capacity
            capacity *= 2
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: DistinctTable.empty, count: capacity)
            let mask = capacity - 1
            for offset in 0..<oldCapacity where old[offset].used != 0 {
                var index = Int(truncatingIfNeeded: old[offset].high) & mask
                while slots[index].used != 0 { index = (index + 1) & mask }
                slots[index] = old[offset]
            }
            old.deallocate()
        }
    }

    private let shards: [Shard] = (0..<DistinctTable.shardCount).map { _ in Shard() }

    public init() {}

    /// Adds each fingerprint. Items are ordered by shard (a counting sort) so each shard is locked
    /// once per call, and slots are prefetched a few inserts ahead (the table outgrows the caches).
    public func insert(_ fingerprints: [Fingerprint]) {
        let count = fingerprints.count
        var starts = [Int](repeating: 0, count: Self.shardCount + 1)
        for fingerprint in fingerprints { starts[Int(fingerprint.high >> 58) + 1] += 1 }
        for shard in 0..<Self.shardCount { starts[shard + 1] += starts[shard] }
        var next = starts
        var order = [Int32](repeating: 0, count: count)
        for (index, fingerprint) in fingerprints.enumerated() {
            let shard = Int(fingerprint.high >> 58)
            order[next[shard]] = Int32(index)
            next[shard] += 1
        }
        fingerprints.withUnsafeBufferPointer { keys in
            order.withUnsafeBufferPointer { order in
                for shardIndex in 0..<Self.shardCount where starts[shardIndex + 1] > starts[shardIndex] {
                    let shard = shards[shardIndex]
                    let range = starts[shardIndex]..<starts[shardIndex + 1]
                    shard.lock.withLock {
                        shard.reserve(range.count)
                        let distance = 8
                        for offset in range {
                            if offset + distance < range.upperBound { shard.prefetch(keys[Int(order[offset + distance])]) }
                            shard.insert(keys[Int(order[offset])])
                        }
                    }
                }
            }
        }
    }

    /// Distinct values inserted so far.
    public var distinctCount: Int {
        shards.reduce(0) { total, shard in total + shard.lock.withLock { shard.used } }
    }
}

/// A row position in 8 bytes: chunk (36 bits), batch within the chunk (12 bits), row (16 bits).
/// Order of the raw value is source order.
struct PackedPosition {
    var raw: UInt64

    init(_ raw: UInt64) { self.raw = raw }

    init(_ position: RowPosition) {
        precondition(position.row < 1 << 16 && position.ordinal.part < 1 << 12 && position.ordinal.chunk < 1 << 36,
                     "row position outside the packed range")
        raw = UInt64(position.ordinal.chunk) << 28 | UInt64(position.ordinal.part) << 16 | UInt64(position.row)
    }

    var position: RowPosition {
        RowPosition(ordinal: BatchOrdinal(chunk: Int(raw >> 28), part: Int((raw >> 16) & 0xFFF)), row: Int(raw & 0xFFFF))
    }
}

/// A pthread mutex for the shards (no Foundation in the kernels).
final class ShardLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    @inline(__always)
    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
