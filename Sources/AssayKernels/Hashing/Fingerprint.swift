/// A 128-bit fingerprint of a value: exact for fixed-width values (their bits through a bijective
/// mixer in `high`, the kind in `low`), a 128-bit hash for text. For a hash behaving as random,
/// two of n distinct strings share a fingerprint with probability about n² / 2^129 — below 10^-25
/// for 10^7 values — which Assay treats as exact.
public struct Fingerprint: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 96 bits tables keep (`DistinctTable`, `KeyBuckets`), as a fingerprint.
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

    /// Two lanes, each folding 16-byte blocks with one 64×64→128-bit multiply (as wyhash and
    /// mum-hash do), the length mixed into both, finished with MurmurHash3's fmix64. Texts of up
    /// to 16 bytes are read as two overlapping words (no byte loop), which covers every byte.
    public static func text(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
        let count = bytes.count
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(count) &* 0x1656_67B1_9E37_79F9
        var first: UInt64 = 0
        var second: UInt64 = 0
        if count > 16 {
            var index = 0
            while index + 16 < count {
                let x = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let y = bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                a = fold(x ^ a ^ 0xA076_1D64_78BD_642F, y ^ 0xE703_7ED1_A0B4_28DB)
                b = fold(y ^ b ^ 0x8EBC_6AF0_9C88_C6E3, x ^ 0x5899_65CC_7537_4CC3)
                index += 16
            }
            first = bytes.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
            second = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 8 {
            first = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            second = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            first = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            second = UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else if count > 0 {
            first = UInt64(bytes[0]) << 16 | UInt64(bytes[count / 2]) << 8 | UInt64(bytes[count - 1])
        }
        a = fold(first ^ a ^ 0xA076_1D64_78BD_642F, second ^ 0xE703_7ED1_A0B4_28DB)
        b = fold(second ^ b ^ 0x8EBC_6AF0_9C88_C6E3, first ^ 0x5899_65CC_7537_4CC3)
        return Fingerprint(high: mix(a ^ (b >> 7)), low: mix(b ^ (a << 3) ^ 0x5851_F42D_4C95_7F2D))
    }

    /// The two halves of a full-width product, xored.
    @inline(__always)
    static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return product.high ^ product.low
    }

    /// MurmurHash3's fmix64: a bijection on 64 bits (each step is invertible), so exact keys stay exact.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
