import DLEnvCore
import DLEnvMatrix

/// The verdict on one stack for one host: every link of the chain, and ranked fixes when a link fails.
struct StackCheck: Sendable, Encodable {
    /// "torch 2.4.1+cu121 / Python 3.12".
    var candidate: String
    var compatible: Bool
    var links: [ChainLink]
    var fixes: [String]
}

/// An installed torch (in one probed Python) judged against the host.
struct InstalledCheck: Sendable, Encodable {
    var python: String
    var torch: String
    var compatible: Bool
    /// One sentence per broken link: "torch 2.4.0+cu121 in /usr/bin/python3 cannot use GPU 0: driver … < …".
    var problems: [String]
    /// Observations that are not failures (a CPU build on a GPU host, CUDA unavailable at run time).
    var notes: [String]
    var links: [ChainLink]
}

/// Checks stacks and installed torches with the matrix's chain (`CompatibilityMatrix.links`) and ranks fixes:
/// another build of the same torch, a driver upgrade with its minimum, another torch, another Python.
enum ProbeChecking {
    /// The release and variant of an installed torch: the local tag ("2.4.0+cu121" → cu121), else what
    /// torch.version.cuda/hip say, else PyPI's default build of that release.
    static func wheel(_ torch: HostFacts.Torch, matrix: CompatibilityMatrix) -> (Version, String)? {
        guard let full = Version(torch.version) else { return nil }
        let version = full.withoutLocal
        if let local = full.local, local == "cpu" || local.hasPrefix("cu") || local.hasPrefix("rocm") {
            return (version, local)
        }
        if let cuda = torch.cuda.flatMap(Version.init) { return (version, "cu\(cuda.major)\(cuda.minor)") }
        if let hip = torch.hip.flatMap(Version.init) { return (version, "rocm\(hip.major).\(hip.minor)") }
        guard let s = matrix.torch(version)?.series else { return nil }
        return (version, s.pypiDefault)
    }

    /// The stack to check for a torch constraint: the best build of the newest matching release this host can
    /// run, else the accelerator's (or PyPI's default) build of that release, whose failures are then shown.
    static func candidate(
        torch spec: VersionSpec, accelerator: AcceleratorSpec, request: ResolveRequest, matrix: CompatibilityMatrix
    ) -> (Version, String)? {
        guard let (s, release) = matrix.torchReleases.first(where: { spec.contains($0.release.version) }) else {
            return nil
        }
        if case .variant(let name) = accelerator { return (release.version, name) }
        var exact = request
        exact.torch = (try? VersionSpec(parsing: "==\(release.version.text)")) ?? spec
        exact.accelerator = accelerator
        if let best = matrix.resolve(exact).stacks.first { return (release.version, best.variant) }
        let variants = matrix.variants(of: release, in: s)
        if case .auto = accelerator { return (release.version, s.pypiDefault) }
        let accepted = variants.first { accelerator.accepts($0) }
        return (release.version, accepted?.name ?? s.pypiDefault)
    }

    static func check(torch: Version, variant: String, request: ResolveRequest, matrix: CompatibilityMatrix)
        -> StackCheck
    {
        let links = matrix.links(torch: torch, variant: variant, request: request)
        let python = request.python?.text ?? links.first { $0.name == "python" }.flatMap { pythonIn($0.detail) }
        let candidate = "torch \(torch.text)+\(variant)" + (python.map { " / Python \($0)" } ?? "")
        guard !links.isEmpty else {
            return StackCheck(
                candidate: candidate, compatible: false,
                links: [ChainLink(name: "matrix", ok: false, detail: "the matrix has no torch \(torch) \(variant)")],
                fixes: ["see the known builds: dlenv matrix torch \(torch.majorMinor)"])
        }
        let ok = links.allSatisfy(\.ok)
        return StackCheck(
            candidate: candidate, compatible: ok, links: links,
            fixes: ok ? [] : fixes(torch: torch, variant: variant, links: links, request: request, matrix: matrix))
    }

