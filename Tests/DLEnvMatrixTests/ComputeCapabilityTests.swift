import DLEnvCore
import Testing

@testable import DLEnvMatrix

@Suite struct ComputeCapabilityTests {
    @Test(arguments: [
        ("8.6", "sm_86"), ("86", "sm_86"), ("sm_90a", "sm_90"), ("compute_120", "sm_120"), ("12.1", "sm_121"),
    ])
    func parses(text: String, sm: String) {
        #expect(ComputeCapability(text)?.sm == sm)
    }

    @Test(arguments: ["", "8", "x.y", "sm_", "8.10", "1234"])
    func rejects(text: String) { #expect(ComputeCapability(text) == nil) }

    @Test func binaryCompatibilityInsideAMajor() {
        let cc = { (s: String) in ComputeCapability(s)! }
        #expect(cc("8.6").sassRuns(on: cc("8.9")))
        #expect(cc("8.0").sassRuns(on: cc("8.6")))
        #expect(cc("12.0").sassRuns(on: cc("12.1")))
        #expect(!cc("8.9").sassRuns(on: cc("8.6")))
        #expect(!cc("9.0").sassRuns(on: cc("10.0")))
        // Exceptions: Jetson Orin (8.7) and Thor under its old number (10.1).
        #expect(!cc("8.6").sassRuns(on: cc("8.7")))
        #expect(!cc("10.0").sassRuns(on: cc("10.1")))
        #expect(cc("10.0").sassRuns(on: cc("10.3")))
    }

    @Test func archSpecificAndPTXEntries() throws {
        let a = try #require(ArchEntry("sm_90a"))
        #expect(a.isArchSpecific && !a.isPTX)
        #expect(a.servesNatively(ComputeCapability("9.0")!))
        let b = try #require(ArchEntry("sm_100a"))
        #expect(!b.servesNatively(ComputeCapability("10.3")!))
        let ptx = try #require(ArchEntry("compute_90"))
        #expect(ptx.servesByJIT(ComputeCapability("12.0")!))
        #expect(!ptx.servesByJIT(ComputeCapability("8.9")!))
        #expect(!ptx.servesNatively(ComputeCapability("9.0")!))
        #expect(ArchEntry("gfx90a") == nil)
    }
}

@Suite struct AcceleratorSpecTests {
    @Test func parsesEveryForm() throws {
        #expect(try AcceleratorSpec(parsing: "auto") == .auto)
        #expect(try AcceleratorSpec(parsing: "CPU") == .cpu)
        #expect(try AcceleratorSpec(parsing: "cu121") == .variant("cu121"))
        #expect(try AcceleratorSpec(parsing: "cuda>=12.1") == .cuda(try VersionSpec(parsing: ">=12.1")))
        #expect(try AcceleratorSpec(parsing: "cuda") == .cuda(.any))
        if case .rocm(let spec) = try AcceleratorSpec(parsing: "rocm6.1") {
            #expect(spec.contains(Version("6.1")!))
            #expect(spec.contains(Version("6.1.3")!))
            #expect(!spec.contains(Version("6.2")!))
        } else {
            Issue.record("rocm6.1 is not a ROCm range")
        }
    }

    @Test(arguments: ["tpu", "cuda>>12", "rocm>=6,<5", "cu"])
    func rejectsWithAFix(text: String) {
        #expect(throws: DiagnosticsError.self) { try AcceleratorSpec(parsing: text) }
    }
}
