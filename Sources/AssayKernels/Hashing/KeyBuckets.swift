import AssayColumns
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every non-missing cell of one column as (fingerprint, position), bucketed by fingerprint, for
/// exact duplicate finding after the pass. Reading only appends (sequential writes, no table to
/// miss in); afterwards each bucket is counted in a table of its own size, which fits in cache,
/// the buckets in parallel. A uniqueness check needs this because every row of a repeated value
/// is unexpected, its first included, and the earliest of them are shown.
///
/// Memory: 24 bytes per non-missing cell (96 bits of fingerprint and a packed position), in
/// blocks of `blockCapacity`; owned by one worker, handed over whole on merge. Past
/// `inMemoryEntryMax` cells the filled blocks go to a temporary file (unlinked at once, so
/// nothing is left behind even if the process is killed), bucket by bucket, and the summary reads
/// one bucket back at a time: memory stays bounded however long the column (a 42 M-row file's
/// uniqueness check would otherwise hold 1 GB). If the file cannot be written, cells stay in memory.
public final class KeyBuckets: @unchecked Sendable {
    public static let bucketCount = 256
    static let blockCapacity = 1024
    /// Cells kept in memory before filled blocks are spilled (96 MiB of entries).
    public static let inMemoryEntryMax = 4 << 20

    struct Entry {
        var high: UInt64
        var low: UInt32
        var position: UInt64
    }

    /// Per bucket, the blocks filled so far (start and count); the last may be the open one.
    private var segments: [[(start: UnsafeMutablePointer<Entry>, count: Int)]]
    /// Per bucket, the open block and how many entries it holds (`blockCapacity` when none is open).
    private let open: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
    private let fill: UnsafeMutablePointer<Int>
    public private(set) var count = 0
    /// Entries in `segments` (closed blocks in memory).
    private var inMemory = 0
    /// Spill files (this instance's, and those taken over on merge), and per bucket the runs
    /// written to them.
    private var files: [SpillFile] = []
    private var extents: [[(file: Int, offset: Int, count: Int)]]
    private var spillFailed = false
    private let entryMax: Int

