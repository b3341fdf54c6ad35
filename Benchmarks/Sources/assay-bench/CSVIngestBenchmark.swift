import AssayReaders
import Foundation

/// A full parse of a CSV file into typed columns, as `assay profile` does before any metric:
/// opening (delimiter, header, type inference) plus one widening scan on `workerCount` threads.
/// Each worker only counts rows, so the time is the reader's alone.
struct CSVIngestBenchmark {
    var path: String
    var workerCount: Int
    var repeatCount: Int

    func run() throws {
        // Throughput is over the bytes on disk (decimal MB, 10⁶ bytes), as PLATFORM.md quotes it.
        let byteCount = try Self.byteCount(path)
        let (seconds, rowCount) = try Timing.medianSeconds(repeatCount: repeatCount) { () throws -> Int in
            try Self.parse(path: path, workerCount: workerCount)
        }
        let megabytesPerSecond = Double(byteCount) / 1e6 / seconds
        let perCore = megabytesPerSecond / Double(workerCount)
        print("csv-ingest \(path): \(rowCount) rows, \(byteCount) bytes, \(workerCount) worker\(workerCount == 1 ? "" : "s")")
        print("  median of \(repeatCount): \(fixed(seconds, 3)) s = \(fixed(megabytesPerSecond, 1)) MB/s total, \(fixed(perCore, 1)) MB/s per core")
        let prefix = "csv-ingest.workers-\(workerCount)"
        for measurement in [
            Measurement(bench: "\(prefix).seconds", value: seconds, unit: "s"),
            Measurement(bench: "\(prefix).mb-per-s", value: megabytesPerSecond, unit: "MB/s"),
            Measurement(bench: "\(prefix).mb-per-s-per-core", value: perCore, unit: "MB/s"),
        ] {
            print(measurement.jsonLine)
        }
    }

    /// The size on disk; checked before timing so a wrong path fails at once.
    static func byteCount(_ path: String) throws -> Int {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw UsageError("cannot read \(path): \(error.localizedDescription)")
        }
        guard let byteCount = (attributes[.size] as? NSNumber)?.intValue, byteCount > 0 else {
            throw UsageError("\(path) is empty")
        }
        return byteCount
    }

    /// Rows in the file, counted batch by batch on every worker.
    static func parse(path: String, workerCount: Int) throws -> Int {
        let reader = try CSVReader(path: path)
        let (_, rowCounts) = try reader.scanWidening(workerCount: workerCount, makeState: { _ in 0 }) { rowCount, batch in
            rowCount += batch.rowCount
        }
        return rowCounts.reduce(0, +)
    }
}
