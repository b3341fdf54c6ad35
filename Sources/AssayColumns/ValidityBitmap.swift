/// Which values of a column are present: bit `i` set means row `i` is valid (not null).
///
/// Bits are packed little-endian into 64-bit words, as in Arrow and DuckDB, so kernels can
/// skip whole words of valid rows. `nullCount` is kept exact so kernels choose their
/// no-null fast path without scanning.
public struct ValidityBitmap: Sendable, Hashable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int
    public private(set) var nullCount: Int

    public init() {
        words = []
        count = 0
        nullCount = 0
    }

    /// A bitmap of `count` valid rows.
    public init(allValid count: Int) {
        let wordCount = (count + 63) / 64
        words = [UInt64](repeating: ~0, count: wordCount)
        if count % 64 != 0, wordCount > 0 { words[wordCount - 1] = (1 << UInt64(count % 64)) - 1 }
        self.count = count
        nullCount = 0
    }

    /// A bitmap of `count` null rows.
    public init(allNull count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
        self.count = count
        nullCount = count
    }

    public mutating func reserveCapacity(_ rows: Int) { words.reserveCapacity((rows + 63) / 64) }

    @inline(__always)
    public mutating func append(_ isValid: Bool) {
        let bit = count & 63
        if bit == 0 { words.append(0) }
        if isValid {
            words[words.count - 1] |= 1 << UInt64(bit)
        } else {
            nullCount += 1
        }
        count += 1
    }

    @inlinable @inline(__always)
    public func isValid(_ row: Int) -> Bool {
        precondition(row >= 0 && row < count, "row \(row) outside 0..<\(count)")
        return words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    @inlinable
    public var hasNulls: Bool { nullCount > 0 }
}

extension ValidityBitmap {
    /// Builds a bitmap one row at a time, keeping the word being filled in a register.
    public struct Builder: Sendable {
        @usableFromInline var words: [UInt64] = []
        @usableFromInline var current: UInt64 = 0
        @usableFromInline var count = 0
        @usableFromInline var nullCount = 0

        public init(capacity: Int = 0) { words.reserveCapacity((capacity + 63) / 64) }

        @inlinable @inline(__always)
        public mutating func append(_ isValid: Bool) {
            if isValid { current |= 1 << UInt64(count & 63) } else { nullCount += 1 }
            count += 1
            if count & 63 == 0 {
                words.append(current)
                current = 0
            }
        }

        public func finish() -> ValidityBitmap {
            var bitmap = ValidityBitmap()
            bitmap.words = count & 63 == 0 ? words : words + [current]
            bitmap.count = count
            bitmap.nullCount = nullCount
            return bitmap
        }
    }
}
