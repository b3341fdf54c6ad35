import AssayColumns
import Testing

@Suite struct ValidityBitmapTests {
    @Test func builderMatchesAppendAcrossWordEdges() {
        var random = SplitMix64(seed: 4)
        for count in [0, 1, 63, 64, 65, 127, 128, 1000] {
            var appended = ValidityBitmap()
            var builder = ValidityBitmap.Builder(capacity: count)
            var nulls = 0
            for _ in 0..<count {
                let valid = random.next() % 3 != 0
                if !valid { nulls += 1 }
                appended.append(valid)
                builder.append(valid)
            }
            let built = builder.finish()
            #expect(built == appended, "count \(count)")
            #expect(built.count == count && built.nullCount == nulls)
        }
    }

    @Test func allValidHasNoStrayBits() {
        let bitmap = ValidityBitmap(allValid: 70)
        #expect(bitmap.words == [UInt64.max, (1 << 6) - 1])
        #expect(!bitmap.hasNulls && bitmap.isValid(69))
    }
}

@Suite struct ColumnTests {
    @Test func stringColumnOffsetsAndNulls() {
        let column = StringColumn(["a", nil, "", "héllo"])
        #expect(column.count == 4 && column.nullCount == 1)
        #expect(column.offsets == [0, 1, 1, 1, 7])
        #expect((0..<4).map { column[$0] } == ["a", nil, "", "héllo"])
    }

    @Test func batchChecksItsShape() {
        let schema = Schema([Field(name: "x", type: .float64), Field(name: "s", type: .string)])
        let batch = Batch(schema: schema, columns: [.float64(FixedWidthColumn(values: [1, 2])), .string(StringColumn(["a", "b"]))])
        #expect(batch.rowCount == 2)
        #expect(batch.columns.map(\.type) == [.float64, .string])
        #expect(schema.index(of: "s") == 1 && schema.index(of: "nope") == nil)
    }

    @Test func civilCalendarKnownDays() {
        #expect(CivilCalendar.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.civilFromDays(19_782) == (2024, 2, 29))
    }

    /// The table the reader uses agrees with the formula on every day of 1890–2170 (across both
    /// ends of the table).
    @Test func fastCivilDaysAgreeWithTheFormula() {
        var mismatches = 0
        for day in CivilCalendar.daysFromCivil(year: 1890, month: 1, day: 1)...CivilCalendar.daysFromCivil(year: 2170, month: 12, day: 31) {
            let (y, m, d) = CivilCalendar.civilFromDays(day)
            if CivilCalendar.daysFromCivilFast(year: y, month: m, day: d) != day { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}

@Suite struct ParallelTests {
    struct Failure: Error, Equatable { let item: Int }

    @Test func forEachVisitsEveryItemOnce() throws {
        let counts = Counter(slots: 1000)
        var next = 0
        try Parallel.forEach(workerCount: 2, next: { () -> Int? in
            defer { next += 1 }
            return next < 1000 ? next : nil
        }) { _, item in counts.add(item) }
        #expect(counts.values == [Int](repeating: 1, count: 1000))
    }

    /// The failure reported is the earliest item's, as a sequential loop would have met it.
    @Test func forEachRethrowsTheEarliestFailure() {
        var next = 0
        #expect(throws: Failure(item: 10)) {
            try Parallel.forEach(workerCount: 2, next: { () -> Int? in
                defer { next += 1 }
                return next < 500 ? next : nil
            }) { _, item in
                if item == 10 || item == 11 || item == 400 { throw Failure(item: item) }
            }
        }
    }

    @Test func mapKeepsOrder() {
        #expect(Parallel.map(8) { $0 * $0 } == [0, 1, 4, 9, 16, 25, 36, 49])
    }
}

/// Per-slot counters written by distinct threads (each slot by the worker that owns its item).
final class Counter: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<Int>

    init(slots count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0)
    }

    deinit { slots.deallocate() }

    func add(_ slot: Int) { slots[slot] += 1 }
    var values: [Int] { Array(slots) }
}
