import AssayColumns
#if canImport(Glibc)
import Glibc
#endif

/// A `RowExpression` bound to a schema: one closure per node, each computing a whole batch
/// column (a flat buffer and its validity) from its operands' columns. The per-row loops are
/// specialised per operator and kind, so a row costs no dynamic dispatch; a node costs one
/// closure call and one buffer per batch.
struct CompiledExpression: Sendable {
    enum Kind: String, Sendable {
        case number, text, instant, truth, null

        var shown: String {
            switch self {
            case .number: "a number"
            case .text: "a text"
            case .instant: "a date or timestamp"
            case .truth: "true or false"
            case .null: "null"
            }
        }
    }

    let kind: Kind
    let evaluate: @Sendable (Batch) -> ExpressionVector

    /// Truth value per row (0 false, 1 null, 2 true) of a truth-valued expression.
    static func compileCondition(_ expression: RowExpression, schema: Schema) throws(MetricError) -> @Sendable (Batch) -> [UInt8] {
        let compiled: CompiledExpression
        do throws(ExpressionError) {
            compiled = try compile(expression.root, schema: schema)
            guard compiled.kind == .truth || compiled.kind == .null else {
                throw ExpressionError(column: 1, message: "the condition is \(compiled.kind.shown), not true or false (add a comparison)")
            }
        } catch {
            throw MetricError("condition \(error)")
        }
        return { batch in
            switch compiled.evaluate(batch) {
            case .truth(let values): values
            default: [UInt8](repeating: Truth.unknown, count: batch.rowCount)
            }
        }
    }

    static func compile(_ node: RowExpression.Node, schema: Schema) throws(ExpressionError) -> CompiledExpression {
        switch node {
        case .column(let name, let at):
            guard let index = schema.index(of: name) else {
                throw ExpressionError(column: at, message: "no column \"\(name)\" (columns: \(schema.names.prefix(20).joined(separator: ", ")))")
            }
            return column(index, type: schema.fields[index].type)
        case .number(let value):
            return CompiledExpression(kind: .number) { .number([Double](repeating: value, count: $0.rowCount), valid: nil) }
        case .text(let text, _):
            let bytes = Array(text.utf8)
            return CompiledExpression(kind: .text) { .text(.constant(bytes), count: $0.rowCount) }
        case .instant(let micros, _):
            return CompiledExpression(kind: .instant) { .instant([Int64](repeating: micros, count: $0.rowCount), valid: nil) }
        case .truth(let flag):
            return CompiledExpression(kind: .truth) { .truth([UInt8](repeating: flag ? Truth.yes : Truth.no, count: $0.rowCount)) }
        case .null:
            return CompiledExpression(kind: .null) { .truth([UInt8](repeating: Truth.unknown, count: $0.rowCount)) }
        case .negate(let operand, let at):
            let x = try compile(operand, schema: schema)
            if x.kind == .null { return x }
            guard x.kind == .number else { throw ExpressionError(column: at, message: "\"-\" applies to a number, not \(x.kind.shown)") }
            return CompiledExpression(kind: .number) { batch in
                guard case .number(let values, let valid) = x.evaluate(batch) else { return .allNull(.number, batch.rowCount) }
                return .number(values.map { -$0 }, valid: valid)
            }
        case .not(let operand, let at):
            let x = try compile(operand, schema: schema)
            guard x.kind == .truth || x.kind == .null else { throw ExpressionError(column: at, message: "not applies to true or false, not \(x.kind.shown)") }
            return CompiledExpression(kind: .truth) { batch in
                guard case .truth(let values) = x.evaluate(batch) else { return .allNull(.truth, batch.rowCount) }
                return .truth(values.map { Truth.yes &- $0 })
            }
        case .logical(let isAnd, let left, let right):
            let a = try compile(left, schema: schema)
            let b = try compile(right, schema: schema)
            for side in [a, b] where side.kind != .truth && side.kind != .null {
                throw ExpressionError(column: node.column ?? 1, message: "\(isAnd ? "and" : "or") joins true or false values, not \(side.kind.shown)")
            }
            return CompiledExpression(kind: .truth) { batch in
                guard case .truth(let x) = a.evaluate(batch), case .truth(let y) = b.evaluate(batch) else { return .allNull(.truth, batch.rowCount) }
                // With false < null < true, SQL's `and` is the minimum and `or` the maximum.
                return .truth(isAnd ? zip(x, y).map { min($0, $1) } : zip(x, y).map { max($0, $1) })
            }
        case .isNull(let operand, let negated):
            let x = try compile(operand, schema: schema)
            return CompiledExpression(kind: .truth) { batch in
                let present = x.evaluate(batch).presence(rowCount: batch.rowCount)
                let (isTrue, isFalse) = negated ? (Truth.yes, Truth.no) : (Truth.no, Truth.yes)
                return .truth(present.map { $0 ? isTrue : isFalse })
            }
        case .arithmetic(let op, let left, let right, let at):
            let a = try compile(left, schema: schema)
            let b = try compile(right, schema: schema)
            if a.kind == .null || b.kind == .null { return CompiledExpression(kind: .number) { .allNull(.number, $0.rowCount) } }
            guard a.kind == .number, b.kind == .number else {
                throw ExpressionError(column: at, message: "\"\(op.rawValue)\" applies to numbers, not \(a.kind.shown) and \(b.kind.shown)")
            }
            return CompiledExpression(kind: .number) { batch in
                guard case .number(let x, let xValid) = a.evaluate(batch), case .number(let y, let yValid) = b.evaluate(batch) else {
                    return .allNull(.number, batch.rowCount)
                }
                return Arithmetic.apply(op, x, y, valid: ExpressionVector.both(xValid, yValid))
            }
        case .comparison(let op, let left, let right, let at):
            return try comparison(op, left, right, at: at, schema: schema)
        case .inList(let operand, let items, let negated, let at):
            return try membership(operand, items, negated: negated, at: at, schema: schema)
        case .function(let function, let operand, let at):
            let x = try compile(operand, schema: schema)
            if x.kind == .null { return CompiledExpression(kind: .number) { .allNull(.number, $0.rowCount) } }
            switch function {
            case .abs:
                guard x.kind == .number else { throw ExpressionError(column: at, message: "abs takes a number, not \(x.kind.shown)") }
                return CompiledExpression(kind: .number) { batch in
                    guard case .number(let values, let valid) = x.evaluate(batch) else { return .allNull(.number, batch.rowCount) }
                    return .number(values.map { Swift.abs($0) }, valid: valid)
                }
            case .length:
                guard x.kind == .text else { throw ExpressionError(column: at, message: "length takes a text, not \(x.kind.shown)") }
                return CompiledExpression(kind: .number) { batch in
                    guard case .text(let text, let count) = x.evaluate(batch) else { return .allNull(.number, batch.rowCount) }
                    return text.lengths(count: count)
                }
            }
        }
    }

