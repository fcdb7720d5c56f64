import DLEnvNN
import Testing

@testable import DLEnvScheduleExpression

struct MultiGroupGolden: Decodable, Sendable, CustomTestStringConvertible {
    var expr: String
    var steps: Int
    var lrs: [[Double]]
    var momentums: [[Double]]
    var testDescription: String { expr }
}

struct EpochCallGolden: Decodable, Sendable, CustomTestStringConvertible {
    var expr: String
    var epochs: [Double]
    var lrs: [Double]
    var testDescription: String { "\(expr) step(\(epochs))" }
}

struct SchedulerAPIGoldenFile: Decodable, Sendable {
    var multi_group: [MultiGroupGolden]
    var epoch_calls: [EpochCallGolden]
}

let schedulerAPIGoldens: SchedulerAPIGoldenFile = GoldenFile.load("schedulers.json")

func build(_ expr: String, on owner: any ParamGroupsOwner) throws -> PyValue {
    try PyEvaluator(optimizer: owner).evaluate(PyParser.parse(expr))
}

/// Schedulers built from their constructor text and then driven through DLEnvNN's API (several parameter
/// groups, `step(epoch)`), against torch.
@Suite("Scheduler expressions: several parameter groups, step(epoch)")
struct SchedulerExpressionAPITests {
    @Test("each group follows torch", arguments: schedulerAPIGoldens.multi_group)
    func multiGroup(_ golden: MultiGroupGolden) throws {
        var a = ParamGroupOptions(lr: 0.05), b = ParamGroupOptions(lr: 0.5)
        a.momentum = 0.9
        b.momentum = 0.9
        let table = ParamGroupTable([a, b])
        let built = try build(golden.expr, on: table)
        for i in 0..<golden.steps {
            #expect(table.groupOptions.map(\.lr) == golden.lrs[i], "lr at step \(i)")
            #expect(table.groupOptions.map(\.momentum) == golden.momentums[i], "momentum at step \(i)")
            if i == golden.steps - 1 { break }
            switch built {
            case .scheduler(let s): try s.step()
            case .plateau(let p): try p.step(metric: 1.0)
            default: Issue.record("not a scheduler")
            }
        }
    }

    @Test("step(epoch) uses torch's closed forms", arguments: schedulerAPIGoldens.epoch_calls)
    func epochCalls(_ golden: EpochCallGolden) throws {
        let table = ParamGroupTable(lr: 0.1, momentum: 0.9)
        guard case .scheduler(let s) = try build(golden.expr, on: table) else {
            Issue.record("not a scheduler")
            return
        }
        for (epoch, want) in zip(golden.epochs, golden.lrs) {
            if let warm = s as? CosineAnnealingWarmRestarts {
                try warm.step(epoch: epoch)
            } else {
                try s.step(epoch: Int(epoch))
            }
            #expect(isClose(table.groupOptions[0].lr, want, rtol: 1e-12), "step(\(epoch))")
        }
    }
}