    /// "…has wheels for Python 3.12" → "3.12".
    static func pythonIn(_ detail: String) -> String? {
        guard let r = detail.range(of: "Python ") else { return nil }
        let v = detail[r.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "t" }
        return v.isEmpty ? nil : String(v)
    }

    /// Ranked fixes for a failing stack.
    static func fixes(
        torch: Version, variant: String, links: [ChainLink], request: ResolveRequest, matrix: CompatibilityMatrix
    ) -> [String] {
        var out: [String] = []
        let failing = Set(links.filter { !$0.ok }.map(\.name))
        let kind: AcceleratorSpec =
            variant == "cpu" ? .cpu : (variant.hasPrefix("rocm") ? .rocm(.any) : .cuda(.any))
        // 1. Another build of the same torch (no admin rights needed).
        var same = request
        same.torch = (try? VersionSpec(parsing: "==\(torch.text)")) ?? .any
        same.accelerator = kind
        if let s = matrix.resolve(same).stacks.first(where: { $0.variant != variant }) {
            out.append("use the \(s.variant) build of the same torch: \(pipCommand(s))")
        }
        // 2. A driver upgrade to the floor of this build.
        // Only when the driver is all that fails: an upgrade alone then makes this very build work.
        let driverOnly = links.filter { !$0.ok }.allSatisfy {
            $0.name == "driver" || $0.detail.contains("needs a driver ≥")
        }
        if driverOnly,
            let stack = matrix.stack(torch: torch, variant: variant, python: request.python?.text ?? "3.12"),
            let floor = request.os == .windows ? stack.minDriverWindows : stack.minDriverLinux
        {
            let have = request.driver.map { " (installed: \($0))" } ?? ""
            out.append("upgrade the NVIDIA driver to ≥ \(floor)\(have) to run CUDA \(stack.cuda ?? "?") builds")
        }
        // 3. Another torch of the same kind that works here.
        var other = request
        other.torch = .any
        other.accelerator = kind
        if let s = matrix.resolve(other).stacks.first(where: { Version($0.torch) != torch }) {
            out.append("use torch \(s.torch)+\(s.variant): \(pipCommand(s))")
        } else if kind != .cpu {
            // Nothing runs on this driver: the newest stack a driver upgrade would allow, then the CPU build.
            var upgraded = other
            upgraded.driver = nil
            if request.driver != nil, let s = matrix.resolve(upgraded).stacks.first,
                let floor = request.os == .windows ? s.minDriverWindows : s.minDriverLinux
            {
                out.append(
                    "upgrade the NVIDIA driver to ≥ \(floor) and use torch \(s.torch)+\(s.variant): \(pipCommand(s))")
            }
            var cpu = request
            cpu.torch = .any
            cpu.accelerator = .cpu
            if let s = matrix.resolve(cpu).stacks.first {
                out.append("no GPU build fits this host as it is; the CPU build runs: \(pipCommand(s))")
            }
        }
        // 4. Another Python.
        if failing.contains("python") {
            var py = request
            py.python = nil
            py.torch = (try? VersionSpec(parsing: "==\(torch.text)")) ?? .any
            py.accelerator = .variant(variant)
            if let s = matrix.resolve(py).stacks.first {
                out.append(
                    "use Python \(s.python) (torch \(torch.text) has no wheel for Python \(request.python?.text ?? "?"))"
                )
            }
        }
        // 5. The torchvision that pairs with this torch.
        if failing.contains("torchvision"), let s = matrix.stack(torch: torch, variant: variant, python: "3.12"),
            let tv = s.torchvision
        {
            out.append("use torchvision \(tv), the release that pairs with torch \(torch.text)")
        }
        var seen: Set<String> = []
        return out.filter { seen.insert($0).inserted }
    }

