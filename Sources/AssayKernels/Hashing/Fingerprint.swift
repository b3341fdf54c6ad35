/// A 128-bit fingerprint of a value: exact for fixed-width values (their bits through a bijective
/// mixer in `high`, the kind in `low`), a hash for text. Two distinct strings share a fingerprint with probability about
/// n² / 2^129 among n distinct values — below 10^-25 for 10^7 values — which Assay treats as exact.
public struct Fingerprint: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 96 bits `DistinctTable` keeps, as a fingerprint (to match values it reports).
    public var kept: Fingerprint { Fingerprint(high: high, low: low & 0xFFFF_FFFF_0000_0000) }

    /// Kinds of exact keys, in `high` (text hashes use the whole 128 bits).
    public static func number(_ value: Double) -> Fingerprint {
        Fingerprint(high: mix((value == 0 ? 0 : value).bitPattern), low: 0x4E55_4D00_0000_0001)
    }

    public static func integer(_ value: Int64) -> Fingerprint {
        Fingerprint(high: mix(UInt64(bitPattern: value)), low: 0x494E_5400_0000_0005)
    }

    public static func instant(_ value: Int64, isDate: Bool) -> Fingerprint {
        Fingerprint(high: mix(UInt64(bitPattern: value)), low: isDate ? 0x4441_5445_0000_0002 : 0x5449_4D45_0000_0003)
    }

    public static func flag(_ value: Bool) -> Fingerprint { Fingerprint(high: mix(value ? 1 : 0), low: 0x424F_4F4C_0000_0004) }

    /// Two independent 64-bit multiply-xorshift lanes over 8-byte words, each finished with
    /// MurmurHash3's fmix64, the length mixed into both.
    public static func text(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(bytes.count)
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            a = (a ^ word) &* 0xFF51_AFD7_ED55_8CCD
            a = (a << 29) | (a >> 35)
            b = (b ^ (word &* 0x87C3_7B91_1142_53D5)) &* 0x4CF5_AD43_2745_937F
            b = (b << 31) | (b >> 33)
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            for offset in 0..<(count - index) { tail |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
            a = (a ^ tail) &* 0xFF51_AFD7_ED55_8CCD
            b = (b ^ (tail &* 0x87C3_7B91_1142_53D5)) &* 0x4CF5_AD43_2745_937F
        }
        return Fingerprint(high: mix(a ^ (b >> 7)), low: mix(b ^ (a << 3) ^ 0x5851_F42D_4C95_7F2D))
    }

    /// MurmurHash3's fmix64: a bijection on 64 bits (each step is invertible), so exact keys stay exact.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
