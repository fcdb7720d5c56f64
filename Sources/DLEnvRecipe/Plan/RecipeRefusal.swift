import DLEnvCore

/// A spec whose stack cannot run where it must (or cannot be built): the resolver's reasons, each with a fix.
/// The CLI prints them and exits 1, writing nothing.
public struct RecipeRefusal: Error, Sendable, CustomStringConvertible {
    /// One line: what was refused.
    public var summary: String
    /// Why, with remedies.
    public var reasons: [Diagnostic]

    public init(summary: String, reasons: [Diagnostic]) {
        self.summary = summary
        self.reasons = reasons
    }

    public var description: String {
        ([summary] + reasons.map { "  - \($0.message)" + ($0.remedy.map { " (fix: \($0))" } ?? "") })
            .joined(separator: "\n")
    }
}
