import Foundation

/// Wall-clock timing of repeated runs. The median, not the mean or the minimum: the two cores are
/// shared with other work (PLATFORM.md), and the median ignores one slow or one lucky run.
enum Timing {
    static let defaultRepeatCount = 3

    /// Runs `body` `repeatCount` times; returns the median seconds and the last run's result.
    static func medianSeconds<Result, Failure: Error>(
        repeatCount: Int, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> (seconds: Double, result: Result) {
        precondition(repeatCount > 0, "at least one run")
        let clock = ContinuousClock()
        var seconds: [Double] = []
        func timedRun() throws(Failure) -> Result {
            let start = clock.now
            let result = try body()
            seconds.append(start.duration(to: clock.now) / .seconds(1))
            return result
        }
        var result = try timedRun()
        for _ in 1..<repeatCount { result = try timedRun() }
        seconds.sort()
        let middle = seconds.count / 2
        let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
        return (median, result)
    }
}

/// One number a benchmark produced, printed as a JSON line for scripts (run.sh reads them).
struct Measurement {
    /// Dotted, lower-case, without spaces: `csv-ingest.workers-2.mb-per-s`.
    var bench: String
    var value: Double
    var unit: String

    var jsonLine: String {
        // Names and units are ours (never from the data), so they need no escaping.
        assert(!bench.contains("\"") && !unit.contains("\""), "bench names and units are plain text")
        return #"{"bench": "\#(bench)", "value": \#(value), "unit": "\#(unit)"}"#
    }
}

/// `value` with `decimals` digits after the point.
func fixed(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
