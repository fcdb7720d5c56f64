/// A token of the Python subset used for scheduler expressions.
struct PyToken: Equatable {
    enum Kind: Equatable {
        case int(Int)
        case float(Double)
        case string(String)
        case name(String)
        case keyword(String)
        case op(String)
        case end
    }

    var kind: Kind
    /// 1-based column of the token's first character.
    var column: Int
}

/// Splits an expression into tokens (numbers as Python reads them, quoted strings, names, operators).
enum PyLexer {
    static let keywords: Set<String> = [
        "lambda", "if", "else", "and", "or", "not", "True", "False", "None", "in", "is",
    ]
    static let operators = [
        "**", "//", "<=", ">=", "==", "!=", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "/", "%",
        "<", ">",
    ]

    static func tokenize(_ text: String) throws(ExpressionError) -> [PyToken] {
        let chars = Array(text)
        var tokens: [PyToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
            } else if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                var isFloat = false
                while j < chars.count && (chars[j].isNumber || chars[j] == "_") { j += 1 }
                if j < chars.count && chars[j] == "." {
                    isFloat = true
                    j += 1
                    while j < chars.count && (chars[j].isNumber || chars[j] == "_") { j += 1 }
                }
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                    if k < chars.count && chars[k].isNumber {
                        isFloat = true
                        j = k
                        while j < chars.count && chars[j].isNumber { j += 1 }
                    }
                }
                let literal = String(chars[i..<j]).filter { $0 != "_" }
                if j < chars.count && (chars[j].isLetter || chars[j] == "_") {
                    throw ExpressionError(.syntax, "invalid decimal literal", column: j + 1)
                }
                if isFloat {
                    guard let value = Double(literal) else {
                        throw ExpressionError(.syntax, "invalid number '\(literal)'", column: column)
                    }
                    tokens.append(PyToken(kind: .float(value), column: column))
                } else {
                    if literal.count > 1 && literal.hasPrefix("0") && literal.contains(where: { $0 != "0" }) {
                        throw ExpressionError(
                            .syntax, "leading zeros in decimal integer literals are not permitted", column: column)
                    }
                    guard let value = Int(literal) else {
                        throw ExpressionError(.unsupported, "integer \(literal) is too large", column: column)
                    }
                    tokens.append(PyToken(kind: .int(value), column: column))
                }
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                let word = String(chars[i..<j])
                tokens.append(PyToken(kind: keywords.contains(word) ? .keyword(word) : .name(word), column: column))
                i = j
            } else if c == "'" || c == "\"" {
                var j = i + 1
                var value = ""
                while j < chars.count && chars[j] != c {
                    if chars[j] == "\\" && j + 1 < chars.count { j += 1 }
                    value.append(chars[j])
                    j += 1
                }
                if j >= chars.count {
                    throw ExpressionError(.syntax, "unterminated string literal", column: column)
                }
                tokens.append(PyToken(kind: .string(value), column: column))
                i = j + 1
            } else if let op = operators.first(where: { matches($0, chars, at: i) }) {
                tokens.append(PyToken(kind: .op(op), column: column))
                i += op.count
            } else {
                throw ExpressionError(.syntax, "invalid character '\(c)'", column: column)
            }
        }
        tokens.append(PyToken(kind: .end, column: chars.count + 1))
        return tokens
    }

    private static func matches(_ op: String, _ chars: [Character], at i: Int) -> Bool {
        let opChars = Array(op)
        guard i + opChars.count <= chars.count else { return false }
        return Array(chars[i..<(i + opChars.count)]) == opChars
    }
}
