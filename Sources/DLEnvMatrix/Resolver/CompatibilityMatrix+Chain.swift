import DLEnvCore

extension CompatibilityMatrix {
    /// The links of one candidate: OS, Python, driver, each GPU's architecture, torchvision.
    func chain(
        series: TorchSeries, release: TorchRelease, variant: TorchVariant, python: String, request: ResolveRequest
    ) -> [ChainLink] {
        let wheel = "torch \(release.version)+\(variant.name)"
        var links: [ChainLink] = []
        links.append(
            variant.os.contains(request.os)
                ? ChainLink(name: "os", ok: true, detail: "\(wheel) has \(request.os.rawValue) wheels")
                : ChainLink(
                    name: "os", ok: false,
                    detail:
                        "\(wheel) has no \(request.os.rawValue) wheels (only \(variant.os.map(\.rawValue).joined(separator: ", ")))"
                ))
        links.append(pythonLink(release: release, series: series, python: python, os: request.os))
        if let cuda = variant.cuda { links.append(driverLink(cuda: cuda, request: request)) }
        for gpu in request.gpus { links.append(archLink(gpu: gpu, variant: variant, wheel: wheel, request: request)) }
        links.append(torchvisionLink(release: release, spec: request.torchvision))
        return links
    }

    func pythonLink(release: TorchRelease, series: TorchSeries, python: String, os: HostFacts.OS) -> ChainLink {
        let available = pythons(release: release, series: series, os: os)
        let torch = "torch \(release.version)"
        if available.contains(python) {
            return ChainLink(name: "python", ok: true, detail: "\(torch) has wheels for Python \(python)")
        }
        let tags = available.compactMap(PythonTag.init)
        let regular = tags.filter { !$0.freeThreaded }
        guard let asked = PythonTag(python) else {
            return ChainLink(name: "python", ok: false, detail: "'\(python)' is not a Python version")
        }
        if asked.freeThreaded {
            let ft = tags.filter(\.freeThreaded).map(\.text)
            return ChainLink(
                name: "python", ok: false,
                detail: "Python \(python) (free-threaded) has no \(torch) wheel"
                    + (ft.isEmpty ? " (no free-threaded builds)" : " (free-threaded: \(ft.joined(separator: ", ")))"))
        }
        if let newest = regular.max(), asked.version > newest.version {
            return ChainLink(
                name: "python", ok: false,
                detail: "Python \(python) is newer than \(newest), the newest \(torch) supports")
        }
        if let oldest = regular.min(), asked.version < oldest.version {
            return ChainLink(
                name: "python", ok: false,
                detail: "Python \(python) is older than \(oldest), the oldest \(torch) supports")
        }
        return ChainLink(
            name: "python", ok: false,
            detail: "\(torch) has no wheel for Python \(python) (available: \(available.joined(separator: ", ")))")
    }

    func driverLink(cuda: Version, request: ResolveRequest) -> ChainLink {
        guard let (required, minorCompat) = requiredDriver(cuda: cuda, os: request.os) else {
            return ChainLink(name: "driver", ok: true, detail: "no driver floor is known for CUDA \(cuda)")
        }
        let why =
            minorCompat
            ? "required by CUDA \(cuda.major).x wheels (minor-version compatibility)"
            : "required by CUDA \(cuda.majorMinor) wheels (the toolkit's own driver; no minor-version compatibility before CUDA 11)"
        guard let driver = request.driver else {
            return ChainLink(name: "driver", ok: true, detail: "driver not given; \(required) is \(why)")
        }
        return driver >= required
            ? ChainLink(name: "driver", ok: true, detail: "driver \(driver) ≥ \(required) \(why)")
            : ChainLink(name: "driver", ok: false, detail: "driver \(driver) < \(required) \(why)")
    }

