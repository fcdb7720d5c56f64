/// The syntax tree of a scheduler expression: a Python subset (calls with keyword arguments, lists,
/// numbers, strings, arithmetic, comparisons, `x if c else y`, and `lambda`).
indirect enum PyExpr {
    case int(Int, column: Int)
    case float(Double, column: Int)
    case string(String, column: Int)
    case constant(PyValue, column: Int)
    case name(String, column: Int)
    case attribute(PyExpr, String, column: Int)
    case call(PyExpr, arguments: [PyExpr], keywords: [(name: String, value: PyExpr, column: Int)], column: Int)
    case list([PyExpr], column: Int)
    case tuple([PyExpr], column: Int)
    case unary(String, PyExpr, column: Int)
    case binary(String, PyExpr, PyExpr, column: Int)
    /// A chain `a < b <= c`.
    case compare(PyExpr, [(op: String, rhs: PyExpr)], column: Int)
    case and(PyExpr, PyExpr, column: Int)
    case or(PyExpr, PyExpr, column: Int)
    case not(PyExpr, column: Int)
    case conditional(body: PyExpr, test: PyExpr, orElse: PyExpr, column: Int)
    case lambda([String], PyExpr, column: Int)

    var column: Int {
        switch self {
        case .int(_, let c), .float(_, let c), .string(_, let c), .constant(_, let c), .name(_, let c),
            .attribute(_, _, let c), .call(_, _, _, let c), .list(_, let c), .tuple(_, let c), .unary(_, _, let c),
            .binary(_, _, _, let c), .compare(_, _, let c), .and(_, _, let c), .or(_, _, let c), .not(_, let c),
            .conditional(_, _, _, let c), .lambda(_, _, let c):
            return c
        }
    }
}

/// A recursive-descent parser with Python's precedence (lambda < if-else < or < and < not < comparisons
/// < + - < * / // % < unary < ** < calls and attributes).
struct PyParser {
    private var tokens: [PyToken]
    private var position = 0
    /// Nesting depth of `expression()`; bounded so hostile input cannot exhaust the stack (CPython stops
    /// at 200 nested parentheses).
    private var depth = 0
    static let maximumDepth = 100
    /// Longest accepted expression.
    static let maximumLength = 4096
    /// Operator, call and attribute nodes so far; evaluation recurses along operator chains, so their
    /// number is bounded too.
    private var nodes = 0
    static let maximumNodes = 256

    private mutating func countNode(at column: Int) throws(ExpressionError) {
        nodes += 1
        if nodes > Self.maximumNodes {
            throw ExpressionError(
                .syntax, "expression is too complex (more than \(Self.maximumNodes) operations)", column: column)
        }
    }

    /// Parses one complete expression.
    static func parse(_ text: String) throws(ExpressionError) -> PyExpr {
        if text.count > maximumLength {
            throw ExpressionError(
                .syntax, "expression is longer than \(maximumLength) characters", column: maximumLength + 1)
        }
        var parser = PyParser(tokens: try PyLexer.tokenize(text))
        parser.skipAssignmentTarget()
        let expr = try parser.expression()
        if parser.current.kind != .end {
            throw ExpressionError(
                .syntax, "unexpected \(parser.describe(parser.current))", column: parser.current.column)
        }
        return expr
    }

    private init(tokens: [PyToken]) { self.tokens = tokens }

    /// Skips `scheduler = ` or `self.scheduler = ` before the expression: a line copied from a training script
    /// assigns the constructor to a name, which changes nothing about the schedule (docs/nn.md).
    private mutating func skipAssignmentTarget() {
        var i = 0
        while case .name = tokens[i].kind {
            i += 1
            guard tokens[i].kind == .op(".") else { break }
            i += 1
        }
        guard i > 0, tokens[i].kind == .op("="), case .name = tokens[i - 1].kind else { return }
        position = i + 1
    }

    private var current: PyToken { tokens[position] }

