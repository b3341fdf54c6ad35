import AssayColumns
@testable import AssayKernels
import Testing

@Suite struct RadixSortTests {
    /// Against the standard library's sort, with negatives, zeros of both signs, infinities and
    /// subnormals, on every size class (the small-array path, the radix path, and two halves
    /// sorted on two threads and merged).
    @Test(arguments: [0, 1, 2, 255, 256, 10_000, 100_003, 300_001])
    func agreesWithSort(count: Int) {
        var random = SplitMix64(seed: UInt64(count) + 1)
        var values: [Double] = []
        for _ in 0..<count {
            let kind = random.next() % 8
            let scale = Double(sign: .plus, exponent: Int(random.next() % 120) - 60, significand: 1)
            let value: Double = switch kind {
            case 0: -0.0
            case 1: 0.0
            case 2: .infinity
            case 3: -.infinity
            case 4: Double.leastNonzeroMagnitude * Double(random.next() % 5)
            default: (random.nextUnit() - 0.5) * scale
            }
            values.append(value)
        }
        let expected = values.sorted()
        RadixSort.sort(&values)
        #expect(values.map { $0 == 0 ? 0 : $0 } == expected.map { $0 == 0 ? 0 : $0 })
    }
}

@Suite struct DistinctTableTests {
    /// The distinct count against a Set, over many batches with repeats within and across them
    /// and enough values to grow every shard several times.
    @Test func countsLikeASet() {
        let table = DistinctTable()
        var reference: Set<Int> = []
        var random = SplitMix64(seed: 77)
        for _ in 0..<6 {
            let values = (0..<20_000).map { _ in Int(random.next() % 30_000) }
            table.insert(values.map { Fingerprint.integer(Int64($0)) })
            reference.formUnion(values)
            #expect(table.distinctCount == reference.count)
        }
        // Text keys too, and a repeat of everything changes nothing.
        let words = (0..<5_000).map { "w\($0)" }
        let texts = words.map { word in Array(word.utf8).withUnsafeBytes { Fingerprint.text($0) } }
        table.insert(texts)
        table.insert(texts)
        #expect(table.distinctCount == reference.count + words.count)
    }

    @Test func textFingerprintsSeparateNearValues() {
        let words = ["", "a", "b", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", String(repeating: "x", count: 100)]
        let prints = words.map { word in Array(word.utf8).withUnsafeBytes { Fingerprint.text($0) } }
        #expect(Set(prints.map(\.kept)).count == words.count)
    }

    /// Every length from 0 to 40 (each word-loading path), each text against its one-byte and
    /// one-bit neighbours, plus 200,000 random texts: no two share the 96 bits tables keep.
    @Test func textFingerprintsDoNotCollideOnNeighbours() {
        var random = SplitMix64(seed: 5)
        var texts: Set<[UInt8]> = []
        for length in 0...40 {
            let base = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            texts.insert(base)
            for index in 0..<length {
                for bit in 0..<8 {
                    var neighbour = base
                    neighbour[index] ^= 1 << UInt8(bit)
                    texts.insert(neighbour)
                }
            }
            texts.insert(base + [0])
        }
        for _ in 0..<200_000 {
            texts.insert((0..<Int(random.next() % 48)).map { _ in UInt8(truncatingIfNeeded: random.next() % 4) })
        }
        let prints = Set(texts.map { text in text.withUnsafeBytes { Fingerprint.text($0).kept } })
        #expect(prints.count == texts.count)
    }
}

@Suite struct KeyBucketsTests {
    /// Distinct count, repeated cells and the earliest repeated positions against a dictionary,
    /// over two workers' buckets merged (as a pass merges states).
    /// The same with spilling: 3,000 cells in memory at most, so most go to the spill files
    /// (both workers' files, merged) and come back bucket by bucket.
    @Test(arguments: [(0, KeyBuckets.inMemoryEntryMax), (1, KeyBuckets.inMemoryEntryMax), (200, KeyBuckets.inMemoryEntryMax), (200, 3_000), (0, 3_000)])
    func agreesWithADictionary(limit: Int, inMemoryEntryMax: Int) {
        let workers = [KeyBuckets(inMemoryEntryMax: inMemoryEntryMax), KeyBuckets(inMemoryEntryMax: inMemoryEntryMax)]
        var counts: [Int: Int] = [:]
        var cells: [(value: Int, position: RowPosition)] = []
        var random = SplitMix64(seed: 91)
        for chunk in 0..<8 {
            let ordinal = BatchOrdinal(chunk: chunk, part: 0)
            let values = (0..<5_000).map { _ in Int(random.next() % 30_000) }
            // Every other row is missing (not offered), so rows and indices differ.
            let rows = values.indices.map { $0 * 2 }
            workers[chunk % 2].append(values.map { Fingerprint.integer(Int64($0)) }, rows: rows, of: ordinal)
            for (index, value) in values.enumerated() {
                counts[value, default: 0] += 1
                cells.append((value, RowPosition(ordinal: ordinal, row: rows[index])))
            }
        }
        workers[0].merge(workers[1])
        #expect(workers[1].count == 0)
        let summary = workers[0].summary(earliestLimit: limit)
        #expect((workers[0].spilledCount > 30_000) == (inMemoryEntryMax < 40_000))
        let repeated = cells.filter { counts[$0.value]! > 1 }.map(\.position).sorted()
        #expect(summary.distinctCount == counts.count)
        #expect(summary.repeatedCount == repeated.count)
        #expect(summary.earliestRepeated == Array(repeated.prefix(limit)))
    }

    @Test func allDistinctHasNoRepeats() {
        let buckets = KeyBuckets()
        buckets.append((0..<3_000).map { Fingerprint.integer(Int64($0)) }, rows: Array(0..<3_000), of: BatchOrdinal(chunk: 0, part: 0))
        let summary = buckets.summary(earliestLimit: 20)
        #expect(summary.distinctCount == 3_000)
        #expect(summary.repeatedCount == 0)
        #expect(summary.earliestRepeated.isEmpty)
    }
}

@Suite struct SmallSetsTests {
    @Test func fingerprintSetCountsEachMemberOnce() {
        var set = FingerprintSet()
        var random = SplitMix64(seed: 3)
        var reference: Set<Fingerprint> = []
        for _ in 0..<50_000 {
            let key = Fingerprint.integer(Int64(random.next() % 20_000))
            set.insert(key)
            reference.insert(key)
        }
        set.insert(Fingerprint(high: 0, low: 0))  // the free-slot marker is a member like any other
        set.insert(Fingerprint(high: 0, low: 0))
        reference.insert(Fingerprint(high: 0, low: 0))
        #expect(set.count == reference.count)
        var members: Set<Fingerprint> = []
        set.forEach { members.insert($0) }
        #expect(members == reference)
    }

    @Test func valueCounterCountsAndRefusesPastItsLimit() {
        var counter = ValueCounter(distinctCountMax: 100)
        var accepted = 0
        for value in 0..<1_000 where counter.add(Double(value % 100)) { accepted += 1 }
        #expect(accepted == 1_000)
        let negativeZero = counter.add(-0.0, count: 5)  // −0 is counted as 0
        let pastTheLimit = counter.add(100.5)
        #expect(negativeZero)
        #expect(!pastTheLimit)
        #expect(counter.distinctCount == 100)
        var counts: [Double: Int] = [:]
        counter.forEach { counts[$0] = $1 }
        #expect(counts[0] == 15)
        #expect(counts[99] == 10)
        #expect(counts.count == 100)
    }
}
