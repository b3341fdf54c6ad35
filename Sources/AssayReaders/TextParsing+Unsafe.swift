import AssayColumns
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for one field's bytes: integers, decimals, booleans, ISO-8601 dates and timestamps.
/// Each takes a pointer and a length into the source buffer and returns nil when the bytes are
/// not exactly a value of that type (no leading/trailing garbage is accepted).
enum TextParsing {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }

    /// Decimal Int64 with an optional sign; nil on overflow or any other byte.
    @inline(__always)
    static func parseInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            index = 1
            guard count > 1 else { return nil }
        }
        if count - index < 19 {
            // Up to 18 digits cannot overflow: no checks in the loop.
            var value: Int64 = 0
            while index < count {
                let digit = p[index] &- 48
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            return negative ? -value : value
        }
        var magnitude: UInt64 = 0
        while index < count {
            let digit = p[index] &- 48
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Exact powers of ten representable in a Double (10^0 … 10^22): Clinger's fast path.
    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Double from a decimal literal (`-12.5`, `.5`, `3e-7`, `inf`, `NaN`).
    ///
    /// Clinger (1990): when the decimal significand fits in 53 bits and the power of ten is at
    /// most 22, one IEEE multiply or divide of two exact values is correctly rounded. Other
    /// literals (long significands, large exponents) go to `strtod`, which is correctly rounded.
    @inline(__always)
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            index = 1
        }
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        while index < count, isDigit(p[index]) {
            if significantDigits < 19 {
                significand = significand &* 10 &+ UInt64(p[index] &- 48)
                if significand != 0 { significantDigits += 1 }
            } else {
                exponent += 1
                significantDigits += 1
            }
            sawDigit = true
            index += 1
        }
        if index < count, p[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, isDigit(p[index]) {
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(p[index] &- 48)
                    if significand != 0 { significantDigits += 1 }
                    exponent -= 1
                } else {
                    significantDigits += 1
                }
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else { return parseSpecial(p, count) }
        if index < count, p[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, p[index] == UInt8(ascii: "-") || p[index] == UInt8(ascii: "+") {
                exponentNegative = p[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < count else { return nil }
            var written = 0
            while index < count, isDigit(p[index]) {
                if written < 100_000 { written = written * 10 + Int(p[index] &- 48) }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }
        if significantDigits <= 19, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = exponent >= 0
                ? Double(significand) * powersOfTen[exponent]
                : Double(significand) / powersOfTen[-exponent]
            return negative ? -magnitude : magnitude
        }
        return parseWithStrtod(p, count)
    }

    /// The grammar was checked by the caller; `strtod` needs a NUL-terminated copy.
    static func parseWithStrtod(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count { buffer[index] = CChar(bitPattern: p[index]) }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            return end == buffer.baseAddress! + count ? value : nil
        }
    }

    /// `inf`, `infinity`, `nan` with an optional sign, any case.
    static func parseSpecial(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var index = 0
        var negative = false
        if count > 0, p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            index = 1
        }
        let rest = count - index
        guard rest == 3 || rest == 8 else { return nil }
        var word: [UInt8] = []
        word.reserveCapacity(rest)
        for offset in index..<count { word.append(p[offset] | 0x20) }
        switch word {
        case Array("inf".utf8), Array("infinity".utf8): return negative ? -.infinity : .infinity
        case Array("nan".utf8): return .nan
        default: return nil
        }
    }

    /// `true` / `false` in any case.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool? {
        if count == 4, p[0] | 0x20 == UInt8(ascii: "t"), p[1] | 0x20 == UInt8(ascii: "r"),
           p[2] | 0x20 == UInt8(ascii: "u"), p[3] | 0x20 == UInt8(ascii: "e") { return true }
        if count == 5, p[0] | 0x20 == UInt8(ascii: "f"), p[1] | 0x20 == UInt8(ascii: "a"),
           p[2] | 0x20 == UInt8(ascii: "l"), p[3] | 0x20 == UInt8(ascii: "s"), p[4] | 0x20 == UInt8(ascii: "e") { return false }
        return nil
    }

    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let digit = p[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// `YYYY-MM-DD` as days since 1970-01-01, nil for any other text or an impossible day.
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count == 10 else { return nil }
        return parseDatePrefix(p)
    }

    @inline(__always)
    static func parseDatePrefix(_ p: UnsafePointer<UInt8>) -> Int64? {
        CivilCalendar.monthStarts.withUnsafeBufferPointer { parseDatePrefix(p, monthStarts: $0) }
    }

    /// `YYYY-MM-DD` with the month table fetched once by the caller (a column's loop).
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>, _ count: Int, monthStarts: UnsafeBufferPointer<Int32>) -> Int64? {
        guard count == 10 else { return nil }
        return parseDatePrefix(p, monthStarts: monthStarts)
    }

    @inline(__always)
    static func parseDatePrefix(_ p: UnsafePointer<UInt8>, monthStarts: UnsafeBufferPointer<Int32>) -> Int64? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let year = digits(p, 0, 4), let month = digits(p, 5, 2), let day = digits(p, 8, 2),
              month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return Int64(CivilCalendar.daysFromCivilFast(year: year, month: month, day: day, monthStarts: monthStarts))
    }

    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A timestamp, or a date alone as its midnight (a timestamp column may hold both).
    @inline(__always)
    static func parseTimestampOrDate(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        if count == 10 { return parseDate(p, count).map { $0 * 86_400_000_000 } }
        return parseTimestamp(p, count)
    }

    /// ISO-8601 `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:MM]]` as microseconds since the
    /// epoch, UTC. No offset means UTC. Digits past microseconds are truncated, as in DuckDB.
    static func parseTimestamp(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count >= 16, let days = parseDatePrefix(p), p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " ")
                || p[10] == UInt8(ascii: "t"),
              let hour = digits(p, 11, 2), p[13] == UInt8(ascii: ":"), let minute = digits(p, 14, 2),
              hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var micros = 0
        if index < count, p[index] == UInt8(ascii: ":") {
            guard index + 3 <= count, let s = digits(p, index + 1, 2), s < 60 else { return nil }
            second = s
            index += 3
            if index < count, p[index] == UInt8(ascii: ".") || p[index] == UInt8(ascii: ",") {
                index += 1
                var fractionDigits = 0
                while index < count, isDigit(p[index]) {
                    if fractionDigits < 6 { micros = micros * 10 + Int(p[index] &- 48) }
                    fractionDigits += 1
                    index += 1
                }
                guard fractionDigits > 0 else { return nil }
                for _ in min(fractionDigits, 6)..<6 { micros *= 10 }
            }
        }
        var offsetSeconds = 0
        if index < count {
            let sign = p[index]
            if sign | 0x20 == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard index + 3 <= count, let offsetHours = digits(p, index + 1, 2), offsetHours <= 18 else { return nil }
                index += 3
                var offsetMinutes = 0
                if index < count {
                    if p[index] == UInt8(ascii: ":") { index += 1 }
                    guard index + 2 <= count, let m = digits(p, index, 2), m < 60 else { return nil }
                    offsetMinutes = m
                    index += 2
                }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard index == count else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * 1_000_000 + Int64(micros)
    }
}

/// ISO-8601 dates and timestamps as the CSV reader reads them, for other layers (suite bounds).
public enum TimestampText {
    /// Microseconds since the epoch (UTC) of `YYYY-MM-DD` or an ISO-8601 timestamp; nil otherwise.
    public static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? { TextParsing.parseTimestampOrDate(p, count) }

    /// The same for a string (bounds in suites, pushed-down comparisons).
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeMutableBufferPointer { buffer in parse(UnsafePointer(buffer.baseAddress!), buffer.count) }
    }
}
