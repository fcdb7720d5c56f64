import DLEnvCore
import Foundation
import Testing

@testable import DLEnvMatrix

/// The verdict on an inspected environment (issue #14): typed findings for pins, variants, pairing, the loader
/// and duplicates; chain links with the arch list read from the fat binaries; fixes from the fix engine.
@Suite struct InspectionVerdictTests {
    let matrix = MatrixFiles.matrix
    static let site = "/venv/lib/python3.11/site-packages"
    static let six = ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"]

    static func dist(_ name: String, _ version: String, requires: [Requirement] = []) -> Distribution {
        Distribution(
            name: name, version: version, local: Version(version)?.local, requires: requires,
            location: "\(site)/\(name)-\(version).dist-info")
    }

    static func pin(_ name: String, _ spec: String) -> Requirement {
        Requirement(name: name, specifier: spec, applies: true)
    }

    /// torch 2.15.0+cu132 as PyPI ships it, with its cuDNN and NCCL wheels.
    static func torch215(_ extra: [Distribution] = [], arch: [String] = six) -> EnvironmentInspection {
        EnvironmentInspection(
            target: "/venv/bin/python", interpreter: "/venv/bin/python", python: "3.11.9", sitePackages: [site],
            distributions: [
                dist(
                    "torch", "2.15.0",
                    requires: [pin("nvidia-cudnn-cu13", "==9.26.0.51"), pin("nvidia-nccl-cu13", "==2.30.7")]),
                dist("nvidia-cudnn-cu13", "9.26.0.51"), dist("nvidia-nccl-cu13", "2.30.7"),
            ] + extra,
            torch: TorchBuild(
                version: "2.15.0+cu132", cuda: "13.2", variant: "cu132", archList: arch,
                archSource: "\(site)/torch/lib/libtorch_cuda.so"))
    }

    func request(driver: String? = nil, gpus: [String] = []) -> ResolveRequest {
        ResolveRequest(
            driver: driver.flatMap(Version.init), gpus: gpus.enumerated().map { matrix.gpuRequirement($1, index: $0)! })
    }

    @Test func aConsistentEnvironmentRunsWhereItsArchListAllows() throws {
        let v = matrix.judge(Self.torch215(), request: request(driver: "580.65.06", gpus: ["8.9", "12.0"]))
        #expect(v.ok && v.findings.isEmpty && v.fixes.isEmpty)
        #expect(v.torch == "2.15.0+cu132" && v.variant == "cu132")
        #expect(v.links.map(\.name) == ["driver", "arch:GPU 0", "arch:GPU 1"])
        guard case .arch(let a) = v.links[1].facts else { Issue.record("not an arch link"); return }
        // sm_89 (an RTX 4090) runs the sm_86 kernels: the list is the one read from the fat binaries.
        #expect(a.verdict == .binaryCompatible && a.entry == "sm_86" && a.sass == Self.six)
        #expect(v.installed?.compatible == true && v.installed?.python == "/venv/bin/python")
    }

    /// The real arch list decides, not the matrix's: a wheel whose fat binaries lack sm_120 fails on an RTX 5090.
    @Test func theFatBinaryArchListIsTheOneChecked() throws {
        let e = Self.torch215(arch: ["sm_80", "sm_90"])
        let v = matrix.judge(e, request: request(driver: "580.65.06", gpus: ["NVIDIA GeForce RTX 5090"]))
        #expect(!v.runsHere && v.consistent)
        let arch = try #require(v.links.first { $0.kind == .arch })
        guard case .arch(let a) = arch.facts else { Issue.record("not an arch link"); return }
        #expect(arch.status == .failed && a.verdict == .notInArchList && a.sass == ["sm_80", "sm_90"])
        #expect(v.findings.map(\.kind) == [.archListDiffers])
        #expect(v.installed?.problems.count == 1)
    }

    @Test func cudaAgainstTheDriverFloor() throws {
        let v = matrix.judge(Self.torch215(), request: request(driver: "570.86.10", gpus: ["12.0"]))
        let driver = try #require(v.links.first { $0.kind == .driver })
        guard case .driver(let d) = driver.facts else { Issue.record("not a driver link"); return }
        #expect(driver.status == .failed && d.need == Version("580.65.06") && d.cuda == Version("13.2"))
        #expect(v.fixes.first?.kind == .upgradeDriver)
    }

