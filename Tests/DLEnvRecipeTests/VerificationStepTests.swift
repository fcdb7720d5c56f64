import Testing

@testable import DLEnvRecipe

@Suite struct VerificationStepTests {
    let base = VerificationStep(
        files: [.init(path: "/opt/dlenv/check_image.py", content: "pass\n")],
        buildCommands: [["python", "/opt/dlenv/check_image.py", "--build"]], runtimeCommand: ["python"],
        summary: "import check")

    @Test func theTwinIsAddedForATorchItRunsOn() {
        let step = base.addingTwin("# twin\n", torch: "2.13.0+cu126")
        #expect(step.files.map(\.path) == ["/opt/dlenv/check_image.py", VerificationStep.twinPath])
        #expect(step.buildCommands.count == 2)
        #expect(step.buildCommands.last == [Toolchain.python, VerificationStep.twinPath, "--check"])
        #expect(step.runtimeCommand == base.runtimeCommand)
    }

    @Test func anOlderTorchKeepsTheImportCheckAlone() {
        #expect(base.addingTwin("# twin\n", torch: "2.0.1") == base)
        #expect(base.addingTwin("# twin\n", torch: "1.4.0") == base)
        #expect(base.addingTwin("# twin\n", torch: "2.1.0") != base)
    }

    @Test func twoBuildCommandsRenderAsOneRun() throws {
        var plan = try SamplePlans.plan("name: cpu-only\naccelerator: cpu\n", stack: SamplePlans.cpu)
        plan.verification = plan.verification?.addingTwin("# twin\n", torch: "2.13.0")
        let text = DockerfileRenderer.render(plan)
        #expect(text.contains("COPY .dlenv/check_image.py .dlenv/verify.py /opt/dlenv/\n"))
        let files = DockerfileRenderer.contextFiles(plan)
        #expect(files.map(\.path) == [".dlenv/check_image.py", ".dlenv/verify.py"])
        #expect(files.last?.contents == "# twin\n")
        #expect(text.contains("--build \\\n    && \(Toolchain.python) \(VerificationStep.twinPath) --check\n"))
    }
}
