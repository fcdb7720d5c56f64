import DLEnvNN
import Foundation
import Testing

@testable import DLEnvScheduleExpression

/// The Python subset of scheduler expressions: Python's arithmetic, and torch's argument binding.
@Suite struct ScheduleExpressionTests {
    func value(_ lambdaBody: String, epoch: Int) throws -> Double {
        let table = ParamGroupTable(lr: 1.0, momentum: 0.9)
        let trace = try ScheduleExpression("LambdaLR(lr_lambda=lambda epoch: \(lambdaBody))").trace(
            on: table, steps: epoch + 1)
        return trace.lr[epoch]
    }

    @Test(arguments: [
        ("7 // 2", 3.0), ("-7 // 2", -4.0), ("-7 % 3", 2.0), ("7.5 // 2", 3.0), ("-7.5 % 2", 0.5),
        ("2 ** 10", 1024.0), ("2 ** -1", 0.5), ("1 / 4", 0.25), ("max(0.1, 0.2, 0.05)", 0.2),
        ("min([3, 1, 2])", 1.0), ("abs(-3)", 3.0), ("math.floor(2.7)", 2.0), ("math.ceil(2.1)", 3.0),
        ("round(2.5)", 2.0), ("round(3.5)", 4.0), ("1 if 2 < 3 < 4 else 0", 1.0), ("0 or 5", 5.0),
        ("not 0", 1.0), ("math.log(8, 2)", 3.0), ("float('0.5')", 0.5), ("-2 ** 2", -4.0), ("3 - 2 - 1", 0.0),
    ])
    func pythonArithmetic(_ body: String, _ expected: Double) throws {
        #expect(try value(body, epoch: 0) == expected)
    }

    @Test func lambdaSeesTheEpoch() throws {
        #expect(try value("epoch * 0.5", epoch: 3) == 1.5)
        #expect(try value("0.95 ** epoch", epoch: 2) == 0.95 * 0.95)
    }

    @Test func positionalArgumentsAndTheOptimizerArePythonLike() throws {
        let a = try ScheduleExpression("StepLR(optimizer, 2, 0.5)").trace(on: ParamGroupTable(lr: 1), steps: 5)
        let b = try ScheduleExpression("torch.optim.lr_scheduler.StepLR(step_size=2, gamma=0.5)").trace(
            on: ParamGroupTable(lr: 1), steps: 5)
        #expect(a.lr == [1, 1, 0.5, 0.5, 0.25])
        #expect(a == b)
    }

