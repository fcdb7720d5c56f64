import DLEnvNN
import Testing

@testable import DLEnvScheduleExpression

/// The schedule language's work limits (issue #18): steps counted across lambda calls, lambda and evaluation
/// depth, Int64 overflow as Python's OverflowError.
@Suite struct EvaluationBudgetTests {
    func error(_ text: String, steps: Int? = nil) -> ExpressionError? {
        do {
            _ = try ScheduleExpression(text).trace(on: ScheduleOptimizer.sgd.groups(lr: 0.1), steps: steps)
            return nil
        } catch {
            return error
        }
    }

    @Test func selfApplicationIsARecursionError() {
        let e = error("LambdaLR(lr_lambda=lambda e: (lambda f: f(f))(lambda f: f(f)))")
        #expect(e?.message.contains("RecursionError") == true)
    }

    @Test func deepFiniteRecursionStopsAtTheDepthLimit() {
        let e = error("LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 5000))(lambda f, n: 1 if n < 1 else f(f, n-1)))")
        #expect(e?.message.contains("\(EvaluationBudget.maximumCallDepth) nested lambda calls") == true)
        // Shallow recursion inside the limit still works.
        #expect(
            error("LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 50))(lambda f, n: 1 if n < 1 else f(f, n-1)))") == nil)
    }

    @Test func doublyRecursiveLambdasHitTheStepBudget() {
        let e = error(
            "LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 40))(lambda f, n: 1 if n < 1 else f(f, n-1) + f(f, n-1)))")
        #expect(e?.message.contains("\(EvaluationBudget.maximumStepsPerCall) operations") == true)
    }

    @Test func theTotalBudgetCountsEveryStep() {
        // About 60 operations per value (a 6-level doubly recursive lambda), a million values: over the total.
        let e = error(
            "LambdaLR(lr_lambda=lambda e: (lambda f: f(f, 6))(lambda f, n: 1 if n < 1 else f(f, n-1) + f(f, n-1)))",
            steps: 1_000_000)
        #expect(e?.message.contains("\(EvaluationBudget.maximumSteps) operations in all") == true)
    }

    @Test func oneCycleEpochsOverflowIsAnOverflowError() {
        let e = error("OneCycleLR(max_lr=0.1, epochs=9223372036854775807, steps_per_epoch=9223372036854775807)")
        #expect(e?.kind == .torch(.overflowError))
    }

    @Test(arguments: [
        "scheduler = OneCycleLR(max_lr=0.1, total_steps=100)",
        "self.scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100)",
    ])
    func anAssignmentIsTheConstructorItAssigns(_ text: String) throws {
        let a = try ScheduleExpression(text).trace(on: ScheduleOptimizer.sgd.groups(lr: 0.1))
        let b = try ScheduleExpression("OneCycleLR(max_lr=0.1, total_steps=100)").trace(
            on: ScheduleOptimizer.sgd.groups(lr: 0.1))
        #expect(a == b)
        #expect(try ScheduleExpression(text).schedulerName == "OneCycleLR")
    }

    @Test(arguments: [
        "scheduler =", "= StepLR(step_size=1)", "a.b = = StepLR(step_size=1)", "a == StepLR(step_size=1)",
    ])
    func brokenAssignmentsAreSyntaxErrors(_ text: String) {
        #expect(error(text) != nil)
    }
}
