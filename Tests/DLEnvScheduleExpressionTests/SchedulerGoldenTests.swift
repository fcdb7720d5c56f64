import DLEnvNN
import Testing

@testable import DLEnvScheduleExpression

/// Every scheduler configuration in `Goldens/schedulers.json` (recorded from torch) reproduced through the
/// same constructor text `dlenv schedule` reads.
struct SchedulerGolden: Decodable, Sendable, CustomTestStringConvertible {
    var expr: String
    var steps: Int
    var optimizer: String
    var lr: Double
    var lrs: [Double]
    var momentums: [Double]
    var metrics: [Double]?
    var testDescription: String { expr }
}

struct TorchErrorGolden: Decodable, Sendable, CustomTestStringConvertible {
    var expr: String
    var steps: Int
    var optimizer: String
    var metrics: [Double]?
    var kind: String
    var message: String
    var testDescription: String { expr }
}

struct SchedulerGoldenFile: Decodable, Sendable {
    var torch_version: String
    var cases: [SchedulerGolden]
    var errors: [TorchErrorGolden]
}

let schedulerGoldens: SchedulerGoldenFile = GoldenFile.load("schedulers.json")

func groups(_ kind: String, lr: Double) -> ParamGroupTable {
    var options = ParamGroupOptions(lr: lr)
    if kind == "adam" {
        options.beta1 = 0.9
        return ParamGroupTable([options], momentumKey: .beta1)
    }
    options.momentum = 0.9
    return ParamGroupTable([options], momentumKey: .momentum)
}

@Suite("LR schedulers against torch goldens")
struct SchedulerGoldenTests {
    @Test("the goldens were recorded by torch") func recordedByTorch() {
        #expect(schedulerGoldens.torch_version.hasPrefix("2."))
        #expect(schedulerGoldens.cases.count >= 60)
    }

    @Test("schedule matches torch to 1e-12 relative", arguments: schedulerGoldens.cases)
    func matches(_ golden: SchedulerGolden) throws {
        let expression = try ScheduleExpression(golden.expr)
        let trace = try expression.trace(
            on: groups(golden.optimizer, lr: golden.lr), steps: golden.steps, metrics: golden.metrics)
        #expect(trace.lr.count == golden.lrs.count)
        for (i, (ours, theirs)) in zip(trace.lr, golden.lrs).enumerated() {
            #expect(isClose(ours, theirs, rtol: 1e-12), "lr at step \(i): \(ours) vs torch \(theirs)")
        }
        for (i, (ours, theirs)) in zip(trace.momentum, golden.momentums).enumerated() {
            #expect(isClose(ours, theirs, rtol: 1e-12), "momentum at step \(i): \(ours) vs torch \(theirs)")
        }
    }

    @Test("nearly every scheduled value is bit-identical to torch's")
    func bitExact() throws {
        var total = 0, exact = 0
        for golden in schedulerGoldens.cases {
            let trace = try ScheduleExpression(golden.expr).trace(
                on: groups(golden.optimizer, lr: golden.lr), steps: golden.steps, metrics: golden.metrics)
            for (a, b) in zip(trace.lr + trace.momentum, golden.lrs + golden.momentums) {
                total += 1
                if a.bitPattern == b.bitPattern { exact += 1 }
            }
        }
        #expect(total > 1000)
        #expect(exact == total, "\(exact) of \(total) values bit-identical")
    }

    @Test("invalid constructors fail with torch's exception and message", arguments: schedulerGoldens.errors)
    func errors(_ golden: TorchErrorGolden) {
        do {
            let expression = try ScheduleExpression(golden.expr)
            _ = try expression.trace(
                on: groups(golden.optimizer, lr: 0.1), steps: golden.steps, metrics: golden.metrics)
            Issue.record("expected \(golden.kind): \(golden.message)")
        } catch {
            guard case .torch(let kind) = error.kind else {
                Issue.record("expected torch's \(golden.kind), got \(error)")
                return
            }
            #expect(kind.rawValue == golden.kind)
            if !golden.message.isEmpty { #expect(error.message == golden.message) }
        }
    }
}
