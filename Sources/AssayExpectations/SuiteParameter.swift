import AssayColumns
import AssayMetrics
import Foundation

/// GX suite parameters in a kwarg: `{"$PARAMETER": "<expression>"}`, evaluated when the suite is
/// read. The expressions GX suites use for dates are supported: `now()`, `datetime(y, m, d[, H,
/// M, S])`, either one plus or minus `timedelta(weeks=…, days=…, hours=…, minutes=…, seconds=…)`,
/// where each amount may be a product of integers (`52*100`). The value is an ISO-8601 timestamp
/// (UTC, naive, as GX's `datetime.now()` on a UTC host).
enum SuiteParameter {
    static let key = "$PARAMETER"

    static func evaluate(_ expression: String, now: Date = Date()) -> String? {
        let text = expression.replacingOccurrences(of: " ", with: "")
        var base: Int64
        var rest: Substring
        if text.hasPrefix("now()") {
            base = Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down))
            rest = text.dropFirst("now()".count)
        } else if text.hasPrefix("datetime("), let close = text.firstIndex(of: ")") {
            let fields = text[text.index(text.startIndex, offsetBy: "datetime(".count)..<close].split(separator: ",").compactMap { Int($0) }
            guard fields.count >= 3 else { return nil }
            let padded = fields + [0, 0, 0].suffix(6 - fields.count)
            let days = Int64(CivilCalendar.daysFromCivil(year: padded[0], month: padded[1], day: padded[2]))
            base = days * 86_400_000_000 + Int64(padded[3] * 3600 + padded[4] * 60 + padded[5]) * 1_000_000
            rest = text[text.index(after: close)...]
        } else {
            return nil
        }
        if !rest.isEmpty {
            guard let sign = rest.first, sign == "+" || sign == "-", rest.dropFirst().hasPrefix("timedelta("), rest.hasSuffix(")") else { return nil }
            let arguments = rest.dropFirst().dropFirst("timedelta(".count).dropLast()
            var micros: Int64 = 0
            for argument in arguments.split(separator: ",") {
                let parts = argument.split(separator: "=")
                guard parts.count == 2 else { return nil }
                let factors = parts[1].split(separator: "*").compactMap { Int64($0) }
                guard !factors.isEmpty, factors.count == parts[1].split(separator: "*").count else { return nil }
                let amount = factors.reduce(1, *)
                let unit: Int64? = switch parts[0] {
                case "weeks": 7 * 86_400_000_000
                case "days": 86_400_000_000
                case "hours": 3_600_000_000
                case "minutes": 60_000_000
                case "seconds": 1_000_000
                default: nil
                }
                guard let unit else { return nil }
                micros += amount * unit
            }
            base += sign == "-" ? -micros : micros
        }
        return CellValue.isoTimestamp(microseconds: base)
    }
}
