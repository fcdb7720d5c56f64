import DLEnvCore

extension CompatibilityMatrix {
    /// Every compatible stack for the request, best first (newest torch; then the newest CUDA the host can run;
    /// PyPI's default on ties), and every rejected candidate with the reasons, one per broken link.
    public func resolve(_ request: ResolveRequest) -> Resolution {
        let (gpus, notes) = identify(request.gpus)
        var request = request
        request.gpus = gpus
        let kinds = acceptedKinds(request)
        // Stacks are ranked by keys computed once (not by re-parsing versions inside the sort).
        var ranked: [(key: RankKey, stack: Stack)] = []
        var rejected: [Rejection] = []
        for s in series {
            for release in s.releases where request.torch.contains(release.version) {
                let python = candidatePython(release: release, series: s, request: request)
                let ordered = variants(of: release, in: s).sorted { Self.variantRanksBefore($0, $1, series: s) }
                for variant in ordered where accepts(variant, kinds: kinds, request: request) {
                    let links = chain(series: s, release: release, variant: variant, python: python, request: request)
                    let broken = links.filter { !$0.ok }
                    if broken.isEmpty {
                        let key = RankKey(
                            torch: release.version, gpu: variant.kind != .cpu,
                            runtime: variant.cuda ?? variant.rocm ?? Version(0),
                            pypiDefault: variant.name == s.pypiDefault && release.indexURL == nil,
                            variant: variant.name)
                        ranked.append((key, makeStack(series: s, release: release, variant: variant, python: python)))
                    } else {
                        rejected.append(
                            Rejection(torch: release.version, variant: variant.name, python: python, links: broken))
                    }
                }
            }
        }
        ranked.sort { $0.key < $1.key }
        let stacks = ranked.map(\.stack)
        var allNotes = notes
        if request.driver == nil, kinds.cuda, !request.gpus.isEmpty {
            allNotes.append("no driver version given: the driver floors were not checked")
        }
        return Resolution(stacks: stacks, rejected: rejected, notes: allNotes)
    }

    /// Every link of the chain for one candidate (`dlenv check`); empty when the matrix has no such release or
    /// variant.
    public func links(torch: Version, variant name: String, request: ResolveRequest) -> [ChainLink] {
        guard let (s, release) = self.torch(torch), let variant = s.variant(name) else { return [] }
        var request = request
        request.gpus = identify(request.gpus).gpus
        var links: [ChainLink] = []
        let published = variants(of: release, in: s).map(\.name)
        if !published.contains(name) {
            links.append(
                ChainLink(
                    kind: .variant, status: .failed, torch: release.version, variant: name,
                    facts: .variant(asked: name, published: published)))
        }
        let python = candidatePython(release: release, series: s, request: request)
        return links + chain(series: s, release: release, variant: variant, python: python, request: request)
    }

    /// The stack of one release, variant and Python, as the matrix describes it (no host checks).
    public func stack(torch: Version, variant name: String, python: String) -> Stack? {
        guard let (s, release) = self.torch(torch), let variant = s.variant(name) else { return nil }
        return makeStack(series: s, release: release, variant: variant, python: python)
    }

    // MARK: - Candidates

    /// Capabilities of GPUs integrated in ARM SoCs (Jetson TX1 5.3, TX2 6.2, Xavier 7.2, Orin 8.7, Thor 10.1/11.0;
    /// compat.md §4.1): their wheels are aarch64 builds (JetPack), not the x86_64 wheels of this matrix.
    static let tegraCapabilities: Set<ComputeCapability> = Set(
        ["5.3", "6.2", "7.2", "8.7", "10.1", "11.0"].compactMap(ComputeCapability.init))

    /// Fills in each named GPU's capability (or gfx) from gpus.yaml; unknown names and GPUs of ARM systems
    /// become notes.
    func identify(_ gpus: [GPURequirement]) -> (gpus: [GPURequirement], notes: [String]) {
        var notes: [String] = []
        for gpu in gpus {
            let model = gpu.name.flatMap { self.gpu(named: $0) }
            let arm =
                model?.platform == "aarch64"
                || (model?.computeCapability ?? gpu.computeCapability).map { Self.tegraCapabilities.contains($0) }
                    == true
            if arm {
                notes.append(
                    "\(gpu.label) comes in aarch64 systems: the matrix describes Linux x86_64 wheels; aarch64 builds carry other arch lists (Jetson uses NVIDIA's JetPack wheels)"
                )
            }
        }
        let result = gpus.map { gpu -> GPURequirement in
            guard gpu.computeCapability == nil, gpu.gfx == nil, let name = gpu.name else { return gpu }
            guard let model = self.gpu(named: name) else {
                notes.append("\(gpu.label): not in gpus.yaml, its compute capability is unknown and was not checked")
                return gpu
            }
            var known = gpu
            known.computeCapability = model.computeCapability
            known.gfx = model.gfx
            return known
        }
        return (result, notes)
    }