    private func describe(_ token: PyToken) -> String {
        switch token.kind {
        case .int(let v): return "number \(v)"
        case .float(let v): return "number \(v)"
        case .string(let s): return "string '\(s)'"
        case .name(let n): return "name '\(n)'"
        case .keyword(let k): return "'\(k)'"
        case .op(let o): return "'\(o)'"
        case .end: return "end of expression"
        }
    }

    private mutating func advance() -> PyToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isOp(_ op: String) -> Bool { current.kind == .op(op) }
    private func isKeyword(_ k: String) -> Bool { current.kind == .keyword(k) }

    private mutating func expect(_ op: String, _ context: String) throws(ExpressionError) {
        guard isOp(op) else {
            throw ExpressionError(
                .syntax, "expected '\(op)' \(context), found \(describe(current))", column: current.column)
        }
        _ = advance()
    }

    mutating func expression() throws(ExpressionError) -> PyExpr {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            throw ExpressionError(.syntax, "too many nested parentheses", column: current.column)
        }
        if isKeyword("lambda") {
            let column = advance().column
            var params: [String] = []
            while case .name(let n) = current.kind {
                params.append(n)
                _ = advance()
                if isOp(",") { _ = advance() } else { break }
            }
            try expect(":", "after the lambda's parameters")
            return .lambda(params, try expression(), column: column)
        }
        let body = try disjunction()
        if isKeyword("if") {
            let column = advance().column
            let test = try disjunction()
            guard isKeyword("else") else {
                throw ExpressionError(.syntax, "expected 'else' after condition expression", column: current.column)
            }
            _ = advance()
            return .conditional(body: body, test: test, orElse: try expression(), column: column)
        }
        return body
    }

    private mutating func disjunction() throws(ExpressionError) -> PyExpr {
        var lhs = try conjunction()
        while isKeyword("or") {
            let column = advance().column
            try countNode(at: column)
            lhs = .or(lhs, try conjunction(), column: column)
        }
        return lhs
    }

    private mutating func conjunction() throws(ExpressionError) -> PyExpr {
        var lhs = try inversion()
        while isKeyword("and") {
            let column = advance().column
            try countNode(at: column)
            lhs = .and(lhs, try inversion(), column: column)
        }
        return lhs
    }

    private mutating func inversion() throws(ExpressionError) -> PyExpr {
        if isKeyword("not") {
            let column = advance().column
            try countNode(at: column)
            return .not(try inversion(), column: column)
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> PyExpr {
        let lhs = try arithmetic()
        var chain: [(op: String, rhs: PyExpr)] = []
        while case .op(let op) = current.kind, ["<", ">", "<=", ">=", "==", "!="].contains(op) {
            try countNode(at: advance().column)
            chain.append((op, try arithmetic()))
        }
        return chain.isEmpty ? lhs : .compare(lhs, chain, column: lhs.column)
    }

    private mutating func arithmetic() throws(ExpressionError) -> PyExpr {
        var lhs = try term()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            let column = advance().column
            try countNode(at: column)
            lhs = .binary(op, lhs, try term(), column: column)
        }
        return lhs
    }

    private mutating func term() throws(ExpressionError) -> PyExpr {
        var lhs = try factor()
        while case .op(let op) = current.kind, ["*", "/", "//", "%"].contains(op) {
            let column = advance().column
            try countNode(at: column)
            lhs = .binary(op, lhs, try factor(), column: column)
        }
        return lhs
    }

    private mutating func factor() throws(ExpressionError) -> PyExpr {
        if case .op(let op) = current.kind, op == "-" || op == "+" {
            let column = advance().column
            try countNode(at: column)
            return .unary(op, try factor(), column: column)
        }
        return try power()
    }

    private mutating func power() throws(ExpressionError) -> PyExpr {
        let base = try primary()
        if isOp("**") {
            let column = advance().column
            try countNode(at: column)
            return .binary("**", base, try factor(), column: column)
        }
        return base
    }

    private mutating func primary() throws(ExpressionError) -> PyExpr {
        var expr = try atom()
        while true {
            if isOp(".") {
                _ = advance()
                guard case .name(let n) = current.kind else {
                    throw ExpressionError(.syntax, "expected a name after '.'", column: current.column)
                }
                expr = .attribute(expr, n, column: advance().column)
            } else if isOp("(") {
                try countNode(at: current.column)
                expr = try callArguments(expr)
            } else {
                return expr
            }
        }
    }

    private mutating func callArguments(_ callee: PyExpr) throws(ExpressionError) -> PyExpr {
        let open = advance()
        var arguments: [PyExpr] = []
        var keywords: [(name: String, value: PyExpr, column: Int)] = []
        while !isOp(")") {
            if case .name(let n) = current.kind, tokens[position + 1].kind == .op("=") {
                let column = advance().column
                _ = advance()
                if keywords.contains(where: { $0.name == n }) {
                    throw ExpressionError(.syntax, "keyword argument repeated: \(n)", column: column)
                }
                keywords.append((n, try expression(), column))
            } else {
                let start = current.column
                let argument = try expression()
                if !keywords.isEmpty {
                    throw ExpressionError(.syntax, "positional argument follows keyword argument", column: start)
                }
                arguments.append(argument)
            }
            if isOp(",") {
                _ = advance()
            } else if !isOp(")") {
                if current.kind == .end {
                    throw ExpressionError(.syntax, "'(' was never closed", column: open.column)
                }
                throw ExpressionError(
                    .syntax, "expected ',' or ')' in the argument list, found \(describe(current))",
                    column: current.column)
            }
        }
        _ = advance()
        return .call(callee, arguments: arguments, keywords: keywords, column: callee.column)
    }

    private mutating func atom() throws(ExpressionError) -> PyExpr {
        let token = current
        switch token.kind {
        case .int(let v):
            _ = advance()
            return .int(v, column: token.column)
        case .float(let v):
            _ = advance()
            return .float(v, column: token.column)
        case .string(var s):
            _ = advance()
            while case .string(let more) = current.kind {  // implicit concatenation
                s += more
                _ = advance()
            }
            return .string(s, column: token.column)
        case .name(let n):
            _ = advance()
            return .name(n, column: token.column)
        case .keyword("True"):
            _ = advance()
            return .constant(.bool(true), column: token.column)
        case .keyword("False"):
            _ = advance()
            return .constant(.bool(false), column: token.column)
        case .keyword("None"):
            _ = advance()
            return .constant(.none, column: token.column)
        case .op("("):
            _ = advance()
            if isOp(")") {
                _ = advance()
                return .tuple([], column: token.column)
            }
            let first = try expression()
            if isOp(")") {
                _ = advance()
                return first
            }
            var items = [first]
            while isOp(",") {
                _ = advance()
                if isOp(")") { break }
                items.append(try expression())
            }
            if current.kind == .end { throw ExpressionError(.syntax, "'(' was never closed", column: token.column) }
            try expect(")", "to close the tuple")
            return .tuple(items, column: token.column)
        case .op("["):
            _ = advance()
            var items: [PyExpr] = []
            while !isOp("]") {
                if current.kind == .end { throw ExpressionError(.syntax, "'[' was never closed", column: token.column) }
                items.append(try expression())
                if isOp(",") {
                    _ = advance()
                } else if !isOp("]") {
                    throw ExpressionError(
                        .syntax, "expected ',' or ']' in the list, found \(describe(current))", column: current.column)
                }
            }
            _ = advance()
            return .list(items, column: token.column)
        case .end:
            throw ExpressionError(.syntax, "unexpected end of expression", column: token.column)
        default:
            throw ExpressionError(.syntax, "unexpected \(describe(token))", column: token.column)
        }
    }
}
