import AssayColumns

/// A few texts of at most 8 bytes (flags, codes, modes), found by one multiply-shift and one
/// compare: the multiplier is chosen when the table is built so that no two texts share a slot
/// (a perfect hash), so a lookup has no loop and, on data that mostly matches, no mispredicted
/// branch. Texts compare by their word (`ValueSet.word`) and length, which together are exact.
struct ShortTextTable: Sendable {
    struct Entry: Sendable {
        var word: UInt64
        /// −1 for an empty entry.
        var length: Int
        /// The text's position in the list the table was built from.
        var slot: Int
    }

    static let capacity = 64
    static let textCountMax = 24

    private(set) var entries: [Entry]
    let multiplier: UInt64

    /// Nil when a text is longer than 8 bytes, there are more than `textCountMax` texts, or no
    /// collision-free multiplier turned up (then the caller hashes instead).
    init?(_ texts: [[UInt8]]) {
        guard texts.count <= Self.textCountMax, texts.allSatisfy({ $0.count <= 8 }) else { return nil }
        let keys = texts.map { text in (text.withUnsafeBytes { ValueSet.word($0) }, text.count) }
        var random = SplitMix64(seed: 0x5EED_7E57)
        for _ in 0..<10_000 {
            let multiplier = random.next() | 1
            var entries = [Entry](repeating: Entry(word: 0, length: -1, slot: -1), count: Self.capacity)
            var collided = false
            for (slot, key) in keys.enumerated() {
                let index = Self.index(word: key.0, length: key.1, multiplier: multiplier)
                if entries[index].length >= 0 {
                    // The same text twice keeps its first slot; two texts in one entry need another multiplier.
                    if entries[index].word == key.0, entries[index].length == key.1 { continue }
                    collided = true
                    break
                }
                entries[index] = Entry(word: key.0, length: key.1, slot: slot)
            }
            if !collided {
                self.entries = entries
                self.multiplier = multiplier
                return
            }
        }
        return nil
    }

    @inline(__always)
    static func index(word: UInt64, length: Int, multiplier: UInt64) -> Int {
        Int(truncatingIfNeeded: ((word ^ UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15) &* multiplier) >> 58)
    }
}
