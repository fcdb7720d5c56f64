import DLEnvCore

/// The verdict on an inspected environment: consistency (pins, variants, pairing, the loader's first copies,
/// duplicate wheels, the wheels' cuDNN/NCCL) and the chain on the host (the driver floor of torch's CUDA, each GPU
/// against the arch list read from the fat binaries), with fixes from the one fix engine.
extension CompatibilityMatrix {
    public func judge(_ e: EnvironmentInspection, request: ResolveRequest) -> InspectionVerdict {
        var verdict = InspectionVerdict(
            target: e.target, interpreter: e.interpreter, torch: nil, variant: nil, findings: [], links: [], fixes: [])
        guard let t = e.torch, let facts = e.torchFacts, let (version, variant) = wheel(of: facts) else {
            if e.torch == nil {
                verdict.findings.append(InspectionFinding(kind: .noTorch, severity: .note, facts: .none))
            }
            verdict.torch = e.torch?.version
            return verdict
        }
        verdict.torch = t.version
        verdict.variant = variant
        var findings = consistency(e, torch: version, variant: variant)
        let known = self.torch(version)?.series.variant(variant)
        if known == nil || self.torch(version) == nil {
            findings.append(
                InspectionFinding(
                    kind: .unknownBuild, severity: .note, facts: .build(torch: t.version, variant: variant)))
        }
        if let known { findings += matrixDrift(e, torch: t, variant: known) }
        verdict.findings = findings
        verdict.links = hostLinks(t, torch: version, variant: variant, known: known, request: request)
        verdict.fixes = FixEngine.fixes(inspection: e, verdict: verdict, request: request, matrix: self)
        return verdict
    }

    /// The driver floor of torch's CUDA and each GPU against the real arch list (the matrix's list when the fat
    /// binaries gave none, e.g. a ROCm build).
    func hostLinks(_ t: TorchBuild, torch: Version, variant: String, known: TorchVariant?, request: ResolveRequest)
        -> [ChainLink]
    {
        var request = request
        request.gpus = identify(request.gpus).gpus
        let cuda = t.cuda.flatMap(Version.init) ?? known?.cuda
        let hip = t.hip.flatMap(Version.init) ?? known?.rocm
        let kind: TorchVariant.Kind = cuda.map { .cuda($0) } ?? hip.map { .rocm($0) } ?? .cpu
        var v =
            known
            ?? TorchVariant(
                name: variant, kind: kind,
                provenance: Provenance(
                    source: t.archSource ?? "torch/version.py", verified: .wheelMetadata,
                    location: SourceLocation(file: t.archSource ?? "torch/version.py")))
        v.kind = kind
        if !t.archList.isEmpty { v.arch = t.archList }
        var links: [ChainLink] = []
        if let cuda {
            let d = driverFacts(cuda: cuda, request: request)
            let status: ChainLink.Status =
                d.need == nil || d.have == nil ? .notChecked : (d.have! >= d.need! ? .ok : .failed)
            links.append(ChainLink(kind: .driver, status: status, torch: torch, variant: variant, facts: .driver(d)))
        }
        for gpu in request.gpus {
            let a = archFacts(gpu: gpu, variant: v, request: request)
            links.append(
                ChainLink(
                    kind: .arch, status: Self.status(of: a.verdict), torch: torch, variant: variant, facts: .arch(a)))
        }
        return links
    }

    /// The findings that need no host: pins, variants, pairing, the loader, duplicates.
    func consistency(_ e: EnvironmentInspection, torch: Version, variant: String) -> [InspectionFinding] {
        var out: [InspectionFinding] = []
        var pinnedOnTorch: Set<String> = []
        for d in e.distributions {
            for r in d.requires where r.applies && Self.checked(r.name) {
                let installed = e.distribution(r.name)
                let facts = InspectionFacts.requirement(
                    by: d.name, byVersion: d.version, requirement: r, installed: installed?.version)
                guard let installed else {
                    if r.name == "numpy" { continue }
                    let severe = r.name == "torch" || r.name.hasPrefix("nvidia-") || r.name.hasPrefix("cuda-")
                    out.append(
                        InspectionFinding(kind: .requirementUnmet, severity: severe ? .error : .warning, facts: facts))
                    continue
                }
                guard let spec = try? VersionSpec(parsing: r.specifier), let v = Version(installed.version),
                    !spec.contains(v)
                else { continue }
                let severe = r.name == "torch" || d.name == "torch"
                if r.name == "torch" { pinnedOnTorch.insert(d.name) }
                out.append(
                    InspectionFinding(kind: .requirementUnmet, severity: severe ? .error : .warning, facts: facts))
            }
        }
        for d in e.distributions where Self.builtAgainstTorch(d.name) {
            if let f = variantFinding(d, torchVariant: variant) { out.append(f) }
        }
        if let release = self.torch(torch)?.release {
            for (name, pairs) in [("torchvision", release.torchvision), ("torchaudio", release.torchaudio)] {
                guard let pairs, let p = Version(pairs), let d = e.distribution(name), !pinnedOnTorch.contains(name),
                    let v = Version(d.version)?.withoutLocal, v.majorMinor != p.majorMinor
                else { continue }
                out.append(
                    InspectionFinding(
                        kind: .companionPairing, severity: .error,
                        facts: .pairing(package: name, installed: d.version, pairs: pairs, torch: torch.text)))
            }
        }
        for lib in e.loader?.libraries ?? [] {
            if lib.loaded == nil {
                out.append(InspectionFinding(kind: .missingLibrary, severity: .error, facts: .library(lib)))
            } else if lib.shadowed {
                let wheel = lib.others.first { $0.distribution != nil }
                let same = wheel?.version != nil && wheel?.version == lib.loaded?.version
                out.append(
                    InspectionFinding(kind: .shadowedLibrary, severity: same ? .warning : .error, facts: .library(lib)))
            } else if !lib.masked.isEmpty {
                out.append(InspectionFinding(kind: .maskedLibrary, severity: .note, facts: .library(lib)))
            }
        }
        for d in e.duplicates {
            out.append(InspectionFinding(kind: .duplicateWheels, severity: .warning, facts: .duplicate(d)))
        }
        return out
    }