    struct AcceptedKinds {
        var cuda: Bool
        var rocm: Bool
        var cpu: Bool
    }

    /// Under `auto`: CUDA builds for NVIDIA GPUs or a driver, ROCm builds for AMD GPUs or a ROCm install, else CPU.
    func acceptedKinds(_ request: ResolveRequest) -> AcceptedKinds {
        guard case .auto = request.accelerator else { return AcceptedKinds(cuda: true, rocm: true, cpu: true) }
        let nvidia = request.driver != nil || request.gpus.contains { !$0.isAMD }
        let amd = request.rocm != nil || request.gpus.contains { $0.isAMD }
        return AcceptedKinds(cuda: nvidia, rocm: amd, cpu: !nvidia && !amd)
    }

    func accepts(_ variant: TorchVariant, kinds: AcceptedKinds, request: ResolveRequest) -> Bool {
        guard request.accelerator.accepts(variant) else { return false }
        switch variant.kind {
        case .cuda: return kinds.cuda
        case .rocm: return kinds.rocm
        case .cpu: return kinds.cpu
        }
    }

    /// The requested Python, or the newest regular (not free-threaded) one the release has on that OS.
    func candidatePython(release: TorchRelease, series: TorchSeries, request: ResolveRequest) -> String {
        if let python = request.python { return python.text }
        let list = pythons(release: release, series: series, os: request.os).compactMap(PythonTag.init)
        return (list.filter { !$0.freeThreaded }.max() ?? list.max())?.text ?? "?"
    }

    func pythons(release: TorchRelease, series: TorchSeries, os: HostFacts.OS) -> [String] {
        if os == .windows, release.python == nil, let windows = series.pythonWindows { return windows }
        return release.python ?? series.python
    }

    func makeStack(series: TorchSeries, release: TorchRelease, variant: TorchVariant, python: String) -> Stack {
        // A release with its own index (the 1.8.2 LTS) was never on PyPI.
        let pypiDefault = variant.name == series.pypiDefault && release.indexURL == nil
        let floor = variant.cuda.map { cuda in
            (requiredDriver(cuda: cuda, os: .linux)?.version, requiredDriver(cuda: cuda, os: .windows)?.version)
        }
        return Stack(
            torch: release.version.text, torchvision: release.torchvision, torchaudio: release.torchaudio,
            python: python, variant: variant.name, cuda: variant.cuda?.text, rocm: variant.rocm?.text,
            cudnn: variant.cudnn, nccl: variant.nccl, indexURL: pypiDefault ? nil : release.indexURL(for: variant),
            pypiDefault: pypiDefault, arch: variant.arch, minDriverLinux: floor?.0?.text,
            minDriverWindows: floor?.1?.text)
    }

    /// The order candidates of one release are judged and reported in: CUDA (newest first), then ROCm, then CPU;
    /// PyPI's default first on ties.
    static func variantRanksBefore(_ a: TorchVariant, _ b: TorchVariant, series: TorchSeries) -> Bool {
        func rank(_ v: TorchVariant) -> (Int, Version) {
            switch v.kind {
            case .cuda(let c): (0, c)
            case .rocm(let r): (1, r)
            case .cpu: (2, Version(0))
            }
        }
        let (ka, va) = rank(a), (kb, vb) = rank(b)
        if ka != kb { return ka < kb }
        if va != vb { return va > vb }
        return (a.name == series.pypiDefault) && (b.name != series.pypiDefault)
    }

    /// Newest torch; then GPU builds before CPU; then the newest CUDA (or ROCm); then PyPI's default.
    struct RankKey: Comparable {
        var torch: Version
        var gpu: Bool
        var runtime: Version
        var pypiDefault: Bool
        var variant: String

        static func < (a: RankKey, b: RankKey) -> Bool {
            if a.torch != b.torch { return a.torch > b.torch }
            if a.gpu != b.gpu { return a.gpu }
            if a.runtime != b.runtime { return a.runtime > b.runtime }
            if a.pypiDefault != b.pypiDefault { return a.pypiDefault }
            return a.variant < b.variant
        }
    }
}
