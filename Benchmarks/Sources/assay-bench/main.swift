import AssayColumns
import Foundation

// Top-level code runs on the main actor; the timed work lives in the nonisolated functions of the
// other files (PLATFORM.md: hot loops called from main.swift belong in nonisolated functions).

let usage = """
    usage: assay-bench csv-ingest FILE [--workers N] [--repeat R]
           assay-bench kernels [--rows N] [--repeat R]
    Prints one line per measurement for people, then one JSON line per measurement:
    {"bench": NAME, "value": NUMBER, "unit": UNIT}
    """

do {
    var arguments = CommandLineArguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.takeCommand() {
    case "csv-ingest":
        // Options first, so an option's value is never taken for FILE.
        let workerCount = try arguments.takeCount("--workers") ?? Parallel.processorCount
        let repeatCount = try arguments.takeCount("--repeat") ?? Timing.defaultRepeatCount
        let path = try arguments.takePositional(named: "FILE")
        try arguments.expectNoneLeft()
        try CSVIngestBenchmark(path: path, workerCount: workerCount, repeatCount: repeatCount).run()
    case "kernels":
        let rowCount = try arguments.takeCount("--rows") ?? KernelBenchmarks.defaultRowCount
        let repeatCount = try arguments.takeCount("--repeat") ?? Timing.defaultRepeatCount
        try arguments.expectNoneLeft()
        KernelBenchmarks(rowCount: rowCount, repeatCount: repeatCount).run()
    case let command:
        throw UsageError(command.map { "unknown command \"\($0)\"" } ?? "no command given")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("assay-bench: \(error.message)\n\(usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("assay-bench: \(error)\n".utf8))
    exit(3)
}
