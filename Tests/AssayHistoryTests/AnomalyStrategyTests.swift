import AssayColumns
@testable import AssayExpectations
import Foundation
import Testing

/// Each strategy's band against a hand computation (the numbers beside each test; checked with
/// Python: `statistics.mean`, `statistics.stdev` and the recurrences written out).
@Suite struct AnomalyStrategyTests {
    func strategy(_ kwargs: [(String, JSONValue)]) throws -> AnomalyStrategy {
        try AnomalyStrategy(Arguments(kwargs.map { (key: $0.0, value: $0.1) }))
    }

    static let rising: [Double] = [10, 12, 14, 16, 18]

    @Test func batchNormalIsMeanPlusMinusKSampleDeviations() throws {
        // mean 14; sample variance (16 + 4 + 0 + 4 + 16) / 4 = 10, sd √10 = 3.1622776601683795;
        // band 14 ∓ 3 · 3.1622776601683795 = [4.513167019494862, 23.486832980505138].
        let judged = try strategy([]).judge(23.4, past: Self.rising)
        #expect(judged.success)
        #expect(judged.lower!.isApproximatelyEqual(to: 4.513167019494862))
        #expect(judged.upper!.isApproximatelyEqual(to: 23.486832980505138))
        #expect(try strategy([]).judge(23.5, past: Self.rising).success == false)
        #expect(try strategy([]).judge(4.5, past: Self.rising).success == false)
        // k = 1: 14 ∓ 3.1622776601683795.
        let narrow = try strategy([("k", .integer(1))]).judge(14, past: Self.rising)
        #expect(narrow.upper!.isApproximatelyEqual(to: 17.16227766016838))
    }

    @Test func onlineNormalIsExponentiallyWeighted() throws {
        // α = 0.5 from μ = 10, σ² = 0: δ = x − μ, μ += αδ, σ² = (1 − α)(σ² + αδ²)
        //   12: δ 2,    μ 11,     σ² 0.5 · (0 + 2)        = 1
        //   14: δ 3,    μ 12.5,   σ² 0.5 · (1 + 4.5)      = 2.75
        //   16: δ 3.5,  μ 14.25,  σ² 0.5 · (2.75 + 6.125) = 4.4375
        //   18: δ 3.75, μ 16.125, σ² 0.5 · (4.4375 + 7.03125) = 5.734375, σ = 2.394655507583502
        // k = 2: [11.335688984832995, 20.914311015167005].
        let online = try strategy([("variant", .string("online")), ("alpha", .double(0.5)), ("k", .integer(2))])
        let judged = online.judge(20, past: Self.rising)
        #expect(judged.success)
        #expect(judged.lower!.isApproximatelyEqual(to: 11.335688984832995))
        #expect(judged.upper!.isApproximatelyEqual(to: 20.914311015167005))
        #expect(online.judge(21, past: Self.rising).success == false)
    }

    @Test func onlineNormalSkipsPastAnomalies() throws {
        // α = 0.5, k = 3, min_history 3: 10, 12, 14 are taken (μ 12.5, σ² 2.75, σ 1.6583);
        // 100 is 87.5 from μ > 3σ = 4.975: skipped; 16 is 3.5 away: taken → μ 14.25, σ² 4.4375;
        // band 14.25 ∓ 3 · 2.1065374… = [7.930387670117731, 20.56961232988227].
        let online = try strategy([("variant", .string("online")), ("alpha", .double(0.5)), ("min_history", .integer(3))])
        let judged = online.judge(15, past: [10, 12, 14, 100, 16])
        #expect(judged.success)
        #expect(judged.lower!.isApproximatelyEqual(to: 7.930387670117731))
        #expect(judged.upper!.isApproximatelyEqual(to: 20.56961232988227))
        #expect(judged.details.first { $0.0 == "past_anomalies" }?.1 == .integer(1))
    }

