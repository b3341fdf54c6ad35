import AssayColumns
@testable import AssayKernels
import Testing

@Suite struct RadixSortTests {
    /// Against the standard library's sort, with negatives, zeros of both signs, infinities and
    /// subnormals, on every size class (the small-array path and the radix path).
    @Test(arguments: [0, 1, 2, 255, 256, 10_000, 100_003])
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
    /// Occurrence counts, repeats and first positions against a dictionary, over many batches
    /// and enough values to grow every shard several times.
    @Test func agreesWithADictionary() {
        let table = DistinctTable()
        var reference: [Int: (count: Int, first: RowPosition)] = [:]
        var random = SplitMix64(seed: 77)
        for chunk in 0..<6 {
            let ordinal = BatchOrdinal(chunk: chunk, part: 0)
            let values = (0..<20_000).map { _ in Int(random.next() % 30_000) }
            let keys = values.map { Fingerprint.integer(Int64($0)) }
            let repeats = table.insert(keys, rows: Array(values.indices), of: ordinal)
            for (row, value) in values.enumerated() {
                #expect(repeats[row] == (reference[value] != nil))
                if let seen = reference[value] {
                    reference[value] = (seen.count + 1, seen.first)
                } else {
                    reference[value] = (1, RowPosition(ordinal: ordinal, row: row))
                }
            }
        }
        var seen = 0
        var keyed: [Fingerprint: (count: Int, first: RowPosition)] = [:]
        for (value, entry) in reference { keyed[Fingerprint.integer(Int64(value)).kept] = entry }
        table.forEach { key, count, first in
            seen += 1
            #expect(keyed[key]?.count == count)
            #expect(keyed[key]?.first == first)
        }
        #expect(seen == reference.count)
    }

    @Test func textFingerprintsSeparateNearValues() {
        let words = ["", "a", "b", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", String(repeating: "x", count: 100)]
        let prints = words.map { word in Array(word.utf8).withUnsafeBytes { Fingerprint.text($0) } }
        #expect(Set(prints.map(\.kept)).count == words.count)
    }
}