    private static func column(_ index: Int, type: ColumnType) -> CompiledExpression {
        switch type {
        case .float64:
            return CompiledExpression(kind: .number) { batch in
                guard case .float64(let c) = batch.columns[index] else { return .allNull(.number, batch.rowCount) }
                // NaN is missing, as everywhere in Assay.
                let hasNaN = c.values.contains { $0.isNaN }
                guard c.validity.hasNulls || hasNaN else { return .number(c.values, valid: nil) }
                return .number(c.values, valid: (0..<c.count).map { c.validity.isValid($0) && !c.values[$0].isNaN })
            }
        case .int64:
            return CompiledExpression(kind: .number) { batch in
                guard case .int64(let c) = batch.columns[index] else { return .allNull(.number, batch.rowCount) }
                return .number(c.values.map { Double($0) }, valid: ExpressionVector.valid(c.validity))
            }
        case .date, .timestamp:
            let scale: Int64 = type == .date ? 86_400_000_000 : 1
            return CompiledExpression(kind: .instant) { batch in
                switch batch.columns[index] {
                case .date(let c), .timestamp(let c):
                    return .instant(scale == 1 ? c.values : c.values.map { $0 &* scale }, valid: ExpressionVector.valid(c.validity))
                default: return .allNull(.instant, batch.rowCount)
                }
            }
        case .bool:
            return CompiledExpression(kind: .truth) { batch in
                guard case .bool(let c) = batch.columns[index] else { return .allNull(.truth, batch.rowCount) }
                let hasNulls = c.validity.hasNulls
                return .truth((0..<c.count).map { row in
                    hasNulls && !c.validity.isValid(row) ? Truth.unknown : c.values[row] ? Truth.yes : Truth.no
                })
            }
        case .string:
            return CompiledExpression(kind: .text) { batch in
                guard case .string(let c) = batch.columns[index] else { return .allNull(.text, batch.rowCount) }
                return .text(.column(c), count: c.count)
            }
        }
    }