    /// The toolkit link, only for building CUDA extensions: torch's `cpp_extension._check_cuda_version` refuses an
    /// nvcc whose major differs from torch's CUDA and warns on a different minor
    /// (`pytorch/pytorch:torch/utils/cpp_extension.py`).
    static func toolkitLink(cuda: String?, toolkits: [HostFacts.Located], wheel: String) -> ChainLink? {
        guard let cuda, let need = Version(cuda) else { return nil }
        let have = toolkits.compactMap { t in Version(t.version).map { (t, $0) } }
        if let (t, v) = have.first(where: { $0.1.major == need.major && $0.1.minor == need.minor })
            ?? have.first(where: { $0.1.major == need.major })
        {
            let minor = v.minor == need.minor ? "" : " (a different minor: torch warns but builds)"
            return ChainLink(
                name: "toolkit", ok: true,
                detail: "nvcc \(t.version) (\(t.path ?? "?")) can build extensions for \(wheel) (CUDA \(cuda))\(minor)")
        }
        let found = have.isEmpty ? "no CUDA toolkit found" : "found \(have.map(\.0.version).joined(separator: ", "))"
        return ChainLink(
            name: "toolkit", ok: false,
            detail: "building extensions for \(wheel) needs a CUDA \(need.major).x toolkit (nvcc); \(found)")
    }

    /// `pip install torch==2.4.1 torchvision==0.19.1 --index-url https://download.pytorch.org/whl/cu121`.
    static func pipCommand(_ s: Stack) -> String {
        var parts = ["pip install torch==\(s.torch)"]
        if let tv = s.torchvision { parts.append("torchvision==\(tv)") }
        if let url = s.indexURL { parts.append("--index-url \(url)") }
        return parts.joined(separator: " ")
    }

    /// Every torch installed in the probed Pythons, against the host.
    static func installed(host: HostFacts, request base: ResolveRequest, matrix: CompatibilityMatrix)
        -> [InstalledCheck]
    {
        var out: [InstalledCheck] = []
        for p in host.pythons {
            guard let t = p.torch else { continue }
            let label = "torch \(t.version) in \(p.path)"
            guard let (version, variant) = wheel(t, matrix: matrix) else {
                out.append(
                    InstalledCheck(
                        python: p.path, torch: t.version, compatible: true, problems: [],
                        notes: ["\(label): not a release the matrix knows; not checked"], links: []))
                continue
            }
            var request = base
            request.python = p.version.flatMap(Version.init).flatMap { Version($0.majorMinor) }
            // The interpreter already runs this torch: its Python and torchvision links are not in question.
            let links = matrix.links(torch: version, variant: variant, request: request).filter {
                $0.name != "python" && $0.name != "torchvision"
            }
            var problems: [String] = []
            var notes: [String] = []
            let gpuIndices = base.gpus.map { String($0.index) }
            for link in links where !link.ok {
                if link.name.hasPrefix("arch:") {
                    problems.append("\(label) cannot use \(link.name.dropFirst(5)): \(link.detail)")
                } else if link.name == "driver" {
                    let target =
                        gpuIndices.isEmpty
                        ? "the GPU" : "GPU\(gpuIndices.count > 1 ? "s" : "") \(gpuIndices.joined(separator: ", "))"
                    problems.append("\(label) cannot use \(target): \(link.detail)")
                } else {
                    problems.append("\(label): \(link.detail)")
                }
            }
            if links.isEmpty {
                notes.append("\(label): the matrix has no \(version) \(variant) build; not checked")
            }
            if variant == "cpu", !base.gpus.isEmpty {
                notes.append("\(label) is a CPU build: it will not use the host's GPUs")
            }
            if variant != "cpu", problems.isEmpty, !links.isEmpty, !base.gpus.isEmpty, !t.cudaAvailable {
                notes.append(
                    "\(label) reports CUDA unavailable although the chain checks out; run it and read the warning "
                        + "torch prints on import")
            }
            out.append(
                InstalledCheck(
                    python: p.path, torch: t.version, compatible: problems.isEmpty, problems: problems, notes: notes,
                    links: links))
        }
        return out
    }
}
