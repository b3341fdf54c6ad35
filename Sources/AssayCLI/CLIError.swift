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