    /// Both sides of a comparison with the same kind: a text literal beside an instant is read
    /// as ISO-8601, a null literal makes every row null.
    private static func comparison(_ op: RowExpression.ComparisonOperator, _ left: RowExpression.Node, _ right: RowExpression.Node,
                                   at: Int, schema: Schema) throws(ExpressionError) -> CompiledExpression {
        var a = try compile(left, schema: schema)
        var b = try compile(right, schema: schema)
        if a.kind == .null || b.kind == .null { return CompiledExpression(kind: .truth) { .allNull(.truth, $0.rowCount) } }
        if a.kind == .instant, b.kind == .text { b = try instantLiteral(right, b) }
        if b.kind == .instant, a.kind == .text { a = try instantLiteral(left, a) }
        guard a.kind == b.kind else {
            throw ExpressionError(column: at, message: "\"\(op.rawValue)\" compares \(a.kind.shown) with \(b.kind.shown)")
        }
        let (x, y) = (a, b)
        return CompiledExpression(kind: .truth) { batch in
            Comparison.apply(op, x.evaluate(batch), y.evaluate(batch), rowCount: batch.rowCount)
        }
    }

    private static func instantLiteral(_ node: RowExpression.Node, _ compiled: CompiledExpression) throws(ExpressionError) -> CompiledExpression {
        guard case .text(let text, let at) = node else { return compiled }
        guard let micros = ISOInstant.parse(text) else { throw ExpressionError(column: at, message: "'\(text)' is not an ISO-8601 date or timestamp") }
        return CompiledExpression(kind: .instant) { .instant([Int64](repeating: micros, count: $0.rowCount), valid: nil) }
    }

    private static func membership(_ operand: RowExpression.Node, _ items: [RowExpression.Node], negated: Bool,
                                   at: Int, schema: Schema) throws(ExpressionError) -> CompiledExpression {
        let x = try compile(operand, schema: schema)
        let listHasNull = items.contains { $0 == .null }
        var numbers: Set<Double> = []
        var texts: Set<[UInt8]> = []
        var instants: Set<Int64> = []
        var truths: Set<UInt8> = []
        for item in items {
            switch (x.kind, item) {
            case (_, .null): continue
            case (.number, .number(let value)): numbers.insert(value == 0 ? 0 : value)
            case (.text, .text(let text, _)): texts.insert(Array(text.utf8))
            case (.instant, .instant(let micros, _)): instants.insert(micros)
            case (.instant, .text(let text, let column)):
                guard let micros = ISOInstant.parse(text) else { throw ExpressionError(column: column, message: "'\(text)' is not an ISO-8601 date or timestamp") }
                instants.insert(micros)
            case (.truth, .truth(let flag)): truths.insert(flag ? Truth.yes : Truth.no)
            case (.null, _): continue
            default:
                throw ExpressionError(column: at, message: "in compares \(x.kind.shown) with a list holding \(item.kindShown)")
            }
        }
        // On a match: true; otherwise null if the list holds null, else false (SQL); `not in` negates.
        let (numberSet, textSet, instantSet, truthSet) = (numbers, texts, instants, truths)
        let (hit, miss) = negated ? (Truth.no, listHasNull ? Truth.unknown : Truth.yes) : (Truth.yes, listHasNull ? Truth.unknown : Truth.no)
        return CompiledExpression(kind: .truth) { batch in
            let count = batch.rowCount
            switch x.evaluate(batch) {
            case .number(let values, let valid):
                return .truth(Truth.per(count, valid) { numberSet.contains(values[$0] == 0 ? 0 : values[$0]) ? hit : miss })
            case .instant(let values, let valid):
                return .truth(Truth.per(count, valid) { instantSet.contains(values[$0]) ? hit : miss })
            case .truth(let values):
                return .truth(values.map { $0 == Truth.unknown ? Truth.unknown : truthSet.contains($0) ? hit : miss })
            case .text(let text, _):
                return .truth(text.map(count: count) { bytes in
                    guard let bytes else { return Truth.unknown }
                    return textSet.contains(Array(bytes)) ? hit : miss
                })
            }
        }
    }
}

