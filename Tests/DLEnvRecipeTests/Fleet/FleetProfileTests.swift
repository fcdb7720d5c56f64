import DLEnvCore
import DLEnvMatrix
import Testing

@testable import DLEnvRecipe

/// `dlenv check --profile fleet.yaml`: the declared fleet, read with Yams; bad input names its line and a fix.
@Suite struct FleetProfileTests {
    static let matrix = try! CompatibilityMatrix.embedded()

    func parse(_ text: String) throws(DiagnosticsError) -> FleetProfile {
        try FleetProfile.parse(text, file: "fleet.yaml", matrix: Self.matrix)
    }

    @Test func aFlowListOfNamesCapabilitiesAndTargets() throws {
        let profile = try parse(
            """
            # our fleet
            os: Linux                  # any case
            driver: 535.104.05         # the oldest
            gpus: [NVIDIA A100-SXM4-80GB, "8.6", sm_90, gfx942]

            """)
        #expect(profile.os == .linux && profile.driver == "535.104.05")
        #expect(profile.gpus.map(\.index) == [0, 1, 2, 3])
        #expect(
            profile.gpus[0].name == "NVIDIA A100-SXM4-80GB" && profile.gpus[0].computeCapability?.description == "8.0")
        #expect(profile.gpus[1].name == nil && profile.gpus[1].computeCapability?.description == "8.6")
        #expect(profile.gpus[2].computeCapability?.description == "9.0")
        #expect(profile.gpus[3].gfx == "gfx942" && profile.gpus[3].computeCapability == nil)
        let facts = profile.facts
        #expect(facts.os == .linux)
        #expect(facts.driver == HostFacts.Driver(version: "535.104.05", source: "declared"))
        #expect(facts.gpus.map(\.computeCapability) == ["8.0", "8.6", "9.0", nil])
        #expect(facts.gpus.allSatisfy { $0.source == "declared" })
    }

    @Test func aBlockListOneValueOrNone() throws {
        let block = try parse("os: windows\ndriver: '551.61'\ngpus:\n  - \"8.0\"\n  - sm_90\n")
        #expect(block.os == .windows && block.driver == "551.61")
        #expect(block.gpus.compactMap { $0.computeCapability?.description } == ["8.0", "9.0"])
        #expect(try parse("driver: 535\ngpus: sm_86\n").gpus.map(\.computeCapability?.description) == ["8.6"])
        #expect(try parse("driver: 535\ngpus:\n").gpus.isEmpty)
        #expect(try parse("# nothing declared\n") == FleetProfile())
        #expect(try parse("") == FleetProfile())
    }

    /// (file, message, line, remedy): every problem names fleet.yaml:line (no column) and says what to write.
    @Test(
        arguments: [
            ("drivr: 535\n", "unknown key 'drivr'", 1, "did you mean 'driver'?"),
            ("driver: 535\ncolour: red\n", "unknown key 'colour'", 2, "the keys are os, driver and gpus"),
            ("os: macos\n", "os 'macos' is not linux or windows", 1, "write os: linux"),
            ("os:\n  name: linux\n", "os must be one value, linux or windows", 2, "write os: linux"),
            ("driver: abc\n", "driver 'abc' is not a version", 1, "e.g. driver: 535.104.05"),
            ("driver:\n", "driver '' is not a version", 1, "e.g. driver: 535.104.05"),
            ("driver: [535, 550]\n", "driver must be one version", 1, "e.g. driver: 535.104.05"),
            ("gpus:\n  A100: 8\n", "gpus must be a list", 2, "write gpus: [A100, \"8.6\"]"),
            ("gpus:\n  - [\"8.0\"]\n", "an item of gpus must be a GPU name or a compute capability", 2, "gpus: [A100"),
            ("driver: 535\ndriver: 550\n", "duplicate key 'driver'", 1, "keep one 'driver'"),
            ("- NVIDIA L4\n", "a list item outside 'gpus:'", 1, "list GPUs under 'gpus:'"),
            ("garbage\n", "expected 'key: value'", 1, "write os:, driver: and gpus: lines"),
            ("driver: 535\ngarbage\n", "expected 'key: value'", 2, "write os:, driver: and gpus: lines"),
            ("driver: 535\ngpus: [A100, \"8.6\"\n", "unclosed '[' in gpus", 2, "write gpus: [A100, \"8.6\"]"),
            ("driver: 535\ngpus:\n  - \"8.0\"\n  - Tesla Q9999\n", "unknown GPU 'Tesla Q9999'", 4, "8.6"),
        ] as [(String, String, Int, String)])
    func badInput(_ text: String, message: String, line: Int, remedy: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.diagnostics.count == 1, "\(error.diagnostics)")
            let d = error.diagnostics.first
            #expect(d?.message == message)
            #expect(d?.location == SourceLocation(file: "fleet.yaml", line: line))
            #expect(d?.remedy?.contains(remedy) == true, "remedy: \(d?.remedy ?? "none")")
        }
    }

    @Test func anUnknownGPUNameSuggestsTheNearest() {
        #expect(throws: DiagnosticsError.self) { try parse("gpus: [NVIDIA A100-SXM4-80G]\n") }
        do { _ = try parse("gpus: [NVIDIA A100-SXM4-80G]\n") } catch {
            #expect(error.diagnostics.first?.remedy?.hasPrefix("did you mean 'NVIDIA A100-SXM4-80GB'") == true)
        }
    }

    /// One run reports every problem of the file, in file order.
    @Test func everyProblemAtOnce() {
        do {
            _ = try parse("drivr: 535\nos: solaris\ngpus: [\"8.0\", Foo9000]\n")
            Issue.record("accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.message) == [
                    "unknown key 'drivr'", "os 'solaris' is not linux or windows", "unknown GPU 'Foo9000'",
                ])
            #expect(error.diagnostics.map { $0.location?.line } == [1, 2, 3])
        }
    }
}