    @Test func absoluteChangeBoundsTheStepFromThePreviousRun() throws {
        // previous 100, max_decrease 10, max_increase 5: [90, 105].
        let change = try strategy([("strategy", .string("absolute_change")), ("max_decrease", .integer(10)), ("max_increase", .integer(5))])
        let judged = change.judge(105, past: [50, 100])
        #expect(judged.success && judged.lower == 90 && judged.upper == 105)
        #expect(change.judge(89, past: [50, 100]).success == false)
        // One bound only: the other side is open.
        let dropOnly = try strategy([("strategy", .string("absolute_change")), ("max_decrease", .integer(10))])
        #expect(dropOnly.judge(1e9, past: [100]).success)
        #expect(dropOnly.judge(89, past: [100]).success == false)
    }

    @Test func relativeChangeDefaultsToTwentyPercent() throws {
        // previous 200, default ±0.2: [160, 240]; 100 is a change of −0.5.
        let change = try strategy([("strategy", .string("relative_change"))])
        let judged = change.judge(100, past: [200])
        #expect(!judged.success && judged.lower == 160 && judged.upper == 240)
        #expect(judged.details.first { $0.0 == "relative_change" }?.1 == .double(-0.5))
        #expect(change.judge(240, past: [200]).success)
        // A previous value of 0: only 0 stays within any relative band.
        #expect(change.judge(0, past: [0]).success)
        #expect(change.judge(1, past: [0]).success == false)
    }

    @Test func seasonalIsTheBatchBandOverItsSeries() throws {
        // The store keeps only same-weekday runs (HistoryStoreTests); the band is the batch one:
        // past 100, 110, 120, 130, 140: mean 120, sd √250 = 15.811388300841896, k 3 → [72.5658…, 167.4341…].
        let seasonal = try strategy([("strategy", .string("seasonal"))])
        #expect(seasonal.request(metric: .rowCount, column: nil).sameWeekday)
        #expect(seasonal.request(metric: .rowCount, column: nil).span == .runs(8))
        let judged = seasonal.judge(120, past: [100, 110, 120, 130, 140])
        #expect(judged.lower!.isApproximatelyEqual(to: 72.56583509747431))
        #expect(judged.upper!.isApproximatelyEqual(to: 167.4341649025257))
    }

    @Test func tooLittleHistoryPassesWithANote() throws {
        let judged = try strategy([]).judge(1e9, past: [1, 2, 3])
        #expect(judged.success)
        #expect(judged.lower == nil)
        #expect(judged.details.first { $0.0 == "note" }?.1.string == "not judged: 3 past values in the window, 5 needed")
        // An undefined current value fails even then.
        #expect(try strategy([]).judge(nil, past: []).success == false)
    }

    @Test func argumentsAreCheckedBeforeAnyData() throws {
        #expect(throws: ArgumentError("strategy", "must be one of normal, seasonal, absolute_change, relative_change, not \"zscore\"")) {
            try strategy([("strategy", .string("zscore"))])
        }
        #expect(throws: ArgumentError("max_decrease", "absolute_change needs max_decrease, max_increase or both")) {
            try strategy([("strategy", .string("absolute_change"))])
        }
        #expect(throws: ArgumentError("max_increase", "applies to strategy absolute_change or relative_change only")) {
            try strategy([("max_increase", .integer(3))])
        }
        #expect(throws: ArgumentError("window", "must be a number of runs (30) or a duration (30d, 12h, 2w), not \"a month\"")) {
            try strategy([("window", .string("a month"))])
        }
        #expect(try strategy([("window", .string("30d"))]).span == .seconds(30 * 86_400))
        #expect(try strategy([("window", .integer(7))]).span == .runs(7))
        #expect(DurationText.seconds("6h") == 21_600 && DurationText.seconds("2w") == 1_209_600 && DurationText.seconds("30m") == 1_800)
        #expect(DurationText.seconds("1.5d") == nil && DurationText.seconds("d") == nil)
    }
}

extension Double {
    /// Relative tolerance 1e-12 (the computations are a handful of operations).
    func isApproximatelyEqual(to other: Double) -> Bool { abs(self - other) <= 1e-12 * max(1, abs(other)) }
}
