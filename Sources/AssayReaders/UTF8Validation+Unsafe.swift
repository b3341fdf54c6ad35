/// UTF-8 validation (Unicode 15, table 3-7: no overlongs, no surrogates, nothing above U+10FFFF),
/// for every reader: CSV also rejects NUL bytes, which no text column of a text file should hold;
/// Parquet and PostgreSQL strings may hold NUL. ASCII runs are skipped eight bytes at a time.
public enum UTF8Validation {
    /// Whether `bytes` are valid UTF-8 (NUL allowed or not).
    public static func isValid(_ bytes: UnsafeRawBufferPointer, allowingNUL: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        // SAFETY: reads bytes only, within `bytes`.
        return firstProblem(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count),
                            rejectingNUL: !allowingNUL) == nil
    }

    enum Problem: Equatable {
        case invalid(offset: Int)
        case nul(offset: Int)

        var offset: Int {
            switch self {
            case .invalid(let offset), .nul(let offset): offset
            }
        }
    }

    static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>, rejectingNUL: Bool = true) -> Problem? {
        guard let p = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(p + index).loadUnaligned(as: UInt64.self)
                let zeroBytes = rejectingNUL ? ~(((word & low7) &+ low7) | word | low7) : 0
                if word & high == 0, zeroBytes == 0 {
                    index += 8
                    continue
                }
            }
            let lead = p[index]
            if lead == 0, rejectingNUL { return .nul(offset: index) }
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return .invalid(offset: index)
            }
            guard index + length <= count else { return .invalid(offset: index) }
            let second = p[index + 1]
            guard second >= lower, second <= upper else { return .invalid(offset: index) }
            for continuation in 2..<length where p[index + continuation] & 0xC0 != 0x80 {
                return .invalid(offset: index)
            }
            index += length
        }
        return nil
    }
}
