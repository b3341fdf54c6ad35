import AssayColumns
import AssayKernels
import Foundation

/// Single-core throughput of the kernels a metric pass spends its time in, on deterministic
/// synthetic data cut into batches of `Batch.rowCountMax` rows, as a reader delivers them.
struct KernelBenchmarks {
    /// TPC-H lineitem at scale factor 1 has 6,001,215 rows.
    static let defaultRowCount = 6_000_000
    /// The distinct input blocks of one kernel fill at least this many bytes, more than the
    /// 32 MiB last-level cache here, so batches come from memory as they would from a reader.
    /// Batches beyond the pool reuse its blocks in turn.
    static let inputPoolByteCountMin = 64 << 20
    static let missingFraction = 0.05
    static let coMomentWidths = [8, 20]

    var rowCount: Int
    var repeatCount: Int

    func run() {
        let batchCount = (rowCount + Batch.rowCountMax - 1) / Batch.rowCountMax
        print("kernels: \(rowCount) rows in \(batchCount) batches of up to \(Batch.rowCountMax) rows, one core, median of \(repeatCount)")
        var measurements: [Measurement] = []
        var checksum = 0.0

        let moments = timeMoments()
        report("moments (ofDense + merge)", bench: "kernels.moments", seconds: moments.seconds, into: &measurements)
        checksum += moments.result.mean + (moments.result.variance ?? 0)

        let missingPercent = Int((Self.missingFraction * 100).rounded())
        for width in Self.coMomentWidths {
            for hasMissingValues in [false, true] {
                let coMoments = timeCoMoments(width: width, hasMissingValues: hasMissingValues)
                let label = "co-moments k=\(width)" + (hasMissingValues ? ", \(missingPercent)% missing" : "")
                let bench = "kernels.co-moments-k\(width)" + (hasMissingValues ? "-missing-\(missingPercent)pct" : "")
                report(label, bench: bench, seconds: coMoments.seconds, into: &measurements)
                checksum += coMoments.result.count[0] + coMoments.result.pearson.reduce(0, +)
            }
        }
        // Printed so the optimiser must compute every result; equal across runs of one row count.
        print("checksum \(checksum)")
        for measurement in measurements { print(measurement.jsonLine) }
    }

    private func report(_ label: String, bench: String, seconds: Double, into measurements: inout [Measurement]) {
        let rowsPerSecond = Double(rowCount) / seconds
        let paddedLabel = label.padding(toLength: 30, withPad: " ", startingAt: 0)
        print("  \(paddedLabel) \(fixed(seconds, 4)) s  \(fixed(rowsPerSecond / 1e6, 1)) M rows/s")
        measurements.append(Measurement(bench: "\(bench).rows-per-s", value: rowsPerSecond, unit: "rows/s"))
    }

    // MARK: Kernels

    private func timeMoments() -> (seconds: Double, result: MomentsState) {
        let batches = inputBatches(width: 1, hasMissingValues: false)
        return Timing.medianSeconds(repeatCount: repeatCount) {
            var total = MomentsState.empty
            for batch in batches {
                batch.values.withUnsafeBufferPointer { total.merge(MomentsState.ofDense($0)) }
            }
            return total
        }
    }

    private func timeCoMoments(width: Int, hasMissingValues: Bool) -> (seconds: Double, result: CoMomentState) {
        let batches = inputBatches(width: width, hasMissingValues: hasMissingValues)
        return Timing.medianSeconds(repeatCount: repeatCount) {
            var total = CoMomentState(dimension: width)
            for batch in batches {
                batch.values.withUnsafeBufferPointer { values in
                    if let present = batch.present {
                        present.withUnsafeBufferPointer { total.update(values: values, present: $0, rows: batch.rowCount) }
                    } else {
                        total.update(values: values, present: nil, rows: batch.rowCount)
                    }
                }
            }
            return total
        }
    }

    // MARK: Inputs

    /// A rows × width block, column-major; `present` marks the values a reader found (1) or not (0).
    struct InputBatch {
        var rowCount: Int
        var values: [Double]
        var present: [Double]?
    }

    /// `rowCount` rows as full batches drawn in turn from a pool of distinct blocks, then one
    /// shorter last batch. Arrays are copy-on-write, so reused blocks share their storage.
    private func inputBatches(width: Int, hasMissingValues: Bool) -> [InputBatch] {
        var generator = SplitMix64(seed: UInt64(width) << 1 | (hasMissingValues ? 1 : 0))
        let fullBatchCount = rowCount / Batch.rowCountMax
        let lastRowCount = rowCount % Batch.rowCountMax
        let blockByteCount = Batch.rowCountMax * width * MemoryLayout<Double>.stride * (hasMissingValues ? 2 : 1)
        let poolCount = min(fullBatchCount, (Self.inputPoolByteCountMin + blockByteCount - 1) / blockByteCount)
        let pool = (0..<poolCount).map { _ in
            Self.makeBatch(rowCount: Batch.rowCountMax, width: width, hasMissingValues: hasMissingValues, using: &generator)
        }
        var batches = (0..<fullBatchCount).map { pool[$0 % poolCount] }
        if lastRowCount > 0 {
            batches.append(Self.makeBatch(rowCount: lastRowCount, width: width, hasMissingValues: hasMissingValues, using: &generator))
        }
        return batches
    }

    private static func makeBatch(rowCount: Int, width: Int, hasMissingValues: Bool, using generator: inout SplitMix64) -> InputBatch {
        // The kernels' speed does not depend on the values; [0, 1000) keeps them well scaled.
        let values = (0..<(rowCount * width)).map { _ in generator.nextUnit() * 1000 }
        let present = hasMissingValues
            ? (0..<(rowCount * width)).map { _ in generator.nextUnit() < missingFraction ? 0.0 : 1.0 }
            : nil
        return InputBatch(rowCount: rowCount, values: values, present: present)
    }
}