    /// Cells written to spill files so far.
    public var spilledCount: Int { extents.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

    /// `inMemoryEntryMax`: cells kept in memory before spilling (tests spill small columns).
    public init(inMemoryEntryMax: Int = KeyBuckets.inMemoryEntryMax) {
        entryMax = inMemoryEntryMax
        segments = Array(repeating: [], count: Self.bucketCount)
        extents = Array(repeating: [], count: Self.bucketCount)
        open = .allocate(capacity: Self.bucketCount)
        open.initialize(repeating: nil, count: Self.bucketCount)
        fill = .allocate(capacity: Self.bucketCount)
        fill.initialize(repeating: Self.blockCapacity, count: Self.bucketCount)
    }

    deinit {
        seal()
        for bucket in segments { for segment in bucket { segment.start.deallocate() } }
        open.deallocate()
        fill.deallocate()
    }

    /// Adds the cell at `rows[i]` of the batch at `ordinal` under `keys[i]`.
    public func append(_ keys: [Fingerprint], rows: [Int], of ordinal: BatchOrdinal) {
        precondition(keys.count == rows.count)
        let base = PackedPosition(RowPosition(ordinal: ordinal, row: 0)).raw
        for index in keys.indices {
            let key = keys[index]
            let bucket = Int(key.high >> 56)
            if fill[bucket] == Self.blockCapacity {
                closeBlock(bucket)
                open[bucket] = .allocate(capacity: Self.blockCapacity)
                fill[bucket] = 0
            }
            // SAFETY: fill[bucket] < blockCapacity, the open block's size.
            (open[bucket]! + fill[bucket]).initialize(to: Entry(high: key.high, low: UInt32(truncatingIfNeeded: key.low >> 32),
                                                                position: base | UInt64(rows[index])))
            fill[bucket] += 1
        }
        count += keys.count
    }

    private func closeBlock(_ bucket: Int) {
        if let block = open[bucket], fill[bucket] > 0 {
            segments[bucket].append((block, fill[bucket]))
            inMemory += fill[bucket]
        } else {
            open[bucket]?.deallocate()
        }
        open[bucket] = nil
        fill[bucket] = Self.blockCapacity
        if inMemory > entryMax, !spillFailed { spill() }
    }

    /// Writes every closed block to this instance's spill file, bucket by bucket, and frees them.
    private func spill() {
        if files.first(where: { $0.owner == ObjectIdentifier(self) }) == nil {
            guard let file = SpillFile(owner: ObjectIdentifier(self)) else {
                spillFailed = true
                return
            }
            files.append(file)
        }
        let index = files.firstIndex { $0.owner == ObjectIdentifier(self) }!
        let file = files[index]
        for bucket in 0..<Self.bucketCount where !segments[bucket].isEmpty {
            let start = file.size
            var written = 0
            for segment in segments[bucket] {
                guard file.append(UnsafeRawBufferPointer(start: segment.start, count: segment.count * MemoryLayout<Entry>.stride)) else {
                    // Disk full or similar: what is not written stays in memory, and spilling stops.
                    spillFailed = true
                    if written > 0 { extents[bucket].append((index, start, written)) }
                    segments[bucket].removeFirst(segments[bucket].firstIndex { $0.start == segment.start }!)
                    return
                }
                written += segment.count
                inMemory -= segment.count
                segment.start.deallocate()
            }
            extents[bucket].append((index, start, written))
            segments[bucket] = []
        }
    }

    /// Closes every open block (its entries join `segments`).
    private func seal() {
        for bucket in 0..<Self.bucketCount { closeBlock(bucket) }
    }

    /// Takes over `other`'s entries (it is left empty).
    public func merge(_ other: KeyBuckets) {
        seal()
        other.seal()
        let fileOffset = files.count
        files += other.files
        for bucket in 0..<Self.bucketCount {
            segments[bucket] += other.segments[bucket]
            other.segments[bucket] = []
            extents[bucket] += other.extents[bucket].map { ($0.file + fileOffset, $0.offset, $0.count) }
            other.extents[bucket] = []
        }
        other.files = []
        inMemory += other.inMemory
        other.inMemory = 0
        count += other.count
        other.count = 0
    }

    public struct Summary: Sendable {
        public var distinctCount = 0
        /// Cells whose value occurs more than once (every one, the first included).
        public var repeatedCount = 0
        /// The earliest of those cells, at most `limit`, in source order.
        public var earliestRepeated: [RowPosition] = []
    }

    /// Counts every bucket in a table of its own (in parallel), then reads the bucket again for
    /// the cells whose value repeats. Call after the pass.
    public func summary(earliestLimit limit: Int) -> Summary {
        seal()
        let parts = Parallel.map(Self.bucketCount) { bucket in
            // A spilled bucket is read back whole (its share of the column), then counted.
            let spilled = extents[bucket].reduce(0) { $0 + $1.count }
            guard spilled > 0 else { return Self.summarize(segments[bucket], limit: limit) }
            let buffer = UnsafeMutablePointer<Entry>.allocate(capacity: spilled)
            defer { buffer.deallocate() }
            var filled = 0
            for extent in extents[bucket] {
                let bytes = UnsafeMutableRawBufferPointer(start: buffer + filled, count: extent.count * MemoryLayout<Entry>.stride)
                // A spill file that cannot be read back is a broken machine, not bad data.
                precondition(files[extent.file].read(into: bytes, at: extent.offset), "a uniqueness spill file could not be read back")
                filled += extent.count
            }
            return Self.summarize(segments[bucket] + [(buffer, spilled)], limit: limit)
        }
        var summary = Summary()
        var earliest: [UInt64] = []
        for part in parts {
            summary.distinctCount += part.distinct
            summary.repeatedCount += part.repeated
            earliest += part.earliest
        }
        earliest.sort()
        summary.earliestRepeated = earliest.prefix(limit).map { PackedPosition($0).position }
        return summary
    }

    private struct Slot {
        var high: UInt64
        var low: UInt32
        /// 0 marks a free slot.
        var count: UInt32
    }

    private static func summarize(_ segments: [(start: UnsafeMutablePointer<Entry>, count: Int)], limit: Int)
        -> (distinct: Int, repeated: Int, earliest: [UInt64]) {
        let total = segments.reduce(0) { $0 + $1.count }
        guard total > 0 else { return (0, 0, []) }
        var capacity = 16
        while capacity < total * 2 { capacity *= 2 }
        let mask = capacity - 1
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(high: 0, low: 0, count: 0), count: capacity)
        defer { slots.deallocate() }
        // The bucket came from the top 8 bits of `high`; the probe starts at its low bits.
        func find(_ entry: Entry) -> UnsafeMutablePointer<Slot> {
            var index = Int(truncatingIfNeeded: entry.high) & mask
            while true {
                let slot = slots + index
                if slot.pointee.count == 0 || (slot.pointee.high == entry.high && slot.pointee.low == entry.low) { return slot }
                index = (index + 1) & mask
            }
        }
        var distinct = 0
        for segment in segments {
            for offset in 0..<segment.count {
                let entry = segment.start[offset]
                let slot = find(entry)
                if slot.pointee.count == 0 {
                    slot.pointee = Slot(high: entry.high, low: entry.low, count: 1)
                    distinct += 1
                } else if slot.pointee.count < UInt32.max {
                    slot.pointee.count += 1
                }
            }
        }
        guard distinct < total else { return (distinct, 0, []) }
        var repeated = 0
        // The smallest `limit` positions of repeated cells: a few kept, pruned past 4 × limit.
        var earliest: [UInt64] = []
        var ceiling = UInt64.max
        for segment in segments {
            for offset in 0..<segment.count {
                let entry = segment.start[offset]
                guard find(entry).pointee.count > 1 else { continue }
                repeated += 1
                guard limit > 0, entry.position < ceiling else { continue }
                earliest.append(entry.position)
                if earliest.count >= 4 * limit {
                    earliest.sort()
                    earliest.removeLast(earliest.count - limit)
                    ceiling = earliest[limit - 1]
                }
            }
        }
        earliest.sort()
        return (distinct, repeated, Array(earliest.prefix(limit)))
    }
}

/// A temporary file for spilled entries, unlinked as soon as it is open (it disappears with the
/// descriptor, whatever happens to the process).
final class SpillFile: @unchecked Sendable {
    let owner: ObjectIdentifier
    private let descriptor: Int32
    private(set) var size = 0

    init?(owner: ObjectIdentifier) {
        self.owner = owner
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/assay-spill-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; false when the write failed (nothing counts as written then).
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(size + done))
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        size += bytes.count
        return true
    }

    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let result = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            done += result
        }
        return true
    }
}