    /// Requirements whose target decides whether torch works.
    static func checked(_ name: String) -> Bool {
        name == "torch" || name == "numpy" || name.hasPrefix("nvidia-") || name.hasPrefix("cuda-")
            || builtAgainstTorch(name) || name.hasPrefix("triton") || name.hasPrefix("pytorch-triton")
    }

    /// Packages with extension modules compiled against torch (a variant of their own).
    static func builtAgainstTorch(_ name: String) -> Bool {
        ["torchvision", "torchaudio", "xformers", "flash-attn", "torch-tensorrt"].contains(name)
    }

    /// A companion of another variant: its local tag (+cpu, +cu128, +rocm6.2), else the CUDA runtime its extension
    /// modules link against. cpu against a GPU build, CUDA against ROCm and another CUDA major are errors
    /// (torchvision refuses another CUDA major at import); another CUDA minor is a note.
    func variantFinding(_ d: Distribution, torchVariant: String) -> InspectionFinding? {
        let local = d.variant
        let facts: (String) -> InspectionFacts = {
            .variant(package: d.name, version: d.version, variant: $0, torchVariant: torchVariant)
        }
        let torchCUDA = Self.cudaOf(torchVariant)
        if let local {
            guard local != torchVariant else { return nil }
            if let a = Self.cudaOf(local), let b = torchCUDA {
                if a.major == b.major {
                    return InspectionFinding(kind: .companionVariant, severity: .note, facts: facts(local))
                }
            } else if local.hasPrefix("rocm"), torchVariant.hasPrefix("rocm") {
                return InspectionFinding(kind: .companionVariant, severity: .warning, facts: facts(local))
            }
            return InspectionFinding(kind: .companionVariant, severity: .error, facts: facts(local))
        }
        guard let runtime = d.cudaRuntime else { return nil }
        if let b = torchCUDA, b.major == runtime { return nil }
        return InspectionFinding(kind: .companionVariant, severity: .error, facts: facts("cuda \(runtime)"))
    }

    /// "cu128" → 12.8; nil for cpu and ROCm.
    static func cudaOf(_ variant: String) -> Version? {
        guard variant.hasPrefix("cu"), variant.count >= 4, let digits = Int(variant.dropFirst(2)) else { return nil }
        return Version(digits / 10, digits % 10)
    }

    /// The wheels' cuDNN/NCCL and the fat binaries' arch list against what the matrix records for the build.
    func matrixDrift(_ e: EnvironmentInspection, torch t: TorchBuild, variant v: TorchVariant) -> [InspectionFinding] {
        var out: [InspectionFinding] = []
        let major = v.cuda.map { "-cu\($0.major)" } ?? ""
        for (library, recorded) in [("cudnn", v.cudnn), ("nccl", v.nccl)] {
            guard let recorded, let r = Version(recorded),
                let d = e.distribution("nvidia-\(library)\(major)") ?? e.distribution("nvidia-\(library)"),
                let w = Version(d.version)
            else { continue }
            let n = min(r.components.count, w.components.count)
            if Array(r.components.prefix(n)) != Array(w.components.prefix(n)) {
                out.append(
                    InspectionFinding(
                        kind: .cudaLibraryVersion, severity: .note,
                        facts: .cudaLibrary(
                            library: library, package: d.name, wheel: d.version, matrix: recorded, variant: v.name)))
            }
        }
        if !t.archList.isEmpty, !v.arch.isEmpty, Set(t.archList) != Set(v.arch) {
            out.append(
                InspectionFinding(
                    kind: .archListDiffers, severity: .note,
                    facts: .archList(library: t.archSource ?? "", files: t.archList, matrix: v.arch, variant: v.name)))
        }
        return out
    }
}
