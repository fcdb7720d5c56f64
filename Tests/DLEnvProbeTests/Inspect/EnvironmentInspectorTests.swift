import DLEnvCore
import Testing

@testable import DLEnvProbe

/// Whole environments read from their files (fixture scenarios): distributions and pins, torch's build facts, the
/// fat binaries, the loader's first copies and duplicate wheels.
@Suite struct EnvironmentInspectorTests {
    func inspect(_ scenario: String, python: String = "/venv/bin/python") throws -> EnvironmentInspection {
        let system = try InspectFixtures.scenario(scenario)
        switch EnvironmentInspector(system: system).inspect(python: python) {
        case .success(let e): return e
        case .failure(let f): throw f
        }
    }

    @Test func torch215FromItsFiles() throws {
        let e = try inspect("torch215-runpath-shadowed")
        #expect(e.interpreter == "/venv/bin/python" && e.python == "3.11.9")
        #expect(e.sitePackages == [InspectFixtures.sitePackages])
        let t = try #require(e.torch)
        #expect(t.version == "2.15.0+cu132" && t.cuda == "13.2" && t.variant == "cu132" && t.debug == false)
        #expect(t.gitVersion == "d0f2af8b66b20da4baa50644c0cd3f887a2eae2e" && t.pythonABI == "cpython-311")
        #expect(t.archList == ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"])
        #expect(t.archSource == InspectFixtures.sitePackages + "/torch/lib/libtorch_cuda.so")
        let fat = try #require(e.fatBinaries.first { $0.library == t.archSource })
        #expect(fat.containers == 2 && fat.partial == ["sm_89"] && fat.distribution == "torch")
        #expect(e.distribution("torch")?.cudaRuntime == 13)
        #expect(e.warnings.isEmpty)
    }

