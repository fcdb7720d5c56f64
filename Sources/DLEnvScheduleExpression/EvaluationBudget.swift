/// The work one schedule expression may do, counted across lambda calls (issue #18): the parser bounds the size
/// of the text, but a lambda that calls itself (`(lambda f: f(f))(lambda f: f(f))`) or a doubly recursive one
/// would otherwise run without end or exhaust the stack. Limits are listed in docs/limits.md.
final class EvaluationBudget {
    /// Nodes evaluated for one value the scheduler asks for (one `lr_lambda(epoch)` call from outside, or the
    /// constructor itself). A lambda without self-application evaluates at most `PyParser.maximumNodes` nodes
    /// per call, so only recursion comes near it.
    static let maximumStepsPerCall = 100_000
    /// Nodes evaluated over the whole trace (a million steps of a 256-node lambda would be 256 million).
    static let maximumSteps = 20_000_000
    /// Nested lambda calls; CPython's own default limit is 1000 frames, and each of ours is many machine frames.
    static let maximumCallDepth = 100
    /// Nested evaluations of any kind (calls and sub-expressions), well inside an 8 MiB stack even in a debug
    /// build, whose frames are largest.
    static let maximumDepth = 1_000

    private(set) var steps = 0
    private var stepsThisCall = 0
    private var depth = 0
    private var callDepth = 0

    init() {}

    /// One more node evaluated, one frame deeper.
    func enter(column: Int) throws(ExpressionError) {
        if depth == 0 { stepsThisCall = 0 }
        steps += 1
        stepsThisCall += 1
        if stepsThisCall > Self.maximumStepsPerCall {
            throw ExpressionError(
                .unsupported,
                "the expression did more than \(Self.maximumStepsPerCall) operations for one value (a recursive lambda?); dlenv schedule stops there",
                column: column)
        }
        if steps > Self.maximumSteps {
            throw ExpressionError(
                .unsupported,
                "the schedule did more than \(Self.maximumSteps) operations in all; dlenv schedule stops there (use fewer --steps or a simpler lambda)",
                column: column)
        }
        if depth >= Self.maximumDepth {
            throw ExpressionError(
                .unsupported,
                "RecursionError: maximum recursion depth exceeded (dlenv schedule allows \(Self.maximumDepth) nested evaluations)",
                column: column)
        }
        depth += 1
    }

    /// One lambda call deeper (left with `leaveCall`).
    func call(column: Int) throws(ExpressionError) {
        if callDepth >= Self.maximumCallDepth {
            throw ExpressionError(
                .unsupported,
                "RecursionError: maximum recursion depth exceeded (dlenv schedule allows \(Self.maximumCallDepth) nested lambda calls)",
                column: column)
        }
        callDepth += 1
    }

    /// Back out of a lambda call entered with `call`.
    func leaveCall() { callDepth -= 1 }

    /// Back out of a frame entered with `enter`.
    func leave() { depth -= 1 }
}
