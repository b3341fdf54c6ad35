import AssayColumns
import AssayReaders
import Foundation

/// A fresh folder under the system temp folder, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "assay-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Data(text.utf8)) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String { write(name, Data(bytes)) }

    @discardableResult
    func write(_ name: String, _ data: Data) -> String {
        let file = (path as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: file, contents: data)
        return file
    }
}

/// Every value as text (nil for null), row by row, for comparing with expected tables.
func rows(of batches: [Batch]) -> [[String?]] {
    var result: [[String?]] = []
    for batch in batches {
        for row in 0..<batch.rowCount {
            result.append(batch.columns.map { text(of: $0, row: row) })
        }
    }
    return result
}

func text(of column: Column, row: Int) -> String? {
    switch column {
    case .float64(let c): c[row].map { "\($0)" }
    case .int64(let c), .date(let c), .timestamp(let c): c[row].map { "\($0)" }
    case .bool(let c): c[row].map { "\($0)" }
    case .string(let c): c[row]
    }
}

/// Reads a whole file with one worker.
func read(_ path: String, _ options: CSVOptions = CSVOptions()) throws -> (schema: Schema, rows: [[String?]]) {
    let (schema, batches) = try CSVReader(path: path, options: options).readAll()
    return (schema, rows(of: batches))
}

/// The reader error `body` throws, or nil.
func readerError(_ body: () throws -> Void) -> ReaderError? {
    do {
        try body()
        return nil
    } catch let error as ReaderError {
        return error
    } catch {
        return nil
    }
}

/// The shared test corpus (`ASSAY_SHARED_DIR`, default `../shared` beside the package), or nil.
enum SharedFiles {
    static var directory: String? {
        let fromEnvironment = ProcessInfo.processInfo.environment["ASSAY_SHARED_DIR"]
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
        for candidate in [fromEnvironment, beside].compactMap({ $0 }) where FileManager.default.fileExists(atPath: candidate + "/corpus") {
            return candidate
        }
        return nil
    }
}

/// Runs `command` with /bin/sh; returns its exit status.
func shell(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
