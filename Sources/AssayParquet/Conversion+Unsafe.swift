import AssayColumns
import AssayReaders

/// Decoded values of one page (or dictionary) as the physical type lays them out: fixed-width
/// little-endian values (`width` bytes each), or byte arrays as spans
/// `base[offsets[i] + gap ..< offsets[i + 1]]`.
struct ValueSource {
    let base: UnsafePointer<UInt8>
    /// Bytes per value when fixed-width; 0 for byte arrays.
    let width: Int
    let offsets: UnsafePointer<Int>?
    let gap: Int

    static func fixed(_ base: UnsafeRawPointer, width: Int) -> ValueSource {
        ValueSource(base: base.assumingMemoryBound(to: UInt8.self), width: width, offsets: nil, gap: 0)
    }

    static func variable(_ base: UnsafeRawPointer, offsets: UnsafePointer<Int>, gap: Int) -> ValueSource {
        ValueSource(base: base.assumingMemoryBound(to: UInt8.self), width: 0, offsets: offsets, gap: gap)
    }

    /// Start and end of value `index` in `base`.
    @inline(__always)
    func span(_ index: Int) -> (start: Int, end: Int) {
        if let offsets { return (offsets[index] + gap, offsets[index + 1]) }
        return (index * width, index * width + width)
    }

    @inline(__always)
    func load<T: FixedWidthInteger>(_ index: Int, as: T.Type) -> T {
        T(littleEndian: UnsafeRawPointer(base + index * width).loadUnaligned(as: T.self))
    }
}

/// A value too large for its column's type: the column must be read as float64.
struct NeedsWidening: Error {}

/// Growable output bytes for string columns, filled with raw copies (no per-value bookkeeping).
final class ByteBuilder {
    private let buffer = ScratchBuffer(capacity: 1 << 16)
    private(set) var count = 0

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > buffer.capacity { _ = buffer.grow(to: count + length, keeping: count) }
        (buffer.pointer + count).copyMemory(from: source, byteCount: length)
        count += length
    }

    func reset() {
        buffer.shrink(ifAbove: 64 << 20)
        count = 0
    }

    func array() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { target, initialized in
            if count > 0, let base = target.baseAddress { base.initialize(from: buffer.pointer.assumingMemoryBound(to: UInt8.self), count: count) }
            initialized = count
        }
    }
}

/// The loops that turn physical values into Assay values, one per (physical type, conversion)
/// pair, each over `count` values starting at value `first` of a source.
enum Convert {
    static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Julian day number of 1970-01-01.
    static let julianDayOfEpoch: Int64 = 2_440_588

    /// Values to `Int64` (int64, date and timestamp columns).
    static func toInt64(
        _ source: ValueSource, physical: PhysicalType, conversion: ValueConversion, first: Int, count: Int,
        into out: UnsafeMutablePointer<Int64>
    ) throws {
        if let problem = integers(source, physical: physical, conversion: conversion, first: first, count: count, into: out) { throw problem }
    }

    /// `toInt64` without throwing: returns the problem instead. (Swift 6.3 in release mode
    /// miscompiled the throwing form of these switches: callers caught garbage errors.)
    private static func integers(
        _ source: ValueSource, physical: PhysicalType, conversion: ValueConversion, first: Int, count: Int,
        into out: UnsafeMutablePointer<Int64>
    ) -> (any Error)? {
        switch (physical, conversion) {
        case (.int32, .int32), (.int32, .date):
            for index in 0..<count { out[index] = Int64(source.load(first + index, as: Int32.self)) }
        case (.int32, .uint32):
            for index in 0..<count { out[index] = Int64(source.load(first + index, as: UInt32.self)) }
        case (.int64, .int64), (.int64, .timestamp(.micros)):
            (UnsafeMutableRawPointer(out)).copyMemory(from: source.base + first * 8, byteCount: count * 8)
        case (.int64, .uint64):
            var high: UInt64 = 0
            for index in 0..<count {
                let value = source.load(first + index, as: UInt64.self)
                high |= value
                out[index] = Int64(bitPattern: value)
            }
            if high >> 63 != 0 { return NeedsWidening() }
        case (.int64, .timestamp(.millis)):
            for index in 0..<count {
                let (value, overflow) = source.load(first + index, as: Int64.self).multipliedReportingOverflow(by: 1000)
                if overflow { return DecodeError("a TIMESTAMP(MILLIS) value is beyond what microseconds can hold") }
                out[index] = value
            }
        case (.int64, .timestamp(.nanos)):
            for index in 0..<count { out[index] = floorDivide(source.load(first + index, as: Int64.self), 1000) }
        case (.int96, .int96Timestamp):
            for index in 0..<count {
                let base = UnsafeRawPointer(source.base + (first + index) * 12)
                let nanoseconds = Int64(littleEndian: base.loadUnaligned(as: Int64.self))
                let julianDay = Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
                // As Spark reads INT96: a signed Julian day and wrapping arithmetic.
                out[index] = (julianDay &- julianDayOfEpoch) &* microsecondsPerDay &+ floorDivide(nanoseconds, 1000)
            }
        default:
            return DecodeError("cannot read \(physical) values as \(conversion)")
        }
        return nil
    }

