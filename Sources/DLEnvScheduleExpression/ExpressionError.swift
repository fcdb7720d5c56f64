import DLEnvNN

/// Why a scheduler expression could not be parsed, evaluated, or run, with the 1-based column it points at.
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not valid Python (the subset `dlenv schedule` reads).
        case syntax
        /// A name that is not a scheduler, function, or variable; `candidates` are the names that exist.
        case unknownName(String, candidates: [String])
        /// What torch (or Python) itself raises: its exception class and message.
        case torch(TorchError.Kind)
        /// Valid Python that this evaluator does not support.
        case unsupported
    }

    public var kind: Kind
    public var message: String
    /// 1-based column in the expression, when known.
    public var column: Int?
    /// The step at which running the schedule failed (torch raised while stepping), when it did.
    public var step: Int?
    /// The misspelt word and the names it may have meant (an unexpected keyword argument's parameters).
    public var misspelling: (word: String, alternatives: [String])?

    public init(_ kind: Kind, _ message: String, column: Int?) {
        self.kind = kind
        self.message = message
        self.column = column
    }

    init(_ error: TorchError, column: Int?) {
        self.init(.torch(error.kind), error.message, column: column)
    }

    public var description: String {
        let prefix: String
        switch kind {
        case .syntax: prefix = "SyntaxError: "
        case .unknownName: prefix = "NameError: "
        case .torch(let k): prefix = "\(k.rawValue): "
        case .unsupported: prefix = ""
        }
        return prefix + message + (column.map { " (column \($0))" } ?? "") + (step.map { " at step \($0)" } ?? "")
    }
}
