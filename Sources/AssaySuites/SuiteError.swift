/// A suite that cannot run: where (file, line, which expectation) and what to change.
public struct SuiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// 1-based position and type of the expectation at fault, when one is.
    public var expectation: (index: Int, type: String)?
    public var message: String

    public init(file: String, line: Int?, expectation: (index: Int, type: String)? = nil, message: String) {
        self.file = file
        self.line = line
        self.expectation = expectation
        self.message = message
    }

    public static func == (lhs: SuiteError, rhs: SuiteError) -> Bool { lhs.description == rhs.description }

    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let expectation { place += ", expectation \(expectation.index) (\(expectation.type))" }
        return "\(place): \(message)"
    }
}

/// "Did you mean" by edit distance (Levenshtein), for misspelt names.
public enum Suggestion {
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= max(2, word.count / 4), best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// " (did you mean "x"?)" for the closest candidate by edit distance (case ignored), or "".
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }
}
