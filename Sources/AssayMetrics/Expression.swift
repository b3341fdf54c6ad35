import AssayColumns

/// Assay's row expression language: what `expect_rows_to_satisfy`'s `condition`,
/// `row_condition` with `condition_parser: assay`, and dbt's `where` are written in. Parsed once
/// (syntax errors are suite errors, with the column of the problem), bound to a schema once per
/// pass (unknown columns and type mismatches then), evaluated a batch column at a time.
///
/// Grammar, loosest binding first (keywords in any case):
///
///     condition  := or
///     or         := and ("or" and)*
///     and        := not ("and" not)*
///     not        := "not" not | comparison
///     comparison := sum [("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") sum
///                        | "is" ["not"] "null" | ["not"] "in" "(" literal ("," literal)* ")"]
///     sum        := product (("+" | "-") product)*
///     product    := unary (("*" | "/" | "%") unary)*
///     unary      := "-" unary | primary
///     primary    := number | 'text' | "date" 'YYYY-MM-DD' | "timestamp" 'ISO-8601'
///                 | "true" | "false" | "null" | column | function "(" condition ")" | "(" condition ")"
///     column     := name | "quoted name" | `quoted name`
///     function   := "length" | "abs"
///
/// Texts are single-quoted (`''` is a quote inside one); double quotes and backticks name columns,
/// as in SQL. Values have four kinds: numbers (integer and float columns, as doubles: exact to
/// 2^53), texts, instants (date and timestamp columns, a date at midnight UTC; a text literal
/// compared with one is read as ISO-8601) and truth values (bool columns, comparisons).
///
/// Nulls follow SQL's three-valued logic: a comparison or arithmetic with a null (or NaN) is
/// null, `null and false` is false, `null or true` is true, `not null` is null; `x / 0` is
/// null; `x in (…)` is true on a match, else null if the list holds null, else false. Only
/// `is null` / `is not null` are never null. A row whose condition is *true* passes; false and
/// null rows are unexpected (a filter keeps only the true rows), as a SQL `WHERE` or `CHECK`
/// constraint with `NOT NULL` would.
public struct RowExpression: Hashable, Sendable, CustomStringConvertible {
    /// The condition as written.
    public let text: String
    let root: Node

    public var description: String { text }

    /// The columns the expression reads, in order of first mention.
    public var columns: [String] {
        var names: [String] = []
        root.visitColumns { if !names.contains($0) { names.append($0) } }
        return names
    }

    /// The longest expression read, in bytes; longer ones are refused (a suite keeps its
    /// conditions readable, and recursion depth stays bounded).
    public static let textLengthMax = 10_000
    /// Nesting depth beyond which parsing stops (parentheses, `not`s, unary minus).
    public static let depthMax = 200
    /// Operators and calls in one expression: binding and evaluation recurse over the tree (on
    /// worker threads, whose stacks are small), so a chain like `a + a + …` is bounded too.
    public static let operationCountMax = 1_000

    /// The parsed expression, or an error naming the 1-based column (character) of the problem.
    public static func parse(_ text: String) throws(ExpressionError) -> RowExpression {
        guard text.utf8.count <= textLengthMax else {
            throw ExpressionError(column: 1, message: "the expression is longer than \(textLengthMax) bytes")
        }
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(text))
        let root = try parser.parseCondition()
        guard parser.current.kind == .end else {
            throw ExpressionError(column: parser.current.column, message: "expected an operator or the end, found \(parser.current.shown)")
        }
        return RowExpression(text: text, root: root)
    }

    indirect enum Node: Hashable, Sendable {
        case column(String, at: Int)
        case number(Double)
        case text(String, at: Int)
        case instant(Int64, isDate: Bool)
        case truth(Bool)
        case null
        case negate(Node, at: Int)
        case not(Node, at: Int)
        case arithmetic(ArithmeticOperator, Node, Node, at: Int)
        case comparison(ComparisonOperator, Node, Node, at: Int)
        case logical(isAnd: Bool, Node, Node)
        case isNull(Node, negated: Bool)
        case inList(Node, [Node], negated: Bool, at: Int)
        case function(Function, Node, at: Int)

        func visitColumns(_ body: (String) -> Void) {
            switch self {
            case .column(let name, _): body(name)
            case .number, .text, .instant, .truth, .null: break
            case .negate(let x, _), .not(let x, _), .isNull(let x, _), .function(_, let x, _): x.visitColumns(body)
            case .arithmetic(_, let a, let b, _), .comparison(_, let a, let b, _), .logical(_, let a, let b):
                a.visitColumns(body)
                b.visitColumns(body)
            case .inList(let x, let items, _, _):
                x.visitColumns(body)
                for item in items { item.visitColumns(body) }
            }
        }
    }

    enum ArithmeticOperator: String, Hashable, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%" }
    enum ComparisonOperator: String, Hashable, Sendable { case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=" }
    enum Function: String, Hashable, Sendable, CaseIterable { case length, abs }
}

