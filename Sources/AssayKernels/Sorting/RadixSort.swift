/// Least-significant-digit radix sort of doubles: 8 passes of 8 bits over keys that order like
/// the doubles (sign bit flipped for positives, all bits for negatives — the usual IEEE 754 trick).
/// O(n), stable; NaN must not be present (callers leave NaN out as missing).
public enum RadixSort {
    public static func sort(_ values: inout [Double]) {
        let count = values.count
        guard count > 1 else { return }
        if count < 256 {
            values.sort()
            return
        }
        var keys = values.map { value -> UInt64 in
            let bits = (value == 0 ? 0 : value).bitPattern
            return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
        var scratch = [UInt64](repeating: 0, count: count)
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            var counts = [Int](repeating: 0, count: 257)
            for key in keys { counts[Int((key >> shift) & 0xFF) + 1] += 1 }
            // A digit that is the same for every key leaves the order as it is.
            if counts.contains(count) { continue }
            for digit in 0..<256 { counts[digit + 1] += counts[digit] }
            for key in keys {
                let digit = Int((key >> shift) & 0xFF)
                scratch[counts[digit]] = key
                counts[digit] += 1
            }
            swap(&keys, &scratch)
        }
        for index in 0..<count {
            let key = keys[index]
            values[index] = Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }
}