extension RowExpression.Node {
    /// Where the node stands in the text, when it knows.
    var column: Int? {
        switch self {
        case .column(_, let at), .text(_, let at), .negate(_, let at), .not(_, let at), .arithmetic(_, _, _, let at),
             .comparison(_, _, _, let at), .inList(_, _, _, let at), .function(_, _, let at): at
        case .logical(_, let a, _), .isNull(let a, _): a.column
        case .number, .instant, .truth, .null: nil
        }
    }

    var kindShown: String {
        switch self {
        case .number: "a number"
        case .text: "a text"
        case .instant: "a date or timestamp"
        case .truth: "true or false"
        default: "null"
        }
    }
}

/// Three-valued truth in a byte, ordered so that SQL's `and` is `min` and `or` is `max`.
enum Truth {
    static let no: UInt8 = 0
    static let unknown: UInt8 = 1
    static let yes: UInt8 = 2

    /// `value(row)` for valid rows, null for the others.
    @inline(__always)
    static func per(_ count: Int, _ valid: [Bool]?, _ value: (Int) -> UInt8) -> [UInt8] {
        guard let valid else { return (0..<count).map(value) }
        return (0..<count).map { valid[$0] ? value($0) : unknown }
    }
}

/// One node's result over a batch.
enum ExpressionVector {
    /// `valid` nil: every row holds a value.
    case number([Double], valid: [Bool]?)
    case instant([Int64], valid: [Bool]?)
    case text(TextVector, count: Int)
    case truth([UInt8])

    static func allNull(_ kind: CompiledExpression.Kind, _ count: Int) -> ExpressionVector {
        let none = [Bool](repeating: false, count: count)
        switch kind {
        case .number: return .number([Double](repeating: 0, count: count), valid: none)
        case .instant: return .instant([Int64](repeating: 0, count: count), valid: none)
        case .text: return .text(.column(StringColumn([String?](repeating: nil, count: count))), count: count)
        case .truth, .null: return .truth([UInt8](repeating: Truth.unknown, count: count))
        }
    }

    static func valid(_ validity: ValidityBitmap) -> [Bool]? {
        validity.hasNulls ? (0..<validity.count).map { validity.isValid($0) } : nil
    }

    static func both(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        return zip(a, b).map { $0 && $1 }
    }

    /// Whether each row holds a value.
    func presence(rowCount: Int) -> [Bool] {
        switch self {
        case .number(_, let valid), .instant(_, let valid): valid ?? [Bool](repeating: true, count: rowCount)
        case .truth(let values): values.map { $0 != Truth.unknown }
        case .text(let text, let count): text.map(count: count) { $0 != nil }
        }
    }
}

/// Text operands: a column's bytes, or one literal for every row.
enum TextVector {
    case column(StringColumn)
    case constant([UInt8])

    /// `body` of each row's bytes (nil when null), in row order.
    func map<T>(count: Int, _ body: (UnsafeRawBufferPointer?) -> T) -> [T] {
        switch self {
        case .constant(let bytes):
            let value = bytes.withUnsafeBytes { body($0) }
            return [T](repeating: value, count: count)
        case .column(let c):
            let hasNulls = c.validity.hasNulls
            return c.bytes.withUnsafeBytes { bytes in
                c.offsets.withUnsafeBufferPointer { offsets in
                    (0..<count).map { row in
                        if hasNulls && !c.validity.isValid(row) { return body(nil) }
                        // SAFETY: offsets are non-decreasing and end at bytes.count (StringColumn invariant).
                        return body(UnsafeRawBufferPointer(rebasing: bytes[offsets[row]..<offsets[row + 1]]))
                    }
                }
            }
        }
    }

    /// Lengths in Unicode code points (Python's `len`, SQL's `char_length`): bytes that do not
    /// continue a UTF-8 sequence.
    func lengths(count: Int) -> ExpressionVector {
        var valid: [Bool]? = nil
        if case .column(let c) = self, c.validity.hasNulls { valid = ExpressionVector.valid(c.validity) }
        let values = map(count: count) { bytes -> Double in
            guard let bytes else { return 0 }
            var length = 0
            for byte in bytes where byte & 0xC0 != 0x80 { length += 1 }
            return Double(length)
        }
        return .number(values, valid: valid)
    }
}

