import DLEnvCore

/// The sentence of a link, rendered from its facts (the one place these sentences are written; nothing reads
/// them back), and the JSON form: `name`, `kind`, `status`, `ok`, `detail`, `gpu` and the typed `facts`.
extension ChainLink: CustomStringConvertible, Encodable {
    public var description: String { detail }

    /// "driver 570.86.10 < 580.65.06 required by CUDA 13.x wheels (minor-version compatibility)".
    public var detail: String {
        let torchText = "torch \(torch.text)"
        switch facts {
        case .os(let asked, let available):
            return status == .ok
                ? "\(wheel) has \(asked.rawValue) wheels"
                : "\(wheel) has no \(asked.rawValue) wheels (only \(available.map(\.rawValue).joined(separator: ", ")))"
        case .python(let p):
            switch p.problem {
            case nil: return "\(torchText) has wheels for Python \(p.asked)"
            case .notAVersion: return "'\(p.asked)' is not a Python version"
            case .freeThreadedUnavailable:
                let ft = p.available.compactMap(PythonTag.init).filter(\.freeThreaded).map(\.text)
                return "Python \(p.asked) (free-threaded) has no \(torchText) wheel"
                    + (ft.isEmpty ? " (no free-threaded builds)" : " (free-threaded: \(ft.joined(separator: ", ")))")
            case .newerThanSupported:
                return "Python \(p.asked) is newer than \(p.bound ?? "?"), the newest \(torchText) supports"
            case .olderThanSupported:
                return "Python \(p.asked) is older than \(p.bound ?? "?"), the oldest \(torchText) supports"
            case .noWheel:
                return
                    "\(torchText) has no wheel for Python \(p.asked) (available: \(p.available.joined(separator: ", ")))"
            }
        case .driver(let d):
            guard let need = d.need, let rule = d.rule else { return "no driver floor is known for CUDA \(d.cuda)" }
            let why =
                rule == .minorVersionCompatibility
                ? "required by CUDA \(d.cuda.major).x wheels (minor-version compatibility)"
                : "required by CUDA \(d.cuda.majorMinor) wheels (the toolkit's own driver; no minor-version compatibility before CUDA 11)"
            guard let have = d.have else { return "driver not given; \(need) is \(why)" }
            return status == .failed ? "driver \(have) < \(need) \(why)" : "driver \(have) ≥ \(need) \(why)"
        case .arch(let a):
            return Self.archSentence(a, wheel: wheel)
        case .torchvision(let pairs, let requested):
            guard let pairs else { return "no torchvision release pairs with \(torchText)" }
            return status == .ok
                ? "\(torchText) pairs with torchvision \(pairs)"
                : "\(torchText) pairs with torchvision \(pairs), outside the requested \(requested)"
        case .variant(let asked, let published):
            return "\(torchText) was not published as \(asked) (only \(published.joined(separator: ", ")))"
        case .toolkit(let t):
            if let found = t.found {
                let minor = t.otherMinor ? " (a different minor: torch warns but builds)" : ""
                return
                    "nvcc \(found) (\(t.path ?? "?")) can build extensions for \(wheel) (CUDA \(t.cuda.text))\(minor)"
            }
            let seen = t.seen.isEmpty ? "no CUDA toolkit found" : "found \(t.seen.joined(separator: ", "))"
            return "building extensions for \(wheel) needs a CUDA \(t.cuda.major).x toolkit (nvcc); \(seen)"
        case .matrix:
            return "the matrix has no torch \(torch.text) \(variant)"
        }
    }

