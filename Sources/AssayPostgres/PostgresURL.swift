/// A `postgresql://` (or `postgres://`) URL with Assay's own `table` parameter taken out.
///
/// libpq itself parses what is left (`PQconninfoParse`), so hosts, ports, `sslmode` and every other
/// libpq parameter mean what libpq users expect; this type only finds the password (to keep it out of
/// `redacted` and out of messages) and the `table`.
struct PostgresURL: Sendable {
    /// The URL for messages: no password in the user part, no `password` or `sslpassword` parameter.
    let redacted: String
    /// The URL as given minus `table`: what libpq parses.
    let connectionURL: String
    /// The `table` parameter, percent-decoded; nil when absent (a `--query` source).
    let table: String?
    /// Every spelling of a secret in the URL (raw and percent-decoded), to scrub from messages.
    let secrets: [String]

    static let schemes = ["postgresql://", "postgres://"]
    /// Parameters whose values are secrets: never shown.
    static let secretParameters: Set<String> = ["password", "sslpassword"]

    init(_ url: String) throws(URLProblem) {
        guard let scheme = Self.schemes.first(where: { url.hasPrefix($0) }) else {
            throw URLProblem(message: "not a PostgreSQL URL: it must start with postgresql:// or postgres://")
        }
        var secrets: [String] = []
        let rest = url.dropFirst(scheme.count)
        // The user part ends at the last "@" before the parameters. libpq stops at the first "@" (or
        // "/"), but a password holding a raw "@" or "/" then makes libpq fail echoing pieces of it:
        // taking everything up to the last "@" keeps those pieces out of the name and the messages.
        let beforeParameters = rest.prefix { $0 != "?" }
        var afterUser = rest
        var redactedUser = ""
        if let at = beforeParameters.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                let password = String(userInfo[userInfo.index(after: colon)...])
                secrets.append(password)
                secrets.append(Self.percentDecoded(password))
                // libpq reports the pieces it took for host, port or database.
                let pieces: [Substring] = password.split(whereSeparator: { (character: Character) in character == "/" || character == "@" || character == ":" })
                secrets += pieces.filter { $0.count >= 2 && $0.count < password.count }.map(String.init)
                redactedUser = String(userInfo[..<colon]) + "@"
            } else {
                redactedUser = String(userInfo) + "@"
            }
            afterUser = rest[rest.index(after: at)...]
        }
        let hostAndPath = afterUser.prefix { $0 != "?" }
        var parameters: [(key: String, raw: Substring)] = []
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true) {
                let key = pair.firstIndex(of: "=").map { pair[..<$0] } ?? pair
                parameters.append((Self.percentDecoded(String(key)), pair))
            }
        }

        var table: String?
        var kept: [Substring] = []
        var shown: [Substring] = []
        for (key, pair) in parameters {
            let value = pair.firstIndex(of: "=").map { String(pair[pair.index(after: $0)...]) } ?? ""
            if key == "table" {
                guard table == nil else { throw URLProblem(message: "the URL names a table twice (table=…&table=…)") }
                table = Self.percentDecoded(value)
                shown.append(pair)
                continue
            }
            kept.append(pair)
            if Self.secretParameters.contains(key) {
                secrets.append(value)
                secrets.append(Self.percentDecoded(value))
            } else {
                shown.append(pair)
            }
        }
        if let table, table.isEmpty { throw URLProblem(message: "the table parameter is empty: write ?table=schema.name") }

        connectionURL = scheme + beforeParameters + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        self.table = table
        self.secrets = secrets.filter { !$0.isEmpty }
        redacted = scheme + redactedUser + hostAndPath + (shown.isEmpty ? "" : "?" + shown.joined(separator: "&"))
    }

    /// `%XX` sequences decoded as UTF-8 (as libpq does); a malformed sequence is kept as written.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a URL could not be understood (the message never holds the URL itself).
struct URLProblem: Error {
    var message: String
}

/// A schema-qualified relation name as SQL spells it: `schema.name`, `name`, `"Odd.Schema"."Name"`.
///
/// Unquoted parts are folded to lower case as PostgreSQL folds them; quoted parts are exact, with `""`
/// standing for one `"`. The dot splits only outside quotes.
public struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
    /// nil: resolved through the server's `search_path`.
    public var schema: String?
    public var name: String

    public init(schema: String?, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Parses `text`; fails with a reason when it is not one or two well-formed parts.
    public static func parse(_ text: String) -> Result<QualifiedName, QualifiedNameError> {
        var parts: [String] = []
        var current: [Character] = []
        var quoted = false
        var partWasQuoted = false
        var partHasText = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        characters.removeFirst()
                        current.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard !partHasText else { return .failure(QualifiedNameError(reason: "a quote may only start a name part: \(text)")) }
                quoted = true
                partWasQuoted = true
                partHasText = true
            case ".":
                guard partHasText else { return .failure(QualifiedNameError(reason: "an empty name part in \(text)")) }
                parts.append(String(current))
                current = []
                partWasQuoted = false
                partHasText = false
            default:
                guard !partWasQuoted else { return .failure(QualifiedNameError(reason: "text after a closing quote in \(text)")) }
                // PostgreSQL folds unquoted identifiers to lower case (ASCII letters only in UTF-8 databases).
                current.append(character.isASCII ? Character(character.lowercased()) : character)
                partHasText = true
            }
        }
        guard !quoted else { return .failure(QualifiedNameError(reason: "an unterminated quote in \(text)")) }
        guard partHasText else { return .failure(QualifiedNameError(reason: "an empty name part in \(text)")) }
        parts.append(String(current))
        switch parts.count {
        case 1: return .success(QualifiedName(schema: nil, name: parts[0]))
        case 2: return .success(QualifiedName(schema: parts[0], name: parts[1]))
        default:
            return .failure(QualifiedNameError(reason: "\(text) has \(parts.count) parts; write schema.name (the database is the URL's path)"))
        }
    }

    public var description: String {
        let dialect = PostgresDialect()
        return dialect.tableReference(self)
    }
}

public struct QualifiedNameError: Error, Sendable, Hashable {
    public var reason: String
}
