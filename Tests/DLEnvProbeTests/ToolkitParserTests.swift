import Testing

@testable import DLEnvProbe

/// CUDA toolkit, cuDNN, NCCL, ROCm, Jetson and environment parsers (reference/probe.md §4-7).
@Suite struct ToolkitParserTests {
    @Test(arguments: [
        ("F4.2a", "13.3.1"), ("F4.2b", "11.8.89"), ("F4.2c", "11.5.2"), ("F4.2d", "12.6.85"), ("F4.2e", "12.2.140"),
    ])
    func versionJSON(id: String, version: String) {
        #expect(CUDAToolkitVersion.parseJSON(FixtureSupport.corpus(id)) == version)
    }

    @Test func versionText() {
        #expect(CUDAToolkitVersion.parseText(FixtureSupport.corpus("F4.3a")) == "10.2.89")
        #expect(CUDAToolkitVersion.parseText(FixtureSupport.corpus("F4.3b")) == "10.0.130")
    }

    @Test(arguments: [
        ("F4.4a", "10.1.243"), ("F4.4b", "10.2.89"), ("F4.4c", "11.0.194"), ("F4.4d", "11.1.105"),
        ("F4.4e", "11.5.119"), ("F4.4f", "11.8.89"), ("F4.4g", "12.1.66"), ("F4.4h", "12.1.66"),
        ("F4.4i", "12.4.131"), ("F4.4j", "12.5.40"), ("F4.4k", "12.8.93"), ("F4.4l", "13.0.88"),
    ])
    func nvcc(id: String, version: String) {
        #expect(CUDAToolkitVersion.parseNVCC(FixtureSupport.corpus(id)) == version)
    }

    @Test func nvccNotInstalled() { #expect(CUDAToolkitVersion.parseNVCC(FixtureSupport.corpus("F4.4m")) == nil) }

    @Test(arguments: [("F5.1a", "9.1.0"), ("F5.1b", "9.10.1"), ("F5.1c", "8.0.5"), ("F5.1d", "7.6.1")])
    func cudnnHeader(id: String, version: String) {
        #expect(LibraryVersion.cudnnHeader(FixtureSupport.corpus(id)) == version)
    }

    @Test(arguments: [("F5.2a", "2.17.1"), ("F5.2b", "2.27.7"), ("F5.2c", "2.18.3")])
    func ncclHeader(id: String, version: String) {
        #expect(LibraryVersion.ncclHeader(FixtureSupport.corpus(id)) == version)
    }

    @Test func libraryNames() {
        #expect(LibraryVersion.fromFileName("libcudnn.so.9.10.0", stem: "libcudnn") == "9.10.0")
        #expect(LibraryVersion.fromFileName("libcudnn.so.8", stem: "libcudnn") == "8")
        #expect(LibraryVersion.fromFileName("libcudnn_ops.so.9", stem: "libcudnn") == nil)
        #expect(LibraryVersion.fromFileName("libcuda.so.550.144.03", stem: "libcuda") == "550.144.03")
        #expect(LibraryVersion.openBLASFileName("libopenblasp-r0.3.21.so") == "0.3.21")
        #expect(LibraryVersion.distInfo("nvidia_cudnn_cu12-9.5.1.17.dist-info")?.version == "9.5.1.17")
        #expect(LibraryVersion.distInfo("nvidia_cudnn_cu12-9.5.1.17.dist-info")?.name == "nvidia-cudnn-cu12")
    }

    @Test func rocm() {
        #expect(ROCmFiles.infoVersion("6.2.2-116\n") == "6.2.2")
        #expect(ROCmFiles.infoVersion("7.14.0") == "7.14.0")
        #expect(ROCmFiles.infoVersion("garbage") == nil)
        #expect(ROCmFiles.hipVersion(FixtureSupport.corpus("F6.1a")) == "7.16.26331")
        #expect(ROCmFiles.hipVersion(FixtureSupport.corpus("F6.1b")) == "5.2.21152")
        #expect(LibraryVersion.rocmHeader("#define ROCM_VERSION_MAJOR 6\n#define ROCM_VERSION_MINOR 2\n") == "6.2.0")
    }

    @Test(arguments: [
        (90006, "gfx906"), (90010, "gfx90a"), (90402, "gfx942"), (90500, "gfx950"), (100300, "gfx1030"),
        (110000, "gfx1100"), (110501, "gfx1151"), (120001, "gfx1201"),
    ])
    func gfxNames(value: Int, name: String) {
        #expect(KFDNode(simdCount: 1, gfxTargetVersion: value).gfxName == name)
    }

    @Test func kfdNodes() throws {
        let gpu = try #require(KFDNode.parse(FixtureSupport.corpus("F6.2a")))
        #expect(gpu.isGPU && gpu.gfxName == "gfx1100" && gpu.deviceID == 29772)
        let cpu = try #require(KFDNode.parse(FixtureSupport.corpus("F6.2c")))
        #expect(!cpu.isGPU)
    }

    @Test(arguments: [
        ("F7.4a", "32.5.0", "t186ref"), ("F7.4b", "32.5.1", "t186ref"), ("F7.4c", "32.7.6", "t210ref"),
        ("F7.4d", "35.4.1", "t186ref"), ("F7.4e", "36.4.7", "generic"),
    ])
    func tegra(id: String, l4t: String, board: String) {
        let r = TegraRelease.parse(FixtureSupport.corpus(id))
        #expect(r?.l4t == l4t)
        #expect(r?.board == board)
    }

    @Test func environment() {
        #expect(HostEnvironment.isWSLKernel(FixtureSupport.corpus("F7.1a")))
        #expect(HostEnvironment.isWSLKernel(FixtureSupport.corpus("F7.1b")))
        #expect(HostEnvironment.isWSL1Kernel(FixtureSupport.corpus("F7.1c")))
        #expect(!HostEnvironment.isWSL1Kernel(FixtureSupport.corpus("F7.1b")))
        #expect(!HostEnvironment.isWSLKernel("6.18.44-fc-v782"))
        #expect(HostEnvironment.cgroupNamesContainer("12:pids:/docker/0123abcd\n"))
        #expect(HostEnvironment.cgroupNamesContainer("3:cpu:/kubepods/burstable/pod1/abc\n"))
        #expect(!HostEnvironment.cgroupNamesContainer("0::/\n"))
        #expect(HostEnvironment.VisibleDevices.parse("all") == .all)
        #expect(HostEnvironment.VisibleDevices.parse("") == .void)
        #expect(HostEnvironment.VisibleDevices.parse("0, GPU-abc") == .list(["0", "GPU-abc"]))
    }
}