    static func archSentence(_ a: ArchFacts, wheel: String) -> String {
        let label = a.gpu.label
        let sm = a.gpu.capability.map(\.sm) ?? "?"
        switch a.verdict {
        case .cpuBuild: return "\(label) is not used by the CPU build \(wheel)"
        case .unknownGPU: return "\(label): unknown GPU, not checked"
        case .unknownCapability: return "\(label): compute capability unknown, not checked"
        case .nvidiaOnROCm: return "\(label) is an NVIDIA GPU; \(wheel) needs an AMD GPU"
        case .amdOnCUDA: return "\(label) is an AMD GPU; \(wheel) needs an NVIDIA GPU"
        case .gfxListUnknown:
            return "\(label) (\(a.gpu.gfx ?? "?")): the gfx list of \(wheel) is not recorded, not checked"
        case .gfxInList: return "\(label) (\(a.gpu.gfx ?? "?")) is in the gfx list of \(wheel)"
        case .gfxNotInList:
            return
                "\(label) (\(a.gpu.gfx ?? "?")) is not in the gfx list of \(wheel) (\(a.sass.first ?? "") … \(a.sass.last ?? ""))"
        case .exact: return "\(label) (\(sm)) is in the arch list of \(wheel) (\(a.entry ?? ""))"
        case .binaryCompatible:
            return
                "\(label) (\(sm)) runs the \(a.entry ?? "") kernels of \(wheel) (binary compatibility within \(a.gpu.capability?.major ?? 0).x)"
        case .ptxJIT:
            return "\(label) (\(sm)) runs \(wheel) through the driver's PTX JIT of \(a.entry ?? "") (slow first start)"
        case .ptxNeedsDriver:
            return
                "\(label) (\(sm)) has no SASS in \(wheel) and its PTX \(a.entry ?? "") needs a driver ≥ \(a.driverNeed?.text ?? "?") (CUDA \(a.cuda ?? "?")'s own) to JIT; the driver is \(a.driverHave?.text ?? "?")"
        case .notInArchList:
            let range = a.sass.isEmpty ? "no SASS" : "\(a.sass.first!) … \(a.sass.last!)"
            return "\(label) (\(sm)) is not in the arch list of \(wheel) (\(range))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, status, ok, detail, gpu, facts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(ok, forKey: .ok)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(gpu, forKey: .gpu)
        try c.encode(facts, forKey: .facts)
    }
}

/// JSON of the facts: snake_case keys, versions as strings (documented in docs/probe.md).
extension LinkFacts: Encodable {
    enum Key: String, CodingKey {
        case asked, available, problem, bound, cuda, have, need, rule, gpu, name, capability, gfx, verdict, sass, ptx
        case entry, pairs, requested, published, found, path, seen
        case driverNeed = "driver_need"
        case driverHave = "driver_have"
        case otherMinor = "other_minor"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .os(let asked, let available):
            try c.encode(asked.rawValue, forKey: .asked)
            try c.encode(available.map(\.rawValue), forKey: .available)
        case .python(let p):
            try c.encode(p.asked, forKey: .asked)
            try c.encode(p.available, forKey: .available)
            try c.encode(p.problem, forKey: .problem)
            try c.encodeIfPresent(p.bound, forKey: .bound)
        case .driver(let d):
            try c.encode(d.cuda.text, forKey: .cuda)
            try c.encode(d.have?.text, forKey: .have)
            try c.encode(d.need?.text, forKey: .need)
            try c.encode(d.rule, forKey: .rule)
        case .arch(let a):
            try c.encode(a.gpu.index, forKey: .gpu)
            try c.encode(a.gpu.name, forKey: .name)
            try c.encode(a.gpu.capability, forKey: .capability)
            try c.encode(a.gpu.gfx, forKey: .gfx)
            try c.encode(a.verdict, forKey: .verdict)
            try c.encode(a.sass, forKey: .sass)
            try c.encode(a.ptx, forKey: .ptx)
            try c.encode(a.entry, forKey: .entry)
            try c.encodeIfPresent(a.driverNeed?.text, forKey: .driverNeed)
            try c.encodeIfPresent(a.driverHave?.text, forKey: .driverHave)
        case .torchvision(let pairs, let requested):
            try c.encode(pairs, forKey: .pairs)
            try c.encode(requested.text, forKey: .requested)
        case .variant(let asked, let published):
            try c.encode(asked, forKey: .asked)
            try c.encode(published, forKey: .published)
        case .toolkit(let t):
            try c.encode(t.cuda.text, forKey: .cuda)
            try c.encode(t.found, forKey: .found)
            try c.encode(t.path, forKey: .path)
            try c.encode(t.seen, forKey: .seen)
            try c.encode(t.otherMinor, forKey: .otherMinor)
        case .matrix:
            break
        }
    }
}
