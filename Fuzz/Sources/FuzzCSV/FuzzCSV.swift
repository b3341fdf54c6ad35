import AssayReaders
import Foundation

/// libFuzzer entry: the bytes as a CSV file, read to the end with type inference and widening
/// (the reader takes paths, so each input is written to a file in memory-backed /dev/shm).
/// Errors are fine; a crash, a trap, a hang or an ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, suffix: ".csv")
    do {
        let reader = try CSVReader(path: path)
        _ = try reader.scanWidening(workerCount: 2, makeState: { _ in 0 }) { rows, batch in rows += batch.rowCount }
    } catch {}
    return 0
}

enum FuzzFile {
    /// One file per process, rewritten for every input.
    static func write(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
        let path = "/dev/shm/assay-fuzz-\(getpid())\(suffix)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
        return path
    }
}