    /// torchvision 0.28.0+cu130 pins torch==2.13.0: a requirement finding (not also a pairing one), and the fix is
    /// the torchvision that pairs with the installed torch.
    @Test func torchvisionBuiltForAnotherTorch() throws {
        let tv = Self.dist("torchvision", "0.28.0+cu130", requires: [Self.pin("torch", "==2.13.0")])
        let v = matrix.judge(Self.torch215([tv]), request: request())
        #expect(!v.consistent)
        let f = try #require(v.findings.first { $0.kind == .requirementUnmet })
        #expect(f.severity == .error)
        #expect(f.detail == "torchvision 0.28.0+cu130 requires torch==2.13.0; torch 2.15.0 is installed")
        #expect(!v.findings.contains { $0.kind == .companionPairing })
        // cu130 next to cu132: the same CUDA major, a note.
        #expect(v.findings.contains { $0.kind == .companionVariant && $0.severity == .note })
        let fix = try #require(v.fixes.first)
        #expect(fix.kind == .pairTorchvision && fix.torchvision == "0.29.2" && fix.stack?.torch == "2.15.0")
    }

    /// No pin, but the matrix pairs torch 2.15 with torchvision 0.29: 0.27 is flagged.
    @Test func torchvisionOfAnotherReleaseLine() throws {
        let v = matrix.judge(Self.torch215([Self.dist("torchvision", "0.27.0")]), request: request())
        let f = try #require(v.findings.first { $0.kind == .companionPairing })
        guard case .pairing(let package, let installed, let pairs, let torch) = f.facts else {
            Issue.record("not pairing facts")
            return
        }
        #expect(package == "torchvision" && installed == "0.27.0" && pairs == "0.29.2" && torch == "2.15.0")
        #expect(v.fixes.map(\.kind) == [.pairTorchvision])
    }

    @Test func cpuTorchvisionNextToACUDATorch() throws {
        let v = matrix.judge(Self.torch215([Self.dist("torchvision", "0.29.2+cpu")]), request: request())
        let f = try #require(v.findings.first { $0.kind == .companionVariant })
        #expect(f.severity == .error)
        #expect(f.detail == "torchvision 0.29.2+cpu is a cpu build; torch is a cu132 build")
    }

    @Test func aCompanionLinkingAnotherCUDAMajor() throws {
        var x = Self.dist("xformers", "0.0.33")
        x.cudaRuntime = 12
        let v = matrix.judge(Self.torch215([x]), request: request())
        let f = try #require(v.findings.first { $0.kind == .companionVariant })
        #expect(f.severity == .error && f.detail.contains("links the CUDA 12 runtime (libcudart.so.12)"))
    }

    /// xformers pinned to torch 2.14.0: install that torch (from the matrix) or an xformers built for 2.15.
    @Test func companionPinnedToAnotherTorch() throws {
        let x = Self.dist("xformers", "0.0.33", requires: [Self.pin("torch", "==2.14.0")])
        let v = matrix.judge(Self.torch215([x]), request: request())
        #expect(v.findings.contains { $0.kind == .requirementUnmet && $0.severity == .error })
        #expect(v.fixes.map(\.kind) == [.companionTorch, .upgradeCompanion])
        let f = v.fixes[0]
        #expect(f.package == "xformers" && f.stack?.torch == "2.14.0" && f.cost.torchMinorReleases == 1)
        #expect(f.install?.hasPrefix("pip install torch==2.14.0") == true)
    }