    @Test func distributionsAndTheirPins() throws {
        let e = try inspect("torch215-runpath-shadowed")
        let names = e.distributions.map(\.name)
        #expect(names.contains("torchvision") && names.contains("xformers") && names.contains("nvidia-cudnn-cu13"))
        #expect(!names.contains("filelock"))  // only the distributions that matter
        let tv = try #require(e.distribution("torchvision"))
        #expect(tv.version == "0.28.0+cu130" && tv.local == "cu130" && tv.variant == "cu130" && tv.cudaRuntime == 13)
        #expect(tv.requirements(on: "torch").map(\.specifier) == ["==2.13.0"])
        let torch = try #require(e.distribution("torch"))
        #expect(torch.requirements(on: "nvidia-cudnn-cu13").map(\.specifier) == ["==9.26.0.51"])
        #expect(torch.requirements(on: "optree").isEmpty)  // extra == "optree" is not asked
        // torch asks cuda-toolkit[cublas,cudart,nvjitlink,cusparse]: those extras' requirements hold, cufft's not.
        let toolkit = try #require(e.distribution("cuda-toolkit"))
        #expect(toolkit.requirements(on: "nvidia-cublas").count == 1)
        #expect(toolkit.requirements(on: "nvidia-cufft").isEmpty)
        #expect(
            e.cudaWheels.contains(
                CUDAWheel(library: "cudnn", package: "nvidia-cudnn-cu13", version: "9.26.0.51", cuda: 13)))
        #expect(
            e.cudaWheels.contains(CUDAWheel(library: "nccl", package: "nvidia-nccl-cu13", version: "2.30.7", cuda: 13)))
        let tvFat = try #require(e.fatBinaries.first { $0.distribution == "torchvision" })
        #expect(tvFat.sass == ["sm_75", "sm_80", "sm_90"] && tvFat.ptx == ["compute_90"])
    }

    /// RUNPATH on torch's libraries: LD_LIBRARY_PATH is searched first, so the planted cuDNN 9.1.0 shadows the
    /// wheel's 9.26.0.51, and cusparse's nvJitLink comes from it too.
    @Test func plantedLibraryOnLDLibraryPathShadowsTheWheel() throws {
        let e = try inspect("torch215-runpath-shadowed")
        let loader = try #require(e.loader)
        #expect(loader.ldLibraryPath == ["/opt/cuda-13.0/lib64"] && !loader.torchPreloadsWheels)
        let cudnn = try #require(loader.libraries.first { $0.soname == "libcudnn.so.9" })
        #expect(cudnn.shadowed)
        #expect(cudnn.loaded?.path == "/opt/cuda-13.0/lib64/libcudnn.so.9")
        #expect(cudnn.loaded?.realPath == "/opt/cuda-13.0/lib64/libcudnn.so.9.1.0")
        #expect(cudnn.loaded?.foundBy == .ldLibraryPath && cudnn.loaded?.version == "9.1.0")
        #expect(cudnn.loaded?.distribution == nil)
        let wheel = try #require(cudnn.others.first { $0.distribution != nil })
        #expect(wheel.path == InspectFixtures.sitePackages + "/nvidia/cudnn/lib/libcudnn.so.9")
        #expect(wheel.foundBy == .runpath && wheel.version == "9.26.0.51")
        #expect(wheel.distribution == "nvidia-cudnn-cu13" || wheel.distribution == "nvidia-cudnn-cu12")
        let jit = try #require(loader.libraries.first { $0.soname == "libnvJitLink.so.13" })
        #expect(jit.shadowed && jit.loaded?.version == "13.0.48")
        #expect(jit.neededBy.hasSuffix("nvidia/cu13/lib/libcusparse.so.12"))
        let nccl = try #require(loader.libraries.first { $0.soname == "libnccl.so.2" })
        #expect(!nccl.shadowed && nccl.loaded?.distribution == "nvidia-nccl-cu13" && nccl.loaded?.foundBy == .runpath)
        #expect(loader.shadowed.map(\.soname) == ["libcudnn.so.9", "libnvJitLink.so.13"])
    }

    /// DT_RPATH wins over LD_LIBRARY_PATH for torch's own dependencies (the planted cuDNN is masked), but
    /// cusparse's DT_RUNPATH does not (pytorch#138460): the planted nvJitLink shadows.
    @Test func rpathMasksButRunpathDoesNot() throws {
        let e = try inspect("torch215-rpath-nvjitlink")
        let loader = try #require(e.loader)
        let cudnn = try #require(loader.libraries.first { $0.soname == "libcudnn.so.9" })
        #expect(!cudnn.shadowed && cudnn.loaded?.foundBy == .rpath && cudnn.loaded?.distribution == "nvidia-cudnn-cu13")
        #expect(cudnn.masked.map(\.path) == ["/opt/cuda-13.0/lib64/libcudnn.so.9"])
        #expect(loader.shadowed.map(\.soname) == ["libnvJitLink.so.13"])
    }

    /// torch 2.15.0's eager preload of the wheels' libraries by path: nothing on LD_LIBRARY_PATH is taken.
    @Test func torchPreloadTakesTheWheelsFirst() throws {
        let e = try inspect("torch215-pypi")
        let loader = try #require(e.loader)
        #expect(loader.torchPreloadsWheels && loader.shadowed.isEmpty)
        let jit = try #require(loader.libraries.first { $0.soname == "libnvJitLink.so.13" })
        #expect(jit.loaded?.foundBy == .torchPreload && jit.neededBy == "torch preload")
        #expect(jit.masked.map(\.path) == ["/opt/cuda-13.0/lib64/libnvJitLink.so.13"])
        let cudart = try #require(loader.libraries.first { $0.soname == "libcudart.so.13" })
        #expect(cudart.loaded?.foundBy == .rpath && cudart.neededBy.hasSuffix("libtorch_global_deps.so"))
    }

    /// LD_PRELOAD comes before everything, torch's preload by path included.
    @Test func ldPreloadShadowsEvenThePreload() throws {
        var system = try InspectFixtures.scenario("torch215-pypi")
        system.env["LD_PRELOAD"] = "/opt/cuda-13.0/lib64/libcudnn.so.9"
        guard case .success(let e) = EnvironmentInspector(system: system).inspect(python: "/venv/bin/python") else {
            throw InspectTestError.failed
        }
        let cudnn = try #require(e.loader?.libraries.first { $0.soname == "libcudnn.so.9" })
        #expect(cudnn.loaded?.foundBy == .ldPreload && cudnn.neededBy == "LD_PRELOAD")
        #expect(cudnn.shadowed && cudnn.others.contains { $0.distribution == "nvidia-cudnn-cu13" })
    }

    @Test func duplicateCUDAWheels() throws {
        let e = try inspect("torch215-runpath-shadowed")
        #expect(
            e.duplicates == [
                DuplicateWheels(
                    family: "nvidia-cudnn", packages: ["nvidia-cudnn-cu12 9.10.2.21", "nvidia-cudnn-cu13 9.26.0.51"],
                    sharedFiles: [InspectFixtures.sitePackages + "/nvidia/cudnn/lib/libcudnn.so.9"], sharedFileCount: 1)
            ])
        #expect(EnvironmentInspector.family("nvidia-cublas") == "nvidia-cublas")
        #expect(EnvironmentInspector.family("nvidia-cuda-runtime-cu12") == "nvidia-cuda-runtime")
    }

    @Test func cpuTorchNextToACUDATorchvision() throws {
        let system = try InspectFixtures.scenario("cpu-torch-cuda-torchvision")
        guard
            case .success(let e) = EnvironmentInspector(system: system).inspect(
                sitePackages: InspectFixtures.sitePackages)
        else { throw InspectTestError.failed }
        #expect(e.python == "3.11" && e.interpreter == nil)
        #expect(e.torch?.variant == "cpu" && e.torch?.archList == [] && e.torch?.cuda == nil)
        #expect(e.distribution("torchvision")?.variant == "cu128")
        #expect(e.distribution("torchaudio")?.variant == "cpu")
        #expect(e.loader?.libraries.isEmpty == true)
    }

    /// Bad input never crashes: each problem is a warning naming the file.
    @Test func brokenEnvironmentGivesWarnings() throws {
        let system = try InspectFixtures.scenario("broken")
        guard
            case .success(let e) = EnvironmentInspector(system: system).inspect(
                sitePackages: InspectFixtures.sitePackages)
        else { throw InspectTestError.failed }
        let w = e.warnings.joined(separator: "\n")
        #expect(w.contains("torch-2.15.0.dist-info/METADATA has no Version; the version is the folder's (2.15.0)"))
        #expect(w.contains("torchvision-0.30.0.dist-info has no METADATA"))
        #expect(w.contains("'not a version' is not a version"))
        #expect(w.contains("libtorch_cuda.so: the section header table"))
        #expect(w.contains("libtorch_cuda_linalg.so: the container at offset"))
        #expect(w.contains("libc10.so is truncated") || w.contains("libc10.so is an ELF"))
        #expect(w.contains("LD_LIBRARY_PATH holds relative folders") == false)
        #expect(e.distribution("torch")?.version == "2.15.0")
        #expect(e.torch?.version == "2.15.0" && e.torch?.cuda == nil)
        let linalg = try #require(e.fatBinaries.first { $0.library.hasSuffix("libtorch_cuda_linalg.so") })
        #expect(linalg.containers == 1 && linalg.sass == ["sm_80"])
    }

    @Test func missingFoldersAreFailures() throws {
        let system = try InspectFixtures.scenario("torch215-pypi")
        let inspector = EnvironmentInspector(system: system)
        guard case .failure(let f) = inspector.inspect(sitePackages: "/nowhere/site-packages") else {
            throw InspectTestError.failed
        }
        #expect(f == .noSuchFolder("/nowhere/site-packages") && f.description.contains("no such folder"))
        guard case .failure(let g) = inspector.inspect(python: "/nowhere/bin/python") else {
            throw InspectTestError.failed
        }
        #expect(g == .python(.notFound("/nowhere/bin/python")))
        // A venv folder works as well as its interpreter.
        guard case .success(let e) = inspector.inspect(python: "/venv") else { throw InspectTestError.failed }
        #expect(e.torch?.version == "2.15.0+cu132")
    }

    /// A pyenv shim resolves to the version pyenv picks (PYENV_VERSION, .python-version, $PYENV_ROOT/version), a
    /// prefix to the newest match; the interpreter's prefix gives the site-packages and the user site comes first.
    @Test func pyenvShimAndUserSite() throws {
        let sp = "/root/.pyenv/versions/3.11.9/lib/python3.11/site-packages"
        let user = "/home/u/.local/lib/python3.11/site-packages"
        var system = FakeSystem(
            files: [
                "/root/.pyenv/shims/python3": "#!/usr/bin/env bash\n", "/root/.pyenv/version": "3.11\n",
                "/root/.pyenv/versions/3.11.9/bin/python3.11": "",
                sp + "/numpy-2.3.4.dist-info/METADATA":
                    "Name: numpy\nVersion: 2.3.4\n",
                user + "/torch-2.13.0+cpu.dist-info/METADATA": "Name: torch\nVersion: 2.13.0+cpu\n",
            ],
            links: ["/root/.pyenv/versions/3.11.9/bin/python3": "python3.11"], env: ["HOME": "/home/u"])
        guard case .success(let l) = PythonLocation.locate("/root/.pyenv/shims/python3", system: system) else {
            throw InspectTestError.failed
        }
        #expect(l.interpreter == "/root/.pyenv/versions/3.11.9/bin/python3")
        #expect(l.sitePackages == [user, sp] && l.python == "3.11")
        system.env["PYENV_VERSION"] = "system"
        guard case .failure(let f) = PythonLocation.locate("/root/.pyenv/shims/python3", system: system) else {
            throw InspectTestError.failed
        }
        #expect(f == .pyenvSystem("/root/.pyenv/shims/python3"))
    }

    enum InspectTestError: Error { case failed }
}
