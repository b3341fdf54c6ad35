import AssayColumns

/// Least-significant-digit radix sort of doubles: 8 passes of 8 bits over keys that order like
/// the doubles (sign bit flipped for positives, all bits for negatives — the usual IEEE 754 trick).
/// O(n), stable; NaN must not be present (callers leave NaN out as missing). A long list is sorted
/// as two halves on two threads and merged: the sort runs after the pass, when nothing else does.
public enum RadixSort {
    /// Below this many values, one thread sorts the whole list.
    static let parallelCountMin = 1 << 18

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
                if count < parallelCountMin || Parallel.processorCount < 2 {
                    sortKeys(keys, scratch: scratch)
                } else {
                    let middle = count / 2
                    // SAFETY: the halves (and their scratch halves) are disjoint; each task owns one.
                    nonisolated(unsafe) let keys = keys
                    nonisolated(unsafe) let scratch = scratch
                    _ = Parallel.map(2) { half in
                        let range = half == 0 ? 0..<middle : middle..<count
                        sortKeys(UnsafeMutableBufferPointer(rebasing: keys[range]),
                                 scratch: UnsafeMutableBufferPointer(rebasing: scratch[range]))
                    }
                    merge(keys[0..<middle], keys[middle..<count], into: scratch)
                    _ = keys.update(fromContentsOf: scratch)
                }
                for index in 0..<count {
                    let key = keys[index]
                    keys[index] = key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key
                }
            }
        }
    }

    /// Sorts `keys` in place; `scratch` has the same length.
    private static func sortKeys(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        let count = keys.count
        // All eight digit histograms in one read, then one scatter per digit that varies.
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8 * 256)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        for key in keys {
            for pass in 0..<8 { counts[pass * 256 + Int((key >> UInt64(pass * 8)) & 0xFF)] += 1 }
        }
        var source = keys
        var target = scratch
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            let histogram = UnsafeMutableBufferPointer(rebasing: counts[(pass * 256)..<(pass * 256 + 256)])
            // A digit that is the same for every key leaves the order as it is.
            if histogram.contains(count) { continue }
            var next = 0
            for digit in 0..<256 {
                let digitCount = histogram[digit]
                histogram[digit] = next
                next += digitCount
            }
            for key in source {
                let digit = Int((key >> shift) & 0xFF)
                target[histogram[digit]] = key
                histogram[digit] += 1
            }
            swap(&source, &target)
        }
        if source.baseAddress != keys.baseAddress {
            _ = keys.update(fromContentsOf: source)
        }
    }

    /// Two ascending runs into `target` (their total length), stable.
    private static func merge(_ left: Slice<UnsafeMutableBufferPointer<UInt64>>, _ right: Slice<UnsafeMutableBufferPointer<UInt64>>,
                              into target: UnsafeMutableBufferPointer<UInt64>) {
        var i = left.startIndex
        var j = right.startIndex
        var k = 0
        while i < left.endIndex, j < right.endIndex {
            if right[j] < left[i] {
                target[k] = right[j]
                j += 1
            } else {
                target[k] = left[i]
                i += 1
            }
            k += 1
        }
        while i < left.endIndex {
            target[k] = left[i]
            i += 1
            k += 1
        }
        while j < right.endIndex {
            target[k] = right[j]
            j += 1
            k += 1
        }
    }
}