    /// torch pins cuDNN 9.26.0.51; a 9.10 wheel is an error with the install line of the pin.
    @Test func cudnnWheelOtherThanTorchPins() throws {
        var e = Self.torch215()
        e.distributions[1] = Self.dist("nvidia-cudnn-cu13", "9.10.2.21")
        let v = matrix.judge(e, request: request())
        let f = try #require(v.findings.first { $0.kind == .requirementUnmet })
        #expect(f.severity == .error)
        #expect(
            f.detail == "torch 2.15.0 requires nvidia-cudnn-cu13==9.26.0.51; nvidia-cudnn-cu13 9.10.2.21 is installed")
        #expect(v.findings.contains { $0.kind == .cudaLibraryVersion && $0.severity == .note })
        let fix = try #require(v.fixes.first { $0.kind == .installRequirement })
        #expect(fix.install == "pip install 'nvidia-cudnn-cu13==9.26.0.51'")
    }

    @Test func missingWheelTorchPins() throws {
        var e = Self.torch215()
        e.distributions.remove(at: 2)
        let v = matrix.judge(e, request: request())
        #expect(v.findings.map(\.detail) == ["torch 2.15.0 requires nvidia-nccl-cu13==2.30.7, which is not installed"])
    }

    static func shadowedCuDNN() -> ResolvedLibrary {
        ResolvedLibrary(
            soname: "libcudnn.so.9", neededBy: "\(site)/torch/lib/libtorch_cuda.so",
            loaded: LibraryCopy(
                path: "/opt/cuda/lib64/libcudnn.so.9", realPath: "/opt/cuda/lib64/libcudnn.so.9.1.0",
                foundBy: .ldLibraryPath, version: "9.1.0"),
            others: [
                LibraryCopy(
                    path: "\(site)/nvidia/cudnn/lib/libcudnn.so.9", foundBy: .runpath, version: "9.26.0.51",
                    distribution: "nvidia-cudnn-cu13")
            ])
    }

    @Test func shadowedLibraryWithBothVersions() throws {
        var e = Self.torch215()
        e.loader = LoaderReport(ldLibraryPath: ["/opt/cuda/lib64"], libraries: [Self.shadowedCuDNN()])
        let v = matrix.judge(e, request: request())
        let f = try #require(v.findings.first)
        #expect(f.kind == .shadowedLibrary && f.severity == .error)
        #expect(
            f.detail
                == "libcudnn.so.9: the loader takes /opt/cuda/lib64/libcudnn.so.9 (9.1.0, via LD_LIBRARY_PATH) before the "
                + "wheel's \(Self.site)/nvidia/cudnn/lib/libcudnn.so.9 (9.26.0.51, nvidia-cudnn-cu13, via DT_RUNPATH)")
        let fix = try #require(v.fixes.first)
        #expect(fix.kind == .unshadowLibrary && fix.directory == "/opt/cuda/lib64" && fix.via == "ld_library_path")
        #expect(fix.library == "libcudnn.so.9" && fix.install == nil)
    }

    @Test func maskedAndMissingLibraries() throws {
        var e = Self.torch215()
        var masked = Self.shadowedCuDNN()
        masked.loaded = masked.others[0]
        masked.others = [Self.shadowedCuDNN().loaded!]
        let missing = ResolvedLibrary(soname: "libnccl.so.2", neededBy: "\(Self.site)/torch/lib/libtorch_cuda.so")
        e.loader = LoaderReport(libraries: [masked, missing])
        let v = matrix.judge(e, request: request())
        #expect(v.findings.map(\.kind) == [.maskedLibrary, .missingLibrary])
        #expect(v.findings.map(\.severity) == [.note, .error])
        #expect(v.findings[1].detail.contains("is found nowhere on its search path"))
    }

    @Test func duplicateWheelsAreUninstalled() throws {
        var e = Self.torch215([Self.dist("nvidia-cudnn-cu12", "9.10.2.21")])
        e.duplicates = [
            DuplicateWheels(
                family: "nvidia-cudnn", packages: ["nvidia-cudnn-cu12 9.10.2.21", "nvidia-cudnn-cu13 9.26.0.51"],
                sharedFiles: ["\(Self.site)/nvidia/cudnn/lib/libcudnn.so.9"], sharedFileCount: 1)
        ]
        let v = matrix.judge(e, request: request())
        #expect(v.findings.map(\.kind) == [.duplicateWheels])
        let fix = try #require(v.fixes.first)
        #expect(fix.kind == .uninstallWheels && fix.packages == ["nvidia-cudnn-cu12"])
        #expect(
            fix.install
                == "pip uninstall -y nvidia-cudnn-cu12 && pip install --force-reinstall --no-deps 'nvidia-cudnn-cu13==9.26.0.51'"
        )
    }

    @Test func noTorchAndUnknownBuilds() throws {
        let none = matrix.judge(EnvironmentInspection(target: "/x"), request: request())
        #expect(none.findings.map(\.kind) == [.noTorch] && none.ok && none.installed == nil)
        var e = Self.torch215()
        e.torch?.version = "2.99.0+cu139"
        e.torch?.cuda = "13.9"
        e.torch?.variant = "cu139"
        let v = matrix.judge(e, request: request(driver: "580.65.06", gpus: ["8.0"]))
        #expect(v.findings.contains { $0.kind == .unknownBuild })
        #expect(v.links.map(\.status) == [.ok, .ok])
    }

    @Test func verdictJSONHasStableKeys() throws {
        var e = Self.torch215([Self.dist("torchvision", "0.28.0+cu130", requires: [Self.pin("torch", "==2.13.0")])])
        e.loader = LoaderReport(libraries: [Self.shadowedCuDNN()])
        let v = matrix.judge(e, request: request(driver: "580.65.06", gpus: ["8.6"]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(v)) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "target", "interpreter", "torch", "variant", "ok", "consistent", "runs_here", "findings", "links",
                "fixes",
            ])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(Set(findings[0].keys) == ["kind", "severity", "detail", "facts"])
        let facts = try #require(findings[0]["facts"] as? [String: Any])
        #expect(Set(facts.keys) == ["by", "by_version", "requirement", "installed"])
        let shadow = try #require(findings.first { $0["kind"] as? String == "shadowed_library" })
        let lib = try #require((shadow["facts"] as? [String: Any])?["library"] as? [String: Any])
        #expect(Set(lib.keys) == ["soname", "needed_by", "loaded", "others", "shadowed"])
        let fixes = try #require(json["fixes"] as? [[String: Any]])
        #expect(
            fixes.contains { $0["kind"] as? String == "unshadow_library" && $0["via"] as? String == "ld_library_path" })
    }
}
