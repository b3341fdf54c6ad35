import AssayReaders
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoders for PostgreSQL's binary send formats (`src/backend/utils/adt/*.c`, `*send` functions):
/// network byte order, lengths checked by the caller against the buffer before any load.
enum BinaryValues {
    @inline(__always)
    static func int16(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int16 {
        assert(offset >= 0 && offset + 2 <= bytes.count, "caller checked the length")
        return Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }

    @inline(__always)
    static func int32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        assert(offset >= 0 && offset + 4 <= bytes.count, "caller checked the length")
        return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    @inline(__always)
    static func int64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int64 {
        assert(offset >= 0 && offset + 8 <= bytes.count, "caller checked the length")
        return Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }

    // MARK: numeric

    /// `numeric_send`: int16 digit count, int16 weight (of the first digit, in powers of 10000),
    /// uint16 sign, int16 display scale, then base-10000 digits (each 0…9999), most significant first.
    /// value = ±Σ digit[i] · 10000^(weight − i).
    ///
    /// Rounded once to the nearest double: exactly (Clinger's fast path) when the digits fit 2^53 and
    /// the power of ten is at most 22 away, else through `strtod` on the decimal text.
    static func numeric(_ bytes: UnsafeRawBufferPointer) -> Result<Double, FieldProblem> {
        guard bytes.count >= 8 else { return .failure(.malformed("a numeric value of \(bytes.count) bytes (at least 8)")) }
        let digitCount = Int(int16(bytes, at: 0))
        let weight = Int(int16(bytes, at: 2))
        let sign = UInt16(bitPattern: int16(bytes, at: 4))
        switch sign {
        case 0xC000: return .success(.nan)
        case 0xD000: return .success(.infinity)
        case 0xF000: return .success(-.infinity)
        case 0x0000, 0x4000: break
        default: return .failure(.malformed("a numeric value with sign 0x\(String(sign, radix: 16))"))
        }
        guard digitCount >= 0, bytes.count == 8 + 2 * digitCount else {
            return .failure(.malformed("a numeric value of \(bytes.count) bytes for \(digitCount) digits"))
        }
        let negative = sign == 0x4000
        var mantissa: UInt64 = 0
        var fitsExactly = true
        for index in 0..<digitCount {
            let digit = int16(bytes, at: 8 + 2 * index)
            guard digit >= 0, digit < 10_000 else { return .failure(.malformed("a numeric digit \(digit) outside 0…9999")) }
            if mantissa > (1 << 53) / 10_000 { fitsExactly = false }
            mantissa = mantissa &* 10_000 &+ UInt64(digit)
        }
        if digitCount == 0 { return .success(0) }
        let exponent = 4 * (weight - (digitCount - 1))
        if fitsExactly, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            let magnitude = exponent >= 0 ? Double(mantissa) * exactPowersOfTen[exponent] : Double(mantissa) / exactPowersOfTen[-exponent]
            return .success(negative ? -magnitude : magnitude)
        }
        return .success(numericThroughText(bytes, digitCount: digitCount, exponent: exponent, negative: negative))
    }

    /// 10^0 … 10^22: every one is a double exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The digits as `[-]DDDD…e<exponent>` for `strtod`, which rounds correctly.
    private static func numericThroughText(_ bytes: UnsafeRawBufferPointer, digitCount: Int, exponent: Int, negative: Bool) -> Double {
        var text: [CChar] = []
        text.reserveCapacity(4 * digitCount + 16)
        if negative { text.append(CChar(UInt8(ascii: "-"))) }
        for index in 0..<digitCount {
            let digit = Int(int16(bytes, at: 8 + 2 * index))
            for divisor in [1000, 100, 10, 1] {
                text.append(CChar(UInt8(ascii: "0") + UInt8(digit / divisor % 10)))
            }
        }
        text.append(CChar(UInt8(ascii: "e")))
        text.append(contentsOf: String(exponent).utf8.map { CChar($0) })
        text.append(0)
        return strtod(text, nil)
    }

    // MARK: uuid

    /// `uuid_send`: 16 bytes; the canonical text is lower-case hex in groups 8-4-4-4-12.
    static func appendUUIDText(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        assert(bytes.count == 16, "caller checked the length")
        let hex = Array("0123456789abcdef".utf8)
        for index in 0..<16 {
            if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
            output.append(hex[Int(bytes[index] >> 4)])
            output.append(hex[Int(bytes[index] & 0x0F)])
        }
    }

    // MARK: UTF-8

    /// Whether `bytes` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    /// The server converts text to the client encoding (UTF8), so this only fails for a broken server
    /// or a `SQL_ASCII` database holding other bytes.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool { UTF8Validation.isValid(bytes, allowingNUL: true) }
}

/// What is wrong with one field's bytes.
enum FieldProblem: Error, Equatable {
    case malformed(String)
    case infinity(String)
    case outOfRange(String)
    case invalidUTF8

    var describe: String {
        switch self {
        case .malformed(let what): "the server sent \(what)"
        case .infinity(let value): "holds \(value), which Assay cannot store"
        case .outOfRange(let what): "holds \(what)"
        case .invalidUTF8: "holds bytes that are not valid UTF-8"
        }
    }

    var hint: String? {
        switch self {
        case .infinity: "turn it into NULL in a --query, e.g. SELECT NULLIF(NULLIF(col, 'infinity'), '-infinity') AS col"
        case .invalidUTF8: "a SQL_ASCII database holding another encoding? convert it with convert_from(col::bytea, 'LATIN1') in a --query"
        case .malformed: "is this a PostgreSQL server? report it with the server's version"
        case .outOfRange: nil
        }
    }
}
