import DLEnvCore
import DLEnvMatrix
import Foundation
import Testing

@testable import DLEnvExplain

/// The join: facts of the log with the host (a saved report), the environment's torch and the matrix, through the
/// one fix engine.
@Suite struct JoinTests {
    func stackFixes(_ m: FailureMatch) -> [Fix] {
        m.fixes.compactMap { if case .stack(let f) = $0 { f } else { nil } }
    }
    func only(_ e: Explanation) throws -> FailureMatch { try #require(e.matches.first) }
    func actions(_ m: FailureMatch) -> [FixAction] {
        m.fixes.compactMap { if case .action(let a) = $0 { a } else { nil } }
    }

    /// 11040 = CUDA 11.4: the driver range it implies, the builds that driver runs and the floor of the newest.
    @Test func driverTooOldDecodesTheCUDAAndJoinsTheEngine() throws {
        let e = try ExplainFixtures.explain(file: "threads/driver-too-old-omost-120.log")
        let m = try #require(e.matches.first)
        #expect(m.facts["driver_cuda"] == .version(Version(11, 6)))
        #expect(m.facts["driver_floor"]?.description == "510.39.01" && m.facts["driver_branch"]?.text == "R510")
        let fixes = stackFixes(m)
        let runs = try #require(fixes.first { $0.kind == .otherTorch })
        #expect(runs.stack?.cuda.flatMap(Version.init).map { $0.major == 11 } == true)
        let upgrade = try #require(fixes.first { $0.kind == .upgradeDriver })
        #expect(upgrade.driver.map { $0 > Version(525) } == true && upgrade.installedDriver?.text == "510.39.01")
        #expect(m.notes.contains(.driverFromCUDA(cuda: "11.6", driver: "510.39.01")))
    }

    /// With the host's installed torch (2.4.0+cu121 on R470), the verdict's failing link and its ranked fixes.
    @Test func driverTooOldWithTheInstalledTorch() throws {
        let e = try ExplainFixtures.explain(file: "threads/driver-too-old-fooocus-1313.log", host: "rtx3090-r470")
        let m = try #require(e.matches.first)
        #expect(m.build?.label == "torch 2.4.0+cu121" && m.build?.source == .python("/opt/venv/bin/python"))
        #expect(m.links.map(\.kind) == [.driver])
        let fixes = stackFixes(m)
        #expect(fixes.first?.kind == .otherVariant && fixes.first?.stack?.variant == "cu118")
        #expect(fixes.contains { $0.kind == .upgradeDriver && $0.driver?.text == "525.60.13" })
        // The banner in the log (470.86) wins over the report's 470.82.01.
        #expect(m.notes.contains(.logOverridesHost(fact: "driver", log: "470.86", host: "470.82.01")))
    }

    /// sm_120 on a build without it: the stacks whose arch list has the GPU.
    @Test func noKernelImageResolvesForTheGPUsCapability() throws {
        let e = try ExplainFixtures.explain(file: "threads/no-kernel-image-sm120-inference-3603.log", host: "wsl-4090")
        let m = try #require(e.matches.first)
        #expect(m.facts["gpu_capability"] == .capability(ComputeCapability(major: 12, minor: 0)))
        #expect(m.facts["gpu_architecture"]?.text == "Blackwell")
        let best = try #require(stackFixes(m).first?.stack)
        #expect(best.arch.contains("sm_120"))
        #expect(m.notes.contains(.logOverridesHost(fact: "gpu_capability", log: "12.0", host: "8.9")))
    }

    /// A GTX 1080 (sm_61) under the installed torch 2.7.1+cu128 (sm_75+): the cu126 build of the same torch.
    @Test func noKernelImageOnAnOldGPUWithTheInstalledTorch() throws {
        let text = "RuntimeError: CUDA error: no kernel image is available for execution on the device"
        let e = try ExplainFixtures.explain(text: text, host: "gtx1080-cu128")
        let m = try #require(e.matches.first)
        #expect(m.links.first?.kind == .arch)
        let first = try #require(stackFixes(m).first)
        // cu126 carries sm_60, whose SASS runs on 6.1.
        #expect(
            first.kind == .otherVariant && first.stack?.variant == "cu126"
                && first.stack?.arch.contains("sm_60") == true)
    }

