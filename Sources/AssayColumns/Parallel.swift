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

    /// Workers pull items from `next` one at a time (calls to `next` are serialised and in order)
    /// and run `body` on them concurrently, without waiting for each other: reading the next item
    /// overlaps with processing the others. Calls with the same `worker` never overlap.
    ///
    /// Errors: the failure of the earliest item, in `next` order, is rethrown after every worker
    /// stopped — the error a sequential loop would have met first. No item after it is taken.
    public static func forEach<Item>(
        workerCount: Int, next: () throws -> Item?, _ body: (_ worker: Int, _ item: Item) throws -> Void
    ) throws {
        let queue = PullQueue<Item>()
        try withoutActuallyEscaping(next) { next in
            try withoutActuallyEscaping(body) { body in
                // SAFETY: `next` runs only under the queue's lock; `body` is the caller's, documented
                // as safe for distinct workers. Both outlive the concurrentPerform call.
                nonisolated(unsafe) let next = next
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: max(1, workerCount)) { worker in
                    while let (sequence, item) = queue.take(next) {
                        do {
                            try body(worker, item)
                        } catch {
                            queue.fail(sequence: sequence, error)
                        }
                    }
                }
                if let error = queue.firstFailure { throw error }
            }
        }
    }
}

/// The shared end of `Parallel.forEach`: hands out items in order, remembers the earliest failure.
private final class PullQueue<Item>: @unchecked Sendable {
    private let lock = Lock()
    // Guarded by `lock`.
    private var taken = 0
    private var exhausted = false
    private var failure: (sequence: Int, error: any Error)?

    func take(_ next: () throws -> Item?) -> (Int, Item)? {
        lock.withLock {
            guard !exhausted, failure == nil else { return nil }
            let sequence = taken
            do {
                guard let item = try next() else {
                    exhausted = true
                    return nil
                }
                taken += 1
                return (sequence, item)
            } catch {
                exhausted = true
                failure = (sequence, error)
                return nil
            }
        }
    }

    func fail(sequence: Int, _ error: any Error) {
        lock.withLock {
            if failure == nil || sequence < failure!.sequence { failure = (sequence, error) }
        }
    }

    var firstFailure: (any Error)? { lock.withLock { failure?.error } }
}

/// A pthread mutex (no Foundation, no availability gates).
final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
