import DLEnvCore
import Foundation
import Testing

@testable import DLEnvProbe

/// Every host scenario (Fixtures/hosts/<name>: captured files and command outputs from reference/probe.md, and
/// the facts a correct probe must report) run through the real `HostProbe` over a `FakeSystem`.
@Suite struct FixtureScenarioTests {
    @Test func everyScenarioIsFound() {
        #expect(FixtureSupport.scenarios.count >= 30)
    }

    @Test(arguments: FixtureSupport.scenarios)
    func scenario(_ name: String) throws {
        let system = try FixtureSupport.scenario(name)
        let expected = try FixtureSupport.expected(name)
        let report = HostProbe(system: system).run()
        let f = report.facts

        if let driver = expected["driver"] {
            #expect(f.driver?.version == driver as? String, "driver")
        }
        if let source = expected["driver_source"] as? String { #expect(f.driver?.source == source) }
        if let cuda = expected["cuda_version"] { #expect(f.driver?.cudaVersion == cuda as? String, "cuda_version") }
        if let count = expected["gpu_count"] as? Int { #expect(f.gpus.count == count, "gpu count") }
        if let names = expected["gpu_names"] as? [Any] {
            #expect(f.gpus.map(\.name) == names.map { $0 as? String })
        }
        if let uuids = expected["gpu_uuids"] as? [String] { #expect(f.gpus.compactMap(\.uuid) == uuids) }
        if let ccs = expected["compute_capabilities"] as? [String] {
            #expect(f.gpus.compactMap(\.computeCapability) == ccs)
        }
        if let memory = expected["memory_mib"] as? [Int] { #expect(f.gpus.compactMap(\.memoryMiB) == memory) }
        if let mig = expected["mig"] as? [Any] { #expect(f.gpus.map(\.mig) == mig.map { $0 as? Bool }) }
        if let source = expected["gpu_source"] as? String { #expect(f.gpus.allSatisfy { $0.source == source }) }
        #expect(f.wsl == (expected["wsl"] as? Bool ?? false), "wsl")
        #expect(f.container == (expected["container"] as? Bool ?? false), "container")
        if let jetson = expected["jetson"] as? String { #expect(f.jetson == jetson) } else { #expect(f.jetson == nil) }
        if let toolkits = expected["toolkits"] as? [String] { #expect(f.toolkits.map(\.version) == toolkits) }
        if let cudnn = expected["cudnn"] as? [String] { #expect(f.cudnn.map(\.version) == cudnn) }
        if let nccl = expected["nccl"] as? [String] { #expect(f.nccl.map(\.version) == nccl) }
        if let rocm = expected["rocm"] as? String { #expect(f.rocm?.version == rocm) }
        if let gfx = expected["gfx"] as? [String] { #expect(f.rocm?.gfxTargets == gfx) }
        if let model = expected["cpu_model"] as? String { #expect(f.cpu?.model == model) }
        if let cores = expected["cpu_cores"] as? Int { #expect(f.cpu?.cores == cores) }
        if let peak = expected["fp32_peak"] as? Double { #expect(f.cpu?.fp32PeakGflops == peak) }
        if let v = expected["blas_version"] as? String { #expect(f.blas?.version == v) }
        if let core = expected["blas_core"] as? String { #expect(f.blas?.core == core) }
        if let pythons = expected["pythons"] as? [[String: String]] {
            #expect(f.pythons.count == pythons.count)
            for (p, e) in zip(f.pythons, pythons) {
                #expect(p.path == e["path"])
                #expect(p.version == e["version"])
                #expect(p.torch?.version == e["torch"])
            }
        }
        for (key, value) in expected["details"] as? [String: String] ?? [:] {
            #expect(report.details[key]?.contains(value) == true, "details[\(key)] = \(report.details[key] ?? "nil")")
        }
        if let warnings = expected["warnings"] as? [String] {
            if warnings.isEmpty { #expect(f.warnings.isEmpty, "unexpected warnings: \(f.warnings)") }
            for w in warnings {
                #expect(f.warnings.contains { $0.contains(w) }, "no warning contains '\(w)': \(f.warnings)")
            }
        }
        // Every GPU and the driver name the source that answered.
        #expect(f.gpus.allSatisfy { $0.source != nil })
        if let d = f.driver { #expect(d.source != nil) }
    }

    /// The report is the HostFacts JSON (decodable as HostFacts by check/resolve) plus sources and details.
    @Test func reportEncodesAsHostFacts() throws {
        let report = HostProbe(system: try FixtureSupport.scenario("r570-mixed-titanv-rtx5880-query")).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let decoded = try JSONDecoder().decode(HostFacts.self, from: data)
        #expect(decoded == report.facts)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        for key in [
            "gpus", "driver", "toolkits", "cudnn", "nccl", "container", "wsl", "pythons", "warnings", "sources",
            "details",
        ] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        let gpu = (object["gpus"] as? [[String: Any]])?.first ?? [:]
        #expect(gpu["compute_capability"] as? String == "7.0")
    }

    /// --no-exec runs nothing: commands and libraries of the scenario are never asked.
    @Test func noExecRunsNothing() throws {
        let system = try FixtureSupport.scenario("workstation-toolkits-cudnn-nccl-python")
        let report = HostProbe(system: system, options: ProbeOptions(noExec: true)).run()
        #expect(report.facts.driver?.source == "/sys/module/nvidia/version")
        #expect(report.facts.driver?.cudaVersion == nil)
        #expect(report.facts.pythons.allSatisfy { $0.error == "not examined (--no-exec)" })
        #expect(!report.facts.toolkits.contains { $0.version == "11.5.119" })
    }

    /// NVML, when it answers, is the first source: nothing else is needed.
    @Test func nvmlAnswersFirst() {
        let nvml = NVMLSnapshot(
            driverVersion: "550.144.03", cudaDriverVersion: 12040,
            devices: [
                .init(
                    index: 0, name: "NVIDIA A100-SXM4-80GB", uuid: "GPU-1", ccMajor: 8, ccMinor: 0,
                    memoryTotalBytes: 85_899_345_920, migMode: 1, migDevices: 7),
                .init(index: 1, error: 4),
            ])
        let system = FakeSystem(
            files: ["/sys/module/nvidia/version": "550.144.03\n"], commands: ["nvidia-smi.query": .hang], nvml: nvml)
        let f = HostProbe(system: system).run().facts
        #expect(f.driver == HostFacts.Driver(version: "550.144.03", cudaVersion: "12.4", source: "nvml"))
        #expect(f.gpus.first?.computeCapability == "8.0")
        #expect(f.gpus.first?.memoryMiB == 81920)
        #expect(f.gpus.first?.mig == true)
        #expect(f.warnings.contains { $0.contains("Insufficient Permissions") })
        // GPU 1 has no capability, so nvidia-smi is asked, hangs, and is reported.
        #expect(f.warnings.contains { $0.contains("hung") })
    }

    /// libcuda fills the CUDA version when only the kernel module files answer.
    @Test func libcudaGivesCudaVersion() {
        let system = FakeSystem(files: ["/sys/module/nvidia/version": "535.54.03\n"], cudaDriverVersion: 12020)
        let d = HostProbe(system: system).run().facts.driver
        #expect(d?.version == "535.54.03")
        #expect(d?.cudaVersion == "12.2")
    }

    /// An empty machine is a normal result: no GPU, no driver, no warnings.
    @Test func emptyMachineIsNormal() {
        let f = HostProbe(system: FakeSystem()).run().facts
        #expect(f.gpus.isEmpty && f.driver == nil && f.warnings.isEmpty)
        #expect(f.blas?.note?.contains("no OpenBLAS") == true)
    }
}
