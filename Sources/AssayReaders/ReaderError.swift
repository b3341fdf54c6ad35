/// Why a source could not be read, and where.
///
/// `description` is the one line the CLI prints: the file, the line (1-based, physical lines
/// as an editor counts them), the column name when one is known, what went wrong and how to fix it.
public struct ReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case fileNotFound = "file_not_found"
        case ioError = "io_error"
        case empty
        case unterminatedQuote = "unterminated_quote"
        case raggedRow = "ragged_row"
        case invalidUTF8 = "invalid_utf8"
        case nulByte = "nul_byte"
        case recordTooLarge = "record_too_large"
        case duplicateColumn = "duplicate_column"
        case malformedQuote = "malformed_quote"
        case compression
        /// A Parquet file that is malformed or uses a feature Assay does not read.
        case parquet
        /// Parquet Modular Encryption: Assay holds no keys.
        case encrypted
        /// A database source: connection, SQL, permission, timeout or malformed server data.
        case database
    }

    public var code: Code
    public var file: String
    public var line: Int?
    public var column: String?
    public var message: String
    public var hint: String?

    public init(_ code: Code, file: String, line: Int? = nil, column: String? = nil, message: String, hint: String? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let column { place += ", column \"\(column)\"" }
        return "\(place): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
