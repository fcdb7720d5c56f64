import DLEnvCore

extension CompatibilityMatrix {
    /// The links of one candidate: OS, Python, driver, each GPU's architecture, torchvision.
    func chain(
        series: TorchSeries, release: TorchRelease, variant: TorchVariant, python: String, request: ResolveRequest
    ) -> [ChainLink] {
        func link(_ kind: ChainLink.Kind, _ status: ChainLink.Status, _ facts: LinkFacts) -> ChainLink {
            ChainLink(kind: kind, status: status, torch: release.version, variant: variant.name, facts: facts)
        }
        var links: [ChainLink] = []
        links.append(
            link(.os, variant.os.contains(request.os) ? .ok : .failed, .os(asked: request.os, available: variant.os)))
        let py = pythonFacts(release: release, series: series, python: python, os: request.os)
        links.append(link(.python, py.problem == nil ? .ok : .failed, .python(py)))
        if let cuda = variant.cuda {
            let d = driverFacts(cuda: cuda, request: request)
            let status: ChainLink.Status =
                d.need == nil || d.have == nil ? .notChecked : (d.have! >= d.need! ? .ok : .failed)
            links.append(link(.driver, status, .driver(d)))
        }
        for gpu in request.gpus {
            let a = archFacts(gpu: gpu, variant: variant, request: request)
            links.append(link(.arch, Self.status(of: a.verdict), .arch(a)))
        }
        let tv = release.torchvision.flatMap(Version.init)
        let tvStatus: ChainLink.Status =
            tv.map { request.torchvision.contains($0) ? .ok : .failed } ?? (request.torchvision.isAny ? .ok : .failed)
        links.append(
            link(
                .torchvision, tvStatus,
                .torchvision(pairs: tv == nil ? nil : release.torchvision, requested: request.torchvision)))
        return links
    }

    static func status(of verdict: ArchFacts.Verdict) -> ChainLink.Status {
        switch verdict {
        case .exact, .binaryCompatible, .ptxJIT, .cpuBuild, .gfxInList: .ok
        case .unknownGPU, .unknownCapability, .gfxListUnknown: .notChecked
        case .ptxNeedsDriver, .notInArchList, .nvidiaOnROCm, .amdOnCUDA, .gfxNotInList: .failed
        }
    }

    func pythonFacts(release: TorchRelease, series: TorchSeries, python: String, os: HostFacts.OS) -> PythonFacts {
        let available = pythons(release: release, series: series, os: os)
        var facts = PythonFacts(asked: python, available: available, problem: nil, bound: nil)
        if available.contains(python) { return facts }
        let regular = available.compactMap(PythonTag.init).filter { !$0.freeThreaded }
        guard let asked = PythonTag(python) else {
            facts.problem = .notAVersion
            return facts
        }
        if asked.freeThreaded {
            facts.problem = .freeThreadedUnavailable
        } else if let newest = regular.max(), asked.version > newest.version {
            facts.problem = .newerThanSupported
            facts.bound = newest.text
        } else if let oldest = regular.min(), asked.version < oldest.version {
            facts.problem = .olderThanSupported
            facts.bound = oldest.text
        } else {
            facts.problem = .noWheel
        }
        return facts
    }

    func driverFacts(cuda: Version, request: ResolveRequest) -> DriverFacts {
        guard let (required, minorCompat) = requiredDriver(cuda: cuda, os: request.os) else {
            return DriverFacts(cuda: cuda, have: request.driver, need: nil, rule: nil)
        }
        return DriverFacts(
            cuda: cuda, have: request.driver, need: required,
            rule: minorCompat ? .minorVersionCompatibility : .toolkitFloor)
    }

    func archFacts(gpu: GPURequirement, variant: TorchVariant, request: ResolveRequest) -> ArchFacts {
        let g = ArchFacts.GPU(
            index: gpu.index, name: gpu.name, capability: gpu.computeCapability, gfx: gpu.gfx, label: gpu.label)
        var facts = ArchFacts(
            gpu: g, verdict: .cpuBuild, sass: [], ptx: [], entry: nil, driverNeed: nil, driverHave: nil, cuda: nil)
        switch variant.kind {
        case .cpu:
            return facts
        case .rocm:
            facts.sass = variant.arch
            guard let gfx = gpu.gfx else {
                facts.verdict = gpu.computeCapability == nil ? .unknownGPU : .nvidiaOnROCm
                return facts
            }
            facts.verdict =
                variant.arch.isEmpty ? .gfxListUnknown : (variant.arch.contains(gfx) ? .gfxInList : .gfxNotInList)
            if facts.verdict == .gfxInList { facts.entry = gfx }
            return facts
        case .cuda(let cuda):
            let entries = variant.archEntries
            facts.sass = entries.filter { !$0.isPTX }.map(\.text)
            facts.ptx = entries.filter(\.isPTX).map(\.text)
            facts.cuda = cuda.majorMinor
            if gpu.isAMD {
                facts.verdict = .amdOnCUDA
                return facts
            }
            guard let cc = gpu.computeCapability else {
                facts.verdict = .unknownCapability
                return facts
            }
            if let exact = entries.first(where: { !$0.isPTX && $0.capability == cc }) {
                facts.verdict = .exact
                facts.entry = exact.text
                return facts
            }
            if let compatible = entries.filter({ $0.servesNatively(cc) }).max(by: { $0.capability < $1.capability }) {
                facts.verdict = .binaryCompatible
                facts.entry = compatible.text
                return facts
            }
            if let ptx = entries.filter({ $0.servesByJIT(cc) }).max(by: { $0.capability < $1.capability }) {
                facts.entry = ptx.text
                // Newer PTX cannot be JIT-compiled by an older driver: the toolkit's own driver is needed.
                let own = cudaRelease(Version(cuda.majorMinor) ?? cuda)?.minDriver.floor(for: request.os)
                if let own, let driver = request.driver, driver < own {
                    facts.verdict = .ptxNeedsDriver
                    facts.driverNeed = own
                    facts.driverHave = driver
                } else {
                    facts.verdict = .ptxJIT
                }
                return facts
            }
            facts.verdict = .notInArchList
            return facts
        }
    }
}
