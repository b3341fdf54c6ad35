#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Runs independent pieces of work on all cores. The lowest layer holds it so readers and
/// metric passes share one way of going parallel.
public enum Parallel {
    /// Online processors, at least 1. Assay parallelises over batches itself, so BLAS runs single-threaded.
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `body(0) … body(count - 1)` on up to `count` threads at once; results in index order.
    /// `body` must be safe to call concurrently for distinct indices.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        precondition(count >= 0)
        if count <= 1 { return (0..<count).map(body) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        withoutActuallyEscaping(body) { body in
            // SAFETY: iteration i writes only slots[i]; concurrentPerform returns after every iteration ended.
            nonisolated(unsafe) let slots = slots
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
        }
        return slots.map { $0! }
    }
}