    @Test(arguments: [
        ("StepLR(step_size=3", "'(' was never closed", 7),
        ("StepLR(step_size=3,, gamma=1)", "unexpected ','", 20),
        ("StepLR(step_size=3 gamma=1)", "expected ',' or ')'", 20),
        ("StepLR(step_size=0x)", "invalid decimal literal", 19),
        ("StepLR(step_size=3, step_size=4)", "keyword argument repeated", 21),
        ("StepLR(gamma=0.5, 3)", "positional argument follows keyword argument", 19),
        ("[1, 2]", "expected a scheduler constructor", 1),
        ("StepLR(step_size=3) 4", "unexpected number 4", 21),
        ("LambdaLR(lr_lambda=lambda e 0.5)", "expected ':'", 29),
    ])
    func syntaxErrorsPointAtTheColumn(_ text: String, _ message: String, _ column: Int) {
        do {
            _ = try ScheduleExpression(text).trace(on: ParamGroupTable(lr: 0.1), steps: 2)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.column == column, "\(error)")
        }
    }

    @Test func hostileInputIsAnErrorNotACrash() throws {
        let deep =
            "LambdaLR(lr_lambda=lambda e: " + String(repeating: "(", count: 5000) + "1"
            + String(repeating: ")", count: 5000) + ")"
        let chain = "LambdaLR(lr_lambda=lambda e: " + String(repeating: "1+", count: 200) + "1)"
        let long = "LambdaLR(lr_lambda=lambda e: " + String(repeating: "1+", count: 300) + "1)"
        let nested =
            "LambdaLR(lr_lambda=lambda e: " + String(repeating: "(", count: 90) + "1"
            + String(repeating: ")", count: 90) + ")"
        #expect(throws: ExpressionError.self) { try ScheduleExpression(long) }
        #expect(try ScheduleExpression(nested).trace(on: ParamGroupTable(lr: 0.5), steps: 1).lr == [0.5])
        #expect(throws: ExpressionError.self) { try ScheduleExpression(deep) }
        #expect(throws: ExpressionError.self) { try ScheduleExpression(String(repeating: "1+", count: 3000) + "1") }
        let trace = try? ScheduleExpression(chain).trace(on: ParamGroupTable(lr: 1e-3), steps: 2)
        #expect(trace?.lr == [0.201, 0.201])
    }

    @Test func extremeNumbersDoNotTrap() throws {
        let table = ParamGroupTable(lr: 0.1)
        let big = try ScheduleExpression(
            "LambdaLR(lambda e: abs(-9223372036854775807 - 1) + (-9223372036854775807 - 1) // -1 + 7 % -1)"
        ).trace(on: table, steps: 1)
        #expect(big.lr == [0.1 * 2 * 9_223_372_036_854_775_808.0])
        do {
            _ = try ScheduleExpression("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=1e-320)").trace(
                on: ParamGroupTable(lr: 0.1), steps: 3)
            Issue.record("no error")
        } catch {
            #expect(error.message == "cannot convert float infinity to integer")
        }
        let long = try ScheduleExpression("OneCycleLR(max_lr=0.1, total_steps=10**12)").trace(
            on: ParamGroupTable(lr: 1))
        #expect(long.lr.count == 10_000)
    }

    @Test func unknownNamesCarryCandidates() {
        do {
            _ = try ScheduleExpression("StepLR(step_size=epochs)").trace(on: ParamGroupTable(lr: 0.1))
            Issue.record("no error")
        } catch {
            guard case .unknownName(let name, let candidates) = error.kind else {
                Issue.record("\(error)")
                return
            }
            #expect(name == "epochs")
            #expect(candidates.contains("StepLR"))
            #expect(error.column == 18)
        }
    }

    @Test func tooManyPositionalArgumentsIsTorchsTypeError() {
        do {
            _ = try ScheduleExpression("ExponentialLR(0.9, -1, 3)").trace(on: ParamGroupTable(lr: 0.1))
            Issue.record("no error")
        } catch {
            #expect(error.message == "ExponentialLR.__init__() takes from 3 to 4 positional arguments but 5 were given")
        }
    }
}

@Suite struct ScheduleOptimizerTests {
    @Test func sgdCyclesMomentumAndAdamCyclesBeta1() throws {
        let expression = try ScheduleExpression("OneCycleLR(max_lr=0.1, total_steps=10)")
        let sgd = try expression.trace(on: ScheduleOptimizer.sgd.groups(lr: 0.1), steps: 10, metrics: nil)
        let adam = try expression.trace(on: ScheduleOptimizer.adam.groups(lr: 0.1), steps: 10, metrics: nil)
        #expect(sgd.lr == adam.lr)
        #expect(sgd.momentum == adam.momentum && sgd.momentum.first == 0.95)
        #expect(ScheduleOptimizer.sgd.momentumLabel == "momentum" && ScheduleOptimizer.adam.momentumLabel == "beta1")
        #expect(ScheduleOptimizer(rawValue: "rmsprop") == nil)
    }

    @Test func aTraceIsItsTwoListsAndNamesItsFirstNonFiniteStep() throws {
        let trace = ScheduleTrace(lr: [0.1, .infinity, 0.1], momentum: [0.9, 0.9, .nan])
        #expect(trace.firstNonFiniteStep == 1)
        #expect(ScheduleTrace(lr: [0.1, 0.1], momentum: [0.9, .nan]).firstNonFiniteStep == 1)
        #expect(ScheduleTrace(lr: [0.1], momentum: [0.9]).firstNonFiniteStep == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ScheduleTrace(lr: [1], momentum: [2])))
        #expect((json as? [String: [Double]]) == ["lr": [1], "momentum": [2]])
    }
}