    @Test func containerRequirementNamesTheDriverAndAnOlderImage() throws {
        let e = try ExplainFixtures.explain(file: "threads/container-cuda-requirement-petric2-27.log")
        let m = try #require(e.matches.first)
        #expect(m.facts["required_driver"]?.description == "570.26")
        let upgrade = try #require(stackFixes(m).first)
        #expect(
            upgrade.kind == .upgradeDriver && upgrade.driver?.text == "570.26"
                && upgrade.installedDriver?.text == "551.78")
        let image = try #require(actions(m).first { $0.kind == .olderImage })
        let tag = try #require(image.facts["image"]?.text)
        #expect(tag.hasPrefix("nvidia/cuda:12.4"))
    }

    @Test func fabricManagerPackageFollowsTheDriver() throws {
        let e = try ExplainFixtures.explain(file: "threads/fabric-manager-pytorch-35710.log", host: "h100-nvswitch")
        let a = try #require(try actions(only(e)).first)
        #expect(a.kind == .installFabricManager && a.facts["package"]?.text == "nvidia-fabricmanager-550")
        #expect(a.commands.first == "sudo apt-get install -y nvidia-fabricmanager-550=550.54.15-1")
    }

    @Test func nvmlUnknownErrorInAndOutOfContainers() throws {
        let inside = try ExplainFixtures.explain(
            file: "threads/nvml-unknown-error-toolkit-1227.log", host: "container-a10")
        let m = try #require(inside.matches.first)
        #expect(actions(m).map(\.kind) == [.recreateContainer, .devCharSymlinks] && m.notes.isEmpty)
        let wsl = try ExplainFixtures.explain(file: "threads/nvml-unknown-error-toolkit-1227.log", host: "wsl-4090")
        #expect(wsl.matches.first?.notes == [.wsl])
    }

    @Test func nvmlMismatchNamesBothVersions() throws {
        let e = try ExplainFixtures.explain(file: "threads/nvml-mismatch-tinygrad-47.log", host: "container-a10")
        let m = try #require(e.matches.first)
        #expect(actions(m).first?.kind == .reloadDriver)
        #expect(m.notes.contains(.driverVersions(kernelModule: "570.133.20", library: "570.124")))
    }

    @Test func forwardCompatOnAGeForce() throws {
        let e = try ExplainFixtures.explain(
            file: "threads/forward-compat-unsupported-apollo-lite-80.log", host: "rtx3090-r470")
        let m = try #require(e.matches.first)
        #expect(actions(m).first?.kind == .removeForwardCompat)
        #expect(m.notes.contains(.consumerGPU(name: "NVIDIA GeForce RTX 3090")))
    }

    /// cuDNN 8.3.3 found: the host's copy of that cuDNN is named as the one to take off the path.
    @Test func cudnnVersionNamesTheOtherCopy() throws {
        let e = try ExplainFixtures.explain(file: "threads/cudnn-version-co-gat-2.log", host: "gtx1080-cu128")
        let a = try #require(try actions(only(e)).first)
        #expect(a.kind == .cleanLibraryPath && a.facts["other_copy"]?.text == "/usr/local/cuda/lib64/libcudnn.so.8.3.3")
    }

    @Test func torchvisionPairsWithTheTorchOfTheLog() throws {
        let e = try ExplainFixtures.explain(file: "threads/torchvision-mismatch-nixpkgs-162286.log")
        let m = try #require(e.matches.first)
        #expect(m.build?.torch == Version(1, 12, 0) && m.build?.source == .log)
        let f = try #require(stackFixes(m).first)
        #expect(f.kind == .pairTorchvision && f.torchvision == "0.13.0")
    }

    @Test func torchNotCUDAOnAGPUHostAndOnACPUHost() throws {
        let gpu = try ExplainFixtures.explain(file: "threads/torch-not-cuda-mobileagent-60.log")
        let g = try #require(gpu.matches.first)
        #expect(stackFixes(g).first?.stack?.cuda.flatMap(Version.init).map { $0.major == 11 } == true)
        let cpu = try ExplainFixtures.explain(file: "threads/torch-not-cuda-detectron2-460.log", host: "cpu-only")
        let c = try #require(cpu.matches.first)
        #expect(c.notes.contains(.noNVIDIAGPU))
        #expect(stackFixes(c).first?.kind == .otherVariant && stackFixes(c).first?.stack?.torch == "2.13.0")
    }

    @Test func libcudaMissingOnWSLAndInAContainer() throws {
        let wsl = try ExplainFixtures.explain(file: "threads/libcuda-missing-wsl-8587.log")
        #expect(actions(try only(wsl)).map(\.kind) == [.wslLibraryPath])
        let box = try ExplainFixtures.explain(file: "threads/libcuda-missing-cudf-6191.log", host: "container-a10")
        #expect(actions(try only(box)).map(\.kind) == [.gpuRuntime])
    }

    @Test func ptxToolchainNeedsTheToolkitsOwnDriver() throws {
        let e = try ExplainFixtures.explain(file: "threads/ptx-toolchain-vllm-31700.log", host: "h100-nvswitch")
        let m = try #require(e.matches.first)
        // No torch named: the host's nvcc (12.4) compiled it; the driver 550.54.15 is its own.
        #expect(m.notes.contains(.driverNewEnough(have: "550.54.15", need: "550.54.14")))
    }

    /// The numbers of an out-of-memory error, and the usual fixes, typed.
    @Test func cudaOOMNumbersAndFixes() throws {
        let e = try ExplainFixtures.explain(file: "threads/cuda-oom-pytorch-16417.log")
        let m = try #require(e.matches.first)
        #expect(m.facts["requested_bytes"] == .bytes(23_068_672))
        let kinds = actions(m).map(\.kind)
        #expect(kinds == [.expandableSegments, .reduceBatchSize])
        #expect(actions(m).first?.env == ["PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True"])
        // No fragmentation figure: a smaller batch first.
        let old = try ExplainFixtures.explain(file: "threads/cuda-oom-pytorch-59778.log")
        #expect(actions(try only(old)).map(\.kind) == [.reduceBatchSize, .expandableSegments])
        // 31.47 GiB total, 12.73 GiB free, this process 18.73 GiB: nothing held by others.
        let cads = try ExplainFixtures.explain(file: "threads/cuda-oom-cads-4.log")
        #expect(!actions(try only(cads)).contains { $0.kind == .freeGPUMemory })
        let other = try ExplainFixtures.explain(
            text:
                "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 24.00 GiB of which 1.00 GiB is free. Including non-PyTorch memory, this process has 3.00 GiB memory in use."
        )
        let found = try actions(only(other))
        let a = try #require(found.first)
        #expect(a.kind == .freeGPUMemory && a.facts["other_processes_bytes"] == .bytes(20 << 30))
    }

    /// JSON: `matches[].id`, `cause`, `facts`, `fixes` (each with its `kind` and `type`).
    @Test func jsonHasTheStableKeys() throws {
        let e = try ExplainFixtures.explain(file: "threads/driver-too-old-fooocus-1313.log", host: "rtx3090-r470")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let o = try JSONSerialization.jsonObject(with: try encoder.encode(e)) as? [String: Any] ?? [:]
        #expect(o["recognised"] as? Bool == true)
        let m = try #require((o["matches"] as? [[String: Any]])?.first)
        #expect(m["id"] as? String == "driver-too-old" && m["cause"] is String)
        #expect((m["facts"] as? [String: Any])?["driver_cuda"] as? String == "11.4")
        let fixes = try #require(m["fixes"] as? [[String: Any]])
        #expect(
            fixes.allSatisfy {
                $0["kind"] is String && ($0["type"] as? String == "stack" || $0["type"] as? String == "action")
            })
    }
}
