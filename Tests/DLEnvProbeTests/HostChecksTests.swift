import DLEnvCore
import Testing

@testable import DLEnvProbe

/// Host-level checks that combine several sources (reference/probe.md §7.3, §9.10, §9.11) and the pip wheels
/// the Python probe reports.
@Suite struct HostChecksTests {
    /// The official nvidia/cuda:12.4.1 image's requirement (F7.3a) on the captured A800 container (F2.3g, CUDA
    /// 12.2): the image needs a newer driver.
    @Test func imageRequirementAboveTheDriver() {
        let system = FakeSystem(
            files: ["/.dockerenv": ""], env: ["NVIDIA_REQUIRE_CUDA": FixtureSupport.corpus("F7.3a")],
            commands: ["nvidia-smi.banner": .output(status: 0, stdout: FixtureSupport.corpus("F2.3g"), stderr: "")])
        let f = HostProbe(system: system).run().facts
        #expect(f.driver?.cudaVersion == "12.2")
        #expect(f.warnings.contains { $0.contains("requires CUDA ≥ 12.4") && $0.contains("brand/driver window") })
    }

    @Test func imageRequirementMet() {
        let system = FakeSystem(
            env: ["NVIDIA_REQUIRE_CUDA": "cuda>=12.0"],
            commands: ["nvidia-smi.banner": .output(status: 0, stdout: FixtureSupport.corpus("F2.3i"), stderr: "")])
        #expect(HostProbe(system: system).run().facts.warnings.isEmpty)
    }

    @Test func stubLibrariesOnTheLibraryPath() {
        let system = FakeSystem(env: ["LD_LIBRARY_PATH": "/usr/local/cuda/lib64/stubs:/usr/lib"])
        #expect(HostProbe(system: system).run().facts.warnings.contains { $0.contains("lib64/stubs") })
    }

    /// pip's nvidia-cudnn-cu12 / nvidia-nccl-cu12 in an interpreter become cuDNN / NCCL entries with that source.
    @Test func pipWheelsInAPython() {
        let line =
            #"DLENV-PROBE {"version": "3.12.3", "executable": "/venv/bin/python3.12", "#
            + #""wheels": {"nvidia-cudnn-cu12": "9.5.1.17", "nvidia-nccl-cu12": "2.21.5"}, "torch": null}"#
        let system = FakeSystem(
            paths: ["python3": ["/venv/bin/python3"]],
            commands: ["python_venv_bin_python3": .output(status: 0, stdout: line + "\n", stderr: "")])
        let f = HostProbe(system: system).run().facts
        #expect(f.pythons.first?.version == "3.12.3")
        #expect(f.cudnn.map(\.version) == ["9.5.1.17"])
        #expect(f.cudnn.first?.source == "pip nvidia-cudnn-cu12 in /venv/bin/python3")
        #expect(f.nccl.map(\.version) == ["2.21.5"])
    }

    /// An interpreter that fails or hangs is reported on its own; the probe goes on.
    @Test func brokenInterpreters() {
        let system = FakeSystem(
            paths: ["python3": ["/a/python3"], "python": ["/b/python"]],
            commands: [
                "python_a_python3": .output(status: 1, stdout: "", stderr: "Traceback\nImportError: libfoo.so"),
                "python_b_python": .hang,
            ])
        let f = HostProbe(system: system, options: ProbeOptions(pythonTimeout: 2)).run().facts
        #expect(f.pythons.map(\.error) == ["exit 1: ImportError: libfoo.so", "timed out after 2 s"])
    }
}