enum Arithmetic {
    static func apply(_ op: RowExpression.ArithmeticOperator, _ x: [Double], _ y: [Double], valid: [Bool]?) -> ExpressionVector {
        switch op {
        case .add: return .number(zip(x, y).map { $0 + $1 }, valid: valid)
        case .subtract: return .number(zip(x, y).map { $0 - $1 }, valid: valid)
        case .multiply: return .number(zip(x, y).map { $0 * $1 }, valid: valid)
        case .divide, .remainder:
            // Division by zero is null (SQL raises; a data check would rather count the row).
            let values = op == .divide ? zip(x, y).map { $0 / $1 } : zip(x, y).map { $1 == 0 ? 0 : $0.truncatingRemainder(dividingBy: $1) }
            let nonZero = y.map { $0 != 0 }
            return .number(values, valid: ExpressionVector.both(valid, nonZero))
        }
    }
}

enum Comparison {
    static func apply(_ op: RowExpression.ComparisonOperator, _ a: ExpressionVector, _ b: ExpressionVector, rowCount: Int) -> ExpressionVector {
        switch (a, b) {
        case (.number(let x, let xValid), .number(let y, let yValid)):
            return .truth(ordered(op, x, y, ExpressionVector.both(xValid, yValid)))
        case (.instant(let x, let xValid), .instant(let y, let yValid)):
            return .truth(ordered(op, x, y, ExpressionVector.both(xValid, yValid)))
        case (.truth(let x), .truth(let y)):
            return .truth(zip(x, y).map { p, q in
                p == Truth.unknown || q == Truth.unknown ? Truth.unknown : test(op, p < q ? -1 : p > q ? 1 : 0) ? Truth.yes : Truth.no
            })
        case (.text(let x, _), .text(let y, _)):
            return .truth(texts(op, x, y, count: rowCount))
        default:
            return .allNull(.truth, rowCount)
        }
    }

    /// One specialised loop per operator (the closure is inlined into each).
    static func ordered<T: Comparable>(_ op: RowExpression.ComparisonOperator, _ x: [T], _ y: [T], _ valid: [Bool]?) -> [UInt8] {
        switch op {
        case .equal: loop(x, y, valid) { $0 == $1 }
        case .notEqual: loop(x, y, valid) { $0 != $1 }
        case .less: loop(x, y, valid) { $0 < $1 }
        case .lessOrEqual: loop(x, y, valid) { $0 <= $1 }
        case .greater: loop(x, y, valid) { $0 > $1 }
        case .greaterOrEqual: loop(x, y, valid) { $0 >= $1 }
        }
    }

    @inline(__always)
    static func loop<T>(_ x: [T], _ y: [T], _ valid: [Bool]?, _ test: (T, T) -> Bool) -> [UInt8] {
        var result = [UInt8](repeating: Truth.unknown, count: x.count)
        if let valid {
            for row in 0..<x.count where valid[row] { result[row] = test(x[row], y[row]) ? Truth.yes : Truth.no }
        } else {
            for row in 0..<x.count { result[row] = test(x[row], y[row]) ? Truth.yes : Truth.no }
        }
        return result
    }

    @inline(__always)
    static func test(_ op: RowExpression.ComparisonOperator, _ order: Int) -> Bool {
        switch op {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }

    /// Byte order of UTF-8 texts, which is code point order.
    static func texts(_ op: RowExpression.ComparisonOperator, _ x: TextVector, _ y: TextVector, count: Int) -> [UInt8] {
        if case .constant(let literal) = y {
            return literal.withUnsafeBytes { right in x.map(count: count) { left in left.map { order($0, right, op) } ?? Truth.unknown } }
        }
        if case .constant(let literal) = x {
            return literal.withUnsafeBytes { left in y.map(count: count) { right in right.map { order(left, $0, op) } ?? Truth.unknown } }
        }
        // Two columns: the left texts copied once, then one pass over the right ones.
        let lefts: [[UInt8]?] = x.map(count: count) { $0.map { Array($0) } }
        var row = 0
        return y.map(count: count) { right -> UInt8 in
            defer { row += 1 }
            guard let right, let left = lefts[row] else { return Truth.unknown }
            return left.withUnsafeBytes { order($0, right, op) }
        }
    }

    @inline(__always)
    static func order(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ op: RowExpression.ComparisonOperator) -> UInt8 {
        let common = min(a.count, b.count)
        var result = common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common))
        if result == 0 { result = a.count < b.count ? -1 : a.count > b.count ? 1 : 0 }
        return test(op, result) ? Truth.yes : Truth.no
    }
}
