extension SQLValue {
    /// Array type OIDs (`pg_type.dat`) whose elements `decode` reads.
    static let arrayTypeOIDs: Set<UInt32> = [
        199, 1000, 1003, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1115, 1182, 1185, 1231, 2951, 3807,
    ]
    /// Elements of an array result, at most (a result row is bounded by the server's 1 GiB anyway).
    static let arrayElementCountMax = 1 << 24

    /// One non-null binary result value of type `typeOID` (see the type mapping on `SQLValue`).
    static func decode(_ bytes: UnsafeRawBufferPointer, typeOID: UInt32) throws(FieldProblem) -> SQLValue {
        if arrayTypeOIDs.contains(typeOID) { return try decodeArray(bytes) }
        if typeOID == FieldDecoder.OID.char {
            // `"char"`: one raw byte (catalog flags such as typtype).
            guard BinaryValues.isValidUTF8(bytes) else { throw .invalidUTF8 }
            return .text(String(decoding: bytes, as: UTF8.self))
        }
        guard let decoder = FieldDecoder(oid: typeOID) else {
            throw .malformed("a value of type OID \(typeOID), which Assay does not read in binary (cast it to text in the SQL)")
        }
        var builder = ColumnBuilder(decoder: decoder, rowCapacity: 1)
        try builder.append(bytes)
        let column = builder.finish()
        switch column {
        case .int64(let values), .date(let values), .timestamp(let values): return .int(values.values[0])
        case .float64(let values):
            if decoder == .numeric, let whole = numericInteger(bytes) { return .int(whole) }
            return .double(values.values[0])
        case .bool(let values): return .bool(values.values[0])
        case .string(let values): return .text(values[0] ?? "")
        }
    }

    /// A numeric that is a whole number fitting `Int64`, read exactly from its digits (a double is
    /// exact only to 2^53); nil for fractions, NaN, infinities and larger numbers. The caller decoded
    /// the value already, so the layout is known to be sound.
    private static func numericInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let digitCount = Int(BinaryValues.int16(bytes, at: 0))
        let weight = Int(BinaryValues.int16(bytes, at: 2))
        let sign = UInt16(bitPattern: BinaryValues.int16(bytes, at: 4))
        guard sign == 0x0000 || sign == 0x4000 else { return nil }
        func digit(_ index: Int) -> Int64 { index < digitCount ? Int64(BinaryValues.int16(bytes, at: 8 + 2 * index)) : 0 }
        // Digits after the units group are the fraction.
        for index in max(weight + 1, 0)..<max(digitCount, weight + 1) where digit(index) != 0 { return nil }
        guard weight >= 0 else { return 0 }
        var value: Int64 = 0
        for index in 0...weight {
            let (scaled, overflowed) = value.multipliedReportingOverflow(by: 10_000)
            let (sum, overflowedAgain) = scaled.addingReportingOverflow(sign == 0x4000 ? -digit(index) : digit(index))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
        }
        return value
    }

    /// `array_send`: int32 dimensions, int32 has-nulls flag, uint32 element type, per dimension
    /// (int32 length, int32 lower bound), then per element an int32 length (-1: NULL) and its bytes.
    /// One dimension only (or none: the empty array).
    private static func decodeArray(_ bytes: UnsafeRawBufferPointer) throws(FieldProblem) -> SQLValue {
        guard bytes.count >= 12 else { throw .malformed("an array of \(bytes.count) bytes") }
        let dimensions = Int(BinaryValues.int32(bytes, at: 0))
        let elementOID = UInt32(bitPattern: BinaryValues.int32(bytes, at: 8))
        // Elements are scalars (more dimensions are dimensions, not nesting): this also bounds recursion.
        guard !arrayTypeOIDs.contains(elementOID) else { throw .malformed("an array whose elements are arrays") }
        if dimensions == 0 { return .array([]) }
        guard dimensions == 1 else { throw .malformed("an array of \(dimensions) dimensions (Assay reads one)") }
        guard bytes.count >= 20 else { throw .malformed("an array header of \(bytes.count) bytes") }
        let count = Int(BinaryValues.int32(bytes, at: 12))
        guard count >= 0, count <= arrayElementCountMax else { throw .malformed("an array of \(count) elements") }
        var elements: [SQLValue] = []
        var position = 20
        for _ in 0..<count {
            guard bytes.count - position >= 4 else { throw .malformed("an array cut short") }
            let length = Int(BinaryValues.int32(bytes, at: position))
            position += 4
            if length == -1 {
                elements.append(.null)
                continue
            }
            guard length >= 0, length <= bytes.count - position else { throw .malformed("an array element of \(length) bytes") }
            elements.append(try decode(UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]), typeOID: elementOID))
            position += length
        }
        guard position == bytes.count else { throw .malformed("\(bytes.count - position) bytes after an array's last element") }
        return .array(elements)
    }
}
