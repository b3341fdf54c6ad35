/// A mistake on the command line: the message names it, the caller prints the usage after it.
struct UsageError: Error {
    var message: String

    init(_ message: String) { self.message = message }
}

/// The arguments after the program name, consumed piece by piece so that anything left over
/// (a misspelt option, a stray value) is reported instead of silently ignored.
struct CommandLineArguments {
    private var remaining: [String]

    init(_ arguments: [String]) { remaining = arguments }

    mutating func takeCommand() -> String? {
        remaining.isEmpty ? nil : remaining.removeFirst()
    }

    /// The first argument that is not an option.
    mutating func takePositional(named name: String) throws -> String {
        guard let index = remaining.firstIndex(where: { !$0.hasPrefix("--") }) else {
            throw UsageError("missing \(name)")
        }
        return remaining.remove(at: index)
    }

    /// The positive integer after `option` (`--rows 6_000_000` and `--rows 6000000` both work),
    /// or nil when the option is absent.
    mutating func takeCount(_ option: String) throws -> Int? {
        guard let index = remaining.firstIndex(of: option) else { return nil }
        guard index + 1 < remaining.count else { throw UsageError("\(option) needs a value") }
        let text = remaining[index + 1]
        guard let value = Int(text.filter { $0 != "_" && $0 != "," }), value > 0 else {
            throw UsageError("\(option) takes a positive whole number, found \"\(text)\"")
        }
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    func expectNoneLeft() throws {
        if let unexpected = remaining.first { throw UsageError("unexpected argument \"\(unexpected)\"") }
    }
}
