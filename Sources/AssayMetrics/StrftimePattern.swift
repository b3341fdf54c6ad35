import AssayColumns
import Foundation

/// Python's `datetime.strptime(text, format)` as a test: the whole text must match the format's
/// directives (with Python's own digit rules, e.g. `%m` is 1–12 with an optional leading zero)
/// and name a real calendar day (no 30 February).
public struct StrftimePattern: Sendable {
    /// Directives `strptime` reads, with the regular expression Python's `_strptime` uses.
    static let directives: [Character: String] = [
        "Y": #"(?<Y>\d\d\d\d)"#,
        "y": #"(?<y>\d\d)"#,
        "m": #"(?<m>1[0-2]|0[1-9]|[1-9])"#,
        "d": #"(?<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])"#,
        "H": #"(?<H>2[0-3]|[0-1]\d|\d)"#,
        "I": #"(?<I>1[0-2]|0[1-9]|[1-9])"#,
        "M": #"(?<M>[0-5]\d|\d)"#,
        "S": #"(?<S>6[0-1]|[0-5]\d|\d)"#,
        "f": #"(?<f>[0-9]{1,6})"#,
        "j": #"(?<j>36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])"#,
        "p": #"(?<p>am|pm)"#,
        "b": #"(?<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"#,
        "B": #"(?<B>january|february|march|april|may|june|july|august|september|october|november|december)"#,
        "a": #"(?:mon|tue|wed|thu|fri|sat|sun)"#,
        "A": #"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"#,
        "%": "%",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    // SAFETY: NSRegularExpression is immutable after creation and documented thread-safe.
    nonisolated(unsafe) let expression: NSRegularExpression

    /// Nil with the reason when the format holds a directive `strptime` does not read.
    public init(_ format: String) throws(MetricError) {
        var pattern = "^"
        var characters = format.makeIterator()
        while let character = characters.next() {
            if character == "%" {
                guard let directive = characters.next(), let regex = Self.directives[directive] else {
                    throw MetricError("Unable to use provided strftime_format \"\(format)\": strptime does not read every directive in it")
                }
                pattern += regex
            } else if character.isWhitespace {
                pattern += #"\s+"#
            } else {
                pattern += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        pattern += "$"
        do {
            expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            throw MetricError("Unable to use provided strftime_format \"\(format)\": a directive repeats")
        }
    }

    public func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range) else { return false }
        func group(_ name: String) -> String? {
            let groupRange = match.range(withName: name)
            guard groupRange.location != NSNotFound, let swiftRange = Range(groupRange, in: text) else { return nil }
            return text[swiftRange].trimmingCharacters(in: .whitespaces)
        }
        let year = group("Y").flatMap { Int($0) } ?? group("y").flatMap { Int($0) }.map { $0 < 69 ? 2000 + $0 : 1900 + $0 } ?? 1900
        let monthName = (group("b") ?? group("B")).map { String($0.lowercased().prefix(3)) }
        let month = group("m").flatMap { Int($0) } ?? monthName.flatMap { Self.monthNames.firstIndex(of: $0) }.map { $0 + 1 } ?? 1
        let day = group("d").flatMap { Int($0) } ?? 1
        // A real day: converting there and back gives the same date.
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let civil = CivilCalendar.civilFromDays(days)
        return civil.month == month && civil.day == day
    }
}
