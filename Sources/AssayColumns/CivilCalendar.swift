/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's `days_from_civil`).
public enum CivilCalendar {
    /// First day of each month of 1900–2155 (the years data mostly holds), as days since 1970:
    /// the reader looks dates up here instead of computing them (`daysFromCivil` beyond).
    @usableFromInline static let firstYear = 1900
    public static let monthStarts: [Int32] = (0..<(256 * 12)).map { index in
        Int32(daysFromCivil(year: firstYear + index / 12, month: index % 12 + 1, day: 1))
    }

    /// `daysFromCivil` through the table for 1900–2155; month 1...12 and day 1...31 checked by the caller.
    @inlinable
    public static func daysFromCivilFast(year: Int, month: Int, day: Int) -> Int {
        monthStarts.withUnsafeBufferPointer { daysFromCivilFast(year: year, month: month, day: day, monthStarts: $0) }
    }

    /// The same with the table passed in: a hot loop fetches `monthStarts` once (each access to
    /// a lazily made static goes through `swift_once`).
    @inlinable @inline(__always)
    public static func daysFromCivilFast(year: Int, month: Int, day: Int, monthStarts: UnsafeBufferPointer<Int32>) -> Int {
        let index = (year - firstYear) * 12 + month - 1
        guard year >= firstYear, index < monthStarts.count else { return daysFromCivil(year: year, month: month, day: day) }
        return Int(monthStarts[index]) + day - 1
    }

    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
