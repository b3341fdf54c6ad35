#if canImport(Glibc)
import Glibc
#endif
import AssayColumns

/// Distinct values of a column, shared by all workers of a pass: fingerprint → occurrences and
/// where the value first occurs. Sharded by fingerprint, a lock per shard, so workers insert into
/// one table (memory: one entry per distinct value, 32 bytes at a load of at most 3/4, not one
/// table per worker).
public final class DistinctTable: @unchecked Sendable {
    public static let shardCount = 64

    struct Slot {
        var fingerprint: Fingerprint
        var count: Int64
        var first: PackedPosition
    }

    final class Shard {
        let lock = ShardLock()
        // Guarded by `lock`. A slot with count 0 is empty.
        var slots: [Slot] = Array(repeating: Slot(fingerprint: Fingerprint(high: 0, low: 0), count: 0, first: PackedPosition(0)), count: 16)
        var used = 0
    }

    private let shards: [Shard] = (0..<DistinctTable.shardCount).map { _ in Shard() }

    public init() {}

    /// Counts one occurrence at `position`; true when the value was seen before (a repeat).
    /// When two workers race on the same value, either may see the other's occurrence as the
    /// first; `first` always keeps the earlier position.
    @inline(__always)
    public func insert(_ fingerprint: Fingerprint, at position: RowPosition) -> Bool {
        let shard = shards[Int(fingerprint.high >> 58)]
        let packed = PackedPosition(position)
        return shard.lock.withLock {
            if shard.used * 4 >= shard.slots.count * 3 { Self.grow(shard) }
            let mask = shard.slots.count - 1
            var index = Int(truncatingIfNeeded: fingerprint.low) & mask
            while true {
                if shard.slots[index].count == 0 {
                    shard.slots[index] = Slot(fingerprint: fingerprint, count: 1, first: packed)
                    shard.used += 1
                    return false
                }
                if shard.slots[index].fingerprint == fingerprint {
                    shard.slots[index].count += 1
                    if packed.raw < shard.slots[index].first.raw { shard.slots[index].first = packed }
                    return true
                }
                index = (index + 1) & mask
            }
        }
    }

    private static func grow(_ shard: Shard) {
        let old = shard.slots
        shard.slots = Array(repeating: Slot(fingerprint: Fingerprint(high: 0, low: 0), count: 0, first: PackedPosition(0)), count: old.count * 2)
        let mask = shard.slots.count - 1
        for slot in old where slot.count > 0 {
            var index = Int(truncatingIfNeeded: slot.fingerprint.low) & mask
            while shard.slots[index].count != 0 { index = (index + 1) & mask }
            shard.slots[index] = slot
        }
    }

    /// Every distinct value once: fingerprint, occurrences, first position. Call after the pass.
    public func forEach(_ body: (Fingerprint, Int, RowPosition) -> Void) {
        for shard in shards {
            shard.lock.withLock {
                for slot in shard.slots where slot.count > 0 { body(slot.fingerprint, Int(slot.count), slot.first.position) }
            }
        }
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