    func archLink(gpu: GPURequirement, variant: TorchVariant, wheel: String, request: ResolveRequest) -> ChainLink {
        let name = "arch:GPU \(gpu.index)"
        switch variant.kind {
        case .cpu:
            return ChainLink(name: name, ok: true, detail: "\(gpu.label) is not used by the CPU build \(wheel)")
        case .rocm:
            guard let gfx = gpu.gfx else {
                return gpu.computeCapability == nil
                    ? ChainLink(name: name, ok: true, detail: "\(gpu.label): unknown GPU, not checked")
                    : ChainLink(
                        name: name, ok: false, detail: "\(gpu.label) is an NVIDIA GPU; \(wheel) needs an AMD GPU")
            }
            if variant.arch.isEmpty || variant.arch.contains(gfx) {
                return ChainLink(
                    name: name, ok: true,
                    detail: variant.arch.isEmpty
                        ? "\(gpu.label) (\(gfx)): the gfx list of \(wheel) is not recorded, not checked"
                        : "\(gpu.label) (\(gfx)) is in the gfx list of \(wheel)")
            }
            return ChainLink(
                name: name, ok: false,
                detail:
                    "\(gpu.label) (\(gfx)) is not in the gfx list of \(wheel) (\(variant.arch.first ?? "") … \(variant.arch.last ?? ""))"
            )
        case .cuda(let cuda):
            if gpu.isAMD {
                return ChainLink(
                    name: name, ok: false, detail: "\(gpu.label) is an AMD GPU; \(wheel) needs an NVIDIA GPU")
            }
            guard let cc = gpu.computeCapability else {
                return ChainLink(name: name, ok: true, detail: "\(gpu.label): compute capability unknown, not checked")
            }
            let entries = variant.archEntries
            let sass = entries.filter { !$0.isPTX }.map(\.text)
            let range = sass.isEmpty ? "no SASS" : "\(sass.first!) … \(sass.last!)"
            if let exact = entries.first(where: { !$0.isPTX && $0.capability == cc }) {
                return ChainLink(
                    name: name, ok: true, detail: "\(gpu.label) (\(cc.sm)) is in the arch list of \(wheel) (\(exact))")
            }
            if let compatible = entries.filter({ $0.servesNatively(cc) }).max(by: { $0.capability < $1.capability }) {
                return ChainLink(
                    name: name, ok: true,
                    detail:
                        "\(gpu.label) (\(cc.sm)) runs the \(compatible) kernels of \(wheel) (binary compatibility within \(cc.major).x)"
                )
            }
            if let ptx = entries.filter({ $0.servesByJIT(cc) }).max(by: { $0.capability < $1.capability }) {
                // Newer PTX cannot be JIT-compiled by an older driver: the toolkit's own driver is needed.
                let own = cudaRelease(Version(cuda.majorMinor) ?? cuda)?.minDriver.floor(for: request.os)
                if let own, let driver = request.driver, driver < own {
                    return ChainLink(
                        name: name, ok: false,
                        detail:
                            "\(gpu.label) (\(cc.sm)) has no SASS in \(wheel) and its PTX \(ptx) needs a driver ≥ \(own) (CUDA \(cuda.majorMinor)'s own) to JIT; the driver is \(driver)"
                    )
                }
                return ChainLink(
                    name: name, ok: true,
                    detail:
                        "\(gpu.label) (\(cc.sm)) runs \(wheel) through the driver's PTX JIT of \(ptx) (slow first start)"
                )
            }
            return ChainLink(
                name: name, ok: false, detail: "\(gpu.label) (\(cc.sm)) is not in the arch list of \(wheel) (\(range))")
        }
    }

    func torchvisionLink(release: TorchRelease, spec: VersionSpec) -> ChainLink {
        guard let text = release.torchvision, let tv = Version(text) else {
            return ChainLink(
                name: "torchvision", ok: spec.isAny,
                detail: "no torchvision release pairs with torch \(release.version)")
        }
        if spec.contains(tv) {
            return ChainLink(
                name: "torchvision", ok: true, detail: "torch \(release.version) pairs with torchvision \(text)")
        }
        return ChainLink(
            name: "torchvision", ok: false,
            detail: "torch \(release.version) pairs with torchvision \(text), outside the requested \(spec)")
    }
}
