import DLEnvCore

/// Verdicts on stacks and on installed torches (`check`, `doctor`), with the fix engine's ranked fixes.
extension CompatibilityMatrix {
    /// The release and variant of an installed torch: the local tag ("2.4.0+cu121" → cu121), else what
    /// torch.version.cuda/hip say, else PyPI's default build of that release.
    public func wheel(of torch: HostFacts.Torch) -> (Version, String)? {
        guard let full = Version(torch.version) else { return nil }
        let version = full.withoutLocal
        if let local = full.local, local == "cpu" || local.hasPrefix("cu") || local.hasPrefix("rocm") {
            return (version, local)
        }
        if let cuda = torch.cuda.flatMap(Version.init) { return (version, "cu\(cuda.major)\(cuda.minor)") }
        if let hip = torch.hip.flatMap(Version.init) { return (version, "rocm\(hip.major).\(hip.minor)") }
        guard let s = self.torch(version)?.series else { return nil }
        return (version, s.pypiDefault)
    }

    /// The build to check for a torch constraint: the best build of the newest matching release this host can
    /// run, else the accelerator's (or PyPI's default) build of that release, whose failures are then shown.
    public func candidate(torch spec: VersionSpec, accelerator: AcceleratorSpec, request: ResolveRequest)
        -> (Version, String)?
    {
        guard let (s, release) = torchReleases.first(where: { spec.contains($0.release.version) }) else {
            return nil
        }
        if case .variant(let name) = accelerator { return (release.version, name) }
        var exact = request
        exact.torch = (try? VersionSpec(parsing: "==\(release.version.text)")) ?? spec
        exact.accelerator = accelerator
        if let best = resolve(exact).stacks.first { return (release.version, best.variant) }
        if case .auto = accelerator { return (release.version, s.pypiDefault) }
        let accepted = variants(of: release, in: s).first { accelerator.accepts($0) }
        return (release.version, accepted?.name ?? s.pypiDefault)
    }

    /// Every link of one build on the request's host, and the ranked fixes when one fails.
    public func verdict(torch: Version, variant: String, request: ResolveRequest) -> StackVerdict {
        let links = self.links(torch: torch, variant: variant, request: request)
        guard !links.isEmpty else {
            let link = ChainLink(kind: .matrix, status: .failed, torch: torch, variant: variant, facts: .matrix)
            return StackVerdict(
                torch: torch, variant: variant, python: request.python?.text, compatible: false, links: [link],
                fixes: [])
        }
        var python = request.python?.text
        for link in links {
            if case .python(let p) = link.facts, python == nil { python = p.asked }
        }
        let ok = links.allSatisfy(\.ok)
        return StackVerdict(
            torch: torch, variant: variant, python: python, compatible: ok, links: links,
            fixes: ok
                ? [] : FixEngine.fixes(torch: torch, variant: variant, links: links, request: request, matrix: self))
    }

    /// Every torch installed in the probed Pythons, against the host, each with the best stack to reinstall when
    /// it does not run here.
    public func installed(host: HostFacts, request base: ResolveRequest) -> [InstalledVerdict] {
        var out: [InstalledVerdict] = []
        for p in host.pythons {
            guard let t = p.torch else { continue }
            var request = base
            request.python = p.version.flatMap(Version.init).flatMap { Version($0.majorMinor) }
            guard let (version, variant) = wheel(of: t) else {
                out.append(
                    InstalledVerdict(
                        python: p.path, torch: t.version, variant: nil, compatible: true, problems: [],
                        notes: [.unknownRelease], links: [], fixes: []))
                continue
            }
            // The interpreter already runs this torch: its Python and torchvision links are not in question.
            let links = self.links(torch: version, variant: variant, request: request).filter {
                $0.kind != .python && $0.kind != .torchvision
            }
            let problems = links.filter(\.failed)
            var notes: [InstalledVerdict.Note] = []
            if links.isEmpty { notes.append(.unknownBuild(torch: version, variant: variant)) }
            if variant == "cpu", !base.gpus.isEmpty { notes.append(.cpuBuildOnGPUHost) }
            if variant != "cpu", problems.isEmpty, !links.isEmpty, !base.gpus.isEmpty, !t.cudaAvailable {
                notes.append(.cudaUnavailable)
            }
            var fixes: [Fix] = []
            if !problems.isEmpty {
                fixes = FixEngine.fixes(torch: version, variant: variant, links: links, request: request, matrix: self)
            }
            out.append(
                InstalledVerdict(
                    python: p.path, torch: t.version, variant: variant, compatible: problems.isEmpty,
                    problems: problems, notes: notes, links: links, fixes: fixes))
        }
        return out
    }

    /// The toolkit link, only for building CUDA extensions: torch's `cpp_extension._check_cuda_version` refuses an
    /// nvcc whose major differs from torch's CUDA and warns on a different minor
    /// (`pytorch/pytorch:torch/utils/cpp_extension.py`).
    public func toolkitLink(torch: Version, variant: String, toolkits: [HostFacts.Located]) -> ChainLink? {
        guard let cuda = stack(torch: torch, variant: variant, python: "3.12")?.cuda, let need = Version(cuda) else {
            return nil
        }
        let have = toolkits.compactMap { t in Version(t.version).map { (t, $0) } }
        let match =
            have.first(where: { $0.1.major == need.major && $0.1.minor == need.minor })
            ?? have.first(where: { $0.1.major == need.major })
        let facts = ToolkitFacts(
            cuda: need, found: match?.0.version, path: match?.0.path, seen: have.map(\.0.version),
            otherMinor: match.map { $0.1.minor != need.minor } ?? false)
        return ChainLink(
            kind: .toolkit, status: match == nil ? .failed : .ok, torch: torch, variant: variant,
            facts: .toolkit(facts))
    }
}
