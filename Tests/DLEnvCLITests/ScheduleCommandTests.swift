import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `dlenv schedule` end to end: the built binary against torch's recorded schedules.
@Suite struct ScheduleCommandTests {
    struct Golden: Decodable {
        var expr: String
        var steps: Int
        var optimizer: String
        var lrs: [Double]
        var momentums: [Double]
        var metrics: [Double]?
    }

    struct GoldenFile: Decodable { var cases: [Golden] }

    struct Trace: Decodable {
        var lr: [Double]
        var momentum: [Double]
    }

    static let goldens: [Golden] = {
        let url = CLIRunner.repositoryRoot.appendingPathComponent("Tests/DLEnvNNTests/Goldens/schedulers.json")
        return (try? JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url)))?.cases ?? []
    }()

    @Test func jsonMatchesTorchBitForBit() throws {
        #expect(Self.goldens.count > 50)
        for golden in Self.goldens {
            var args = [
                "schedule", golden.expr, "--steps", "\(golden.steps)", "--json", "--optimizer", golden.optimizer,
            ]
            if let metrics = golden.metrics { args += ["--metrics", metrics.map { "\($0)" }.joined(separator: ",")] }
            let r = try CLIRunner.run(args)
            #expect(r.status == 0, "\(golden.expr): \(r.stderr)")
            guard r.status == 0 else { continue }
            let trace = try JSONDecoder().decode(Trace.self, from: Data(r.stdout.utf8))
            #expect(trace.lr == golden.lrs, "\(golden.expr)")
            #expect(trace.momentum == golden.momentums, "\(golden.expr)")
        }
    }

    @Test func issueExamplesRun() throws {
        let examples = [
            "OneCycleLR(max_lr=0.1, total_steps=100)",
            "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=20)], milestones=[5])",
            "ChainedScheduler(schedulers=[ExponentialLR(gamma=0.95), StepLR(step_size=3, gamma=0.5)])",
            "LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)",
        ]
        for expr in examples {
            let r = try CLIRunner.run(["schedule", expr])
            #expect(r.status == 0, "\(expr): \(r.stderr)")
            #expect(r.stdout.hasPrefix("step  lr"))
        }
        let oneCycle = try CLIRunner.run(["schedule", examples[0], "--json"])
        let trace = try JSONDecoder().decode(Trace.self, from: Data(oneCycle.stdout.utf8))
        #expect(trace.lr.count == 100)
        #expect(trace.momentum.first == 0.95)
    }

    @Test func plateauNeedsMetricsAndUsesThem() throws {
        let r = try CLIRunner.run(["schedule", "ReduceLROnPlateau(mode='min', patience=2)", "--metrics", "1,1,1,1,1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("metric"))
        let json = try CLIRunner.run(
            ["schedule", "ReduceLROnPlateau(mode='min', patience=2)", "--metrics", "1,1,1,1,1", "--json"])
        let trace = try JSONDecoder().decode(Trace.self, from: Data(json.stdout.utf8))
        #expect(trace.lr == [0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002])
        let missing = try CLIRunner.run(["schedule", "ReduceLROnPlateau()"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--metrics"))
        let bad = try CLIRunner.run(["schedule", "ReduceLROnPlateau()", "--metrics", "1,x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'x'"))
    }

    @Test func syntaxErrorPointsAtTheColumn() throws {
        let r = try CLIRunner.run(["schedule", "StepLR(step_size=3 5)"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("EXPR:1:20"))
        #expect(r.stderr.contains("  |                    ^"))
        let unclosed = try CLIRunner.run(["schedule", "StepLR(step_size=3"])
        #expect(unclosed.status == 2)
        #expect(unclosed.stderr.contains("'(' was never closed"))
    }

    @Test func unknownSchedulerListsKnownOnes() throws {
        let r = try CLIRunner.run(["schedule", "CosineAnnealingLr(T_max=10)"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown scheduler 'CosineAnnealingLr'"))
        #expect(r.stderr.contains("did you mean CosineAnnealingLR"))
        #expect(r.stderr.contains("OneCycleLR") && r.stderr.contains("ReduceLROnPlateau"))
    }

    @Test func invalidArgumentsGetTorchsReason() throws {
        let r = try CLIRunner.run(["schedule", "ConstantLR(factor=2)"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("ValueError: Constant multiplicative factor expected to be between 0 and 1."))
        let typo = try CLIRunner.run(["schedule", "StepLR(step_size=3, gama=0.5)"])
        #expect(typo.stderr.contains("got an unexpected keyword argument 'gama'"))
        #expect(typo.stderr.contains("did you mean gamma"))
        let past = try CLIRunner.run(["schedule", "OneCycleLR(max_lr=0.1, total_steps=5)", "--steps", "8"])
        #expect(past.status == 2)
        #expect(past.stderr.contains("Tried to step 6 times. The specified number of total steps is 5"))
    }

    @Test func plotWritesAnSVGLineChart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.svg").path
        let r = try CLIRunner.run(["schedule", "OneCycleLR(max_lr=0.1, total_steps=50)", "--plot", file])
        #expect(r.status == 0)
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("<path d=\"M"))
        #expect(svg.contains("momentum"))
        let parsed = XMLParser(data: Data(svg.utf8))
        #expect(parsed.parse(), "the SVG is well-formed XML")
    }
}
