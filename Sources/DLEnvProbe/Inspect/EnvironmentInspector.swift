import DLEnvCore
import Foundation

/// Options of one inspection.
public struct InspectOptions: Sendable, Hashable {
    /// Also read the fat binaries of the nvidia-* wheels' libraries (cuDNN, cuBLAS, NCCL: thousands of containers).
    public var wheelLibraries: Bool

    public init(wheelLibraries: Bool = false) {
        self.wheelLibraries = wheelLibraries
    }
}

/// Reads an environment's files through the `SystemInterface` seam (never running its Python) into an
/// `EnvironmentInspection`: dist-infos, version.py files, the ELF headers and fat-binary headers of the CUDA
/// libraries, and the loader's search (`LoaderModel`).
public struct EnvironmentInspector: Sendable {
    public let system: any SystemInterface
    public let options: InspectOptions

    public init(system: any SystemInterface, options: InspectOptions = InspectOptions()) {
        self.system = system
        self.options = options
    }

    /// Why an environment cannot be inspected (bad input: the CLI exits 2).
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case python(PythonLocation.Failure)
        case noSuchFolder(String)

        public var description: String {
            switch self {
            case .python(let f): f.description
            case .noSuchFolder(let p): "\(p): no such folder"
            }
        }

        public var remedy: String {
            switch self {
            case .python(let f): f.remedy
            case .noSuchFolder: "pass a site-packages folder (venv/lib/python3.X/site-packages)"
            }
        }
    }

    /// The packages whose versions and pins decide whether torch works (issue #14).
    public static let companions = [
        "torchvision", "torchaudio", "triton", "pytorch-triton", "pytorch-triton-rocm", "pytorch-triton-xpu",
        "xformers", "flash-attn", "torch-tensorrt",
    ]

    public static func matters(_ name: String) -> Bool {
        name == "torch" || companions.contains(name) || name == "numpy" || name.hasPrefix("nvidia-")
            || name.hasPrefix("cuda-") || name == "tensorrt" || name.hasPrefix("tensorrt-")
    }

    /// Inspects the environment of an interpreter (or venv folder), found from its files.
    public func inspect(python: String) -> Result<EnvironmentInspection, Failure> {
        switch PythonLocation.locate(python, system: system) {
        case .failure(let f): return .failure(.python(f))
        case .success(let l):
            var e = inspect(sites: l.sitePackages, target: python, python: l.python)
            e.interpreter = l.interpreter
            return .success(e)
        }
    }

    /// Inspects one site-packages folder.
    public func inspect(sitePackages: String) -> Result<EnvironmentInspection, Failure> {
        guard system.listDirectory(sitePackages) != nil else { return .failure(.noSuchFolder(sitePackages)) }
        let python = sitePackages.split(separator: "/").reversed().first { $0.hasPrefix("python3") }
            .flatMap { PythonLocation.pythonVersion(fromName: String($0)) }
        return .success(inspect(sites: [sitePackages], target: sitePackages, python: python))
    }

    /// The files of each distribution that matters, found through its RECORD.
    struct Files {
        var records: [String: [String]] = [:]
        var owners: [String: (name: String, version: String)] = [:]
        var wheelFiles: [String: [String]] = [:]
    }

    func inspect(sites: [String], target: String, python: String?) -> EnvironmentInspection {
        var e = EnvironmentInspection(target: target, python: python, sitePackages: sites)
        var files = Files()
        e.distributions = distributions(sites, &files, &e.warnings)
        e.cudaWheels = e.distributions.compactMap(CUDAWheel.init)
        inspectTorch(&e, &files)
        evaluateMarkers(&e.distributions, python: python ?? abiPython(e), machine: "x86_64")
        inspectCompanions(&e, files)
        e.loader = loader(e, files, &e.warnings)
        e.duplicates = duplicates(e.distributions, files)
        return e
    }

    // MARK: - Distributions

    func distributions(_ sites: [String], _ files: inout Files, _ warnings: inout [String]) -> [Distribution] {
        var out: [Distribution] = []
        var seen: [String: String] = [:]
        for site in sites {
            guard let entries = system.listDirectory(site) else {
                warnings.append("\(site): cannot be listed")
                continue
            }
            for entry in entries.sorted() where entry.hasSuffix(".dist-info") {
                let dir = site + "/" + entry
                guard let (name, folderVersion) = DistInfo.folder(entry) else {
                    warnings.append("\(dir): not a NAME-VERSION.dist-info folder name")
                    continue
                }
                guard Self.matters(name) else { continue }
                if let first = seen[name] {
                    warnings.append("\(name) is installed twice: \(first) is used (earlier on sys.path), \(dir) is not")
                    continue
                }
                seen[name] = dir
                let text = system.readFile(dir + "/METADATA")
                if text == nil { warnings.append("\(dir) has no METADATA; the version is the folder's") }
                let m = DistInfo.metadata(text ?? "")
                if text != nil, m.version == nil {
                    warnings.append("\(dir)/METADATA has no Version; the version is the folder's (\(folderVersion))")
                }
                let version = m.version ?? folderVersion
                if Version(version) == nil { warnings.append("\(dir): '\(version)' is not a version") }
                var requires: [Requirement] = []
                for r in m.requiresDist {
                    guard let p = DistInfo.requirement(r) else {
                        warnings.append("\(dir)/METADATA: cannot read Requires-Dist '\(r)'")
                        continue
                    }
                    requires.append(
                        Requirement(
                            name: p.name, extras: p.extras, specifier: p.specifier, marker: p.marker, applies: true))
                }
                var d = Distribution(
                    name: name, version: version, local: Version(version)?.local, requires: requires,
                    requiresPython: m.requiresPython, location: dir)
                if ["torch", "torchvision", "torchaudio"].contains(name) {
                    let path = "\(site)/\(name)/version.py"
                    if let text = system.readFile(path) { d.build = DistInfo.versionFile(text, path: path) }
                }
                if name != "torch", name != "numpy" {
                    let paths = DistInfo.record(system.readFile(dir + "/RECORD") ?? "").map {
                        DistInfo.needsNormalising($0) ? LoaderModel.normalise(site + "/" + $0) : site + "/" + $0
                    }
                    files.records[name] = paths
                    for p in paths where Self.isLibrary(p) {
                        files.owners[p] = (name, version)
                        if name.hasPrefix("nvidia-") || name.hasPrefix("cuda-"),
                            files.wheelFiles[LoaderModel.baseName(p)]?.contains(p) != true
                        {
                            files.wheelFiles[LoaderModel.baseName(p), default: []].append(p)
                        }
                    }
                }
                out.append(d)
            }
        }
        return out
    }

    /// "x.so", "x.so.9", "x.so.9.1.0".
    static func isLibrary(_ path: String) -> Bool {
        let name = LoaderModel.baseName(path)
        return name.hasSuffix(".so") || name.contains(".so.")
    }

    /// The Python of torch's extension module ("cpython-311" → "3.11"), when nothing else said it.
    func abiPython(_ e: EnvironmentInspection) -> String? {
        guard let abi = e.torch?.pythonABI, abi.hasPrefix("cpython-3") else { return nil }
        let digits = abi.dropFirst("cpython-".count)
        return "3." + digits.dropFirst()
    }

    /// Evaluates each requirement's marker with the extras other distributions ask of its owner
    /// (torch asks cuda-toolkit[cublas,…], whose requirements carry `extra == 'cublas'`).
    func evaluateMarkers(_ dists: inout [Distribution], python: String?, machine: String) {
        var extras: [String: Set<String>] = [:]
        // A marker without `extra` has one value whatever is asked (cuda-toolkit repeats long ones).
        var plain: [String: Bool] = [:]
        for _ in 0..<3 {
            var asked: [String: Set<String>] = [:]
            for i in dists.indices {
                let env = MarkerEnvironment(python: python, machine: machine, extras: extras[dists[i].name] ?? [])
                for j in dists[i].requires.indices {
                    let r = dists[i].requires[j]
                    let holds =
                        r.marker.map { m -> Bool in
                            if let known = plain[m] { return known }
                            let value = env.evaluate(m) ?? true
                            if m.firstRange(of: "extra") == nil { plain[m] = value }
                            return value
                        } ?? true
                    dists[i].requires[j].applies = holds
                    if holds, !r.extras.isEmpty { asked[r.name, default: []].formUnion(r.extras) }
                }
            }
            if asked == extras { break }
            extras = asked
        }
    }

    // MARK: - torch and its companions

    func inspectTorch(_ e: inout EnvironmentInspection, _ files: inout Files) {
        guard let dist = e.distribution("torch") else { return }
        let site = LoaderModel.directory(dist.location)
        let build = dist.build
        var t = TorchBuild(
            version: build?.version ?? dist.version, cuda: build?.cuda, hip: build?.hip, gitVersion: build?.gitVersion,
            debug: build?.debug)
        t.variant = build?.variant ?? dist.variant
        if build == nil { e.warnings.append("\(site)/torch/version.py cannot be read: CUDA/HIP unknown") }
        if let c = (system.listDirectory(site + "/torch") ?? []).sorted().first(where: {
            $0.hasPrefix("_C.") && $0.hasSuffix(".so")
        }) {
            let parts = c.split(separator: ".")
            if parts.count >= 3 { t.pythonABI = parts[1].split(separator: "-").prefix(2).joined(separator: "-") }
        }
        let lib = site + "/torch/lib"
        var cudaRuntime: Int?
        for name in (system.listDirectory(lib) ?? []).sorted() where Self.isLibrary(name) {
            let path = lib + "/" + name
            files.owners[path] = ("torch", dist.version)
            guard let (elf, summary) = fatBinary(path, distribution: "torch", warnings: &e.warnings) else { continue }
            if name == "libtorch_cuda.so" { cudaRuntime = Self.cudaRuntime(elf) }
            guard let summary else { continue }
            e.fatBinaries.append(summary)
            if name == "libtorch_cuda.so" {
                t.archList = summary.archList
                t.archSource = path
            }
        }
        if let i = e.distributions.firstIndex(where: { $0.name == "torch" }) {
            e.distributions[i].cudaRuntime = cudaRuntime
        }
        e.torch = t
    }

    /// The companions' extension modules (from their RECORD), with their fat binaries and CUDA runtime; with
    /// `wheelLibraries`, the nvidia-* wheels' libraries too.
    func inspectCompanions(_ e: inout EnvironmentInspection, _ files: Files) {
        for i in e.distributions.indices {
            let d = e.distributions[i]
            let wheel = d.name.hasPrefix("nvidia-") || d.name.hasPrefix("cuda-")
            guard d.name != "torch", Self.companions.contains(d.name) || (wheel && options.wheelLibraries) else {
                continue
            }
            var runtime: Int?
            for path in (files.records[d.name] ?? []).filter(Self.isLibrary).prefix(64) {
                guard let (elf, summary) = fatBinary(path, distribution: d.name, warnings: &e.warnings) else {
                    continue
                }
                runtime = runtime ?? Self.cudaRuntime(elf)
                if let summary { e.fatBinaries.append(summary) }
            }
            e.distributions[i].cudaRuntime = runtime
        }
    }

    /// DT_NEEDED libcudart.so.13 → 13.
    static func cudaRuntime(_ elf: ELFFile) -> Int? {
        elf.needed.lazy.compactMap { n -> Int? in
            guard n.hasPrefix("libcudart.so.") else { return nil }
            return Int(n.dropFirst("libcudart.so.".count).prefix { $0.isNumber })
        }.first
    }

    /// The ELF headers of a library and the summary of its fat binaries (nil when it has no `.nv_fatbin`).
    func fatBinary(_ path: String, distribution: String, warnings: inout [String]) -> (ELFFile, FatBinarySummary?)? {
        guard let file = system.openFile(path) else { return nil }
        let elf: ELFFile
        switch ELFFile.read(file) {
        case .success(let e): elf = e
        case .failure(let f):
            warnings.append("\(path) \(f)")
            return nil
        }
        for w in elf.warnings { warnings.append("\(path): \(w)") }
        guard let s = elf.section(".nv_fatbin") else { return (elf, nil) }
        let scan = FatBinary.scan(file, offset: s.offset, size: s.size)
        for w in scan.warnings { warnings.append("\(path): \(w)") }
        return (elf, FatBinary.summary(scan, library: path, distribution: distribution, sectionBytes: s.size))
    }

    // MARK: - Loader

    /// torch's preload list (torch 2.15.0 `torch/__init__.py`, `_preload_cuda_deps`): (folder, file-name prefix).
    static let torchPreload: [(String, String)] = [
        ("cublas", "libcublasLt.so."), ("cublas", "libcublas.so."), ("cudnn", "libcudnn.so."),
        ("cuda_nvrtc", "libnvrtc.so."), ("cuda_nvrtc", "libnvrtc-builtins.so."), ("cuda_runtime", "libcudart.so."),
        ("cuda_cupti", "libcupti.so."), ("cufft", "libcufft.so."), ("nvjitlink", "libnvJitLink.so."),
        ("cusparse", "libcusparse.so."), ("cusparselt", "libcusparseLt.so."), ("cusolver", "libcusolver.so."),
        ("nccl", "libnccl.so."), ("nvshmem", "libnvshmem_host.so."), ("cufile", "libcufile.so."),
    ]

    func loader(_ e: EnvironmentInspection, _ files: Files, _ warnings: inout [String]) -> LoaderReport? {
        guard let torch = e.distribution("torch") else { return nil }
        let site = LoaderModel.directory(torch.location)
        let split: (String?, (Character) -> Bool) -> [String] = { text, sep in
            (text ?? "").split(whereSeparator: sep).map { LoaderModel.clean(String($0)) }
        }
        var ldLibraryPath = split(system.environment("LD_LIBRARY_PATH")) { $0 == ":" || $0 == ";" }
        let relative = ldLibraryPath.filter { !$0.hasPrefix("/") }
        if !relative.isEmpty {
            warnings.append(
                "LD_LIBRARY_PATH holds relative folders (\(relative.joined(separator: ", "))): they depend on the "
                    + "current folder and are not searched here")
            ldLibraryPath = ldLibraryPath.filter { $0.hasPrefix("/") }
        }
        let ldPreload = split(system.environment("LD_PRELOAD")) { $0 == ":" || $0 == " " }
        var systemDirs = LoaderConfig.directories(system: system)
        for d in LoaderModel.defaultDirectories where !systemDirs.contains(d) && system.listDirectory(d) != nil {
            systemDirs.append(d)
        }
        let model = LoaderModel(
            system: system, ldLibraryPath: ldLibraryPath, ldPreload: ldPreload, systemDirectories: systemDirs,
            owners: files.owners, wheelFiles: files.wheelFiles)
        var plan = LoaderModel.Plan()
        let global = site + "/torch/lib/libtorch_global_deps.so"
        if system.exists(global) { plan.globalDeps = global }
        let initText = system.readFile(site + "/torch/__init__.py") ?? ""
        plan.eagerPreload = initText.contains("_preload_cuda_deps(required=False)")
        plan.fallbackPreload = initText.contains("_preload_cuda_deps")
        if plan.eagerPreload || plan.fallbackPreload {
            plan.preload = preloadPaths(site: site, cuda: e.torch?.cuda)
        }
        let torchC = (system.listDirectory(site + "/torch") ?? []).sorted().filter {
            $0.hasPrefix("_C.") && $0.hasSuffix(".so")
        }.map { site + "/torch/" + $0 }
        plan.roots = torchC
        if plan.globalDeps == nil, torchC.isEmpty {
            plan.roots = (system.listDirectory(site + "/torch/lib") ?? []).sorted().filter(Self.isLibrary).map {
                site + "/torch/lib/" + $0
            }
        }
        // The companions' extension modules load after torch (`import torchvision` imports torch first).
        for d in e.distributions where Self.companions.contains(d.name) {
            plan.roots += (files.records[d.name] ?? []).filter(Self.isLibrary).prefix(16)
        }
        let (libraries, loaderWarnings) = model.resolve(plan)
        warnings += loaderWarnings.filter { w in !warnings.contains(w) }
        return LoaderReport(
            ldLibraryPath: ldLibraryPath, ldPreload: ldPreload, systemDirectories: systemDirs,
            torchPreloadsWheels: plan.eagerPreload, libraries: libraries)
    }

    /// The files torch's preload finds first in this site-packages: nvidia/<folder>/lib, nvidia/cu<major>/lib,
    /// <folder>/lib (`_get_cuda_dep_paths`).
    func preloadPaths(site: String, cuda: String?) -> [String] {
        let major = cuda.flatMap(Version.init).map { "cu\($0.major)" }
        var listings: [String: [String]] = [:]
        func names(_ dir: String) -> [String] {
            if let l = listings[dir] { return l }
            let l = (system.listDirectory(dir) ?? []).sorted()
            listings[dir] = l
            return l
        }
        var out: [String] = []
        for (folder, prefix) in Self.torchPreload {
            var dirs = ["\(site)/nvidia/\(folder)/lib"]
            if let major { dirs.append("\(site)/nvidia/\(major)/lib") }
            dirs.append("\(site)/\(folder)/lib")
            for dir in dirs {
                if let hit = names(dir).first(where: { $0.hasPrefix(prefix) && $0.last?.isNumber == true }) {
                    out.append(dir + "/" + hit)
                    break
                }
            }
        }
        return out
    }

    // MARK: - Duplicates

    /// Wheels of one library for several CUDA majors ("nvidia-cudnn-cu12" next to "nvidia-cudnn-cu13", or next to
    /// the suffix-less CUDA 13 "nvidia-cublas").
    func duplicates(_ dists: [Distribution], _ files: Files) -> [DuplicateWheels] {
        var families: [String: [Distribution]] = [:]
        var order: [String] = []
        for d in dists where d.name.hasPrefix("nvidia-") {
            let family = Self.family(d.name)
            if families[family] == nil { order.append(family) }
            families[family, default: []].append(d)
        }
        return order.compactMap { family in
            let members = families[family]!
            guard members.count > 1 else { return nil }
            var counts: [String: Int] = [:]
            for m in members {
                for p in Set(files.records[m.name] ?? []) where !p.contains(".dist-info/") {
                    counts[p, default: 0] += 1
                }
            }
            let shared = counts.filter { $0.value > 1 }.keys.sorted()
            return DuplicateWheels(
                family: family, packages: members.map { "\($0.name) \($0.version)" },
                sharedFiles: Array(shared.prefix(5)),
                sharedFileCount: shared.count)
        }
    }

    /// "nvidia-cudnn-cu12" → "nvidia-cudnn".
    static func family(_ name: String) -> String {
        guard let r = name.range(of: "-cu", options: .backwards),
            !name[r.upperBound...].isEmpty, name[r.upperBound...].allSatisfy(\.isNumber)
        else { return name }
        return String(name[..<r.lowerBound])
    }
}
