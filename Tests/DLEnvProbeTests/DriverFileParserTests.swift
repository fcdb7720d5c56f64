import Testing

@testable import DLEnvProbe

/// /proc/driver/nvidia/version, /sys/module/nvidia/version and gpus/*/information (reference/probe.md §1).
@Suite struct DriverFileParserTests {
    @Test(arguments: [
        ("F1.1a", "384.98", false, "x86_64"), ("F1.1b", "375.74", false, "x86_64"),
        ("F1.1c", "550.144.03", true, "x86_64"), ("F1.1d", "565.57.01", true, "x86_64"),
        ("F1.1e", "525.60.11", true, "x86_64"), ("F1.1f", "555.58", true, "x86_64"),
        ("F1.1g", "35.3.1", true, "aarch64"),
    ])
    func procVersion(id: String, version: String, open: Bool, arch: String) throws {
        let parsed = try #require(DriverVersionFile.parse(FixtureSupport.corpus(id)))
        #expect(parsed.version == version)
        #expect(parsed.openModule == open)
        #expect(parsed.architecture == arch)
        #expect(!parsed.debugBuild)
    }

    @Test func procVersionRejectsGarbage() {
        #expect(DriverVersionFile.parse("") == nil)
        #expect(DriverVersionFile.parse("NVRM version: NVIDIA UNIX x86_64 Kernel Module  abc  date") == nil)
        #expect(DriverVersionFile.parse("NVRM version: NVIDIA UNIX x86_64 Kernel Module") == nil)
    }

    @Test func sysModuleVersion() {
        #expect(SysModuleVersion.parse(FixtureSupport.corpus("F1.2a")) == "550.144.03")
        #expect(SysModuleVersion.parse("550.144.03 extra") == nil)
        #expect(SysModuleVersion.parse("\n") == nil)
    }

    @Test func informationWithTabs() throws {
        let info = try #require(GPUInformation.parse(FixtureSupport.corpus("F1.3a")))
        #expect(info.model == "NVIDIA L4")
        #expect(info.uuid == "GPU-3291dfa4-fcc4-0110-615b-c894a0d7c689")
        #expect(info.busLocation == "0000:70:00.0")
        #expect(info.deviceMinor == 0)
        #expect(info.excluded == false)
    }

    @Test func informationExpandedTabsOldDriver() throws {
        let info = try #require(GPUInformation.parse(FixtureSupport.corpus("F1.3b")))
        #expect(info.model == "GeForce GTX 650")
        #expect(info.deviceMinor == nil)
        #expect(info.excluded == nil)
    }

    @Test func informationTailWithoutModelIsRejected() {
        // F1.3c is the tail of a file: no Model line, so no GPU can be named from it.
        #expect(GPUInformation.parse(FixtureSupport.corpus("F1.3c")) == nil)
    }

    @Test func busIDNormalisation() {
        #expect(GPUInformation.normalisedBusID("00000000:70:00.0") == "0000:70:00.0")
        #expect(GPUInformation.normalisedBusID("0000:70:00.0") == "0000:70:00.0")
    }
}
