import Foundation
import Testing

@testable import DLEnvWorkloads

@Suite struct WorkloadTests {
    @Test(arguments: Workloads.ids)
    func passesItsChecksOnTheCore(id: String) {
        let w = Workloads.select([id]).workloads[0]
        let (figures, checks) = w.run(quick: true)
        #expect(!checks.isEmpty)
        for c in checks { #expect(c.passed, "\(id): \(c.name): \(c.detail)") }
        #expect(figures[w.headline] != nil, "\(id) lacks its headline figure \(w.headline)")
    }

    @Test func selectKeepsRegistryOrderAndReportsUnknownIDs() {
        let (picked, unknown) = Workloads.select(["gemm", "init-scale", "nope"])
        #expect(picked.map(\.id) == ["init-scale", "gemm"])
        #expect(unknown == ["nope"])
        #expect(Workloads.select([]).workloads.count == Workloads.all.count)
    }

    @Test func idsAreUnique() {
        #expect(Set(Workloads.ids).count == Workloads.ids.count)
    }

    @Test func theTwinScriptEmbedsEveryWorkloadsDataAndCompiles() throws {
        let script = TwinScript.source(for: Workloads.all)
        #expect(!script.contains("__DLENV_DATA__"))
        for id in Workloads.ids { #expect(script.contains("\"\(id.replacingOccurrences(of: "-", with: "_"))\":")) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [TestPython.executable, "-m", "py_compile", file.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func fatherSonTableIsWhatItsGeneratorMakes() {
        let (f, s) = FatherSonIQ.generate()
        #expect(f == FatherSonIQ.fathers)
        #expect(s == FatherSonIQ.sons)
        let mean = f.reduce(0, +) / 100
        #expect(abs(mean - 100) < 3)
    }
}

@Suite struct ComparisonTests {
    @Test func relativeAndAbsoluteTolerances() {
        let t = Tolerance.relative(1e-3, atol: 1e-6)
        #expect(t.distance(1.0005, 1.0) <= 1)
        #expect(t.distance(1.002, 1.0) > 1)
        #expect(t.distance(0, 5e-7) <= 1)
        #expect(Tolerance.exact().distance(1, 1) == 0)
        #expect(Tolerance.exact().distance(1, 1.0000001) == .infinity)
    }

    @Test func nonFiniteValuesMatchOnlyThemselves() {
        let t = Tolerance.relative(1e-3)
        #expect(t.distance(.nan, .nan) == 0)
        #expect(t.distance(.infinity, .infinity) == 0)
        #expect(t.distance(.infinity, -.infinity) == .infinity)
        #expect(t.distance(.nan, 1) == .infinity)
    }

    @Test func log10ComparesOrdersOfMagnitude() {
        let t = Tolerance.orderOfMagnitude(0.15)
        #expect(t.distance(1e12, 1.3e12) <= 1)
        #expect(t.distance(1e12, 2e12) > 1)
        #expect(t.description == "±0.15 decades")
    }

    @Test func comparisonFailsOnADifferenceAndSkipsFiguresTorchLacks() {
        var core = Figures()
        core.set("a", [1, 2, 3])
        core.set("b", 5)
        core.set("only_core", 1)
        var torch = Figures()
        torch.set("a", [1, 2, 3.1])
        torch.set("b", 5)
        let rules = ToleranceRules(.relative(1e-6), [("a", .relative(0.1))])
        let ok = WorkloadComparison.compare(core: core, torch: torch, rules: rules)
        #expect(ok.passed)
        #expect(ok.missingInTorch == ["only_core"])
        let strict = WorkloadComparison.compare(core: core, torch: torch, rules: ToleranceRules(.relative(1e-6)))
        #expect(!strict.passed)
        #expect(strict.worst?.name == "a")
    }

    @Test func figuresSurviveTheTwinsJSONIncludingNonFiniteValues() throws {
        var f = Figures()
        f.set("x", [1, .infinity, -.infinity])
        f.set("y", .nan)
        let text = try JSONEncoder().encode(f)
        let back = try JSONDecoder().decode(Figures.self, from: text)
        #expect(back["x"] == [1, .infinity, -.infinity])
        #expect(back["y"]?.first?.isNaN == true)
    }
}
