/// A growable block of raw memory a decoder reuses from page to page, so decoding allocates only
/// when a page is larger than any before it. Owned by one worker; never shared.
final class ScratchBuffer {
    private(set) var pointer: UnsafeMutableRawPointer
    private(set) var capacity: Int
    static let alignment = 16

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: Self.alignment)
    }

    deinit { pointer.deallocate() }

    /// At least `byteCount` bytes; the old contents are not kept.
    func reserve(_ byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount >= 0)
        if byteCount > capacity {
            pointer.deallocate()
            capacity = max(byteCount, capacity * 2)
            pointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.alignment)
        }
        return pointer
    }

    /// At least `byteCount` bytes, keeping the first `keeping` bytes.
    func grow(to byteCount: Int, keeping: Int) -> UnsafeMutableRawPointer {
        precondition(keeping >= 0 && keeping <= capacity)
        if byteCount > capacity {
            let newCapacity = max(byteCount, capacity * 2)
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: Self.alignment)
            fresh.copyMemory(from: pointer, byteCount: keeping)
            pointer.deallocate()
            pointer = fresh
            capacity = newCapacity
        }
        return pointer
    }

    /// Returns to a small block when a huge page made it grow, so one odd page does not pin memory.
    func shrink(ifAbove byteCount: Int) {
        guard capacity > byteCount else { return }
        pointer.deallocate()
        capacity = 64
        pointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.alignment)
    }
}
