import AssayColumns

/// A problem with an expectation's arguments, found before any data is read.
public struct ArgumentError: Error, Sendable, Equatable {
    /// The keyword at fault, when one is.
    public var key: String?
    public var message: String

    public init(_ key: String?, _ message: String) {
        self.key = key
        self.message = message
    }
}

/// The keyword arguments of one expectation as the suite wrote them, with typed accessors that
/// say exactly what is wrong.
public struct Arguments: Sendable {
    public let values: [(key: String, value: JSONValue)]

    public init(_ values: [(key: String, value: JSONValue)]) { self.values = values }

    public subscript(key: String) -> JSONValue? {
        values.first { $0.key == key }.flatMap { $0.value.isNull ? nil : $0.value }
    }

    public func contains(_ key: String) -> Bool { values.contains { $0.key == key } }

    public func string(_ key: String) throws(ArgumentError) -> String {
        guard let value = self[key] else { throw ArgumentError(key, "is required") }
        guard let text = value.string else { throw ArgumentError(key, "must be a string, not \(value.compact)") }
        return text
    }

    public func optionalString(_ key: String) throws(ArgumentError) -> String? {
        guard self[key] != nil else { return nil }
        return try string(key)
    }

    public func number(_ key: String) throws(ArgumentError) -> Double {
        guard let value = self[key] else { throw ArgumentError(key, "is required") }
        guard let number = value.number else { throw ArgumentError(key, "must be a number, not \(value.compact)") }
        return number
    }

    public func optionalNumber(_ key: String) throws(ArgumentError) -> Double? {
        guard self[key] != nil else { return nil }
        return try number(key)
    }

    public func integer(_ key: String) throws(ArgumentError) -> Int {
        let value = try number(key)
        guard value == value.rounded(), abs(value) < 9e15 else { throw ArgumentError(key, "must be an integer, not \(value)") }
        return Int(value)
    }

    public func optionalInteger(_ key: String) throws(ArgumentError) -> Int? {
        guard self[key] != nil else { return nil }
        return try integer(key)
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(ArgumentError) -> Bool {
        guard let value = self[key] else { return defaultValue }
        guard case .bool(let flag) = value else { throw ArgumentError(key, "must be true or false, not \(value.compact)") }
        return flag
    }

    public func list(_ key: String) throws(ArgumentError) -> [JSONValue] {
        guard let value = self[key] else { throw ArgumentError(key, "is required") }
        guard let items = value.array else { throw ArgumentError(key, "must be a list, not \(value.compact)") }
        return items
    }

    public func stringList(_ key: String) throws(ArgumentError) -> [String] {
        try list(key).map { item throws(ArgumentError) in
            guard let text = item.string else { throw ArgumentError(key, "must hold strings, not \(item.compact)") }
            return text
        }
    }

    /// `mostly`: the share of non-missing rows that must pass, in [0, 1]; default 1.
    public func mostly() throws(ArgumentError) -> Double {
        guard let value = try optionalNumber("mostly") else { return 1 }
        guard value >= 0, value <= 1 else { throw ArgumentError("mostly", "must be between 0 and 1, not \(value)") }
        return value
    }

    /// A bound that may be a number, an ISO date/timestamp string or a suite parameter that
    /// evaluates to one (`SuiteParameter`); nil when absent or null.
    public func bound(_ key: String) throws(ArgumentError) -> JSONValue? {
        guard let value = self[key] else { return nil }
        switch value {
        case .integer, .double, .string: return value
        case .object(let members) where members.count == 1 && members[0].0 == SuiteParameter.key:
            guard let expression = members[0].1.string, let timestamp = SuiteParameter.evaluate(expression) else {
                throw ArgumentError(key, "cannot evaluate the suite parameter \(value.compact): supported are now(), datetime(…) and ± timedelta(…)")
            }
            return .string(timestamp)
        default: throw ArgumentError(key, "must be a number or a date string, not \(value.compact)")
        }
    }

    /// `min_value` ≤ `max_value` when both are numbers (or both strings).
    public func orderedBounds(_ minKey: String = "min_value", _ maxKey: String = "max_value") throws(ArgumentError) -> (JSONValue?, JSONValue?) {
        let low = try bound(minKey)
        let high = try bound(maxKey)
        if let a = low?.number, let b = high?.number, a > b {
            throw ArgumentError(minKey, "\(minKey) cannot be greater than \(maxKey) (\(a) > \(b))")
        }
        if let a = low?.string, let b = high?.string, a > b {
            throw ArgumentError(minKey, "\(minKey) cannot be greater than \(maxKey) (\"\(a)\" > \"\(b)\")")
        }
        return (low, high)
    }
}