/// A problem in an expression: the 1-based character column and what is wrong there.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }
    public var description: String { "column \(column): \(message)" }
}

// MARK: Lexer

struct ExpressionToken: Sendable {
    enum Kind: Equatable, Sendable {
        case number(Double), text(String), name(String), quotedName(String), symbol(String), end
    }
    var kind: Kind
    var column: Int

    var shown: String {
        switch kind {
        case .number(let value): "the number \(value)"
        case .text(let text): "the text '\(text)'"
        case .name(let name): "\"\(name)\""
        case .quotedName(let name): "the column \"\(name)\""
        case .symbol(let symbol): "\"\(symbol)\""
        case .end: "the end"
        }
    }

    /// Whether the token is the (case-insensitive) keyword `word`.
    func isKeyword(_ word: String) -> Bool {
        if case .name(let name) = kind { return name.lowercased() == word }
        return false
    }
}

enum ExpressionLexer {
    static let symbols = ["==", "!=", "<>", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ","]

    static func tokens(_ text: String) throws(ExpressionError) -> [ExpressionToken] {
        let characters = Array(text)
        var tokens: [ExpressionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace { index += 1; continue }
            if character.isNumber && character.isASCII || (character == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber || characters[end] == "." { end += 1 }
                if end < characters.count, characters[end] == "e" || characters[end] == "E" {
                    var exponentEnd = end + 1
                    if exponentEnd < characters.count, characters[exponentEnd] == "+" || characters[exponentEnd] == "-" { exponentEnd += 1 }
                    if exponentEnd < characters.count, characters[exponentEnd].isNumber {
                        while exponentEnd < characters.count, characters[exponentEnd].isASCII, characters[exponentEnd].isNumber { exponentEnd += 1 }
                        end = exponentEnd
                    }
                }
                let literal = String(characters[index..<end])
                guard let value = Double(literal) else { throw ExpressionError(column: column, message: "\"\(literal)\" is not a number") }
                tokens.append(ExpressionToken(kind: .number(value), column: column))
                index = end
                continue
            }
            if character == "'" || character == "\"" || character == "`" {
                var value = ""
                var end = index + 1
                var closed = false
                while end < characters.count {
                    if characters[end] == character {
                        // A doubled quote is the quote itself.
                        if end + 1 < characters.count, characters[end + 1] == character { value.append(character); end += 2; continue }
                        closed = true
                        break
                    }
                    value.append(characters[end])
                    end += 1
                }
                guard closed else {
                    throw ExpressionError(column: column, message: character == "'" ? "the text is not closed (a ' is missing)" : "the quoted column name is not closed (a \(character) is missing)")
                }
                tokens.append(ExpressionToken(kind: character == "'" ? .text(value) : .quotedName(value), column: column))
                index = end + 1
                continue
            }
            if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                tokens.append(ExpressionToken(kind: .name(String(characters[index..<end])), column: column))
                index = end
                continue
            }
            let rest = String(characters[index..<min(index + 2, characters.count)])
            guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                throw ExpressionError(column: column, message: "unexpected character \"\(character)\"")
            }
            tokens.append(ExpressionToken(kind: .symbol(symbol), column: column))
            index += symbol.count
        }
        tokens.append(ExpressionToken(kind: .end, column: characters.count + 1))
        return tokens
    }
}

// MARK: Parser (recursive descent, one function per grammar rule)

struct ExpressionParser {
    typealias Node = RowExpression.Node
    let tokens: [ExpressionToken]
    var index = 0
    var depth = 0
    var operationCount = 0

    init(tokens: [ExpressionToken]) { self.tokens = tokens }

