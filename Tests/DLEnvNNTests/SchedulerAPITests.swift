import Testing

@testable import DLEnvNN

/// Schedulers constructed through DLEnvNN's API (the constructor text is `DLEnvScheduleExpressionTests`' part).
@Suite("Scheduler API: resuming, last and base lrs")
struct SchedulerAPITests {
    @Test func resumingNeedsInitialLRAndFollowsTorch() throws {
        // numerics.md §4.1 (measured): StepLR(3, last_epoch=2) decays at construction; LambdaLR recomputes.
        var options = ParamGroupOptions(lr: 0.1)
        options.initialLR = 0.1
        let table = ParamGroupTable([options])
        _ = try StepLR(table, stepSize: 3, lastEpoch: 2)
        #expect(isClose(table.groupOptions[0].lr, 0.01, rtol: 1e-15))
        let other = ParamGroupTable([options])
        _ = try LambdaLR(other, lrLambda: { Py.pow(0.5, Double($0)) }, lastEpoch: 2)
        #expect(other.groupOptions[0].lr == 0.0125)
        #expect(throws: TorchError.self) { try ExponentialLR(ParamGroupTable(lr: 0.1), gamma: 0.9, lastEpoch: 3) }
    }

    @Test func lastLRAndBaseLRsAreTorchs() throws {
        let table = ParamGroupTable(lr: 0.1)
        let s = try LinearLR(table, startFactor: 0.5, totalIters: 2)
        #expect(s.baseLRs == [0.1])
        #expect(s.lastLR == [0.05])
        try s.step()
        #expect(s.lastLR == table.groupOptions.map(\.lr))
        #expect(s.lastEpoch == 1)
    }
}
