import DLEnvCore
import Testing

@testable import DLEnvProbe

/// The facts the store's host identity is made of, read from files only (`HostProbe.identityFacts`).
@Suite struct HostIdentityFactsTests {
    static let cpuinfo = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 9654 96-Core Processor
        flags\t\t: fpu avx2 fma

        processor\t: 1
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 9654 96-Core Processor
        flags\t\t: fpu avx2 fma

        """
    static let proprietary =
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n"
        + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n"

    static func information(_ model: String, uuid: String, bus: String) -> String {
        "Model: \t\t \(model)\nIRQ: \t\t 44\nGPU UUID: \t\t \(uuid)\nBus Location: \t\t \(bus)\n"
    }

    /// A host with two H100s and, to prove nothing but files is read, an NVML and an nvidia-smi that disagree.
    static let h100s = FakeSystem(
        files: [
            "/proc/cpuinfo": cpuinfo,
            "/proc/driver/nvidia/version": proprietary,
            "/proc/driver/nvidia/gpus/0000:c1:00.0/information": information(
                "NVIDIA H100 80GB HBM3", uuid: "GPU-bbbb", bus: "0000:c1:00.0"),
            "/proc/driver/nvidia/gpus/0000:41:00.0/information": information(
                "NVIDIA H100 80GB HBM3", uuid: "GPU-aaaa", bus: "0000:41:00.0"),
        ],
        commands: [HostProbe.Commands.query.key: .output(status: 0, stdout: "0, Other GPU, GPU-x\n", stderr: "")],
        nvml: NVMLSnapshot(driverVersion: "999.99"), cudaDriverVersion: 12040)

    @Test func cpuDriverAndGPUsInPCIOrder() {
        let facts = HostProbe(system: Self.h100s).identityFacts()
        #expect(facts.cpu == HostFacts.CPU(model: "AMD EPYC 9654 96-Core Processor", cores: 2))
        #expect(facts.driver == HostFacts.Driver(version: "550.54.15", source: "/proc/driver/nvidia/version"))
        #expect(facts.gpus.map(\.index) == [0, 1])
        #expect(facts.gpus.map(\.name) == ["NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"])
        #expect(facts.gpus.map(\.uuid) == ["GPU-aaaa", "GPU-bbbb"])
        #expect(facts.gpus.allSatisfy { $0.source == "/proc/driver/nvidia/gpus" && $0.computeCapability == nil })
        #expect(facts.toolkits.isEmpty && facts.pythons.isEmpty && facts.blas == nil && facts.warnings.isEmpty)
    }

    /// The open kernel module's line ("Open Kernel Module for x86_64  550.144.03") names the driver too, and
    /// /sys/module/nvidia/version wins over /proc when both are there (the probe's order).
    @Test func openModuleAndSysModule() {
        let open = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.144.03  Release Build  (dvs-builder)\n"
        var system = FakeSystem(files: ["/proc/driver/nvidia/version": open])
        #expect(HostProbe(system: system).identityFacts().driver?.version == "550.144.03")
        system.files["/sys/module/nvidia/version"] = "550.144.04\n"
        #expect(
            HostProbe(system: system).identityFacts().driver
                == HostFacts.Driver(version: "550.144.04", source: "/sys/module/nvidia/version"))
    }

    /// A Jetson's /proc file holds the L4T release, not a driver; an empty machine has no identity facts at all.
    @Test func jetsonAndAnEmptyMachine() throws {
        let jetson = HostProbe(system: try FixtureSupport.scenario("jetson-orin-nx-r35-open-module")).identityFacts()
        #expect(jetson.driver == nil)
        let empty = HostProbe(system: FakeSystem()).identityFacts()
        #expect(empty.cpu == nil && empty.driver == nil && empty.gpus.isEmpty)
    }

    /// On every captured host the identity agrees with the full probe wherever the probe's answer came from the
    /// same files: the CPU always, the driver when a kernel-module file gave it, the GPUs when /proc listed them.
    @Test(arguments: FixtureSupport.scenarios)
    func agreesWithTheProbe(_ name: String) throws {
        let system = try FixtureSupport.scenario(name)
        let identity = HostProbe(system: system).identityFacts()
        let probed = HostProbe(system: system).run().facts
        #expect(identity.cpu?.model == probed.cpu?.model)
        #expect(identity.cpu?.cores == probed.cpu?.cores)
        if let driver = probed.driver, driver.source?.hasPrefix("/") == true {
            #expect(identity.driver?.version == driver.version)
        }
        if !probed.gpus.isEmpty, probed.gpus.allSatisfy({ $0.source == "/proc/driver/nvidia/gpus" }) {
            #expect(identity.gpus.map(\.name) == probed.gpus.map(\.name))
            #expect(identity.gpus.map(\.uuid) == probed.gpus.map(\.uuid))
        }
    }
}