    var current: ExpressionToken { tokens[index] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    mutating func expect(_ symbol: String, _ what: String) throws(ExpressionError) {
        guard isSymbol(symbol) else { throw ExpressionError(column: current.column, message: "expected \(what), found \(current.shown)") }
        advance()
    }

    /// Counts one operator or call at the current token.
    mutating func operation() throws(ExpressionError) {
        operationCount += 1
        guard operationCount <= RowExpression.operationCountMax else {
            throw ExpressionError(column: current.column, message: "the expression has more than \(RowExpression.operationCountMax) operations")
        }
    }

    mutating func nested() throws(ExpressionError) {
        try operation()
        depth += 1
        guard depth <= RowExpression.depthMax else {
            throw ExpressionError(column: current.column, message: "the expression nests deeper than \(RowExpression.depthMax) levels")
        }
    }

    mutating func parseCondition() throws(ExpressionError) -> Node {
        var left = try parseAnd()
        while current.isKeyword("or") {
            try operation()
            advance()
            left = .logical(isAnd: false, left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(ExpressionError) -> Node {
        var left = try parseNot()
        while current.isKeyword("and") {
            try operation()
            advance()
            left = .logical(isAnd: true, left, try parseNot())
        }
        return left
    }

    mutating func parseNot() throws(ExpressionError) -> Node {
        guard current.isKeyword("not") else { return try parseComparison() }
        let at = current.column
        try nested()
        defer { depth -= 1 }
        advance()
        return .not(try parseNot(), at: at)
    }

    mutating func parseComparison() throws(ExpressionError) -> Node {
        let left = try parseSum()
        let at = current.column
        if case .symbol(let symbol) = current.kind, let op = Self.comparisons[symbol] {
            try operation()
            advance()
            return .comparison(op, left, try parseSum(), at: at)
        }
        if current.isKeyword("is") {
            advance()
            let negated = current.isKeyword("not")
            if negated { advance() }
            guard current.isKeyword("null") else {
                throw ExpressionError(column: current.column, message: "expected null after \"is\(negated ? " not" : "")\", found \(current.shown)")
            }
            advance()
            return .isNull(left, negated: negated)
        }
        var negated = false
        if current.isKeyword("not"), tokens[index + 1].isKeyword("in") {
            negated = true
            advance()
        }
        if current.isKeyword("in") {
            advance()
            try expect("(", "\"(\" to open the list")
            var items: [Node] = []
            repeat {
                if isSymbol(",") { advance() }
                try operation()
                let item = try parseUnary()
                guard item.isLiteral else { throw ExpressionError(column: current.column, message: "the list after in holds literal values only") }
                items.append(item)
            } while isSymbol(",")
            try expect(")", "\",\" or \")\" to close the list")
            return .inList(left, items, negated: negated, at: at)
        }
        return left
    }

    static let comparisons: [String: RowExpression.ComparisonOperator] = [
        "=": .equal, "==": .equal, "!=": .notEqual, "<>": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    mutating func parseSum() throws(ExpressionError) -> Node {
        var left = try parseProduct()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            let at = current.column
            try operation()
            advance()
            left = .arithmetic(symbol == "+" ? .add : .subtract, left, try parseProduct(), at: at)
        }
        return left
    }

    mutating func parseProduct() throws(ExpressionError) -> Node {
        var left = try parseUnary()
        while case .symbol(let symbol) = current.kind, let op = RowExpression.ArithmeticOperator(rawValue: symbol),
              op == .multiply || op == .divide || op == .remainder {
            let at = current.column
            try operation()
            advance()
            left = .arithmetic(op, left, try parseUnary(), at: at)
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionError) -> Node {
        guard isSymbol("-") else { return try parsePrimary() }
        let at = current.column
        try nested()
        defer { depth -= 1 }
        advance()
        let operand = try parseUnary()
        if case .number(let value) = operand { return .number(-value) }
        return .negate(operand, at: at)
    }

    mutating func parsePrimary() throws(ExpressionError) -> Node {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value)
        case .text(let text):
            advance()
            return .text(text, at: token.column)
        case .quotedName(let name):
            advance()
            return .column(name, at: token.column)
        case .symbol("("):
            try nested()
            defer { depth -= 1 }
            advance()
            let inner = try parseCondition()
            try expect(")", "\")\" to close the parenthesis opened at column \(token.column)")
            return inner
        case .name(let name):
            let word = name.lowercased()
            switch word {
            case "true", "false":
                advance()
                return .truth(word == "true")
            case "null":
                advance()
                return .null
            case "date", "timestamp":
                guard case .text(let text) = tokens[index + 1].kind else { break }
                let isDate = word == "date"
                guard let micros = ISOInstant.parse(text), !isDate || micros % 86_400_000_000 == 0 else {
                    throw ExpressionError(column: tokens[index + 1].column, message: "'\(text)' is not an ISO-8601 \(word)")
                }
                advance()
                advance()
                return .instant(micros, isDate: isDate)
            case "and", "or", "not", "is", "in":
                throw ExpressionError(column: token.column, message: "expected a value, found \(token.shown)")
            default:
                break
            }
            advance()
            guard isSymbol("(") else { return .column(name, at: token.column) }
            guard let function = RowExpression.Function(rawValue: word) else {
                throw ExpressionError(column: token.column, message: "unknown function \"\(name)\" (functions: \(RowExpression.Function.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            advance()
            try nested()
            defer { depth -= 1 }
            let argument = try parseCondition()
            try expect(")", "\")\" after the argument of \(word)")
            return .function(function, argument, at: token.column)
        default:
            break
        }
        throw ExpressionError(column: token.column, message: token.kind == .end ? "expected a value, found the end" : "expected a value, found \(token.shown)")
    }
}

extension RowExpression.Node {
    var isLiteral: Bool {
        switch self {
        case .number, .text, .instant, .truth, .null: true
        default: false
        }
    }
}
