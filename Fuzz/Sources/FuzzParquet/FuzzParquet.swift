import AssayParquet
import AssayReaders
import Foundation

/// libFuzzer entry: the bytes as a Parquet file, footer parsed and every column read, with its
/// footer statistics and samples. Errors are fine; a crash, trap, hang or ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/dev/shm/assay-fuzz-\(getpid()).parquet"
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    do {
        let reader = try ParquetReader(path: path)
        _ = try reader.scanWidening(workerCount: 2, makeState: { _ in 0 }) { rows, batch in rows += batch.rowCount }
        if let first = reader.schema.fields.first {
            _ = try reader.samples(of: first.name, where: .present(column: first.name), limit: 5)
        }
    } catch {}
    return 0
}
