/// A contract that cannot be read or compiled: where (file, line) and what to change. The CLI
/// reports it as one line and exits 2, as it does for a bad suite.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { " line \($0)" } ?? ""): \(message)" }
}

/// Something in a contract that Assay keeps but does not check (an unknown field, a text or SQL
/// rule, an option no expectation covers): printed as a note, never an error.
public struct ContractNote: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String { "note: \(file)\(line.map { " line \($0)" } ?? ""): \(message)" }
}
