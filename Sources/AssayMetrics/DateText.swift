import Foundation
import AssayColumns

/// Whether text reads as a date or timestamp in the common shapes python-dateutil's `parse`
/// accepts (not its whole, fuzzy grammar): ISO-8601; three numbers separated by `/`, `-` or `.`
/// (year first when it has four digits, else month/day/year or day/month/year, whichever is a
/// real day); a month name with a day and a year in any order (`Jan 01 1970`, `1 January 2020`,
/// `January 1, 2020`); each optionally followed by `HH:MM[:SS[.fraction]]` and `AM`/`PM`.
enum DateText {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func isDate(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ISOInstant.parse(trimmed) != nil { return true }
        var tokens = trimmed.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !tokens.isEmpty else { return false }
        if let last = tokens.last, last == "am" || last == "pm" { tokens.removeLast() }
        if let last = tokens.last, last.contains(":") {
            guard isTime(last) else { return false }
            tokens.removeLast()
        }
        if tokens.count == 1 { return isNumericDate(tokens[0]) }
        if tokens.count == 3 { return isNamedDate(tokens) }
        return false
    }

    private static func isTime(_ token: String) -> Bool {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        guard let hour = Int(parts[0]), hour < 24, let minute = Int(parts[1]), minute < 60 else { return false }
        if parts.count == 3 {
            let seconds = parts[2].split(separator: ".", maxSplits: 1)
            guard let second = seconds.first.flatMap({ Int($0) }), second < 60 else { return false }
            if seconds.count == 2, Int(seconds[1]) == nil { return false }
        }
        return true
    }

    private static func isNumericDate(_ token: String) -> Bool {
        for separator: Character in ["/", "-", "."] {
            let parts = token.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && Int($0) != nil }) else { continue }
            let numbers = parts.compactMap { Int($0) }
            if parts[0].count == 4 { return isDay(year: numbers[0], month: numbers[1], day: numbers[2]) }
            let year = parts[2].count <= 2 ? 2000 + numbers[2] : numbers[2]
            return isDay(year: year, month: numbers[0], day: numbers[1]) || isDay(year: year, month: numbers[1], day: numbers[0])
        }
        return false
    }

    private static func isNamedDate(_ tokens: [String]) -> Bool {
        guard let monthIndex = tokens.firstIndex(where: { token in months.contains { token.hasPrefix($0) } && token.count >= 3 }) else { return false }
        guard let month = months.firstIndex(where: { tokens[monthIndex].hasPrefix($0) }) else { return false }
        let numbers = tokens.indices.filter { $0 != monthIndex }.compactMap { Int(tokens[$0]) }
        guard numbers.count == 2 else { return false }
        return isDay(year: numbers[1], month: month + 1, day: numbers[0]) || isDay(year: numbers[0], month: month + 1, day: numbers[1])
    }

    private static func isDay(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= length
    }
}
