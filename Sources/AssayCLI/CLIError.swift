import AssayReaders

/// Exit codes, as DESIGN.md fixes them for every command.
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// validate: an error-severity expectation failed; compare: drift found.
    case failed = 1
    case usage = 2
    case unreadableData = 3
    /// An output file could not be written (disk full, no permission).
    case outputFailed = 4
}

/// An error the CLI reports as one line on stderr with its exit code.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    public var exitCode: ExitCode
    public var message: String

    public init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message }
}

#if canImport(Glibc)
import Glibc
#endif
import AssayProfiles
import Foundation

extension CLIError {
    /// Writes an output whole or not at all (`AtomicFile`); a failure is exit 4 naming the file,
    /// what it was, and the system's reason. `-` is standard output (as `--json -`).
    static func write(_ data: Data, to path: String, what: String = "it") throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw CLIError(.outputFailed, "\(path): cannot write \(what): \(reason(error))")
        }
    }

    /// Why a file operation failed, in the system's words ("Not a directory", "Permission denied")
    /// rather than Foundation's generic "The operation could not be completed".
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