    /// Values to `Double` (float64 columns, and integer columns widened to float64).
    static func toDouble(
        _ source: ValueSource, physical: PhysicalType, conversion: ValueConversion, first: Int, count: Int,
        into out: UnsafeMutablePointer<Double>
    ) throws {
        if let problem = doubles(source, physical: physical, conversion: conversion, first: first, count: count, into: out) { throw problem }
    }

    /// `toDouble` without throwing: returns the problem instead (see `integers`).
    private static func doubles(
        _ source: ValueSource, physical: PhysicalType, conversion: ValueConversion, first: Int, count: Int,
        into out: UnsafeMutablePointer<Double>
    ) -> DecodeError? {
        switch (physical, conversion) {
        case (.double, .float64):
            (UnsafeMutableRawPointer(out)).copyMemory(from: source.base + first * 8, byteCount: count * 8)
        case (.float, .float32):
            for index in 0..<count { out[index] = Double(Float(bitPattern: source.load(first + index, as: UInt32.self))) }
        case (.int32, .int32):
            for index in 0..<count { out[index] = Double(source.load(first + index, as: Int32.self)) }
        case (.int32, .uint32):
            for index in 0..<count { out[index] = Double(source.load(first + index, as: UInt32.self)) }
        case (.int64, .int64):
            for index in 0..<count { out[index] = Double(source.load(first + index, as: Int64.self)) }
        case (.int64, .uint64):
            for index in 0..<count { out[index] = Double(source.load(first + index, as: UInt64.self)) }
        case (.int32, .decimal(let scale)):
            let divisor = powerOfTen(scale)
            for index in 0..<count { out[index] = Double(source.load(first + index, as: Int32.self)) / divisor }
        case (.int64, .decimal(let scale)):
            let divisor = powerOfTen(scale)
            for index in 0..<count { out[index] = Double(source.load(first + index, as: Int64.self)) / divisor }
        case (.byteArray, .decimal(let scale)), (.fixedLenByteArray, .decimal(let scale)):
            let divisor = powerOfTen(scale)
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                out[index] = bigEndianTwosComplement(source.base + start, end - start) / divisor
            }
        case (.fixedLenByteArray, .float16):
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                guard end - start == 2 else { return DecodeError("a FLOAT16 value is \(end - start) bytes, not 2") }
                out[index] = halfToDouble(UInt16(source.base[start]) | UInt16(source.base[start + 1]) << 8)
            }
        default:
            return DecodeError("cannot read \(physical) values as \(conversion)")
        }
        return nil
    }

    static func toBool(_ source: ValueSource, first: Int, count: Int, into out: UnsafeMutablePointer<Bool>) {
        for index in 0..<count { out[index] = source.base[first + index] != 0 }
    }

    /// Values to strings: appends bytes to `bytes` and writes the end offset of value `i` to
    /// `ends[i]`. Returns the index of the first value that is not valid UTF-8 (`.utf8` only), or nil.
    static func toStrings(
        _ source: ValueSource, physical: PhysicalType, conversion: ValueConversion, first: Int, count: Int,
        bytes: ByteBuilder, ends: UnsafeMutablePointer<Int>
    ) throws -> Int? {
        switch conversion {
        case .utf8:
            var problem: Int?
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                let value = source.base + start
                if problem == nil, !UTF8Text.isValid(value, end - start) { problem = index }
                bytes.append(value, end - start)
                ends[index] = bytes.count
            }
            return problem
        case .textOrHex:
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                let value = source.base + start
                if UTF8Text.isValid(value, end - start) {
                    bytes.append(value, end - start)
                } else {
                    appendHex(value, end - start, to: bytes)
                }
                ends[index] = bytes.count
            }
        case .hex:
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                appendHex(source.base + start, end - start, to: bytes)
                ends[index] = bytes.count
            }
        case .uuid:
            for index in 0..<count {
                let (start, end) = source.span(first + index)
                guard end - start == 16 else { throw DecodeError("a UUID value is \(end - start) bytes, not 16") }
                appendUUID(source.base + start, to: bytes)
                ends[index] = bytes.count
            }
        case .time(let unit):
            for index in 0..<count {
                let raw = physical == .int32 ? Int64(source.load(first + index, as: Int32.self)) : source.load(first + index, as: Int64.self)
                let microseconds: Int64
                switch unit {
                case .millis:
                    let (value, overflow) = raw.multipliedReportingOverflow(by: 1000)
                    microseconds = overflow ? -1 : value
                case .micros: microseconds = raw
                case .nanos: microseconds = floorDivide(raw, 1000)
                }
                guard microseconds >= 0, microseconds <= microsecondsPerDay else {
                    throw DecodeError("a TIME value (\(raw) \(unit)) is outside 00:00:00...24:00:00")
                }
                appendTime(microseconds, to: bytes)
                ends[index] = bytes.count
            }
        default:
            throw DecodeError("cannot read \(physical) values as \(conversion)")
        }
        return nil
    }

    // MARK: Helpers

    @inline(__always)
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// 10^scale (exact up to 10^22, so the quotient of an exact unscaled value is correctly rounded).
    static func powerOfTen(_ scale: Int32) -> Double {
        var result = 1.0
        for _ in 0..<min(abs(Int(scale)), 400) { result *= 10 }
        return scale >= 0 ? result : 1 / result
    }

    /// A big-endian two's complement integer of any length, as the nearest double (exact up to 2^53).
    static func bigEndianTwosComplement(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double {
        guard count > 0 else { return 0 }
        if count <= 8 {
            var value = Int64(Int8(bitPattern: bytes[0]))
            for index in 1..<count { value = value << 8 | Int64(bytes[index]) }
            return Double(value)
        }
        var value = Double(Int8(bitPattern: bytes[0]))
        for index in 1..<count { value = value * 256 + Double(bytes[index]) }
        return value
    }

    /// IEEE 754 binary16 to double (subnormals, infinities and NaN included).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign = bits >> 15 == 0 ? 1.0 : -1.0
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendHex(_ value: UnsafePointer<UInt8>, _ count: Int, to bytes: ByteBuilder) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 + 2 * count) { text in
            // SAFETY: the allocation holds 2 + 2 × count bytes and exactly that many are written.
            let text = text.baseAddress!
            text[0] = UInt8(ascii: "0")
            text[1] = UInt8(ascii: "x")
            for index in 0..<count {
                text[2 + 2 * index] = hexDigits[Int(value[index] >> 4)]
                text[3 + 2 * index] = hexDigits[Int(value[index] & 0xF)]
            }
            bytes.append(text, 2 + 2 * count)
        }
    }

    static func appendUUID(_ value: UnsafePointer<UInt8>, to bytes: ByteBuilder) {
        var text = [UInt8]()
        text.reserveCapacity(36)
        for index in 0..<16 {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(value[index] >> 4)])
            text.append(hexDigits[Int(value[index] & 0xF)])
        }
        text.withUnsafeBufferPointer { bytes.append($0.baseAddress!, 36) }
    }

    /// `HH:MM:SS`, plus `.ffffff` when the microseconds are not zero.
    static func appendTime(_ microseconds: Int64, to bytes: ByteBuilder) {
        let seconds = microseconds / 1_000_000
        let fraction = microseconds % 1_000_000
        var text: [UInt8] = []
        func two(_ value: Int64) {
            text.append(UInt8(48 + value / 10))
            text.append(UInt8(48 + value % 10))
        }
        two(seconds / 3600)
        text.append(UInt8(ascii: ":"))
        two(seconds / 60 % 60)
        text.append(UInt8(ascii: ":"))
        two(seconds % 60)
        if fraction != 0 {
            text.append(UInt8(ascii: "."))
            var divisor: Int64 = 100_000
            while divisor > 0 {
                text.append(UInt8(48 + fraction / divisor % 10))
                divisor /= 10
            }
        }
        text.withUnsafeBufferPointer { bytes.append($0.baseAddress!, $0.count) }
    }
}

/// UTF-8 as every reader validates it (`UTF8Validation`); NUL is valid here: Parquet strings may hold it.
enum UTF8Text {
    @inline(__always)
    static func isValid(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        UTF8Validation.isValid(UnsafeRawBufferPointer(start: bytes, count: count), allowingNUL: true)
    }
}
