/// Occurrences of up to `distinctCountMax` distinct doubles in an open-addressing table keyed by
/// bit pattern (−0 counted as 0; NaN must not be offered). Replaces a `[Double: Int]` on the
/// per-row path of exact order statistics, where the standard dictionary's hashing dominated.
public struct ValueCounter: Sendable {
    public let distinctCountMax: Int
    /// Bit patterns; `empty` (a NaN, never stored) marks a free slot.
    private var keys: [UInt64]
    private var counts: [Int]
    public private(set) var distinctCount = 0
    static let empty: UInt64 = 0x7FF8_0000_0000_0001

    public init(distinctCountMax: Int) {
        self.distinctCountMax = distinctCountMax
        keys = [UInt64](repeating: Self.empty, count: 16)
        counts = [Int](repeating: 0, count: 16)
    }

    /// Counts `value` `count` times; false (nothing counted) when it would exceed `distinctCountMax`.
    @inline(__always)
    public mutating func add(_ value: Double, count: Int = 1) -> Bool {
        let bits = (value == 0 ? 0 : value).bitPattern
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: Fingerprint.mix(bits)) & mask
        while true {
            let key = keys[index]
            if key == bits {
                counts[index] += count
                return true
            }
            if key == Self.empty { break }
            index = (index + 1) & mask
        }
        guard distinctCount < distinctCountMax else { return false }
        keys[index] = bits
        counts[index] = count
        distinctCount += 1
        if distinctCount * 2 > keys.count { grow() }
        return true
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldCounts = counts
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        counts = [Int](repeating: 0, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for slot in oldKeys.indices where oldKeys[slot] != Self.empty {
            var index = Int(truncatingIfNeeded: Fingerprint.mix(oldKeys[slot])) & mask
            while keys[index] != Self.empty { index = (index + 1) & mask }
            keys[index] = oldKeys[slot]
            counts[index] = oldCounts[slot]
        }
    }

    /// Each distinct value once with its count, in no particular order.
    public func forEach(_ body: (Double, Int) -> Void) {
        for slot in keys.indices where keys[slot] != Self.empty { body(Double(bitPattern: keys[slot]), counts[slot]) }
    }
}
