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
        // Keys are written over the doubles' own storage (same width), so one scratch buffer is
        // the only extra memory.
        values.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt64.self) { keys in
                for index in 0..<count {
                    let bits = keys[index] == 1 << 63 ? 0 : keys[index]  // -0.0 sorts as 0.0
                    keys[index] = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
                }
                let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
                defer { scratch.deallocate() }
                var source = keys
                var target = scratch
                for pass in 0..<8 {
                    let shift = UInt64(pass * 8)
                    var counts = [Int](repeating: 0, count: 257)
                    for key in source { counts[Int((key >> shift) & 0xFF) + 1] += 1 }
                    // A digit that is the same for every key leaves the order as it is.
                    if counts.contains(count) { continue }
                    for digit in 0..<256 { counts[digit + 1] += counts[digit] }
                    for key in source {
                        let digit = Int((key >> shift) & 0xFF)
                        target[counts[digit]] = key
                        counts[digit] += 1
                    }
                    swap(&source, &target)
                }
                if source.baseAddress != keys.baseAddress {
                    _ = keys.initialize(from: source)
                }
                for index in 0..<count {
                    let key = keys[index]
                    keys[index] = key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key
                }
            }
        }
    }
}
