/// A set of fingerprints in one open-addressing table (linear probing, load ≤ 1/2), owned by one
/// worker: no lock, no positions, 16 bytes a slot. For counting distinct values where most repeat.
public struct FingerprintSet: Sendable {
    /// (0, 0) marks a free slot; the fingerprint (0, 0) itself is remembered apart.
    private var slots: [Fingerprint]
    private var holdsZero = false
    public private(set) var count = 0

    public init() { slots = [Fingerprint](repeating: Fingerprint(high: 0, low: 0), count: 16) }

    @inline(__always)
    public mutating func insert(_ key: Fingerprint) {
        if key.high == 0 && key.low == 0 {
            if !holdsZero { holdsZero = true; count += 1 }
            return
        }
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key.high ^ (key.low >> 17)) & mask
            while true {
                let slot = slots[index]
                if slot.high == key.high && slot.low == key.low { return }
                if slot.high == 0 && slot.low == 0 { break }
                index = (index + 1) & mask
            }
            slots[index] = key
            count += 1
        }
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = [Fingerprint](repeating: Fingerprint(high: 0, low: 0), count: old.count * 2)
        let mask = slots.count - 1
        for key in old where key.high != 0 || key.low != 0 {
            var index = Int(truncatingIfNeeded: key.high ^ (key.low >> 17)) & mask
            while slots[index].high != 0 || slots[index].low != 0 { index = (index + 1) & mask }
            slots[index] = key
        }
    }

    /// Whether `key` is a member: one probe sequence, no lock (a set built once may be read by
    /// every worker).
    @inline(__always)
    public func contains(_ key: Fingerprint) -> Bool {
        if key.high == 0 && key.low == 0 { return holdsZero }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key.high ^ (key.low >> 17)) & mask
            while true {
                let slot = slots[index]
                if slot.high == key.high && slot.low == key.low { return true }
                if slot.high == 0 && slot.low == 0 { return false }
                index = (index + 1) & mask
            }
        }
    }

    /// Every member once, in no particular order.
    public func forEach(_ body: (Fingerprint) -> Void) {
        if holdsZero { body(Fingerprint(high: 0, low: 0)) }
        for key in slots where key.high != 0 || key.low != 0 { body(key) }
    }
}

/// Fingerprint → small integer (a category's slot), in an open-addressing table built once and
/// then only read: the per-row lookup of drift checks, without the standard dictionary's
/// per-lookup SipHash (fingerprints are already well mixed).
public struct FingerprintIndex: Sendable {
    private var keys: [Fingerprint]
    private var values: [Int32]
    private let mask: Int

    public init(_ entries: [(Fingerprint, Int)]) {
        // Sparse while small (a few hundred categories probed by millions of rows that mostly
        // miss): the first probe is then nearly always empty, so the loop rarely mispredicts.
        var capacity = 16
        while capacity < entries.count * (entries.count <= 4_096 ? 8 : 2) { capacity *= 2 }
        keys = [Fingerprint](repeating: Fingerprint(high: 0, low: 0), count: capacity)
        values = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (key, value) in entries where self[key] == nil {
            var index = Int(truncatingIfNeeded: key.high) & mask
            while values[index] >= 0 { index = (index + 1) & mask }
            keys[index] = key
            values[index] = Int32(value)
        }
    }

    @inline(__always)
    public subscript(key: Fingerprint) -> Int? {
        var index = Int(truncatingIfNeeded: key.high) & mask
        while values[index] >= 0 {
            if keys[index].high == key.high && keys[index].low == key.low { return Int(values[index]) }
            index = (index + 1) & mask
        }
        return nil
    }
}
