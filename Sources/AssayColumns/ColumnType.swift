/// The logical types Assay stores. Names are part of the profile JSON format: keep them.
///
/// Physical storage:
/// - `float64`: `Double`
/// - `int64`: `Int64`
/// - `bool`: one byte per value (0 or 1)
/// - `date`: `Int64` days since 1970-01-01
/// - `timestamp`: `Int64` microseconds since 1970-01-01T00:00:00Z (UTC)
/// - `string`: UTF-8 bytes with `Int` offsets
public enum ColumnType: String, Sendable, Hashable, Codable, CaseIterable {
    case float64
    case int64
    case bool
    case date
    case timestamp
    case string

    /// Numeric columns get moments and take part in correlations.
    public var isNumeric: Bool { self == .float64 || self == .int64 }
}

/// One column of a `Schema`.
public struct Field: Sendable, Hashable, Codable {
    public var name: String
    public var type: ColumnType

    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// Column names and types, in source order.
public struct Schema: Sendable, Hashable, Codable {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }
    public var names: [String] { fields.map(\.name) }

    /// Index of the column called `name`, or nil.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}
