import DLEnvCore
import Testing

@testable import DLEnvMatrix

/// Resolver scenarios on the repository's matrix: each names the broken link and the numbers.
@Suite struct ResolverScenarioTests {
    let matrix = MatrixFiles.matrix

    func gpu(_ index: Int, _ name: String) -> GPURequirement { GPURequirement(index: index, name: name) }

    /// The reasons of a rejected candidate; a candidate ending in "/" matches any Python.
    func reasons(_ r: Resolution, _ candidate: String) -> [String] {
        let match = { (c: String) in candidate.hasSuffix("/") ? c.hasPrefix(candidate) : c == candidate }
        return r.rejected.first { match($0.candidate) }?.reasons ?? []
    }

    @Test func oldDriverRejectsCUDA12WheelsButKeepsCUDA11() throws {
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "==2.4.1"), python: Version("3.11"), driver: Version("470.82.01"),
            gpus: [gpu(0, "Tesla T4")])
        let r = matrix.resolve(request)
        #expect(r.stacks.map(\.variant) == ["cu118"])
        #expect(
            reasons(r, "torch 2.4.1+cu121 / Python 3.11") == [
                "driver 470.82.01 < 525.60.13 required by CUDA 12.x wheels (minor-version compatibility)"
            ])
    }

    @Test func pascalGPUWithTheNewestTorch() throws {
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "2.15"), driver: Version("590.44.01"),
            gpus: [gpu(0, "NVIDIA GeForce GTX 1080 Ti")])
        let r = matrix.resolve(request)
        #expect(r.stacks.isEmpty)
        #expect(
            reasons(r, "torch 2.15.0+cu132 /").contains(
                "GPU 0 NVIDIA GeForce GTX 1080 Ti (sm_61) is not in the arch list of torch 2.15.0+cu132 (sm_75 … sm_120)"
            ))
        // Without a version constraint the newest torch that still has Pascal kernels wins: 2.14's cu126 build
        // (2.15 dropped CUDA 12.6 and with it every GPU before Turing).
        let any = matrix.resolve(ResolveRequest(driver: Version("590.44.01"), gpus: [gpu(0, "GTX 1080 Ti")]))
        #expect(any.stacks.first.map { "\($0.torch)+\($0.variant)" } == "2.14.1+cu126")
    }

    @Test func blackwellWithAnOldTorch() throws {
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "2.4"), driver: Version("575.51.03"),
            gpus: [gpu(0, "NVIDIA GeForce RTX 5090")])
        let r = matrix.resolve(request)
        #expect(r.stacks.isEmpty)
        #expect(
            reasons(r, "torch 2.4.1+cu124 / Python 3.12").contains(
                "GPU 0 NVIDIA GeForce RTX 5090 (sm_120) is not in the arch list of torch 2.4.1+cu124 (sm_50 … sm_90)"))
        let newer = matrix.resolve(
            ResolveRequest(driver: Version("575.51.03"), gpus: [gpu(0, "NVIDIA GeForce RTX 5090")]))
        // 575 is below the CUDA 13 floor, so cu128 is the newest CUDA this host can run; 2.11 is its last release.
        #expect(newer.stacks.first.map { "\($0.torch)+\($0.variant)" } == "2.11.0+cu128")
    }

    @Test func pythonTooNew() throws {
        let request = ResolveRequest(torch: try VersionSpec(parsing: "2.4"), python: Version("3.13"), accelerator: .cpu)
        let r = matrix.resolve(request)
        #expect(r.stacks.isEmpty)
        #expect(
            reasons(r, "torch 2.4.1+cpu / Python 3.13") == [
                "Python 3.13 is newer than 3.12, the newest torch 2.4.1 supports"
            ])
        let old = matrix.resolve(
            ResolveRequest(torch: try VersionSpec(parsing: "2.10"), python: Version("3.9"), accelerator: .cpu))
        #expect(
            reasons(old, "torch 2.10.0+cpu / Python 3.9") == [
                "Python 3.9 is older than 3.10, the oldest torch 2.10.0 supports"
            ])
    }

    @Test func windowsDriverFloors() throws {
        let torch = try VersionSpec(parsing: "2.10")
        let low = matrix.resolve(ResolveRequest(torch: torch, os: .windows, driver: Version("527.27")))
        #expect(low.stacks.isEmpty)
        #expect(
            reasons(low, "torch 2.10.0+cu128 / Python 3.14") == [
                "driver 527.27 < 527.41 required by CUDA 12.x wheels (minor-version compatibility)"
            ])
        // The same number passes on Linux, whose 12.x floor is 525.60.13.
        let linux = matrix.resolve(ResolveRequest(torch: torch, os: .linux, driver: Version("527.27")))
        #expect(linux.stacks.map(\.variant) == ["cu128", "cu126"])
        let ok = matrix.resolve(ResolveRequest(torch: torch, os: .windows, driver: Version("528.24")))
        #expect(ok.stacks.map(\.variant) == ["cu128", "cu126"])
        #expect(ok.stacks.first?.minDriverWindows == "527.41")
    }

    @Test func mixedGPUHostJudgesEachGPU() throws {
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "2.10"), driver: Version("580.95.05"),
            gpus: [gpu(0, "NVIDIA GeForce RTX 4090"), gpu(1, "NVIDIA GeForce GTX 1080 Ti")])
        let r = matrix.resolve(request)
        #expect(r.stacks.map(\.variant) == ["cu126"])
        let cu130 = reasons(r, "torch 2.10.0+cu130 / Python 3.14")
        #expect(cu130.count == 1)
        #expect(cu130.first?.hasPrefix("GPU 1 NVIDIA GeForce GTX 1080 Ti (sm_61)") == true)
        let links = matrix.links(torch: Version("2.10.0")!, variant: "cu126", request: request)
        #expect(
            links.first { $0.name == "arch:GPU 0" }?.detail
                == "GPU 0 NVIDIA GeForce RTX 4090 (sm_89) runs the sm_86 kernels of torch 2.10.0+cu126 (binary compatibility within 8.x)"
        )
        #expect(links.allSatisfy { $0.ok })
    }

    @Test func jetsonOrinIsNotServedBySm86() throws {
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "2.10"), accelerator: .variant("cu126"), gpus: [gpu(0, "Orin")])
        let r = matrix.resolve(request)
        #expect(r.stacks.isEmpty)
        #expect(
            reasons(r, "torch 2.10.0+cu126 / Python 3.14").contains(
                "GPU 0 Orin (sm_87) is not in the arch list of torch 2.10.0+cu126 (sm_50 … sm_90)"))
        #expect(r.notes.contains { $0.hasPrefix("GPU 0 Orin comes in aarch64 systems") })
        // By capability alone, a Tegra GPU gets the same note.
        let byCC = matrix.resolve(
            ResolveRequest(gpus: [GPURequirement(index: 0, computeCapability: ComputeCapability("8.7"))]))
        #expect(byCC.notes.contains { $0.contains("aarch64") })
    }

    @Test func ptxJITServesANewerGPUWithANewEnoughDriver() throws {
        let cc13 = GPURequirement(index: 0, computeCapability: ComputeCapability("13.0"))
        let request = ResolveRequest(
            torch: try VersionSpec(parsing: "2.10"), driver: Version("600.1"), gpus: [cc13])
        let r = matrix.resolve(request)
        #expect(r.stacks.map(\.variant) == ["cu130"])
        let link = matrix.links(torch: Version("2.10.0")!, variant: "cu130", request: request)
            .first { $0.name == "arch:GPU 0" }
        #expect(link?.detail.contains("PTX JIT of compute_120") == true)
    }

    @Test func cpuOnlyHost() {
        let r = matrix.resolve(ResolveRequest())
        #expect(!r.stacks.isEmpty)
        #expect(r.stacks.allSatisfy { $0.variant == "cpu" && $0.cuda == nil })
        #expect(r.stacks.first?.torch == "2.15.0")
        #expect(r.rejected.isEmpty)
    }

    @Test func rocmNeedsAnAMDHostOrAnExplicitAccelerator() throws {
        let amd = matrix.resolve(
            ResolveRequest(
                torch: try VersionSpec(parsing: "2.4"), gpus: [gpu(0, "AMD Instinct MI300X")], rocm: Version("6.1.2")))
        #expect(
            amd.stacks.map { "\($0.torch)+\($0.variant)" } == [
                "2.4.1+rocm6.1", "2.4.1+rocm6.0", "2.4.0+rocm6.1", "2.4.0+rocm6.0",
            ])
        let explicit = matrix.resolve(
            ResolveRequest(
                torch: try VersionSpec(parsing: "==2.4.1"), accelerator: try AcceleratorSpec(parsing: "rocm6.1")))
        #expect(explicit.stacks.map(\.variant) == ["rocm6.1"])
        #expect(explicit.stacks.first?.rocm == "6.1")
        let nvidia = matrix.resolve(
            ResolveRequest(
                torch: try VersionSpec(parsing: "==2.4.1"), accelerator: .rocm(.any), gpus: [gpu(0, "Tesla T4")]))
        #expect(nvidia.stacks.isEmpty)
        #expect(
            reasons(nvidia, "torch 2.4.1+rocm6.1 / Python 3.12") == [
                "GPU 0 Tesla T4 is an NVIDIA GPU; torch 2.4.1+rocm6.1 needs an AMD GPU"
            ])
        let windows = matrix.resolve(
            ResolveRequest(torch: try VersionSpec(parsing: "==2.4.1"), accelerator: .variant("rocm6.1"), os: .windows))
        #expect(reasons(windows, "torch 2.4.1+rocm6.1 / Python 3.12").first?.contains("no windows wheels") == true)
    }

    @Test func rankingPrefersNewestCUDAThenPyPIDefault() throws {
        let r = matrix.resolve(
            ResolveRequest(torch: try VersionSpec(parsing: "2.4"), driver: Version("560.35.05")))
        #expect(
            r.stacks.map { "\($0.torch)+\($0.variant)" }.prefix(3) == ["2.4.1+cu124", "2.4.1+cu121", "2.4.1+cu118"])
        let cu121 = r.stacks.first { $0.variant == "cu121" }
        #expect(cu121?.pypiDefault == true)
        #expect(cu121?.indexURL == nil)
        #expect(r.stacks.first?.indexURL == "https://download.pytorch.org/whl/cu124")
    }

    @Test func torchvisionConstraint() throws {
        let r = matrix.resolve(
            ResolveRequest(torch: try VersionSpec(parsing: "2.4"), torchvision: try VersionSpec(parsing: "==0.19.0")))
        #expect(r.stacks.map(\.torch) == ["2.4.0"])
        #expect(
            reasons(r, "torch 2.4.1+cpu / Python 3.12") == [
                "torch 2.4.1 pairs with torchvision 0.19.1, outside the requested ==0.19.0"
            ])
    }

    @Test func unknownGPUNameIsANoteNotACrash() {
        let r = matrix.resolve(ResolveRequest(driver: Version("580.65.06"), gpus: [gpu(0, "Mystery GPU 9000")]))
        #expect(!r.stacks.isEmpty)
        #expect(r.notes.contains { $0.contains("Mystery GPU 9000") })
    }

    @Test func releaseWithItsOwnIndexHasNoPyPIDefault() throws {
        // A release-level index_url (the 1.8.2 LTS lives on whl/lts/1.8/<variant>) overrides every variant's.
        var m = matrix
        let si = try #require(m.series.firstIndex { $0.series == Version(1, 8) })
        let ri = try #require(m.series[si].releases.firstIndex { $0.version == Version(1, 8, 2) })
        m.series[si].releases[ri].indexURL = "https://download.pytorch.org/whl/lts/1.8/{variant}"
        let r = m.resolve(
            ResolveRequest(torch: try VersionSpec(parsing: "==1.8.2"), python: Version("3.8"), accelerator: .cpu))
        let stack = try #require(r.stacks.first)
        #expect(stack.indexURL == "https://download.pytorch.org/whl/lts/1.8/cpu")
        #expect(stack.pypiDefault == false)
        let cu102 = m.stack(torch: Version(1, 8, 2), variant: m.series[si].pypiDefault, python: "3.8")
        #expect(cu102?.pypiDefault == false)
        #expect(cu102?.indexURL == "https://download.pytorch.org/whl/lts/1.8/\(m.series[si].pypiDefault)")
    }
}
